"""What a failed call may have done: `outcome_unknown`, `idempotency_key`; lost DELETE answers."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from typing import Any
from uuid import UUID

import httpx
import pytest

import qolo
from qolo_api.api.cards import create_card, list_cards, status_card
from qolo_api.api.notifications import (
    create_notification,
    delete_notification_by_id,
    get_notification_by_id,
)
from qolo_api.models import (
    CardStatus,
    CardStatusRequest,
    NotificationRequest,
    WebhookEventType,
)
from qolo_api.types import UNSET, Unset
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

LOGIN = "/api/v1/auth/login"
CARDS = "/api/v1/cards"
PROGRAM = "6f1c2a9e-3b7d-4e5f-8a9b-0c1d2e3f4a5b"
GUID = UUID("3f0c9a4e-8d1b-4a6f-9c2e-5b7d1e0a4c3f")
PROBLEM = {"type": "about:blank", "title": "x", "code": "some_code", "request_id": "req_mock"}

#: What one attempt gets: a status (a problem, or the card for a 2xx), a transport error to
#: raise, "broken" (a 201 whose body breaks the contract) or a function of the request.
Step = int | str | type[httpx.TransportError] | Callable[[httpx.Request], httpx.Response]
Operation = str  # "create", "list", "status" or "delete"


def answer(step: Step, request: httpx.Request) -> httpx.Response:
    """The mock's answer to one attempt."""
    if step == "broken":
        return httpx.Response(201, json=[1, 2])
    if isinstance(step, int):
        if 200 <= step < 300:
            return httpx.Response(step, json=CREATED)
        return httpx.Response(step, json={**PROBLEM, "status": step})
    if isinstance(step, type):
        raise step("injected", request=request)
    assert callable(step)
    return step(request)


class Script:
    """A mock platform: each API attempt gets the next step, each login the next login step."""

    def __init__(self, steps: Sequence[Step], logins: Sequence[Step] = ()) -> None:
        self.steps = iter(steps)
        self.logins = iter(logins)
        self.sent: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == LOGIN:
            step = next(self.logins, None)
            return login_ok() if step is None else answer(step, request)
        self.sent.append(request)
        return answer(next(self.steps), request)

    @property
    def keys(self) -> list[str | None]:
        """The idempotency key each API attempt sent (None when it sent none)."""
        return [request.headers.get("IdempotencyKey") for request in self.sent]


def _sync_call(operation: Operation, client: qolo.Client) -> object:
    if operation == "create":
        return create_card.sync(client=client, body=card_request(PROGRAM))
    if operation == "list":
        return list_cards.sync(client=client)
    if operation == "status":
        body = CardStatusRequest(status=CardStatus.ACTIVE)
        return status_card.sync("cproxy0000000000001", client=client, body=body)
    return delete_notification_by_id.sync(GUID, client=client)


async def _async_call(operation: Operation, client: qolo.AsyncClient) -> object:
    if operation == "create":
        return await create_card.asyncio(client=client, body=card_request(PROGRAM))
    if operation == "list":
        return await list_cards.asyncio(client=client)
    if operation == "status":
        body = CardStatusRequest(status=CardStatus.ACTIVE)
        return await status_card.asyncio("cproxy0000000000001", client=client, body=body)
    return await delete_notification_by_id.asyncio(GUID, client=client)


def run(
    mode: str, script: Script, operation: Operation = "create", *, max_retries: int = 0
) -> qolo.QoloError | None:
    """Call `operation` once with a `mode` ("sync" or "async") client over `script`; its error."""
    options: dict[str, Any] = {
        "base_url": "http://qolo.test",
        "loginid": "partner",
        "apikey": "sk_test_key",
        "transport": httpx.MockTransport(script),
        "max_retries": max_retries,
    }
    if mode == "sync":
        with qolo.Client(**options, sleep=no_sleep) as client:
            try:
                _sync_call(operation, client)
            except qolo.QoloError as exc:
                return exc
        return None

    async def main() -> qolo.QoloError | None:
        async with qolo.AsyncClient(**options, sleep=no_async_sleep) as client:
            try:
                await _async_call(operation, client)
            except qolo.QoloError as exc:
                return exc
        return None

    return asyncio.run(main())


MODES = pytest.mark.parametrize("mode", ["sync", "async"])


def _name(value: object) -> str:
    return value.__name__ if isinstance(value, type) else str(value)


