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
    redacted_free_form,
)

T = TypeVar("T", bound="SetPinResponse")


@_attrs_define
class SetPinResponse:
    """`SetPIN`'s answer, as the reference's sample shows it: the request echoed. The platform
    includes the PIN; the sandbox leaves `pin` out.

        Attributes:
            reason_code (None | str | Unset):
            pin (None | str | Unset): The PIN just set, on the platform. Secret; the sandbox never sends it.
            comment (None | str | Unset):
    """

    reason_code: None | str | Unset = UNSET
    pin: None | str | Unset = _attrs_field(default=UNSET, repr=redacted)
    comment: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict, repr=redacted_free_form)

    def to_dict(self) -> dict[str, Any]:
        reason_code: None | str | Unset
        if isinstance(self.reason_code, Unset):
            reason_code = UNSET
        else:
            reason_code = self.reason_code

        pin: None | str | Unset
        if isinstance(self.pin, Unset):
            pin = UNSET
        else:
            pin = self.pin

        comment: None | str | Unset
        if isinstance(self.comment, Unset):
            comment = UNSET
        else:
            comment = self.comment

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if reason_code is not UNSET:
            field_dict["reason_code"] = reason_code
        if pin is not UNSET:
            field_dict["pin"] = pin
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

        def _parse_reason_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if not isinstance(data, str):
                raise WrongType("reason_code is not a string")

            return cast(None | str | Unset, data)

        reason_code = _parse_reason_code(d.pop("reason_code", UNSET))

        def _parse_pin(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if not isinstance(data, str):
                raise WrongType("pin is not a string")

            return cast(None | str | Unset, data)

        pin = _parse_pin(d.pop("pin", UNSET))

        def _parse_comment(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if not isinstance(data, str):
                raise WrongType("comment is not a string")

            return cast(None | str | Unset, data)

        comment = _parse_comment(d.pop("comment", UNSET))

        set_pin_response = cls(
            reason_code=reason_code,
            pin=pin,
            comment=comment,
        )

        set_pin_response.additional_properties = d
        return set_pin_response

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
