"""Routing, media types and validation are derived from openapi.yaml."""

from __future__ import annotations

import gzip
import json

import httpx
import pytest

from qolo_sandbox._contract import load_contract
from qolo_sandbox.testing import PROGRAM_A, check_response

from ._support import NEW_PERSON, ContractClient


def test_unknown_path_is_404_problem(api: ContractClient) -> None:
    """A path the contract does not declare answers a 404 problem."""
    response = api.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("method", ["TRACE", "QUERY", "PATCH", "PUT", "DELETE"])
def test_undeclared_method_is_405_with_allow(api: ContractClient, method: str) -> None:
    """Undeclared methods (TRACE and QUERY included) get 405 and the path's methods."""
    response = api.request(method, "/api/v1/cards")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD, POST"
    assert response.json()["code"] == "method_not_allowed"


def test_options_is_an_undeclared_method_too(api: ContractClient) -> None:
    """The contract declares no OPTIONS: 405 with the path's methods in Allow."""
    response = api.options("/api/v1/notifications/0b6f3c55-6a43-4c1e-9d43-6c0f2f1f9a10")
    assert response.status_code == 405
    assert response.headers["allow"] == "DELETE, GET, HEAD, PUT"


def test_form_body_is_415(api: ContractClient) -> None:
    """A body that is not application/json is refused with 415 and creates nothing."""
    response = api.post("/api/v1/cards", data={"program_guid": PROGRAM_A})
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"
    missing_type = api.post("/api/v1/cards", content=b'{"a": 1}')
    assert missing_type.status_code == 415
    assert api.get("/api/v1/cards").json()["count"] == 0


@pytest.mark.parametrize(
    ("headers", "content", "detail"),
    [
        (
            {"content-type": "application/json", "content-encoding": "gzip"},
            gzip.compress(b'{"program_guid": "x"}'),
            "Send the body uncompressed: no Content-Encoding is supported.",
        ),
        (
            {"content-type": "application/json; charset=utf-16"},
            '{"program_guid": "x"}'.encode("utf-16"),
            "Send the body as UTF-8: no other charset is supported.",
        ),
        (
            {"content-type": 'application/json; Charset="ISO-8859-1"'},
            b'{"program_guid": "x"}',
            "Send the body as UTF-8: no other charset is supported.",
        ),
        (  # no charset said, but the bytes are UTF-16: the charset is wrong, not the JSON
            {"content-type": "application/json"},
            '{"program_guid": "x"}'.encode("utf-16"),
            "Send the body as UTF-8: it is not valid UTF-8.",
        ),
        (  # a Latin-1 byte in an otherwise fine body
            {"content-type": "application/json"},
            b'{"program_guid": "caf\xe9"}',
            "Send the body as UTF-8: it is not valid UTF-8.",
        ),
    ],
)
def test_compressed_or_other_charset_body_is_415(
    api: ContractClient, headers: dict[str, str], content: bytes, detail: str
) -> None:
    """What the sandbox cannot decode is a 415 saying what to change, not a 400 blaming JSON."""
    response = api.post("/api/v1/cards", content=content, headers=headers)
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"
    assert response.json()["detail"] == detail
    if "content-encoding" in headers:
        assert response.headers["accept-encoding"] == "identity"
    assert api.get("/api/v1/cards").json()["count"] == 0


def test_utf8_charset_and_identity_coding_are_json(api: ContractClient) -> None:
    """Saying what JSON already is (UTF-8, identity) is not refused."""
    for headers in (
        {"content-type": "application/json; charset=UTF-8"},
        {"content-type": "application/json; charset=us-ascii"},
        {"content-type": "application/json", "content-encoding": "identity"},
    ):
        response = api.post("/api/v1/cards", content=b'{"program_guid": ', headers=headers)
        assert response.status_code == 400, headers
        assert response.json()["code"] == "invalid_json"


def test_missing_required_body_is_400_whatever_the_content_type(api: ContractClient) -> None:
    """No body where one is required is a 400 naming the body, not a 415 for its absent type."""
    for headers in ({}, {"content-type": "text/plain"}, {"content-type": "application/json"}):
        response = api.post("/api/v1/cards", content=b"", headers=headers)
        assert response.status_code == 400, headers
        assert response.json()["errors"] == [
            {"location": "body", "field": "", "message": "a JSON body is required"}
        ]