@MODES
@pytest.mark.parametrize(
    ("steps", "cls", "unknown"),
    [
        ([httpx.ConnectError], qolo.APIConnectionError, False),
        ([httpx.ConnectTimeout], qolo.APITimeoutError, False),
        ([httpx.PoolTimeout], qolo.APITimeoutError, False),
        ([httpx.WriteError], qolo.APIConnectionError, True),
        ([httpx.WriteTimeout], qolo.APITimeoutError, True),
        ([httpx.ReadError], qolo.APIConnectionError, True),
        ([httpx.ReadTimeout], qolo.APITimeoutError, True),
        ([httpx.RemoteProtocolError], qolo.APIConnectionError, True),
        ([500], qolo.ServerError, True),
        ([503], qolo.ServerError, True),
        ([520], qolo.ServerError, True),
        ([409], qolo.IdempotencyConflictError, True),
        (["broken"], qolo.APIResponseValidationError, True),
        ([400], qolo.BadRequestError, False),
        ([401, 401], qolo.AuthenticationError, False),
        ([404], qolo.NotFoundError, False),
        ([408], qolo.APIStatusError, False),
        ([422], qolo.IdempotencyConflictError, False),
        ([429], qolo.RateLimitError, False),
    ],
    ids=lambda value: "-".join(map(_name, value)) if isinstance(value, list) else None,
)
def test_each_failure_says_whether_the_create_may_have_happened(
    mode: str, steps: list[Step], cls: type[qolo.QoloError], unknown: bool
) -> None:
    """Per failure kind: the error's class, `outcome_unknown`, and the key the create sent."""
    script = Script(steps)
    error = run(mode, script)
    assert type(error) is cls
    assert error.outcome_unknown is unknown
    assert error.idempotency_key is not None
    assert set(script.keys) == {error.idempotency_key}


@MODES
@pytest.mark.parametrize(
    ("steps", "cls", "unknown"),
    [
        ([httpx.RemoteProtocolError, 400], qolo.BadRequestError, True),
        ([503, 404], qolo.NotFoundError, True),
        (
            [httpx.ReadTimeout, httpx.ConnectError, httpx.ConnectError],
            qolo.APIConnectionError,
            True,
        ),
        ([409, 429, 429], qolo.RateLimitError, True),
        ([httpx.ConnectError, 400], qolo.BadRequestError, False),
        ([429, httpx.ConnectTimeout, 404], qolo.NotFoundError, False),
        ([httpx.RemoteProtocolError, 401, 401], qolo.AuthenticationError, True),
    ],
    ids=lambda value: "-".join(map(_name, value)) if isinstance(value, list) else None,
)
def test_an_earlier_attempt_with_an_unknown_outcome_is_remembered(
    mode: str, steps: list[Step], cls: type[qolo.QoloError], unknown: bool
) -> None:
    """Whatever the last attempt got, one earlier attempt that may have created makes it unknown."""
    script = Script(steps)
    error = run(mode, script, max_retries=2)
    assert type(error) is cls
    assert error.outcome_unknown is unknown
    assert len(script.sent) == len(steps)
    assert set(script.keys) == {error.idempotency_key}


@MODES
def test_calls_that_create_nothing_carry_no_key(mode: str) -> None:
    """A GET and a POST without an idempotency header: no key, and still the outcome flag."""
    listing = run(mode, Script([503, 503, 503]), "list", max_retries=2)
    assert isinstance(listing, qolo.ServerError)
    assert listing.idempotency_key is None
    assert listing.outcome_unknown is True

    script = Script([httpx.ReadTimeout])
    status = run(mode, script, "status", max_retries=2)
    assert isinstance(status, qolo.APITimeoutError)
    assert len(script.sent) == 1  # not retried: it has no key
    assert status.idempotency_key is None
    assert status.outcome_unknown is True

    refused = run(mode, Script([404]), "status")
    assert isinstance(refused, qolo.NotFoundError)
    assert (refused.idempotency_key, refused.outcome_unknown) == (None, False)


@MODES
def test_a_login_error_speaks_for_the_create(mode: str) -> None:
    """The login made on the way fails: the error carries the create's key and its outcome."""
    never_sent = Script([201], logins=[httpx.ReadTimeout])
    error = run(mode, never_sent)
    assert isinstance(error, qolo.APITimeoutError)
    assert error.request.url.path == LOGIN
    assert never_sent.sent == []
    assert error.outcome_unknown is False  # the login timed out, but the create was not sent
    assert error.idempotency_key is not None

    # attempt 1 dropped (it may have created), attempt 2 had its token refused, the new login too
    dropped = Script([httpx.RemoteProtocolError, 401], logins=[lambda _: login_ok(), 401])
    error = run(mode, dropped, max_retries=1)
    assert isinstance(error, qolo.AuthenticationError)
    assert error.request.url.path == LOGIN
    assert error.outcome_unknown is True
    assert set(dropped.keys) == {error.idempotency_key}


