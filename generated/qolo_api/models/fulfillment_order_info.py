# Generated from openapi.yaml by tools/regenerate.py (openapi-python-client) — do not edit.
# Change the contract or generator-templates/, then run `nox -s regenerate`.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
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

T = TypeVar("T", bound="FulfillmentOrderInfo")


@_attrs_define
class FulfillmentOrderInfo:
    """The plastic card's production and shipping order. The fields are those of the
    reference's sample (its page collapses the schema and cuts the sample after
    `message_4`), so further properties are accepted and kept.

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
            order_guid (UUID | Unset):
            order_type (OrderType | Unset): `DTC` direct to the cardholder (the default; the reference's prose spells it
                D2C),
                `BULKC` bulk without carriers, `BULKCC` bulk with carriers in envelopes, `BULK` either,
                as the fulfillment house is set up.
            signature_required (bool | Unset):
            tracking_number (str | Unset):
            discretionary_track_data (str | Unset):
            order_status (str | Unset):
            pin_mailer_flag (bool | Unset): Whether a PIN mailer is sent.
            message_1 (str | Unset):
            message_2 (str | Unset):
            message_3 (str | Unset):
            message_4 (str | Unset):
    """

    package_guid: UUID | Unset = UNSET
    third_line: str | Unset = UNSET
    fourth_line: str | Unset = UNSET
    shipping_method: ShippingMethod | Unset = UNSET
    order_guid: UUID | Unset = UNSET
    order_type: OrderType | Unset = UNSET
    signature_required: bool | Unset = UNSET
    tracking_number: str | Unset = UNSET
    discretionary_track_data: str | Unset = UNSET
    order_status: str | Unset = UNSET
    pin_mailer_flag: bool | Unset = UNSET
    message_1: str | Unset = UNSET
    message_2: str | Unset = UNSET
    message_3: str | Unset = UNSET
    message_4: str | Unset = UNSET
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

        order_guid: str | Unset = UNSET
        if not isinstance(self.order_guid, Unset):
            order_guid = str(self.order_guid)

        order_type: str | Unset = UNSET
        if not isinstance(self.order_type, Unset):
            order_type = OrderType(self.order_type).value

        signature_required = self.signature_required

        tracking_number = self.tracking_number

        discretionary_track_data = self.discretionary_track_data

        order_status = self.order_status

        pin_mailer_flag = self.pin_mailer_flag

        message_1 = self.message_1

        message_2 = self.message_2

        message_3 = self.message_3

        message_4 = self.message_4

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
        if order_guid is not UNSET:
            field_dict["order_guid"] = order_guid
        if order_type is not UNSET:
            field_dict["order_type"] = order_type
        if signature_required is not UNSET:
            field_dict["signature_required"] = signature_required
        if tracking_number is not UNSET:
            field_dict["tracking_number"] = tracking_number
        if discretionary_track_data is not UNSET:
            field_dict["discretionary_track_data"] = discretionary_track_data
        if order_status is not UNSET:
            field_dict["order_status"] = order_status
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

        return RedactedDict(field_dict, frozenset())

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = nulls_absent(
            src_dict,
            (
                "package_guid",
                "third_line",
                "fourth_line",
                "shipping_method",
                "order_guid",
                "order_type",
                "signature_required",
                "tracking_number",
                "discretionary_track_data",
                "order_status",
                "pin_mailer_flag",
                "message_1",
                "message_2",
                "message_3",
                "message_4",
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

        _order_guid_json = d.pop("order_guid", UNSET)
        if not isinstance(_order_guid_json, str) and _order_guid_json is not UNSET:
            raise WrongType("order_guid has the wrong JSON type")
        try:
            _order_guid = _order_guid_json
            order_guid: UUID | Unset
            if isinstance(_order_guid, Unset):
                order_guid = UNSET
            else:
                order_guid = UUID(_order_guid)
        except ValueError:
            raise BadValue("order_guid is not a uuid") from None

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

        tracking_number = d.pop("tracking_number", UNSET)
        if not isinstance(tracking_number, str) and tracking_number is not UNSET:
            raise WrongType("tracking_number is not a string")

        discretionary_track_data = d.pop("discretionary_track_data", UNSET)
        if not isinstance(discretionary_track_data, str) and discretionary_track_data is not UNSET:
            raise WrongType("discretionary_track_data is not a string")

        order_status = d.pop("order_status", UNSET)
        if not isinstance(order_status, str) and order_status is not UNSET:
            raise WrongType("order_status is not a string")

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

        fulfillment_order_info = cls(
            package_guid=package_guid,
            third_line=third_line,
            fourth_line=fourth_line,
            shipping_method=shipping_method,
            order_guid=order_guid,
            order_type=order_type,
            signature_required=signature_required,
            tracking_number=tracking_number,
            discretionary_track_data=discretionary_track_data,
            order_status=order_status,
            pin_mailer_flag=pin_mailer_flag,
            message_1=message_1,
            message_2=message_2,
            message_3=message_3,
            message_4=message_4,
        )

        fulfillment_order_info.additional_properties = d
        return fulfillment_order_info

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
