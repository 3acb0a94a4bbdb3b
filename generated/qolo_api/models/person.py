# Generated from openapi.yaml by tools/regenerate.py (openapi-python-client) — do not edit.
# Change the contract or generator-templates/, then run `nox -s regenerate`.
from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
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

if TYPE_CHECKING:
    from ..models.address import Address


T = TypeVar("T", bound="Person")


@_attrs_define
class Person:
    """A cardholder (`PersonDTO` on the reference's pages). In a `CreateCard` request: a new
    person's details, or an existing person's `person_guid` alone. CreateCard's page
    collapses `PersonDTO`; UpdatePerson's expands it, and says which fields may be null.
    The platform takes at most 32 characters in `first_name`, `middle_name` and `last_name`
    (UpdatePerson's page), and so does this contract: a longer name is refused with 400
    `validation_error`, by the sandbox as by the platform.

        Attributes:
            person_guid (UUID | Unset): The person's id; the empty GUID (all zeros) means "a new person".
            first_name (None | str | Unset): Required for a new person (null or blank counts as missing). The reference
                makes it
                mandatory for a new INDIVIDUAL; this contract carries no person type, so every new
                person is one (a choice: a company cardholder is not covered).
            middle_name (None | str | Unset):
            last_name (None | str | Unset): Required for a new person (null or blank counts as missing); a company's whole
                name.
            birth_date (datetime.date | None | Unset): yyyy-MM-dd, a date only.
            email (None | str | Unset):
            mobile_number (None | str | Unset): E.164, e.g. `+19540123456`.
            base_address (Address | None | Unset):
            client_reference_id (str | Unset): The partner's own id for this person.
            address_lat (float | Unset): The address's latitude.
            address_lon (float | Unset): The address's longitude.
            ledger_balance (float | Unset): The person's ledger balance.
    """

    person_guid: UUID | Unset = UNSET
    first_name: None | str | Unset = UNSET
    middle_name: None | str | Unset = UNSET
    last_name: None | str | Unset = UNSET
    birth_date: datetime.date | None | Unset = UNSET
    email: None | str | Unset = UNSET
    mobile_number: None | str | Unset = UNSET
    base_address: Address | None | Unset = UNSET
    client_reference_id: str | Unset = UNSET
    address_lat: float | Unset = UNSET
    address_lon: float | Unset = UNSET
    ledger_balance: float | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict, repr=redacted_free_form)

    def to_dict(self) -> dict[str, Any]:
        from ..models.address import Address  # noqa: PLC0415

        person_guid: str | Unset = UNSET
        if not isinstance(self.person_guid, Unset):
            person_guid = str(self.person_guid)

        first_name: None | str | Unset
        if isinstance(self.first_name, Unset):
            first_name = UNSET
        else:
            first_name = self.first_name

        middle_name: None | str | Unset
        if isinstance(self.middle_name, Unset):
            middle_name = UNSET
        else:
            middle_name = self.middle_name

        last_name: None | str | Unset
        if isinstance(self.last_name, Unset):
            last_name = UNSET
        else:
            last_name = self.last_name

        birth_date: None | str | Unset
        if isinstance(self.birth_date, Unset):
            birth_date = UNSET
        elif isinstance(self.birth_date, datetime.date):
            birth_date = self.birth_date.isoformat()
        else:
            birth_date = self.birth_date

        email: None | str | Unset
        if isinstance(self.email, Unset):
            email = UNSET
        else:
            email = self.email

        mobile_number: None | str | Unset
        if isinstance(self.mobile_number, Unset):
            mobile_number = UNSET
        else:
            mobile_number = self.mobile_number

        base_address: dict[str, Any] | None | Unset
        if isinstance(self.base_address, Unset):
            base_address = UNSET
        elif isinstance(self.base_address, Address):
            base_address = self.base_address.to_dict()
        else:
            base_address = self.base_address

        client_reference_id = self.client_reference_id

        address_lat = self.address_lat

        address_lon = self.address_lon

        ledger_balance = self.ledger_balance

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if person_guid is not UNSET:
            field_dict["person_guid"] = person_guid
        if first_name is not UNSET:
            field_dict["first_name"] = first_name
        if middle_name is not UNSET:
            field_dict["middle_name"] = middle_name
        if last_name is not UNSET:
            field_dict["last_name"] = last_name
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
        if address_lat is not UNSET:
            field_dict["address_lat"] = address_lat
        if address_lon is not UNSET:
            field_dict["address_lon"] = address_lon
        if ledger_balance is not UNSET:
            field_dict["ledger_balance"] = ledger_balance

        return RedactedDict(field_dict, frozenset())

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.address import Address  # noqa: PLC0415

        d = nulls_absent(
            src_dict,
            (
                "person_guid",
                "client_reference_id",
                "address_lat",
                "address_lon",
                "ledger_balance",
            ),
        )
        _person_guid_json = d.pop("person_guid", UNSET)
        if not isinstance(_person_guid_json, str) and _person_guid_json is not UNSET:
            raise WrongType("person_guid has the wrong JSON type")
        try:
            _person_guid = _person_guid_json
            person_guid: UUID | Unset
            if isinstance(_person_guid, Unset):
                person_guid = UNSET
            else:
                person_guid = UUID(_person_guid)
        except ValueError:
            raise BadValue("person_guid is not a uuid") from None

        def _parse_first_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if not isinstance(data, str):
                raise WrongType("first_name is not a string")

            return cast(None | str | Unset, data)

        first_name = _parse_first_name(d.pop("first_name", UNSET))

        def _parse_middle_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if not isinstance(data, str):
                raise WrongType("middle_name is not a string")

            return cast(None | str | Unset, data)

        middle_name = _parse_middle_name(d.pop("middle_name", UNSET))

        def _parse_last_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if not isinstance(data, str):
                raise WrongType("last_name is not a string")

            return cast(None | str | Unset, data)

        last_name = _parse_last_name(d.pop("last_name", UNSET))

        def _parse_birth_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if not isinstance(data, str):
                raise WrongType("birth_date has the wrong JSON type")
            try:
                birth_date_type_0 = datetime.date.fromisoformat(data)
            except ValueError:
                raise BadValue("birth_date is not a date (YYYY-MM-DD)") from None

            return birth_date_type_0

        birth_date = _parse_birth_date(d.pop("birth_date", UNSET))

        def _parse_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if not isinstance(data, str):
                raise WrongType("email is not a string")

            return cast(None | str | Unset, data)

        email = _parse_email(d.pop("email", UNSET))

        def _parse_mobile_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if not isinstance(data, str):
                raise WrongType("mobile_number is not a string")

            return cast(None | str | Unset, data)

        mobile_number = _parse_mobile_number(d.pop("mobile_number", UNSET))

        def _parse_base_address(data: object) -> Address | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if not isinstance(data, dict):
                raise WrongType("base_address has the wrong JSON type")
            base_address_type_0 = Address.from_dict(data)

            return base_address_type_0

        base_address = _parse_base_address(d.pop("base_address", UNSET))

        client_reference_id = d.pop("client_reference_id", UNSET)
        if not isinstance(client_reference_id, str) and client_reference_id is not UNSET:
            raise WrongType("client_reference_id is not a string")

        address_lat = d.pop("address_lat", UNSET)
        if (not isinstance(address_lat, int | float) or isinstance(address_lat, bool)) and address_lat is not UNSET:
            raise WrongType("address_lat is not a number")

        address_lon = d.pop("address_lon", UNSET)
        if (not isinstance(address_lon, int | float) or isinstance(address_lon, bool)) and address_lon is not UNSET:
            raise WrongType("address_lon is not a number")

        ledger_balance = d.pop("ledger_balance", UNSET)
        if (
            not isinstance(ledger_balance, int | float) or isinstance(ledger_balance, bool)
        ) and ledger_balance is not UNSET:
            raise WrongType("ledger_balance is not a number")

        person = cls(
            person_guid=person_guid,
            first_name=first_name,
            middle_name=middle_name,
            last_name=last_name,
            birth_date=birth_date,
            email=email,
            mobile_number=mobile_number,
            base_address=base_address,
            client_reference_id=client_reference_id,
            address_lat=address_lat,
            address_lon=address_lon,
            ledger_balance=ledger_balance,
        )

        person.additional_properties = d
        return person

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
