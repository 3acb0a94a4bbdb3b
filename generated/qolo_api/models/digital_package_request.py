# Generated from openapi.yaml by tools/regenerate.py (openapi-python-client) — do not edit.
# Change the contract or generator-templates/, then run `nox -s regenerate`.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..types import (
    UNSET,
    BadValue,
    Unset,
    WrongType,
)

T = TypeVar("T", bound="DigitalPackageRequest")


@_attrs_define
class DigitalPackageRequest:
    """What `UpdateDigitalPackage` takes, as JSON (the reference gives the body no media type;
    JSON is this contract's choice, like every other body). Undeclared properties are
    refused (a choice).

        Attributes:
            card_proxy (str):
            digital_package_guid (UUID): The card art for mobile wallets; Qolo gives the values.
            comment (None | str | Unset): Why the package is set.
    """

    card_proxy: str
    digital_package_guid: UUID
    comment: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        card_proxy = self.card_proxy

        digital_package_guid = str(self.digital_package_guid)

        comment: None | str | Unset
        if isinstance(self.comment, Unset):
            comment = UNSET
        else:
            comment = self.comment

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "card_proxy": card_proxy,
                "digital_package_guid": digital_package_guid,
            }
        )
        if comment is not UNSET:
            field_dict["comment"] = comment

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        card_proxy = d.pop("card_proxy")
        if not isinstance(card_proxy, str):
            raise WrongType("card_proxy is not a string")

        _digital_package_guid_json = d.pop("digital_package_guid")
        if not isinstance(_digital_package_guid_json, str):
            raise WrongType("digital_package_guid has the wrong JSON type")
        try:
            digital_package_guid = UUID(_digital_package_guid_json)
        except ValueError:
            raise BadValue("digital_package_guid is not a uuid") from None

        def _parse_comment(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if not isinstance(data, str):
                raise WrongType("comment is not a string")

            return cast(None | str | Unset, data)

        comment = _parse_comment(d.pop("comment", UNSET))

        digital_package_request = cls(
            card_proxy=card_proxy,
            digital_package_guid=digital_package_guid,
            comment=comment,
        )

        return digital_package_request
