# Generated from openapi.yaml by tools/regenerate.py (openapi-python-client) — do not edit.
# Change the contract or generator-templates/, then run `nox -s regenerate`.
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..types import (
    UNSET,
    BadValue,
    Unset,
    WrongType,
    nulls_absent,
)

if TYPE_CHECKING:
    from ..models.card_fulfillment import CardFulfillment
    from ..models.person import Person


T = TypeVar("T", bound="CreateCardRequest")


@_attrs_define
class CreateCardRequest:
    """What `CreateCard` takes. Undeclared properties are refused (a choice: the reference
    lists every field, and a misspelt one would otherwise be dropped silently).

        Attributes:
            person (Person): A cardholder (`PersonDTO` on the reference's pages). In a `CreateCard` request: a new
                person's details, or an existing person's `person_guid` alone. CreateCard's page
                collapses `PersonDTO`; UpdatePerson's expands it, and says which fields may be null.
                The platform takes at most 32 characters in `first_name`, `middle_name` and `last_name`
                (UpdatePerson's page), and so does this contract: a longer name is refused with 400
                `validation_error`, by the sandbox as by the platform.
            program_guid (UUID): The program to issue in (the caller's own).
            wallet_guid (UUID | Unset): For an existing person, the wallet to put the card in; omitted or the empty GUID,
                the person's first wallet.
            months_until_expire (int | Unset): Months until the card expires; 0 or omitted, the program's configured expiry.
                The
                upper bound of 120 (ten years) is this contract's: the reference gives none.
            fulfillment_data (CardFulfillment | None | Unset): Data for the fulfillment file (the reference's
                `CardFulfillment`). The page collapses
                this property and hides its name; `fulfillment_data` is the name the 201 response
                uses for the same object.
            wallet_name (None | str | Unset): Name of the wallet created for a new person.
            account_name (None | str | Unset): Name of the account created for a new person.
            inventory_manager_guid (None | Unset | UUID): An inventory manager to bulk-ship the card to (adds it to a bulk
                personalized fulfillment order).
            revenue_account_guid (None | Unset | UUID): The account that collects shipping-fee revenue, when fees apply.
    """

    person: Person
    program_guid: UUID
    wallet_guid: UUID | Unset = UNSET
    months_until_expire: int | Unset = UNSET
    fulfillment_data: CardFulfillment | None | Unset = UNSET
    wallet_name: None | str | Unset = UNSET
    account_name: None | str | Unset = UNSET
    inventory_manager_guid: None | Unset | UUID = UNSET
    revenue_account_guid: None | Unset | UUID = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.card_fulfillment import CardFulfillment  # noqa: PLC0415

        person = self.person.to_dict()

        program_guid = str(self.program_guid)

        wallet_guid: str | Unset = UNSET
        if not isinstance(self.wallet_guid, Unset):
            wallet_guid = str(self.wallet_guid)

        months_until_expire = self.months_until_expire

        fulfillment_data: dict[str, Any] | None | Unset
        if isinstance(self.fulfillment_data, Unset):
            fulfillment_data = UNSET
        elif isinstance(self.fulfillment_data, CardFulfillment):
            fulfillment_data = self.fulfillment_data.to_dict()
        else:
            fulfillment_data = self.fulfillment_data

        wallet_name: None | str | Unset
        if isinstance(self.wallet_name, Unset):
            wallet_name = UNSET
        else:
            wallet_name = self.wallet_name

        account_name: None | str | Unset
        if isinstance(self.account_name, Unset):
            account_name = UNSET
        else:
            account_name = self.account_name

        inventory_manager_guid: None | str | Unset
        if isinstance(self.inventory_manager_guid, Unset):
            inventory_manager_guid = UNSET
        elif isinstance(self.inventory_manager_guid, UUID):
            inventory_manager_guid = str(self.inventory_manager_guid)
        else:
            inventory_manager_guid = self.inventory_manager_guid

        revenue_account_guid: None | str | Unset
        if isinstance(self.revenue_account_guid, Unset):
            revenue_account_guid = UNSET
        elif isinstance(self.revenue_account_guid, UUID):
            revenue_account_guid = str(self.revenue_account_guid)
        else:
            revenue_account_guid = self.revenue_account_guid

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "person": person,
                "program_guid": program_guid,
            }
        )
        if wallet_guid is not UNSET:
            field_dict["wallet_guid"] = wallet_guid
        if months_until_expire is not UNSET:
            field_dict["months_until_expire"] = months_until_expire
        if fulfillment_data is not UNSET:
            field_dict["fulfillment_data"] = fulfillment_data
        if wallet_name is not UNSET:
            field_dict["wallet_name"] = wallet_name
        if account_name is not UNSET:
            field_dict["account_name"] = account_name
        if inventory_manager_guid is not UNSET:
            field_dict["inventory_manager_guid"] = inventory_manager_guid
        if revenue_account_guid is not UNSET:
            field_dict["revenue_account_guid"] = revenue_account_guid

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.card_fulfillment import CardFulfillment  # noqa: PLC0415
        from ..models.person import Person  # noqa: PLC0415

        d = nulls_absent(
            src_dict,
            (
                "wallet_guid",
                "months_until_expire",
            ),
        )
        _person_json = d.pop("person")
        if not isinstance(_person_json, dict):
            raise WrongType("person has the wrong JSON type")
        person = Person.from_dict(_person_json)

        _program_guid_json = d.pop("program_guid")
        if not isinstance(_program_guid_json, str):
            raise WrongType("program_guid has the wrong JSON type")
        try:
            program_guid = UUID(_program_guid_json)
        except ValueError:
            raise BadValue("program_guid is not a uuid") from None

        _wallet_guid_json = d.pop("wallet_guid", UNSET)
        if not isinstance(_wallet_guid_json, str) and _wallet_guid_json is not UNSET:
            raise WrongType("wallet_guid has the wrong JSON type")
        try:
            _wallet_guid = _wallet_guid_json
            wallet_guid: UUID | Unset
            if isinstance(_wallet_guid, Unset):
                wallet_guid = UNSET
            else:
                wallet_guid = UUID(_wallet_guid)
        except ValueError:
            raise BadValue("wallet_guid is not a uuid") from None

        months_until_expire = d.pop("months_until_expire", UNSET)
        if (
            isinstance(months_until_expire, float) and months_until_expire.is_integer()
        ):  # JSON Schema: 3.0 is an integer
            months_until_expire = int(months_until_expire)
        if (
            not isinstance(months_until_expire, int) or isinstance(months_until_expire, bool)
        ) and months_until_expire is not UNSET:
            raise WrongType("months_until_expire is not an integer")

        def _parse_fulfillment_data(data: object) -> CardFulfillment | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if not isinstance(data, dict):
                raise WrongType("fulfillment_data has the wrong JSON type")
            fulfillment_data_type_0 = CardFulfillment.from_dict(data)

            return fulfillment_data_type_0

        fulfillment_data = _parse_fulfillment_data(d.pop("fulfillment_data", UNSET))

        def _parse_wallet_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if not isinstance(data, str):
                raise WrongType("wallet_name is not a string")

            return cast(None | str | Unset, data)

        wallet_name = _parse_wallet_name(d.pop("wallet_name", UNSET))

        def _parse_account_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if not isinstance(data, str):
                raise WrongType("account_name is not a string")

            return cast(None | str | Unset, data)

        account_name = _parse_account_name(d.pop("account_name", UNSET))

        def _parse_inventory_manager_guid(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if not isinstance(data, str):
                raise WrongType("inventory_manager_guid has the wrong JSON type")
            try:
                inventory_manager_guid_type_0 = UUID(data)
            except ValueError:
                raise BadValue("inventory_manager_guid is not a uuid") from None

            return inventory_manager_guid_type_0

        inventory_manager_guid = _parse_inventory_manager_guid(d.pop("inventory_manager_guid", UNSET))

        def _parse_revenue_account_guid(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if not isinstance(data, str):
                raise WrongType("revenue_account_guid has the wrong JSON type")
            try:
                revenue_account_guid_type_0 = UUID(data)
            except ValueError:
                raise BadValue("revenue_account_guid is not a uuid") from None

            return revenue_account_guid_type_0

        revenue_account_guid = _parse_revenue_account_guid(d.pop("revenue_account_guid", UNSET))

        create_card_request = cls(
            person=person,
            program_guid=program_guid,
            wallet_guid=wallet_guid,
            months_until_expire=months_until_expire,
            fulfillment_data=fulfillment_data,
            wallet_name=wallet_name,
            account_name=account_name,
            inventory_manager_guid=inventory_manager_guid,
            revenue_account_guid=revenue_account_guid,
        )

        return create_card_request
