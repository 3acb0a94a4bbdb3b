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
    redacted,
)

T = TypeVar("T", bound="NotificationRequest")


@_attrs_define
class NotificationRequest:
    """What `CreateNotification` (this contract's operation) takes: the fields of the
    reference's update. `secret` is required here so every delivery can be signed.
    Undeclared properties are refused.

        Attributes:
            program_guid (UUID): The program whose events to receive (the caller's own).
            url (str): The receiver. HTTPS in production; the sandbox also accepts HTTP. No user name or password in it (400
                `webhook_url_refused`: send credentials in `headers`), and never the sandbox's own address (see
                `CreateNotification`). The URI form and the 2048-character limit are this contract's.
            secret (str): The HMAC key for `x-qolo-signature`. Write-only. The length limits are this contract's.
            event_type (list[WebhookEventType]):
            headers (None | str | Unset): Extra headers sent with every delivery, one `Name: value` per line, printable
                ASCII only (HTTP header values are bytes, not text; the limits are this contract's). May carry the partner's own
                credentials: treated as a secret. A line that is no header (no colon, a name with a space), and the headers a
                delivery sets itself (`Content-Type`, `Content-Length`, `Host`, `Transfer-Encoding`, `Accept-Encoding`, `x-qolo-
                signature`), are kept as given but not sent (a choice: one bad line neither fails the ping nor every delivery).
    """

    program_guid: UUID
    url: str
    secret: str = _attrs_field(repr=redacted)
    event_type: list[WebhookEventType]
    headers: None | str | Unset = _attrs_field(default=UNSET, repr=redacted)

    def to_dict(self) -> dict[str, Any]:
        program_guid = str(self.program_guid)

        url = self.url

        secret = self.secret

        event_type = []
        for event_type_item_data in self.event_type:
            event_type_item = WebhookEventType(event_type_item_data).value
            event_type.append(event_type_item)

        headers: None | str | Unset
        if isinstance(self.headers, Unset):
            headers = UNSET
        else:
            headers = self.headers

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "program_guid": program_guid,
                "url": url,
                "secret": secret,
                "event_type": event_type,
            }
        )
        if headers is not UNSET:
            field_dict["headers"] = headers

        return RedactedDict(
            field_dict,
            frozenset(
                {
                    "secret",
                    "headers",
                }
            ),
        )

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
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

        secret = d.pop("secret")
        if not isinstance(secret, str):
            raise WrongType("secret is not a string")

        _event_type_json = d.pop("event_type")
        if not isinstance(_event_type_json, list):
            raise WrongType("event_type has the wrong JSON type")
        event_type = []
        _event_type = _event_type_json
        for event_type_item_data in _event_type:
            event_type_item = WebhookEventType(event_type_item_data)

            event_type.append(event_type_item)

        def _parse_headers(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if not isinstance(data, str):
                raise WrongType("headers is not a string")

            return cast(None | str | Unset, data)

        headers = _parse_headers(d.pop("headers", UNSET))

        notification_request = cls(
            program_guid=program_guid,
            url=url,
            secret=secret,
            event_type=event_type,
            headers=headers,
        )

        return notification_request
