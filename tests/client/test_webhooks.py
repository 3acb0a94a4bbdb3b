"""`qolo.webhooks.verify` and the example receiver, with the sandbox's real deliveries."""

from __future__ import annotations

import hmac
import importlib.util
import json
import logging
import pickle
import re
import socket
import threading
import time
import traceback
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest

import qolo
from qolo.webhooks import WebhookVerificationError, sign, verify
from qolo_api.api.cards import create_card
from qolo_api.api.notifications import create_notification, update_notification_by_id
from qolo_api.models import (
    CardCreatedEvent,
    CardFulfilmentEvent,
    CardStatusEvent,
    NotificationRequest,
    NotificationUpdateRequest,
    WebhookEvent,
    WebhookEventType,
)
from qolo_sandbox.testing import Sandbox

from ._support import CARD, ClientFactory, card_request

SECRET = "whsec_test_0123456789abcdef"
NOW = datetime(2026, 11, 23, 10, 15, 31, tzinfo=UTC)


def event_body(event_type: str = "card.created", created_at: datetime = NOW, **extra: Any) -> bytes:
    data: dict[str, Any] = {"card": CARD} if event_type.startswith("card.") else {}
    if event_type == "card.status":
        data["previous_status"] = "ACTIVE"
    body = {
        "event_id": str(uuid4()),
        "event_type": event_type,
        "created_at": created_at.isoformat().replace("+00:00", "Z"),
        "program_guid": "6f1c2a9e-3b7d-4e5f-8a9b-0c1d2e3f4a5b",
        "data": data,
        **extra,
    }
    return json.dumps(body).encode()


def test_verify_returns_the_typed_event() -> None:
    """A well-signed card.created is a CardCreatedEvent; the header name's case does not matter."""
    body = event_body()
    event = verify(body, {"X-Qolo-Signature": sign(body, SECRET)}, SECRET, now=NOW)
    assert isinstance(event, CardCreatedEvent)
    assert event.data.card.card_proxy == "cproxy0000000000001"
    status = event_body("card.status")
    assert isinstance(
        verify(status, {"x-qolo-signature": sign(status, SECRET)}, SECRET, now=NOW), CardStatusEvent
    )
    fulfilment = event_body("card.fulfilment")
    assert isinstance(
        verify(fulfilment, {"x-qolo-signature": sign(fulfilment, SECRET)}, SECRET, now=NOW),
        CardFulfilmentEvent,
    )


@pytest.mark.parametrize("event_type", ["ping", "wallet.created", "card.teleported"])
def test_unknown_event_types_fall_back_to_the_envelope(event_type: str) -> None:
    """Ping and event types newer than the client are the generic WebhookEvent."""
    body = event_body(event_type, brand_new_field=1)
    event = verify(body, {"x-qolo-signature": sign(body, SECRET)}, SECRET, now=NOW)
    assert type(event) is WebhookEvent
    assert event.event_type == event_type


def test_known_type_with_a_new_shape_still_verifies(caplog: pytest.LogCaptureFixture) -> None:
    """A signed event whose data no longer fits the generated model is kept as the envelope, and
    a warning says so (a receiver dispatching on `isinstance` would drop it), quoting no value."""
    body = json.dumps({**json.loads(event_body()), "data": {"card": "now a string"}}).encode()
    with caplog.at_level(logging.WARNING, logger="qolo"):
        event = verify(body, {"x-qolo-signature": sign(body, SECRET)}, SECRET, now=NOW)
    assert type(event) is WebhookEvent
    [record] = [r for r in caplog.records if r.levelno == logging.WARNING]
    message = record.getMessage()
    assert "card.created" in message, message
    assert "CardCreatedEvent" in message, message
    assert "now a string" not in message


PAN = "5340920000007644"
CVV = "917"


