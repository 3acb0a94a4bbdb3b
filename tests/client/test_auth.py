"""Tokens: lazy login, reuse, proactive refresh, 401 refresh-and-replay, single flight."""

from __future__ import annotations

import asyncio
import gc
import logging
import threading
import time
import warnings
from collections.abc import Iterator

import httpx
import pytest

import qolo
from qolo._auth import TokenAuth
from qolo_api.api.cards import create_card, list_cards
from qolo_api.models import CreateCardResponse, LoginResponse
from qolo_sandbox.testing import Sandbox, start_sandbox

from ._support import AsyncClientFactory, ClientFactory, card_request, serve_loopback


def logins(sbx: Sandbox) -> int:
    return int(sbx.controls.stats()["logins"])


def test_lazy_login_and_reuse(sbx: Sandbox, make_client: ClientFactory) -> None:
    """No login before the first call; ten calls share one token."""
    client = make_client()
    assert logins(sbx) == 0
    for _ in range(10):
        list_cards.sync(client=client)
    assert logins(sbx) == 1


def test_expired_token_is_refreshed_and_the_request_replayed(
    sbx: Sandbox, make_client: ClientFactory, caplog: pytest.LogCaptureFixture
) -> None:
    """A token the server says expired: one 401, one new login, the same create replayed."""
    client = make_client()
    list_cards.sync(client=client)
    sbx.controls.advance_clock(43200 + 1)
    with caplog.at_level(logging.DEBUG, logger="qolo"):
        created = create_card.sync(client=client, body=card_request(sbx.credential.program_guid))
    assert isinstance(created, CreateCardResponse)
    assert logins(sbx) == 2
    attempts = [r.getMessage() for r in caplog.records if "create_card POST" in r.getMessage()]
    assert len(attempts) == 2
    assert "-> 401" in attempts[0]
    assert "-> 201" in attempts[1]
    assert any("token refused with 401" in r.getMessage() for r in caplog.records)
    cards = list(qolo.paginate(list_cards.sync, client=client))
    assert len(cards) == 1


@pytest.fixture(scope="module")
def short_ttl_sandbox() -> Iterator[Sandbox]:
    """A sandbox whose tokens live 2 seconds."""
    with start_sandbox(controls=True, token_ttl=2) as sbx:
        yield sbx


