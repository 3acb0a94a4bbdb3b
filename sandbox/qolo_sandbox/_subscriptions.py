"""Webhook subscriptions: the Notification operations and Qolo's activation.

The reference's activation rule: a create pings the URL and saves the subscription `active`
only if the ping succeeds. A subscription that was never active is activated by Qolo, not by an
update (an update saves its fields and sends no ping); the sandbox's stand-in for Qolo is the
test control `POST /_sandbox/notifications/{guid}/activate` (`activate`). Whether a
subscription has ever been active is kept (`ever_active`) so the rule survives restarts.

A receiver URL is checked by `_receivers` when saved (a refused one is a 400 naming the rule);
`_delivery` checks it again before each ping and delivery.
"""

from __future__ import annotations

import asyncio
import functools
import sqlite3
import ssl
import uuid
from typing import Any

import httpx
import orjson

from ._clock import Clock
from ._config import WEBHOOK_TIMEOUT
from ._delivery import post_signed
from ._handler_types import Request, Response, page
from ._problems import ApiError
from ._receivers import Refused, Target, resolve
from ._store import Store

__all__ = ["activate", "handlers"]


async def _checked(request: Request, url: str) -> Target:
    """The target of a URL being saved; a refused one is a 400 that names the rule."""
    try:
        async with asyncio.timeout(WEBHOOK_TIMEOUT):
            return await resolve(request.services.receivers, url)
    except Refused as exc:
        raise ApiError(
            400,
            "webhook_url_refused",
            exc.detail,
            errors=[{"location": "body", "field": "/url", "message": f"refused ({exc.rule})"}],
        ) from None
    except TimeoutError:  # the name did not resolve in time: the ping fails, as it would
        return Target(httpx.URL(url), ())


@functools.cache
def _tls() -> ssl.SSLContext:
    """One TLS context for every ping: building one loads the CA bundle, several ms of CPU,
    which a client per ping paid each time (a quarter of the sandbox's CPU in a conformance
    run, by py-spy)."""
    return ssl.create_default_context()


async def _ping(request: Request, target: Target, secret: str, extra: str | None) -> bool:
    """The subscribe-time ping: active when the receiver answers 2xx within 5 s."""
    body = orjson.dumps(
        {
            "event_id": str(uuid.uuid4()),
            "event_type": "ping",
            "created_at": request.services.clock.iso(),
            "program_guid": request.program_guid,
            "data": {},
        }
    )
    async with httpx.AsyncClient(timeout=WEBHOOK_TIMEOUT, trust_env=False, verify=_tls()) as http:
        status, _ = await post_signed(http, target, secret, body, extra)
    return status is not None and 200 <= status < 300


def _notification(row: sqlite3.Row, show_headers: bool = True) -> dict[str, Any]:
    """A subscription as the API answers it; `headers` (maybe a partner's credentials) only
    for tokens that may write, never for read-only ones."""
    out: dict[str, Any] = {
        "notification_guid": row["notification_guid"],
        "program_guid": row["program_guid"],
        "url": row["url"],
        "active": bool(row["active"]),
        "event_type": orjson.loads(row["event_types"]),
        "sys_utcinserted": row["inserted"],
        "sys_utcupdated": row["updated"],
    }
    if show_headers and row["headers"] is not None:
        out["headers"] = row["headers"]
    return out


def _find(request: Request, guid: str) -> sqlite3.Row:
    row = request.services.store.one(
        "SELECT * FROM notifications WHERE notification_guid = ? AND program_guid = ?",
        (guid, request.program_guid),
    )
    if row is None:
        raise ApiError(404, "notification_not_found", "Notification not found")
    return row


async def create_notification(request: Request) -> Response:
    body = request.body
    if body["program_guid"] != request.program_guid:
        raise ApiError(404, "program_not_found", "Program not found")
    guid = str(uuid.uuid4())
    target = await _checked(request, body["url"])
    active = await _ping(request, target, body["secret"], body.get("headers"))
    now = request.services.clock.stamp()
    with request.services.store.transaction() as conn:
        conn.execute(
            "INSERT INTO notifications(notification_guid, program_guid, url, headers, secret, "
            "active, ever_active, event_types, inserted, updated) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                guid,
                body["program_guid"],
                body["url"],
                body.get("headers"),
                body["secret"],
                int(active),
                int(active),
                orjson.dumps(body["event_type"]),
                now,
                now,
            ),
        )
        row = conn.execute(
            "SELECT * FROM notifications WHERE notification_guid = ?", (guid,)
        ).fetchone()
        return request.respond(conn, 201, _notification(row))