@pytest.mark.parametrize(
    ("event_type", "data"),
    [
        ("wallet.created", {"wallet": {"cards": [{**CARD, "card_number": PAN, "cvx2": CVV}]}}),
        ("card.status", {"card": {**CARD, "card_number": PAN, "cvx2": CVV}}),  # no previous_status
    ],
    ids=["unknown-type", "known-type-that-does-not-fit"],
)
def test_an_untyped_event_keeps_card_secrets_out_of_its_reprs(
    event_type: str, data: dict[str, Any]
) -> None:
    """The generic WebhookEvent masks a card's PAN and CVV, at any depth, in its repr, str and
    `to_dict()`'s repr, and still gives them to code that asks."""
    body = event_body(event_type, data=data)
    event = verify(body, {"x-qolo-signature": sign(body, SECRET)}, SECRET, now=NOW)
    assert type(event) is WebhookEvent
    for text in (repr(event), str(event), repr(event.to_dict()), str(event.to_dict())):
        assert PAN not in text
        assert f"'{CVV}'" not in text
        assert "'card_number': <redacted>" in text
    card = event.data["wallet"]["cards"][0] if "wallet" in event.data else event.data["card"]
    assert (card["card_number"], card["cvx2"]) == (PAN, CVV)
    assert event.to_dict()["data"] == data


@pytest.mark.parametrize(
    ("body", "headers", "now", "reason"),
    [
        (event_body(), {}, NOW, "missing x-qolo-signature"),
        (event_body(), {"x-qolo-signature": "0" * 64}, NOW, "signature mismatch"),
        (event_body(), {"x-qolo-signature": "not hex at all"}, NOW, "signature mismatch"),
        (event_body(), "sign", NOW + timedelta(hours=25), "older than"),
        (event_body(), "sign", NOW - timedelta(hours=25), "in the future"),
        (b"not json", "sign", NOW, "not JSON"),
        (b"[1, 2]", "sign", NOW, "not a JSON object"),
        (b'{"event_type": "card.created"}', "sign", NOW, "no 'event_id'"),
        (b"[" * 100_000 + b"]" * 100_000, "sign", NOW, "nested too deeply"),
    ],
)
def test_verify_rejects(
    body: bytes, headers: dict[str, str] | str, now: datetime, reason: str
) -> None:
    """Forged, unsigned, stale, future and malformed deliveries are refused with a reason."""
    if headers == "sign":
        headers = {"x-qolo-signature": sign(body, SECRET)}
    assert isinstance(headers, dict)
    with pytest.raises(qolo.WebhookVerificationError, match=reason) as excinfo:
        verify(body, headers, SECRET, now=now)
    assert SECRET not in str(excinfo.value)


def test_a_signed_body_that_is_not_json_is_not_kept_in_the_error() -> None:
    """The parse error chained to the verification error quotes no part of the body."""
    body = b'{"event_type": "card.created", "data": {"person": "Ada Lovelace", '
    with pytest.raises(WebhookVerificationError, match="not JSON") as caught:
        verify(body, {"x-qolo-signature": sign(body, SECRET)}, SECRET, now=NOW)
    cause = caught.value.__cause__
    assert isinstance(cause, json.JSONDecodeError)
    assert "Ada Lovelace" not in cause.doc
    assert b"Ada Lovelace" not in pickle.dumps(cause)


def _kept(error: BaseException) -> str:
    """What an error reporter may keep of a verification error: its text, traceback, pickle,
    and the local variables of every frame of its chain but this file's (object addresses
    blanked: a CVV's digits may turn up in one)."""
    texts = [str(error), repr(error), "".join(traceback.format_exception(error))]
    texts.append(pickle.dumps(error).decode("latin-1"))
    chained: traceback.TracebackException | None = traceback.TracebackException.from_exception(
        error, capture_locals=True
    )
    while chained is not None:
        texts += [repr(frame.locals) for frame in chained.stack if frame.filename != __file__]
        chained = chained.__cause__ or chained.__context__
    return re.sub(r"\b0x[0-9a-fA-F]+", "_", "\n".join(texts))


