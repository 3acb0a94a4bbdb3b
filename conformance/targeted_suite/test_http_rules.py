"""The contract's HTTP-level promises: 401/405/415/429 answers, HEAD, tokens, read-only,
tenancy, paging, idempotency; and the rules a card's status sets (transitions, replacement,
PINs), the list's filters and ValidateCard's matching.

What a test creates is found again through a person created for it (`ListCards` filtered by
`person_guid`), never through the program's totals: a deployment's program has other traffic.
"""

from __future__ import annotations

import datetime
import json
import re
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

from conformance.contract import luhn_valid, schema_errors
from conformance.targeted_suite._support import (
    ApiClient,
    Credential,
    ExtraLogins,
    RetryAfterTransport,
    Subscriptions,
    card_body,
    created_card,
    describe,
    expect,
    idem,
    is_sandbox,
    json_differences,
    notification_body,
    person_guid_of,
)
from qolo_sandbox.testing import Controls

UNKNOWN_PROXY = "cproxyconformance404"
# The statuses the reference's card-status guide makes final (openapi.yaml `CardStatus`), each
# with the moves that take a new (PENDING) card there.
FINAL_STATUSES = {
    "CLOSED": ("CLOSED",),
    "FCLOSED": ("FCLOSED",),
    "FORGET": ("ACTIVE", "FORGET"),
    "LOST": ("LOST",),
    "STOLEN": ("STOLEN",),
}


def _problem(response: httpx.Response, status: int, code: str | None = None) -> dict[str, Any]:
    """Assert `response` is the given status with a contract `Problem` body (and `code`).

    Messages name the status, the code and the schema's complaints, never the body.
    """
    where = f"{response.request.method} {response.request.url.path}"
    got = describe(response)
    wanted = f"{status} {code}" if code else str(status)
    assert response.status_code == status, f"{where}: {wanted} expected, got {got}"
    media = response.headers.get("content-type", "")
    assert media.startswith("application/problem+json"), f"{where}: {got} is {media!r}"
    body = response.json()
    errors = schema_errors("Problem", body)
    assert not errors, f"{where}: {got} is no Problem: {errors}"
    same_status = body["status"] == status
    assert same_status, f"{where}: the problem's status is not {status}"
    same_id = body["request_id"] == response.headers.get("x-request-id")
    assert same_id, f"{where}: the problem's request_id is not X-Request-Id"
    if code is not None:
        assert got == wanted, f"{where}: {wanted} expected, got {got}"
    return dict(body)


def _new_person(api: ApiClient, cred: Credential) -> tuple[str, str]:
    """A card for a new person, to find the test's own cards by; (its proxy, the person's guid).

    Skips where the deployment's CreateCard answer gives no person guid to filter by.
    """
    created = created_card(api, cred.program_guid)
    person = person_guid_of(created)
    if person is None:
        pytest.skip("CreateCard answered no person_guid (nor card.person_guid) to filter by")
    return str(created["card"]["card_proxy"]), person


def _cards_of(api: ApiClient, person: str) -> list[str]:
    """The proxies of the person's cards (one page: the tests give a person at most a few)."""
    page = expect(api.get("/api/v1/cards", params={"person_guid": person, "limit": 1000}), 200)
    return [str(card["card_proxy"]) for card in page["data"]]


def _status_of(api: ApiClient, proxy: str) -> str:
    """The card's `card_status`, as GetCard answers it."""
    return str(expect(api.get(f"/api/v1/cards/{proxy}"), 200)["card_status"])


def _move(api: ApiClient, proxy: str, status: str, **extra: object) -> httpx.Response:
    """StatusCard: ask for `status` (with `extra` fields, e.g. `override_status`)."""
    return api.post(f"/api/v1/cards/{proxy}/status", json={"status": status, **extra})


def _refused(response: httpx.Response, code: str, what: str) -> None:
    """Assert a 400 `code` problem; the message says what was asked and what came."""
    got = describe(response)
    assert got == f"400 {code}", f"{what}: 400 {code} expected, got {got}"
    _problem(response, 400, code)


def _number_behind(mask: str, filler: str) -> str | None:
    """A Luhn-valid card number `mask` could hide: its shown digits (the BIN, the last four),
    the masked ones `filler` but the first, which makes the Luhn sum right; None for a mask
    that shows no digits at both ends."""
    shape = re.fullmatch(r"([0-9]{6,})([^0-9]+)([0-9]{4})", mask)
    if shape is None:
        return None
    first, hidden, last = shape.groups()
    for digit in "0123456789":
        number = f"{first}{digit}{filler * (len(hidden) - 1)}{last}"
        if luhn_valid(number):
            return number
    raise AssertionError("unreachable: one digit always makes the Luhn sum right")


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
        ("DELETE", "/api/v1/cards", {"GET", "HEAD", "POST"}),
        ("PUT", "/api/v1/cards/cproxy0000000000001", {"GET", "HEAD"}),
        ("GET", "/api/v1/cards/cproxy0000000000001/status", {"POST"}),
        ("PATCH", "/api/v1/notifications", {"GET", "HEAD", "POST"}),
        ("TRACE", "/api/v1/cards", {"GET", "HEAD", "POST"}),
    ],
)
def test_405_carries_allow(api: ApiClient, method: str, path: str, allowed: set[str]) -> None:
    """A method the path does not have is 405 with `Allow` naming what it has (HEAD with GET,
    as openapi.yaml's conventions say)."""
    response = api.request(method, path)
    _problem(response, 405)
    allow = response.headers.get("allow")
    assert allow is not None, "405 without Allow"
    listed = {m.strip().upper() for m in allow.split(",") if m.strip()}
    assert allowed <= listed, f"Allow {allow!r} misses {allowed - listed}"
    assert method not in listed


