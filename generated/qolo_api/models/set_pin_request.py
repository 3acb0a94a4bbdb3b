# Generated from openapi.yaml by tools/regenerate.py (openapi-python-client) — do not edit.
# Change the contract or generator-templates/, then run `nox -s regenerate`.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import (
    UNSET,
    RedactedDict,
    Unset,
    WrongType,
    redacted,
)

T = TypeVar("T", bound="SetPinRequest")


@_attrs_define
class SetPinRequest:
    """What `SetPIN` takes; undeclared properties are refused (a choice).

    Attributes:
        pin (str): The new PIN, 4 to 6 characters. Secret.
        reason_code (None | str | Unset): Why the PIN is set.
        comment (None | str | Unset):
    """

    pin: str = _attrs_field(repr=redacted)
    reason_code: None | str | Unset = UNSET
    comment: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        pin = self.pin

        reason_code: None | str | Unset
        if isinstance(self.reason_code, Unset):
            reason_code = UNSET
        else:
            reason_code = self.reason_code

        comment: None | str | Unset
        if isinstance(self.comment, Unset):
            comment = UNSET
        else:
            comment = self.comment

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "pin": pin,
            }
        )
        if reason_code is not UNSET:
            field_dict["reason_code"] = reason_code
        if comment is not UNSET:
            field_dict["comment"] = comment

        return RedactedDict(
            field_dict,
            frozenset(
                {
                    "pin",
                }
            ),
        )

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        pin = d.pop("pin")
        if not isinstance(pin, str):
            raise WrongType("pin is not a string")

        def _parse_reason_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if not isinstance(data, str):
                raise WrongType("reason_code is not a string")

            return cast(None | str | Unset, data)

        reason_code = _parse_reason_code(d.pop("reason_code", UNSET))

        def _parse_comment(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if not isinstance(data, str):
                raise WrongType("comment is not a string")

            return cast(None | str | Unset, data)

        comment = _parse_comment(d.pop("comment", UNSET))

        set_pin_request = cls(
            pin=pin,
            reason_code=reason_code,
            comment=comment,
        )

        return set_pin_request