@pytest.mark.parametrize(
    ("extra", "now", "reason"),
    [
        ({}, NOW + timedelta(hours=25), "older than"),
        ({"event_id": "not-a-uuid"}, NOW, "a field is malformed"),
        ({"event_id": None}, NOW, "a field is malformed"),
    ],
    ids=["stale", "malformed", "null"],
)
def test_a_refused_signed_delivery_keeps_neither_the_secret_nor_the_card(
    extra: dict[str, Any], now: datetime, reason: str
) -> None:
    """A signed card event refused after its signature checked out (too old, malformed): the
    error's frames do not keep the secrets `verify` was given (the old one too, while it is
    rotated), the body nor the card parsed from it."""
    old = "whsec_old_do_not_keep_0007"
    card = {**CARD, "card_number": PAN, "cvx2": CVV}
    body = event_body(data={"card": card}, **extra)
    headers = {"x-qolo-signature": sign(body, SECRET)}
    with pytest.raises(WebhookVerificationError, match=reason) as caught:
        verify(body, headers, [SECRET, old], now=now)
    kept = _kept(caught.value)
    for secret in (SECRET, old, PAN, f"'{CVV}'", f'"{CVV}"'):
        assert secret not in kept


def test_tolerance_accepts_seconds() -> None:
    """`tolerance` takes seconds or a timedelta."""
    body = event_body()
    headers = {"x-qolo-signature": sign(body, SECRET)}
    verify(body, headers, SECRET, now=NOW + timedelta(seconds=50), tolerance=60)
    with pytest.raises(qolo.WebhookVerificationError):
        verify(
            body, headers, SECRET, now=NOW + timedelta(seconds=50), tolerance=timedelta(seconds=10)
        )


@pytest.mark.parametrize(
    "tolerance", [-1, timedelta(seconds=-1), float("inf"), float("nan"), 1e300]
)
def test_a_senseless_tolerance_is_a_value_error(tolerance: float | timedelta) -> None:
    """Not an overflow deep inside, nor every delivery silently refused."""
    body = event_body()
    with pytest.raises(ValueError, match="tolerance must be a finite, non-negative duration"):
        verify(body, {"x-qolo-signature": sign(body, SECRET)}, SECRET, tolerance=tolerance)


def test_a_str_body_is_a_type_error_that_says_why() -> None:
    """The signature covers the bytes as received; a decoded body is the caller's mistake."""
    body = event_body()
    with pytest.raises(TypeError, match="raw_body must be the request body's bytes as received"):
        verify(body.decode(), {"x-qolo-signature": sign(body, SECRET)}, SECRET)  # type: ignore[arg-type]
    verify(bytearray(body), {"x-qolo-signature": sign(body, SECRET)}, SECRET, now=NOW)


def test_default_tolerance_accepts_the_platforms_late_retries() -> None:
    """The platform's retry schedule is unknown: by default an event 12 h old (a late retry)
    verifies, and only one over a day old does not."""
    body = event_body()
    headers = {"x-qolo-signature": sign(body, SECRET)}
    assert timedelta(days=1) == qolo.webhooks.DEFAULT_TOLERANCE
    late_retry = verify(body, headers, SECRET, now=NOW + timedelta(hours=12))
    assert isinstance(late_retry, CardCreatedEvent)
    with pytest.raises(qolo.WebhookVerificationError, match="older than"):
        verify(body, headers, SECRET, now=NOW + timedelta(hours=25))


def test_example_receiver_accepts_a_late_retry() -> None:
    """The example's default tolerance is the library's: a 12-hour-old retry is handled."""
    handled: list[qolo.webhooks.Event] = []
    recv = load_example().WebhookReceiver(SECRET, handled.append)
    late = event_body(created_at=datetime.now(UTC) - timedelta(hours=12))
    stale = event_body(created_at=datetime.now(UTC) - timedelta(hours=25))
    assert recv(late, {"x-qolo-signature": sign(late, SECRET)}) == 200
    assert recv(stale, {"x-qolo-signature": sign(stale, SECRET)}) == 400
    assert len(handled) == 1