def test_head_is_get_without_the_body(
    api: ApiClient, base_url: str, token: str, cred: Credential
) -> None:
    """HEAD where a path has GET: GET's status and media type, and no body.

    openapi.yaml's conventions: "HEAD is answered like GET, without the body, wherever a path
    has GET". Asked of ListCards, ListNotifications, and GetCard of a new card and of a missing
    one (404 both ways). No operation declares HEAD, so its answers go through a client that
    does not judge them by an operation (which would call any success undeclared).
    """
    proxy = created_card(api, cred.program_guid)["card"]["card_proxy"]
    paths = [
        "/api/v1/cards?limit=1",
        "/api/v1/notifications?limit=1",
        f"/api/v1/cards/{proxy}",
        f"/api/v1/cards/{UNKNOWN_PROXY}",
    ]
    auth = {"Authorization": f"Bearer {token}"}
    with httpx.Client(
        base_url=base_url, headers=auth, transport=RetryAfterTransport(), timeout=15.0
    ) as raw:
        for path in paths:
            got = api.get(path)
            head = raw.head(path)
            where = f"HEAD {path.replace(proxy, '{card_proxy}')}"
            assert head.status_code == got.status_code, (
                f"{where}: {got.status_code} expected (GET's), got {describe(head)}"
            )
            assert not head.content, f"{where}: a body of {len(head.content)} bytes"
            media, wanted = head.headers.get("content-type"), got.headers.get("content-type")
            assert media == wanted, f"{where}: Content-Type {media!r}, GET's is {wanted!r}"
            assert head.headers.get("x-request-id"), f"{where}: no X-Request-Id"


@pytest.mark.parametrize(
    "content_type",
    ["application/x-www-form-urlencoded", "text/plain", None],
    ids=["form", "text-plain", "no-content-type"],
)
def test_415_for_non_json_body(api: ApiClient, cred: Credential, content_type: str | None) -> None:
    """A body that is not `application/json` is refused with 415 before anything is created.

    The body is a valid card's JSON, so only its media type is wrong and 415 is the one answer
    (an invalid one could as rightly be a 400 first). It is for a person created first, whose
    cards are then counted: other traffic in the program cannot disturb that.
    """
    proxy, person = _new_person(api, cred)
    content = json.dumps(card_body(cred.program_guid, person={"person_guid": person})).encode()
    headers = {**idem()}
    if content_type:
        headers["Content-Type"] = content_type
    response = api.post("/api/v1/cards", content=content, headers=headers)
    _problem(response, 415, "unsupported_media_type")
    mine = _cards_of(api, person)
    assert mine == [proxy], f"the refused create issued {len(mine) - 1} card(s) to the person"


def test_idempotent_replay_returns_the_first_response(api: ApiClient, cred: Credential) -> None:
    """Same key and body: same status and body, `Idempotent-Replayed: true`, one card; the
    first answer is not marked (openapi.yaml `IdempotentReplayed`: "`true` when this response is
    a replay of an earlier request").

    The card is for a person created first, so a second card would be among the person's
    cards (a new person's would not); the program's other traffic does not count.
    """
    _, person = _new_person(api, cred)
    key = idem()
    body = card_body(cred.program_guid, person={"person_guid": person})
    original = api.post("/api/v1/cards", json=body, headers=key)
    first = expect(original, 201)
    marked = original.headers.get("idempotent-replayed")
    assert marked is None, (
        f"the first create with a fresh key says Idempotent-Replayed: {marked!r} (it is no replay)"
    )
    again = api.post("/api/v1/cards", json=body, headers=key)
    expect(again, 201, "the replay")
    differences = json_differences(first, again.json())
    assert not differences, f"the replay is not the first response: {differences}"
    replayed = again.headers.get("idempotent-replayed")
    assert replayed == "true", f"the replay says Idempotent-Replayed: {replayed!r}"
    issued = len(_cards_of(api, person)) - 1
    assert issued == 1, f"{issued} cards created by one key"


def test_idempotent_replay_of_a_subscription(
    api: ApiClient, cred: Credential, subscriptions: Subscriptions
) -> None:
    """The replay promise holds for every create, subscriptions included."""
    key = idem()
    body = notification_body(cred.program_guid, event_type=["card.created"])
    first = api.post("/api/v1/notifications", json=body, headers=key)
    subscriptions.skip_if_refused(first)
    subscriptions.remember(expect(first, 201))
    again = api.post("/api/v1/notifications", json=body, headers=key)
    subscriptions.remember(expect(again, 201, "the replay"))
    differences = json_differences(first.json(), again.json())
    assert not differences, f"the replay is not the first response: {differences}"
    replayed = again.headers.get("idempotent-replayed")
    assert replayed == "true", f"the replay says Idempotent-Replayed: {replayed!r}"