async def list_notifications(request: Request) -> Response:
    limit = int(request.params.get("limit", 100))
    start = int(request.params.get("start_index", 0))
    store = request.services.store
    count_row = store.one(
        "SELECT COUNT(*) FROM notifications WHERE program_guid = ?", (request.program_guid,)
    )
    count = int(count_row[0]) if count_row else 0
    rows = store.all(
        "SELECT * FROM notifications WHERE program_guid = ? ORDER BY seq LIMIT ? OFFSET ?",
        (request.program_guid, limit, start),
    )
    show = not _read_only(request)
    return request.respond(None, 200, page(count, start, [_notification(r, show) for r in rows]))


async def get_notification(request: Request) -> Response:
    row = _find(request, request.params["notification_guid"])
    return request.respond(None, 200, _notification(row, not _read_only(request)))


def _read_only(request: Request) -> bool:
    return request.principal is not None and request.principal.read_only


def _invalid(field: str, message: str) -> dict[str, str]:
    return {"location": "body", "field": field, "message": message}


async def update_notification(request: Request) -> Response:
    """Replace url, headers, event types and (when given, not null) the secret; then `active`.

    `active: false` turns the subscription off without a ping. Otherwise a subscription that
    has been active before is pinged at its (new) URL and is active if the ping succeeds; one
    that was never active stays inactive, unpinged, whatever the body says (see the module).
    """
    row = _find(request, request.params["notification_guid"])
    body = request.body
    guid = row["notification_guid"]
    errors: list[dict[str, str]] = []
    if body.get("notification_guid", guid) != guid:
        errors.append(_invalid("/notification_guid", "must be the notification_guid of the path"))
    if body["program_guid"] != row["program_guid"]:
        errors.append(_invalid("/program_guid", "must be the subscription's own program"))
    if errors:
        noun = "field" if len(errors) == 1 else "fields"
        raise ApiError(
            400, "validation_error", f"The request has {len(errors)} invalid {noun}.", errors=errors
        )
    secret = row["secret"] if body.get("secret") is None else body["secret"]
    target = await _checked(request, body["url"])  # checked even when no ping is sent
    if body.get("active") is False or not row["ever_active"]:
        active = False
    else:
        active = await _ping(request, target, secret, body.get("headers"))
    with request.services.store.transaction() as conn:
        conn.execute(
            "UPDATE notifications SET url = ?, headers = ?, secret = ?, active = ?, "
            "event_types = ?, updated = ? WHERE notification_guid = ?",
            (
                body["url"],
                body.get("headers"),
                secret,
                int(active),
                orjson.dumps(body["event_type"]),
                request.services.clock.stamp(),
                guid,
            ),
        )
        updated = conn.execute(
            "SELECT * FROM notifications WHERE notification_guid = ?", (guid,)
        ).fetchone()
    if updated is None:  # deleted while the ping was out: the update has nothing to change
        raise ApiError(404, "notification_not_found", "Notification not found")
    return request.respond(None, 200, _notification(updated))


def activate(store: Store, clock: Clock, guid: str) -> dict[str, Any] | None:
    """Qolo's activation (a test control): active and ever active, without a ping.

    Any program's subscription; None when there is no such subscription.
    """
    with store.transaction() as conn:
        conn.execute(
            "UPDATE notifications SET active = 1, ever_active = 1, updated = ? "
            "WHERE notification_guid = ?",
            (clock.stamp(), guid),
        )
        row = conn.execute(
            "SELECT * FROM notifications WHERE notification_guid = ?", (guid,)
        ).fetchone()
    return None if row is None else _notification(row)


async def delete_notification(request: Request) -> Response:
    row = _find(request, request.params["notification_guid"])
    with request.services.store.transaction() as conn:
        conn.execute(
            "UPDATE deliveries SET state = 'cancelled' "
            "WHERE notification_guid = ? AND state = 'pending'",
            (row["notification_guid"],),
        )
        conn.execute(
            "DELETE FROM notifications WHERE notification_guid = ?", (row["notification_guid"],)
        )
    return Response(204)


handlers = {
    "CreateNotification": create_notification,
    "ListNotifications": list_notifications,
    "GetNotificationById": get_notification,
    "UpdateNotificationById": update_notification,
    "DeleteNotificationById": delete_notification,
}
