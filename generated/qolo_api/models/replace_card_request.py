# Generated from openapi.yaml by openapi-python-client with generator-templates/ — do not edit.
# Change the contract or the templates, then run `nox -s regenerate`.
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.card_status import CardStatus
from ..models.replace_operation import ReplaceOperation
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.fulfillment_data import FulfillmentData


T = TypeVar("T", bound="ReplaceCardRequest")


@_attrs_define
class ReplaceCardRequest:
    """
    Attributes:
        operation (ReplaceOperation): `REPLACE` issues a new PAN; `RENEW` keeps the PAN with a new expiry.
        status (CardStatus | Unset): A card's status. New cards are `PENDING`; `ACTIVE` cards work; `SUSPEND` is a
            temporary
            block (lock); `LOST` and `STOLEN` cards are blocked for good and should be replaced;
            `DAMAGED` cards work online and should be renewed; `CLOSED` is permanent; `FCLOSED` is a
            forced (fraud or compliance) close; `FORGET` closes the card and marks its holder's data
            for erasure. See `StatusCard` for the transitions.
        new_card_proxy (str | Unset): A proxy of the partner's choosing for the new card, unique across the platform (a
            taken one is 400 `card_proxy_taken`); omitted, one is assigned.
        card_months_until_expire (int | Unset):  Default: 36.
        fulfillment_data (FulfillmentData | Unset): How a physical card is produced and shipped.
    """

    operation: ReplaceOperation
    status: CardStatus | Unset = UNSET
    new_card_proxy: str | Unset = UNSET
    card_months_until_expire: int | Unset = 36
    fulfillment_data: FulfillmentData | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        operation = self.operation.value

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        new_card_proxy = self.new_card_proxy

        card_months_until_expire = self.card_months_until_expire

        fulfillment_data: dict[str, Any] | Unset = UNSET
        if not isinstance(self.fulfillment_data, Unset):
            fulfillment_data = self.fulfillment_data.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "operation": operation,
            }
        )
        if status is not UNSET:
            field_dict["status"] = status
        if new_card_proxy is not UNSET:
            field_dict["new_card_proxy"] = new_card_proxy
        if card_months_until_expire is not UNSET:
            field_dict["card_months_until_expire"] = card_months_until_expire
        if fulfillment_data is not UNSET:
            field_dict["fulfillment_data"] = fulfillment_data

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.fulfillment_data import FulfillmentData  # noqa: PLC0415

        d = dict(src_dict)
        operation = ReplaceOperation(d.pop("operation"))

        _status = d.pop("status", UNSET)
        status: CardStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = CardStatus(_status)

        new_card_proxy = d.pop("new_card_proxy", UNSET)

        card_months_until_expire = d.pop("card_months_until_expire", UNSET)

        _fulfillment_data = d.pop("fulfillment_data", UNSET)
        fulfillment_data: FulfillmentData | Unset
        if isinstance(_fulfillment_data, Unset):
            fulfillment_data = UNSET
        else:
            fulfillment_data = FulfillmentData.from_dict(_fulfillment_data)

        replace_card_request = cls(
            operation=operation,
            status=status,
            new_card_proxy=new_card_proxy,
            card_months_until_expire=card_months_until_expire,
            fulfillment_data=fulfillment_data,
        )

        return replace_card_request