def test_idempotency_key_reused_with_another_body_is_422(api: ApiClient, cred: Credential) -> None:
    """Same key, different body: 422 `idempotency_key_reused`, and nothing new is created.

    Both bodies are for one person created first, whose cards are then counted.
    """
    _, person = _new_person(api, cred)
    key = idem()
    mine = {"person_guid": person}
    first = api.post("/api/v1/cards", json=card_body(cred.program_guid, person=mine), headers=key)
    expect(first, 201)
    other = card_body(cred.program_guid, person=mine, months_until_expire=24)
    _problem(api.post("/api/v1/cards", json=other, headers=key), 422, "idempotency_key_reused")
    issued = len(_cards_of(api, person)) - 1
    assert issued == 1, f"{issued} cards created by one key (one expected)"


def test_concurrent_creates_with_one_key_create_one_card(
    api: ApiClient, make_api: Callable[..., ApiClient], token: str, cred: Credential
) -> None:
    """Two CreateCard at once with one key and body create at most one card.

    openapi.yaml `IdempotencyKey`: "the same key while the first request is still being
    processed is rejected with 409 (`idempotency_request_in_flight`)" and "Whatever the
    concurrency, one key creates at most one resource". Each of the two (sent together from two
    threads and connections) answers 201 with the same card, or that 409; a third, sent after
    them, answers that card; the person, created first, has one card more.
    """
    _, person = _new_person(api, cred)
    key = idem()
    body = card_body(cred.program_guid, person={"person_guid": person})
    clients = [api, make_api(token)]
    together = threading.Barrier(len(clients))

    def send(client: ApiClient) -> httpx.Response:
        together.wait(timeout=10)
        return client.post("/api/v1/cards", json=body, headers=key)

    with ThreadPoolExecutor(len(clients)) as pool:
        sent = [pool.submit(send, client) for client in clients]
        responses = [future.result(timeout=30) for future in sent]
    got = [describe(r) for r in responses]
    allowed = {"201", "409 idempotency_request_in_flight"}
    assert set(got) <= allowed, f"two concurrent creates with one key answered {got}"
    later = expect(api.post("/api/v1/cards", json=body, headers=key), 201, "the create after")
    proxy = later["card"]["card_proxy"]
    answered = {r.json()["card"]["card_proxy"] for r in responses if r.status_code == 201}
    assert answered <= {proxy}, (
        f"two concurrent creates with one key answered {len(answered | {proxy})} different cards"
    )
    issued = len(_cards_of(api, person)) - 1
    assert issued == 1, f"{issued} cards created by one key sent twice at once (one expected)"


def test_unknown_card_is_404(api: ApiClient) -> None:
    _problem(api.get(f"/api/v1/cards/{UNKNOWN_PROXY}"), 404)


def test_invalid_input_is_400_with_errors(api: ApiClient, cred: Credential) -> None:
    """Schema-invalid input is a 400 naming the bad fields, never a 5xx."""
    body = card_body(cred.program_guid, months_until_expire=-1)
    body["person"]["email"] = 12
    response = api.post("/api/v1/cards", json=body, headers=idem())
    problem = _problem(response, 400, "validation_error")
    fields = {e["field"] for e in problem.get("errors", [])}
    assert "/months_until_expire" in fields, fields


@pytest.mark.parametrize("content", [b"null", b"[]", b"{", b'"text"'])
def test_malformed_json_is_400(api: ApiClient, content: bytes) -> None:
    """A JSON body of the wrong shape, or no JSON at all, is a 400 problem, never a 5xx."""
    response = api.post(
        "/api/v1/cards", content=content, headers={**idem(), "Content-Type": "application/json"}
    )
    _problem(response, 400)


@pytest.mark.sandbox_only("fault injection (a forced 429 on the next call)")
def test_429_carries_retry_after(
    make_api: Callable[..., ApiClient], token: str, controls: Controls
) -> None:
    """A rate-limited call is 429 with an integer `Retry-After` (sandbox fault injection).

    Its client does not wait the 429 out, as every other test's does.
    """
    controls.inject_fault(kind="rate_limit", count=1, path_prefix="/api/v1/cards")
    response = make_api(token, retry=False).get("/api/v1/cards")
    _problem(response, 429)
    retry_after = response.headers.get("retry-after")
    assert (retry_after or "").isdigit(), f"Retry-After: {retry_after!r} is no integer"


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


