"""Typed errors for every non-2xx status, documented or not; unknown fields and enum values."""

from __future__ import annotations

import asyncio
import copy
import email.utils
import gzip
import importlib
import json
import logging
import pickle
import pkgutil
import traceback
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from types import ModuleType
from typing import Any
from uuid import UUID

import httpx
import pytest

import qolo
import qolo_api.api
from qolo_api import AuthenticatedClient
from qolo_api.api.cards import create_card, get_card, list_cards
from qolo_api.api.notifications import (
    create_notification,
    delete_notification_by_id,
    get_notification_by_id,
)
from qolo_api.errors import UnexpectedStatus
from qolo_api.models import (
    Card,
    CardStatus,
    CreateCardRequest,
    NotificationRequest,
    Person,
    Problem,
    WebhookEventType,
)
from qolo_api.types import UNSET
from qolo_sandbox.testing import Sandbox

from ._support import (
    CARD,
    AsyncClientFactory,
    ClientFactory,
    card_request,
    login_ok,
    mock_client,
)


def mock(
    status: int,
    *,
    json: object = None,
    text: str | None = None,
    headers: dict[str, str] | None = None,
) -> qolo.Client:
    """A client whose every API call gets this answer."""

    def route(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/v1/auth/login":
            return login_ok()
        if text is not None:
            return httpx.Response(status, text=text, headers=headers)
        return httpx.Response(status, json=json, headers=headers)

    return mock_client(route)


def test_400_carries_the_field_errors(sbx: Sandbox, make_client: ClientFactory) -> None:
    """An invalid body is BadRequestError with one entry per bad field."""
    client = make_client()
    body = card_request(sbx.credential.program_guid)
    body.months_until_expire = 121
    with pytest.raises(qolo.BadRequestError) as excinfo:
        create_card.sync(client=client, body=body)
    error = excinfo.value
    assert error.status_code == 400
    assert error.code == "validation_error"
    assert [e.field for e in error.errors] == ["/months_until_expire"]
    assert error.request_id
    assert error.request_id == error.response.headers["X-Request-Id"]
    assert str(error).startswith("400 validation_error: ")
    assert f"(request_id={error.request_id})" in str(error)


def test_404_and_async_404(
    sbx: Sandbox, make_client: ClientFactory, make_async_client: AsyncClientFactory
) -> None:
    """An unknown card is NotFoundError, sync and async alike."""
    with pytest.raises(qolo.NotFoundError) as excinfo:
        get_card.sync(client=make_client(), card_proxy="cproxy_nope")
    assert excinfo.value.code == "card_not_found"
    assert str(excinfo.value).startswith("404 card_not_found")

    async def main() -> None:
        async with make_async_client() as client:
            with pytest.raises(qolo.NotFoundError):
                await get_card.asyncio(client=client, card_proxy="cproxy_nope")

    asyncio.run(main())


def test_404_for_an_unknown_person(sbx: Sandbox, make_client: ClientFactory) -> None:
    """A create for a person of nobody is NotFoundError, and is not retried."""
    body = CreateCardRequest(
        program_guid=UUID(sbx.credential.program_guid),
        person=Person(person_guid=UUID("0b6f3c55-6a43-4c1e-9d43-6c0f2f1f9a10")),
    )
    with pytest.raises(qolo.NotFoundError):
        create_card.sync(client=make_client(), body=body)


def test_405_for_a_read_only_credential(sbx: Sandbox, make_client: ClientFactory) -> None:
    """A read-only credential writing gets MethodNotAllowedError; reading works."""
    cred = sbx.read_only_credential
    client = make_client(loginid=cred.loginid, apikey=cred.apikey)
    list_cards.sync(client=client)
    with pytest.raises(qolo.MethodNotAllowedError) as excinfo:
        create_card.sync(client=client, body=card_request(cred.program_guid))
    assert excinfo.value.code == "method_not_allowed_for_token"


def test_415_through_the_clients_httpx_client(sbx: Sandbox, make_client: ClientFactory) -> None:
    """A raw non-JSON body through the client's own httpx client is UnsupportedMediaTypeError."""
    http = make_client().get_httpx_client()
    with pytest.raises(qolo.UnsupportedMediaTypeError):
        http.post("/api/v1/cards", content=b"x=1", headers={"Content-Type": "text/plain"})


def test_422_for_a_reused_key(sbx: Sandbox, make_client: ClientFactory) -> None:
    """The same key with another body is IdempotencyConflictError (not retried)."""
    client = make_client()
    program = sbx.credential.program_guid
    create_card.sync(client=client, body=card_request(program, 1), idempotency_key="k-1")
    with pytest.raises(qolo.IdempotencyConflictError) as excinfo:
        create_card.sync(client=client, body=card_request(program, 2), idempotency_key="k-1")
    assert excinfo.value.status_code == 422
    assert excinfo.value.code == "idempotency_key_reused"


def test_520_is_a_server_error() -> None:
    """A gateway's 520 with an HTML body: ServerError, request id from the header."""
    client = mock(520, text="<html>origin error</html>", headers={"X-Request-Id": "req_gw"})
    with client, pytest.raises(qolo.APIStatusError) as excinfo:
        list_cards.sync(client=client)
    error = excinfo.value
    assert type(error) is qolo.ServerError
    assert error.status_code == 520
    assert error.problem is None
    assert error.body is None
    assert error.request_id == "req_gw"
    assert str(error) == "520 Unknown Status (request_id=req_gw)"


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, qolo.BadRequestError),
        (401, qolo.AuthenticationError),
        (403, qolo.APIStatusError),
        (404, qolo.NotFoundError),
        (405, qolo.MethodNotAllowedError),
        (409, qolo.IdempotencyConflictError),
        (415, qolo.UnsupportedMediaTypeError),
        (418, qolo.APIStatusError),
        (422, qolo.IdempotencyConflictError),
        (429, qolo.RateLimitError),
        (500, qolo.ServerError),
        (503, qolo.ServerError),
        (511, qolo.ServerError),
        (512, qolo.ServerError),
        (520, qolo.ServerError),
        (599, qolo.ServerError),
        (302, qolo.APIStatusError),
        (600, qolo.APIStatusError),
    ],
)
def test_every_status_maps_to_its_class(status: int, cls: type[qolo.APIStatusError]) -> None:
    """Documented or not, each non-2xx status raises exactly its class with the problem parsed."""
    problem = {"type": "about:blank", "title": "t", "status": status, "code": "some_code",
               "detail": "what happened", "request_id": "req_x"}  # fmt: skip
    with mock(status, json=problem) as client, pytest.raises(qolo.APIStatusError) as excinfo:
        list_cards.sync(client=client)
    assert type(excinfo.value) is cls
    assert excinfo.value.problem is not None
    assert excinfo.value.code == "some_code"
    assert str(excinfo.value) == f"{status} some_code: what happened (request_id=req_x)"


