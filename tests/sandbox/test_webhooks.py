"""Webhook subscriptions, signed deliveries, event envelopes and retries."""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from qolo_sandbox._contract import load_contract
from qolo_sandbox.testing import PROGRAM_A, Sandbox

from ._support import ContractClient, Receiver

SECRET = "whsec_0123456789abcdef"
EVENT_SCHEMAS = {
    "card.created": "CardCreatedEvent",
    "card.activated": "CardActivatedEvent",
    "card.status": "CardStatusEvent",
    "card.pin.changed": "CardPinChangedEvent",
    "card.replaced": "CardReplacedEvent",
}
CONTRACT = load_contract()


def subscribe(api: ContractClient, url: str, events: list[str], **extra: Any) -> dict[str, Any]:
    body = {"program_guid": PROGRAM_A, "url": url, "secret": SECRET, "event_type": events, **extra}
    response = api.post("/api/v1/notifications", json=body)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def test_subscription_crud_and_ping(api: ContractClient, receiver: Receiver) -> None:
    """Create pings the URL (active), list/get/update/delete work, the secret never returns."""
    sub = subscribe(api, receiver.url, ["card.created"], headers="X-Partner: abc")
    assert sub["active"] is True
    ping = json.loads(receiver.received[0].body)
    assert ping["event_type"] == "ping"
    assert SECRET not in json.dumps(sub)
    guid = sub["notification_guid"]
    assert api.get(f"/api/v1/notifications/{guid}").json() == sub
    listed = api.get("/api/v1/notifications").json()
    assert listed["count"] == 1
    assert listed["data"][0]["notification_guid"] == guid
    updated = api.put(
        f"/api/v1/notifications/{guid}",
        json={"program_guid": PROGRAM_A, "url": receiver.url + "/v2", "event_type": ["all"]},
    )
    assert updated.status_code == 200
    assert updated.json()["event_type"] == ["all"]
    assert len(receiver.received) == 2  # pinged again
    assert api.delete(f"/api/v1/notifications/{guid}").status_code == 204
    assert api.get(f"/api/v1/notifications/{guid}").status_code == 404
    assert api.get("/api/v1/notifications").json()["count"] == 0


def test_failed_ping_saves_inactive(api: ContractClient, receiver: Receiver) -> None:
    """A non-2xx ping saves the subscription inactive; it then gets no events."""
    receiver.statuses = [500]
    sub = subscribe(api, receiver.url, ["all"])
    assert sub["active"] is False
    api.create_card()
    unreachable = subscribe(api, "http://127.0.0.1:9/nothing", ["all"])
    assert unreachable["active"] is False
    assert receiver.events() == []


def test_events_are_signed_and_match_the_contract(
    sbx: Sandbox, api: ContractClient, receiver: Receiver
) -> None:
    """Each card change is delivered once, signed with HMAC-SHA256, in the contract's envelope."""
    subscribe(api, receiver.url, ["all"], headers="X-Partner: abc\nbad line")
    proxy = api.create_card().json()["card"]["card_proxy"]
    api.post(f"/api/v1/cards/{proxy}/status", json={"status": "ACTIVE"})
    api.post(f"/api/v1/cards/{proxy}/status", json={"status": "ACTIVE"})  # no-op: no event
    api.post(f"/api/v1/cards/{proxy}/status", json={"status": "SUSPEND"})
    api.post(f"/api/v1/cards/{proxy}/pin", json={"pin": "4821"})
    api.post(f"/api/v1/cards/{proxy}/replace", json={"operation": "REPLACE", "status": "LOST"})
    expected = [
        "card.created",
        "card.activated",
        "card.status",
        "card.pin.changed",
        "card.replaced",
    ]
    receiver.wait_for(lambda: len(receiver.events()) >= len(expected))
    events = receiver.events()
    assert sorted(json.loads(e.body)["event_type"] for e in events) == sorted(expected)
    for event in events:
        digest = hmac.new(SECRET.encode(), event.body, hashlib.sha256).hexdigest()
        assert event.headers["x-qolo-signature"] == digest
        assert event.headers["x-partner"] == "abc"
        payload = json.loads(event.body)
        validator = CONTRACT.schema_validator(EVENT_SCHEMAS[payload["event_type"]])
        assert not [e.message for e in validator.iter_errors(payload)]
        assert payload["program_guid"] == PROGRAM_A
        assert "4821" not in event.body.decode()
    assert len({json.loads(e.body)["event_id"] for e in events}) == len(events)
    status_event = next(json.loads(e.body) for e in events if b'"card.status"' in e.body)
    assert status_event["data"]["previous_status"] == "ACTIVE"


def test_subscriptions_filter_by_type_and_program(
    sbx: Sandbox, api: ContractClient, receiver: Receiver
) -> None:
    """A subscription gets only its event types; deleted ones get nothing more."""
    subscribe(api, receiver.url, ["card.activated"])
    proxy = api.create_card().json()["card"]["card_proxy"]
    api.post(f"/api/v1/cards/{proxy}/status", json={"status": "ACTIVE"})
    receiver.wait_for(lambda: len(receiver.events()) >= 1)
    assert [json.loads(e.body)["event_type"] for e in receiver.events()] == ["card.activated"]
    assert len(sbx.controls.deliveries()) == 1


def test_failures_are_retried_with_the_same_event_id(
    sbx: Sandbox, api: ContractClient, receiver: Receiver
) -> None:
    """Non-2xx answers are retried (backoff from --webhook-retry-base) until one succeeds."""
    subscribe(api, receiver.url, ["card.created"])
    receiver.statuses = [500, 503]
    api.create_card()
    receiver.wait_for(lambda: len(receiver.events()) >= 3)
    ids = {json.loads(e.body)["event_id"] for e in receiver.events()}
    assert len(ids) == 1
    receiver.wait_for(lambda: sbx.controls.deliveries()[0]["state"] == "delivered")
    delivery = sbx.controls.deliveries()[0]
    assert [a["status_code"] for a in delivery["attempts"]] == [500, 503, 200]
    assert delivery["event"]["event_id"] in ids


def test_gives_up_after_six_retries(sbx: Sandbox, api: ContractClient, receiver: Receiver) -> None:
    """Seven attempts in all, then the delivery is marked failed."""
    subscribe(api, receiver.url, ["card.created"])
    receiver.statuses = [500] * 20
    api.create_card()
    for _ in range(12):  # move the sandbox clock past each backoff instead of sleeping
        sbx.controls.advance_clock(30)
        try:
            receiver.wait_for(lambda: sbx.controls.deliveries()[0]["state"] == "failed", 0.5)
            break
        except AssertionError:
            continue
    delivery = sbx.controls.deliveries()[0]
    assert delivery["state"] == "failed"
    assert len(delivery["attempts"]) == 7
    assert len(receiver.events()) == 7
