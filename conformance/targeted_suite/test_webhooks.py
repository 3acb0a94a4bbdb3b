"""Webhooks, which schemathesis does not exercise: signed deliveries of contract-shaped events.

A local receiver subscribes, so these run against the sandbox (a remote deployment cannot reach
127.0.0.1). Signatures are checked with the client's own `qolo.webhooks.verify`, and payloads
against the contract's event schemas and the secrets policy, independently of each other; what
the status events say changed (`previous_status`), and that a subscription gets only the event
types it asked for (two subscriptions at one receiver, told apart by their URL's path). The
reference's ping rule (a subscription that was never active is activated by Qolo, not by an
update) is checked with the sandbox's stand-in for Qolo, its activation control.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from urllib.parse import urlsplit

import pytest

import qolo
from conformance.contract import find_secrets, schema_errors, secrets_policy
from conformance.receiver import Delivery, Receiver
from conformance.targeted_suite._support import (
    ApiClient,
    Credential,
    Subscriptions,
    card_body,
    created_card,
    expect,
    idem,
)
from qolo_sandbox.testing import Controls

pytestmark = pytest.mark.sandbox_only("loopback reach to the suite's webhook receiver")

EVENT_SCHEMAS = {
    "ping": "WebhookEvent",
    "card.created": "CardCreatedEvent",
    "card.activated": "CardActivatedEvent",
    "card.status": "CardStatusEvent",
    "card.pin.changed": "CardPinChangedEvent",
    "card.replaced": "CardReplacedEvent",
    "card.fulfilment": "CardFulfilmentEvent",
}
# Nothing listens on the discard port of loopback: a ping there fails at once.
UNREACHABLE = "http://127.0.0.1:9/conformance-unreachable"
# The sandbox clock may have been moved by other tests; signatures, not age, are under test.
TOLERANCE = timedelta(days=3650)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with Receiver() as rx:
        yield rx


def _subscribe(
    api: ApiClient,
    cred: Credential,
    subscriptions: Subscriptions,
    url: str,
    secret: str,
    event_types: tuple[str, ...] = ("all",),
) -> str:
    body = subscriptions.create(
        api,
        {
            "program_guid": cred.program_guid,
            "url": url,
            "secret": secret,
            "event_type": list(event_types),
        },
    )
    assert body["active"] is True, "the receiver answered the ping, so the subscription is active"
    assert "secret" not in body
    return str(body["notification_guid"])


# The status changes `_card_changes` makes, as their events report them:
# (event_type, data.previous_status, data.card.card_status).
STATUS_MOVES = [("card.activated", "PENDING", "ACTIVE"), ("card.status", "ACTIVE", "SUSPEND")]
# How long a delivery the receiver must not get may trail the one it was made with.
STRAY_WAIT = 0.5


def _card_changes(api: ApiClient, cred: Credential) -> tuple[str, set[str]]:
    """Create, order the plastic of, activate, suspend, set a PIN and replace a card.

    Returns the card's proxy and the event types expected. The card is created without
    `fulfillment_data`, so the sandbox issues it VIRTUAL and `issuance_type` makes it FULL.
    """
    created = expect(
        api.post("/api/v1/cards", json=card_body(cred.program_guid), headers=idem()), 201
    )
    proxy = created["card"]["card_proxy"]
    issued = created["card"]["issuance_type"]
    assert issued == "VIRTUAL", f"without fulfillment_data the card is {issued}, not VIRTUAL"
    plastic = api.post(f"/api/v1/cards/{proxy}/issuance_type", json={"issuance_type": "FULL"})
    expect(plastic, 200)
    for status in ("ACTIVE", "SUSPEND"):
        expect(api.post(f"/api/v1/cards/{proxy}/status", json={"status": status}), 200)
    expect(api.post(f"/api/v1/cards/{proxy}/pin", json={"pin": "4821"}), 200)
    replaced = api.post(
        f"/api/v1/cards/{proxy}/replace", json={"operation": "REPLACE"}, headers=idem()
    )
    expect(replaced, 200)
    return proxy, {
        "card.created",
        "card.activated",
        "card.status",
        "card.pin.changed",
        "card.replaced",
        "card.fulfilment",
    }


def _events(deliveries: list[Delivery]) -> list[dict[str, object]]:
    return [json.loads(d.body) for d in deliveries if d.answered == 200]


def _check_delivery(delivery: Delivery, secret: str) -> dict[str, object]:
    """Signature (independently and via `qolo.webhooks.verify`) and contract schema."""
    signature = delivery.headers.get("x-qolo-signature")
    assert signature is not None, "delivery without x-qolo-signature"
    expected = hmac.new(secret.encode(), delivery.body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(signature, expected), "x-qolo-signature does not match the body"
    qolo.webhooks.verify(delivery.body, delivery.headers, secret, tolerance=TOLERANCE)
    event = json.loads(delivery.body)
    schema = EVENT_SCHEMAS.get(str(event.get("event_type")), "WebhookEvent")
    errors = schema_errors(schema, event)
    assert not errors, f"{event.get('event_type')} does not match {schema}: {errors}"
    leaks = find_secrets(
        event,
        {"pin": "4821"},
        policy=secrets_policy(),
        schema={"$ref": f"#/components/schemas/{schema}"},
    )
    assert not leaks, f"{event.get('event_type')} leaks a secret: {leaks}"
    return dict(event)


def test_card_changes_arrive_signed_and_shaped(
    api: ApiClient, cred: Credential, receiver: Receiver, subscriptions: Subscriptions
) -> None:
    """Every card change reaches the subscriber once, signed, matching its event schema.

    And each status event says what changed: `card.activated` and `card.status` carry the
    status before the change as `previous_status` (openapi.yaml
    `CardStatusEventData.previous_status`, "the status before the change") beside the card
    after it, PENDING then ACTIVE for the activation, ACTIVE then SUSPEND for the suspension.
    """
    secret = "whsec_conformance_" + uuid.uuid4().hex
    _subscribe(api, cred, subscriptions, receiver.url, secret)
    proxy, expected = _card_changes(api, cred)

    def arrived(deliveries: list[Delivery]) -> bool:
        return expected <= {str(e["event_type"]) for e in _events(deliveries)}

    deliveries = receiver.wait_for(arrived)
    seen = {str(e["event_type"]) for e in _events(deliveries)}
    assert expected <= seen, f"missing events: {expected - seen}"
    assert "ping" in seen, "the subscription was not pinged"
    for delivery in deliveries:
        event = _check_delivery(delivery, secret)
        assert event["program_guid"] == cred.program_guid
    ids = Counter(str(e["event_id"]) for e in _events(deliveries))
    assert all(n == 1 for n in ids.values()), f"an event was delivered twice: {ids}"
    fulfilment = [e for e in _events(deliveries) if e["event_type"] == "card.fulfilment"]
    assert len(fulfilment) == 1, f"one card.fulfilment expected, {len(fulfilment)} arrived"
    data = fulfilment[0]["data"]
    assert isinstance(data, dict), "card.fulfilment without a data object"
    card = data["card"]
    assert card["card_proxy"] == proxy, "card.fulfilment names another card"
    issued = card["issuance_type"]
    assert issued == "FULL", f"card.fulfilment's card is {issued}, not FULL"
    moves = sorted(_status_moves(_events(deliveries), proxy))
    assert moves == STATUS_MOVES, (
        "status events as (event_type, previous_status, card_status): "
        f"{STATUS_MOVES} expected, got {moves}"
    )


def _status_moves(events: list[dict[str, object]], proxy: str) -> list[tuple[str, str, str]]:
    """The card's `card.activated` and `card.status` events, as in `STATUS_MOVES`."""
    moves = []
    for event in events:
        data = event["data"]
        if event["event_type"] not in ("card.activated", "card.status"):
            continue
        assert isinstance(data, dict), f"{event['event_type']} without a data object"
        if data["card"]["card_proxy"] == proxy:
            moves.append(
                (
                    str(event["event_type"]),
                    str(data["previous_status"]),
                    data["card"]["card_status"],
                )
            )
    return moves