def test_unparseable_json_is_400_invalid_json(api: ContractClient) -> None:
    """JSON content type with a broken body is 400 invalid_json, not a 5xx."""
    response = api.post(
        "/api/v1/cards", content=b'{"program_guid": ', headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_json"


def test_every_bad_field_is_named(api: ContractClient) -> None:
    """The problem lists every invalid field, each as a JSON Pointer within its location."""
    response = api.post(
        "/api/v1/cards",
        json={
            "program_guid": "not-a-uuid",
            "person": {**NEW_PERSON, "email": 5, "birth_date": "1990-13-40"},
            "months_until_expire": -1,
            "unexpected": True,
        },
        headers={"IdempotencyKey": "has space"},
    )
    assert response.status_code == 400
    problem = response.json()
    assert problem["code"] == "validation_error"
    fields = {(e["location"], e["field"]) for e in problem["errors"]}
    assert {
        ("body", "/program_guid"),
        ("body", "/person/email"),
        ("body", "/person/birth_date"),
        ("body", "/months_until_expire"),
        ("body", "/unexpected"),
        ("header", "/IdempotencyKey"),
    } <= fields
    assert problem["request_id"] == response.headers["x-request-id"]


def test_missing_and_unexpected_properties_point_at_themselves(anon: ContractClient) -> None:
    """A missing or extra property is named by its own pointer, not by its parent's."""
    response = anon.post("/api/v1/auth/login", json={"loginid": 5, "extra": 1})
    assert response.status_code == 400
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert errors["/apikey"] == "is required"
    assert errors["/extra"] == "is not allowed here"
    assert "/loginid" in errors
    assert "" not in errors


SECRET_KEY = "sk_sandbox_do_not_echo_5f0c6b1e8d7a"
PAN = "5340920000006448"


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/auth/login", {"loginid": "partner-a", "apikey": SECRET_KEY}),
        ("/api/v1/cards/cproxy0000000000001/pin", {"pin": "482195"}),
        ("/api/v1/cards/validate", {"card_number": PAN, "cvx2": "123"}),
        ("/api/v1/notifications", {"url": "https://x.test", "secret": SECRET_KEY}),
    ],
    ids=["login", "set-pin", "validate-card", "create-notification"],
)
def test_a_body_encoded_twice_is_refused_without_echoing_it(
    api: ContractClient, path: str, body: dict[str, str]
) -> None:
    """`json=json.dumps(body)` sends one JSON string holding every field: not quoted back."""
    response = api.post(path, json=json.dumps(body), headers={"IdempotencyKey": "k-twice"})
    assert response.status_code == 400, response.text
    assert response.json()["errors"] == [
        {"location": "body", "field": "", "message": "must be of type object"}
    ]
    # The request id is random hex: a 3-digit CVV can turn up in it by chance (1 run in 200).
    said = response.text.replace(response.json()["request_id"], "")
    for value in body.values():
        assert value not in said


@pytest.mark.parametrize(
    "headers",
    ["Authorization: Bearer partner-live-token-é", ["Authorization: Bearer partner-live-token"]],
    ids=["non-ascii", "an-array"],
)
def test_refused_subscription_headers_are_not_quoted(api: ContractClient, headers: object) -> None:
    """A subscription's `headers` may carry the partner's credentials: never in a message."""
    response = api.post(
        "/api/v1/notifications",
        json={
            "program_guid": PROGRAM_A,
            "url": "https://receiver.test/hook",
            "secret": SECRET_KEY,
            "event_type": ["card"],
            "headers": headers,
        },
    )
    assert response.status_code == 400, response.text
    assert [e["field"] for e in response.json()["errors"]] == ["/headers"]
    assert "partner-live-token" not in response.text


def test_messages_say_what_was_expected_never_what_was_sent(api: ContractClient) -> None:
    """No value is quoted back (a card number in a wrong field, say); enums list theirs."""
    response = api.get(
        "/api/v1/cards",
        params={"person_guid": "5340920000006448", "limit": "0", "card_status": "OPEN"},
    )
    messages = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert messages["/person_guid"] == 'is not a valid "uuid"'
    assert messages["/limit"] == "is below the minimum of 1"
    assert messages["/card_status"].startswith('is not one of "ACTIVE", ')
    assert "5340920000006448" not in response.text
    assert "OPEN" not in response.text


def test_an_encoded_slash_in_a_proxy_is_data_not_a_separator(api: ContractClient) -> None:
    """`cards/{proxy}%2Fstatus` names the card `{proxy}/status`, never the status operation
    of `{proxy}` (RFC 3986 §2.2): a GET is refused by the proxy's pattern, a POST is not a
    method of a card."""
    proxy = api.create_card().json()["card"]["card_proxy"]
    for encoded in ("%2F", "%2f"):
        url = f"/api/v1/cards/{proxy}{encoded}status"
        got = api.get(url)
        assert got.status_code == 400, got.text
        assert [e["field"] for e in got.json()["errors"]] == ["/card_proxy"]
        posted = api.post(url, json={"status": "SUSPEND"})
        assert posted.status_code == 405, posted.text
        assert posted.headers["allow"] == "GET, HEAD"
    assert api.get(f"/api/v1/cards/{proxy}").json()["card_status"] != "SUSPEND"