def test_a_problem_missing_what_the_response_tells_keeps_its_code_and_errors() -> None:
    """A gateway's 400 with `code`, `detail` and `errors` but no `request_id` or `type`: the
    code, detail and field errors still reach the exception; without a `code` it is no problem."""
    body = {
        "title": "Bad Request",
        "status": 400,
        "code": "validation_error",
        "detail": "1 invalid field.",
        "errors": [{"field": "/secret", "location": "body", "message": "is too short"}],
    }
    with mock(400, json=body) as client, pytest.raises(qolo.BadRequestError) as excinfo:
        get_card.sync(client=client, card_proxy="cproxy0000000000001")
    error = excinfo.value
    assert error.code == "validation_error"
    assert [e.field for e in error.errors] == ["/secret"]
    assert error.request_id is None
    assert str(error) == "400 validation_error: 1 invalid field. (fields: '/secret')"
    headers = {"X-Request-Id": "req_gw"}
    with (
        mock(403, json={"code": "forbidden"}, headers=headers) as client,
        pytest.raises(qolo.APIStatusError) as forbidden,
    ):
        get_card.sync(client=client, card_proxy="cproxy0000000000001")
    assert forbidden.value.code == "forbidden"
    assert forbidden.value.request_id == "req_gw"
    assert str(forbidden.value) == "403 forbidden (request_id=req_gw)"
    with (
        mock(403, json={"message": "denied"}) as client,
        pytest.raises(qolo.APIStatusError) as plain,
    ):
        get_card.sync(client=client, card_proxy="cproxy0000000000001")
    assert plain.value.problem is None
    assert str(plain.value) == "403 Forbidden"


def test_unknown_fields_and_enum_values_parse() -> None:
    """A new card status and new fields never break a call; the value round-trips."""
    card = {**CARD, "card_status": "FROZEN", "issuance_type": "HOLOGRAPHIC", "new_field": {"a": 1}}
    with mock(200, json=card) as client:
        result = qolo.unwrap(get_card.sync(client=client, card_proxy="cproxy0000000000001"))
    assert isinstance(result, Card)
    assert result.card_status == "FROZEN"
    assert result.card_status not in list(CardStatus)
    assert result.additional_properties["new_field"] == {"a": 1}
    assert result.to_dict()["card_status"] == "FROZEN"


