# Generated from openapi.yaml by tools/regenerate.py (openapi-python-client) — do not edit.
# Change the contract or generator-templates/, then run `nox -s regenerate`.
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
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
    from ..models.card import Card
    from ..models.card_fulfillment import CardFulfillment
    from ..models.person import Person


T = TypeVar("T", bound="CreateCardResponse")


@_attrs_define
class CreateCardResponse:
    """The platform's wrapper body for a created card.

    Attributes:
        card (Card): A card, as the reference's samples show it (StatusCard, CreateCard, ReplaceCard). Only
            `card_proxy` is always sent. The platform's cards carry the full PAN (`card_number`) and
            the CVV (`cvx2`); the sandbox's never do.
        person (None | Person | Unset):
        program_guid (UUID | Unset):
        fulfillment_data (CardFulfillment | None | Unset):
    """

    card: Card
    person: None | Person | Unset = UNSET
    program_guid: UUID | Unset = UNSET
    fulfillment_data: CardFulfillment | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict, repr=redacted_free_form)

    def to_dict(self) -> dict[str, Any]:
        from ..models.card_fulfillment import CardFulfillment  # noqa: PLC0415
        from ..models.person import Person  # noqa: PLC0415

        card = self.card.to_dict()

        person: dict[str, Any] | None | Unset
        if isinstance(self.person, Unset):
            person = UNSET
        elif isinstance(self.person, Person):
            person = self.person.to_dict()
        else:
            person = self.person

        program_guid: str | Unset = UNSET
        if not isinstance(self.program_guid, Unset):
            program_guid = str(self.program_guid)

        fulfillment_data: dict[str, Any] | None | Unset
        if isinstance(self.fulfillment_data, Unset):
            fulfillment_data = UNSET
        elif isinstance(self.fulfillment_data, CardFulfillment):
            fulfillment_data = self.fulfillment_data.to_dict()
        else:
            fulfillment_data = self.fulfillment_data

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "card": card,
            }
        )
        if person is not UNSET:
            field_dict["person"] = person
        if program_guid is not UNSET:
            field_dict["program_guid"] = program_guid
        if fulfillment_data is not UNSET:
            field_dict["fulfillment_data"] = fulfillment_data

        return RedactedDict(field_dict, frozenset())

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.card import Card  # noqa: PLC0415
        from ..models.card_fulfillment import CardFulfillment  # noqa: PLC0415
        from ..models.person import Person  # noqa: PLC0415

        d = nulls_absent(src_dict, ("program_guid",))
        _card_json = d.pop("card")
        if not isinstance(_card_json, dict):
            raise WrongType("card has the wrong JSON type")
        card = Card.from_dict(_card_json)

        def _parse_person(data: object) -> None | Person | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if not isinstance(data, dict):
                raise WrongType("person has the wrong JSON type")
            person_type_0 = Person.from_dict(data)

            return person_type_0

        person = _parse_person(d.pop("person", UNSET))

        _program_guid_json = d.pop("program_guid", UNSET)
        if not isinstance(_program_guid_json, str) and _program_guid_json is not UNSET:
            raise WrongType("program_guid has the wrong JSON type")
        try:
            _program_guid = _program_guid_json
            program_guid: UUID | Unset
            if isinstance(_program_guid, Unset):
                program_guid = UNSET
            else:
                program_guid = UUID(_program_guid)
        except ValueError:
            raise BadValue("program_guid is not a uuid") from None

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

        create_card_response = cls(
            card=card,
            person=person,
            program_guid=program_guid,
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
