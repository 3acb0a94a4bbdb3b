"""Webhooks, which schemathesis does not exercise: signed deliveries of contract-shaped events.

A local receiver subscribes, so these run against the sandbox (a remote deployment cannot reach
127.0.0.1). Signatures are checked with the client's own `qolo.webhooks.verify`, and payloads
against the contract's event schemas and the secrets policy, independently of each other; what
the status events say changed (`previous_status`), and that a subscription gets only the event
types it asked for, the class `card` every card event, a deleted or switched-off one nothing
(several subscriptions at one receiver, told apart by their URL's path; a witness to `all` bounds
the wait for what must not come); that a rotated secret signs what follows, and that each event
has an id and a time of its own. The reference's ping rule (a subscription that was never
active is activated by Qolo, not by an update) is checked with the sandbox's stand-in for Qolo,
its activation control.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
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
# How far `test_event_created_at_is_when_it_happened` moves the sandbox's clock (less than a
# token's lifetime), and how much earlier than the move its event may say it happened.
CLOCK_MOVE = timedelta(hours=2)
CLOCK_SLACK = 60.0


def _card_changes(api: ApiClient, cred: Credential) -> tuple[str, set[str]]:
    """Create, order the plastic of, activate, suspend, set a PIN and replace a card.

    Returns the card's proxy and the event types expected. The card is created without
    `fulfillment_data`, so the sandbox issues it VIRTUAL and `issuance_type` makes it FULL; asked
    for FULL again, `issuance_type` is a no-op (openapi.yaml `issuance_type`: "a successful
    no-op (safe to retry)"), which orders no second plastic, so one `card.fulfilment` is expected.
    """
    created = expect(
        api.post("/api/v1/cards", json=card_body(cred.program_guid), headers=idem()), 201
    )
    proxy = created["card"]["card_proxy"]
    issued = created["card"]["issuance_type"]
    assert issued == "VIRTUAL", f"without fulfillment_data the card is {issued}, not VIRTUAL"
    for _ in range(2):  # the second call is the retry of the first: a no-op
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
    assert len(fulfilment) == 1, (
        f"one card.fulfilment expected, {len(fulfilment)} arrived: issuance_type FULL asked of"
        " a FULL card, a no-op, ordered the plastic again"
    )
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


def _events_at(url: str, deliveries: list[Delivery]) -> list[dict[str, object]]:
    """The acknowledged events delivered to `url`'s path (one receiver, several subscriptions)."""
    path = urlsplit(url).path
    return _events([d for d in deliveries if urlsplit(d.path).path == path])


def _types(events: list[dict[str, object]]) -> list[str]:
    return [str(e["event_type"]) for e in events]


def _witnessed(
    receiver: Receiver, witness: str, proxy: str, event_type: str = "card.created"
) -> list[Delivery]:
    """Wait until the subscription at `witness` has the card's `event_type`, then `STRAY_WAIT`.

    The other subscriptions at the receiver were sent the event with the witness's (or not at
    all): what they get after that wait they would never have been sent.
    """

    def seen(deliveries: list[Delivery]) -> bool:
        return any(
            e["event_type"] == event_type and _proxy_of(e) == proxy
            for e in _events_at(witness, deliveries)
        )

    arrived = receiver.wait_for(seen)
    assert seen(arrived), f"the subscription to all never got the card's {event_type}"
    time.sleep(STRAY_WAIT)
    return list(receiver.deliveries)


def _proxy_of(event: dict[str, object]) -> object:
    data = event.get("data")
    card = data.get("card") if isinstance(data, dict) else None
    return card.get("card_proxy") if isinstance(card, dict) else None


def test_deleted_subscription_gets_no_more_events(
    api: ApiClient, cred: Credential, receiver: Receiver, subscriptions: Subscriptions
) -> None:
    """After DeleteNotificationById, a new card's event is not delivered to the subscription.

    openapi.yaml `DeleteNotificationById` ("Deletes the subscription; no further events are
    delivered to it"). Two subscriptions to `all` at one receiver: one is deleted, then a card
    is created; once the other (the witness) has its `card.created`, the deleted one has none.
    """
    secret = "whsec_conformance_" + uuid.uuid4().hex
    gone, witness = f"{receiver.url}/deleted", f"{receiver.url}/all"
    guid = _subscribe(api, cred, subscriptions, gone, secret)
    _subscribe(api, cred, subscriptions, witness, secret)
    expect(api.delete(f"/api/v1/notifications/{guid}"), 204)
    before = len(_events_at(gone, list(receiver.deliveries)))
    proxy = created_card(api, cred.program_guid)["card"]["card_proxy"]
    after = _types(_events_at(gone, _witnessed(receiver, witness, proxy))[before:])
    assert not after, f"the deleted subscription still got {after}"


def test_switched_off_subscription_gets_nothing(
    api: ApiClient, cred: Credential, receiver: Receiver, subscriptions: Subscriptions
) -> None:
    """An update with `active: false` stops every delivery, the update's own ping included.

    openapi.yaml `UpdateNotificationById` ("`active: false` turns the subscription off (no
    deliveries, no ping)"). Two subscriptions to `all` at one receiver: one is switched off
    (its answer and its GET say `active: false`), then a card is created; once the other (the
    witness) has its `card.created`, the one switched off has got nothing since the update.
    """
    secret = "whsec_conformance_" + uuid.uuid4().hex
    off, witness = f"{receiver.url}/off", f"{receiver.url}/all"
    guid = _subscribe(api, cred, subscriptions, off, secret)
    _subscribe(api, cred, subscriptions, witness, secret)
    before = len(_events_at(off, list(receiver.deliveries)))
    update = {"program_guid": cred.program_guid, "url": off, "event_type": ["all"]}
    updated = expect(
        api.put(f"/api/v1/notifications/{guid}", json={**update, "active": False}), 200
    )
    assert updated["active"] is False, "the update with active: false answered it active"
    assert _subscription(api, guid)["active"] is False, "GET after active: false says active"
    proxy = created_card(api, cred.program_guid)["card"]["card_proxy"]
    after = _types(_events_at(off, _witnessed(receiver, witness, proxy))[before:])
    assert not after, f"the subscription switched off (active: false) still got {after}"


def test_rotated_secret_signs_the_next_deliveries(
    api: ApiClient, cred: Credential, receiver: Receiver, subscriptions: Subscriptions
) -> None:
    """After an update gives a new `secret`, the next deliveries are signed with it.

    openapi.yaml `UpdateNotificationById` ("Replaces the subscription's `url`, `headers`,
    `event_type` and, when given, `secret`") and `NotificationUpdateRequest.secret`: a partner
    rotating its secret verifies what comes next with the new one, and rejects the old one's.
    """
    old, new = ("whsec_conformance_" + uuid.uuid4().hex for _ in range(2))
    guid = _subscribe(api, cred, subscriptions, receiver.url, old)
    update = {"program_guid": cred.program_guid, "url": receiver.url, "event_type": ["all"]}
    expect(api.put(f"/api/v1/notifications/{guid}", json={**update, "secret": new}), 200)
    proxy = created_card(api, cred.program_guid)["card"]["card_proxy"]

    def created(deliveries: list[Delivery]) -> list[Delivery]:
        return [
            d
            for d in deliveries
            if d.answered == 200
            and json.loads(d.body)["event_type"] == "card.created"
            and _proxy_of(json.loads(d.body)) == proxy
        ]

    arrived = created(receiver.wait_for(lambda now: bool(created(now))))
    assert arrived, "the subscription never got the new card's card.created"
    signature = arrived[0].headers.get("x-qolo-signature", "")
    signed_old = hmac.new(old.encode(), arrived[0].body, hashlib.sha256).hexdigest()
    assert not hmac.compare_digest(signature, signed_old), (
        "card.created after the secret was rotated is still signed with the old secret"
    )
    _check_delivery(arrived[0], new)


def _status_events(receiver: Receiver, proxy: str, count: int) -> list[dict[str, object]]:
    """The card's `card.status` events, once `count` of them have arrived."""

    def of_card(deliveries: list[Delivery]) -> list[dict[str, object]]:
        return [
            e
            for e in _events(deliveries)
            if e["event_type"] == "card.status" and _proxy_of(e) == proxy
        ]

    found = of_card(receiver.wait_for(lambda now: len(of_card(now)) >= count))
    assert len(found) >= count, f"{count} card.status events expected, {len(found)} arrived"
    return found


def test_each_event_has_its_own_id(
    api: ApiClient, cred: Credential, receiver: Receiver, subscriptions: Subscriptions
) -> None:
    """Two events of one card and one type carry different `event_id`s.

    openapi.yaml `WebhookEvent` ("`event_id` is unique per event (retries repeat it, so
    de-duplicate by it)"): a receiver that de-duplicates as told must not drop a card's second
    suspension. The card is activated, then suspended, reactivated and suspended again: three
    `card.status` events, three ids.
    """
    secret = "whsec_conformance_" + uuid.uuid4().hex
    _subscribe(api, cred, subscriptions, receiver.url, secret)
    proxy = created_card(api, cred.program_guid)["card"]["card_proxy"]
    for status in ("ACTIVE", "SUSPEND", "ACTIVE", "SUSPEND"):
        expect(api.post(f"/api/v1/cards/{proxy}/status", json={"status": status}), 200)
    events = _status_events(receiver, proxy, 3)
    ids = {str(e["event_id"]) for e in events}
    assert len(ids) == len(events), (
        f"{len(events)} card.status events of one card carry {len(ids)} distinct event_id(s)"
    )


def _instant(stamp: object) -> datetime:
    """An RFC 3339 time (a time without an offset is UTC, as the platform writes them)."""
    moment = datetime.fromisoformat(str(stamp))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@pytest.mark.sandbox_only("clock control")
def test_event_created_at_is_when_it_happened(
    api: ApiClient,
    cred: Credential,
    receiver: Receiver,
    controls: Controls,
    subscriptions: Subscriptions,
) -> None:
    """An event's `created_at` is the time of the change, not of the card's creation.

    openapi.yaml `WebhookEvent` ("`created_at` is when the event happened (reject events older
    than your tolerance)"). The card is created, the sandbox's clock moved two hours on (less
    than a token's lifetime), and the card activated: its `card.activated` is dated after the
    move, where a receiver's tolerance would reject an event dated at the card's creation.
    """
    secret = "whsec_conformance_" + uuid.uuid4().hex
    _subscribe(api, cred, subscriptions, receiver.url, secret)
    proxy = created_card(api, cred.program_guid)["card"]["card_proxy"]
    moved = _instant(controls.advance_clock(CLOCK_MOVE.total_seconds()))
    expect(api.post(f"/api/v1/cards/{proxy}/status", json={"status": "ACTIVE"}), 200)

    def activated(deliveries: list[Delivery]) -> list[dict[str, object]]:
        return [
            e
            for e in _events(deliveries)
            if e["event_type"] == "card.activated" and _proxy_of(e) == proxy
        ]

    found = activated(receiver.wait_for(lambda now: bool(activated(now))))
    assert found, "the subscription never got the card's card.activated"
    late = (moved - _instant(found[0]["created_at"])).total_seconds()
    assert late < CLOCK_SLACK, (
        f"card.activated, sent after the clock moved {CLOCK_MOVE}, says it happened {late:.0f} s"
        " before the move: created_at is not when the event happened"
    )


def test_card_class_subscription_gets_every_card_event(
    api: ApiClient, cred: Credential, receiver: Receiver, subscriptions: Subscriptions
) -> None:
    """A subscription to the event class `card` gets every `card.*` event.

    openapi.yaml `WebhookEventType` ("`card` every `card.*` event (PIN changes, fulfilment,
    status updates, replacements ...)"). Two subscriptions at one receiver: one to `card`, a
    witness to `all`. The card goes through every change; once the witness has them all, the
    subscription to `card` has them too (it was sent each event with the witness's).
    """
    secret = "whsec_conformance_" + uuid.uuid4().hex
    by_class, witness = f"{receiver.url}/card", f"{receiver.url}/all"
    _subscribe(api, cred, subscriptions, by_class, secret, ("card",))
    _subscribe(api, cred, subscriptions, witness, secret)
    _, expected = _card_changes(api, cred)
    receiver.wait_for(lambda now: expected <= set(_types(_events_at(witness, now))))

    def missing(deliveries: list[Delivery]) -> set[str]:
        return expected - set(_types(_events_at(by_class, deliveries)))

    gaps = sorted(missing(receiver.wait_for(lambda now: not missing(now), timeout=STRAY_WAIT)))
    assert not gaps, f"the subscription to ['card'] never got {gaps}"