@pytest.mark.sandbox_only("clock control (moving time through a token's expires_in)")
def test_a_token_works_for_its_lifetime_then_is_401(
    make_api: Callable[..., ApiClient],
    cred: Credential,
    controls: Controls,
    extra_logins: ExtraLogins,
) -> None:
    """A token works until its `expires_in` runs out, and gets 401 with the challenge after it
    (the sandbox clock moves). openapi.yaml `LoginResponse.expires_in` ("the token's lifetime in
    seconds") and `Login` ("valid for 12 hours"): a client that trusts `expires_in` must not be
    refused a minute before it, nor served after it."""
    response = make_api().post(
        "/api/v1/auth/login", json={"loginid": cred.loginid, "apikey": cred.apikey}
    )
    expect(response, 200)
    token, lifetime = response.json()["access_token"], response.json()["expires_in"]
    client = make_api(token)
    age = max(lifetime - 60, 0)
    controls.advance_clock(age)
    extra_logins.forget()  # their tokens are as old as this one: a minute left, or none
    late = client.get("/api/v1/cards", params={"limit": 1})
    assert late.status_code == 200, (
        f"a token {age} s into its {lifetime} s lifetime (expires_in) was refused: {describe(late)}"
    )
    controls.advance_clock(lifetime + 1 - age)
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
    read_only_token: str,
    api: ApiClient,
    make_api: Callable[..., ApiClient],
    cred: Credential,
    subscriptions: Subscriptions,
    method: str,
    path: str,
    body: object,
) -> None:
    """A read-only credential's token gets 405 (with `Allow`) on every write; reads work.

    openapi.yaml 2.0.0's changelog: "`Allow` on a read-only token's 405 is never empty".

    The read-only login comes first (`read_only_token`, once per run): a wrong key fails these
    tests before any card is created for them.
    """
    proxy = created_card(api, cred.program_guid)["card"]["card_proxy"]
    reader = make_api(read_only_token)
    before = expect(reader.get(f"/api/v1/cards/{proxy}"), 200, "the read-only token's GetCard")
    subscription = notification_body(cred.program_guid)
    guid = ""
    if "{notification}" in path:
        guid = str(subscriptions.create(api, subscription)["notification_guid"])
    if body == "card":
        body = card_body(cred.program_guid)
    elif body == "notification":
        body = subscription
    elif body == "digital_package":
        body = {"card_proxy": proxy, "digital_package_guid": str(uuid.uuid4())}
    target = path.format(card=proxy, notification=guid)
    response = reader.request(method, target, json=body, headers=idem())
    if response.status_code == 201 and "notifications" in target:
        subscriptions.remember(response.json())  # wrongly created: still deleted after
    _problem(response, 405)
    allow = response.headers.get("allow")
    assert allow is not None, "405 without Allow"
    assert allow.strip(), "the read-only token's 405 has an empty Allow"
    after = expect(api.get(f"/api/v1/cards/{proxy}"), 200)
    changed = json_differences(before, after)
    assert not changed, f"the read-only token's {method} changed the card: {changed}"
    if guid:  # the subscription is untouched
        expect(api.get(f"/api/v1/notifications/{guid}"), 200, "the subscription after it")


def test_other_programs_cards_are_404(
    other_token: str,
    api: ApiClient,
    make_api: Callable[..., ApiClient],
    cred: Credential,
) -> None:
    """Another program's card is not found, exactly like a missing one.

    That includes validating the card's details, replacing it (openapi.yaml ReplaceCard's 404,
    "Card not found": no new card is issued from it) and changing it with the new operations;
    and issuing a card in this program to the card's person: CreateCard's `program_guid` is
    "the caller's own" (CreateCardRequest) and the program is 404 when it "does not exist in the
    caller's program", so another program's token naming it issues nothing.
    """
    created = created_card(api, cred.program_guid)
    proxy = created["card"]["card_proxy"]
    stranger = make_api(other_token)
    _problem(stranger.get(f"/api/v1/cards/{proxy}"), 404)
    _problem(stranger.post(f"/api/v1/cards/{proxy}/status", json={"status": "CLOSED"}), 404)
    _problem(stranger.post(f"/api/v1/cards/{proxy}/pin", json={"pin": "1234"}), 404)
    replace = {"operation": "REPLACE"}
    _problem(stranger.post(f"/api/v1/cards/{proxy}/replace", json=replace, headers=idem()), 404)
    _problem(stranger.post("/api/v1/cards/validate", json={"card_proxy": proxy}), 404)
    plastic = {"issuance_type": "FULL"}
    _problem(stranger.post(f"/api/v1/cards/{proxy}/issuance_type", json=plastic), 404)
    art = {"card_proxy": proxy, "digital_package_guid": str(uuid.uuid4())}
    _problem(stranger.post("/api/v1/cards/digitalpackage", json=art), 404)
    person = person_guid_of(created)
    holder = {"person_guid": person} if person else card_body(cred.program_guid)["person"]
    issue = card_body(cred.program_guid, person=holder)
    _problem(stranger.post("/api/v1/cards", json=issue, headers=idem()), 404)
    listed = expect(stranger.get("/api/v1/cards", params={"limit": 1000}), 200)["data"]
    assert proxy not in {c["card_proxy"] for c in listed}, "another program lists the card"
    status = expect(api.get(f"/api/v1/cards/{proxy}"), 200)["card_status"]
    assert status == "PENDING", f"another program's calls moved the card to {status}"
    if person is not None:
        issued = len(_cards_of(api, person)) - 1
        assert issued == 0, (
            f"another program's ReplaceCard and CreateCard issued {issued} card(s) to the person"
        )


def test_other_programs_subscriptions_are_404(
    other_token: str,
    api: ApiClient,
    make_api: Callable[..., ApiClient],
    cred: Credential,
    subscriptions: Subscriptions,
) -> None:
    """Another program's subscription is not found, nor deleted, exactly like a missing one.

    Nor can it subscribe to this program's events: NotificationRequest's `program_guid` is "the
    caller's own", so naming this program is 404 (CreateNotification's). Apart from the card test,
    so a deployment that refuses the suite's webhook URL skips only this one.
    """
    guid = subscriptions.create(api, notification_body(cred.program_guid))["notification_guid"]
    stranger = make_api(other_token)
    _problem(stranger.get(f"/api/v1/notifications/{guid}"), 404)
    _problem(stranger.delete(f"/api/v1/notifications/{guid}"), 404)
    expect(api.get(f"/api/v1/notifications/{guid}"), 200, "the subscription after it")
    response = stranger.post(
        "/api/v1/notifications", json=notification_body(cred.program_guid), headers=idem()
    )
    subscriptions.skip_if_refused(response)
    if response.status_code == 201:
        subscriptions.remember(response.json())  # wrongly created in this program: deleted after
    _problem(response, 404)


