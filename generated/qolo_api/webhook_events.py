# Generated from openapi.yaml by tools/regenerate.py (openapi-python-client) — do not edit.
# Change the contract or generator-templates/, then run `nox -s regenerate`.
"""Each webhook event type of the contract and the model of its payload."""

from collections.abc import Mapping

from .models import (
    CardActivatedEvent,
    CardCreatedEvent,
    CardFulfilmentEvent,
    CardPinChangedEvent,
    CardReplacedEvent,
    CardStatusEvent,
    WebhookEvent,
)

#: Any of the models above; each has `from_dict`, `to_dict` and `event_type`.
EventModel = (
    CardActivatedEvent
    | CardCreatedEvent
    | CardFulfilmentEvent
    | CardPinChangedEvent
    | CardReplacedEvent
    | CardStatusEvent
    | WebhookEvent
)

#: The contract's `webhooks:` event types, each with the model its body parses as.
EVENT_MODELS: Mapping[str, type[EventModel]] = {
    "card.activated": CardActivatedEvent,
    "card.created": CardCreatedEvent,
    "card.fulfilment": CardFulfilmentEvent,
    "card.pin.changed": CardPinChangedEvent,
    "card.replaced": CardReplacedEvent,
    "card.status": CardStatusEvent,
    "ping": WebhookEvent,
}

__all__ = ["EVENT_MODELS", "EventModel"]