def test_titles_are_rfc_9110_reason_phrases(api: ContractClient) -> None:
    """413 and 422 are titled as RFC 9110 and the contract's examples name them, on every
    Python (before 3.13, `http.HTTPStatus` still says "Request Entity Too Large")."""
    big = api.post("/api/v1/cards", content=b"[" + b"0," * 600_000 + b"0]",
                   headers={"content-type": "application/json"})  # fmt: skip
    assert (big.status_code, big.json()["title"]) == (413, "Content Too Large")
    assert api.create_card(key="k-title").status_code == 201
    reused = api.create_card(key="k-title", months_until_expire=12)
    assert (reused.status_code, reused.json()["title"]) == (422, "Unprocessable Content")


def test_a_problem_lists_at_most_100_field_errors(api: ContractClient) -> None:
    """Every invalid field is counted, the first 100 listed: the answer stays small."""
    body = {"program_guid": PROGRAM_A, "person": {}, **{f"x{n}": n for n in range(5000)}}
    response = api.post("/api/v1/cards", json=body)
    assert response.status_code == 400
    problem = response.json()
    assert problem["detail"] == "The request has 5000 invalid fields (the first 100 listed)."
    assert len(problem["errors"]) == 100
    assert len(response.content) < 20_000


def test_query_and_path_parameters_are_validated(api: ContractClient) -> None:
    """Bad query and path parameters are 400 naming each by a pointer, as a body field is named;
    unknown query parameters are ignored."""
    response = api.get(
        "/api/v1/cards", params={"limit": "0", "start_index": "x", "person_guid": "1"}
    )
    assert response.status_code == 400
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"/limit", "/start_index", "/person_guid"}
    assert api.get("/api/v1/cards", params={"whatever": "1"}).status_code == 200
    bad_path = api.get("/api/v1/notifications/not-a-guid")
    assert bad_path.status_code == 400
    error = bad_path.json()["errors"][0]
    assert (error["location"], error["field"]) == ("path", "/notification_guid")


def test_a_query_parameter_given_twice_is_400(api: ContractClient) -> None:
    """Which of two `limit`s would count? The contract declares no array parameter: a 400."""
    response = api.get("/api/v1/cards?limit=1&limit=2&start_index=0")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [(e["location"], e["field"], e["message"]) for e in errors] == [
        ("query", "/limit", "given more than once")
    ]


def test_field_pointers_escape_slash_and_tilde(api: ContractClient) -> None:
    """A field is named by an RFC 6901 JSON Pointer: `/` in a name is `~1`, `~` is `~0`."""
    body = {"program_guid": PROGRAM_A, "person": dict(NEW_PERSON), "a/b~c": 1}
    response = api.post("/api/v1/cards", json=body)
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["/a~1b~0c"]


@pytest.mark.parametrize(
    "raw", ["1_0", "+5", " 5", "5 ", "\u0661\u0662", "0x10", "5.0", "9" * 5000]
)
def test_integers_in_the_query_are_json_integers(api: ContractClient, raw: str) -> None:
    """What Python's int() also reads (underscores, a sign, padding, other digits) is a 400."""
    response = api.get("/api/v1/cards", params={"limit": raw})
    assert response.status_code == 400, response.text
    assert [e["field"] for e in response.json()["errors"]] == ["/limit"]
    assert api.get("/api/v1/cards", params={"limit": "007"}).status_code == 200


def test_a_blank_name_of_a_new_person_is_missing(api: ContractClient) -> None:
    """An empty first_name is no name: 400 person_details_required naming that field only."""
    response = api.post(
        "/api/v1/cards",
        json={"program_guid": PROGRAM_A, "person": {"first_name": " ", "last_name": "x"}},
    )
    assert response.status_code == 400
    assert response.json()["code"] == "person_details_required"
    assert [e["field"] for e in response.json()["errors"]] == ["/person/first_name"]
    assert api.get("/api/v1/cards").json()["count"] == 0


def test_every_response_has_a_request_id(api: ContractClient, anon: ContractClient) -> None:
    """Success and error responses alike carry X-Request-Id."""
    for response in (api.get("/api/v1/cards"), anon.get("/api/v1/cards"), api.get("/nope")):
        assert response.headers["x-request-id"].startswith("req_")


