# Generated from openapi.yaml by openapi-python-client with generator-templates/ — do not edit.
# Change the contract or the templates, then run `nox -s regenerate`.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, RedactedDict, Unset, redacted

T = TypeVar("T", bound="SetPinRequest")


@_attrs_define
class SetPinRequest:
    """
    Attributes:
        pin (str): The new PIN, 4 to 6 digits. Write-only.
        reason_code (str | Unset):
        comment (str | Unset):
    """

    pin: str = _attrs_field(repr=redacted)
    reason_code: str | Unset = UNSET
    comment: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        pin = self.pin

        reason_code = self.reason_code

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

        reason_code = d.pop("reason_code", UNSET)

        comment = d.pop("comment", UNSET)

        set_pin_request = cls(
            pin=pin,
            reason_code=reason_code,
            comment=comment,
        )

        return set_pin_request
