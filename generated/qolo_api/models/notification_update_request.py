# Generated from openapi.yaml by tools/regenerate.py (openapi-python-client) — do not edit.
# Change the contract or generator-templates/, then run `nox -s regenerate`.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.webhook_event_type import WebhookEventType
from ..types import (
    UNSET,
    BadValue,
    RedactedDict,
    Unset,
    WrongType,
    nulls_absent,
    redacted,
)

T = TypeVar("T", bound="NotificationUpdateRequest")


@_attrs_define
class NotificationUpdateRequest:
    """What `UpdateNotificationById` takes; undeclared properties are refused (a choice).

    Attributes:
        program_guid (UUID): The subscription's program (it cannot move to another).
        url (str): The receiver, checked as on create (see `CreateNotification`). The URI form and the 2048-character
            limit are this contract's.
        event_type (list[WebhookEventType]):
        notification_guid (UUID | Unset): The subscription's id; when given, it must be the one in the path.
        headers (None | str | Unset): Extra headers sent with every delivery, one `Name: value` per line, printable
            ASCII only (the limits are this contract's); lines that are no header, and the headers a delivery sets itself,
            are not sent (see `CreateNotification`).
        secret (None | str | Unset): A new HMAC key; null or omitted, the current one is kept. The length limits are
            this contract's.
        active (bool | None | Unset): `false` turns the subscription off; otherwise a once-active subscription is pinged
            again (see the operation).
    """

    program_guid: UUID
    url: str
    event_type: list[WebhookEventType]
    notification_guid: UUID | Unset = UNSET
    headers: None | str | Unset = _attrs_field(default=UNSET, repr=redacted)
    secret: None | str | Unset = _attrs_field(default=UNSET, repr=redacted)
    active: bool | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        program_guid = str(self.program_guid)

        url = self.url

        event_type = []
        for event_type_item_data in self.event_type:
            event_type_item = WebhookEventType(event_type_item_data).value
            event_type.append(event_type_item)

        notification_guid: str | Unset = UNSET
        if not isinstance(self.notification_guid, Unset):
            notification_guid = str(self.notification_guid)

        headers: None | str | Unset
        if isinstance(self.headers, Unset):
            headers = UNSET
        else:
            headers = self.headers

        secret: None | str | Unset
        if isinstance(self.secret, Unset):
            secret = UNSET
        else:
            secret = self.secret

        active: bool | None | Unset
        if isinstance(self.active, Unset):
            active = UNSET
        else:
            active = self.active

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "program_guid": program_guid,
                "url": url,
                "event_type": event_type,
            }
        )
        if notification_guid is not UNSET:
            field_dict["notification_guid"] = notification_guid
        if headers is not UNSET:
            field_dict["headers"] = headers
        if secret is not UNSET:
            field_dict["secret"] = secret
        if active is not UNSET:
            field_dict["active"] = active

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
        d = nulls_absent(src_dict, ("notification_guid",))
        _program_guid_json = d.pop("program_guid")
        if not isinstance(_program_guid_json, str):
            raise WrongType("program_guid has the wrong JSON type")
        try:
            program_guid = UUID(_program_guid_json)
        except ValueError:
            raise BadValue("program_guid is not a uuid") from None

        url = d.pop("url")
        if not isinstance(url, str):
            raise WrongType("url is not a string")

        _event_type_json = d.pop("event_type")
        if not isinstance(_event_type_json, list):
            raise WrongType("event_type has the wrong JSON type")
        event_type = []
        _event_type = _event_type_json
        for event_type_item_data in _event_type:
            event_type_item = WebhookEventType(event_type_item_data)

            event_type.append(event_type_item)

        _notification_guid_json = d.pop("notification_guid", UNSET)
        if not isinstance(_notification_guid_json, str) and _notification_guid_json is not UNSET:
            raise WrongType("notification_guid has the wrong JSON type")
        try:
            _notification_guid = _notification_guid_json
            notification_guid: UUID | Unset
            if isinstance(_notification_guid, Unset):
                notification_guid = UNSET
            else:
                notification_guid = UUID(_notification_guid)
        except ValueError:
            raise BadValue("notification_guid is not a uuid") from None

        def _parse_headers(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if not isinstance(data, str):
                raise WrongType("headers is not a string")

            return cast(None | str | Unset, data)

        headers = _parse_headers(d.pop("headers", UNSET))

        def _parse_secret(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if not isinstance(data, str):
                raise WrongType("secret is not a string")

            return cast(None | str | Unset, data)

        secret = _parse_secret(d.pop("secret", UNSET))

        def _parse_active(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if not isinstance(data, bool):
                raise WrongType("active is not a boolean")

            return cast(bool | None | Unset, data)

        active = _parse_active(d.pop("active", UNSET))

        notification_update_request = cls(
            program_guid=program_guid,
            url=url,
            event_type=event_type,
            notification_guid=notification_guid,
            headers=headers,
            secret=secret,
            active=active,
        )

        return notification_update_request
