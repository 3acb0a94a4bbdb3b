"""The contract's HTTP-level promises: 401/405/415/429 answers, tokens, read-only, tenancy."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable

import pytest

from conformance.contract import schema_errors
from conformance.targeted_suite._support import ApiClient, Credential, card_body, idem, login
from qolo_sandbox.testing import Controls

UNKNOWN_PROXY = "cproxyconformance404"


def _problem(response: object, status: int, code: str | None = None) -> dict[str, object]:
    """Assert `response` is the given status with a contract `Problem` body (and `code`)."""
    import httpx

    assert isinstance(response, httpx.Response)
    assert response.status_code == status, f"{status} expected, got {response.status_code}"
    assert response.headers.get("content-type", "").startswith("application/problem+json")
    body = response.json()
    assert not schema_errors("Problem", body), schema_errors("Problem", body)
    assert body["status"] == status
    assert body["request_id"] == response.headers.get("x-request-id")
    if code is not None:
        assert body["code"] == code
    return dict(body)


def _bearer_challenge(value: str | None) -> None:
    assert value is not None, "401 without WWW-Authenticate"
    assert value == "Bearer" or value.startswith("Bearer "), value


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer", "Basic dXNlcjpwYXNz", "Bearer qtok_not_a_real_token_" + "0" * 16],
    ids=["missing", "empty-bearer", "basic", "unknown-token"],
)
@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/api/v1/cards"), ("POST", "/api/v1/cards"), ("GET", "/api/v1/notifications")],
)
def test_401_carries_bearer_challenge(
    make_api: Callable[..., ApiClient],
    cred: Credential,
    authorization: str | None,
    method: str,
    path: str,
) -> None:
    """RFC 6750: a missing, malformed or unknown token gets 401 with `WWW-Authenticate: Bearer`.

    A create sends a valid body: the contract does not say whether authentication comes before
    validation (a validating gateway answers an invalid body with 400 first), so the request is
    wrong only in its token, and 401 is the one right answer.
    """
    client = make_api()
    headers = {"Authorization": authorization} if authorization else {}
    body = card_body(cred.program_guid) if method == "POST" else None
    if body is not None:
        headers.update(idem())
    response = client.request(method, path, headers=headers, json=body)
    _problem(response, 401)
    _bearer_challenge(response.headers.get("www-authenticate"))


def test_failed_login_is_401_with_challenge(make_api: Callable[..., ApiClient]) -> None:
    """A refused login is a 401 problem with the challenge (a fresh, unknown login id)."""
    response = make_api().post(
        "/api/v1/auth/login",
        json={"loginid": f"conformance-{uuid.uuid4().hex}", "apikey": "sk_wrong"},
    )
    _problem(response, 401)
    _bearer_challenge(response.headers.get("www-authenticate"))


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("DELETE", "/api/v1/cards", {"GET", "POST"}),
        ("PUT", "/api/v1/cards/cproxy0000000000001", {"GET"}),
        ("GET", "/api/v1/cards/cproxy0000000000001/status", {"POST"}),
        ("PATCH", "/api/v1/notifications", {"GET", "POST"}),
        ("TRACE", "/api/v1/cards", {"GET", "POST"}),
    ],
)
def test_405_carries_allow(api: ApiClient, method: str, path: str, allowed: set[str]) -> None:
    """A method the path does not have is 405 with `Allow` naming exactly what it has."""
    response = api.request(method, path)
    _problem(response, 405)
    allow = response.headers.get("allow")
    assert allow is not None, "405 without Allow"
    listed = {m.strip().upper() for m in allow.split(",") if m.strip()}
    assert allowed <= listed, f"Allow {allow!r} misses {allowed - listed}"
    assert method not in listed


@pytest.mark.parametrize(
    "content_type",
    ["application/x-www-form-urlencoded", "text/plain", None],
    ids=["form", "text-plain", "no-content-type"],
)
def test_415_for_non_json_body(api: ApiClient, cred: Credential, content_type: str | None) -> None:
    """A body that is not `application/json` is refused with 415 before anything is created.

    The body is a valid card's JSON, so only its media type is wrong and 415 is the one answer
    (an invalid one could as rightly be a 400 first).
    """
    content = json.dumps(card_body(cred.program_guid)).encode()
    headers = {**idem()}
    if content_type:
        headers["Content-Type"] = content_type
    before = api.get("/api/v1/cards", params={"limit": 1}).json()["count"]
    response = api.post("/api/v1/cards", content=content, headers=headers)
    _problem(response, 415, "unsupported_media_type")
    assert api.get("/api/v1/cards", params={"limit": 1}).json()["count"] == before


def test_idempotent_replay_returns_the_first_response(api: ApiClient, cred: Credential) -> None:
    """Same key and body: same status and body, `Idempotent-Replayed: true`, one card."""
    key = idem()
    body = card_body(cred.program_guid)
    before = api.get("/api/v1/cards", params={"limit": 1}).json()["count"]
    first = api.post("/api/v1/cards", json=body, headers=key)
    assert first.status_code == 201, first.text
    again = api.post("/api/v1/cards", json=body, headers=key)
    assert again.status_code == first.status_code
    assert again.json() == first.json(), "the replay is not the first response"
    assert again.headers.get("idempotent-replayed") == "true"
    after = api.get("/api/v1/cards", params={"limit": 1}).json()["count"]
    assert after == before + 1, f"{after - before} cards created by one key"


def test_idempotent_replay_of_a_subscription(api: ApiClient, cred: Credential) -> None:
    """The replay promise holds for every create, subscriptions included."""
    key = idem()
    body = {
        "program_guid": cred.program_guid,
        "url": "http://127.0.0.1:9/conformance-unreachable",
        "secret": "whsec_conformance_" + uuid.uuid4().hex,
        "event_type": ["card.created"],
    }
    first = api.post("/api/v1/notifications", json=body, headers=key)
    assert first.status_code == 201, first.text
    again = api.post("/api/v1/notifications", json=body, headers=key)
    assert (again.status_code, again.json()) == (first.status_code, first.json())
    assert again.headers.get("idempotent-replayed") == "true"
    api.delete(f"/api/v1/notifications/{first.json()['notification_guid']}")


def test_idempotency_key_reused_with_another_body_is_422(api: ApiClient, cred: Credential) -> None:
    """Same key, different body: 422 `idempotency_key_reused`, and nothing new is created."""
    key = idem()
    first = api.post("/api/v1/cards", json=card_body(cred.program_guid), headers=key)
    assert first.status_code == 201, first.text
    before = api.get("/api/v1/cards", params={"limit": 1}).json()["count"]
    other = api.post("/api/v1/cards", json=card_body(cred.program_guid), headers=key)
    _problem(other, 422, "idempotency_key_reused")
    assert api.get("/api/v1/cards", params={"limit": 1}).json()["count"] == before


def test_unknown_card_is_404(api: ApiClient) -> None:
    _problem(api.get(f"/api/v1/cards/{UNKNOWN_PROXY}"), 404)


def test_invalid_input_is_400_with_errors(api: ApiClient, cred: Credential) -> None:
    """Schema-invalid input is a 400 naming the bad fields, never a 5xx."""
    body = card_body(cred.program_guid, months_until_expire=-1)
    body["person"]["email"] = 12
    response = api.post("/api/v1/cards", json=body, headers=idem())
    problem = _problem(response, 400, "validation_error")
    fields = {e["field"] for e in problem.get("errors", [])}  # type: ignore[attr-defined]
    assert "/months_until_expire" in fields, fields


@pytest.mark.parametrize("content", [b"null", b"[]", b"{", b'"text"'])
def test_malformed_json_is_400(api: ApiClient, content: bytes) -> None:
    """A JSON body of the wrong shape, or no JSON at all, is a 400 problem, never a 5xx."""
    response = api.post(
        "/api/v1/cards", content=content, headers={**idem(), "Content-Type": "application/json"}
    )
    _problem(response, 400)


@pytest.mark.sandbox_only("fault injection (a forced 429 on the next call)")
def test_429_carries_retry_after(api: ApiClient, controls: Controls) -> None:
    """A rate-limited call is 429 with an integer `Retry-After` (sandbox fault injection)."""
    controls.inject_fault(kind="rate_limit", count=1, path_prefix="/api/v1/cards")
    response = api.get("/api/v1/cards")
    _problem(response, 429)
    assert (response.headers.get("retry-after") or "").isdigit(), response.headers


@pytest.mark.sandbox_only("throw-away login ids (a dozen failed logins lock a real one out)")
def test_repeated_failed_logins_are_429_with_retry_after(
    make_api: Callable[..., ApiClient],
) -> None:
    """Failed logins are rate limited with `Retry-After` (a throw-away login id, sandbox only)."""
    client = make_api()
    loginid = f"conformance-lockout-{uuid.uuid4().hex}"
    statuses = []
    for _ in range(12):
        response = client.post("/api/v1/auth/login", json={"loginid": loginid, "apikey": "x"})
        statuses.append(response.status_code)
        if response.status_code == 429:
            _problem(response, 429)
            assert (response.headers.get("retry-after") or "").isdigit()
            return
    pytest.fail(f"12 failed logins were never rate limited: {statuses}")


@pytest.mark.sandbox_only("clock control (moving time past a token's expires_in)")
def test_expired_token_is_401(
    make_api: Callable[..., ApiClient], base_url: str, cred: Credential, controls: Controls
) -> None:
    """A token past `expires_in` gets 401 with the challenge (the sandbox clock moves 12 h)."""
    response = make_api().post(
        "/api/v1/auth/login", json={"loginid": cred.loginid, "apikey": cred.apikey}
    )
    assert response.status_code == 200
    token, lifetime = response.json()["access_token"], response.json()["expires_in"]
    client = make_api(token)
    assert client.get("/api/v1/cards").status_code == 200
    controls.advance_clock(lifetime + 1)
    expired = client.get("/api/v1/cards")
    _problem(expired, 401)
    _bearer_challenge(expired.headers.get("www-authenticate"))


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/api/v1/cards", "card"),
        ("POST", "/api/v1/cards/{card}/status", {"status": "ACTIVE"}),
        ("POST", "/api/v1/cards/{card}/pin", {"pin": "4821"}),
        ("POST", "/api/v1/cards/{card}/replace", {"operation": "RENEW"}),
        ("POST", "/api/v1/cards/{card}/issuance_type", {"issuance_type": "FULL"}),
        ("POST", "/api/v1/cards/digitalpackage", "digital_package"),
        ("POST", "/api/v1/notifications", "notification"),
        ("PUT", "/api/v1/notifications/{notification}", "notification"),
        ("DELETE", "/api/v1/notifications/{notification}", None),
    ],
)
def test_read_only_token_gets_405_on_writes(
    api: ApiClient,
    make_api: Callable[..., ApiClient],
    base_url: str,
    cred: Credential,
    read_only_cred: Credential,
    method: str,
    path: str,
    body: object,
) -> None:
    """A read-only credential's token gets 405 (with `Allow`) on every write; reads work."""
    created = api.post("/api/v1/cards", json=card_body(cred.program_guid), headers=idem())
    assert created.status_code == 201, created.text
    proxy = created.json()["card"]["card_proxy"]
    reader = make_api(login(base_url, read_only_cred))
    before = reader.get(f"/api/v1/cards/{proxy}")
    assert before.status_code == 200, before.text
    subscription = {
        "program_guid": cred.program_guid,
        "url": "http://127.0.0.1:9/x",
        "secret": "whsec_conformance_" + uuid.uuid4().hex,
        "event_type": ["all"],
    }
    guid = ""
    if "{notification}" in path:
        made = api.post("/api/v1/notifications", json=subscription, headers=idem())
        assert made.status_code == 201, made.text
        guid = made.json()["notification_guid"]
    if body == "card":
        body = card_body(cred.program_guid)
    elif body == "notification":
        body = subscription
    elif body == "digital_package":
        body = {"card_proxy": proxy, "digital_package_guid": str(uuid.uuid4())}
    target = path.format(card=proxy, notification=guid)
    response = reader.request(method, target, json=body, headers=idem())
    _problem(response, 405)
    assert response.headers.get("allow") is not None, "405 without Allow"
    assert api.get(f"/api/v1/cards/{proxy}").json() == before.json(), "the card changed"
    if guid:  # the subscription is untouched
        assert api.get(f"/api/v1/notifications/{guid}").status_code == 200


