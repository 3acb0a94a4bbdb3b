"""No secret (API key, token, PIN) in any log record, repr, exception message or traceback."""

from __future__ import annotations

import asyncio
import json
import logging
import pickle
import re
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

import qolo
from qolo_api.api.cards import create_card, get_card, list_cards, set_pin, status_card
from qolo_api.models import CardStatus, CardStatusRequest, LoginRequest, SetPinRequest
from qolo_sandbox.testing import Sandbox

from ._support import (
    AsyncClientFactory,
    ClientFactory,
    card_request,
    login_ok,
    mock_client,
    serve_loopback,
)

PIN = "482913"
SAMPLES = Path(__file__).resolve().parents[2] / "reference" / "samples"
PLATFORM_PAN = "5340920000000007"  # the reference sample's own number
PLATFORM_CVV = "739"


def test_no_secret_anywhere_across_a_full_flow(
    sbx: Sandbox, make_client: ClientFactory, caplog: pytest.LogCaptureFixture
) -> None:
    """Login, create, set a PIN, 401 refresh, failures, bad credentials: every text checked."""
    texts: list[str] = []
    tokens: set[str] = set()
    apikey = sbx.credential.apikey
    wrong_key = "sk_sandbox_this_one_is_wrong_0001"

    def failure(exc: BaseException) -> None:
        texts.extend([str(exc), repr(exc), "".join(traceback.format_exception(exc))])

    with caplog.at_level(logging.DEBUG):  # every logger: qolo, httpx, httpcore
        client = make_client()
        texts.append(repr(client))
        created = qolo.unwrap(
            create_card.sync(client=client, body=card_request(sbx.credential.program_guid))
        )
        tokens.add(client._auth.state._token.value if client._auth.state._token else "")
        request = SetPinRequest(pin=PIN, comment="onboarding")
        texts.append(repr(request))
        answer = qolo.unwrap(
            set_pin.sync(client=client, card_proxy=created.card.card_proxy, body=request)
        )
        assert answer.comment == "onboarding"
        texts.append(repr(answer))
        card = qolo.unwrap(get_card.sync(client=client, card_proxy=created.card.card_proxy))
        assert card.pin_set is True
        texts.append(repr(card))
        sbx.controls.advance_clock(43200 + 1)  # token refused: refresh and replay
        list_cards.sync(client=client)
        tokens.add(client._auth.state._token.value if client._auth.state._token else "")
        texts.append(repr(client._auth))
        with pytest.raises(qolo.NotFoundError) as not_found:
            get_card.sync(client=client, card_proxy="cproxy_nope")
        failure(not_found.value)
        with pytest.raises(qolo.BadRequestError) as bad_pin:
            set_pin.sync(
                client=client, card_proxy=created.card.card_proxy, body=SetPinRequest(pin="12x")
            )
        failure(bad_pin.value)
        bad = make_client(apikey=wrong_key)
        texts.append(repr(bad))
        texts.append(repr(LoginRequest(loginid="x", apikey=wrong_key)))
        with pytest.raises(qolo.AuthenticationError) as refused:
            list_cards.sync(client=bad)
        failure(refused.value)
    texts.extend(record.getMessage() for record in caplog.records)
    texts.extend(caplog.text.splitlines())

    assert len(tokens - {""}) == 2
    assert any("-> 401" in t for t in texts)
    everything = "\n".join(texts)
    for secret in [apikey, wrong_key, PIN, "12x", *tokens - {""}]:
        assert secret not in everything


# What a rendering holds that is no value of the caller's, but digits: an object's address
# (`<... object at 0x7f90ef6e9a10>`, new with every process) and a traceback's line numbers
# (new with every edit). The 3 digits of a CVV turn up in one address about once in 500, and a
# run renders half a dozen: they are blanked before a secret is looked for.
_NOT_A_VALUE = re.compile(r"\b0x[0-9a-fA-F]+|(?<=, line )\d+")


def _blanked(text: str) -> str:
    return _NOT_A_VALUE.sub("_", text)


def renderings(exc: BaseException) -> str:
    """Everything an error reporter may serialise of `exc`: text, traceback, attributes, pickle,
    and the local variables of the client's frames (Sentry and the like capture them); object
    addresses and line numbers blanked."""
    return _blanked(
        "\n".join(
            [
                str(exc),
                repr(exc),
                "".join(traceback.format_exception(exc)),
                repr(vars(exc)),
                pickle.dumps(exc).decode("latin-1"),
                client_frame_locals(exc),
            ]
        )
    )


def client_frame_locals(exc: BaseException) -> str:
    """The repr of every local variable in the traceback's frames, but this test file's own."""
    found: list[str] = []
    chained: traceback.TracebackException | None = traceback.TracebackException.from_exception(
        exc, capture_locals=True
    )
    while chained is not None:
        found += [repr(frame.locals) for frame in chained.stack if frame.filename != __file__]
        chained = chained.__cause__ or chained.__context__
    return _blanked("\n".join(found))