def load_example() -> ModuleType:
    path = Path(__file__).parents[2] / "examples" / "webhook_receiver.py"
    spec = importlib.util.spec_from_file_location("webhook_receiver_example", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def receiver() -> Iterator[tuple[Any, list[qolo.webhooks.Event], str]]:
    """The example receiver on a free loopback port: (receiver, handled events, url)."""
    example = load_example()
    handled: list[qolo.webhooks.Event] = []
    lock = threading.Lock()

    def handle(event: qolo.webhooks.Event) -> None:
        with lock:
            handled.append(event)

    recv = example.WebhookReceiver(SECRET, handle)
    server = example.make_server(recv, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    try:
        yield recv, handled, f"http://{host}:{port}/qolo/webhooks"
    finally:
        server.shutdown()
        server.server_close()


def test_example_receiver_with_real_deliveries(
    sbx: Sandbox, make_client: ClientFactory, receiver: tuple[Any, list[qolo.webhooks.Event], str]
) -> None:
    """The sandbox's ping and card.created reach the receiver; a redelivery is handled once."""
    recv, handled, url = receiver
    client = make_client()
    program = sbx.credential.program_guid
    subscription = qolo.unwrap(
        create_notification.sync(
            client=client,
            body=NotificationRequest(
                program_guid=UUID(program),
                url=url,
                secret=SECRET,
                event_type=[WebhookEventType.CARD_CREATED],
            ),
        )
    )
    assert subscription.active is True
    created = qolo.unwrap(create_card.sync(client=client, body=card_request(program)))
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not any(isinstance(e, CardCreatedEvent) for e in handled):
        time.sleep(0.05)
    card_events = [e for e in handled if isinstance(e, CardCreatedEvent)]
    assert [e.data.card.card_proxy for e in card_events] == [created.card.card_proxy]
    assert any(e.event_type == "ping" for e in handled)

    # the platform retries until it gets a 2xx: the same event again is acknowledged, not rerun
    event = card_events[0]
    body = json.dumps(event.to_dict()).encode()
    forged = httpx.post(url, content=body, headers={"x-qolo-signature": "f" * 64})
    assert forged.status_code == 400
    again = httpx.post(url, content=body, headers={"x-qolo-signature": sign(body, SECRET)})
    assert again.status_code == 200
    assert recv.duplicates == 1
    assert len([e for e in handled if isinstance(e, CardCreatedEvent)]) == 1


class FailsOnceSlowly:
    """A handler whose first card event blocks until `release` is set, then fails."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.started = threading.Event()
        self.failed = threading.Event()
        self.runs = 0
        self.succeeded: list[UUID] = []

    def __call__(self, event: qolo.webhooks.Event) -> None:
        if event.event_type == "ping":
            return
        self.runs += 1
        if self.runs == 1:
            self.started.set()
            self.release.wait(30)
            self.failed.set()
            raise RuntimeError("the database timed out")
        self.succeeded.append(event.event_id)


def test_example_receiver_acknowledges_no_copy_of_an_event_still_in_progress() -> None:
    """A copy arriving while the handler runs is a 409 (it may still fail); after the failure a
    copy runs the handler again, and only after the success are copies acknowledged."""
    handle = FailsOnceSlowly()
    recv = load_example().WebhookReceiver(SECRET, handle)
    body = event_body(created_at=datetime.now(UTC))
    headers = {"x-qolo-signature": sign(body, SECRET)}
    answers: list[int] = []
    first = threading.Thread(target=lambda: answers.append(recv(body, headers)))
    first.start()
    assert handle.started.wait(5)
    assert recv(body, headers) == 409
    handle.release.set()
    first.join(5)
    assert answers == [500]
    assert recv(body, headers) == 200
    assert recv(body, headers) == 200
    assert (handle.runs, len(handle.succeeded), recv.duplicates) == (2, 1, 1)


@pytest.mark.slow
def test_example_receiver_loses_no_event_whose_slow_handler_fails(
    sbx: Sandbox, make_client: ClientFactory
) -> None:
    """The sandbox gives up on a handler slower than its 5 s and retries while it still runs:
    that copy is refused, the handler then fails, and a later retry is handled once, for good."""
    handle = FailsOnceSlowly()
    example = load_example()
    server = example.make_server(example.WebhookReceiver(SECRET, handle), "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    client = make_client()
    program = sbx.credential.program_guid

    def delivery() -> dict[str, Any]:
        [found] = [d for d in sbx.controls.deliveries() if d["event_type"] == "card.created"]
        return found

    def statuses() -> list[int | None]:
        return [attempt["status_code"] for attempt in delivery()["attempts"]]

    try:
        qolo.unwrap(
            create_notification.sync(
                client=client,
                body=NotificationRequest(
                    program_guid=UUID(program),
                    url=f"http://{host}:{port}/qolo/webhooks",
                    secret=SECRET,
                    event_type=[WebhookEventType.CARD_CREATED],
                ),
            )
        )
        qolo.unwrap(create_card.sync(client=client, body=card_request(program)))
        assert handle.started.wait(10)
        deadline = time.monotonic() + 15
        while not statuses() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert statuses() == [None]  # timed out after 5 s; the handler still runs
        sbx.controls.advance_clock(120)  # the retry is due now
        while len(statuses()) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert statuses() == [None, 409]  # the handler still runs: not acknowledged
        handle.release.set()
        assert handle.failed.wait(5)
        time.sleep(0.2)  # the receiver forgets the failed event's id
        deadline = time.monotonic() + 15
        while delivery()["state"] == "pending" and time.monotonic() < deadline:
            sbx.controls.advance_clock(120)  # each retry due at once
            time.sleep(0.2)
        assert delivery()["state"] == "delivered"
        assert statuses()[:2] == [None, 409]
        assert statuses().count(200) == 1
        assert (handle.runs, len(handle.succeeded)) == (2, 1)
    finally:
        handle.release.set()
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(
    ("length", "status"),
    [(str(2 * 1024 * 1024), 413), ("-1", 400), ("12abc", 400), ("5" * 5000, 400), (None, 411)],
    ids=["over-the-cap", "negative", "not-a-number", "5000-digits", "absent"],
)
def test_example_receiver_refuses_a_body_it_should_not_read(
    receiver: tuple[Any, list[qolo.webhooks.Event], str], length: str | None, status: int
) -> None:
    """An unsigned sender claiming a huge, negative or no length gets an answer at once, and
    nothing is read: the receiver never holds a body bigger than a delivery can be."""
    _, handled, url = receiver
    host, port = url.split("//")[1].split("/")[0].split(":")
    head = f"POST /qolo/webhooks HTTP/1.1\r\nHost: {host}\r\n"
    if length is not None:
        head += f"Content-Length: {length}\r\n"
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        sock.sendall((head + "\r\n").encode() + b"x" * 1024)  # far less than it claims
        answer = sock.recv(4096).decode("latin-1")
    assert answer.startswith((f"HTTP/1.0 {status} ", f"HTTP/1.1 {status} ")), answer
    assert handled == []


OLD_SECRET = "whsec_old_0123456789abcdef"
NEW_SECRET = "whsec_new_0123456789abcdef"


@pytest.mark.parametrize(
    "secrets",
    [
        [NEW_SECRET, OLD_SECRET],
        (OLD_SECRET, NEW_SECRET),
        frozenset({OLD_SECRET, NEW_SECRET}),
        [NEW_SECRET.encode(), OLD_SECRET],
        ["", NEW_SECRET, OLD_SECRET.encode()],
    ],
    ids=["list", "tuple", "set", "bytes-and-str", "an-empty-one-left-out"],
)
def test_verify_accepts_a_delivery_signed_with_any_of_its_secrets(secrets: Any) -> None:
    """While the secret is rotated, a delivery signed with the old or the new one verifies."""
    body = event_body()
    for signer in (OLD_SECRET, NEW_SECRET):
        headers = {"x-qolo-signature": sign(body, signer)}
        assert isinstance(verify(body, headers, secrets, now=NOW), CardCreatedEvent)
    headers = {"x-qolo-signature": sign(body, "whsec_other_0123456789abcdef")}
    with pytest.raises(WebhookVerificationError, match="signature mismatch") as excinfo:
        verify(body, headers, secrets, now=NOW)
    assert OLD_SECRET not in str(excinfo.value)
    assert NEW_SECRET not in str(excinfo.value)


def test_a_bytes_secret_is_its_bytes() -> None:
    """`sign` and `verify` take the secret as bytes too, the same key as its UTF-8 text."""
    body = event_body()
    secret = "whsec_ключ_0123456789"
    assert sign(body, secret.encode()) == sign(body, secret)
    headers = {"x-qolo-signature": sign(body, secret)}
    assert isinstance(verify(body, headers, secret.encode(), now=NOW), CardCreatedEvent)


@pytest.mark.parametrize("secrets", [["", b""], ("",)])
def test_only_empty_secrets_is_no_secret(secrets: Any) -> None:
    """A list of empty secrets is no secret (as an empty one is): every delivery is refused."""
    body = event_body()
    with pytest.raises(WebhookVerificationError, match="no webhook secret configured"):
        verify(body, {"x-qolo-signature": sign(body, SECRET)}, secrets, now=NOW)


@pytest.mark.parametrize("secrets", [12345, [SECRET, 12345], [SECRET, None]])
def test_a_secret_of_the_wrong_type_is_a_type_error(secrets: Any) -> None:
    """A caller's mistake, named by its type, never its value."""
    body = event_body()
    with pytest.raises(TypeError, match="must be str") as excinfo:
        verify(body, {"x-qolo-signature": sign(body, SECRET)}, secrets, now=NOW)
    assert SECRET not in str(excinfo.value)
    assert "12345" not in str(excinfo.value)


def test_rotating_the_secret_in_the_documented_order_loses_nothing(
    sbx: Sandbox, make_client: ClientFactory
) -> None:
    """Receiver accepting old and new, then UpdateNotification, then the new one alone: the
    subscription stays active and every event is handled (the example receiver, real pings)."""
    example = load_example()
    handled: list[qolo.webhooks.Event] = []
    current = {"receiver": example.WebhookReceiver(OLD_SECRET, handled.append)}
    server = example.make_server(lambda body, headers: current["receiver"](body, headers))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    url = f"http://{host}:{port}/qolo/webhooks"
    client = make_client()
    program = sbx.credential.program_guid

    def card_event_handled() -> None:
        before = len(handled)
        qolo.unwrap(create_card.sync(client=client, body=card_request(program, len(handled))))
        deadline = time.monotonic() + 10
        while len(handled) == before and time.monotonic() < deadline:
            time.sleep(0.05)
        assert isinstance(handled[-1], CardCreatedEvent)

    try:
        subscription = qolo.unwrap(
            create_notification.sync(
                client=client,
                body=NotificationRequest(
                    program_guid=UUID(program),
                    url=url,
                    secret=OLD_SECRET,
                    event_type=[WebhookEventType.CARD_CREATED],
                ),
            )
        )
        assert subscription.active is True
        # 1. the receiver accepts the old and the new secret
        current["receiver"] = example.WebhookReceiver([NEW_SECRET, OLD_SECRET], handled.append)
        card_event_handled()  # still signed with the old one
        # 2. the subscription gets the new secret: its ping, signed with it, verifies
        updated = qolo.unwrap(
            update_notification_by_id.sync(
                subscription.notification_guid,
                client=client,
                body=NotificationUpdateRequest(
                    program_guid=UUID(program),
                    url=url,
                    event_type=[WebhookEventType.CARD_CREATED],
                    secret=NEW_SECRET,
                ),
            )
        )
        assert updated.active is True
        card_event_handled()
        # 3. the old secret is dropped
        current["receiver"] = example.WebhookReceiver(NEW_SECRET, handled.append)
        card_event_handled()
        # The handler runs before the receiver answers 200: the sandbox marks the delivery
        # once it has read that answer, a moment after the event was handled.
        deadline = time.monotonic() + 10
        while (states := [d["state"] for d in sbx.controls.deliveries()]) != ["delivered"] * 3:
            assert time.monotonic() < deadline, states
            time.sleep(0.05)
    finally:
        server.shutdown()
        server.server_close()


def test_a_naive_now_is_taken_as_utc() -> None:
    """`now` without a timezone is UTC (as a naive `created_at` is), never a TypeError."""
    body = event_body()
    naive = NOW.replace(tzinfo=None)
    headers = {"x-qolo-signature": sign(body, SECRET)}
    assert isinstance(verify(body, headers, SECRET, now=naive), CardCreatedEvent)
    with pytest.raises(qolo.WebhookVerificationError, match="older than"):
        verify(body, headers, SECRET, now=naive + timedelta(hours=25))


def test_every_secret_is_compared_in_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each secret's digest goes through `hmac.compare_digest`, all of them even once one has
    matched, so neither the comparison nor the number of them says which secret signed."""
    compared: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        compared.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    body = event_body()
    secrets = [SECRET, "whsec_old_0001", "whsec_older_0002"]
    verify(body, {"x-qolo-signature": sign(body, SECRET)}, secrets, now=NOW)
    assert len(compared) == 3
    with pytest.raises(WebhookVerificationError, match="signature mismatch"):
        verify(body, {"x-qolo-signature": "0" * 64}, secrets, now=NOW)
    assert len(compared) == 6


def test_the_signature_is_read_from_x_qolo_signature_alone() -> None:
    """Another header carrying a valid signature is no signature, and a header that only
    begins like it (`X-Qolo-Event-Id`) is not read in its place."""
    body = event_body()
    signature = sign(body, SECRET)
    for name in ("x-signature", "X-Qolo-Signature-256", "signature"):
        with pytest.raises(WebhookVerificationError, match="missing x-qolo-signature"):
            verify(body, {name: signature}, SECRET, now=NOW)
    headers = {"X-Qolo-Event-Id": "evt_1", "X-Qolo-Signature": signature}
    assert isinstance(verify(body, headers, SECRET, now=NOW), CardCreatedEvent)


@pytest.mark.parametrize("tolerance", [timedelta(0), timedelta(minutes=5), 86_400])
def test_the_tolerance_is_exact_on_both_sides(tolerance: timedelta | float) -> None:
    """An event exactly `tolerance` old, or dated exactly `tolerance` ahead, verifies; a
    millisecond more either way does not."""
    body = event_body()
    headers = {"x-qolo-signature": sign(body, SECRET)}
    window = tolerance if isinstance(tolerance, timedelta) else timedelta(seconds=tolerance)
    tick = timedelta(milliseconds=1)
    for now in (NOW + window, NOW - window):
        assert isinstance(
            verify(body, headers, SECRET, now=now, tolerance=tolerance), CardCreatedEvent
        )
    with pytest.raises(WebhookVerificationError, match="older than"):
        verify(body, headers, SECRET, now=NOW + window + tick, tolerance=tolerance)
    with pytest.raises(WebhookVerificationError, match="in the future"):
        verify(body, headers, SECRET, now=NOW - window - tick, tolerance=tolerance)


@pytest.fixture
def far_east_local_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The process's local time 14 hours ahead of UTC (a host not set to UTC)."""
    if not hasattr(time, "tzset"):
        pytest.skip("time.tzset is POSIX only")
    monkeypatch.setenv("TZ", "XST-14")
    time.tzset()
    try:
        yield
    finally:
        monkeypatch.undo()
        time.tzset()


@pytest.mark.usefixtures("far_east_local_time")
def test_the_age_is_reckoned_in_utc_whatever_the_local_time() -> None:
    """`now` defaults to the current time in UTC, and a naive `now` is taken as UTC, not as the
    host's local time: on a host 14 hours ahead a fresh event still verifies."""
    assert datetime.now().hour != datetime.now(UTC).hour  # the fixture took effect
    body = event_body(created_at=datetime.now(UTC))
    headers = {"x-qolo-signature": sign(body, SECRET)}
    assert isinstance(verify(body, headers, SECRET, tolerance=timedelta(hours=1)), CardCreatedEvent)
    body = event_body()
    headers = {"x-qolo-signature": sign(body, SECRET)}
    naive = NOW.replace(tzinfo=None)
    assert isinstance(verify(body, headers, SECRET, now=naive, tolerance=60), CardCreatedEvent)
