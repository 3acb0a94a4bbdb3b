"""IdempotencyKey: replay, reuse, in-flight, retention, scope, and one resource under load."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import httpx

from qolo_sandbox.testing import PROGRAM_A, PROGRAM_B, Sandbox

from ._support import NEW_PERSON, ContractClient, Receiver


def test_same_key_same_body_replays(api: ContractClient) -> None:
    """A retry replays the first response exactly and creates nothing."""
    key = str(uuid.uuid4())
    first = api.create_card(key)
    second = api.create_card(key)
    assert first.status_code == second.status_code == 201
    assert second.content == first.content
    assert second.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    assert api.get("/api/v1/cards").json()["count"] == 1


def test_same_key_other_body_is_422(api: ContractClient) -> None:
    """Reusing a key with a different body is refused and creates nothing."""
    key = str(uuid.uuid4())
    assert api.create_card(key).status_code == 201
    reused = api.create_card(key, months_until_expire=12)
    assert reused.status_code == 422
    assert reused.json()["code"] == "idempotency_key_reused"
    assert api.get("/api/v1/cards").json()["count"] == 1


def test_without_key_each_request_creates(api: ContractClient) -> None:
    """Without a key there is no protection: two requests, two cards."""
    assert api.create_card().status_code == 201
    assert api.create_card().status_code == 201
    assert api.get("/api/v1/cards").json()["count"] == 2


def test_rejected_request_does_not_burn_the_key(api: ContractClient) -> None:
    """A request refused by validation leaves the key free for the corrected request."""
    key = str(uuid.uuid4())
    assert api.create_card(key, months_until_expire=-1).status_code == 400
    assert api.create_card(key).status_code == 201


def test_parallel_creates_with_one_key_make_one_card(sbx: Sandbox, api: ContractClient) -> None:
    """Twenty concurrent creates with one key: one card, the rest replays or 409.

    The latency is injected after the idempotency claim, while the first request "works":
    the duplicates arrive during that time, so they must meet the claim itself. An
    implementation that checked the key first and recorded it only with the response would
    create a card per request here.
    """
    key = str(uuid.uuid4())
    sbx.controls.inject_fault(kind="latency", latency_ms=300, count=20, phase="handler")
    barrier = threading.Barrier(20)

    def create(_: int) -> httpx.Response:
        barrier.wait()
        response: httpx.Response = api.create_card(key)
        return response

    with ThreadPoolExecutor(20) as pool:
        answers = list(pool.map(create, range(20)))
    statuses = sorted(r.status_code for r in answers)
    assert set(statuses) <= {201, 409}, statuses
    created = [r for r in answers if r.status_code == 201]
    assert len({r.json()["card"]["card_proxy"] for r in created}) == 1
    assert sum("idempotent-replayed" not in r.headers for r in created) == 1
    assert 409 in statuses  # the requests really overlapped the first one's work
    assert api.get("/api/v1/cards").json()["count"] == 1


def test_duplicate_in_flight_is_409(api: ContractClient, receiver: Receiver) -> None:
    """While the first request is still running (a slow ping), a duplicate gets 409."""
    receiver.delay = 1.0
    key = str(uuid.uuid4())
    body = {
        "program_guid": PROGRAM_A,
        "url": receiver.url,
        "secret": "x" * 16,
        "event_type": ["all"],
    }
    result: list[httpx.Response] = []
    first = threading.Thread(
        target=lambda: result.append(
            api.post("/api/v1/notifications", json=body, headers={"IdempotencyKey": key})
        )
    )
    first.start()
    receiver.wait_for(lambda: bool(receiver.received), timeout=5)
    duplicate = api.post("/api/v1/notifications", json=body, headers={"IdempotencyKey": key})
    first.join()
    assert duplicate.status_code == 409
    assert duplicate.json()["code"] == "idempotency_request_in_flight"
    assert int(duplicate.headers["retry-after"]) >= 1
    assert result[0].status_code == 201
    replay = api.post("/api/v1/notifications", json=body, headers={"IdempotencyKey": key})
    assert replay.content == result[0].content
    assert api.get("/api/v1/notifications").json()["count"] == 1


def _relogin(sbx: Sandbox, api: ContractClient) -> None:
    cred = sbx.credential
    body = {"loginid": cred.loginid, "apikey": cred.apikey}
    token = api.post("/api/v1/auth/login", json=body).json()["access_token"]
    api.headers["Authorization"] = f"Bearer {token}"


def test_keys_expire_after_24_hours(sbx: Sandbox, api: ContractClient) -> None:
    """Within 24 h a key replays; after 24 h by the sandbox clock it creates again."""
    key = str(uuid.uuid4())
    first = api.create_card(key).json()
    sbx.controls.advance_clock(11 * 3600)
    assert api.create_card(key).json() == first
    sbx.controls.advance_clock(12 * 3600 + 3000)  # 23 h 50 min: the token has expired
    _relogin(sbx, api)
    assert api.create_card(key).json() == first
    sbx.controls.advance_clock(601)
    _relogin(sbx, api)
    again = api.create_card(key)
    assert again.status_code == 201
    assert "idempotent-replayed" not in again.headers
    assert again.json()["card"]["card_proxy"] != first["card"]["card_proxy"]
    assert api.get("/api/v1/cards").json()["count"] == 2


def test_keys_are_scoped_to_the_credential(
    sbx: Sandbox, api: ContractClient, make_client: Callable[..., ContractClient]
) -> None:
    """The same key from another credential is a different key."""
    other = make_client(next(c for c in sbx.credentials if c.program_guid == PROGRAM_B))
    key = str(uuid.uuid4())
    assert api.create_card(key).status_code == 201
    theirs = other.post(
        "/api/v1/cards",
        json={"program_guid": PROGRAM_B, "person": NEW_PERSON},
        headers={"IdempotencyKey": key},
    )
    assert theirs.status_code == 201
    assert "idempotent-replayed" not in theirs.headers


def test_replace_is_idempotent(api: ContractClient) -> None:
    """ReplaceCard declares IdempotencyKey: a retry returns the same new card."""
    proxy = api.create_card().json()["card"]["card_proxy"]
    key = str(uuid.uuid4())
    url = f"/api/v1/cards/{proxy}/replace"
    first = api.post(url, json={"operation": "RENEW"}, headers={"IdempotencyKey": key})
    second = api.post(url, json={"operation": "RENEW"}, headers={"IdempotencyKey": key})
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert api.get("/api/v1/cards").json()["count"] == 2


def test_a_key_belongs_to_one_request_path(api: ContractClient) -> None:
    """The same key and body sent to another card's ReplaceCard is another request: 422, and
    that card is not replaced (a key names one request, not one body)."""
    first, second = (api.create_card().json()["card"]["card_proxy"] for _ in range(2))
    key = str(uuid.uuid4())
    body = {"operation": "REPLACE"}
    headers = {"IdempotencyKey": key}
    assert api.post(f"/api/v1/cards/{first}/replace", json=body, headers=headers).status_code == 200
    other = api.post(f"/api/v1/cards/{second}/replace", json=body, headers=headers)
    assert other.status_code == 422
    assert other.json()["code"] == "idempotency_key_reused"
    assert api.get("/api/v1/cards").json()["count"] == 3


def test_key_order_and_spacing_of_the_body_do_not_matter(api: ContractClient) -> None:
    """The body is compared as JSON: the same members in another order, spaced otherwise, are
    the same body and replay."""
    key = str(uuid.uuid4())
    headers = {"IdempotencyKey": key, "Content-Type": "application/json"}
    person = '{"first_name": "Ada", "last_name": "Lovelace"}'
    one = f'{{"program_guid": "{PROGRAM_A}", "person": {person}, "months_until_expire": 12}}'
    other = f'{{ "months_until_expire":12,"person":{person},"program_guid":"{PROGRAM_A}" }}'
    first = api.post("/api/v1/cards", content=one.encode(), headers=headers)
    assert first.status_code == 201
    again = api.post("/api/v1/cards", content=other.encode(), headers=headers)
    assert again.status_code == 201
    assert again.headers["idempotent-replayed"] == "true"
    assert again.content == first.content
    assert api.get("/api/v1/cards").json()["count"] == 1


def _subscription(url: str, program: str = PROGRAM_A) -> dict[str, object]:
    return {"program_guid": program, "url": url, "secret": "x" * 16, "event_type": ["all"]}


def test_a_refused_subscription_does_not_keep_its_key(
    api: ContractClient, receiver: Receiver
) -> None:
    """A CreateNotification refused after its key was claimed (another program: 404) leaves the
    key free: the same request runs again (another 404, never a 409 for a kept claim)."""
    headers = {"IdempotencyKey": str(uuid.uuid4())}
    body = _subscription(receiver.url, PROGRAM_B)
    for _ in range(2):
        refused = api.post("/api/v1/notifications", json=body, headers=headers)
        assert refused.status_code == 404
        assert refused.json()["code"] == "program_not_found"
    assert api.get("/api/v1/notifications").json()["count"] == 0


def test_a_subscription_key_expires_after_24_hours(
    sbx: Sandbox, api: ContractClient, receiver: Receiver
) -> None:
    """CreateNotification's key replays within 24 h and creates again after (sandbox clock)."""
    headers = {"IdempotencyKey": str(uuid.uuid4())}
    body = _subscription(receiver.url)
    first = api.post("/api/v1/notifications", json=body, headers=headers)
    assert first.status_code == 201
    replay = api.post("/api/v1/notifications", json=body, headers=headers)
    assert replay.headers["idempotent-replayed"] == "true"
    sbx.controls.advance_clock(24 * 3600 + 60)
    _relogin(sbx, api)
    again = api.post("/api/v1/notifications", json=body, headers=headers)
    assert again.status_code == 201
    assert "idempotent-replayed" not in again.headers
    assert again.json()["notification_guid"] != first.json()["notification_guid"]
    assert api.get("/api/v1/notifications").json()["count"] == 2


def test_a_key_is_kept_24_hours_not_a_second_more(sbx: Sandbox, api: ContractClient) -> None:
    """24 hours after the first create (sandbox clock) the key is free: the same request
    creates a second card. (Any real time the test takes only adds to the key's age.)"""
    key = str(uuid.uuid4())
    first = api.create_card(key).json()
    sbx.controls.advance_clock(24 * 3600)
    _relogin(sbx, api)
    again = api.create_card(key)
    assert again.status_code == 201
    assert "idempotent-replayed" not in again.headers
    assert again.json()["card"]["card_proxy"] != first["card"]["card_proxy"]
