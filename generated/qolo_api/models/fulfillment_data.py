# Generated from openapi.yaml by openapi-python-client with generator-templates/ — do not edit.
# Change the contract or the templates, then run `nox -s regenerate`.
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.address import Address


T = TypeVar("T", bound="FulfillmentData")


@_attrs_define
class FulfillmentData:
    """How a physical card is produced and shipped.

    Attributes:
        shipping_method (str | Unset):
        ship_to_address (Address | Unset):
        embossed_name (str | Unset):
        card_design_id (str | Unset):
    """

    shipping_method: str | Unset = UNSET
    ship_to_address: Address | Unset = UNSET
    embossed_name: str | Unset = UNSET
    card_design_id: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        shipping_method = self.shipping_method

        ship_to_address: dict[str, Any] | Unset = UNSET
        if not isinstance(self.ship_to_address, Unset):
            ship_to_address = self.ship_to_address.to_dict()

        embossed_name = self.embossed_name

        card_design_id = self.card_design_id

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if shipping_method is not UNSET:
            field_dict["shipping_method"] = shipping_method
        if ship_to_address is not UNSET:
            field_dict["ship_to_address"] = ship_to_address
        if embossed_name is not UNSET:
            field_dict["embossed_name"] = embossed_name
        if card_design_id is not UNSET:
            field_dict["card_design_id"] = card_design_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.address import Address  # noqa: PLC0415

        d = dict(src_dict)
        shipping_method = d.pop("shipping_method", UNSET)

        _ship_to_address = d.pop("ship_to_address", UNSET)
        ship_to_address: Address | Unset
        if isinstance(_ship_to_address, Unset):
            ship_to_address = UNSET
        else:
            ship_to_address = Address.from_dict(_ship_to_address)

        embossed_name = d.pop("embossed_name", UNSET)

        card_design_id = d.pop("card_design_id", UNSET)

        fulfillment_data = cls(
            shipping_method=shipping_method,
            ship_to_address=ship_to_address,
            embossed_name=embossed_name,
            card_design_id=card_design_id,
        )

        return fulfillment_data