class BrokenGzip(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A body that says it is gzip and is not (read as it arrives, as from the network)."""

    def __iter__(self) -> Iterator[bytes]:
        yield b"not gzip at all"

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield b"not gzip at all"


def broken_gzip(status: int) -> Callable[[httpx.Request], httpx.Response]:
    """An answer with `status` whose body cannot be decoded."""

    def respond(request: httpx.Request) -> httpx.Response:
        headers = {"Content-Encoding": "gzip", "X-Request-Id": "req_gz"}
        return httpx.Response(status, headers=headers, stream=BrokenGzip())

    return respond


@MODES
def test_an_answer_that_cannot_be_decoded_is_a_typed_error(mode: str) -> None:
    """A body that is not the gzip it claims: a typed error per status, never DecodingError."""
    created = run(mode, Script([broken_gzip(201)]))
    assert type(created) is qolo.APIResponseValidationError
    assert isinstance(created.cause, httpx.DecodingError)
    assert created.outcome_unknown is True
    assert created.idempotency_key is not None
    assert created.request_id == "req_gz"
    assert str(created) == (
        "201 response body breaks the contract: DecodingError (request_id=req_gz)"
    )

    failed = run(mode, Script([broken_gzip(503)]))
    assert type(failed) is qolo.ServerError
    assert (failed.status_code, failed.body, failed.request_id) == (503, None, "req_gz")
    assert failed.outcome_unknown is True
    assert failed.request.headers["Authorization"] == "<redacted>"


def test_creates_through_faults_finish_with_the_errors_key(
    sbx: Sandbox, make_client: ClientFactory
) -> None:
    """40 faulty creates, each called again with `exc.idempotency_key` until done: 40 cards."""
    creates = 40
    program = sbx.credential.program_guid
    client = make_client(max_retries=1)
    list_cards.sync(client=client)  # log in first: the faults below hit only the creates
    for kind in ("drop_after_write", "error_before_write"):
        sbx.controls.inject_fault(kind=kind, rate=0.3, methods=["POST"], path_prefix=CARDS)
    errors: list[qolo.QoloError] = []
    hidden = 0  # creates that raised, then got their card back as a replay
    proxies: set[str] = set()
    for n in range(creates):
        key: str | Unset = UNSET
        for _ in range(50):
            try:
                response = create_card.sync_detailed(
                    client=client, body=card_request(program, n), idempotency_key=key
                )
            except qolo.QoloError as exc:
                errors.append(exc)
                key = UNSET if exc.idempotency_key is None else exc.idempotency_key
                continue
            if key is not UNSET and response.headers.get("Idempotent-Replayed") == "true":
                hidden += 1
            proxies.add(qolo.unwrap(response.parsed).card.card_proxy)
            break
        else:
            pytest.fail(f"create {n} failed 50 times")
    sbx.controls.clear_faults()
    listed = list(qolo.paginate(list_cards.sync, client=client, limit=100))
    assert len(listed) == creates
    assert {card.card_proxy for card in listed} == proxies
    assert all(error.idempotency_key is not None for error in errors)
    assert any(error.outcome_unknown for error in errors)
    assert hidden >= 1


def test_a_delete_whose_answer_was_lost_counts_as_deleted(
    sbx: Sandbox,
    make_client: ClientFactory,
    make_async_client: AsyncClientFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """DELETE deletes, its answer is lost, the retry gets 404: the call returns as deleted."""
    client = make_client()
    program = sbx.credential.program_guid

    def subscribe() -> UUID:
        body = NotificationRequest(
            program_guid=UUID(program),
            url="http://127.0.0.1:9/hooks",
            secret="whsec_" + uuid.uuid4().hex,
            event_type=[WebhookEventType.CARD_CREATED],
        )
        return qolo.unwrap(create_notification.sync(client=client, body=body)).notification_guid

    first, second = subscribe(), subscribe()
    sbx.controls.inject_fault(kind="drop_after_write", count=1, methods=["DELETE"])
    with caplog.at_level(logging.INFO, logger="qolo"):
        assert delete_notification_by_id.sync(first, client=client) is qolo.NO_CONTENT
    assert any("counted as deleted" in record.getMessage() for record in caplog.records)
    with pytest.raises(qolo.NotFoundError):
        get_notification_by_id.sync(first, client=client)
    with pytest.raises(qolo.NotFoundError) as again:  # a 404 to a first attempt stays one
        delete_notification_by_id.sync(first, client=client)
    assert again.value.outcome_unknown is False

    async def main() -> int:
        async with make_async_client() as aclient:
            sbx.controls.inject_fault(kind="drop_after_write", count=1, methods=["DELETE"])
            detailed = await delete_notification_by_id.asyncio_detailed(second, client=aclient)
            return int(detailed.status_code)

    assert asyncio.run(main()) == 204
    with pytest.raises(qolo.NotFoundError):
        get_notification_by_id.sync(second, client=client)


@MODES
@pytest.mark.parametrize(
    ("steps", "deleted"),
    [
        ([httpx.RemoteProtocolError, 404], True),
        ([httpx.ReadTimeout, 404], True),
        ([503, 404], True),
        ([httpx.RemoteProtocolError, 401, 404], True),  # through the token refresh's replay
        ([404], False),
        ([httpx.ConnectError, 404], False),
        ([429, 404], False),
    ],
    ids=lambda value: "-".join(map(_name, value)) if isinstance(value, list) else None,
)
def test_a_delete_404_after_an_unknown_outcome_is_a_204(
    mode: str, steps: list[Step], deleted: bool
) -> None:
    """Only after an attempt that may have deleted does a DELETE's 404 mean done."""
    script = Script(steps)
    error = run(mode, script, "delete", max_retries=1)
    assert len(script.sent) == len(steps)
    if deleted:
        assert error is None
    else:
        assert isinstance(error, qolo.NotFoundError)
        assert error.outcome_unknown is False
        assert error.idempotency_key is None
