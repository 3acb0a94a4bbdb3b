# Generated from openapi.yaml by openapi-python-client with generator-templates/ — do not edit.
# Change the contract or the templates, then run `nox -s regenerate`.
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define

from ..models.issuance_type import IssuanceType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.fulfillment_data import FulfillmentData
    from ..models.new_person import NewPerson
    from ..models.person_reference import PersonReference


T = TypeVar("T", bound="CreateCardRequest")


@_attrs_define
class CreateCardRequest:
    """
    Attributes:
        program_guid (UUID): The program to issue in (the caller's own).
        person (NewPerson | PersonReference): A new person inline, or an existing person by `person_guid` only.
        wallet_guid (UUID | Unset): An existing wallet of the person; omitted, the person's first wallet.
        months_until_expire (int | Unset):  Default: 36.
        issuance_type (IssuanceType | Unset): How the card is issued.
        fulfillment_data (FulfillmentData | Unset): How a physical card is produced and shipped.
        wallet_name (str | Unset):
        account_name (str | Unset):
    """

    program_guid: UUID
    person: NewPerson | PersonReference
    wallet_guid: UUID | Unset = UNSET
    months_until_expire: int | Unset = 36
    issuance_type: IssuanceType | Unset = UNSET
    fulfillment_data: FulfillmentData | Unset = UNSET
    wallet_name: str | Unset = UNSET
    account_name: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.new_person import NewPerson  # noqa: PLC0415

        program_guid = str(self.program_guid)

        person: dict[str, Any]
        if isinstance(self.person, NewPerson):
            person = self.person.to_dict()
        else:
            person = self.person.to_dict()

        wallet_guid: str | Unset = UNSET
        if not isinstance(self.wallet_guid, Unset):
            wallet_guid = str(self.wallet_guid)

        months_until_expire = self.months_until_expire

        issuance_type: str | Unset = UNSET
        if not isinstance(self.issuance_type, Unset):
            issuance_type = self.issuance_type.value

        fulfillment_data: dict[str, Any] | Unset = UNSET
        if not isinstance(self.fulfillment_data, Unset):
            fulfillment_data = self.fulfillment_data.to_dict()

        wallet_name = self.wallet_name

        account_name = self.account_name

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "program_guid": program_guid,
                "person": person,
            }
        )
        if wallet_guid is not UNSET:
            field_dict["wallet_guid"] = wallet_guid
        if months_until_expire is not UNSET:
            field_dict["months_until_expire"] = months_until_expire
        if issuance_type is not UNSET:
            field_dict["issuance_type"] = issuance_type
        if fulfillment_data is not UNSET:
            field_dict["fulfillment_data"] = fulfillment_data
        if wallet_name is not UNSET:
            field_dict["wallet_name"] = wallet_name
        if account_name is not UNSET:
            field_dict["account_name"] = account_name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.fulfillment_data import FulfillmentData  # noqa: PLC0415
        from ..models.new_person import NewPerson  # noqa: PLC0415
        from ..models.person_reference import PersonReference  # noqa: PLC0415

        d = dict(src_dict)
        program_guid = UUID(d.pop("program_guid"))

        def _parse_person(data: object) -> NewPerson | PersonReference:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                person_type_0 = NewPerson.from_dict(data)

                return person_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            person_type_1 = PersonReference.from_dict(data)

            return person_type_1

        person = _parse_person(d.pop("person"))

        _wallet_guid = d.pop("wallet_guid", UNSET)
        wallet_guid: UUID | Unset
        if isinstance(_wallet_guid, Unset):
            wallet_guid = UNSET
        else:
            wallet_guid = UUID(_wallet_guid)

        months_until_expire = d.pop("months_until_expire", UNSET)

        _issuance_type = d.pop("issuance_type", UNSET)
        issuance_type: IssuanceType | Unset
        if isinstance(_issuance_type, Unset):
            issuance_type = UNSET
        else:
            issuance_type = IssuanceType(_issuance_type)

        _fulfillment_data = d.pop("fulfillment_data", UNSET)
        fulfillment_data: FulfillmentData | Unset
        if isinstance(_fulfillment_data, Unset):
            fulfillment_data = UNSET
        else:
            fulfillment_data = FulfillmentData.from_dict(_fulfillment_data)

        wallet_name = d.pop("wallet_name", UNSET)

        account_name = d.pop("account_name", UNSET)

        create_card_request = cls(
            program_guid=program_guid,
            person=person,
            wallet_guid=wallet_guid,
            months_until_expire=months_until_expire,
            issuance_type=issuance_type,
            fulfillment_data=fulfillment_data,
            wallet_name=wallet_name,
            account_name=account_name,
        )

        return create_card_request
