# Generated from openapi.yaml by tools/regenerate.py (openapi-python-client) — do not edit.
# Change the contract or generator-templates/, then run `nox -s regenerate`.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import (
    RedactedDict,
    WrongType,
    redacted_free_form,
)

T = TypeVar("T", bound="FieldError")


@_attrs_define
class FieldError:
    """One invalid field of a request (a choice, with `Problem`).

    Attributes:
        location (str): Where the field is: `body`, `query`, `path` or `header`.
        field (str): A JSON Pointer to the field within its `location`, the same form everywhere: `/person/first_name`
            in a body (the empty string is the body itself), `/card_proxy` for a path parameter, `/limit` for a query
            parameter, `/IdempotencyKey` for a header.
        message (str): What is wrong with it, for humans. It says what was expected, never the value sent (which may be
            a secret).
    """

    location: str
    field: str
    message: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict, repr=redacted_free_form)

    def to_dict(self) -> dict[str, Any]:
        location = self.location

        field = self.field

        message = self.message

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "location": location,
                "field": field,
                "message": message,
            }
        )

        return RedactedDict(field_dict, frozenset())

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        location = d.pop("location")
        if not isinstance(location, str):
            raise WrongType("location is not a string")

        field = d.pop("field")
        if not isinstance(field, str):
            raise WrongType("field is not a string")

        message = d.pop("message")
        if not isinstance(message, str):
            raise WrongType("message is not a string")

        field_error = cls(
            location=location,
            field=field,
            message=message,
        )

        field_error.additional_properties = d
        return field_error

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
