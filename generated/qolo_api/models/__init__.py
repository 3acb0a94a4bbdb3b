# Generated from openapi.yaml by openapi-python-client with generator-templates/ — do not edit.
# Change the contract or the templates, then run `nox -s regenerate`.
"""Contains all the data models used in inputs/outputs"""

from .address import Address
from .card import Card
from .card_activated_event import CardActivatedEvent
from .card_created_event import CardCreatedEvent
from .card_event_data import CardEventData
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
from .field_error import FieldError
from .fulfillment_data import FulfillmentData
from .issuance_type import IssuanceType
from .login_request import LoginRequest
from .login_response import LoginResponse
from .new_person import NewPerson
from .notification import Notification
from .notification_list import NotificationList
from .notification_request import NotificationRequest
from .notification_update_request import NotificationUpdateRequest
from .person import Person
from .person_reference import PersonReference
from .problem import Problem
from .replace_card_request import ReplaceCardRequest
from .replace_operation import ReplaceOperation
from .set_pin_request import SetPinRequest
from .webhook_event import WebhookEvent
from .webhook_event_data import WebhookEventData
from .webhook_event_type import WebhookEventType

__all__ = (
    "Address",
    "Card",
    "CardActivatedEvent",
    "CardCreatedEvent",
    "CardEventData",
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
    "FieldError",
    "FulfillmentData",
    "IssuanceType",
    "LoginRequest",
    "LoginResponse",
    "NewPerson",
    "Notification",
    "NotificationList",
    "NotificationRequest",
    "NotificationUpdateRequest",
    "Person",
    "PersonReference",
    "Problem",
    "ReplaceCardRequest",
    "ReplaceOperation",
    "SetPinRequest",
    "WebhookEvent",
    "WebhookEventData",
    "WebhookEventType",
)
