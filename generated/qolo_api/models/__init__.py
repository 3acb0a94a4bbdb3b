# Generated from openapi.yaml by tools/regenerate.py (openapi-python-client) — do not edit.
# Change the contract or generator-templates/, then run `nox -s regenerate`.
"""Contains all the data models used in inputs/outputs"""

from .address import Address
from .card import Card
from .card_activated_event import CardActivatedEvent
from .card_created_event import CardCreatedEvent
from .card_event_data import CardEventData
from .card_fulfillment import CardFulfillment
from .card_fulfilment_event import CardFulfilmentEvent
from .card_list import CardList
from .card_pin_changed_event import CardPinChangedEvent
from .card_replaced_event import CardReplacedEvent
from .card_replaced_event_data import CardReplacedEventData
from .card_status import CardStatus
from .card_status_event import CardStatusEvent
from .card_status_event_data import CardStatusEventData
from .card_status_request import CardStatusRequest
from .card_tracking_detail import CardTrackingDetail
from .create_card_request import CreateCardRequest
from .create_card_response import CreateCardResponse
from .digital_package import DigitalPackage
from .digital_package_request import DigitalPackageRequest
from .field_error import FieldError
from .fleet_card import FleetCard
from .fulfillment_order_info import FulfillmentOrderInfo
from .iin_brand import IinBrand
from .issuance_type import IssuanceType
from .issuance_type_request import IssuanceTypeRequest
from .journal_entry import JournalEntry
from .login_request import LoginRequest
from .login_response import LoginResponse
from .notification import Notification
from .notification_list import NotificationList
from .notification_request import NotificationRequest
from .notification_update_request import NotificationUpdateRequest
from .order_type import OrderType
from .person import Person
from .problem import Problem
from .replace_card_operation import ReplaceCardOperation
from .replace_card_request import ReplaceCardRequest
from .replace_card_status import ReplaceCardStatus
from .replace_fulfillment_order_info import ReplaceFulfillmentOrderInfo
from .set_pin_request import SetPinRequest
from .set_pin_response import SetPinResponse
from .shipping_method import ShippingMethod
from .status_change_nonmon_detail import StatusChangeNonmonDetail
from .validate_card_request import ValidateCardRequest
from .webhook_event import WebhookEvent
from .webhook_event_data import WebhookEventData
from .webhook_event_type import WebhookEventType

__all__ = (
    "Address",
    "Card",
    "CardActivatedEvent",
    "CardCreatedEvent",
    "CardEventData",
    "CardFulfillment",
    "CardFulfilmentEvent",
    "CardList",
    "CardPinChangedEvent",
    "CardReplacedEvent",
    "CardReplacedEventData",
    "CardStatus",
    "CardStatusEvent",
    "CardStatusEventData",
    "CardStatusRequest",
    "CardTrackingDetail",
    "CreateCardRequest",
    "CreateCardResponse",
    "DigitalPackage",
    "DigitalPackageRequest",
    "FieldError",
    "FleetCard",
    "FulfillmentOrderInfo",
    "IinBrand",
    "IssuanceType",
    "IssuanceTypeRequest",
    "JournalEntry",
    "LoginRequest",
    "LoginResponse",
    "Notification",
    "NotificationList",
    "NotificationRequest",
    "NotificationUpdateRequest",
    "OrderType",
    "Person",
    "Problem",
    "ReplaceCardOperation",
    "ReplaceCardRequest",
    "ReplaceCardStatus",
    "ReplaceFulfillmentOrderInfo",
    "SetPinRequest",
    "SetPinResponse",
    "ShippingMethod",
    "StatusChangeNonmonDetail",
    "ValidateCardRequest",
    "WebhookEvent",
    "WebhookEventData",
    "WebhookEventType",
)
