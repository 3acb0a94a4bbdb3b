# Generated from openapi.yaml by openapi-python-client with generator-templates/ — do not edit.
# Change the contract or the templates, then run `nox -s regenerate`.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.webhook_event_type import WebhookEventType
from ..types import UNSET, RedactedDict, Unset, redacted

T = TypeVar("T", bound="NotificationUpdateRequest")


@_attrs_define
class NotificationUpdateRequest:
    """
    Attributes:
        program_guid (UUID):
        url (str):
        event_type (list[WebhookEventType]):
        headers (str | Unset): Extra headers sent with every delivery, one `Name: value` per line, printable ASCII only.
        secret (str | Unset): A new HMAC key; omitted, the current one is kept.
    """

    program_guid: UUID
    url: str
    event_type: list[WebhookEventType]
    headers: str | Unset = _attrs_field(default=UNSET, repr=redacted)
    secret: str | Unset = _attrs_field(default=UNSET, repr=redacted)

    def to_dict(self) -> dict[str, Any]:
        program_guid = str(self.program_guid)

        url = self.url

        event_type = []
        for event_type_item_data in self.event_type:
            event_type_item = event_type_item_data.value
            event_type.append(event_type_item)

        headers = self.headers

        secret = self.secret

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "program_guid": program_guid,
                "url": url,
                "event_type": event_type,
            }
        )
        if headers is not UNSET:
            field_dict["headers"] = headers
        if secret is not UNSET:
            field_dict["secret"] = secret

        return RedactedDict(
            field_dict,
            frozenset(
                {
                    "headers",
                    "secret",
                }
            ),
        )

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        program_guid = UUID(d.pop("program_guid"))

        url = d.pop("url")

        event_type = []
        _event_type = d.pop("event_type")
        for event_type_item_data in _event_type:
            event_type_item = WebhookEventType(event_type_item_data)

            event_type.append(event_type_item)

        headers = d.pop("headers", UNSET)

        secret = d.pop("secret", UNSET)

        notification_update_request = cls(
            program_guid=program_guid,
            url=url,
            event_type=event_type,
            headers=headers,
            secret=secret,
        )

        return notification_update_request