def test_pages_of_cards_neither_overlap_nor_leave_gaps(api: ApiClient, cred: Credential) -> None:
    """ListCards' offset paging, walked with a small `limit` over one new person's five cards.

    Each page has at most `limit` cards, starts where asked, and ends at `end_index`, which is
    its start plus its length; `count` is the person's five on every page; `has_more` is
    whether `end_index` is short of `count`. Following `end_index` gives every card once, oldest
    first. A deployment that ignores `start_index` or `limit`, or is off by one, fails. The
    person is new, so the program's other traffic cannot change these pages.
    """
    first, person = _new_person(api, cred)
    issued = [first] + [
        str(created_card(api, cred.program_guid, person_guid=person)["card"]["card_proxy"])
        for _ in range(4)
    ]
    limit, start, seen, pages = 2, 0, [], 0
    while True:
        pages += 1
        assert pages <= len(issued), f"more than {len(issued)} pages of {limit} for 5 cards"
        query: dict[str, str | int] = {"person_guid": person, "limit": limit, "start_index": start}
        page = expect(api.get("/api/v1/cards", params=query), 200)
        data = [str(card["card_proxy"]) for card in page["data"]]
        where = f"the page at start_index={start}, limit={limit}"
        assert len(data) <= limit, f"{where} has {len(data)} cards"
        assert page["count"] == len(issued), f"{where} counts {page['count']} cards, not 5"
        assert page["start_index"] == start, f"{where} says start_index {page['start_index']}"
        end = page["end_index"]
        assert end == start + len(data), f"{where} has {len(data)} cards but end_index {end}"
        more = page["has_more"]
        assert more == (end < page["count"]), f"{where}: has_more {more} with end_index {end}"
        repeated = [issued.index(p) for p in data if p in seen]
        assert not repeated, f"{where} repeats the cards issued {repeated} (of 0-4)"
        seen += data
        if not more:
            break
        assert data, f"{where} is empty but has_more"
        start = end
    missing = [index for index, proxy in enumerate(issued) if proxy not in seen]
    assert not missing, f"the pages left out the cards issued {missing} (of 0-4)"
    order = [issued.index(p) for p in seen if p in issued]
    assert order == sorted(order), f"the pages are not oldest first: issue order {order}"


def test_list_by_card_status_gives_only_cards_in_it(api: ApiClient, cred: Credential) -> None:
    """ListCards' `card_status` filter lists only cards in that status.

    openapi.yaml ListCards, parameter `card_status`: "Only cards in this status". A new person's
    two cards, one SUSPENDed: filtered by the person and each status, the list is that card
    alone; filtered by the status alone, every card of the page is in it (the program's other
    cards, which a deployment has, included).
    """
    pending, person = _new_person(api, cred)
    suspended = str(created_card(api, cred.program_guid, person_guid=person)["card"]["card_proxy"])
    expect(_move(api, suspended, "SUSPEND"), 200, "suspending a new card")
    for status, proxy in (("SUSPEND", suspended), ("PENDING", pending)):
        query: dict[str, str | int] = {"person_guid": person, "card_status": status, "limit": 1000}
        page = expect(api.get("/api/v1/cards", params=query), 200)
        listed = [str(card["card_proxy"]) for card in page["data"]]
        statuses = [card.get("card_status") for card in page["data"]]
        assert listed == [proxy], (
            f"card_status={status} lists the person's cards in {statuses}, not its one {status} "
            "card alone"
        )
        assert page["count"] == 1, f"card_status={status} counts {page['count']} of 1 card"
    page = expect(api.get("/api/v1/cards", params={"card_status": "SUSPEND", "limit": 1000}), 200)
    others = sorted({str(card.get("card_status")) for card in page["data"]} - {"SUSPEND"})
    assert not others, f"card_status=SUSPEND lists cards in {others}"


@pytest.mark.parametrize("final", sorted(FINAL_STATUSES))
def test_final_statuses_stay_final(api: ApiClient, cred: Credential, final: str) -> None:
    """No move out of a final status outside the table, with `override_status` or without.

    openapi.yaml StatusCard (2.4.0): its table lets a `CLOSED`, `FCLOSED` or `FORGET` card go
    nowhere and a `LOST` or `STOLEN` one only to a closing status, and "from those the table
    alone decides, override or not" (`CardStatus`: `CLOSED` is permanent, `LOST` and `STOLEN`
    blocked for good). A new card is moved there, then asked to `ACTIVE` and to `SUSPEND`,
    each with and without `override_status`: every one is 400 `invalid_status_transition` and
    the card keeps its status.
    """
    proxy = created_card(api, cred.program_guid)["card"]["card_proxy"]
    for step in FINAL_STATUSES[final]:
        expect(_move(api, proxy, step), 200, f"moving a new card to {step}")
    for target in ("ACTIVE", "SUSPEND"):
        for override in (False, True):
            what = f"{final} -> {target}" + (" with override_status" if override else "")
            extra = {"override_status": True} if override else {}
            _refused(_move(api, proxy, target, **extra), "invalid_status_transition", what)
            status = _status_of(api, proxy)
            assert status == final, f"{what} was refused, yet the card is now {status}"


