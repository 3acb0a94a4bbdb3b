# Generated from openapi.yaml by tools/regenerate.py (openapi-python-client) — do not edit.
# Change the contract or generator-templates/, then run `nox -s regenerate`.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import (
    UNSET,
    BadValue,
    RedactedDict,
    Unset,
    WrongType,
    nulls_absent,
    redacted_free_form,
)

T = TypeVar("T", bound="DigitalPackage")


@_attrs_define
class DigitalPackage:
    """A card's digital package, as `UpdateDigitalPackage` answers it.

    Attributes:
        digital_package_guid (UUID | Unset):
        card_proxy (str | Unset):
        comment (None | str | Unset):
        reason_code (None | str | Unset): Shown by the reference's sample without an explanation.
    """

    digital_package_guid: UUID | Unset = UNSET
    card_proxy: str | Unset = UNSET
    comment: None | str | Unset = UNSET
    reason_code: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict, repr=redacted_free_form)

    def to_dict(self) -> dict[str, Any]:
        digital_package_guid: str | Unset = UNSET
        if not isinstance(self.digital_package_guid, Unset):
            digital_package_guid = str(self.digital_package_guid)

        card_proxy = self.card_proxy

        comment: None | str | Unset
        if isinstance(self.comment, Unset):
            comment = UNSET
        else:
            comment = self.comment

        reason_code: None | str | Unset
        if isinstance(self.reason_code, Unset):
            reason_code = UNSET
        else:
            reason_code = self.reason_code

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if digital_package_guid is not UNSET:
            field_dict["digital_package_guid"] = digital_package_guid
        if card_proxy is not UNSET:
            field_dict["card_proxy"] = card_proxy
        if comment is not UNSET:
            field_dict["comment"] = comment
        if reason_code is not UNSET:
            field_dict["reason_code"] = reason_code

        return RedactedDict(field_dict, frozenset())

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = nulls_absent(
            src_dict,
            (
                "digital_package_guid",
                "card_proxy",
            ),
        )
        _digital_package_guid_json = d.pop("digital_package_guid", UNSET)
        if not isinstance(_digital_package_guid_json, str) and _digital_package_guid_json is not UNSET:
            raise WrongType("digital_package_guid has the wrong JSON type")
        try:
            _digital_package_guid = _digital_package_guid_json
            digital_package_guid: UUID | Unset
            if isinstance(_digital_package_guid, Unset):
                digital_package_guid = UNSET
            else:
                digital_package_guid = UUID(_digital_package_guid)
        except ValueError:
            raise BadValue("digital_package_guid is not a uuid") from None

        card_proxy = d.pop("card_proxy", UNSET)
        if not isinstance(card_proxy, str) and card_proxy is not UNSET:
            raise WrongType("card_proxy is not a string")

        def _parse_comment(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if not isinstance(data, str):
                raise WrongType("comment is not a string")

            return cast(None | str | Unset, data)

        comment = _parse_comment(d.pop("comment", UNSET))

        def _parse_reason_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if not isinstance(data, str):
                raise WrongType("reason_code is not a string")

            return cast(None | str | Unset, data)

        reason_code = _parse_reason_code(d.pop("reason_code", UNSET))

        digital_package = cls(
            digital_package_guid=digital_package_guid,
            card_proxy=card_proxy,
            comment=comment,
            reason_code=reason_code,
        )

        digital_package.additional_properties = d
        return digital_package

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