def test_token_is_refreshed_before_it_expires(
    short_ttl_sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    """With 10 % of the lifetime left, the client logs in again before the server refuses."""
    sbx = short_ttl_sandbox
    cred = sbx.credential
    with (
        qolo.Client(base_url=sbx.base_url, loginid=cred.loginid, apikey=cred.apikey) as client,
        caplog.at_level(logging.DEBUG, logger="qolo"),
    ):
        list_cards.sync(client=client)
        time.sleep(1.85)  # past refresh_at (1.8 s), before the expiry (2 s)
        list_cards.sync(client=client)
    assert logins(sbx) == 2
    assert not [r for r in caplog.records if "-> 401" in r.getMessage()]
    assert any("about to expire" in r.getMessage() for r in caplog.records)


def test_wrong_credentials_raise_at_once(sbx: Sandbox, make_client: ClientFactory) -> None:
    """A refused login is AuthenticationError after exactly one attempt, without retries."""
    client = make_client(apikey="sk_sandbox_wrong", max_retries=5)
    with pytest.raises(qolo.AuthenticationError) as excinfo:
        list_cards.sync(client=client)
    assert excinfo.value.status_code == 401
    assert excinfo.value.request_id
    stats = sbx.controls.stats()
    assert stats["logins"] == 0
    assert stats["failed_logins"] == 1
    # the traceback says the login failed, not the call; once per error, however many calls
    note = "raised by the login (POST /api/v1/auth/login) the call needed"
    assert excinfo.value.__notes__ == [note]
    with pytest.raises(qolo.AuthenticationError) as again:  # the held refusal
        list_cards.sync(client=client)
    assert again.value.__notes__ == [note]


def test_a_refused_login_is_not_tried_again_per_call(
    sbx: Sandbox, make_client: ClientFactory
) -> None:
    """Calls after a refusal raise it at once (no login each, no throttle's 429 to wait out)."""
    client = make_client(apikey="sk_sandbox_wrong")
    started = time.monotonic()
    for _ in range(8):  # more than the sandbox's 5 failed logins a minute
        with pytest.raises(qolo.AuthenticationError) as excinfo:
            list_cards.sync(client=client)
        assert excinfo.value.status_code == 401
    assert time.monotonic() - started < 5.0
    assert sbx.controls.stats()["failed_logins"] == 1
    client.invalidate_token()  # the caller's way to try again at once
    with pytest.raises(qolo.AuthenticationError):
        list_cards.sync(client=client)
    assert sbx.controls.stats()["failed_logins"] == 2


def test_a_throttled_login_raises_at_once(sbx: Sandbox, make_client: ClientFactory) -> None:
    """Once wrong keys have the login throttled, a new client's login gets 429: raised at once
    with `retry_after`, not waited out and tried again (which spends one more failure)."""
    for _ in range(5):  # the sandbox's failed logins per login id before it throttles
        with (
            make_client(apikey="sk_sandbox_wrong", max_retries=5) as client,
            pytest.raises(qolo.AuthenticationError),
        ):
            list_cards.sync(client=client)
    failed = sbx.controls.stats()["failed_logins"]
    started = time.monotonic()
    with (
        make_client(apikey="sk_sandbox_wrong", max_retries=5) as client,
        pytest.raises(qolo.RateLimitError) as excinfo,
    ):
        list_cards.sync(client=client)
    assert time.monotonic() - started < 2.0
    assert excinfo.value.retry_after is not None
    assert excinfo.value.retry_after > 0
    assert sbx.controls.stats()["failed_logins"] == failed + 1  # one attempt, no retry


def test_a_refusal_is_held_for_a_while_then_a_login_is_tried() -> None:
    """Within the hold every call gets a copy of the refusal; after it, one new login."""
    now = [0.0]
    logins = [0]
    request = httpx.Request("POST", "http://qolo.test/api/v1/auth/login")
    refused = httpx.Response(401, json={"code": "invalid_credentials"}, request=request)

    def login() -> LoginResponse:
        logins[0] += 1
        if logins[0] == 1:
            raise qolo.AuthenticationError("401", response=refused, body=None, problem=None)
        return LoginResponse(access_token="t", token_type="Bearer", expires_in=3600)

    async def alogin() -> LoginResponse:
        return login()

    auth = TokenAuth(login=login, alogin=alogin, clock=lambda: now[0])
    errors = []
    for moment in (0.0, 1.0, 14.9):
        now[0] = moment
        with pytest.raises(qolo.AuthenticationError) as excinfo:
            auth.sync_token()
        errors.append(excinfo.value)
    assert logins[0] == 1
    assert len({id(e) for e in errors[1:]}) == 2  # a copy each: one traceback per caller
    now[0] = 15.0
    assert auth.sync_token().value == "t"
    assert logins[0] == 2


def test_wrong_credentials_async(sbx: Sandbox, make_async_client: AsyncClientFactory) -> None:
    """The async client refuses wrong credentials the same way."""

    async def main() -> None:
        async with make_async_client(apikey="sk_sandbox_wrong") as client:
            with pytest.raises(qolo.AuthenticationError):
                await list_cards.asyncio(client=client)

    asyncio.run(main())
    assert sbx.controls.stats()["failed_logins"] == 1


def test_single_flight_threads_on_server_expiry(sbx: Sandbox, make_client: ClientFactory) -> None:
    """50 threads whose token the server refuses cause exactly one more login."""
    client = make_client()
    list_cards.sync(client=client)
    sbx.controls.advance_clock(43200 + 1)
    barrier = threading.Barrier(50)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            barrier.wait()
            list_cards.sync(client=client)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert logins(sbx) == 2


def test_single_flight_threads_on_client_expiry(sbx: Sandbox, make_client: ClientFactory) -> None:
    """50 threads that find the token past its refresh time on the client clock: one login."""
    client = make_client()
    list_cards.sync(client=client)
    auth = client._auth.state
    offset = [0.0]
    auth._clock = lambda: time.monotonic() + offset[0]
    offset[0] = 43200.0
    barrier = threading.Barrier(50)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            barrier.wait()
            list_cards.sync(client=client)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert logins(sbx) == 2


def test_single_flight_async_tasks(sbx: Sandbox, make_async_client: AsyncClientFactory) -> None:
    """200 tasks: first use, then a server-side expiry: one login each time."""

    async def main() -> None:
        async with make_async_client() as client:
            await asyncio.gather(*(list_cards.asyncio(client=client) for _ in range(200)))
            assert logins(sbx) == 1
            sbx.controls.advance_clock(43200 + 1)
            await asyncio.gather(*(list_cards.asyncio(client=client) for _ in range(200)))
            assert logins(sbx) == 2

    asyncio.run(main())


def test_second_401_is_authentication_error() -> None:
    """A fresh token refused again is not retried in a loop."""
    calls = {"login": 0, "api": 0}

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/v1/auth/login":
            calls["login"] += 1
            return httpx.Response(
                200, json={"access_token": "t", "token_type": "Bearer", "expires_in": 3600}
            )
        calls["api"] += 1
        return httpx.Response(
            401,
            json={
                "type": "x",
                "title": "Unauthorized",
                "status": 401,
                "code": "invalid_token",
                "request_id": "req_1",
            },
        )

    transport = httpx.MockTransport(handler)
    with (
        qolo.Client(base_url="http://qolo.test", loginid="l", apikey="k", transport=transport) as c,
        pytest.raises(qolo.AuthenticationError, match="invalid_token"),
    ):
        list_cards.sync(client=c)
    assert calls == {"login": 2, "api": 2}


def test_auth_flow_by_hand() -> None:
    """The auth generator sets the bearer, and on 401 swaps in a fresh token and replays."""
    tokens = iter(["first", "second"])

    def login() -> LoginResponse:
        return LoginResponse(access_token=next(tokens), token_type="Bearer", expires_in=3600)

    async def alogin() -> LoginResponse:
        return login()

    auth = TokenAuth(login=login, alogin=alogin)
    request = httpx.Request("GET", "http://qolo.test/api/v1/cards")
    flow = auth.sync_auth_flow(request)
    sent = next(flow)
    assert sent.headers["Authorization"] == "Bearer first"
    replay = flow.send(httpx.Response(401, request=request))
    assert replay is request
    assert replay.headers["Authorization"] == "Bearer second"
    with pytest.raises(StopIteration):
        flow.send(httpx.Response(200, request=request))
    assert "first" not in repr(auth)
    assert "second" not in repr(auth)


def _list_cards_at_once(client: qolo.Client, threads: int) -> list[BaseException | None]:
    """`threads` threads calling ListCards at the same moment: what each raised (None: nothing)."""
    barrier = threading.Barrier(threads)
    outcomes: list[BaseException | None] = []

    def work() -> None:
        barrier.wait()
        try:
            list_cards.sync(client=client)
            outcomes.append(None)
        except BaseException as exc:
            outcomes.append(exc)

    running = [threading.Thread(target=work) for _ in range(threads)]
    for thread in running:
        thread.start()
    for thread in running:
        thread.join()
    return outcomes


def test_refused_login_is_shared_by_waiting_threads(
    sbx: Sandbox, make_client: ClientFactory
) -> None:
    """20 threads with a wrong key: every one gets AuthenticationError from a single login."""
    client = make_client(apikey="sk_sandbox_wrong")
    # a slow login, so that all threads are waiting for it when it is refused
    sbx.controls.inject_fault(kind="latency", latency_ms=500, count=1, path_prefix="/api/v1/auth")
    outcomes = _list_cards_at_once(client, 20)
    assert all(isinstance(o, qolo.AuthenticationError) for o in outcomes)
    assert len(outcomes) == 20
    assert sbx.controls.stats()["failed_logins"] == 1


def test_failed_proactive_refresh_keeps_the_current_token() -> None:
    """In the refresh margin a failed login keeps the old token; after expiry it raises."""
    now = [0.0]
    answers: list[LoginResponse | qolo.QoloError] = [
        LoginResponse(access_token="old", token_type="Bearer", expires_in=100),
        qolo.APIConnectionError(request=httpx.Request("POST", "http://qolo.test")),
        qolo.APIConnectionError(request=httpx.Request("POST", "http://qolo.test")),
    ]

    def login() -> LoginResponse:
        answer = answers.pop(0)
        if isinstance(answer, qolo.QoloError):
            raise answer
        return answer

    async def alogin() -> LoginResponse:
        return login()

    auth = TokenAuth(login=login, alogin=alogin, clock=lambda: now[0])
    assert auth.sync_token().value == "old"
    now[0] = 95.0  # inside the 10 s margin: refresh fails, the old token still works
    assert auth.sync_token().value == "old"
    now[0] = 101.0  # expired: the failure surfaces
    with pytest.raises(qolo.APIConnectionError):
        auth.sync_token()


def test_a_failed_refresh_is_retried_after_a_pause_not_per_call() -> None:
    """A refresh that fails puts the next try off 5 s: callers meanwhile reuse the token."""
    now = [0.0]
    attempts: list[float] = []

    def login() -> LoginResponse:
        attempts.append(now[0])
        if len(attempts) == 1:
            return LoginResponse(access_token="old", token_type="Bearer", expires_in=1000)
        if len(attempts) == 2:
            answer = httpx.Response(503, request=httpx.Request("POST", "http://q.test/login"))
            raise qolo.ServerError("503", response=answer, body=None, problem=None)
        return LoginResponse(access_token="new", token_type="Bearer", expires_in=1000)

    async def alogin() -> LoginResponse:
        return login()

    auth = TokenAuth(login=login, alogin=alogin, clock=lambda: now[0])
    assert auth.sync_token().value == "old"
    now[0] = 950.0  # inside the 60 s margin: the refresh fails
    assert auth.sync_token().value == "old"
    for step in range(40):  # 4 s of calls: none of them tries again
        now[0] = 950.0 + step / 10
        assert auth.sync_token().value == "old"
    assert attempts == [0.0, 950.0]
    now[0] = 955.0
    assert auth.sync_token().value == "new"
    assert attempts == [0.0, 950.0, 955.0]


def test_concurrent_callers_share_a_failed_refresh(
    sbx: Sandbox, make_client: ClientFactory
) -> None:
    """10 threads in the refresh margin while logins fail with 503: one login, not ten."""
    now = [0.0]
    client = make_client(max_retries=0)
    client._auth.state._clock = lambda: now[0]
    list_cards.sync(client=client)
    assert logins(sbx) == 1
    sbx.controls.inject_fault(
        kind="error_before_write", status=503, count=100, path_prefix="/api/v1/auth"
    )
    now[0] = 43200 - 30.0  # inside the margin; the token itself is still valid
    failures: list[BaseException] = []

    def call() -> None:
        try:
            list_cards.sync(client=client)
        except BaseException as exc:  # every caller must succeed
            failures.append(exc)

    threads = [threading.Thread(target=call) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []  # each used the current token
    remaining = sbx.controls.faults()[0]["count"]
    assert 100 - remaining == 1  # one refresh tried; the rest used the current token
    assert logins(sbx) == 1


def login_requests(sbx: Sandbox, injected: int) -> int:
    """How many login requests reached the sandbox since a fault of `injected` was added."""
    faults = sbx.controls.faults()
    return injected - (faults[0]["count"] if faults else 0)


def test_a_login_that_times_out_is_shared_by_waiting_threads(
    sbx: Sandbox, make_client: ClientFactory
) -> None:
    """8 threads behind a login that times out: one login, and each raises its timeout (a copy
    of its own); a call made after that logs in again."""
    client = make_client(timeout=0.5, max_retries=0)
    sbx.controls.inject_fault(
        kind="latency", latency_ms=2000, count=100, path_prefix="/api/v1/auth"
    )
    outcomes = _list_cards_at_once(client, 8)
    assert len(outcomes) == 8
    assert all(isinstance(o, qolo.APITimeoutError) for o in outcomes)
    assert len({id(o) for o in outcomes}) == 8  # one traceback per caller
    assert login_requests(sbx, 100) == 1
    with pytest.raises(qolo.APITimeoutError):  # a new call: the failure is not held
        list_cards.sync(client=client)
    assert login_requests(sbx, 100) == 2


def test_a_failed_login_is_shared_by_waiting_tasks(
    sbx: Sandbox, make_async_client: AsyncClientFactory
) -> None:
    """8 tasks behind a login answering 503: its 3 attempts, not 3 per task; each task raises
    a ServerError of its own; a call made after that logs in again."""
    sbx.controls.inject_fault(kind="latency", latency_ms=100, count=100, path_prefix="/api/v1/auth")
    sbx.controls.inject_fault(
        kind="error_before_write", status=503, count=100, path_prefix="/api/v1/auth"
    )

    async def call(client: qolo.AsyncClient) -> BaseException | None:
        try:
            await list_cards.asyncio(client=client)
        except BaseException as exc:
            return exc
        return None

    async def main() -> None:
        async with make_async_client() as client:  # 2 retries: 3 attempts per login
            outcomes = await asyncio.gather(*(call(client) for _ in range(8)))
            assert all(isinstance(o, qolo.ServerError) for o in outcomes)
            assert len({id(o) for o in outcomes}) == 8
            assert login_requests(sbx, 100) == 3
            assert isinstance(await call(client), qolo.ServerError)
            assert login_requests(sbx, 100) == 6

    asyncio.run(main())


def test_a_caller_cancelled_during_the_login_leaves_it_to_the_others(
    sbx: Sandbox, make_async_client: AsyncClientFactory
) -> None:
    """Tasks whose deadlines (0.2 … 0.8 s) are shorter than a login (1 s) do not cut it short
    for the task queued behind them (2.5 s): it gets its answer from the one login sent. Each
    cancelled caller used to abandon the login, and the next one started it again.

    The last deadline leaves the login 1.5 s over its 1 s and the next call 0.9 s (no login),
    enough on a busy machine; a login started again by each cancelled caller is caught by the
    count of login requests whatever the deadlines."""
    sbx.controls.inject_fault(
        kind="latency", latency_ms=1000, count=100, path_prefix="/api/v1/auth"
    )

    async def call(client: qolo.AsyncClient, deadline: float) -> str:
        try:
            async with asyncio.timeout(deadline):
                await list_cards.asyncio(client=client, limit=1)
        except TimeoutError:
            return "timeout"
        return "ok"

    async def main() -> list[str]:
        async with make_async_client() as client:
            deadlines = (0.2, 0.4, 0.6, 0.8, 2.5)
            outcomes = await asyncio.gather(*(call(client, d) for d in deadlines))
            assert await call(client, 0.9) == "ok"  # the token is there for the next call
            return outcomes

    assert asyncio.run(main()) == ["timeout", "timeout", "timeout", "timeout", "ok"]
    assert login_requests(sbx, 100) == 1
    assert logins(sbx) == 1


# -- copies (`with_headers`, `with_timeout`): the token is shared, the login is their own --


def test_a_copy_works_after_the_client_it_copies_is_closed(
    sbx: Sandbox, make_client: ClientFactory, make_async_client: AsyncClientFactory
) -> None:
    """A client used as a template, closed before its copy's first call: the copy logs in
    through its own connections (sync and async) instead of raising the closed client's
    RuntimeError."""
    base = make_client()
    traced = base.with_headers({"X-Partner": "acme"})
    base.close()
    with traced:
        assert qolo.unwrap(list_cards.sync(client=traced)).count == 0

    async def main() -> None:
        async with make_async_client() as abase:
            quick = abase.with_timeout(5)
        async with quick:
            assert qolo.unwrap(await list_cards.asyncio(client=quick)).count == 0

    asyncio.run(main())
    assert logins(sbx) == 2


def test_a_copy_logs_in_again_through_its_own_connections(sbx: Sandbox) -> None:
    """A copy whose token must be renewed after its original was closed logs in over its own
    connections, which its close closes: no socket of the closed client is reopened and leaked."""
    cred = sbx.credential
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        base = qolo.Client(base_url=sbx.base_url, loginid=cred.loginid, apikey=cred.apikey)
        list_cards.sync(client=base)
        copy = base.with_headers({"X-Partner": "acme"})
        base.close()
        copy.invalidate_token()  # stands in for the token expiring
        with copy:
            list_cards.sync(client=copy)
        del base, copy
        gc.collect()
    assert [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)] == []
    assert logins(sbx) == 2


def test_a_copy_logs_in_with_its_own_headers() -> None:
    """A gateway key given with `with_headers` goes on the copy's login too: a gateway that
    requires it lets the login through."""
    key = "gw_key_0001"
    with serve_loopback(require={"X-Gateway-Key": key}) as platform:
        base = qolo.Client(base_url=platform.base_url, loginid="l", apikey="k", max_retries=0)
        with base, base.with_headers({"X-Gateway-Key": key}) as keyed:
            assert qolo.unwrap(list_cards.sync(client=keyed)).count == 0
    assert platform.received[0].path == "/api/v1/auth/login"
    assert [request.values("X-Gateway-Key") for request in platform.received] == [[key]] * 2


def test_a_copys_timeout_applies_to_its_login(sbx: Sandbox, make_client: ClientFactory) -> None:
    """`with_timeout(0.5)`: a login slower than that times out, as the copy's calls do, instead
    of waiting under the original's 10 s."""
    base = make_client(max_retries=0)
    sbx.controls.inject_fault(kind="latency", latency_ms=2000, count=1, path_prefix="/api/v1/auth")
    with base.with_timeout(0.5) as quick, pytest.raises(qolo.APITimeoutError) as excinfo:
        list_cards.sync(client=quick)
    assert excinfo.value.request.url.path == "/api/v1/auth/login"


def test_a_client_and_its_copies_log_in_once_between_them(
    sbx: Sandbox, make_client: ClientFactory
) -> None:
    """Threads calling a client and two copies at once cause one login; the refresh one of them
    makes after the server expired the token serves the others."""
    base = make_client()
    with base.with_headers({"X-Partner": "acme"}) as traced, base.with_timeout(5) as quick:
        clients = [base, traced, quick]
        sbx.controls.inject_fault(
            kind="latency", latency_ms=300, count=1, path_prefix="/api/v1/auth"
        )
        barrier = threading.Barrier(9)
        errors: list[BaseException] = []

        def work(client: qolo.Client) -> None:
            try:
                barrier.wait()
                list_cards.sync(client=client)
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=work, args=(clients[i % 3],)) for i in range(9)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert logins(sbx) == 1
        sbx.controls.advance_clock(43200 + 1)
        list_cards.sync(client=quick)  # 401: this copy logs in again
        for client in clients:
            list_cards.sync(client=client)
        assert logins(sbx) == 2