@pytest.mark.parametrize(
    "path",
    ["/api/v1/auth/login", "/api/v1/cards", "/api/v1/notifications"],
)
def test_json_null_body_is_a_400_not_a_crash(api: ContractClient, path: str) -> None:
    """`null` is a body, and not the object the contract asks for: 400, never a 5xx."""
    response = api.post(path, content=b"null", headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"
    assert response.json()["errors"][0]["field"] == ""


def test_whole_float_counts_as_an_integer(api: ContractClient) -> None:
    """JSON Schema accepts 36.0 as an integer, so the sandbox must act on it as 36."""
    response = api.post(
        "/api/v1/cards",
        json={"program_guid": PROGRAM_A, "person": NEW_PERSON, "months_until_expire": 36.0},
    )
    assert response.status_code == 201, response.text
    same = api.post(
        "/api/v1/cards",
        json={"program_guid": PROGRAM_A, "person": NEW_PERSON, "months_until_expire": 36},
    )
    assert response.json()["card"]["expiration_date"] == same.json()["card"]["expiration_date"]


def test_rejected_secrets_never_come_back(api: ContractClient, anon: ContractClient) -> None:
    """A bad PIN, apikey or webhook secret is reported without its value (writeOnly fields)."""
    proxy = api.create_card().json()["card"]["card_proxy"]
    long_pin = api.post(f"/api/v1/cards/{proxy}/pin", json={"pin": "1234567"})
    assert long_pin.status_code == 400
    assert long_pin.json()["errors"][0]["field"] == "/pin"
    assert "1234567" not in long_pin.text
    numeric_pin = api.post(f"/api/v1/cards/{proxy}/pin", json={"pin": 7654321})
    assert numeric_pin.status_code == 400
    assert "7654321" not in numeric_pin.text
    apikey = "sk_leak_" + "Q" * 292  # longer than the contract's 256
    login = anon.post("/api/v1/auth/login", json={"loginid": "partner-a", "apikey": apikey})
    assert login.status_code == 400
    assert login.json()["errors"][0]["field"] == "/apikey"
    assert "sk_leak_" not in login.text
    assert "QQQQ" not in login.text
    secret = "whsec_tiny"  # shorter than 16
    sub = api.post(
        "/api/v1/notifications",
        json={
            "program_guid": PROGRAM_A,
            "url": "http://127.0.0.1:9/x",
            "secret": secret,
            "event_type": ["all"],
        },
    )
    assert sub.status_code == 400
    assert sub.json()["errors"][0]["field"] == "/secret"
    assert "shorter than 16" in sub.json()["errors"][0]["message"]
    assert secret not in sub.text


def test_a_huge_rejected_value_is_not_echoed_whole(api: ContractClient) -> None:
    """A 10 KB IdempotencyKey gets a short 400, quoting at most a prefix of the value."""
    key = "k" * 10_000  # under the 16 KiB header section (more is a 431: test_limits)
    response = api.create_card(key)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "/IdempotencyKey"
    assert len(response.content) < 2048
    assert api.get("/api/v1/cards").json()["count"] == 0


@pytest.mark.parametrize(
    ("stamp", "valid"),
    [
        ("0001-01-01T00:00:00", True),
        ("2026-12-02T08:30:00.123", True),
        ("2026-12-02T08:30:00.1234567", True),
        ("2026-12-02T08:30:00Z", True),
        ("2026-12-02t08:30:00.5-03:00", True),
        ("2016-12-31T23:59:60", True),
        ("2026-13-02T08:30:00", False),
        ("2026-02-30T08:30:00", False),
        ("2026-12-02T24:00:00", False),
        ("2026-12-02T08:30:00+24:00", False),
        ("2026-12-02T08:30", False),
        ("2026-12-02", False),
        ("yesterday", False),
    ],
)
def test_date_times_may_lack_an_offset(stamp: str, valid: bool) -> None:
    """The contract's validators take the platform's offset-less date-times, and only dates."""
    card = {"card_proxy": "cproxy0000000000001", "sys_utcinserted": stamp}
    assert load_contract().schema_validator("Card").is_valid(card) is valid
    response = httpx.Response(
        200,
        json=card,
        headers={"x-request-id": "req_1"},
        request=httpx.Request("GET", "http://sandbox.test/api/v1/cards/cproxy0000000000001"),
    )
    assert (check_response(response) == []) is valid


def test_other_formats_are_still_checked() -> None:
    """Overriding date-time leaves the other formats alone: a bad uuid or date still fails."""
    validator = load_contract().schema_validator("Card")
    assert not validator.is_valid({"card_proxy": "p", "wallet_guid": "not-a-uuid"})
    person = load_contract().schema_validator("Person")
    assert not person.is_valid({"birth_date": "1990-13-40"})
    assert person.is_valid({"birth_date": "1990-12-10"})


@pytest.mark.parametrize("status", [408, 431])
def test_a_transport_limits_answer_conforms_on_any_operation(status: int) -> None:
    """408 and 431 are declared once for every path (the Limits convention), not per operation:
    `check_response` takes their problem document anywhere and still checks its shape."""
    codes = {408: "request_timeout", 431: "header_too_large"}
    problem = {
        "type": f"https://qvapikeybank.qolopay.com/problems/{codes[status]}",
        "title": "Limit",
        "status": status,
        "code": codes[status],
        "detail": "A transport limit.",
        "request_id": "req_1",
    }
    request = httpx.Request("GET", "http://sandbox.test/api/v1/cards")
    headers = {"x-request-id": "req_1", "content-type": "application/problem+json"}
    good = httpx.Response(status, json=problem, headers=headers, request=request)
    assert check_response(good) == []
    bad = httpx.Response(status, json={"detail": 1}, headers=headers, request=request)
    assert check_response(bad) != []


def test_head_is_get_without_the_body(api: ContractClient) -> None:
    """HEAD on a GET resource answers GET's status and headers, with no body."""
    proxy = api.create_card().json()["card"]["card_proxy"]
    got = api.get(f"/api/v1/cards/{proxy}")
    head = api.head(f"/api/v1/cards/{proxy}")
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["content-length"] == got.headers["content-length"]
    assert head.headers["content-type"] == "application/json"
    assert api.head("/api/v1/cards/nosuchcard").status_code == 404
    only_post = api.head(f"/api/v1/cards/{proxy}/status")
    assert only_post.status_code == 405
    assert only_post.headers["allow"] == "POST"


def test_a_header_parameter_twice_is_400(api: ContractClient) -> None:
    """Two IdempotencyKey headers are refused, not settled by the last one; nothing is created."""
    response = api.post(
        "/api/v1/cards",
        json={"program_guid": PROGRAM_A, "person": NEW_PERSON},
        headers=[("IdempotencyKey", "key-1"), ("IdempotencyKey", "key-2")],
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"location": "header", "field": "/IdempotencyKey", "message": "given more than once"}
    ]
    assert api.get("/api/v1/cards").json()["count"] == 0


