# Generated from openapi.yaml by tools/regenerate.py (openapi-python-client) — do not edit.
# Change the contract or generator-templates/, then run `nox -s regenerate`.
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.order_type import OrderType
from ..models.shipping_method import ShippingMethod
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
    from ..models.fleet_card import FleetCard


T = TypeVar("T", bound="ReplaceFulfillmentOrderInfo")


@_attrs_define
class ReplaceFulfillmentOrderInfo:
    """The replacement plastic's production and shipping order, with the fields of the
    reference's sample (the page collapses the schema); further properties are kept.

        Attributes:
            package_guid (UUID | Unset): The card package (carrier and inserts).
            third_line (str | Unset): Third embossed line.
            fourth_line (str | Unset): Fourth embossed line.
            shipping_method (ShippingMethod | Unset): How a plastic card is shipped; it must be one the program is set up
                for. `STDMAIL` USPS
                standard, `STDEXP` USPS expedited, `UPSSTD` UPS standard, `UPSGROUND` UPS ground,
                `USPSPRI` USPS priority, `EXPRESS2DAY` UPS 2-day, `EXPRESSOVERNIGHT` UPS next day,
                `STDMAILINT` USPS international, `EXPRESS2DAYINT` USPS priority international,
                `EXPRESS1DAYINT` UPS worldwide saver.
            order_type (OrderType | Unset): `DTC` direct to the cardholder (the default; the reference's prose spells it
                D2C),
                `BULKC` bulk without carriers, `BULKCC` bulk with carriers in envelopes, `BULK` either,
                as the fulfillment house is set up.
            signature_required (bool | Unset):
            discretionary_track_data (str | Unset):
            pin_mailer_flag (bool | Unset): Whether a PIN mailer is sent.
            message_1 (str | Unset):
            message_2 (str | Unset):
            message_3 (str | Unset):
            message_4 (str | Unset):
            message_5 (str | Unset):
            message_6 (str | Unset):
            message_7 (str | Unset):
            message_8 (str | Unset):
            fleet_card (FleetCard | Unset): Fleet-card settings; the reference shows one value of each field, not their
                lists.
    """

    package_guid: UUID | Unset = UNSET
    third_line: str | Unset = UNSET
    fourth_line: str | Unset = UNSET
    shipping_method: ShippingMethod | Unset = UNSET
    order_type: OrderType | Unset = UNSET
    signature_required: bool | Unset = UNSET
    discretionary_track_data: str | Unset = UNSET
    pin_mailer_flag: bool | Unset = UNSET
    message_1: str | Unset = UNSET
    message_2: str | Unset = UNSET
    message_3: str | Unset = UNSET
    message_4: str | Unset = UNSET
    message_5: str | Unset = UNSET
    message_6: str | Unset = UNSET
    message_7: str | Unset = UNSET
    message_8: str | Unset = UNSET
    fleet_card: FleetCard | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict, repr=redacted_free_form)

    def to_dict(self) -> dict[str, Any]:
        package_guid: str | Unset = UNSET
        if not isinstance(self.package_guid, Unset):
            package_guid = str(self.package_guid)

        third_line = self.third_line

        fourth_line = self.fourth_line

        shipping_method: str | Unset = UNSET
        if not isinstance(self.shipping_method, Unset):
            shipping_method = ShippingMethod(self.shipping_method).value

        order_type: str | Unset = UNSET
        if not isinstance(self.order_type, Unset):
            order_type = OrderType(self.order_type).value

        signature_required = self.signature_required

        discretionary_track_data = self.discretionary_track_data

        pin_mailer_flag = self.pin_mailer_flag

        message_1 = self.message_1

        message_2 = self.message_2

        message_3 = self.message_3

        message_4 = self.message_4

        message_5 = self.message_5

        message_6 = self.message_6

        message_7 = self.message_7

        message_8 = self.message_8

        fleet_card: dict[str, Any] | Unset = UNSET
        if not isinstance(self.fleet_card, Unset):
            fleet_card = self.fleet_card.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if package_guid is not UNSET:
            field_dict["package_guid"] = package_guid
        if third_line is not UNSET:
            field_dict["third_line"] = third_line
        if fourth_line is not UNSET:
            field_dict["fourth_line"] = fourth_line
        if shipping_method is not UNSET:
            field_dict["shipping_method"] = shipping_method
        if order_type is not UNSET:
            field_dict["order_type"] = order_type
        if signature_required is not UNSET:
            field_dict["signature_required"] = signature_required
        if discretionary_track_data is not UNSET:
            field_dict["discretionary_track_data"] = discretionary_track_data
        if pin_mailer_flag is not UNSET:
            field_dict["pin_mailer_flag"] = pin_mailer_flag
        if message_1 is not UNSET:
            field_dict["message_1"] = message_1
        if message_2 is not UNSET:
            field_dict["message_2"] = message_2
        if message_3 is not UNSET:
            field_dict["message_3"] = message_3
        if message_4 is not UNSET:
            field_dict["message_4"] = message_4
        if message_5 is not UNSET:
            field_dict["message_5"] = message_5
        if message_6 is not UNSET:
            field_dict["message_6"] = message_6
        if message_7 is not UNSET:
            field_dict["message_7"] = message_7
        if message_8 is not UNSET:
            field_dict["message_8"] = message_8
        if fleet_card is not UNSET:
            field_dict["fleet_card"] = fleet_card

        return RedactedDict(field_dict, frozenset())

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.fleet_card import FleetCard  # noqa: PLC0415

        d = nulls_absent(
            src_dict,
            (
                "package_guid",
                "third_line",
                "fourth_line",
                "shipping_method",
                "order_type",
                "signature_required",
                "discretionary_track_data",
                "pin_mailer_flag",
                "message_1",
                "message_2",
                "message_3",
                "message_4",
                "message_5",
                "message_6",
                "message_7",
                "message_8",
                "fleet_card",
            ),
        )
        _package_guid_json = d.pop("package_guid", UNSET)
        if not isinstance(_package_guid_json, str) and _package_guid_json is not UNSET:
            raise WrongType("package_guid has the wrong JSON type")
        try:
            _package_guid = _package_guid_json
            package_guid: UUID | Unset
            if isinstance(_package_guid, Unset):
                package_guid = UNSET
            else:
                package_guid = UUID(_package_guid)
        except ValueError:
            raise BadValue("package_guid is not a uuid") from None

        third_line = d.pop("third_line", UNSET)
        if not isinstance(third_line, str) and third_line is not UNSET:
            raise WrongType("third_line is not a string")

        fourth_line = d.pop("fourth_line", UNSET)
        if not isinstance(fourth_line, str) and fourth_line is not UNSET:
            raise WrongType("fourth_line is not a string")

        _shipping_method_json = d.pop("shipping_method", UNSET)
        if not isinstance(_shipping_method_json, str) and _shipping_method_json is not UNSET:
            raise WrongType("shipping_method has the wrong JSON type")
        _shipping_method = _shipping_method_json
        shipping_method: ShippingMethod | Unset
        if isinstance(_shipping_method, Unset):
            shipping_method = UNSET
        else:
            shipping_method = ShippingMethod(_shipping_method)

        _order_type_json = d.pop("order_type", UNSET)
        if not isinstance(_order_type_json, str) and _order_type_json is not UNSET:
            raise WrongType("order_type has the wrong JSON type")
        _order_type = _order_type_json
        order_type: OrderType | Unset
        if isinstance(_order_type, Unset):
            order_type = UNSET
        else:
            order_type = OrderType(_order_type)

        signature_required = d.pop("signature_required", UNSET)
        if not isinstance(signature_required, bool) and signature_required is not UNSET:
            raise WrongType("signature_required is not a boolean")

        discretionary_track_data = d.pop("discretionary_track_data", UNSET)
        if not isinstance(discretionary_track_data, str) and discretionary_track_data is not UNSET:
            raise WrongType("discretionary_track_data is not a string")

        pin_mailer_flag = d.pop("pin_mailer_flag", UNSET)
        if not isinstance(pin_mailer_flag, bool) and pin_mailer_flag is not UNSET:
            raise WrongType("pin_mailer_flag is not a boolean")

        message_1 = d.pop("message_1", UNSET)
        if not isinstance(message_1, str) and message_1 is not UNSET:
            raise WrongType("message_1 is not a string")

        message_2 = d.pop("message_2", UNSET)
        if not isinstance(message_2, str) and message_2 is not UNSET:
            raise WrongType("message_2 is not a string")

        message_3 = d.pop("message_3", UNSET)
        if not isinstance(message_3, str) and message_3 is not UNSET:
            raise WrongType("message_3 is not a string")

        message_4 = d.pop("message_4", UNSET)
        if not isinstance(message_4, str) and message_4 is not UNSET:
            raise WrongType("message_4 is not a string")

        message_5 = d.pop("message_5", UNSET)
        if not isinstance(message_5, str) and message_5 is not UNSET:
            raise WrongType("message_5 is not a string")

        message_6 = d.pop("message_6", UNSET)
        if not isinstance(message_6, str) and message_6 is not UNSET:
            raise WrongType("message_6 is not a string")

        message_7 = d.pop("message_7", UNSET)
        if not isinstance(message_7, str) and message_7 is not UNSET:
            raise WrongType("message_7 is not a string")

        message_8 = d.pop("message_8", UNSET)
        if not isinstance(message_8, str) and message_8 is not UNSET:
            raise WrongType("message_8 is not a string")

        _fleet_card_json = d.pop("fleet_card", UNSET)
        if not isinstance(_fleet_card_json, dict) and _fleet_card_json is not UNSET:
            raise WrongType("fleet_card has the wrong JSON type")
        _fleet_card = _fleet_card_json
        fleet_card: FleetCard | Unset
        if isinstance(_fleet_card, Unset):
            fleet_card = UNSET
        else:
            fleet_card = FleetCard.from_dict(_fleet_card)

        replace_fulfillment_order_info = cls(
            package_guid=package_guid,
            third_line=third_line,
            fourth_line=fourth_line,
            shipping_method=shipping_method,
            order_type=order_type,
            signature_required=signature_required,
            discretionary_track_data=discretionary_track_data,
            pin_mailer_flag=pin_mailer_flag,
            message_1=message_1,
            message_2=message_2,
            message_3=message_3,
            message_4=message_4,
            message_5=message_5,
            message_6=message_6,
            message_7=message_7,
            message_8=message_8,
            fleet_card=fleet_card,
        )

        replace_fulfillment_order_info.additional_properties = d
        return replace_fulfillment_order_info

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
