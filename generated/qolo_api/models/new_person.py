# Generated from openapi.yaml by openapi-python-client with generator-templates/ — do not edit.
# Change the contract or the templates, then run `nox -s regenerate`.
from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.address import Address


T = TypeVar("T", bound="NewPerson")


@_attrs_define
class NewPerson:
    """A person to create together with the card.

    Attributes:
        first_name (str):
        last_name (str):
        middle_name (str | Unset):
        birth_date (datetime.date | Unset): yyyy-MM-dd.
        email (str | Unset):
        mobile_number (str | Unset): E.164.
        base_address (Address | Unset):
        client_reference_id (str | Unset): The partner's own id for this person.
    """

    first_name: str
    last_name: str
    middle_name: str | Unset = UNSET
    birth_date: datetime.date | Unset = UNSET
    email: str | Unset = UNSET
    mobile_number: str | Unset = UNSET
    base_address: Address | Unset = UNSET
    client_reference_id: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        first_name = self.first_name

        last_name = self.last_name

        middle_name = self.middle_name

        birth_date: str | Unset = UNSET
        if not isinstance(self.birth_date, Unset):
            birth_date = self.birth_date.isoformat()

        email = self.email

        mobile_number = self.mobile_number

        base_address: dict[str, Any] | Unset = UNSET
        if not isinstance(self.base_address, Unset):
            base_address = self.base_address.to_dict()

        client_reference_id = self.client_reference_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "first_name": first_name,
                "last_name": last_name,
            }
        )
        if middle_name is not UNSET:
            field_dict["middle_name"] = middle_name
        if birth_date is not UNSET:
            field_dict["birth_date"] = birth_date
        if email is not UNSET:
            field_dict["email"] = email
        if mobile_number is not UNSET:
            field_dict["mobile_number"] = mobile_number
        if base_address is not UNSET:
            field_dict["base_address"] = base_address
        if client_reference_id is not UNSET:
            field_dict["client_reference_id"] = client_reference_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.address import Address  # noqa: PLC0415

        d = dict(src_dict)
        first_name = d.pop("first_name")

        last_name = d.pop("last_name")

        middle_name = d.pop("middle_name", UNSET)

        _birth_date = d.pop("birth_date", UNSET)
        birth_date: datetime.date | Unset
        if isinstance(_birth_date, Unset):
            birth_date = UNSET
        else:
            birth_date = datetime.date.fromisoformat(_birth_date)

        email = d.pop("email", UNSET)

        mobile_number = d.pop("mobile_number", UNSET)

        _base_address = d.pop("base_address", UNSET)
        base_address: Address | Unset
        if isinstance(_base_address, Unset):
            base_address = UNSET
        else:
            base_address = Address.from_dict(_base_address)

        client_reference_id = d.pop("client_reference_id", UNSET)

        new_person = cls(
            first_name=first_name,
            last_name=last_name,
            middle_name=middle_name,
            birth_date=birth_date,
            email=email,
            mobile_number=mobile_number,
            base_address=base_address,
            client_reference_id=client_reference_id,
        )

        return new_person