def request_side(exc: qolo.APIStatusError | qolo.APIConnectionError) -> list[httpx.Request]:
    """The requests an exception keeps: its own and its response's (both the detached copy)."""
    requests = [exc.request]
    if isinstance(exc, qolo.APIStatusError):
        requests.append(exc.response.request)
    return requests


def request_texts(request: httpx.Request) -> str:
    """A kept request's body, headers and pickle."""
    headers = "\n".join(f"{key}: {value}" for key, value in request.headers.multi_items())
    return "\n".join(
        [
            request.content.decode(),
            headers,
            str(request.url),
            pickle.dumps(request).decode("latin-1"),
        ]
    )


def test_a_refused_login_keeps_no_apikey(sbx: Sandbox, make_client: ClientFactory) -> None:
    """AuthenticationError from a refused login: the login body (the apikey) is not kept."""
    wrong_key = "sk_sandbox_this_one_is_wrong_0002"
    with pytest.raises(qolo.AuthenticationError) as excinfo:
        list_cards.sync(client=make_client(apikey=wrong_key))
    error = excinfo.value
    assert error.response.request.url.path == "/api/v1/auth/login"
    assert error.response.request.content == b""
    assert wrong_key not in renderings(error)
    assert error.request is error.response.request
    assert error.status_code == 401
    assert error.request_id == error.response.headers["X-Request-Id"]
    for request in request_side(error):
        assert wrong_key not in request_texts(request)


def test_an_api_error_keeps_no_bearer_token(sbx: Sandbox, make_client: ClientFactory) -> None:
    """A 404 with a valid token: Authorization is redacted, the key header and the body kept."""
    client = make_client()
    with pytest.raises(qolo.NotFoundError) as excinfo:
        get_card.sync(client=client, card_proxy="cproxy_nope")
    assert client._auth.state._token is not None
    token = client._auth.state._token.value
    error = excinfo.value
    assert error.response.request.headers["Authorization"] == "<redacted>"
    assert token not in renderings(error)
    assert error.response.json()["code"] == error.code
    assert error.request_id == error.response.headers["X-Request-Id"]
    for request in request_side(error):
        assert token not in request_texts(request)


def test_a_rejected_pin_is_not_kept(sbx: Sandbox, make_client: ClientFactory) -> None:
    """SetPIN's 400: neither the PIN (the request body) nor the token is kept by the exception."""
    client = make_client()
    created = qolo.unwrap(
        create_card.sync(client=client, body=card_request(sbx.credential.program_guid))
    )
    pin = "4829137"  # longer than the contract allows (4 to 6 characters)
    with pytest.raises(qolo.BadRequestError) as excinfo:
        set_pin.sync(client=client, card_proxy=created.card.card_proxy, body=SetPinRequest(pin=pin))
    assert client._auth.state._token is not None
    token = client._auth.state._token.value
    error = excinfo.value
    assert [e.field for e in error.errors] == ["/pin"]
    # the response body is the platform's to sanitise; the request body must not be kept at all
    everything = renderings(error)
    assert token not in everything
    assert f'"pin":"{pin}"' not in everything
    assert f'"pin": "{pin}"' not in everything
    assert pin not in client_frame_locals(error)  # the body dict on its way to httpx
    for request in request_side(error):
        assert request.content == b""
        assert pin not in request_texts(request)
        assert token not in request_texts(request)


def test_async_errors_keep_no_bearer_token(
    sbx: Sandbox, make_async_client: AsyncClientFactory
) -> None:
    """The async client's errors keep the same detached, redacted copies."""

    async def scenario() -> tuple[qolo.NotFoundError, str]:
        async with make_async_client() as client:
            with pytest.raises(qolo.NotFoundError) as excinfo:
                await get_card.asyncio(client=client, card_proxy="cproxy_nope")
            assert client._auth.state._token is not None
            return excinfo.value, client._auth.state._token.value

    error, token = asyncio.run(scenario())
    assert error.response.request.headers["Authorization"] == "<redacted>"
    assert token not in renderings(error)


