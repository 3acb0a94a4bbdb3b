"""Verify webhook deliveries: `qolo.webhooks.verify(raw_body, headers, secret)`.

The platform signs the exact body bytes with HMAC-SHA256 under the subscription's secret and
sends the lowercase hex digest in `x-qolo-signature`. There is no timestamp header: the signed
body carries `created_at`, so `verify` rejects events older than `tolerance` (and events dated
too far in the future) after checking the signature.

`created_at` is when the event happened, not when this delivery was sent, and a retry keeps it:
the platform retries an unacknowledged delivery up to 6 times at growing intervals, on a
schedule it does not publish (the sandbox's, 30 s doubling, ends some 16 to 32 minutes after
the event; the platform's may end hours after). A retry older than the tolerance is refused,
the receiver answers 4xx, and the event is lost, so the default, `DEFAULT_TOLERANCE`, is a
day: more than any plausible 6-retry schedule. A tighter tolerance buys little: it only
bounds how old a captured delivery may be when replayed, and the replay protection is
de-duplicating by `event_id`, which every retry repeats (see examples/webhook_receiver.py).

Rotating the subscription's secret: `UpdateNotificationById` with the new `secret` pings the
receiver signed with it, and a failed ping turns the subscription off and cancels the retries
still pending. So pass `verify` both secrets (`secret=[new, old]`) while they change: 1. deploy
the receiver accepting the old and the new secret; 2. call `UpdateNotificationById` with the
new one; 3. once the deliveries signed with the old one are over (their last retries are
within the default tolerance, a day), deploy the receiver with the new secret alone.

The returned model is the generated one for the event's `event_type` (`qolo_api.webhook_events`,
generated from the contract's `webhooks:`), or the generic `WebhookEvent` for `ping` and for a
type this client does not know, so a new event type never breaks a receiver.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Collection, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol
from uuid import UUID

from qolo_api.models import WebhookEvent
from qolo_api.webhook_events import EVENT_MODELS

from ._exceptions import WebhookVerificationError
from ._logging import logger
from ._redaction import detach_parse_error, drop_frames

__all__ = [
    "DEFAULT_TOLERANCE",
    "SIGNATURE_HEADER",
    "Event",
    "WebhookVerificationError",
    "sign",
    "verify",
]

SIGNATURE_HEADER = "x-qolo-signature"
#: The oldest event (by `created_at`) `verify` accepts by default, and the most it may be dated
#: in the future. The platform's retry schedule is unknown (6 retries at growing intervals), and
#: its last retry must still verify: a day covers any plausible schedule. Replays are stopped by
#: de-duplicating `event_id`, not by this window.
DEFAULT_TOLERANCE = timedelta(hours=24)


class Event(Protocol):
    """What every event model has: `isinstance`-check against a generated model to narrow."""

    @property
    def event_id(self) -> UUID: ...

    @property
    def event_type(self) -> str: ...

    @property
    def created_at(self) -> datetime: ...

    @property
    def program_guid(self) -> UUID: ...

    def to_dict(self) -> dict[str, Any]: ...


def _header(headers: Mapping[str, str], name: str) -> str | None:
    value = headers.get(name)
    if value is not None:
        return value
    for key, item in headers.items():
        if key.lower() == name:
            return item
    return None


def _key(secret: str | bytes) -> bytes:
    """The HMAC key of one secret (a `str` encoded as UTF-8)."""
    if isinstance(secret, str):
        return secret.encode("utf-8")
    if isinstance(secret, bytes | bytearray):
        return bytes(secret)
    raise TypeError(f"a webhook secret must be str or bytes, not {type(secret).__name__}")


def _keys(secret: str | bytes | Collection[str | bytes] | None) -> list[bytes]:
    """The HMAC keys of one secret or several; empty ones (and None, an unset environment
    variable) are left out, so none may be left: no secret is configured."""
    if secret is None:
        return []
    if isinstance(secret, str | bytes | bytearray):
        return [key] if (key := _key(secret)) else []
    if not isinstance(secret, Collection):
        raise TypeError(
            f"secret must be str, bytes or a collection of them, not {type(secret).__name__}"
        )
    return [key for key in map(_key, secret) if key]


def _signature_ok(raw_body: bytes | bytearray, signature: str, keys: list[bytes]) -> bool:
    """Whether any key signed the body; every key is compared, in constant time, so the time
    taken does not say which one matched."""
    given = signature.strip().lower().encode("ascii", "replace")
    matched = False
    for key in keys:
        expected = hmac.new(key, raw_body, hashlib.sha256).hexdigest().encode("ascii")
        matched |= hmac.compare_digest(expected, given)
    return matched


def _window(tolerance: timedelta | float) -> timedelta:
    """`tolerance` as a `timedelta`; a negative, infinite or NaN one is a `ValueError`."""
    seconds = tolerance.total_seconds() if isinstance(tolerance, timedelta) else float(tolerance)
    if not 0 <= seconds < timedelta.max.total_seconds():  # NaN fails both comparisons
        raise ValueError(f"tolerance must be a finite, non-negative duration, not {tolerance!r}")
    return tolerance if isinstance(tolerance, timedelta) else timedelta(seconds=seconds)


def sign(raw_body: bytes, secret: str | bytes) -> str:
    """The `x-qolo-signature` value for `raw_body` (for tests and local tools)."""
    return hmac.new(_key(secret), raw_body, hashlib.sha256).hexdigest()


def verify(
    raw_body: bytes | bytearray,
    headers: Mapping[str, str],
    secret: str | bytes | Collection[str | bytes],
    *,
    tolerance: timedelta | float = DEFAULT_TOLERANCE,
    now: datetime | None = None,
) -> Event:
    """Check a delivery and return its typed event, or raise `WebhookVerificationError`.

    Args:
        raw_body: the request body exactly as received (before any JSON parsing).
        headers: the request headers (any mapping; the lookup ignores case).
        secret: the subscription's secret, or several (a list), any of which may have signed
            the delivery: the old and the new one while the secret is rotated (see above).
        tolerance: the oldest acceptable event age (a `timedelta` or seconds); by default
            `DEFAULT_TOLERANCE`, a day, so the platform's late retries (on a schedule it does
            not publish) still verify.
        now: the current time (for tests); default `datetime.now(UTC)`, naive means UTC.

    A caller's mistake is not a failed delivery: a `str` body is a `TypeError` (decoding and
    encoding again may change the signed bytes), and so is a secret that is neither `str` nor
    `bytes`; a negative or non-finite tolerance is a `ValueError`.

    What it raises keeps no frames, nor do the errors chained to it: their locals hold the
    secrets, the body and the event parsed from it (a card's number and CVV), and error
    reporters capture locals.
    """
    try:
        return _verified(raw_body, headers, secret, tolerance, now)
    except (WebhookVerificationError, TypeError, ValueError) as exc:
        refused: Exception = exc
    del raw_body, secret  # nor in this frame's, which the error raised from here shows
    raise drop_frames(refused)


def _verified(
    raw_body: bytes | bytearray,
    headers: Mapping[str, str],
    secret: str | bytes | Collection[str | bytes],
    tolerance: timedelta | float,
    now: datetime | None,
) -> Event:
    """`verify`, raising with its frames."""
    if not isinstance(raw_body, bytes | bytearray):
        raise TypeError(
            f"raw_body must be the request body's bytes as received, not {type(raw_body).__name__}"
        )
    window = _window(tolerance)
    keys = _keys(secret)
    if not keys:
        raise WebhookVerificationError("no webhook secret configured")
    signature = _header(headers, SIGNATURE_HEADER)
    if not signature:
        raise WebhookVerificationError(f"missing {SIGNATURE_HEADER} header")
    if not _signature_ok(raw_body, signature, keys):
        raise WebhookVerificationError("signature mismatch")
    try:
        document = json.loads(raw_body)
    except ValueError as exc:  # its `doc` would keep the whole body: detached first
        raise WebhookVerificationError("body is not JSON") from detach_parse_error(exc)
    except RecursionError as exc:  # signed, but nested deeper than any event is
        raise WebhookVerificationError("body is nested too deeply") from exc
    if not isinstance(document, dict):
        raise WebhookVerificationError("body is not a JSON object")
    try:
        envelope = WebhookEvent.from_dict(document)
    except KeyError as exc:
        raise WebhookVerificationError(f"body is not a webhook event: no {exc}") from exc
    except (ValueError, TypeError, AttributeError, RecursionError) as exc:
        raise WebhookVerificationError(
            f"body is not a webhook event: a field is malformed ({type(exc).__name__})"
        ) from exc

    current = now or datetime.now(UTC)
    if current.tzinfo is None:  # a naive `now` is taken as UTC, like a naive `created_at`
        current = current.replace(tzinfo=UTC)
    created = envelope.created_at
    if created.tzinfo is None:
        created = created.replace(tzinfo=UTC)
    if current - created > window:
        raise WebhookVerificationError(f"event is older than the tolerance of {window}")
    if created - current > window:
        raise WebhookVerificationError(f"event is dated more than {window} in the future")

    model = EVENT_MODELS.get(envelope.event_type)
    if model is None or model is WebhookEvent:
        return envelope
    try:
        event: Event = model.from_dict(document)
    except (KeyError, ValueError, TypeError, AttributeError) as exc:
        # Signed by the platform but not in the shape this client's models know: keep the
        # envelope, and say so loudly, since a receiver dispatching on `isinstance` would
        # otherwise acknowledge the event and drop it. The exception's text may quote values.
        logger.warning(
            "event %s (%s) does not fit %s (%s): returned as the generic WebhookEvent, its data "
            "in .data; this client may predate the event's shape",
            envelope.event_id,
            envelope.event_type,
            model.__name__,
            type(exc).__name__,
        )
        return envelope
    return event
