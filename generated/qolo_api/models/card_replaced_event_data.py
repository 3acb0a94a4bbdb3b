# Generated from openapi.yaml by tools/regenerate.py (openapi-python-client) — do not edit.
# Change the contract or generator-templates/, then run `nox -s regenerate`.
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.replace_card_operation import ReplaceCardOperation
from ..types import (
    RedactedDict,
    WrongType,
    redacted_free_form,
)

if TYPE_CHECKING:
    from ..models.card import Card


T = TypeVar("T", bound="CardReplacedEventData")


@_attrs_define
class CardReplacedEventData:
    """The `data` of `card.replaced` (a choice).

    Attributes:
        card (Card): A card, as the reference's samples show it (StatusCard, CreateCard, ReplaceCard). Only
            `card_proxy` is always sent. The platform's cards carry the full PAN (`card_number`) and
            the CVV (`cvx2`); the sandbox's never do.
        replaced_card (Card): A card, as the reference's samples show it (StatusCard, CreateCard, ReplaceCard). Only
            `card_proxy` is always sent. The platform's cards carry the full PAN (`card_number`) and
            the CVV (`cvx2`); the sandbox's never do.
        operation (ReplaceCardOperation): `REPLACE` issues a new PAN; `RENEW` keeps the PAN with a new expiry (the
            reissue a
            `DAMAGED` card needs; never for a `LOST` or `STOLEN` one). The two values are
            the reference's; what each does is this contract's reading of their names (the
            reference shows only the enum), and the sandbox behaves so.
    """

    card: Card
    replaced_card: Card
    operation: ReplaceCardOperation
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict, repr=redacted_free_form)

    def to_dict(self) -> dict[str, Any]:
        card = self.card.to_dict()

        replaced_card = self.replaced_card.to_dict()

        operation = ReplaceCardOperation(self.operation).value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "card": card,
                "replaced_card": replaced_card,
                "operation": operation,
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

        _replaced_card_json = d.pop("replaced_card")
        if not isinstance(_replaced_card_json, dict):
            raise WrongType("replaced_card has the wrong JSON type")
        replaced_card = Card.from_dict(_replaced_card_json)

        _operation_json = d.pop("operation")
        if not isinstance(_operation_json, str):
            raise WrongType("operation has the wrong JSON type")
        operation = ReplaceCardOperation(_operation_json)

        card_replaced_event_data = cls(
            card=card,
            replaced_card=replaced_card,
            operation=operation,
        )

        card_replaced_event_data.additional_properties = d
        return card_replaced_event_data

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
