# Generated from openapi.yaml by tools/regenerate.py (openapi-python-client) — do not edit.
# Change the contract or generator-templates/, then run `nox -s regenerate`.
from __future__ import annotations

import datetime
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
    parse_datetime,
    redacted,
    redacted_free_form,
)

T = TypeVar("T", bound="Notification")


@_attrs_define
class Notification:
    """A webhook subscription, as this contract's operations answer it (the reference shows no
    response for subscriptions): the reference's fields, without the write-only `secret`.

        Attributes:
            notification_guid (UUID):
            program_guid (UUID | Unset):
            url (str | Unset):
            headers (None | str | Unset): The extra delivery headers. Only the subscription's own program sees them, and
                only with a token that may write; a read-only token's answer omits them (they may carry the partner's
                credentials).
            active (bool | Unset): Whether events are delivered.
            event_type (list[WebhookEventType] | Unset):
            sys_utcinserted (datetime.datetime | Unset): When the subscription was created (UTC), named like the platform's
                card timestamps.
            sys_utcupdated (datetime.datetime | Unset): When it last changed (UTC), named like the platform's card
                timestamps.
    """

    notification_guid: UUID
    program_guid: UUID | Unset = UNSET
    url: str | Unset = UNSET
    headers: None | str | Unset = _attrs_field(default=UNSET, repr=redacted)
    active: bool | Unset = UNSET
    event_type: list[WebhookEventType] | Unset = UNSET
    sys_utcinserted: datetime.datetime | Unset = UNSET
    sys_utcupdated: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict, repr=redacted_free_form)

    def to_dict(self) -> dict[str, Any]:
        notification_guid = str(self.notification_guid)

        program_guid: str | Unset = UNSET
        if not isinstance(self.program_guid, Unset):
            program_guid = str(self.program_guid)

        url = self.url

        headers: None | str | Unset
        if isinstance(self.headers, Unset):
            headers = UNSET
        else:
            headers = self.headers

        active = self.active

        event_type: list[str] | Unset = UNSET
        if not isinstance(self.event_type, Unset):
            event_type = []
            for event_type_item_data in self.event_type:
                event_type_item = WebhookEventType(event_type_item_data).value
                event_type.append(event_type_item)

        sys_utcinserted: str | Unset = UNSET
        if not isinstance(self.sys_utcinserted, Unset):
            sys_utcinserted = self.sys_utcinserted.isoformat()

        sys_utcupdated: str | Unset = UNSET
        if not isinstance(self.sys_utcupdated, Unset):
            sys_utcupdated = self.sys_utcupdated.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "notification_guid": notification_guid,
            }
        )
        if program_guid is not UNSET:
            field_dict["program_guid"] = program_guid
        if url is not UNSET:
            field_dict["url"] = url
        if headers is not UNSET:
            field_dict["headers"] = headers
        if active is not UNSET:
            field_dict["active"] = active
        if event_type is not UNSET:
            field_dict["event_type"] = event_type
        if sys_utcinserted is not UNSET:
            field_dict["sys_utcinserted"] = sys_utcinserted
        if sys_utcupdated is not UNSET:
            field_dict["sys_utcupdated"] = sys_utcupdated

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
        d = nulls_absent(
            src_dict,
            (
                "program_guid",
                "url",
                "active",
                "event_type",
                "sys_utcinserted",
                "sys_utcupdated",
            ),
        )
        _notification_guid_json = d.pop("notification_guid")
        if not isinstance(_notification_guid_json, str):
            raise WrongType("notification_guid has the wrong JSON type")
        try:
            notification_guid = UUID(_notification_guid_json)
        except ValueError:
            raise BadValue("notification_guid is not a uuid") from None

        _program_guid_json = d.pop("program_guid", UNSET)
        if not isinstance(_program_guid_json, str) and _program_guid_json is not UNSET:
            raise WrongType("program_guid has the wrong JSON type")
        try:
            _program_guid = _program_guid_json
            program_guid: UUID | Unset
            if isinstance(_program_guid, Unset):
                program_guid = UNSET
            else:
                program_guid = UUID(_program_guid)
        except ValueError:
            raise BadValue("program_guid is not a uuid") from None

        url = d.pop("url", UNSET)
        if not isinstance(url, str) and url is not UNSET:
            raise WrongType("url is not a string")

        def _parse_headers(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if not isinstance(data, str):
                raise WrongType("headers is not a string")

            return cast(None | str | Unset, data)

        headers = _parse_headers(d.pop("headers", UNSET))

        active = d.pop("active", UNSET)
        if not isinstance(active, bool) and active is not UNSET:
            raise WrongType("active is not a boolean")

        _event_type_json = d.pop("event_type", UNSET)
        if not isinstance(_event_type_json, list) and _event_type_json is not UNSET:
            raise WrongType("event_type has the wrong JSON type")
        _event_type = _event_type_json
        event_type: list[WebhookEventType] | Unset = UNSET
        if _event_type is not UNSET:
            event_type = []
            for event_type_item_data in _event_type:
                event_type_item = WebhookEventType(event_type_item_data)

                event_type.append(event_type_item)

        _sys_utcinserted_json = d.pop("sys_utcinserted", UNSET)
        if not isinstance(_sys_utcinserted_json, str) and _sys_utcinserted_json is not UNSET:
            raise WrongType("sys_utcinserted has the wrong JSON type")
        try:
            _sys_utcinserted = _sys_utcinserted_json
            sys_utcinserted: datetime.datetime | Unset
            if isinstance(_sys_utcinserted, Unset):
                sys_utcinserted = UNSET
            else:
                sys_utcinserted = parse_datetime(_sys_utcinserted)
        except ValueError:
            raise BadValue("sys_utcinserted is not a date-time") from None

        _sys_utcupdated_json = d.pop("sys_utcupdated", UNSET)
        if not isinstance(_sys_utcupdated_json, str) and _sys_utcupdated_json is not UNSET:
            raise WrongType("sys_utcupdated has the wrong JSON type")
        try:
            _sys_utcupdated = _sys_utcupdated_json
            sys_utcupdated: datetime.datetime | Unset
            if isinstance(_sys_utcupdated, Unset):
                sys_utcupdated = UNSET
            else:
                sys_utcupdated = parse_datetime(_sys_utcupdated)
        except ValueError:
            raise BadValue("sys_utcupdated is not a date-time") from None

        notification = cls(
            notification_guid=notification_guid,
            program_guid=program_guid,
            url=url,
            headers=headers,
            active=active,
            event_type=event_type,
            sys_utcinserted=sys_utcinserted,
            sys_utcupdated=sys_utcupdated,
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
