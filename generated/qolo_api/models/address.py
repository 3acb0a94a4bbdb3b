# Generated from openapi.yaml by tools/regenerate.py (openapi-python-client) — do not edit.
# Change the contract or generator-templates/, then run `nox -s regenerate`.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import (
    UNSET,
    RedactedDict,
    Unset,
    WrongType,
    nulls_absent,
    redacted_free_form,
)

T = TypeVar("T", bound="Address")


@_attrs_define
class Address:
    """A person's address (`base_address` in the reference's samples).

    Attributes:
        address_line1 (str | Unset):
        address_line2 (str | Unset):
        city (str | Unset):
        state (str | Unset):
        postal_code (str | Unset):
        country (str | Unset): ISO 3166-1 alpha-3 country code.
    """

    address_line1: str | Unset = UNSET
    address_line2: str | Unset = UNSET
    city: str | Unset = UNSET
    state: str | Unset = UNSET
    postal_code: str | Unset = UNSET
    country: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict, repr=redacted_free_form)

    def to_dict(self) -> dict[str, Any]:
        address_line1 = self.address_line1

        address_line2 = self.address_line2

        city = self.city

        state = self.state

        postal_code = self.postal_code

        country = self.country

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if address_line1 is not UNSET:
            field_dict["address_line1"] = address_line1
        if address_line2 is not UNSET:
            field_dict["address_line2"] = address_line2
        if city is not UNSET:
            field_dict["city"] = city
        if state is not UNSET:
            field_dict["state"] = state
        if postal_code is not UNSET:
            field_dict["postal_code"] = postal_code
        if country is not UNSET:
            field_dict["country"] = country

        return RedactedDict(field_dict, frozenset())

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = nulls_absent(
            src_dict,
            (
                "address_line1",
                "address_line2",
                "city",
                "state",
                "postal_code",
                "country",
            ),
        )
        address_line1 = d.pop("address_line1", UNSET)
        if not isinstance(address_line1, str) and address_line1 is not UNSET:
            raise WrongType("address_line1 is not a string")

        address_line2 = d.pop("address_line2", UNSET)
        if not isinstance(address_line2, str) and address_line2 is not UNSET:
            raise WrongType("address_line2 is not a string")

        city = d.pop("city", UNSET)
        if not isinstance(city, str) and city is not UNSET:
            raise WrongType("city is not a string")

        state = d.pop("state", UNSET)
        if not isinstance(state, str) and state is not UNSET:
            raise WrongType("state is not a string")

        postal_code = d.pop("postal_code", UNSET)
        if not isinstance(postal_code, str) and postal_code is not UNSET:
            raise WrongType("postal_code is not a string")

        country = d.pop("country", UNSET)
        if not isinstance(country, str) and country is not UNSET:
            raise WrongType("country is not a string")

        address = cls(
            address_line1=address_line1,
            address_line2=address_line2,
            city=city,
            state=state,
            postal_code=postal_code,
            country=country,
        )

        address.additional_properties = d
        return address

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