def test_a_null_in_an_optional_field_reads_as_absent() -> None:
    """The platform (.NET) may send null for a value it does not have: where the contract has
    no null and may leave the field out, the client reads it as left out (UNSET) rather than
    refuse a card that exists; nested objects and a person's address alike."""
    card = {
        **CARD,
        "mask_card_pan": None,
        "wallet_guid": None,
        "card_status": None,
        "activation_date": None,
        "pin_set": None,
        "card_tracking_detail": {"card_delivery_method": None, "fulfillment_house_name": "A"},
    }
    with mock(200, json=card) as client:
        result = qolo.unwrap(get_card.sync(client=client, card_proxy="cproxy0000000000001"))
    for field in ("mask_card_pan", "wallet_guid", "card_status", "activation_date", "pin_set"):
        assert getattr(result, field) is UNSET, field
        assert field not in result.to_dict()
        assert field not in result.additional_properties
    assert result.card_tracking_detail
    assert result.card_tracking_detail.card_delivery_method is UNSET
    assert result.card_tracking_detail.fulfillment_house_name == "A"
    person = Person.from_dict(
        {
            "first_name": None,
            "client_reference_id": None,
            "base_address": {"address_line1": "1 Main St", "address_line2": None},
        }
    )
    assert person.first_name is None  # the contract's null: kept
    assert person.client_reference_id is UNSET
    assert person.base_address
    assert person.base_address.address_line2 is UNSET
    assert person.to_dict() == {
        "first_name": None,
        "base_address": {"address_line1": "1 Main St"},
    }


def _raised(call: Callable[[], object]) -> qolo.QoloError:
    with pytest.raises(qolo.QoloError) as excinfo:
        call()
    return excinfo.value


def test_every_error_survives_pickle_and_copy(sbx: Sandbox, make_client: ClientFactory) -> None:
    """Errors cross process boundaries (a process pool pickles them) and copy, attributes kept."""
    client = make_client()
    program = sbx.credential.program_guid
    create_card.sync(client=client, body=card_request(program, 1), idempotency_key="k-1")
    errors = [
        _raised(lambda: get_card.sync(client=client, card_proxy="cproxy_nope")),
        _raised(
            lambda: create_card.sync(
                client=client, body=card_request(program, 2), idempotency_key="k-1"
            )
        ),
        _raised(lambda: list_cards.sync(client=client, limit=-1)),
        _raised(lambda: list_cards.sync(client=make_client(apikey="sk_sandbox_wrong"))),
        _raised(lambda: list_cards.sync(client=mock(200, json={"cards": "no"}))),
        _raised(
            lambda: list_cards.sync(
                client=qolo.Client(
                    base_url="http://127.0.0.1:9", loginid="l", apikey="k", max_retries=0
                )
            )
        ),
    ]
    assert [type(e) for e in errors] == [
        qolo.NotFoundError,
        qolo.IdempotencyConflictError,
        qolo.BadRequestError,
        qolo.AuthenticationError,
        qolo.APIResponseValidationError,
        qolo.APIConnectionError,
    ]
    kept = ("status_code", "code", "request_id", "errors", "outcome_unknown", "idempotency_key")
    for error in errors:
        pickled = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes
        for again in (pickled, copy.copy(error), copy.deepcopy(error)):
            assert type(again) is type(error)
            assert str(again) == str(error)
            assert again.args == error.args
            for name in kept:
                assert getattr(again, name, None) == getattr(error, name, None), name
            request = getattr(error, "request", None)
            if request is not None:
                assert again.request.url == request.url  # type: ignore[attr-defined]


def test_connection_refused_is_api_connection_error() -> None:
    """Nothing listening: APIConnectionError, with no secret in the traceback."""
    client = qolo.Client(
        base_url="http://127.0.0.1:9", loginid="l", apikey="sk_secret_value", max_retries=0
    )
    with client, pytest.raises(qolo.APIConnectionError) as excinfo:
        list_cards.sync(client=client)
    text = "".join(traceback.format_exception(excinfo.value))
    assert "sk_secret_value" not in text
    # the reason and the call that failed (here the login on the way), not the class alone
    assert str(excinfo.value) == (
        "Connection error: ConnectError: [Errno 111] Connection refused "
        "(POST http://127.0.0.1:9/api/v1/auth/login)."
    )


@pytest.mark.parametrize("base_url", ["localhost:8000", "127.0.0.1:8000/api", "ftp://qolo.test"])
def test_a_base_url_without_http_is_refused_at_once(base_url: str) -> None:
    """Not at the first call, as a connection error naming no cause."""
    with pytest.raises(ValueError, match=r"base_url must start with http:// or https://$"):
        qolo.Client(base_url=base_url, loginid="l", apikey="k")


