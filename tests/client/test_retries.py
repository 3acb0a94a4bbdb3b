"""Idempotency keys and retries: no card lost, none duplicated, whatever fails on the way."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import email.utils
import gc
import json
import logging
import socket
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

import qolo
from qolo._policy import RetryPolicy
from qolo_api.api.cards import create_card, get_card, list_cards, status_card
from qolo_api.models import CardList, CardStatus, CardStatusRequest, CreateCardResponse, Problem
from qolo_sandbox.testing import Sandbox

from ._support import (
    CREATED,
    AsyncClientFactory,
    ClientFactory,
    card_request,
    login_ok,
    no_async_sleep,
    no_sleep,
)

CARDS = "/api/v1/cards"
PROBLEM = {"type": "about:blank", "title": "x", "status": 503, "code": "internal_error",
           "request_id": "req_mock"}  # fmt: skip


def mock_client(
    handler: Callable[[httpx.Request], httpx.Response], sleeps: list[float], **kwargs: object
) -> qolo.Client:
    """A client over a MockTransport that answers logins itself and records its sleeps."""

    def route(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/v1/auth/login":
            return login_ok()
        return handler(request)

    return qolo.Client(
        base_url="http://qolo.test",
        loginid="partner",
        apikey="sk_test_key",
        transport=httpx.MockTransport(route),
        sleep=sleeps.append,
        **kwargs,  # type: ignore[arg-type]
    )


def test_faults_never_lose_or_duplicate_a_card(
    sbx: Sandbox, make_client: ClientFactory, caplog: pytest.LogCaptureFixture
) -> None:
    """30 creates, each hit by a 5xx before the write, a drop after it, or a 429: 30 cards."""
    client = make_client()
    program = sbx.credential.program_guid
    kinds = ["error_before_write", "drop_after_write", "rate_limit"]
    created: list[CreateCardResponse] = []
    with caplog.at_level(logging.INFO, logger="qolo"):
        for n in range(30):
            sbx.controls.inject_fault(
                kind=kinds[n % 3], count=1, methods=["POST"], path_prefix=CARDS
            )
            created.append(
                qolo.unwrap(create_card.sync(client=client, body=card_request(program, n)))
            )
    retries = [r.getMessage() for r in caplog.records if r.getMessage().startswith("retrying")]
    assert len(retries) == 30
    assert sum("status 503" in m for m in retries) == 10
    assert sum("status 429" in m for m in retries) == 10
    assert sum("RemoteProtocolError" in m or "ReadError" in m for m in retries) == 10
    proxies = {c.card.card_proxy for c in created}
    assert len(proxies) == 30
    listed = {card.card_proxy for card in qolo.paginate(list_cards.sync, client=client, limit=7)}
    assert listed == proxies


def test_concurrent_async_creates_under_random_faults(
    sbx: Sandbox, make_async_client: AsyncClientFactory
) -> None:
    """20 concurrent async creates while 15 % of each fault kind fire at random: 20 cards."""
    program = sbx.credential.program_guid
    for kind in ("error_before_write", "drop_after_write", "rate_limit"):
        sbx.controls.inject_fault(kind=kind, rate=0.15, methods=["POST"], path_prefix=CARDS)

    async def main() -> set[str]:
        async with make_async_client(max_retries=25) as client:
            results = await asyncio.gather(
                *(
                    create_card.asyncio(client=client, body=card_request(program, n))
                    for n in range(20)
                )
            )
            sbx.controls.clear_faults()
            listed = [c.card_proxy async for c in qolo.apaginate(list_cards.asyncio, client=client)]
        assert len(listed) == 20
        return {qolo.unwrap(r).card.card_proxy for r in results} ^ set(listed)

    assert asyncio.run(main()) == set()


def test_max_retries_zero_surfaces_the_fault(sbx: Sandbox, make_client: ClientFactory) -> None:
    """Without retries each fault is its typed error; a caller's own retry with its key is safe."""
    client = make_client(max_retries=0)
    body = card_request(sbx.credential.program_guid)
    list_cards.sync(client=client)  # log in first: faults below hit only the creates

    sbx.controls.inject_fault(kind="error_before_write", count=1, path_prefix=CARDS)
    with pytest.raises(qolo.ServerError) as server_error:
        create_card.sync(client=client, body=body)
    assert server_error.value.status_code == 503

    sbx.controls.inject_fault(kind="rate_limit", count=1, path_prefix=CARDS)
    with pytest.raises(qolo.RateLimitError) as rate_limited:
        create_card.sync(client=client, body=body)
    assert rate_limited.value.retry_after is not None

    sbx.controls.inject_fault(kind="drop_after_write", count=1, path_prefix=CARDS)
    with pytest.raises(qolo.APIConnectionError):
        create_card.sync(client=client, body=body, idempotency_key="my-key-1")
    again = qolo.unwrap(create_card.sync(client=client, body=body, idempotency_key="my-key-1"))
    cards = list(qolo.paginate(list_cards.sync, client=client))
    assert [c.card_proxy for c in cards] == [again.card.card_proxy]