def test_subscription_gets_only_its_event_types(
    api: ApiClient, cred: Credential, receiver: Receiver, subscriptions: Subscriptions
) -> None:
    """A subscription to `card.created` alone gets no other event of the card.

    openapi.yaml `CreateNotification` ("subscribes `url` to `event_type` events") and
    `WebhookEventType` (only `all` means every event). Two subscriptions at one receiver, told
    apart by their URL's path: one to `card.created`, a witness to `all`. A card is created
    and activated; once the witness has the activation and the other its `card.created`, a
    stray `card.activated` (made with the witness's, at the event) would trail it by far less
    than `STRAY_WAIT`.
    """
    secret = "whsec_conformance_" + uuid.uuid4().hex
    only, witness = f"{receiver.url}/card-created", f"{receiver.url}/all"
    _subscribe(api, cred, subscriptions, only, secret, ("card.created",))
    _subscribe(api, cred, subscriptions, witness, secret)
    proxy = created_card(api, cred.program_guid)["card"]["card_proxy"]
    expect(api.post(f"/api/v1/cards/{proxy}/status", json={"status": "ACTIVE"}), 200)

    def types_at(url: str, deliveries: list[Delivery]) -> list[str]:
        path = urlsplit(url).path
        at = [d for d in deliveries if urlsplit(d.path).path == path]
        return [str(e["event_type"]) for e in _events(at)]

    def both_arrived(deliveries: list[Delivery]) -> bool:
        return "card.activated" in types_at(witness, deliveries) and (
            "card.created" in types_at(only, deliveries)
        )

    arrived = receiver.wait_for(both_arrived)
    assert "card.activated" in types_at(witness, arrived), (
        "the subscription to all never got card.activated"
    )
    assert "card.created" in types_at(only, arrived), (
        "the subscription to card.created never got it"
    )

    def stray(deliveries: list[Delivery]) -> set[str]:
        return set(types_at(only, deliveries)) - {"ping", "card.created"}

    extra = sorted(stray(receiver.wait_for(lambda now: bool(stray(now)), timeout=STRAY_WAIT)))
    assert not extra, f"the subscription to ['card.created'] also got {extra}"


