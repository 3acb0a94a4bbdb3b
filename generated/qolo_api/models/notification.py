# Generated from openapi.yaml by openapi-python-client with generator-templates/ — do not edit.
# Change the contract or the templates, then run `nox -s regenerate`.
from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.webhook_event_type import WebhookEventType
from ..types import UNSET, RedactedDict, Unset, redacted

T = TypeVar("T", bound="Notification")


@_attrs_define
class Notification:
    """A webhook subscription. Its `secret` is never returned.

    Attributes:
        notification_guid (UUID):
        program_guid (UUID):
        url (str):
        active (bool): Whether the last ping succeeded and events are delivered.
        event_type (list[WebhookEventType]):
        sys_utcinserted (datetime.datetime):
        sys_utcupdated (datetime.datetime):
        headers (str | Unset):
    """

    notification_guid: UUID
    program_guid: UUID
    url: str
    active: bool
    event_type: list[WebhookEventType]
    sys_utcinserted: datetime.datetime
    sys_utcupdated: datetime.datetime
    headers: str | Unset = _attrs_field(default=UNSET, repr=redacted)
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        notification_guid = str(self.notification_guid)

        program_guid = str(self.program_guid)

        url = self.url

        active = self.active

        event_type = []
        for event_type_item_data in self.event_type:
            event_type_item = event_type_item_data.value
            event_type.append(event_type_item)

        sys_utcinserted = self.sys_utcinserted.isoformat()

        sys_utcupdated = self.sys_utcupdated.isoformat()

        headers = self.headers

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "notification_guid": notification_guid,
                "program_guid": program_guid,
                "url": url,
                "active": active,
                "event_type": event_type,
                "sys_utcinserted": sys_utcinserted,
                "sys_utcupdated": sys_utcupdated,
            }
        )
        if headers is not UNSET:
            field_dict["headers"] = headers

        return RedactedDict(
            field_dict,
            frozenset(
                {
                    "headers",
                }
            ),
        )

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        notification_guid = UUID(d.pop("notification_guid"))

        program_guid = UUID(d.pop("program_guid"))

        url = d.pop("url")

        active = d.pop("active")

        event_type = []
        _event_type = d.pop("event_type")
        for event_type_item_data in _event_type:
            event_type_item = WebhookEventType(event_type_item_data)

            event_type.append(event_type_item)

        sys_utcinserted = datetime.datetime.fromisoformat(d.pop("sys_utcinserted"))

        sys_utcupdated = datetime.datetime.fromisoformat(d.pop("sys_utcupdated"))

        headers = d.pop("headers", UNSET)

        notification = cls(
            notification_guid=notification_guid,
            program_guid=program_guid,
            url=url,
            active=active,
            event_type=event_type,
            sys_utcinserted=sys_utcinserted,
            sys_utcupdated=sys_utcupdated,
            headers=headers,
        )

        notification.additional_properties = d
        return notification

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