def test_post_without_idempotency_key_is_not_retried(
    sbx: Sandbox, make_client: ClientFactory, caplog: pytest.LogCaptureFixture
) -> None:
    """A POST without a key (StatusCard) fails on the first 5xx; a GET is retried."""
    client = make_client()
    created = qolo.unwrap(
        create_card.sync(client=client, body=card_request(sbx.credential.program_guid))
    )
    sbx.controls.inject_fault(kind="error_before_write", count=1, methods=["POST"])
    with caplog.at_level(logging.DEBUG, logger="qolo"), pytest.raises(qolo.ServerError):
        status_card.sync(
            client=client,
            card_proxy=created.card.card_proxy,
            body=CardStatusRequest(status=CardStatus.ACTIVE),
        )
    assert len([r for r in caplog.records if "status_card POST" in r.getMessage()]) == 1
    sbx.controls.inject_fault(kind="error_before_write", count=2, methods=["GET"])
    assert qolo.unwrap(list_cards.sync(client=client)).count == 1


class RefusesOnce(httpx.BaseTransport):
    """The real transport to the sandbox, but the first request to a path ending in `path`
    fails to connect with `error` (nothing is sent), as a refused or unreachable server does."""

    def __init__(self, path: str, error: type[httpx.TransportError]) -> None:
        self._inner = httpx.HTTPTransport()
        self._path = path
        self._error: type[httpx.TransportError] | None = error
        self.sent: list[str] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith(self._path) and self._error is not None:
            error, self._error = self._error, None
            raise error("could not connect", request=request)
        self.sent.append(request.url.path)
        return self._inner.handle_request(request)

    def close(self) -> None:
        self._inner.close()


@pytest.mark.parametrize("error", [httpx.ConnectError, httpx.ConnectTimeout])
def test_post_without_idempotency_key_is_retried_when_nothing_was_sent(
    error: type[httpx.TransportError], sbx: Sandbox, make_client: ClientFactory
) -> None:
    """A POST without a key (StatusCard) that could not connect is sent again: it sent nothing,
    so nothing can happen twice. So is one the sandbox throttles: the contract's 429 is the
    gateway's refusal, before anything is done."""
    transport = RefusesOnce("/status", error)
    client = make_client(transport=transport)
    card = qolo.unwrap(
        create_card.sync(client=client, body=card_request(sbx.credential.program_guid))
    ).card
    status = CardStatusRequest(status=CardStatus.ACTIVE)
    changed = status_card.sync(client=client, card_proxy=card.card_proxy, body=status)
    assert not isinstance(changed, Problem)
    assert transport.sent.count(f"{CARDS}/{card.card_proxy}/status") == 1
    assert qolo.unwrap(get_card.sync(card.card_proxy, client=client)).card_status == "ACTIVE"

    sbx.controls.inject_fault(kind="rate_limit", count=1, methods=["POST"], path_prefix=CARDS)
    suspend = CardStatusRequest(status=CardStatus.SUSPEND)
    suspended = qolo.unwrap(
        status_card.sync(client=client, card_proxy=card.card_proxy, body=suspend)
    )
    assert suspended.card_status == "SUSPEND"
    assert transport.sent.count(f"{CARDS}/{card.card_proxy}/status") == 3