def test_a_connection_error_keeps_no_bearer_token() -> None:
    """APIConnectionError (and the httpx error it chains) keep a redacted copy of the request."""

    def route(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/v1/auth/login":
            return login_ok()
        raise httpx.ConnectError("connection reset", request=request)

    client = qolo.Client(
        base_url="http://qolo.test",
        loginid="partner",
        apikey="sk_test_key",
        transport=httpx.MockTransport(route),
        max_retries=0,
    )
    with client, pytest.raises(qolo.APIConnectionError) as excinfo:
        list_cards.sync(client=client)
    error = excinfo.value
    assert error.request.headers["Authorization"] == "<redacted>"
    assert error.request.url.path == "/api/v1/cards"
    cause = error.__cause__
    assert isinstance(cause, httpx.ConnectError)
    assert cause.request.headers["Authorization"] == "<redacted>"
    assert "tok_mock" not in renderings(error)
    assert "tok_mock" not in request_texts(error.request)


@pytest.mark.parametrize("path", ["/api/v1/auth/login", "/api/v1/cards/cproxy0000000000001/pin"])
def test_a_write_error_keeps_no_frame_holding_the_body(path: str) -> None:
    """A connection that breaks while a body is written (a pooled connection the server had
    closed) raises from frames whose locals hold that body (httpcore's `chunk`): a login's API
    key, a PIN. The chained transport error keeps no frames."""

    def route(request: httpx.Request) -> httpx.Response:
        if request.url.path != path:
            return login_ok()
        chunk = request.read()  # what the transport was writing
        raise httpx.WriteError(f"broken pipe after {len(chunk)} bytes", request=request)

    with mock_client(route) as client, pytest.raises(qolo.APIConnectionError) as excinfo:
        set_pin.sync("cproxy0000000000001", client=client, body=SetPinRequest(pin=PIN))
    error = excinfo.value
    assert "WriteError: broken pipe after" in str(error)  # what broke is still said
    assert isinstance(error.__cause__, httpx.WriteError)
    # The transport's frames, here in this file, which `renderings` leaves out.
    chained = traceback.TracebackException.from_exception(error.__cause__, capture_locals=True)
    transport_locals = "\n".join(repr(frame.locals) for frame in chained.stack)
    everything = renderings(error) + transport_locals
    for secret in ("sk_test_key", PIN):
        assert secret not in everything


def test_the_client_keeps_the_apikey_only_in_its_secret(
    sbx: Sandbox, make_client: ClientFactory
) -> None:
    """No attribute of a client (or of its `with_*` copies) holds the API key in plain text."""
    apikey = sbx.credential.apikey
    client = make_client()
    copy = client.with_headers({"X-Partner": "1"})
    list_cards.sync(client=copy)  # the copy still logs in: the key reached it
    for each in (client, copy):
        assert apikey not in repr(vars(each))
        assert apikey not in repr(each)


def test_a_proxy_password_stays_out_of_reprs_and_connection_errors() -> None:
    """A proxy URL's credentials: not in the client's attributes, nor in a failed call's error."""
    client = qolo.Client(
        base_url="http://qolo.test",
        loginid="partner",
        apikey="sk_test_key",
        proxy="http://proxyuser:proxy-pa55@127.0.0.1:9",
        max_retries=0,
    )
    with client, pytest.raises(qolo.APIConnectionError) as excinfo:
        list_cards.sync(client=client)
    assert "proxy-pa55" not in repr(vars(client))
    assert "proxy-pa55" not in renderings(excinfo.value)


def _platform_card() -> dict[str, Any]:
    """The reference's StatusCard answer (a full PAN), with a CVV as its other samples show."""
    sample = json.loads((SAMPLES / "StatusCard.response.200.json").read_text())["sample"]
    return {**sample, "card_number": PLATFORM_PAN, "cvx2": PLATFORM_CVV}


def _platform(answer: dict[str, Any], status: int = 200) -> qolo.Client:
    """A client whose calls the platform (a mock: the sandbox never sends these) answers."""

    def route(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/v1/auth/login":
            return login_ok()
        return httpx.Response(status, json=answer, headers={"X-Request-Id": "req_platform"})

    return mock_client(route)


def test_the_platforms_card_secrets_parse_and_stay_out_of_reprs_and_logs(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A platform card with its full PAN and CVV parses; neither shows in reprs or logs."""
    with caplog.at_level(logging.DEBUG), _platform(_platform_card()) as client:
        card = qolo.unwrap(
            status_card.sync(
                "cproxy0000000000001",
                client=client,
                body=CardStatusRequest(status=CardStatus.ACTIVE),
            )
        )
    assert card.card_number == PLATFORM_PAN
    assert card.cvx2 == PLATFORM_CVV
    texts = "\n".join([repr(card), str(card), caplog.text])
    assert PLATFORM_PAN not in texts
    assert PLATFORM_CVV not in texts
    assert "card_number=<redacted>" in repr(card)


def test_a_detailed_response_shows_no_card_secret() -> None:
    """`sync_detailed`'s Response: its repr gives the body's size, and `parsed` masks secrets."""
    with _platform(_platform_card()) as client:
        response = get_card.sync_detailed(client=client, card_proxy="cproxy0000000000001")
    assert PLATFORM_PAN.encode() in response.content  # the raw body is there for who asks
    for text in (repr(response), str(response)):
        assert PLATFORM_PAN not in text
        assert PLATFORM_CVV not in text
        assert f"content=<{len(response.content)} bytes>" in text
        assert "card_number=<redacted>" in text


def test_the_platforms_pin_echo_stays_out_of_reprs() -> None:
    """SetPIN's platform answer echoes the PIN (its reference sample): the model redacts it."""
    with _platform({"reason_code": "RESET", "pin": PIN, "comment": "x"}) as client:
        answer = qolo.unwrap(
            set_pin.sync("cproxy0000000000001", client=client, body=SetPinRequest(pin=PIN))
        )
    assert answer.pin == PIN
    assert PIN not in repr(answer)


def test_a_broken_platform_card_keeps_no_pan_in_the_exception() -> None:
    """A 2xx card breaking the contract: the kept body masks the PAN and CVV, frames dropped."""
    broken = {k: v for k, v in _platform_card().items() if k != "card_proxy"}
    with _platform(broken) as client, pytest.raises(qolo.APIResponseValidationError) as excinfo:
        get_card.sync(client=client, card_proxy="cproxy0000000000001")
    error = excinfo.value
    kept = error.response.json()
    assert kept["card_number"] == "<redacted>"
    assert kept["cvx2"] == "<redacted>"
    assert kept["mask_card_pan"] == broken["mask_card_pan"]
    everything = renderings(error)
    assert PLATFORM_PAN not in everything
    assert PLATFORM_CVV not in everything


def test_a_platform_card_with_a_malformed_value_keeps_no_pan_in_the_errors_chain() -> None:
    """A 2xx card whose date-time does not parse: the model raises its BadValue `from None`
    over the parser's ValueError, whose frames (the model's `from_dict`, its `src_dict`: the
    whole card) and message (quoting the value) hang on as the suppressed context."""
    broken = {**_platform_card(), "sys_utcinserted": "yesterday at noon"}
    with _platform(broken) as client, pytest.raises(qolo.APIResponseValidationError) as excinfo:
        get_card.sync(client=client, card_proxy="cproxy0000000000001")
    error = excinfo.value
    assert str(error) == (
        "200 response body breaks the contract: sys_utcinserted is not a date-time"
        " (request_id=req_platform)"
    )
    assert type(error.cause).__name__ == "BadValue"
    assert error.cause.__context__ is None
    everything = renderings(error)
    assert PLATFORM_PAN not in everything
    assert PLATFORM_CVV not in everything
    assert "Invalid isoformat string" not in everything  # the parser quotes the value


class _Labelled(httpx.SyncByteStream):
    """A body as it arrives from the network, under a `Content-Encoding` it does not have."""

    def __init__(self, content: bytes) -> None:
        self._content = content

    def __iter__(self) -> Iterator[bytes]:
        yield self._content


@pytest.mark.parametrize("status", [200, 503])
def test_a_card_mislabelled_as_gzip_keeps_no_pan_in_the_decoding_error(status: int) -> None:
    """A card a proxy labels gzip but sends plain: httpx's decoder fails with the raw body in
    its frames' locals (`data`), under the DecodingError chained to the typed error."""
    raw = json.dumps(_platform_card()).encode()

    def route(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/v1/auth/login":
            return login_ok()
        headers = {"Content-Encoding": "gzip", "Content-Type": "application/json"}
        return httpx.Response(status, headers=headers, stream=_Labelled(raw))

    with mock_client(route) as client, pytest.raises(qolo.QoloError) as excinfo:
        get_card.sync(client=client, card_proxy="cproxy0000000000001")
    error = excinfo.value
    assert isinstance(error, qolo.APIResponseValidationError | qolo.ServerError)
    assert isinstance(error.__cause__, httpx.DecodingError)
    everything = renderings(error)
    assert PLATFORM_PAN not in everything
    assert PLATFORM_CVV not in everything
    # the chained DecodingError keeps the redacted copy of the request, not the bearer token
    assert error.__cause__.request.headers["Authorization"] == "<redacted>"
    assert "tok_mock" not in request_texts(error.__cause__.request)


def test_an_error_body_echoing_secrets_is_masked_everywhere_it_is_kept() -> None:
    """A 4xx that echoes a PAN and a nested CVV: `body`, `problem` and `response` all mask them."""
    echo = {
        "type": "https://qolo.test/problems/validation_error",
        "title": "Bad Request",
        "status": 400,
        "code": "validation_error",
        "request_id": "req_platform",
        "card_number": PLATFORM_PAN,
        "card": {"cvx2": PLATFORM_CVV, "pin": PIN},
    }
    with _platform(echo, status=400) as client, pytest.raises(qolo.BadRequestError) as excinfo:
        get_card.sync(client=client, card_proxy="cproxy0000000000001")
    error = excinfo.value
    assert error.code == "validation_error"
    assert error.request_id == "req_platform"
    assert isinstance(error.body, dict)
    assert error.body["card_number"] == "<redacted>"
    assert error.body["card"] == {"cvx2": "<redacted>", "pin": "<redacted>"}
    assert error.problem is not None
    assert error.problem.additional_properties["card_number"] == "<redacted>"
    everything = renderings(error)
    for secret in (PLATFORM_PAN, PLATFORM_CVV, PIN):
        assert secret not in everything


def test_secrets_quoted_inside_an_error_bodys_strings_are_masked() -> None:
    """An error message quoting the request (its card number, `cvx2=...`, `pin: ...`) is masked
    in the message, `body`, `problem` and `response`; a card proxy's digits are kept."""
    echo = {
        "type": "about:blank",
        "title": "Bad Request",
        "status": 400,
        "code": "validation_error",
        "request_id": "req_platform",
        "detail": f"card 5340-9200-0000-0007 refused: cvx2={PLATFORM_CVV}, pin: {PIN}",
        "errors": [
            {"location": "body", "field": "/card_number", "message": f"{PLATFORM_PAN} fails"}
        ],
        "card_proxy": "cproxy0311739020901",
    }
    with _platform(echo, status=400) as client, pytest.raises(qolo.BadRequestError) as excinfo:
        get_card.sync(client=client, card_proxy="cproxy0311739020901")
    error = excinfo.value
    assert str(error).startswith(
        "400 validation_error: card <redacted> refused: cvx2=<redacted>, pin: <redacted>"
    )
    assert error.errors[0].field == "/card_number"
    assert error.errors[0].message == "<redacted> fails"
    assert isinstance(error.body, dict)
    assert error.body["card_proxy"] == "cproxy0311739020901"  # a proxy is no card number
    everything = renderings(error)
    for secret in (PLATFORM_PAN, "5340-9200-0000-0007", f"={PLATFORM_CVV}", PIN):
        assert secret not in everything


def test_a_json_answer_wrapped_in_a_string_is_masked() -> None:
    """A gateway that wraps the platform's JSON answer in a JSON string hides no secret."""
    wrapped = json.dumps(json.dumps({"card_number": PLATFORM_PAN, "cvx2": PLATFORM_CVV}))
    with (
        _answering(wrapped.encode(), status=502) as client,
        pytest.raises(qolo.APIStatusError) as excinfo,
    ):
        get_card.sync(client=client, card_proxy="cproxy0000000000001")
    assert isinstance(excinfo.value.body, str)
    assert json.loads(excinfo.value.body) == {"card_number": "<redacted>", "cvx2": "<redacted>"}
    everything = renderings(excinfo.value)
    for secret in (PLATFORM_PAN, f'"{PLATFORM_CVV}"', f'\\"{PLATFORM_CVV}\\"'):
        assert secret not in everything


def _answering(body: bytes, *, status: int = 200, login: bytes | None = None) -> qolo.Client:
    """A client whose login and calls get these raw bodies (the sandbox never breaks JSON)."""

    def route(request: httpx.Request) -> httpx.Response:
        headers = {"Content-Type": "application/json"}
        if request.url.path == "/api/v1/auth/login":
            return login_ok() if login is None else httpx.Response(200, content=login)
        return httpx.Response(status, content=body, headers=headers)

    return mock_client(route)


def test_a_card_that_is_not_json_keeps_no_pan_in_the_parse_error() -> None:
    """A 200 card with a stray comma: the JSONDecodeError (the cause) says where the body broke
    but holds none of it, in its pickle too, and the kept response holds no copy either."""
    card = json.dumps(_platform_card(), indent=1)  # several lines: the position is a line's
    broken = card.replace('"card_proxy"', '"card_proxy": 1,,"x"').encode()
    with (
        _answering(broken) as client,
        pytest.raises(qolo.APIResponseValidationError) as excinfo,
    ):
        get_card.sync(client=client, card_proxy="cproxy0000000000001")
    error = excinfo.value
    assert str(error) == "200 response body breaks the contract: JSONDecodeError"
    cause = error.cause
    assert isinstance(cause, json.JSONDecodeError)
    assert error.__cause__ is cause
    with pytest.raises(json.JSONDecodeError) as parsed:
        json.loads(broken)
    original = parsed.value
    assert (cause.msg, cause.pos, cause.lineno, cause.colno) == (
        original.msg,
        original.pos,
        original.lineno,
        original.colno,
    )
    assert original.lineno > 1  # the test means something: the line survives the blanking
    assert str(cause) == str(original)
    rebuilt = pickle.loads(pickle.dumps(cause))  # noqa: S301 - our own bytes
    assert str(rebuilt) == str(cause)  # rebuilt from `doc` and `pos`: where it broke survives
    assert error.response.content == b""
    everything = renderings(error) + cause.doc
    assert PLATFORM_PAN not in everything
    assert PLATFORM_CVV not in everything


def test_a_card_that_is_not_utf8_keeps_no_pan_in_the_parse_error() -> None:
    """A 200 card with a byte that is not UTF-8: the UnicodeDecodeError keeps only that byte."""
    broken = json.dumps(_platform_card()).encode().replace(b'"card_proxy"', b'"card_\xffproxy"')
    with (
        _answering(broken) as client,
        pytest.raises(qolo.APIResponseValidationError) as excinfo,
    ):
        get_card.sync(client=client, card_proxy="cproxy0000000000001")
    cause = excinfo.value.cause
    assert isinstance(cause, UnicodeDecodeError)
    assert "can't decode byte 0xff in position" in str(cause)
    assert str(pickle.loads(pickle.dumps(cause))) == str(cause)  # noqa: S301 - our own bytes
    everything = renderings(excinfo.value) + repr(cause.object) + repr(cause.args)
    assert PLATFORM_PAN not in everything
    assert PLATFORM_CVV not in everything


def test_a_login_that_is_not_json_keeps_no_token() -> None:
    """A login 200 that is not JSON (a trailing comma): its parse error keeps no access token."""
    token = "tok_secret_do_not_keep_0001"
    login = b'{"access_token": "%s", "token_type": "Bearer", "expires_in": 3600,}' % (
        token.encode()
    )
    with (
        _answering(b"{}", login=login) as client,
        pytest.raises(qolo.APIResponseValidationError) as excinfo,
    ):
        list_cards.sync(client=client)
    error = excinfo.value
    assert isinstance(error.cause, json.JSONDecodeError)
    assert error.response.content == b""
    assert token not in renderings(error) + error.cause.doc


def test_an_error_page_that_is_not_json_is_kept_with_secrets_masked() -> None:
    """A gateway's text answer is kept for who debugs it, but not a card number or a value
    after a secret's name; a body that begins like JSON but is not is not kept at all."""
    page = (
        f"<html><body>502 Bad Gateway: upstream said card_number={PLATFORM_PAN}&cvx2="
        f"{PLATFORM_CVV}, pin: {PIN}, card 5340 9200 0000 0007</body></html>"
    )
    with (
        _answering(page.encode(), status=502) as client,
        pytest.raises(qolo.ServerError) as excinfo,
    ):
        list_cards.sync(client=client)
    kept = excinfo.value.response.text
    assert kept.startswith("<html><body>502 Bad Gateway: upstream said card_number=<redacted>")
    assert "cvx2=<redacted>, pin: <redacted>, card <redacted></body></html>" in kept
    everything = renderings(excinfo.value)
    for secret in (PLATFORM_PAN, PLATFORM_CVV, PIN, "5340 9200 0000 0007"):
        assert secret not in everything
    cut = json.dumps({"code": "internal_error", "cvx2": PLATFORM_CVV, "pin": PIN})[:-1] + ","
    with (
        _answering(b" \n" + cut.encode(), status=502) as client,
        pytest.raises(qolo.ServerError) as excinfo,
    ):
        list_cards.sync(client=client)
    assert excinfo.value.response.content == b""
    assert excinfo.value.body is None
    assert f'"cvx2": "{PLATFORM_CVV}"' not in renderings(excinfo.value)
    assert PIN not in renderings(excinfo.value)


@pytest.mark.parametrize(
    "page",
    [
        f"<error>PIN: {PIN}, CVX2: {PLATFORM_CVV}, <Card_Number>{PLATFORM_PAN}</Card_Number>",
        f"upstream: card_number {PLATFORM_PAN} cvx2 {PLATFORM_CVV} pin {PIN}".encode("utf-16"),
    ],
    ids=["names-in-capitals", "utf-16"],
)
def test_an_error_page_keeps_no_secret_whatever_its_spelling(page: str | bytes) -> None:
    """A name in another case is the same secret; digits the patterns cannot read (UTF-16) are
    not kept at all."""
    body = page if isinstance(page, bytes) else page.encode()
    with (
        _answering(body, status=502) as client,
        pytest.raises(qolo.ServerError) as excinfo,
    ):
        list_cards.sync(client=client)
    everything = renderings(excinfo.value)
    for secret in (PLATFORM_PAN, PLATFORM_CVV, PIN):
        assert secret not in everything
        assert secret.encode("utf-16-le") not in excinfo.value.response.content


GATEWAY_KEY = "gw_live_do_not_keep_0001"
SUBSCRIPTION_KEY = "apim_do_not_keep_0002"
PARTNER_KEY = "partner_do_not_keep_0003"


def test_headers_the_caller_gives_are_masked_in_reprs_and_kept_requests(
    sbx: Sandbox, make_client: ClientFactory
) -> None:
    """A gateway key passed in `headers=` or `with_headers` is sent, but no error keeps it (a
    call's 404 or dropped connection, a refused login), nor any repr: only its name."""
    given = {"X-Api-Key": GATEWAY_KEY, "Ocp-Apim-Subscription-Key": SUBSCRIPTION_KEY}
    client = make_client(headers=given, max_retries=0)
    copy = client.with_headers({"X-Partner-Key": PARTNER_KEY})
    errors: list[qolo.APIStatusError | qolo.APIConnectionError] = []
    for each in (client, copy):
        with pytest.raises(qolo.NotFoundError) as not_found:
            get_card.sync(client=each, card_proxy="cproxy_nope")
        errors.append(not_found.value)
    sbx.controls.inject_fault(kind="drop_after_write", count=1, path_prefix="/api/v1/cards")
    with pytest.raises(qolo.APIConnectionError) as dropped:
        list_cards.sync(client=copy)
    errors.append(dropped.value)
    refused = make_client(headers=given, apikey="sk_sandbox_wrong")
    with pytest.raises(qolo.AuthenticationError) as login:
        list_cards.sync(client=refused)
    errors.append(login.value)
    assert login.value.request.url.path == "/api/v1/auth/login"

    for error in errors:
        everything = renderings(error) + "".join(map(request_texts, request_side(error)))
        for secret in (GATEWAY_KEY, SUBSCRIPTION_KEY, PARTNER_KEY):
            assert secret not in everything
        for request in request_side(error):
            assert request.headers["X-Api-Key"] == "<redacted>"
            assert request.headers["Ocp-Apim-Subscription-Key"] == "<redacted>"
            assert request.headers["User-Agent"].startswith("qolo-client/")  # ours: kept
    assert errors[1].request.headers["X-Partner-Key"] == "<redacted>"
    for each in (client, copy, refused):
        texts = "\n".join([repr(each), repr(vars(each)), repr(each._options), str(each._options)])
        assert "'X-Api-Key': '<redacted>'" in texts
        for secret in (GATEWAY_KEY, SUBSCRIPTION_KEY, PARTNER_KEY):
            assert secret not in texts
    assert copy.get_httpx_client().headers["X-Partner-Key"] == PARTNER_KEY  # still sent


def test_a_header_given_again_in_another_case_replaces_it_and_stays_masked() -> None:
    """`with_headers({"x-api-key": new})` on a client given `X-Api-Key`: the server gets the new
    key alone (the login too), and neither key shows in an error or a repr."""
    old, new = "gw_old_do_not_keep_0004", "gw_new_do_not_keep_0005"
    with serve_loopback() as platform:
        client = qolo.Client(
            base_url=platform.base_url, loginid="l", apikey="k", headers={"X-Api-Key": old}
        )
        with client, client.with_headers({"x-api-key": new}) as copy:
            list_cards.sync(client=copy)
            with pytest.raises(qolo.NotFoundError) as not_found:
                get_card.sync(client=copy, card_proxy="cproxy_nope")
            texts = "\n".join([repr(copy), repr(vars(copy)), repr(copy._options)])
    assert [request.values("X-Api-Key") for request in platform.received] == [[new]] * 3
    error = not_found.value
    everything = renderings(error) + "".join(map(request_texts, request_side(error))) + texts
    assert old not in everything
    assert new not in everything
    for request in request_side(error):
        assert request.headers.get_list("X-Api-Key") == ["<redacted>"]


def test_the_async_client_masks_the_headers_the_caller_gives(
    sbx: Sandbox, make_async_client: AsyncClientFactory
) -> None:
    """The async client's errors mask the caller's headers the same way."""

    async def scenario() -> qolo.NotFoundError:
        async with make_async_client(headers={"X-Api-Key": GATEWAY_KEY}) as client:
            with pytest.raises(qolo.NotFoundError) as excinfo:
                await get_card.asyncio(client=client, card_proxy="cproxy_nope")
            return excinfo.value

    error = asyncio.run(scenario())
    assert error.request.headers["X-Api-Key"] == "<redacted>"
    assert GATEWAY_KEY not in renderings(error)


def test_a_set_cookie_in_an_error_answer_is_masked() -> None:
    """A gateway's `Set-Cookie` (a session) is masked in the response an error keeps."""

    def route(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/v1/auth/login":
            return login_ok()
        headers = {"Set-Cookie": "session=sess_do_not_keep_0001; Path=/", "X-Request-Id": "r1"}
        return httpx.Response(502, text="bad gateway", headers=headers)

    with mock_client(route) as client, pytest.raises(qolo.ServerError) as excinfo:
        list_cards.sync(client=client)
    error = excinfo.value
    assert error.response.headers["Set-Cookie"] == "<redacted>"
    assert error.response.headers["X-Request-Id"] == "r1"
    assert "sess_do_not_keep_0001" not in renderings(error)


def test_a_secret_nested_deeper_than_any_contract_body_is_not_kept() -> None:
    """Past the masking's depth nothing of an error body is kept, not the value as it is."""
    nested: Any = {"card_number": PLATFORM_PAN, "cvx2": PLATFORM_CVV}
    for _ in range(80):
        nested = {"wrapped": nested}
    body = json.dumps({"code": "internal_error", "echo": nested}).encode()
    with _answering(body, status=500) as client, pytest.raises(qolo.ServerError) as excinfo:
        list_cards.sync(client=client)
    everything = renderings(excinfo.value) + excinfo.value.response.text
    assert PLATFORM_PAN not in everything
    assert f'"{PLATFORM_CVV}"' not in everything


@pytest.mark.parametrize(
    "number",
    ["4222222222222", "3782 822463 10005", "378282246310005", "5340-9200-0000-0007"],
    ids=["13-digit", "15-digit-spaced", "15-digit", "16-digit-dashed"],
)
def test_card_numbers_of_every_length_are_masked(number: str) -> None:
    """A card number is 12 digits or more (13 for some Visas, 15 for Amex), with single spaces
    or dashes: masked in a text page and in an error's JSON strings alike."""
    page = f"<p>upstream refused card {number} today</p>".encode()
    with _answering(page, status=502) as client, pytest.raises(qolo.ServerError) as excinfo:
        list_cards.sync(client=client)
    assert excinfo.value.response.text == "<p>upstream refused card <redacted> today</p>"
    problem = {"code": "validation_error", "detail": f"card {number} refused"}
    with (
        _answering(json.dumps(problem).encode(), status=400) as client,
        pytest.raises(qolo.BadRequestError) as bad,
    ):
        list_cards.sync(client=client)
    assert str(bad.value) == "400 validation_error: card <redacted> refused"
    assert number not in renderings(bad.value)


def test_a_short_string_quoting_a_secret_is_masked() -> None:
    """`cvx2=123` alone (shorter than any card number) is still a secret's value."""
    problem = {"code": "validation_error", "detail": f"cvx2={PLATFORM_CVV}"}
    with (
        _answering(json.dumps(problem).encode(), status=400) as client,
        pytest.raises(qolo.BadRequestError) as excinfo,
    ):
        list_cards.sync(client=client)
    assert str(excinfo.value) == "400 validation_error: cvx2=<redacted>"
    assert f"cvx2={PLATFORM_CVV}" not in renderings(excinfo.value)


@pytest.mark.parametrize("lead", [b"", b"\xef\xbb\xbf", b"\r\n\t "])
def test_a_broken_json_array_is_not_kept_either(lead: bytes) -> None:
    """A body beginning like a JSON array (after white space or a BOM), but cut off, is not
    kept at all, like one beginning like an object."""
    cut = json.dumps([{"card_number": PLATFORM_PAN, "cvx2": PLATFORM_CVV, "pin": PIN}])[:-2]
    with (
        _answering(lead + cut.encode(), status=502) as client,
        pytest.raises(qolo.ServerError) as excinfo,
    ):
        list_cards.sync(client=client)
    assert excinfo.value.response.content == b""
    assert excinfo.value.body is None


def test_drop_frames_walks_causes_and_contexts() -> None:
    """Every exception chained to the one raised keeps no frames, an implicit context (an error
    raised while handling another) included."""
    from qolo._redaction import drop_frames

    def parse(pan: str) -> None:
        raise ValueError("bad card")

    errors: list[BaseException] = []
    try:
        try:
            try:
                parse(PLATFORM_PAN)
            except ValueError:
                raise KeyError("card")  # noqa: B904 - the context, not the cause
        except KeyError as inner:
            raise RuntimeError("refused") from inner
    except RuntimeError as outer:
        errors.append(outer)
    [refused] = errors
    assert refused.__cause__ is not None
    context = refused.__cause__.__context__
    assert isinstance(context, ValueError)
    assert context.__traceback__ is not None
    drop_frames(refused)
    assert refused.__traceback__ is None
    assert refused.__cause__.__traceback__ is None
    assert context.__traceback__ is None


def test_a_kept_copy_given_again_without_its_body_drops_it() -> None:
    """`detach_response(copy, keep_body=False)` of a copy that kept a body drops it, rather
    than returning the copy as it is: `keep_body=False` keeps no body, whatever it is given."""
    from qolo._redaction import detach_response

    request = httpx.Request("POST", "http://qolo.test/api/v1/auth/login")
    live = httpx.Response(200, json={"token_type": "Bearer", "scope": "cards"}, request=request)
    kept = detach_response(live)
    assert b"cards" in kept.content
    assert detach_response(kept) is kept
    assert detach_response(kept, keep_body=False).content == b""


def test_a_status_error_built_by_hand_keeps_a_redacted_copy() -> None:
    """`APIStatusError(response=...)` keeps a detached copy, whoever builds it."""
    request = httpx.Request(
        "GET", "http://qolo.test/api/v1/cards", headers={"Authorization": "Bearer tok_by_hand"}
    )
    live = httpx.Response(500, headers={"Set-Cookie": "s=sess_by_hand"}, request=request)
    live.read()
    error = qolo.APIStatusError("500", response=live, body=None, problem=None)
    assert error.request.headers["Authorization"] == "<redacted>"
    assert error.response.headers["Set-Cookie"] == "<redacted>"
    assert "tok_by_hand" not in renderings(error)
    assert "sess_by_hand" not in renderings(error)
