# Generated from openapi.yaml by tools/regenerate.py (openapi-python-client) — do not edit.
# Change the contract or generator-templates/, then run `nox -s regenerate`.
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.card_status import CardStatus
from ..types import (
    RedactedDict,
    WrongType,
    redacted_free_form,
)

if TYPE_CHECKING:
    from ..models.card import Card


T = TypeVar("T", bound="CardStatusEventData")


@_attrs_define
class CardStatusEventData:
    """The `data` of `card.activated` and `card.status` (a choice).

    Attributes:
        card (Card): A card, as the reference's samples show it (StatusCard, CreateCard, ReplaceCard). Only
            `card_proxy` is always sent. The platform's cards carry the full PAN (`card_number`) and
            the CVV (`cvx2`); the sandbox's never do.
        previous_status (CardStatus): A card's status. New cards are `PENDING`; `ACTIVE` cards work; `SUSPEND` is a
            temporary
            block (lock); `LOST` and `STOLEN` cards are blocked for good and must be replaced;
            `DAMAGED` cards work online and must be reissued; `CLOSED` is permanent; `FCLOSED` and
            `FORGET` allow no transactions either (the reference's card-status guide). See
            `StatusCard` for the transitions.
    """

    card: Card
    previous_status: CardStatus
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict, repr=redacted_free_form)

    def to_dict(self) -> dict[str, Any]:
        card = self.card.to_dict()

        previous_status = CardStatus(self.previous_status).value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "card": card,
                "previous_status": previous_status,
            }
        )

        return RedactedDict(field_dict, frozenset())

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.card import Card  # noqa: PLC0415

        d = dict(src_dict)
        _card_json = d.pop("card")
        if not isinstance(_card_json, dict):
            raise WrongType("card has the wrong JSON type")
        card = Card.from_dict(_card_json)

        _previous_status_json = d.pop("previous_status")
        if not isinstance(_previous_status_json, str):
            raise WrongType("previous_status has the wrong JSON type")
        previous_status = CardStatus(_previous_status_json)

        card_status_event_data = cls(
            card=card,
            previous_status=previous_status,
        )

        card_status_event_data.additional_properties = d
        return card_status_event_data

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
