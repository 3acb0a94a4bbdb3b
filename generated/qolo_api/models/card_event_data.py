# Generated from openapi.yaml by tools/regenerate.py (openapi-python-client) — do not edit.
# Change the contract or generator-templates/, then run `nox -s regenerate`.
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import (
    RedactedDict,
    WrongType,
    redacted_free_form,
)

if TYPE_CHECKING:
    from ..models.card import Card


T = TypeVar("T", bound="CardEventData")


@_attrs_define
class CardEventData:
    """The `data` of a card event (a choice, like the whole envelope).

    Attributes:
        card (Card): A card, as the reference's samples show it (StatusCard, CreateCard, ReplaceCard). Only
            `card_proxy` is always sent. The platform's cards carry the full PAN (`card_number`) and
            the CVV (`cvx2`); the sandbox's never do.
    """

    card: Card
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict, repr=redacted_free_form)

    def to_dict(self) -> dict[str, Any]:
        card = self.card.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "card": card,
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

        card_event_data = cls(
            card=card,
        )

        card_event_data.additional_properties = d
        return card_event_data

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
