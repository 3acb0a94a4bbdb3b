# Generated from openapi.yaml by openapi-python-client with generator-templates/ — do not edit.
# Change the contract or the templates, then run `nox -s regenerate`.
from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CardTrackingDetail")


@_attrs_define
class CardTrackingDetail:
    """Shipping progress of a physical card; empty until it ships.

    Attributes:
        carrier (str | Unset):
        tracking_number (str | Unset):
        shipped_at (datetime.datetime | Unset):
    """

    carrier: str | Unset = UNSET
    tracking_number: str | Unset = UNSET
    shipped_at: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        carrier = self.carrier

        tracking_number = self.tracking_number

        shipped_at: str | Unset = UNSET
        if not isinstance(self.shipped_at, Unset):
            shipped_at = self.shipped_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if carrier is not UNSET:
            field_dict["carrier"] = carrier
        if tracking_number is not UNSET:
            field_dict["tracking_number"] = tracking_number
        if shipped_at is not UNSET:
            field_dict["shipped_at"] = shipped_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        carrier = d.pop("carrier", UNSET)

        tracking_number = d.pop("tracking_number", UNSET)

        _shipped_at = d.pop("shipped_at", UNSET)
        shipped_at: datetime.datetime | Unset
        if isinstance(_shipped_at, Unset):
            shipped_at = UNSET
        else:
            shipped_at = datetime.datetime.fromisoformat(_shipped_at)

        card_tracking_detail = cls(
            carrier=carrier,
            tracking_number=tracking_number,
            shipped_at=shipped_at,
        )

        card_tracking_detail.additional_properties = d
        return card_tracking_detail

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
