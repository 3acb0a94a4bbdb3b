"""Webhook delivery: the event outbox and the worker that posts it, signed, to receivers.

A card change and its event commit in one transaction (`emit`), together with one pending
delivery per matching active subscription. The worker reads due deliveries from the database,
so events still pending when the process dies are delivered after a restart. Deliveries run
concurrently and each failed one is retried on its own schedule, so receivers may see events
out of order (as on the platform): an event carries `created_at` for ordering.

Receiver URLs are checked by `_receivers` (never the sandbox itself, no credentials in the
URL, the `--webhook-allow` list) again before each ping and delivery, and a delivery connects
to the checked address. Of a receiver's answer only the status matters: at most
`WEBHOOK_MAX_RESPONSE_BYTES` of its body are read, never decompressed.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import logging
import random
import re
import sqlite3
import time
from collections.abc import AsyncGenerator
from typing import Any, cast

import httpx
import orjson

from ._clock import Clock, isoformat
from ._config import WEBHOOK_MAX_RESPONSE_BYTES, WEBHOOK_MAX_RETRIES, WEBHOOK_TIMEOUT
from ._ids import new_guid
from ._receivers import Policy, Refused, Target, resolve
from ._store import Store

__all__ = ["DeliveryWorker", "deliver", "deliveries_report", "emit", "post_signed", "sign"]

logger = logging.getLogger("qolo_sandbox")
_RESERVED_HEADERS = {
    "accept-encoding",
    "content-type",
    "content-length",
    "host",
    "transfer-encoding",
    "x-qolo-signature",
}
# RFC 9110: a field name is a token; a value is visible ASCII with inner spaces or tabs.
_HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
_HEADER_VALUE = re.compile(r"(?:[\x21-\x7E](?:[\x20-\x7E\t]*[\x21-\x7E])?)?")


def sign(raw_body: bytes, secret: str) -> str:
    """Lowercase hex HMAC-SHA256 of the exact body bytes (the order of `qolo.webhooks.sign`)."""
    return hmac.new(secret.encode("utf-8"), raw_body, hashlib.sha256).hexdigest()


def _extra_headers(raw: str | None) -> dict[str, str]:
    """The subscription's `Name: value` lines that are valid HTTP headers.

    Decision: a line that is not a valid header is ignored, never an error. Such lines are a
    line without a colon, a name that is not an RFC 9110 token (a space, `(`, `@`...), or a
    value with characters HTTP does not allow (non-ASCII, control characters). Headers the
    sandbox sets itself are ignored too. The other lines are still sent, so one bad line
    neither fails the subscription's ping nor turns every delivery into a failure. The
    contract already refuses non-printable-ASCII `headers` with a 400; this is the second line
    of defence for what the pattern lets through.
    """
    headers: dict[str, str] = {}
    for line in (raw or "").splitlines():
        name, sep, value = line.partition(":")
        name, value = name.strip(), value.strip(" \t")
        if (
            sep
            and _HEADER_NAME.fullmatch(name)
            and _HEADER_VALUE.fullmatch(value)
            and name.lower() not in _RESERVED_HEADERS
        ):
            headers[name] = value
    return headers


def emit(store: Store, clock: Clock, program_guid: str, event_type: str, data: Any) -> None:
    """Write an event and its deliveries inside the caller's open transaction.

    Nothing is written for a program without an active subscription: only a delivery ever
    reads an event, and deliveries are made here, at the event, never later.
    """
    if program_guid not in store.listening():
        return
    conn = store.conn
    now = clock.now()
    event_id = new_guid()
    envelope = {
        "event_id": event_id,
        "event_type": event_type,
        "created_at": isoformat(now),
        "program_guid": program_guid,
        "data": data,
    }
    conn.execute(
        "INSERT INTO events(event_id, program_guid, event_type, body, created_at) "
        "VALUES (?, ?, ?, ?, ?)",
        (event_id, program_guid, event_type, orjson.dumps(envelope), now),
    )
    conn.execute(
        "INSERT INTO deliveries(event_id, notification_guid, state, attempts, next_attempt_at) "
        "SELECT ?, n.notification_guid, 'pending', 0, ? FROM notifications n "
        "WHERE n.program_guid = ? AND n.active = 1 AND EXISTS ("
        "  SELECT 1 FROM json_each(n.event_types) WHERE value IN (?, ?, 'all')) ORDER BY n.seq",
        # An event's class is its type's first word: `card` asks for every `card.*` event.
        (event_id, now, program_guid, event_type, event_type.partition(".")[0]),
    )


class DeliveryWorker:
    """Posts due deliveries, records every attempt, reschedules failures with backoff."""

    def __init__(
        self,
        store: Store,
        clock: Clock,
        retry_base: float,
        poll: float,
        policy: Policy | None = None,
    ) -> None:
        self._store = store
        self._policy = policy or Policy()
        self._clock = clock
        self._retry_base = retry_base
        self._poll = poll
        self._wake = asyncio.Event()
        self._busy: set[int] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._runner: asyncio.Task[None] | None = None
        self._http: httpx.AsyncClient | None = None

    @property
    def http(self) -> httpx.AsyncClient:
        if self._http is None:
            # trust_env=False: a proxy from the environment must never see webhook traffic.
            self._http = httpx.AsyncClient(timeout=WEBHOOK_TIMEOUT, trust_env=False)
        return self._http

    def wake(self) -> None:
        self._wake.set()

    def start(self) -> None:
        self._runner = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> None:
        """Cancel the loop and any attempt in progress; unfinished ones stay pending."""
        tasks = [t for t in (self._runner, *self._tasks) if t is not None]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        if self._http is not None:
            await self._http.aclose()

    async def _run(self) -> None:
        while True:
            # A reset racing a read is harmless: the next round retries.
            with contextlib.suppress(sqlite3.Error):
                self._dispatch_due()
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self._poll)

    def _dispatch_due(self) -> None:
        rows = self._store.all(
            "SELECT d.id, d.attempts, e.body, n.url, n.secret, n.headers, n.notification_guid, "
            "n.active "
            "FROM deliveries d JOIN events e ON e.event_id = d.event_id "
            "LEFT JOIN notifications n ON n.notification_guid = d.notification_guid "
            "WHERE d.state = 'pending' AND d.next_attempt_at <= ? ORDER BY d.id LIMIT 64",
            (self._clock.now(),),
        )
        for row in rows:
            delivery_id = int(row["id"])
            if delivery_id in self._busy:
                continue
            if row["url"] is None or not row["active"]:
                # deleted or turned off (by its owner, or by a failed ping of its update):
                # `active` means "events are delivered", so what was still due is not
                self._store.conn.execute(
                    "UPDATE deliveries SET state = 'cancelled' WHERE id = ?", (delivery_id,)
                )
                continue
            self._busy.add(delivery_id)
            task = asyncio.get_running_loop().create_task(
                self._attempt(
                    delivery_id,
                    int(row["attempts"]),
                    bytes(row["body"]),
                    str(row["url"]),
                    str(row["secret"]),
                    row["headers"],
                )
            )
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _attempt(
        self, delivery_id: int, attempts: int, body: bytes, url: str, secret: str, extra: Any
    ) -> None:
        try:
            started = time.monotonic()
            status, error = await deliver(self.http, self._policy, url, secret, body, extra)
            duration = (time.monotonic() - started) * 1000
            number = attempts + 1
            ok = status is not None and 200 <= status < 300
            now = self._clock.now()
            if ok:
                state, next_at = "delivered", now
            elif number > WEBHOOK_MAX_RETRIES:
                state, next_at = "failed", now
            else:
                backoff = self._retry_base * 2 ** (number - 1)
                state, next_at = "pending", now + backoff / 2 + random.uniform(0, backoff / 2)
            with self._store.transaction() as conn:
                conn.execute(
                    "INSERT INTO attempts(delivery_id, attempt, at, status_code, error, "
                    "duration_ms) VALUES (?, ?, ?, ?, ?, ?)",
                    (delivery_id, number, now, status, error, duration),
                )
                conn.execute(
                    "UPDATE deliveries SET state = ?, attempts = ?, next_attempt_at = ? "
                    "WHERE id = ? AND state = 'pending'",
                    (state, number, next_at, delivery_id),
                )
        except sqlite3.Error:
            pass  # the delivery vanished (reset); nothing to record
        finally:
            self._busy.discard(delivery_id)
        self._wake.set()


async def deliver(
    http: httpx.AsyncClient, policy: Policy, url: str, secret: str, body: bytes, extra: str | None
) -> tuple[int | None, str | None]:
    """Check `url` again (DNS may have changed since it was saved), then `post_signed` to it.

    Within `WEBHOOK_TIMEOUT` for the whole; a refused URL is a failed attempt whose error is
    `refused: <rule>`. Never raises (short of cancellation).
    """
    try:
        async with asyncio.timeout(WEBHOOK_TIMEOUT):
            target = await resolve(policy, url)
            return await post_signed(http, target, secret, body, extra)
    except Refused as exc:
        return None, f"refused: {exc.rule}"
    except TimeoutError:
        return None, "timeout"


async def post_signed(
    http: httpx.AsyncClient, target: Target, secret: str, body: bytes, extra: str | None
) -> tuple[int | None, str | None]:
    """POST `body` signed with `secret` to the checked `target`; the status, or None and the error.

    The connection goes to an address that was checked (the next one if the connection is
    refused; see `Target.urls`). Only the status is kept: at most
    `WEBHOOK_MAX_RESPONSE_BYTES` of the answer are read, raw (`Accept-Encoding: identity`, and
    nothing is decompressed whatever the receiver sends), so no answer can grow memory.

    Never raises (short of cancellation): whatever goes wrong, from the receiver, the network
    or a request httpx refuses to build, is a failed attempt with its error recorded, retried
    like any other. Bad `extra` lines are dropped beforehand (see `_extra_headers`).
    """
    try:
        headers = {
            **_extra_headers(extra),
            "Content-Type": "application/json",
            "Accept-Encoding": "identity",
            "x-qolo-signature": sign(body, secret),
        }
        urls = target.urls()
        if not urls:  # the name did not resolve: nothing checked to connect to
            return None, "ConnectError"
        # httpx's timeout bounds each read and write; the platform's 5 s is for the whole answer
        # (a receiver that trickles its headers must not stretch it).
        async with asyncio.timeout(WEBHOOK_TIMEOUT):
            for index, (url, host) in enumerate(urls):
                try:
                    return await _post(http, url, {**headers, **host}, body), None
                except httpx.ConnectError:
                    if index == len(urls) - 1:
                        raise
    except (httpx.TimeoutException, TimeoutError):
        return None, "timeout"
    except httpx.HTTPError as exc:
        return None, type(exc).__name__
    except Exception as exc:  # e.g. UnicodeEncodeError, ValueError from httpx's request build
        logger.warning("webhook POST to %s could not be sent: %r", target.url, exc)
        return None, type(exc).__name__
    return None, "ConnectError"  # unreachable: the loop returns or raises


async def _post(
    http: httpx.AsyncClient, url: httpx.URL, headers: dict[str, str], body: bytes
) -> int:
    """The receiver's status, after reading at most `WEBHOOK_MAX_RESPONSE_BYTES` of its body.

    A short body is read whole, so the connection can be reused; a longer one is cut off and
    its connection closed.
    """
    request = http.build_request("POST", url, content=body, headers=headers)
    response = await http.send(request, stream=True)
    try:
        if response.is_stream_consumed:  # already in memory (a mock transport's answer)
            return response.status_code
        read = 0
        # aiter_raw is an async generator: close it when we stop early.
        chunks = cast(AsyncGenerator[bytes, None], response.aiter_raw())
        async with contextlib.aclosing(chunks):
            async for chunk in chunks:
                read += len(chunk)
                if read >= WEBHOOK_MAX_RESPONSE_BYTES:
                    break
        return response.status_code
    finally:
        await response.aclose()


def deliveries_report(store: Store) -> list[dict[str, Any]]:
    """Every delivery with its event and attempts, for the `/_sandbox/deliveries` control."""
    attempts: dict[int, list[dict[str, Any]]] = {}
    for a in store.all("SELECT * FROM attempts ORDER BY delivery_id, attempt"):
        attempts.setdefault(int(a["delivery_id"]), []).append(
            {
                "attempt": a["attempt"],
                "at": isoformat(a["at"]),
                "status_code": a["status_code"],
                "error": a["error"],
                "duration_ms": round(a["duration_ms"], 1),
            }
        )
    report = []
    for d in store.all(
        "SELECT d.*, e.body, e.event_type, n.url FROM deliveries d "
        "JOIN events e ON e.event_id = d.event_id "
        "LEFT JOIN notifications n ON n.notification_guid = d.notification_guid ORDER BY d.id"
    ):
        report.append(
            {
                "delivery_id": d["id"],
                "event_id": d["event_id"],
                "event_type": d["event_type"],
                "notification_guid": d["notification_guid"],
                "url": d["url"],
                "state": d["state"],
                # Only a pending delivery has a next attempt; the column keeps its last time.
                "next_attempt_at": (
                    isoformat(d["next_attempt_at"]) if d["state"] == "pending" else None
                ),
                "attempts": attempts.get(int(d["id"]), []),
                "event": orjson.loads(d["body"]),
            }
        )
    return report