def test_two_authorization_headers_are_401(api: ContractClient) -> None:
    """Two Authorization headers: which token would count? Refused as a malformed request."""
    token = api.headers["authorization"]
    response = httpx.get(
        str(api.base_url.join("/api/v1/cards")),
        headers=[("Authorization", token), ("Authorization", token)],
    )
    assert response.status_code == 401
    assert 'error="invalid_request"' in response.headers["www-authenticate"]
    assert check_response(response) == []


def test_the_sandbox_protocol_composes_uvicorns_instead_of_subclassing_it() -> None:
    """The guards wrap the httptools protocol uvicorn would pick; none of its classes is a base."""
    import asyncio

    from uvicorn.config import HTTP_PROTOCOLS
    from uvicorn.importer import import_from_string

    from qolo_sandbox._connection import guarded_protocol

    protocol = guarded_protocol()
    assert not issubclass(protocol, import_from_string(HTTP_PROTOCOLS["httptools"]))
    assert [c for c in protocol.__mro__ if c.__module__.startswith("uvicorn")] == []
    assert issubclass(protocol, asyncio.Protocol)


def test_a_card_number_in_the_path_is_masked_in_the_problem(api: ContractClient) -> None:
    """A PAN sent where a proxy goes (or anywhere in a path) does not come back whole in
    `instance` or `detail`: clients log problem documents. A proxy's digits are left alone."""
    for path, masked in (
        ("/api/v1/cards/5340920000000007", "/api/v1/cards/534092XXXXXX0007"),
        ("/api/v1/cards/4111%201111%201111%201111/status", "/api/v1/cards/411111XXXXXX1111/status"),
        ("/api/v1/cardz/5340920000000007", "/api/v1/cardz/534092XXXXXX0007"),
    ):
        if path.endswith("/status"):
            answer = api.post(path, json={"status": "ACTIVE"})
        else:
            answer = api.get(path)
        text = answer.text
        assert answer.status_code in (400, 404), (path, answer.status_code)
        assert "5340920000000007" not in text
        assert "4111 1111 1111 1111" not in text
        assert answer.json()["instance"] == masked
    unknown = api.get("/api/v1/cards/cproxy0000000000001")
    assert unknown.json()["instance"] == "/api/v1/cards/cproxy0000000000001"