def test_same_key_on_every_retry_and_on_the_401_replay() -> None:
    """One logical create sends one key: through a 503, a dropped connection and a 401."""
    keys: list[str] = []
    script = iter(["503", "drop", "401", "201"])

    def handler(request: httpx.Request) -> httpx.Response:
        keys.append(request.headers["IdempotencyKey"])
        step = next(script)
        if step == "drop":
            raise httpx.RemoteProtocolError("Server disconnected", request=request)
        if step == "503":
            return httpx.Response(503, json=PROBLEM)
        if step == "401":
            return httpx.Response(401, json={**PROBLEM, "status": 401, "code": "invalid_token"})
        return httpx.Response(201, json=CREATED)

    sleeps: list[float] = []
    with mock_client(handler, sleeps) as client:
        result = create_card.sync(
            client=client, body=card_request("6f1c2a9e-3b7d-4e5f-8a9b-0c1d2e3f4a5b")
        )
    assert isinstance(result, CreateCardResponse)
    assert len(keys) == 4
    assert len(set(keys)) == 1
    assert len(sleeps) == 2


def test_caller_key_is_used_and_a_new_call_gets_a_new_key() -> None:
    """`idempotency_key=` is sent as given; two calls without one send two different keys."""
    keys: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        keys.append(request.headers["IdempotencyKey"])
        return httpx.Response(201, json=CREATED)

    body = card_request("6f1c2a9e-3b7d-4e5f-8a9b-0c1d2e3f4a5b")
    with mock_client(handler, []) as client:
        create_card.sync(client=client, body=body, idempotency_key="order-42")
        create_card.sync(client=client, body=body)
        create_card.sync(client=client, body=body)
    assert keys[0] == "order-42"
    assert len(set(keys)) == 3


def test_backoff_grows_with_jitter() -> None:
    """Without Retry-After the waits are 0.5 s then 1 s, each shortened by at most 25 %."""
    sleeps: list[float] = []
    with (
        mock_client(
            lambda r: httpx.Response(502, text="<html>bad gateway</html>"), sleeps
        ) as client,
        pytest.raises(qolo.ServerError) as excinfo,
    ):
        list_cards.sync(client=client)
    assert excinfo.value.problem is None
    assert 0.375 <= sleeps[0] <= 0.5
    assert 0.75 <= sleeps[1] <= 1.0
    assert len(sleeps) == 2


EMPTY_PAGE = {"count": 0, "start_index": 0, "end_index": 0, "has_more": False, "data": []}