@pytest.mark.parametrize(
    "base_url", ["http://gateway:pa55word@qolo.test", "https://user@qolo.test/api"]
)
def test_a_base_url_with_credentials_is_refused_at_once(base_url: str) -> None:
    """The token would replace them: they could only leak (reprs, kept requests), never work."""
    with pytest.raises(ValueError, match=r"must not carry credentials") as excinfo:
        qolo.AsyncClient(base_url=base_url, loginid="l", apikey="k")
    assert "pa55word" not in str(excinfo.value)
    assert "user@" not in str(excinfo.value)


def test_a_200_missing_a_required_field_is_a_typed_error() -> None:
    """A 200 card without `card_proxy`: APIResponseValidationError, not a KeyError."""
    card = {key: value for key, value in CARD.items() if key != "card_proxy"}
    client = mock(200, json=card, headers={"X-Request-Id": "req_broken"})
    with client, pytest.raises(qolo.APIResponseValidationError) as excinfo:
        get_card.sync(client=client, card_proxy="cproxy0000000000001")
    error = excinfo.value
    assert isinstance(error, qolo.QoloError)
    assert error.status_code == 200
    assert error.request_id == "req_broken"
    assert isinstance(error.cause, KeyError)
    assert error.__cause__ is error.cause
    assert error.response.json() == card
    assert error.request is error.response.request
    assert error.request.headers["Authorization"] == "<redacted>"
    assert str(error) == (
        "200 response body breaks the contract: no field 'card_proxy' (request_id=req_broken)"
    )


@pytest.mark.parametrize(
    ("field", "value", "named"),
    [
        ("card_proxy", None, "card_proxy is not a string"),
        ("pin_set", "false", "pin_set is not a boolean"),
        ("card_number", 5340920000006448, "card_number is not a string"),
        ("card_tracking_detail", "shipped", "card_tracking_detail has the wrong JSON type"),
        (
            "card_tracking_detail",
            {"card_delivery_method": 7},
            "card_delivery_method is not a string",
        ),
        ("wallet_guid", 17, "wallet_guid has the wrong JSON type"),
        ("card_status", ["ACTIVE"], "card_status has the wrong JSON type"),
    ],
    ids=[
        "null-required-string",
        "string-for-boolean",
        "number-for-nullable-string",
        "string-for-nullable-object",
        "wrong-type-inside-a-nullable-object",
        "number-for-uuid",
        "array-for-enum",
    ],
)
def test_a_200_with_a_value_of_the_wrong_type_is_a_typed_error(
    field: str, value: object, named: str
) -> None:
    """A value of another JSON type than the contract's fails the parse, naming the field and
    its type, never the value: it does not flow on typed as what it is not."""
    client = mock(200, json={**CARD, field: value}, headers={"X-Request-Id": "req_typed"})
    with client, pytest.raises(qolo.APIResponseValidationError) as excinfo:
        get_card.sync(client=client, card_proxy="cproxy0000000000001")
    assert str(excinfo.value) == (
        f"200 response body breaks the contract: {named} (request_id=req_typed)"
    )
    assert "5340920000006448" not in str(excinfo.value)


@pytest.mark.parametrize(
    ("field", "value", "named"),
    [
        ("wallet_guid", "", "wallet_guid is not a uuid"),
        ("activation_date", "n/a", "activation_date is not a date-time"),
        (
            "card_tracking_detail",
            {"card_requested": "5340920000006448"},
            "card_requested is not a date-time",
        ),
    ],
    ids=["empty-uuid", "word-for-date-time", "bad-date-time-inside-a-nullable-object"],
)
def test_a_200_with_a_string_its_format_refuses_names_the_field(
    field: str, value: object, named: str
) -> None:
    """A uuid or date-time string that does not parse names the field and the format, never
    the value: a platform sending "" for "no wallet" must be findable in the message."""
    client = mock(200, json={**CARD, field: value}, headers={"X-Request-Id": "req_format"})
    with client, pytest.raises(qolo.APIResponseValidationError) as excinfo:
        get_card.sync(client=client, card_proxy="cproxy0000000000001")
    assert str(excinfo.value) == (
        f"200 response body breaks the contract: {named} (request_id=req_format)"
    )
    assert "5340920000006448" not in str(excinfo.value)
    assert "n/a" not in str(excinfo.value)


