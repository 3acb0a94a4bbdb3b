# Generated from openapi.yaml by tools/regenerate.py (openapi-python-client) — do not edit.
# Change the contract or generator-templates/, then run `nox -s regenerate`.
from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import (
    UNSET,
    BadValue,
    RedactedDict,
    Unset,
    WrongType,
    nulls_absent,
    parse_datetime,
    redacted_free_form,
)

T = TypeVar("T", bound="CardTrackingDetail")


@_attrs_define
class CardTrackingDetail:
    """Production and shipping progress of the card's plastic.

    Attributes:
        fulfillment_house_name (str | Unset): Who produces the plastic.
        card_requested (datetime.datetime | Unset): When the plastic was ordered; `0001-01-01T00:00:00` if not.
        card_shipment_date (datetime.datetime | Unset): When it shipped; `0001-01-01T00:00:00` if not.
        card_delivery_method (str | Unset): The carrier
        card_delivery_tracking_number (str | Unset):
        card_package_name (str | Unset):
        card_order_status (str | Unset):
        digital_package_name (str | Unset): The mobile-wallet art's name.
        digital_package_id (str | Unset): The mobile-wallet art's id (the sandbox puts `UpdateDigitalPackage`'s
            `digital_package_guid` here).
    """

    fulfillment_house_name: str | Unset = UNSET
    card_requested: datetime.datetime | Unset = UNSET
    card_shipment_date: datetime.datetime | Unset = UNSET
    card_delivery_method: str | Unset = UNSET
    card_delivery_tracking_number: str | Unset = UNSET
    card_package_name: str | Unset = UNSET
    card_order_status: str | Unset = UNSET
    digital_package_name: str | Unset = UNSET
    digital_package_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict, repr=redacted_free_form)

    def to_dict(self) -> dict[str, Any]:
        fulfillment_house_name = self.fulfillment_house_name

        card_requested: str | Unset = UNSET
        if not isinstance(self.card_requested, Unset):
            card_requested = self.card_requested.isoformat()

        card_shipment_date: str | Unset = UNSET
        if not isinstance(self.card_shipment_date, Unset):
            card_shipment_date = self.card_shipment_date.isoformat()

        card_delivery_method = self.card_delivery_method

        card_delivery_tracking_number = self.card_delivery_tracking_number

        card_package_name = self.card_package_name

        card_order_status = self.card_order_status

        digital_package_name = self.digital_package_name

        digital_package_id = self.digital_package_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if fulfillment_house_name is not UNSET:
            field_dict["fulfillment_house_name"] = fulfillment_house_name
        if card_requested is not UNSET:
            field_dict["card_requested"] = card_requested
        if card_shipment_date is not UNSET:
            field_dict["card_shipment_date"] = card_shipment_date
        if card_delivery_method is not UNSET:
            field_dict["card_delivery_method"] = card_delivery_method
        if card_delivery_tracking_number is not UNSET:
            field_dict["card_delivery_tracking_number"] = card_delivery_tracking_number
        if card_package_name is not UNSET:
            field_dict["card_package_name"] = card_package_name
        if card_order_status is not UNSET:
            field_dict["card_order_status"] = card_order_status
        if digital_package_name is not UNSET:
            field_dict["digital_package_name"] = digital_package_name
        if digital_package_id is not UNSET:
            field_dict["digital_package_id"] = digital_package_id

        return RedactedDict(field_dict, frozenset())

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = nulls_absent(
            src_dict,
            (
                "fulfillment_house_name",
                "card_requested",
                "card_shipment_date",
                "card_delivery_method",
                "card_delivery_tracking_number",
                "card_package_name",
                "card_order_status",
                "digital_package_name",
                "digital_package_id",
            ),
        )
        fulfillment_house_name = d.pop("fulfillment_house_name", UNSET)
        if not isinstance(fulfillment_house_name, str) and fulfillment_house_name is not UNSET:
            raise WrongType("fulfillment_house_name is not a string")

        _card_requested_json = d.pop("card_requested", UNSET)
        if not isinstance(_card_requested_json, str) and _card_requested_json is not UNSET:
            raise WrongType("card_requested has the wrong JSON type")
        try:
            _card_requested = _card_requested_json
            card_requested: datetime.datetime | Unset
            if isinstance(_card_requested, Unset):
                card_requested = UNSET
            else:
                card_requested = parse_datetime(_card_requested)
        except ValueError:
            raise BadValue("card_requested is not a date-time") from None

        _card_shipment_date_json = d.pop("card_shipment_date", UNSET)
        if not isinstance(_card_shipment_date_json, str) and _card_shipment_date_json is not UNSET:
            raise WrongType("card_shipment_date has the wrong JSON type")
        try:
            _card_shipment_date = _card_shipment_date_json
            card_shipment_date: datetime.datetime | Unset
            if isinstance(_card_shipment_date, Unset):
                card_shipment_date = UNSET
            else:
                card_shipment_date = parse_datetime(_card_shipment_date)
        except ValueError:
            raise BadValue("card_shipment_date is not a date-time") from None

        card_delivery_method = d.pop("card_delivery_method", UNSET)
        if not isinstance(card_delivery_method, str) and card_delivery_method is not UNSET:
            raise WrongType("card_delivery_method is not a string")

        card_delivery_tracking_number = d.pop("card_delivery_tracking_number", UNSET)
        if not isinstance(card_delivery_tracking_number, str) and card_delivery_tracking_number is not UNSET:
            raise WrongType("card_delivery_tracking_number is not a string")

        card_package_name = d.pop("card_package_name", UNSET)
        if not isinstance(card_package_name, str) and card_package_name is not UNSET:
            raise WrongType("card_package_name is not a string")

        card_order_status = d.pop("card_order_status", UNSET)
        if not isinstance(card_order_status, str) and card_order_status is not UNSET:
            raise WrongType("card_order_status is not a string")

        digital_package_name = d.pop("digital_package_name", UNSET)
        if not isinstance(digital_package_name, str) and digital_package_name is not UNSET:
            raise WrongType("digital_package_name is not a string")

        digital_package_id = d.pop("digital_package_id", UNSET)
        if not isinstance(digital_package_id, str) and digital_package_id is not UNSET:
            raise WrongType("digital_package_id is not a string")

        card_tracking_detail = cls(
            fulfillment_house_name=fulfillment_house_name,
            card_requested=card_requested,
            card_shipment_date=card_shipment_date,
            card_delivery_method=card_delivery_method,
            card_delivery_tracking_number=card_delivery_tracking_number,
            card_package_name=card_package_name,
            card_order_status=card_order_status,
            digital_package_name=digital_package_name,
            digital_package_id=digital_package_id,
        )

        card_tracking_detail.additional_properties = d
        return card_tracking_detail

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