def test_a_compromised_card_is_not_renewed(api: ApiClient, cred: Credential) -> None:
    """`RENEW` of a card that is, or would become, `LOST` or `STOLEN` issues nothing.

    openapi.yaml ReplaceCard (2.4.0): such a card "is never renewed with its compromised number:
    `RENEW` answers 400 `card_needs_new_number` (use `REPLACE`)"; `ReplaceCardOperation`: never
    for a `LOST` or `STOLEN` one. A new person's LOST card is renewed, and its other (PENDING)
    card renewed with `status: STOLEN`: both refused, each card keeps its status, and the
    person has no new card.
    """
    lost, person = _new_person(api, cred)
    other = str(created_card(api, cred.program_guid, person_guid=person)["card"]["card_proxy"])
    expect(_move(api, lost, "LOST"), 200, "moving a new card to LOST")
    for proxy, extra, status in ((lost, {}, "LOST"), (other, {"status": "STOLEN"}, "PENDING")):
        what = f"RENEW of a {status} card" + (" with status STOLEN" if extra else "")
        body = {"operation": "RENEW", **extra}
        response = api.post(f"/api/v1/cards/{proxy}/replace", json=body, headers=idem())
        _refused(response, "card_needs_new_number", what)
        now = _status_of(api, proxy)
        assert now == status, f"{what} was refused, yet the card is now {now}"
    issued = len(_cards_of(api, person)) - 2
    assert issued == 0, f"the refused renewals issued {issued} card(s) to the person"


def test_replace_moves_the_old_card_to_status(api: ApiClient, cred: Credential) -> None:
    """ReplaceCard with `status` moves the old card there; the new card starts PENDING.

    openapi.yaml ReplaceCard: "The old card moves to `status` under the transition rules of
    `StatusCard`"; `ReplaceCardRequest.status`: "The replaced card's new status". An ACTIVE
    card is replaced as LOST (the contract's own example).
    """
    proxy = created_card(api, cred.program_guid)["card"]["card_proxy"]
    expect(_move(api, proxy, "ACTIVE"), 200, "activating a new card")
    body = {"operation": "REPLACE", "status": "LOST"}
    new = expect(api.post(f"/api/v1/cards/{proxy}/replace", json=body, headers=idem()), 200)
    assert new["card_proxy"] != proxy, "ReplaceCard answered the old card, not a new one"
    assert new["card_status"] == "PENDING", f"the new card starts {new['card_status']}"
    old = _status_of(api, proxy)
    assert old == "LOST", f"replaced with status LOST, the old card is {old}"


def test_pin_is_refused_where_the_status_forbids_it(api: ApiClient, cred: Credential) -> None:
    """SetPIN on a LOST, then a CLOSED card: 400 `card_status_forbids_pin`, and no PIN.

    openapi.yaml SetPIN: it "Sets the PIN ... of a card in `PENDING`, `ACTIVE` or `SUSPEND`;
    any other status answers 400 with `code` `card_status_forbids_pin`". The card keeps its
    status and (the sandbox's `pin_set`) has no PIN.
    """
    proxy = created_card(api, cred.program_guid)["card"]["card_proxy"]
    for status in ("LOST", "CLOSED"):
        expect(_move(api, proxy, status), 200, f"moving the card to {status}")
        response = api.post(f"/api/v1/cards/{proxy}/pin", json={"pin": "4821"})
        _refused(response, "card_status_forbids_pin", f"SetPIN on a {status} card")
    card = expect(api.get(f"/api/v1/cards/{proxy}"), 200)
    assert card["card_status"] == "CLOSED", f"the refused SetPIN left it {card['card_status']}"
    if is_sandbox():
        assert card["pin_set"] is False, "a refused SetPIN set the PIN (pin_set is true)"


def test_validate_compares_the_whole_card_number(api: ApiClient, cred: Credential) -> None:
    """ValidateCard: a wrong card number is 404 `card_not_found`, even one with the BIN and the
    last four digits that `mask_card_pan` shows.

    openapi.yaml ValidateCard: "any detail that does not match ... is 404 `card_not_found`";
    `ValidateCardRequest.card_number` is "The full card number". Two numbers are built from the
    mask (Luhn-valid, so only the comparison can refuse them) and sent with the card's proxy.
    They differ in masked digits, so at most one can be the card's (by a 1 in 100 000 chance):
    both matching means the deployment compared only what the mask shows.
    """
    card = created_card(api, cred.program_guid)["card"]
    numbers = [_number_behind(str(card.get("mask_card_pan", "")), filler) for filler in "05"]
    if None in numbers:
        pytest.skip("mask_card_pan shows no BIN and last four digits to build a number from")
    got = []
    for number in numbers:
        body = {"card_proxy": card["card_proxy"], "card_number": number}
        got.append(describe(api.post("/api/v1/cards/validate", json=body)))
    wrong = [answer for answer in got if answer not in {"200", "404 card_not_found"}]
    assert not wrong, f"ValidateCard with a wrong card number answered {got}"
    assert got.count("200") < 2, (
        "ValidateCard matched two different card numbers that share only the BIN and the last "
        f"four digits with the card (answers {got}; 404 card_not_found expected): the full "
        "number is not compared"
    )


