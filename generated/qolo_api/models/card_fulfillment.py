# Generated from openapi.yaml by tools/regenerate.py (openapi-python-client) — do not edit.
# Change the contract or generator-templates/, then run `nox -s regenerate`.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import (
    RedactedDict,
    redacted_free_form,
)

T = TypeVar("T", bound="CardFulfillment")


@_attrs_define
class CardFulfillment:
    """Data for the card's fulfillment (embossing) file. The reference collapses this object
    and never shows its fields, so none are declared: any properties are accepted and kept
    (the sandbox stores and returns them as given).

    """

    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict, repr=redacted_free_form)

    def to_dict(self) -> dict[str, Any]:

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)

        return RedactedDict(field_dict, frozenset())

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        card_fulfillment = cls()

        card_fulfillment.additional_properties = d
        return card_fulfillment

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