def test_failing_receiver_still_gets_each_event_once(
    api: ApiClient, cred: Credential, subscriptions: Subscriptions
) -> None:
    """A receiver failing the first two attempts gets every event, acknowledged once per id."""
    secret = "whsec_conformance_" + uuid.uuid4().hex
    with Receiver(fail_first=2) as flaky:
        _subscribe(api, cred, subscriptions, flaky.url, secret)
        _, expected = _card_changes(api, cred)

        def all_acknowledged(deliveries: list[Delivery]) -> bool:
            return expected <= {str(e["event_type"]) for e in _events(deliveries)}

        deliveries = flaky.wait_for(all_acknowledged, timeout=30)
        time.sleep(1.0)  # a duplicate after the acknowledgement would arrive within this
        deliveries = list(flaky.deliveries)
    card_events = [d for d in deliveries if json.loads(d.body)["event_type"] != "ping"]
    acknowledged = Counter(
        str(json.loads(d.body)["event_id"]) for d in card_events if d.answered == 200
    )
    attempts = Counter(str(json.loads(d.body)["event_id"]) for d in card_events)
    seen = {str(json.loads(d.body)["event_type"]) for d in card_events if d.answered == 200}
    assert expected <= seen, f"never delivered: {expected - seen}"
    assert all(n == 1 for n in acknowledged.values()), f"acknowledged twice: {acknowledged}"
    assert all(attempts[i] == 3 for i in acknowledged), f"attempts per event: {attempts}"
    for delivery in card_events:
        _check_delivery(delivery, secret)


def _subscription(api: ApiClient, guid: str) -> dict[str, object]:
    return dict(expect(api.get(f"/api/v1/notifications/{guid}"), 200))


@pytest.mark.sandbox_only("notification activation control (its stand-in for Qolo)")
def test_never_active_subscription_waits_for_qolo(
    api: ApiClient,
    cred: Credential,
    receiver: Receiver,
    controls: Controls,
    subscriptions: Subscriptions,
) -> None:
    """The ping rule: a first ping that failed leaves the subscription inactive for good.

    An update to a receiver that answers, even with `active: true`, does not activate it; Qolo
    does (the sandbox's control). From then on an update pings again and sets `active`.
    """
    secret = "whsec_conformance_" + uuid.uuid4().hex
    created = subscriptions.create(
        api,
        {
            "program_guid": cred.program_guid,
            "url": UNREACHABLE,
            "secret": secret,
            "event_type": ["all"],
        },
    )
    assert created["active"] is False, "the first ping failed, so it is inactive"
    guid = str(created["notification_guid"])
    update = {
        "notification_guid": guid,
        "program_guid": cred.program_guid,
        "url": receiver.url,
        "event_type": ["all"],
    }
    for body in (update, {**update, "active": True}):
        updated = expect(api.put(f"/api/v1/notifications/{guid}", json=body), 200)
        assert updated["active"] is False, (
            f"an update with active={body.get('active')} activated it"
        )
        assert _subscription(api, guid)["active"] is False

    activated = controls.activate_notification(guid)
    assert activated["active"] is True, "the activation control left it inactive"
    assert _subscription(api, guid)["active"] is True
    _, expected = _card_changes(api, cred)
    deliveries = receiver.wait_for(
        lambda seen: expected <= {str(e["event_type"]) for e in _events(seen)}
    )
    assert expected <= {str(e["event_type"]) for e in _events(deliveries)}
    for delivery in deliveries:
        _check_delivery(delivery, secret)

    # Once active, an update pings again: the receiver answers, so it stays active...
    pings = [e["event_type"] for e in _events(deliveries)].count("ping")
    again = expect(api.put(f"/api/v1/notifications/{guid}", json=update), 200)
    assert again["active"] is True, "an update to an answering receiver made it inactive"
    seen = receiver.wait_for(
        lambda now: [e["event_type"] for e in _events(now)].count("ping") > pings
    )
    types = [e["event_type"] for e in _events(seen)]
    assert types.count("ping") > pings, f"no ping after the update; the receiver got {types}"
    # ... and a failing ping makes it inactive again.
    moved = expect(
        api.put(f"/api/v1/notifications/{guid}", json={**update, "url": UNREACHABLE}), 200
    )
    assert moved["active"] is False, "an update to a failing receiver left it active"