def _replaced(api: ApiClient, proxy: str, operation: str, **extra: object) -> dict[str, Any]:
    """ReplaceCard of `proxy` with `operation`: the new card (200 asserted)."""
    body = {"operation": operation, **extra}
    response = api.post(f"/api/v1/cards/{proxy}/replace", json=body, headers=idem())
    new = expect(response, 200, f"{operation} of a card")
    assert isinstance(new, dict), f"{operation}: 200 without a JSON object"
    return new


def test_replace_gives_a_new_card_number_and_renew_keeps_it(
    api: ApiClient, cred: Credential
) -> None:
    """`RENEW` keeps the card number, `REPLACE` gives a new one (as `mask_card_pan` shows).

    openapi.yaml ReplaceCard: "`REPLACE` gives the new card a new PAN (for lost, stolen or
    compromised cards); `RENEW` keeps the PAN with a new expiry" (`ReplaceCardOperation`). A new
    card is renewed (same mask), then the renewal replaced as STOLEN and its replacement
    replaced again: a new number shares the old one's BIN and last four digits by a 1 in 10 000
    chance, so two replacements that both keep the mask mean the number was kept.
    """
    card = created_card(api, cred.program_guid)["card"]
    masks = [str(card.get("mask_card_pan", ""))]
    if not re.search(r"[0-9]{4}$", masks[0]):
        pytest.skip("mask_card_pan shows no last four digits to compare")
    renewed = _replaced(api, card["card_proxy"], "RENEW")
    assert renewed["mask_card_pan"] == masks[0], "RENEW changed the card number (its mask)"
    proxy = renewed["card_proxy"]
    for status in ("STOLEN", None):
        extra = {"status": status} if status else {}
        new = _replaced(api, proxy, "REPLACE", **extra)
        masks.append(str(new["mask_card_pan"]))
        proxy = new["card_proxy"]
    assert len(set(masks)) > 1, (
        "two REPLACEs in a row kept the card's mask_card_pan (BIN and last four): REPLACE must "
        "give a new card number"
    )


def _validate(client: ApiClient, card: dict[str, Any], **details: object) -> str:
    """ValidateCard of `card` (its proxy and expiry, plus `details`): `describe` of the answer."""
    body = {"card_proxy": card["card_proxy"], "expiration_date": card["expiration_date"]}
    return describe(client.post("/api/v1/cards/validate", json={**body, **details}))


BIRTH_DATE = "1990-12-10"


def test_validate_matches_the_identity_factors(api: ApiClient, cred: Credential) -> None:
    """ValidateCard compares the identity factors it is given: a wrong `birth_date` is 404.

    openapi.yaml ValidateCard: it "answers the card when every given detail matches" (the
    details include "optional identity factors such as the date of birth"), and "any detail
    that does not match ... is 404 `card_not_found`". A card is issued to a person born on
    1990-12-10; its proxy and expiry with that date validate, with another date they do not.
    """
    created = created_card(
        api,
        cred.program_guid,
        **{**card_body(cred.program_guid)["person"], "birth_date": BIRTH_DATE},
    )
    card = created["card"]
    right = _validate(api, card, birth_date=BIRTH_DATE)
    assert right == "200", f"ValidateCard with the card's own details: 200 expected, got {right}"
    wrong = _validate(api, card, birth_date="1901-01-01")
    assert wrong == "404 card_not_found", (
        f"ValidateCard with the right proxy and expiry but a wrong birth_date: 404 card_not_found "
        f"expected, got {wrong}"
    )


def test_read_only_token_may_validate(
    read_only_token: str, api: ApiClient, make_api: Callable[..., ApiClient], cred: Credential
) -> None:
    """A read-only token's ValidateCard is answered like a read-write one's: 200 or 404.

    openapi.yaml ValidateCard: "Nothing changes and no event is sent, so a read-only token may
    call it" (`x-qolo-changes-nothing`): never the read-only token's 405.
    """
    card = created_card(api, cred.program_guid)["card"]
    reader = make_api(read_only_token)
    right = _validate(reader, card)
    assert right == "200", f"the read-only token's ValidateCard: 200 expected, got {right}"
    wrong = _validate(reader, card, expiration_date="0101")
    assert wrong == "404 card_not_found", (
        f"the read-only token's ValidateCard of a wrong expiry: 404 card_not_found expected, "
        f"got {wrong}"
    )


@pytest.mark.sandbox_only("the suite's own read-only login (failed logins throttle a real one)")
def test_the_right_key_logs_in_after_failed_logins(
    make_api: Callable[..., ApiClient], read_only_cred: Credential
) -> None:
    """Failed logins never lock the right key out: after enough to be throttled, it logs in.

    openapi.yaml `LoginThrottled`: "The key is checked first: the right `loginid` and `apikey`
    always log in, whatever anyone's failed attempts, so nobody can lock a partner out"; a
    wrong key is counted against its login id (5 at once). The suite's read-only login id is
    failed until throttled (429), then its right key must answer 200.
    """
    client = make_api()
    wrong = {"loginid": read_only_cred.loginid, "apikey": "sk_conformance_wrong"}
    statuses = [client.post("/api/v1/auth/login", json=wrong).status_code for _ in range(6)]
    assert 429 in statuses, f"6 failed logins of one login id were never throttled: {statuses}"
    right = {"loginid": read_only_cred.loginid, "apikey": read_only_cred.apikey}
    response = client.post("/api/v1/auth/login", json=right)
    assert response.status_code == 200, (
        f"after {len(statuses)} failed logins, the right key was refused: {describe(response)} "
        "(the right key always logs in)"
    )


