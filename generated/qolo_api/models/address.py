# Generated from openapi.yaml by openapi-python-client with generator-templates/ — do not edit.
# Change the contract or the templates, then run `nox -s regenerate`.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="Address")


@_attrs_define
class Address:
    """
    Attributes:
        address_line1 (str):
        city (str):
        postal_code (str):
        country (str): ISO 3166-1 alpha-3 country code.
        address_line2 (str | Unset):
        state (str | Unset):
    """

    address_line1: str
    city: str
    postal_code: str
    country: str
    address_line2: str | Unset = UNSET
    state: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        address_line1 = self.address_line1

        city = self.city

        postal_code = self.postal_code

        country = self.country

        address_line2 = self.address_line2

        state = self.state

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "address_line1": address_line1,
                "city": city,
                "postal_code": postal_code,
                "country": country,
            }
        )
        if address_line2 is not UNSET:
            field_dict["address_line2"] = address_line2
        if state is not UNSET:
            field_dict["state"] = state

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        address_line1 = d.pop("address_line1")

        city = d.pop("city")

        postal_code = d.pop("postal_code")

        country = d.pop("country")

        address_line2 = d.pop("address_line2", UNSET)

        state = d.pop("state", UNSET)

        address = cls(
            address_line1=address_line1,
            city=city,
            postal_code=postal_code,
            country=country,
            address_line2=address_line2,
            state=state,
        )

        return address