def test_a_retry_after_up_to_the_cap_is_waited_in_full() -> None:
    """Retry-After as an HTTP date is honoured; one of exactly the cap (60 s) is waited too."""
    when = email.utils.formatdate(time.time() + 30, usegmt=True)
    answers = iter(
        [
            httpx.Response(429, headers={"Retry-After": when}, json={**PROBLEM, "status": 429}),
            httpx.Response(503, headers={"Retry-After": "60"}, json=PROBLEM),
            httpx.Response(200, json=EMPTY_PAGE),
        ]
    )
    sleeps: list[float] = []
    with mock_client(lambda r: next(answers), sleeps) as client:
        assert qolo.unwrap(list_cards.sync(client=client)).count == 0
    assert 27 <= sleeps[0] <= 30
    assert sleeps[1] == 60.0


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize(
    ("status", "retry_after", "cls"),
    [
        (503, "3600", qolo.ServerError),
        (429, "61", qolo.RateLimitError),
        (429, "in two hours", qolo.RateLimitError),
    ],
)
def test_a_retry_after_longer_than_the_cap_raises_at_once(
    mode: str, status: int, retry_after: str, cls: type[qolo.APIStatusError]
) -> None:
    """Asked to wait over 60 s, the client neither retries early nor waits: it raises at once."""
    if retry_after == "in two hours":
        retry_after = email.utils.formatdate(time.time() + 7200, usegmt=True)
    calls: list[httpx.Request] = []
    sleeps: list[float] = []

    def route(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/v1/auth/login":
            return login_ok()
        calls.append(request)
        problem = {**PROBLEM, "status": status}
        return httpx.Response(status, headers={"Retry-After": retry_after}, json=problem)

    async def record(seconds: float) -> None:
        sleeps.append(seconds)

    options: dict[str, Any] = {
        "base_url": "http://qolo.test",
        "loginid": "p",
        "apikey": "k",
        "transport": httpx.MockTransport(route),
        "max_retries": 5,
    }
    body = card_request("6f1c2a9e-3b7d-4e5f-8a9b-0c1d2e3f4a5b")

    async def acreate() -> None:
        async with qolo.AsyncClient(**options, sleep=record) as client:
            await create_card.asyncio(client=client, body=body)

    def create() -> None:
        if mode == "async":
            asyncio.run(acreate())
            return
        with qolo.Client(**options, sleep=sleeps.append) as client:
            create_card.sync(client=client, body=body)

    with pytest.raises(cls) as excinfo:
        create()
    assert len(calls) == 1
    assert sleeps == []
    error = excinfo.value
    assert error.retry_after is not None
    assert error.retry_after > 60
    assert error.outcome_unknown is (status >= 500)
    assert error.idempotency_key == calls[0].headers["IdempotencyKey"]


def retry_after_503s(retry_after: str) -> tuple[list[float], int, qolo.APIStatusError]:
    """A GET answered 503 with `retry_after` every time: its sleeps, attempts and error."""
    calls: list[httpx.Request] = []
    sleeps: list[float] = []

    def answer(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(503, headers={"Retry-After": retry_after}, json=PROBLEM)

    with mock_client(answer, sleeps) as client, pytest.raises(qolo.ServerError) as excinfo:
        list_cards.sync(client=client)
    return sleeps, len(calls), excinfo.value


@pytest.mark.parametrize(
    "retry_after",
    ["nan", "-5", "inf", "1e400", "1_0", "+5", "30 s ago", "Wed, 21 Oct 2015 07:28:00 GMT"],
)
def test_a_retry_after_that_gives_no_wait_is_ignored(retry_after: str) -> None:
    """No delay-seconds (a NaN, a negative, an infinity, an exponent...) and a date already past
    say nothing of how long to wait: the backoff applies, and `retry_after` is None."""
    if retry_after == "30 s ago":
        retry_after = email.utils.formatdate(time.time() - 30, usegmt=True)
    sleeps, attempts, error = retry_after_503s(retry_after)
    assert attempts == 3
    assert 0.375 <= sleeps[0] <= 0.5
    assert 0.75 <= sleeps[1] <= 1.0
    assert error.retry_after is None


@pytest.mark.parametrize(
    "retry_after",
    [pytest.param("9" * 400, id="400 digits"), "86401", "Fri, 31 Dec 9999 23:59:59 GMT"],
)
def test_a_retry_after_is_at_most_a_day(retry_after: str) -> None:
    """A wait of over a day (a 400-digit number, a date centuries away) reads as a day: an
    error's `retry_after` is always finite, and any sleep takes it."""
    sleeps, attempts, error = retry_after_503s(retry_after)
    assert (attempts, sleeps) == (1, [])  # over the 60 s cap: raised at once
    assert error.retry_after == 86400.0


def test_a_throttled_login_logs_why_it_is_not_retried(
    sbx: Sandbox, make_client: ClientFactory, caplog: pytest.LogCaptureFixture
) -> None:
    """The INFO line of a throttled login not retried says that a login is never retried when
    throttled, not that its Retry-After (some 12 s) would be over the 60 s cap."""
    wrong = "sk_sandbox_wrong_key_for_the_throttle"
    for _ in range(5):  # the sandbox's failed logins per login id before it throttles
        with make_client(apikey=wrong) as client, pytest.raises(qolo.AuthenticationError):
            list_cards.sync(client=client)
    with (
        caplog.at_level(logging.INFO, logger="qolo"),
        make_client(apikey=wrong) as client,
        pytest.raises(qolo.RateLimitError) as excinfo,
    ):
        list_cards.sync(client=client)
    retry_after = excinfo.value.retry_after
    assert retry_after is not None
    assert 0 < retry_after <= 60
    lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("not retrying")]
    assert lines == [
        "not retrying login POST /api/v1/auth/login after status 429: this request is never "
        f"retried when throttled (it asks for a wait of {retry_after:g}s)"
    ]
    assert not any(wrong in r.getMessage() for r in caplog.records)


def test_sandbox_retry_after_seconds_is_honoured(sbx: Sandbox, make_client: ClientFactory) -> None:
    """The sandbox's 429 says Retry-After in seconds; the client waits exactly that."""
    sleeps: list[float] = []
    client = make_client(sleep=sleeps.append)
    list_cards.sync(client=client)
    sbx.controls.inject_fault(kind="rate_limit", count=1, path_prefix=CARDS)
    list_cards.sync(client=client)
    assert sleeps == [1.0]


def test_connection_errors_and_timeouts() -> None:
    """Connect errors are retried; exhausted, they are APIConnectionError / APITimeoutError."""
    sleeps: list[float] = []

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    with mock_client(refuse, sleeps) as client, pytest.raises(qolo.APIConnectionError):
        list_cards.sync(client=client)
    assert len(sleeps) == 2
    with mock_client(slow, sleeps, max_retries=0) as client, pytest.raises(qolo.APITimeoutError):
        list_cards.sync(client=client)
    assert len(sleeps) == 2


def test_async_retries_use_the_async_sleep() -> None:
    """The async client retries with its own injected sleep and the same key."""
    sleeps: list[float] = []
    keys: list[str] = []
    answers = iter([503, 201])

    async def fake_sleep(seconds: float) -> None:
        sleeps.append(seconds)

    def route(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/v1/auth/login":
            return login_ok()
        keys.append(request.headers["IdempotencyKey"])
        status = next(answers)
        return httpx.Response(status, json=CREATED if status == 201 else PROBLEM)

    async def main() -> None:
        async with qolo.AsyncClient(
            base_url="http://qolo.test",
            loginid="p",
            apikey="k",
            transport=httpx.MockTransport(route),
            sleep=fake_sleep,
        ) as client:
            created = await create_card.asyncio(
                client=client, body=card_request("6f1c2a9e-3b7d-4e5f-8a9b-0c1d2e3f4a5b")
            )
            assert isinstance(created, CreateCardResponse)

    asyncio.run(main())
    assert len(sleeps) == 1
    assert len(keys) == 2
    assert keys[0] == keys[1]


def test_an_in_flight_duplicate_is_retried_into_the_replay(
    sbx: Sandbox, make_client: ClientFactory
) -> None:
    """Two calls with one key, the first still working: the second's 409 retries into a replay."""
    sbx.controls.inject_fault(
        kind="latency",
        latency_ms=1500,
        count=1,
        methods=["POST"],
        path_prefix=CARDS,
        phase="handler",
    )
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        time.sleep(seconds)

    client = make_client(sleep=sleep, max_retries=4)
    list_cards.sync(client=client)  # log in first: the race is about the create only
    body = card_request(sbx.credential.program_guid)
    results: list[object] = []

    def create() -> None:
        results.append(create_card.sync(client=client, body=body, idempotency_key="race-key-1"))

    first = threading.Thread(target=create)
    first.start()
    time.sleep(0.5)  # the first create holds the key, sleeping in its handler
    create()
    first.join()
    assert sleeps, "the 409 was not retried"
    assert len(results) == 2
    assert all(isinstance(r, CreateCardResponse) for r in results)
    proxies = {r.card.card_proxy for r in results if isinstance(r, CreateCardResponse)}
    assert len(proxies) == 1
    page = list_cards.sync(client=client)
    assert isinstance(page, CardList)
    assert page.count == 1


@pytest.mark.parametrize(
    ("outcome", "expected"),
    [
        (httpx.Response(200), None),
        (httpx.Response(404), None),
        (httpx.Response(400), None),
        (httpx.Response(503), (0.375, 0.5)),
        (httpx.Response(520), (0.375, 0.5)),
        (httpx.Response(409), (0.375, 0.5)),
        (httpx.Response(429, headers={"Retry-After": "3"}), (3.0, 3.0)),
        (httpx.Response(503, headers={"Retry-After": "61"}), None),
        (httpx.ConnectError("refused"), (0.375, 0.5)),
        (httpx.ReadTimeout("slow"), (0.375, 0.5)),
        (httpx.UnsupportedProtocol("ftp"), None),
    ],
)
def test_the_retry_decision_is_a_pure_function(
    outcome: httpx.Response | Exception, expected: tuple[float, float] | None
) -> None:
    """`RetryPolicy.next_delay` decides from the attempt number and its outcome alone."""
    policy = RetryPolicy(max_retries=2)
    delay = policy.next_delay(0, outcome)
    if expected is None:
        assert delay is None
    else:
        assert delay is not None
        assert expected[0] <= delay <= expected[1]
    assert policy.next_delay(2, outcome) is None  # no retries left, whatever the outcome


# -- a response whose body breaks off: a tiny raw-socket server (the sandbox never does that) --

LOGIN_BODY = b'{"access_token": "tok_raw", "token_type": "Bearer", "expires_in": 3600}'
PAGE_BODY = json.dumps(EMPTY_PAGE).encode()
CREATED_BODY = json.dumps(CREATED).encode()


@dataclasses.dataclass(frozen=True)
class Raw:
    """What the raw server sends for one request: `data`, then it keeps the connection for the
    next request, closes it, or holds it silent until the server stops (`then`)."""

    data: bytes
    then: str = "keep"


def http(status: int, body: bytes, *, cut: int | None = None) -> bytes:
    """A response whose `Content-Length` says all of `body`, with only its first `cut` bytes."""
    head = (
        f"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode()
    return head + body[:cut]


class RawServer:
    """An HTTP/1.1 server on loopback that answers the login, and every other request with the
    next `Raw` of its script; it records each such request's method, path and headers."""

    def __init__(self, script: Callable[[int], Raw]) -> None:
        self._script = script
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        self._stop = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.base_url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        self._threads = [threading.Thread(target=self._accept, daemon=True)]
        self._threads[0].start()

    def close(self) -> None:
        self._stop.set()
        socket.create_connection(self._listener.getsockname()).close()  # wakes `accept`
        for thread in list(self._threads):
            thread.join(timeout=5)
        self._listener.close()

    def _accept(self) -> None:
        while True:
            conn, _ = self._listener.accept()
            if self._stop.is_set():
                conn.close()
                return
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve(self, conn: socket.socket) -> None:
        with contextlib.suppress(OSError), conn, conn.makefile("rb") as reader:
            conn.settimeout(10)
            while request_line := reader.readline():
                method, path, _ = request_line.decode().split(" ", 2)
                headers: dict[str, str] = {}
                while (line := reader.readline()) not in (b"\r\n", b""):
                    name, _, value = line.decode().partition(":")
                    headers[name.strip().lower()] = value.strip()
                reader.read(int(headers.get("content-length", "0")))
                if path == "/api/v1/auth/login":
                    conn.sendall(http(200, LOGIN_BODY))
                    continue
                self.requests.append((method, path, headers))
                answer = self._script(len(self.requests))
                conn.sendall(answer.data)
                if answer.then == "stall":
                    self._stop.wait(10)
                if answer.then != "keep":
                    return


@pytest.fixture
def raw_server() -> Iterator[Callable[[Callable[[int], Raw]], RawServer]]:
    """Start `RawServer`s with a script (stopped after the test)."""
    servers: list[RawServer] = []

    def start(script: Callable[[int], Raw]) -> RawServer:
        servers.append(RawServer(script))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


def cut_once(status: int, body: bytes) -> Callable[[int], Raw]:
    """The first answer's body breaks off after 10 bytes (the connection closes); then whole."""
    return lambda n: Raw(http(status, body, cut=10), "close") if n == 1 else Raw(http(status, body))


RawServerFactory = Callable[[Callable[[int], Raw]], RawServer]


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_body_cut_short_is_retried(mode: str, raw_server: RawServerFactory) -> None:
    """A GET whose connection closes in the middle of its body is retried, like one before the
    headers: the attempt is over when its body is read."""
    server = raw_server(cut_once(200, PAGE_BODY))
    options: dict[str, Any] = {"base_url": server.base_url, "loginid": "p", "apikey": "k"}

    async def alist() -> object:
        async with qolo.AsyncClient(**options, sleep=no_async_sleep) as client:
            return await list_cards.asyncio(client=client)

    if mode == "async":
        page = asyncio.run(alist())
    else:
        with qolo.Client(**options, sleep=no_sleep) as client:
            page = list_cards.sync(client=client)
    assert isinstance(page, CardList)
    assert page.count == 0
    assert len(server.requests) == 2


def test_a_body_that_stalls_is_retried_after_its_read_timeout(
    raw_server: RawServerFactory,
) -> None:
    """A read timeout in the middle of a body is retried, like one before the headers."""
    server = raw_server(
        lambda n: (
            Raw(http(200, PAGE_BODY, cut=10), "stall") if n == 1 else Raw(http(200, PAGE_BODY))
        )
    )
    with qolo.Client(
        base_url=server.base_url, loginid="p", apikey="k", sleep=no_sleep, timeout=0.5
    ) as client:
        page = list_cards.sync(client=client)
    assert isinstance(page, CardList)
    assert len(server.requests) == 2


def test_a_create_whose_body_is_cut_short_is_retried_with_its_key(
    raw_server: RawServerFactory,
) -> None:
    """A create whose 201 breaks off in its body is sent again with the same key (the platform
    replays the card it created); when every attempt breaks off, the error says that the card
    may have been created, and the key to finish the call with."""
    body = card_request("6f1c2a9e-3b7d-4e5f-8a9b-0c1d2e3f4a5b")
    server = raw_server(cut_once(201, CREATED_BODY))
    with qolo.Client(base_url=server.base_url, loginid="p", apikey="k", sleep=no_sleep) as client:
        created = create_card.sync(client=client, body=body)
    assert isinstance(created, CreateCardResponse)
    keys = [headers["idempotencykey"] for _, _, headers in server.requests]
    assert len(keys) == 2
    assert keys[0] == keys[1]

    server = raw_server(lambda n: Raw(http(201, CREATED_BODY, cut=10), "close"))
    with (
        qolo.Client(
            base_url=server.base_url, loginid="p", apikey="k", sleep=no_sleep, max_retries=1
        ) as client,
        pytest.raises(qolo.APIConnectionError) as excinfo,
    ):
        create_card.sync(client=client, body=body)
    keys = [headers["idempotencykey"] for _, _, headers in server.requests]
    assert len(keys) == 2
    assert keys[0] == keys[1]
    assert excinfo.value.outcome_unknown is True
    assert excinfo.value.idempotency_key == keys[0]


def test_closing_a_client_stops_a_call_waiting_to_retry(
    sbx: Sandbox, make_client: ClientFactory
) -> None:
    """A client closed while a create waits for its retry (here: from inside the backoff)
    sends nothing more: the call raises APIConnectionError, the outcome unknown after its 503,
    with its key; and no connection is opened after the close. The retry used to go out on a
    new connection, create the card, and leave that connection open."""
    clients: list[qolo.Client] = []
    client = make_client(sleep=lambda seconds: clients[0].close())
    clients.append(client)
    qolo.unwrap(list_cards.sync(client=client, limit=1))  # logged in, a connection open
    sbx.controls.inject_fault(kind="error_before_write", status=503, count=1, path_prefix=CARDS)
    requests = sbx.controls.stats()["requests"]
    gc.collect()  # earlier tests' garbage warns now, not in the block below
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        with pytest.raises(qolo.APIConnectionError, match="the client has been closed") as exc:
            create_card.sync(client=client, body=card_request(sbx.credential.program_guid))
        gc.collect()
    assert exc.value.outcome_unknown is True
    assert exc.value.idempotency_key is not None
    # the 503 and this count's own request: nothing after the close
    assert sbx.controls.stats()["requests"] == requests + 2
    assert [w for w in caught if issubclass(w.category, ResourceWarning)] == []


def test_closing_an_async_client_stops_a_call_waiting_to_retry(
    sbx: Sandbox, make_async_client: AsyncClientFactory
) -> None:
    """The async twin: `aclose()` during a create's backoff; no new pool, no open socket."""
    clients: list[qolo.AsyncClient] = []

    async def close_instead_of_sleeping(seconds: float) -> None:
        await clients[0].aclose()

    async def main() -> qolo.APIConnectionError:
        client = make_async_client(sleep=close_instead_of_sleeping)
        clients.append(client)
        qolo.unwrap(await list_cards.asyncio(client=client, limit=1))
        sbx.controls.inject_fault(kind="error_before_write", status=503, count=1, path_prefix=CARDS)
        body = card_request(sbx.credential.program_guid)
        with pytest.raises(qolo.APIConnectionError, match="the client has been closed") as exc:
            await create_card.asyncio(client=client, body=body)
        return exc.value

    requests = sbx.controls.stats()["requests"]
    gc.collect()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        error = asyncio.run(main())
        gc.collect()
    assert error.outcome_unknown is True
    # login, list, the fault's control request, the 503 and this count's own request
    assert sbx.controls.stats()["requests"] == requests + 5
    assert [w for w in caught if issubclass(w.category, ResourceWarning)] == []


def test_closing_a_client_closes_a_given_transport_once() -> None:
    """The calls and the login share the transport given with `transport=`: closing the client
    closes it once (the login's layer leaves it to the calls'), not once per layer."""
    closes: list[int] = []

    class Counting(httpx.MockTransport):
        def close(self) -> None:
            closes.append(1)

    def route(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/v1/auth/login":
            return httpx.Response(
                200, json={"access_token": "t", "token_type": "Bearer", "expires_in": 60}
            )
        return httpx.Response(200, json=CardList(0, 0, 0, False, []).to_dict())

    client = qolo.Client(
        base_url="http://qolo.test", loginid="l", apikey="k", transport=Counting(route)
    )
    qolo.unwrap(list_cards.sync(client=client))
    client.close()
    assert closes == [1]


# -- the bounds of what is retried and how long it waits --


def test_a_500_is_retried_like_any_5xx(sbx: Sandbox, make_client: ClientFactory) -> None:
    """Every 5xx is retried, 500 (the lowest) too: a GET answered 500 once still succeeds."""
    client = make_client()
    list_cards.sync(client=client)  # log in first: the fault below hits the listing
    sbx.controls.inject_fault(kind="error_before_write", status=500, count=1, path_prefix=CARDS)
    requests = sbx.controls.stats()["requests"]
    assert qolo.unwrap(list_cards.sync(client=client)).count == 0
    # the 500, its retry and this count's own request
    assert sbx.controls.stats()["requests"] == requests + 3


def test_backoff_doubles_up_to_its_cap() -> None:
    """The n-th retry waits 0.5 * 2**n s, jittered, and never more than the 8 s cap."""
    sleeps: list[float] = []
    with (
        mock_client(lambda r: httpx.Response(502, json=PROBLEM), sleeps, max_retries=7) as client,
        pytest.raises(qolo.ServerError),
    ):
        list_cards.sync(client=client)
    for slept, backoff in zip(sleeps, [0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0], strict=True):
        assert 0.75 * backoff <= slept <= backoff


def test_backoff_is_jittered() -> None:
    """The same retry does not always wait the same: clients retrying together spread out."""
    policy = RetryPolicy()
    waits = {policy.backoff(0) for _ in range(50)}
    assert len(waits) > 1
    assert all(0.375 <= wait <= 0.5 for wait in waits)


def test_a_retry_after_with_a_fraction_is_waited() -> None:
    """Delay-seconds with a fraction (`1.5`) are honoured, not ignored for the backoff."""
    answers = iter(
        [
            httpx.Response(503, headers={"Retry-After": "1.5"}, json=PROBLEM),
            httpx.Response(200, json=EMPTY_PAGE),
        ]
    )
    sleeps: list[float] = []
    with mock_client(lambda r: next(answers), sleeps) as client:
        assert qolo.unwrap(list_cards.sync(client=client)).count == 0
    assert sleeps == [1.5]


def test_closing_an_async_client_over_a_given_transport_stops_a_retry() -> None:
    """`aclose()` during a backoff sends nothing more, over a transport given with `transport=`
    too (no per-loop pool there to refuse it: the retry layer does)."""
    calls: list[httpx.Request] = []
    clients: list[qolo.AsyncClient] = []

    def route(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/v1/auth/login":
            return login_ok()
        calls.append(request)
        return httpx.Response(503, json=PROBLEM)

    async def close_instead_of_sleeping(seconds: float) -> None:
        await clients[0].aclose()

    async def main() -> None:
        client = qolo.AsyncClient(
            base_url="http://qolo.test",
            loginid="p",
            apikey="k",
            transport=httpx.MockTransport(route),
            sleep=close_instead_of_sleeping,
        )
        clients.append(client)
        with pytest.raises(qolo.APIConnectionError, match="the client has been closed"):
            await list_cards.asyncio(client=client)

    asyncio.run(main())
    assert len(calls) == 1


# -- a call that asks for a stream (`client.get_httpx_client().stream(...)`) --


def test_a_streamed_body_is_the_callers_to_read(raw_server: RawServerFactory) -> None:
    """A streamed call returns when the headers arrive: its body is not read inside the attempt
    (a body that stalls is not retried), it comes to the caller as it arrives."""
    server = raw_server(lambda n: Raw(http(200, PAGE_BODY, cut=10), "stall"))
    with (
        qolo.Client(
            base_url=server.base_url, loginid="p", apikey="k", sleep=no_sleep, timeout=1.0
        ) as client,
        client.get_httpx_client().stream("GET", CARDS) as response,
    ):
        assert response.status_code == 200
        assert len(server.requests) == 1
        first = next(response.iter_raw())
        assert first
        assert PAGE_BODY.startswith(first)
    assert len(server.requests) == 1


def test_a_streamed_call_that_fails_raises_its_typed_error(
    sbx: Sandbox, make_client: ClientFactory
) -> None:
    """A stream answered with an error status raises the status's typed error, as any call."""
    client = make_client()
    with (
        pytest.raises(qolo.NotFoundError) as excinfo,
        client.get_httpx_client().stream("GET", f"{CARDS}/0000000000000"),
    ):
        pass
    assert excinfo.value.status_code == 404