def test_whole_numbers_written_as_floats_are_integers() -> None:
    """JSON Schema counts 43200.0 as an integer: a login's lifetime so written is accepted."""

    def route(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/v1/auth/login":
            body = {"access_token": "tok_mock", "token_type": "Bearer", "expires_in": 43200.0}
            return httpx.Response(200, json=body)
        return httpx.Response(200, json={**CARD, "card_proxy": "cproxy0000000000001"})

    with mock_client(route) as client:
        card = get_card.sync(client=client, card_proxy="cproxy0000000000001")
    assert card is not None


def test_an_absurd_token_lifetime_is_read_as_a_year() -> None:
    """`expires_in` of 10**400 cannot overflow the deadline's float: the call goes through."""

    def route(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/v1/auth/login":
            body = b'{"access_token": "tok_mock", "token_type": "Bearer", "expires_in": 1' + (
                b"0" * 400 + b"}"
            )
            return httpx.Response(200, content=body, headers={"Content-Type": "application/json"})
        return httpx.Response(200, json=CARD)

    with mock_client(route) as client:
        assert qolo.unwrap(get_card.sync(client=client, card_proxy="cproxy0000000000001"))


def test_a_200_with_html_is_a_typed_error() -> None:
    """A 200 with an HTML page (a captive portal, a misrouted proxy): typed, body not echoed."""
    client = mock(200, text="<html>maintenance window</html>")
    with client, pytest.raises(qolo.APIResponseValidationError) as excinfo:
        list_cards.sync(client=client)
    error = excinfo.value
    assert isinstance(error.cause, ValueError)
    assert error.request_id is None
    assert "maintenance" not in str(error)
    assert str(error) == "200 response body breaks the contract: JSONDecodeError"


def test_async_200_with_a_broken_body_is_a_typed_error() -> None:
    """The async client raises the same typed error."""

    def route(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/v1/auth/login":
            return login_ok()
        return httpx.Response(200, json=[1, 2])

    async def scenario() -> None:
        async with qolo.AsyncClient(
            base_url="http://qolo.test",
            loginid="partner",
            apikey="sk_test_key",
            transport=httpx.MockTransport(route),
            max_retries=0,
        ) as client:
            await get_card.asyncio(client=client, card_proxy="cproxy0000000000001")

    with pytest.raises(qolo.APIResponseValidationError) as excinfo:
        asyncio.run(scenario())
    assert excinfo.value.status_code == 200


def test_a_login_200_without_a_token_is_a_validation_error() -> None:
    """A login answering 200 without `access_token` broke the contract; the key was not refused."""
    calls: list[str] = []

    def route(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.path)
        if request.url.path == "/api/v1/auth/login":
            return httpx.Response(200, json={"token_type": "Bearer", "expires_in": 3600})
        return httpx.Response(200, json=CARD)

    client = mock_client(route)
    with client, pytest.raises(qolo.APIResponseValidationError) as excinfo:
        get_card.sync(client=client, card_proxy="cproxy0000000000001")
    error = excinfo.value
    assert type(error) is qolo.APIResponseValidationError  # not an AuthenticationError
    assert error.request is not None
    assert error.request.url.path == "/api/v1/auth/login"
    assert error.request.content == b""
    assert "access_token" in str(error)
    assert calls == ["/api/v1/auth/login"]


def test_a_gzipped_error_body_is_kept_decoded() -> None:
    """The kept copy of a compressed response holds the decoded body and still parses."""
    problem = {"type": "about:blank", "title": "t", "status": 503, "code": "down",
               "request_id": "req_gz"}  # fmt: skip
    raw = gzip.compress(json.dumps(problem).encode())

    def route(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/v1/auth/login":
            return login_ok()
        return httpx.Response(
            503,
            content=raw,
            headers={"Content-Encoding": "gzip", "Content-Type": "application/problem+json"},
        )

    client = mock_client(route)
    with client, pytest.raises(qolo.ServerError) as excinfo:
        list_cards.sync(client=client)
    assert excinfo.value.response.json() == problem
    assert excinfo.value.code == "down"


@pytest.mark.parametrize(
    "body",
    [
        {"access_token": "tok_secret_do_not_keep", "token_type": "Bearer"},
        {"access_token": "tok_secret_do_not_keep", "token_type": "Bearer", "expires_in": "soon"},
        {"access_token": "tok_secret_do_not_keep", "token_type": "Bearer", "expires_in": 0},
        {"access_token": "tok_secret_do_not_keep", "token_type": "Bearer", "expires_in": -60},
        {"access_token": None, "token_type": "Bearer", "expires_in": 3600},
        {"access_token": 42, "token_type": "Bearer", "expires_in": 3600},
        {"access_token": "", "token_type": "Bearer", "expires_in": 3600},
        {"access_token": "tok_secret_do_not_keep\n", "token_type": "Bearer", "expires_in": 3600},
        {"access_token": "tok_secret_do_not_keep x", "token_type": "Bearer", "expires_in": 3600},
    ],
    ids=[
        "no-expires-in",
        "text",
        "zero",
        "negative",
        "null-token",
        "number-token",
        "blank-token",
        "token-with-newline",
        "token-with-space",
    ],
)
def test_a_broken_login_200_is_typed_and_keeps_no_token(body: dict[str, object]) -> None:
    """A token that is none, or has no usable lifetime, is APIResponseValidationError (not a
    401 blaming accepted credentials), holding no copy of it."""

    def route(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=body)

    client = mock_client(route)
    with client, pytest.raises(qolo.APIResponseValidationError) as excinfo:
        list_cards.sync(client=client)
    error = excinfo.value
    assert error.response.content == b""
    texts = [str(error), repr(vars(error)), "".join(traceback.format_exception(error))]
    # what an error reporter that captures locals sees in the client's frames (not this test's)
    chained: traceback.TracebackException | None = traceback.TracebackException.from_exception(
        error, capture_locals=True
    )
    while chained is not None:
        texts += [repr(frame.locals) for frame in chained.stack if frame.filename != __file__]
        chained = chained.__cause__ or chained.__context__
    assert all("tok_secret_do_not_keep" not in text for text in texts)


def test_rate_limit_error_reads_an_http_date_retry_after() -> None:
    """`RateLimitError.retry_after` understands both forms of Retry-After, as the retries do."""
    soon = email.utils.format_datetime(datetime.now(UTC) + timedelta(seconds=120), usegmt=True)
    for header, low, high in (("7", 7.0, 7.0), (soon, 100.0, 121.0)):
        client = mock(429, json={"code": "rate_limited"}, headers={"Retry-After": header})
        with client, pytest.raises(qolo.RateLimitError) as excinfo:
            list_cards.sync(client=client)
        retry_after = excinfo.value.retry_after
        assert retry_after is not None
        assert low <= retry_after <= high


def _operation_modules() -> list[ModuleType]:
    """Every generated operation module."""
    modules = []
    for package in pkgutil.iter_modules(qolo_api.api.__path__, "qolo_api.api."):
        for info in pkgutil.iter_modules(importlib.import_module(package.name).__path__):
            modules.append(importlib.import_module(f"{package.name}.{info.name}"))
    return modules


@pytest.mark.parametrize("status", [200, 201, 202, 203, 204, 206, 299])
def test_no_operation_can_raise_unexpected_status(status: int) -> None:
    """No generated operation, given a qolo client, raises `UnexpectedStatus` for any status."""
    modules = _operation_modules()
    names = {module.__name__.rsplit(".", 1)[1] for module in modules}
    assert {"login", "create_card", "get_card", "delete_notification_by_id"} <= names
    for client in (
        qolo.Client(base_url="http://qolo.test", loginid="l", apikey="k"),
        qolo.AsyncClient(base_url="http://qolo.test", loginid="l", apikey="k"),
    ):
        for module in modules:
            request = httpx.Request("GET", "http://qolo.test/api/v1/x")
            response = httpx.Response(
                status, json={"card_number": "5340920000000007"}, request=request
            )
            try:
                module._parse_response(client=client, response=response)
            except UnexpectedStatus:  # pragma: no cover - the failure this test looks for
                pytest.fail(f"{module.__name__} raised UnexpectedStatus for {status}")
            except qolo.APIResponseValidationError:
                pass  # an undocumented 2xx: the typed error
            except (ValueError, KeyError, TypeError, AttributeError):
                pass  # a documented status whose body is not this one: not what is tested


def test_raise_on_unexpected_status_is_not_an_option() -> None:
    """Neither client takes or has the generated clients' option: an undocumented 2xx raises."""
    options: dict[str, Any] = {"base_url": "http://qolo.test", "loginid": "l", "apikey": "k"}
    for factory in (qolo.Client, qolo.AsyncClient):
        with pytest.raises(TypeError, match="raise_on_unexpected_status"):
            factory(**{**options, "raise_on_unexpected_status": True})
        client = factory(**options)
        assert not hasattr(client, "raise_on_unexpected_status")
        request = httpx.Request("POST", "http://qolo.test/api/v1/cards")
        error = client._unexpected_status_error(httpx.Response(200, request=request))
        assert isinstance(error, qolo.APIResponseValidationError)


def test_an_undocumented_2xx_raises_typed_and_keeps_no_secret() -> None:
    """CreateCard's undocumented 200: a typed error naming the status and the operation, the
    outcome unknown, the key to finish with, and no card number in its traceback."""
    pan = "5340920000000007"
    client = mock(
        200, json={**CARD, "card_number": pan, "cvx2": "739"}, headers={"X-Request-Id": "r1"}
    )
    with client, pytest.raises(qolo.APIResponseValidationError) as excinfo:
        create_card.sync(client=client, body=card_request(str(UUID(int=1))))
    error = excinfo.value
    assert str(error) == (
        "200 response breaks the contract: the contract documents no 200 for create_card"
        " (request_id=r1)"
    )
    assert error.outcome_unknown is True
    assert error.status_code == 200
    assert error.idempotency_key
    assert pan not in "".join(traceback.format_exception(error))


def test_unwrap_passes_a_delete_through(sbx: Sandbox, make_client: ClientFactory) -> None:
    """DeleteNotificationById's 204 has no body: it is `qolo.NO_CONTENT`, which `unwrap` passes
    instead of calling a success an error; an undocumented 2xx never reaches it (it raised)."""
    body = NotificationRequest(
        program_guid=UUID(sbx.credential.program_guid),
        url="http://127.0.0.1:9/hooks",
        secret="whsec_" + UUID(int=7).hex,
        event_type=[WebhookEventType.CARD_CREATED],
    )
    with make_client() as client:
        created = qolo.unwrap(create_notification.sync(client=client, body=body))
        deleted = qolo.unwrap(
            delete_notification_by_id.sync(created.notification_guid, client=client)
        )
        assert deleted is qolo.NO_CONTENT
        assert not deleted
        assert copy.deepcopy(deleted) is qolo.NO_CONTENT
        assert pickle.loads(pickle.dumps(deleted)) is qolo.NO_CONTENT  # noqa: S301 - our own bytes
        with pytest.raises(qolo.NotFoundError):
            get_notification_by_id.sync(created.notification_guid, client=client)


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(502, text="<html>bad gateway</html>"),
        httpx.Response(520),
        httpx.Response(418),
        httpx.Response(202),
    ],
    ids=["html-502", "520", "418", "202"],
)
def test_unwrap_refuses_what_the_generated_client_alone_could_not_read(
    answer: httpx.Response,
) -> None:
    """With the generated client alone, an error or an undocumented status comes back as None
    (or a Problem): `unwrap` raises, never hands it on typed as the model."""
    client = AuthenticatedClient(
        base_url="http://qolo.test",
        token="t",
        httpx_args={"transport": httpx.MockTransport(lambda request: answer)},
    )
    with pytest.raises(qolo.QoloError, match="no success model") as excinfo:
        qolo.unwrap(get_card.sync(client=client, card_proxy="cproxy0000000000001"))
    assert excinfo.value.outcome_unknown is True
    problem = Problem.from_dict(
        {"type": "about:blank", "title": "Not Found", "status": 404, "code": "x", "request_id": "r"}
    )
    with pytest.raises(qolo.QoloError, match="no success model"):
        qolo.unwrap(problem)


@pytest.mark.parametrize("raise_on_unexpected_status", [False, True])
def test_the_generated_client_keeps_its_own_option(raise_on_unexpected_status: bool) -> None:
    """Alone, the generated AuthenticatedClient still honours raise_on_unexpected_status."""
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json=CARD))
    client = AuthenticatedClient(
        base_url="http://qolo.test",
        token="t",
        raise_on_unexpected_status=raise_on_unexpected_status,
        httpx_args={"transport": transport},
    )
    body = card_request(str(UUID(int=1)))
    if raise_on_unexpected_status:
        with pytest.raises(UnexpectedStatus) as excinfo:
            create_card.sync(client=client, body=body)  # CreateCard documents 201, not 200
        assert excinfo.value.status_code == 200
    else:
        assert create_card.sync(client=client, body=body) is None