def test_other_programs_resources_are_404(
    api: ApiClient,
    make_api: Callable[..., ApiClient],
    base_url: str,
    cred: Credential,
    other_cred: Credential,
) -> None:
    """Another program's card and subscription are not found, exactly like missing ones.

    That includes validating the card's details and changing it with the new operations.
    """
    created = api.post("/api/v1/cards", json=card_body(cred.program_guid), headers=idem())
    assert created.status_code == 201, created.text
    proxy = created.json()["card"]["card_proxy"]
    subscription = api.post(
        "/api/v1/notifications",
        json={
            "program_guid": cred.program_guid,
            "url": "http://127.0.0.1:9/x",
            "secret": "whsec_conformance_" + uuid.uuid4().hex,
            "event_type": ["all"],
        },
        headers=idem(),
    )
    assert subscription.status_code == 201, subscription.text
    guid = subscription.json()["notification_guid"]
    stranger = make_api(login(base_url, other_cred))
    _problem(stranger.get(f"/api/v1/cards/{proxy}"), 404)
    _problem(stranger.post(f"/api/v1/cards/{proxy}/status", json={"status": "CLOSED"}), 404)
    _problem(stranger.post(f"/api/v1/cards/{proxy}/pin", json={"pin": "1234"}), 404)
    _problem(stranger.post("/api/v1/cards/validate", json={"card_proxy": proxy}), 404)
    plastic = {"issuance_type": "FULL"}
    _problem(stranger.post(f"/api/v1/cards/{proxy}/issuance_type", json=plastic), 404)
    art = {"card_proxy": proxy, "digital_package_guid": str(uuid.uuid4())}
    _problem(stranger.post("/api/v1/cards/digitalpackage", json=art), 404)
    _problem(stranger.get(f"/api/v1/notifications/{guid}"), 404)
    _problem(stranger.delete(f"/api/v1/notifications/{guid}"), 404)
    listed = stranger.get("/api/v1/cards", params={"limit": 1000}).json()["data"]
    assert proxy not in {c["card_proxy"] for c in listed}
    assert api.get(f"/api/v1/cards/{proxy}").json()["card_status"] == "PENDING"
    api.delete(f"/api/v1/notifications/{guid}")
