# Generated from openapi.yaml by tools/regenerate.py (openapi-python-client) — do not edit.
# Change the contract or generator-templates/, then run `nox -s regenerate`.
from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import (
    BadValue,
    RedactedDict,
    WrongType,
    parse_datetime,
    redacted_free_form,
)

if TYPE_CHECKING:
    from ..models.webhook_event_data import WebhookEventData


T = TypeVar("T", bound="WebhookEvent")


@_attrs_define
class WebhookEvent:
    """The envelope every delivery shares; the signed body is exactly this JSON. A choice: the
    reference publishes no payload. `event_id` is unique per event (retries repeat it, so
    de-duplicate by it) and `created_at` is when the event happened (reject events older
    than your tolerance), because the signature has no timestamp of its own.

        Attributes:
            event_id (UUID): The event's id; retries repeat it.
            event_type (str): The event's name, e.g. `card.created`; unknown names must be tolerated.
            created_at (datetime.datetime): When the event happened.
            program_guid (UUID): The program the event belongs to.
            data (WebhookEventData): The event's payload; its shape depends on `event_type`.
    """

    event_id: UUID
    event_type: str
    created_at: datetime.datetime
    program_guid: UUID
    data: WebhookEventData
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict, repr=redacted_free_form)

    def to_dict(self) -> dict[str, Any]:
        event_id = str(self.event_id)

        event_type = self.event_type

        created_at = self.created_at.isoformat()

        program_guid = str(self.program_guid)

        data = self.data.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "event_id": event_id,
                "event_type": event_type,
                "created_at": created_at,
                "program_guid": program_guid,
                "data": data,
            }
        )

        return RedactedDict(field_dict, frozenset())

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.webhook_event_data import WebhookEventData  # noqa: PLC0415

        d = dict(src_dict)
        _event_id_json = d.pop("event_id")
        if not isinstance(_event_id_json, str):
            raise WrongType("event_id has the wrong JSON type")
        try:
            event_id = UUID(_event_id_json)
        except ValueError:
            raise BadValue("event_id is not a uuid") from None

        event_type = d.pop("event_type")
        if not isinstance(event_type, str):
            raise WrongType("event_type is not a string")

        _created_at_json = d.pop("created_at")
        if not isinstance(_created_at_json, str):
            raise WrongType("created_at has the wrong JSON type")
        try:
            created_at = parse_datetime(_created_at_json)
        except ValueError:
            raise BadValue("created_at is not a date-time") from None

        _program_guid_json = d.pop("program_guid")
        if not isinstance(_program_guid_json, str):
            raise WrongType("program_guid has the wrong JSON type")
        try:
            program_guid = UUID(_program_guid_json)
        except ValueError:
            raise BadValue("program_guid is not a uuid") from None

        _data_json = d.pop("data")
        if not isinstance(_data_json, dict):
            raise WrongType("data has the wrong JSON type")
        data = WebhookEventData.from_dict(_data_json)

        webhook_event = cls(
            event_id=event_id,
            event_type=event_type,
            created_at=created_at,
            program_guid=program_guid,
            data=data,
        )

        webhook_event.additional_properties = d
        return webhook_event

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