def test_a_problems_own_members_win_over_what_the_response_tells() -> None:
    """A problem lacking only `type` keeps its own `title` and `request_id`: the response's
    fill in what is missing, never replace what is there."""
    body = {"title": "Key in flight", "status": 409, "code": "idempotency_key_in_flight",
            "detail": "try later", "request_id": "req_from_body"}  # fmt: skip
    client = mock(409, json=body, headers={"X-Request-Id": "req_from_header"})
    with client, pytest.raises(qolo.IdempotencyConflictError) as excinfo:
        list_cards.sync(client=client)
    problem = excinfo.value.problem
    assert problem is not None
    assert (problem.type_, problem.title) == ("about:blank", "Key in flight")
    assert excinfo.value.request_id == "req_from_body"
    assert str(excinfo.value) == (
        "409 idempotency_key_in_flight: try later (request_id=req_from_body)"
    )


def test_every_invalid_field_is_listed() -> None:
    """`BadRequestError.errors` has one entry per invalid field, not only the first."""
    errors = [{"location": "body", "field": f"/{name}", "message": "empty"}
              for name in ("first_name", "last_name")]  # fmt: skip
    problem = {"type": "about:blank", "title": "Bad Request", "status": 400,
               "code": "validation_error", "detail": "2 invalid fields", "request_id": "req_2",
               "errors": errors}  # fmt: skip
    with mock(400, json=problem) as client, pytest.raises(qolo.BadRequestError) as excinfo:
        list_cards.sync(client=client)
    assert [e.field for e in excinfo.value.errors] == ["/first_name", "/last_name"]
    assert str(excinfo.value) == (
        "400 validation_error: 2 invalid fields (fields: '/first_name', '/last_name') "
        "(request_id=req_2)"
    )