@pytest.mark.sandbox_only("fault injection (a forced 429 on the next call)")
def test_a_rate_limited_create_did_nothing(
    api: ApiClient,
    make_api: Callable[..., ApiClient],
    token: str,
    cred: Credential,
    controls: Controls,
) -> None:
    """A 429'd CreateCard without an `IdempotencyKey` issued no card.

    openapi.yaml `TooManyRequests` (2.4.0): "a request the API gateway rejected, so nothing was
    done and any request, a POST without an `IdempotencyKey` included, may be sent again". A
    new person's card is issued under a forced 429; the person still has one card.
    """
    _, person = _new_person(api, cred)
    controls.inject_fault(kind="rate_limit", count=1, path_prefix="/api/v1/cards")
    body = card_body(cred.program_guid, person={"person_guid": person})
    _problem(make_api(token, retry=False).post("/api/v1/cards", json=body), 429)
    issued = len(_cards_of(api, person)) - 1
    assert issued == 0, f"the 429'd CreateCard issued {issued} card(s) (nothing was done)"


def test_a_body_over_the_limit_is_a_413_problem(api: ApiClient) -> None:
    """A body over 1 MiB is 413 `body_too_large`, a problem document with its request id.

    openapi.yaml's limits convention: a body may "hold 1 MiB (more: 413 `body_too_large`)"
    (`ContentTooLarge`: `application/problem+json`, `X-Request-Id`). Sent to ValidateCard of an
    unknown card, which creates nothing: a deployment whose limit is larger (the limit is a
    choice) answers 404 or 400, and only a 413 is judged there.
    """
    body = {
        "card_proxy": UNKNOWN_PROXY,
        "journal_entry": {"source_code": "IVR", "comment": "a" * (1024 * 1024 + 16)},
    }
    response = api.post("/api/v1/cards/validate", json=body)
    if response.status_code != 413 and not is_sandbox():
        return
    _problem(response, 413, "body_too_large")


def _months(yymm: str) -> int:
    """A `YYMM` expiry as a count of months (years from 2000)."""
    assert re.fullmatch(r"[0-9]{4}", yymm), "expiration_date is no YYMM"
    return int(yymm[:2]) * 12 + int(yymm[2:]) - 1


def test_months_until_expire_sets_the_expiry(api: ApiClient, cred: Credential) -> None:
    """`months_until_expire` puts `expiration_date` (YYMM) that many months after the issue.

    openapi.yaml CreateCardRequest `months_until_expire`: "Months until the card expires".
    Cards issued for 12 and for 120 months expire 108 months apart, and 12 months (give or
    take one, for month ends) after the issue: the card's `sys_utcinserted` in the sandbox,
    whose clock may have moved, and today elsewhere.
    """
    expiries = {}
    for months in (12, 120):
        body = card_body(cred.program_guid, months_until_expire=months)
        created = expect(api.post("/api/v1/cards", json=body, headers=idem()), 201)
        expiries[months] = created["card"]
    apart = _months(expiries[120]["expiration_date"]) - _months(expiries[12]["expiration_date"])
    assert apart == 108, (
        f"cards issued for 12 and 120 months expire {apart} months apart (108 expected): "
        "months_until_expire is not applied"
    )
    issued = datetime.datetime.now(datetime.UTC).date()
    if is_sandbox():
        issued = datetime.date.fromisoformat(str(expiries[12]["sys_utcinserted"])[:10])
    ahead = _months(expiries[12]["expiration_date"]) - (
        (issued.year - 2000) * 12 + issued.month - 1
    )
    assert 11 <= ahead <= 13, f"a card issued for 12 months expires {ahead} months after its issue"


def test_list_by_wallet_gives_only_the_wallets_cards(api: ApiClient, cred: Credential) -> None:
    """ListCards' `wallet_guid` filter lists only that wallet's cards.

    openapi.yaml ListCards, parameter `wallet_guid`: "Only cards in this wallet"; "Filters
    combine with AND". Two new people's cards (each in a new wallet): the first one's wallet
    lists its card alone, and with the second person's guid nothing.
    """
    first = created_card(api, cred.program_guid)["card"]
    second = created_card(api, cred.program_guid)
    wallet = first.get("wallet_guid")
    other = person_guid_of(second)
    if not wallet or other is None:
        pytest.skip("CreateCard answered no wallet_guid or person_guid to filter by")
    page = expect(api.get("/api/v1/cards", params={"wallet_guid": wallet, "limit": 1000}), 200)
    listed = [str(card["card_proxy"]) for card in page["data"]]
    assert listed == [first["card_proxy"]], (
        f"wallet_guid of a new wallet with one card lists {len(listed)} card(s) "
        f"(count {page['count']}), not that card alone"
    )
    both = {"wallet_guid": wallet, "person_guid": other, "limit": 1000}
    page = expect(api.get("/api/v1/cards", params=both), 200)
    assert page["data"] == [], (
        f"wallet_guid with another person's guid lists {len(page['data'])} card(s) (none expected)"
    )