@pytest.mark.parametrize(("lifetime", "refresh_at"), [(100, 90.0), (3600, 3540.0)])
def test_the_refresh_margin_is_a_tenth_of_the_lifetime_but_at_most_a_minute(
    lifetime: int, refresh_at: float
) -> None:
    """A token is refreshed when less than `min(60 s, 10 %)` of its lifetime is left: a 100 s
    token 10 s before its expiry, an hour's 60 s before, not 6 minutes before."""
    now = [0.0]
    logged_in_at: list[float] = []

    def login() -> LoginResponse:
        logged_in_at.append(now[0])
        value = f"token{len(logged_in_at)}"
        return LoginResponse(access_token=value, token_type="Bearer", expires_in=lifetime)

    auth = TokenAuth(login=login, clock=lambda: now[0])
    assert auth.sync_token().value == "token1"
    now[0] = refresh_at - 1.0
    assert auth.sync_token().value == "token1"
    now[0] = refresh_at
    assert auth.sync_token().value == "token2"
    assert logged_in_at == [0.0, refresh_at]


def test_a_failed_refresh_never_puts_the_next_try_past_the_expiry() -> None:
    """A refresh that fails 2 s before the expiry waits until the expiry, not 5 s: a call
    after it logs in instead of sending the expired token."""
    now = [0.0]
    answers: list[LoginResponse | qolo.QoloError] = [
        LoginResponse(access_token="old", token_type="Bearer", expires_in=100),
        qolo.APIConnectionError(request=httpx.Request("POST", "http://qolo.test")),
        LoginResponse(access_token="new", token_type="Bearer", expires_in=100),
    ]

    def login() -> LoginResponse:
        answer = answers.pop(0)
        if isinstance(answer, qolo.QoloError):
            raise answer
        return answer

    auth = TokenAuth(login=login, clock=lambda: now[0])
    assert auth.sync_token().value == "old"
    now[0] = 98.0  # in the 10 s margin: the refresh fails, the old token still works
    assert auth.sync_token().value == "old"
    now[0] = 100.5  # expired, 2.5 s after the failure: a login, not the expired token
    assert auth.sync_token().value == "new"
    assert answers == []