def test_the_exception_hierarchy_is_as_documented() -> None:
    """Each class's base is the one `qolo._exceptions` documents: catching `BadRequestError`
    never catches a 409 or 422, nor `APIConnectionError` a status error."""
    parents = {
        qolo.APIConnectionError: qolo.QoloError,
        qolo.APITimeoutError: qolo.APIConnectionError,
        qolo.APIStatusError: qolo.QoloError,
        qolo.BadRequestError: qolo.APIStatusError,
        qolo.AuthenticationError: qolo.APIStatusError,
        qolo.NotFoundError: qolo.APIStatusError,
        qolo.MethodNotAllowedError: qolo.APIStatusError,
        qolo.IdempotencyConflictError: qolo.APIStatusError,
        qolo.UnsupportedMediaTypeError: qolo.APIStatusError,
        qolo.RateLimitError: qolo.APIStatusError,
        qolo.ServerError: qolo.APIStatusError,
        qolo.APIResponseValidationError: qolo.QoloError,
        qolo.WebhookVerificationError: qolo.QoloError,
    }
    for cls, parent in parents.items():
        assert cls.__bases__ == (parent,), cls
    assert qolo.QoloError.__bases__ == (Exception,)


def test_a_connection_error_never_repeats_a_urls_credentials() -> None:
    """A transport error quoting a proxy's URL with `user:password@`: the message keeps the
    URL without them."""

    def route(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/v1/auth/login":
            return login_ok()
        raise httpx.ProxyError("no tunnel via http://proxyuser:proxy_pw_0001@proxy.test:3128")

    client = qolo.Client(base_url="http://qolo.test", loginid="partner", apikey="sk_test_key",
                         transport=httpx.MockTransport(route), max_retries=0)  # fmt: skip
    with client, pytest.raises(qolo.APIConnectionError) as excinfo:
        list_cards.sync(client=client)
    message = str(excinfo.value)
    assert "proxy_pw_0001" not in message
    assert "proxyuser" not in message
    assert "via http://proxy.test:3128" in message


def test_each_attempt_is_one_debug_line_with_its_request_id(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """An attempt's line is at DEBUG (INFO is for logins and retries), names the request id,
    and a failed attempt by the error's type alone: its text may quote anything."""
    answers = iter([404])

    def route(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/v1/auth/login":
            return login_ok()
        if next(answers, None) == 404:
            return httpx.Response(404, headers={"X-Request-Id": "req_attempt_1"})
        raise httpx.ConnectError("reset; upstream said apikey=sk_leaked_0001", request=request)

    client = qolo.Client(base_url="http://qolo.test", loginid="partner", apikey="sk_test_key",
                         transport=httpx.MockTransport(route), max_retries=0)  # fmt: skip
    with client, caplog.at_level(logging.DEBUG, logger="qolo"):
        with pytest.raises(qolo.NotFoundError):
            list_cards.sync(client=client)
        with pytest.raises(qolo.APIConnectionError):
            list_cards.sync(client=client)
    lines = [r for r in caplog.records if r.name == "qolo" and " -> " in r.getMessage()]
    found = [r for r in lines if "-> 404 " in r.getMessage()]
    assert [r.levelno for r in found] == [logging.DEBUG]
    assert found[0].getMessage().endswith("request_id=req_attempt_1")
    failed = [r for r in lines if "-> ConnectError " in r.getMessage()]
    assert [r.levelno for r in failed] == [logging.DEBUG]
    assert all("sk_leaked_0001" not in r.getMessage() for r in caplog.records)
