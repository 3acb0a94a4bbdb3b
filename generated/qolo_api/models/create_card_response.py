# Generated from openapi.yaml by openapi-python-client with generator-templates/ — do not edit.
# Change the contract or the templates, then run `nox -s regenerate`.
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.card import Card
    from ..models.fulfillment_data import FulfillmentData
    from ..models.person import Person


T = TypeVar("T", bound="CreateCardResponse")


@_attrs_define
class CreateCardResponse:
    """The platform's wrapper body for a created card.

    Attributes:
        person (Person): A cardholder.
        program_guid (UUID):
        card (Card): A card. Never carries the full PAN, the CVV or the PIN.
        fulfillment_data (FulfillmentData | Unset): How a physical card is produced and shipped.
    """

    person: Person
    program_guid: UUID
    card: Card
    fulfillment_data: FulfillmentData | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        person = self.person.to_dict()

        program_guid = str(self.program_guid)

        card = self.card.to_dict()

        fulfillment_data: dict[str, Any] | Unset = UNSET
        if not isinstance(self.fulfillment_data, Unset):
            fulfillment_data = self.fulfillment_data.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "person": person,
                "program_guid": program_guid,
                "card": card,
            }
        )
        if fulfillment_data is not UNSET:
            field_dict["fulfillment_data"] = fulfillment_data

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.card import Card  # noqa: PLC0415
        from ..models.fulfillment_data import FulfillmentData  # noqa: PLC0415
        from ..models.person import Person  # noqa: PLC0415

        d = dict(src_dict)
        person = Person.from_dict(d.pop("person"))

        program_guid = UUID(d.pop("program_guid"))

        card = Card.from_dict(d.pop("card"))

        _fulfillment_data = d.pop("fulfillment_data", UNSET)
        fulfillment_data: FulfillmentData | Unset
        if isinstance(_fulfillment_data, Unset):
            fulfillment_data = UNSET
        else:
            fulfillment_data = FulfillmentData.from_dict(_fulfillment_data)

        create_card_response = cls(
            person=person,
            program_guid=program_guid,
            card=card,
            fulfillment_data=fulfillment_data,
        )

        create_card_response.additional_properties = d
        return create_card_response

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
