"""Webhook subscriptions, signed deliveries, event envelopes and retries."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import itertools
import json
import socket
import threading
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

import httpx

from qolo_sandbox._contract import load_contract
from qolo_sandbox._delivery import post_signed
from qolo_sandbox._receivers import Target
from qolo_sandbox.testing import PROGRAM_A, PROGRAM_B, Sandbox, start_sandbox

from ._support import ContractClient, Receiver, login

SECRET = "whsec_0123456789abcdef"
EVENT_SCHEMAS = {
    "card.created": "CardCreatedEvent",
    "card.activated": "CardActivatedEvent",
    "card.status": "CardStatusEvent",
    "card.pin.changed": "CardPinChangedEvent",
    "card.replaced": "CardReplacedEvent",
    "card.fulfilment": "CardFulfilmentEvent",
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


def test_subscriptions_page_oldest_first(api: ContractClient, receiver: Receiver) -> None:
    """ListNotifications pages the program's subscriptions in the order they were made."""
    made = [subscribe(api, receiver.url, ["all"])["notification_guid"] for _ in range(5)]
    seen: list[str] = []
    start = 0
    for _ in range(3):  # 5 subscriptions, 2 a page: a paging mistake must not loop for ever
        page = api.get("/api/v1/notifications", params={"limit": 2, "start_index": start}).json()
        assert page["count"] == 5
        assert page["start_index"] == start
        seen += [n["notification_guid"] for n in page["data"]]
        start = page["end_index"]
    assert page["has_more"] is False
    assert seen == made
    assert api.get("/api/v1/notifications", params={"start_index": 5}).json()["data"] == []


def test_a_subscription_lives_in_the_callers_program_only(
    sbx: Sandbox,
    api: ContractClient,
    make_client: Callable[..., ContractClient],
    receiver: Receiver,
) -> None:
    """Another program's guid is 404 on create and 400 on update; the caller's subscriptions
    are listed to nobody else."""
    other = make_client(next(c for c in sbx.credentials if c.program_guid == PROGRAM_B))
    foreign = {"program_guid": PROGRAM_B, "url": receiver.url, "secret": SECRET}
    refused = api.post("/api/v1/notifications", json={**foreign, "event_type": ["all"]})
    assert refused.status_code == 404
    assert refused.json()["code"] == "program_not_found"
    sub = subscribe(api, receiver.url, ["all"])
    moved = api.put(
        f"/api/v1/notifications/{sub['notification_guid']}",
        json={**foreign, "event_type": ["all"]},
    )
    assert moved.status_code == 400
    assert [e["field"] for e in moved.json()["errors"]] == ["/program_guid"]
    assert api.get("/api/v1/notifications").json()["count"] == 1
    assert other.get("/api/v1/notifications").json() == {
        "count": 0,
        "start_index": 0,
        "end_index": 0,
        "has_more": False,
        "data": [],
    }


def test_a_redirect_is_no_acknowledgement(
    sbx: Sandbox, api: ContractClient, receiver: Receiver
) -> None:
    """Only a 2xx acknowledges an event: a 3xx answer is a failure, retried like a 500."""
    subscribe(api, receiver.url, ["card.created"])
    receiver.statuses = [302]
    api.create_card()
    receiver.wait_for(lambda: sbx.controls.deliveries()[0]["state"] != "pending")
    delivery = sbx.controls.deliveries()[0]
    assert delivery["state"] == "delivered"
    assert [a["status_code"] for a in delivery["attempts"]] == [302, 200]


def test_only_active_subscriptions_get_deliveries(
    sbx: Sandbox, api: ContractClient, receiver: Receiver
) -> None:
    """An event makes one delivery per matching active subscription: none for one turned off."""
    active = subscribe(api, receiver.url, ["all"])
    off = subscribe(api, receiver.url + "/off", ["all"])
    body = {"program_guid": PROGRAM_A, "url": off["url"], "event_type": ["all"], "active": False}
    assert (
        api.put(f"/api/v1/notifications/{off['notification_guid']}", json=body).json()["active"]
        is False
    )
    api.create_card()
    receiver.wait_for(lambda: len(receiver.events()) == 1)
    guids = [d["notification_guid"] for d in sbx.controls.deliveries()]
    assert guids == [active["notification_guid"]]


def test_failed_ping_saves_inactive(sbx: Sandbox, api: ContractClient, receiver: Receiver) -> None:
    """A non-2xx ping (a redirect included) saves the subscription inactive; it gets no events."""
    receiver.statuses = [500, 302]
    sub = subscribe(api, receiver.url, ["all"])
    assert sub["active"] is False
    redirected = subscribe(api, receiver.url, ["all"])
    assert redirected["active"] is False
    api.create_card()
    unreachable = subscribe(api, "http://127.0.0.1:9/nothing", ["all"])
    assert unreachable["active"] is False
    # Deliveries are written with the card, in its transaction: none means none will come.
    assert sbx.controls.deliveries() == []
    assert receiver.events() == []


def _put(api: ContractClient, guid: str, url: str, **extra: Any) -> dict[str, Any]:
    body = {"program_guid": PROGRAM_A, "url": url, "event_type": ["all"], **extra}
    response = api.put(f"/api/v1/notifications/{guid}", json=body)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def test_a_never_active_subscription_stays_inactive_through_updates(
    sbx: Sandbox, api: ContractClient, receiver: Receiver
) -> None:
    """An update of a never-active subscription saves its fields but neither pings nor activates."""
    receiver.statuses = [500]
    sub = subscribe(api, receiver.url, ["card.created"])
    assert sub["active"] is False
    guid = sub["notification_guid"]
    updated = _put(api, guid, receiver.url + "/v2", active=True, headers="X-Partner: 1")
    assert updated["active"] is False
    assert (updated["url"], updated["event_type"], updated["headers"]) == (
        receiver.url + "/v2",
        ["all"],
        "X-Partner: 1",
    )
    assert len(receiver.received) == 1  # the create's ping only
    assert _put(api, guid, receiver.url)["active"] is False
    assert len(receiver.received) == 1
    api.create_card()
    assert sbx.controls.deliveries() == []


def test_the_activate_control_stands_in_for_qolo(
    sbx: Sandbox, api: ContractClient, receiver: Receiver
) -> None:
    """POST /_sandbox/notifications/{guid}/activate activates without a ping; events follow."""
    receiver.statuses = [500]
    guid = subscribe(api, receiver.url, ["card.created"])["notification_guid"]
    activated = sbx.controls.activate_notification(guid.upper())
    assert activated["active"] is True
    assert len(receiver.received) == 1  # no ping
    assert api.get(f"/api/v1/notifications/{guid}").json()["active"] is True
    api.create_card()
    receiver.wait_for(lambda: len(receiver.events()) == 1)
    # Once active, it is a subscription that has been active: an update pings it.
    receiver.statuses = [503]
    assert _put(api, guid, receiver.url)["active"] is False
    assert _put(api, guid, receiver.url)["active"] is True
    unknown = httpx.post(
        f"{sbx.base_url}/_sandbox/notifications/0b6f3c55-6a43-4c1e-9d43-6c0f2f1f9a10/activate"
    )
    assert unknown.status_code == 404


def test_a_once_active_subscription_is_pinged_again(
    api: ContractClient, receiver: Receiver
) -> None:
    """A subscription that has been active is re-pinged on update; `active` follows the answer."""
    guid = subscribe(api, receiver.url, ["all"])["notification_guid"]
    receiver.statuses = [500]
    assert _put(api, guid, receiver.url + "/moved")["active"] is False
    assert _put(api, guid, receiver.url + "/fixed", active=None)["active"] is True
    pings = [r.path for r in receiver.received]
    assert len(pings) == 3
    assert pings[1].endswith("/moved")
    assert pings[2].endswith("/fixed")


def test_active_false_turns_a_subscription_off_without_a_ping(
    sbx: Sandbox, api: ContractClient, receiver: Receiver
) -> None:
    """`active: false` switches deliveries off and sends no ping; `active: true` pings again."""
    guid = subscribe(api, receiver.url, ["all"])["notification_guid"]
    assert _put(api, guid, receiver.url, active=False)["active"] is False
    assert len(receiver.received) == 1
    api.create_card()
    assert sbx.controls.deliveries() == []
    assert _put(api, guid, receiver.url, active=True)["active"] is True
    assert len(receiver.received) == 2


def test_update_checks_the_guid_and_keeps_a_null_secret(
    api: ContractClient, receiver: Receiver
) -> None:
    """A body guid other than the path's is 400; null secret keeps the key, null headers clear."""
    sub = subscribe(api, receiver.url, ["card.created"], headers="X-Partner: abc")
    guid = sub["notification_guid"]
    other = api.put(
        f"/api/v1/notifications/{guid}",
        json={
            "notification_guid": "0b6f3c55-6a43-4c1e-9d43-6c0f2f1f9a10",
            "program_guid": PROGRAM_A,
            "url": receiver.url,
            "event_type": ["all"],
        },
    )
    assert other.status_code == 400
    assert other.json()["code"] == "validation_error"
    assert [e["field"] for e in other.json()["errors"]] == ["/notification_guid"]
    same = _put(api, guid, receiver.url, notification_guid=guid.upper(), secret=None, headers=None)
    assert "headers" not in same
    api.create_card()
    receiver.wait_for(lambda: len(receiver.events()) == 1)
    event = receiver.events()[0]
    assert (
        event.headers["x-qolo-signature"]
        == hmac.new(SECRET.encode(), event.body, hashlib.sha256).hexdigest()
    )
    assert "x-partner" not in event.headers


def test_the_five_seconds_bound_the_whole_answer() -> None:
    """A receiver that trickles its headers past 5 s fails the ping, though no read stalls 5 s."""
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]

    def trickle() -> None:
        connection, _ = server.accept()
        with connection:
            connection.recv(65536)
            connection.sendall(b"HTTP/1.1 200 OK\r\n")
            for n in range(5):  # one header every 2 s: 10 s for the whole answer
                time.sleep(2)
                with contextlib.suppress(OSError):
                    connection.sendall(f"X-Slow-{n}: 1\r\n".encode())
            with contextlib.suppress(OSError):
                connection.sendall(b"Content-Length: 0\r\n\r\n")

    thread = threading.Thread(target=trickle, daemon=True)
    thread.start()
    with start_sandbox() as own:
        api = ContractClient(own.base_url, [], login(own.base_url, own.credential))
        started = time.monotonic()
        sub = subscribe(api, f"http://127.0.0.1:{port}/hook", ["all"])
        elapsed = time.monotonic() - started
        api.close()
    server.close()
    assert sub["active"] is False
    assert 4.5 < elapsed < 8.0, elapsed


def test_update_racing_a_delete_is_404_not_500(api: ContractClient, receiver: Receiver) -> None:
    """A PUT whose ping is still out when the subscription is deleted answers 404."""
    guid = subscribe(api, receiver.url, ["all"])["notification_guid"]
    receiver.delay = 1.0  # the PUT's ping hangs a second
    body = {"program_guid": PROGRAM_A, "url": receiver.url, "secret": SECRET, "event_type": ["all"]}
    result: list[httpx.Response] = []
    worker = threading.Thread(
        target=lambda: result.append(api.put(f"/api/v1/notifications/{guid}", json=body))
    )
    worker.start()
    receiver.wait_for(lambda: len(receiver.received) == 2)  # the PUT's ping has arrived
    assert api.delete(f"/api/v1/notifications/{guid}").status_code == 204
    worker.join()
    assert result[0].status_code == 404
    assert result[0].json()["code"] == "notification_not_found"


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
        "card.status",  # the replace moved the old card from SUSPEND to LOST
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
        assert '"4821"' not in event.body.decode()  # as a value: bare digits occur by chance
    assert len({json.loads(e.body)["event_id"] for e in events}) == len(events)
    status_events = [json.loads(e.body) for e in events if b'"card.status"' in e.body]
    assert sorted(
        (e["data"]["previous_status"], e["data"]["card"]["card_status"]) for e in status_events
    ) == [("ACTIVE", "SUSPEND"), ("SUSPEND", "LOST")]


def test_a_subscription_gets_only_its_event_types(
    sbx: Sandbox, api: ContractClient, receiver: Receiver
) -> None:
    """A subscription to `card.activated` gets that event of a new card and no other (its
    `card.created` is not delivered); programs: the test below."""
    subscribe(api, receiver.url, ["card.activated"])
    proxy = api.create_card().json()["card"]["card_proxy"]
    api.post(f"/api/v1/cards/{proxy}/status", json={"status": "ACTIVE"})
    receiver.wait_for(lambda: len(receiver.events()) >= 1)
    assert [json.loads(e.body)["event_type"] for e in receiver.events()] == ["card.activated"]
    assert len(sbx.controls.deliveries()) == 1


def test_a_program_s_events_go_to_its_own_subscriptions_only(
    sbx: Sandbox,
    api: ContractClient,
    make_client: Callable[..., ContractClient],
    receiver: Receiver,
) -> None:
    """Each program's events are delivered to that program's subscriptions, never another's
    (an event carries the program's card and person data)."""
    other = make_client(next(c for c in sbx.credentials if c.program_guid == PROGRAM_B))
    mine = subscribe(api, receiver.url + "/a", ["all"])
    body = {"program_guid": PROGRAM_B, "url": receiver.url + "/b", "secret": SECRET}
    theirs = other.post("/api/v1/notifications", json={**body, "event_type": ["all"]}).json()
    api.create_card()
    person = {"first_name": "B", "last_name": "B"}
    other.post("/api/v1/cards", json={"program_guid": PROGRAM_B, "person": person})
    routed = {
        (d["notification_guid"], d["event"]["program_guid"]) for d in sbx.controls.deliveries()
    }
    assert routed == {
        (mine["notification_guid"], PROGRAM_A),
        (theirs["notification_guid"], PROGRAM_B),
    }


def test_a_replace_that_activates_the_old_card_says_so(
    sbx: Sandbox, api: ContractClient, receiver: Receiver
) -> None:
    """ReplaceCard with `status: ACTIVE` on a PENDING card: `card.activated` for the old card."""
    subscribe(api, receiver.url, ["card.activated", "card.status"])
    proxy = api.create_card().json()["card"]["card_proxy"]
    replaced = api.post(
        f"/api/v1/cards/{proxy}/replace", json={"operation": "RENEW", "status": "ACTIVE"}
    )
    assert replaced.status_code == 200, replaced.text
    receiver.wait_for(lambda: len(receiver.events()) >= 1)
    time.sleep(0.2)  # nothing else may follow
    events = [json.loads(e.body) for e in receiver.events()]
    assert [(e["event_type"], e["data"]["card"]["card_proxy"]) for e in events] == [
        ("card.activated", proxy)
    ]
    assert events[0]["data"]["previous_status"] == "PENDING"


def test_the_card_class_asks_for_every_card_event(
    sbx: Sandbox, api: ContractClient, receiver: Receiver
) -> None:
    """`card` (the webhooks guide's event class) gets every `card.*` event and nothing else."""
    subscribe(api, receiver.url + "/card", ["card"])
    subscribe(api, receiver.url + "/person", ["person.created", "account.created"])
    proxy = api.create_card().json()["card"]["card_proxy"]
    api.post(f"/api/v1/cards/{proxy}/status", json={"status": "ACTIVE"})
    api.post(f"/api/v1/cards/{proxy}/pin", json={"pin": "4821"})
    expected = ["card.created", "card.activated", "card.pin.changed"]
    receiver.wait_for(lambda: len(receiver.events()) >= len(expected))
    events = receiver.events()
    assert sorted(json.loads(e.body)["event_type"] for e in events) == sorted(expected)
    assert {e.path.rpartition("/")[2] for e in events} == {"card"}
    assert len(sbx.controls.deliveries()) == len(expected)


def _seconds(stamp: str) -> float:
    return datetime.fromisoformat(stamp).timestamp()


def test_an_event_is_stamped_when_it_happens(
    sbx: Sandbox, api: ContractClient, receiver: Receiver
) -> None:
    """`created_at` (what a receiver orders events by) is the sandbox time of the change: the
    card's own `sys_utcinserted`, give or take the request's run, also with the clock moved."""
    subscribe(api, receiver.url, ["card.created"])
    sbx.controls.advance_clock(3600)
    card = api.create_card().json()["card"]
    receiver.wait_for(lambda: len(receiver.events()) == 1)
    created_at = json.loads(receiver.events()[0].body)["created_at"]
    inserted = _seconds(card["sys_utcinserted"] + "Z")
    assert 0 <= _seconds(created_at) - inserted < 60


def test_failures_are_retried_with_the_same_event_id(
    sbx: Sandbox, api: ContractClient, receiver: Receiver
) -> None:
    """Non-2xx answers are retried (backoff from --webhook-retry-base) until one succeeds.

    The session sandbox runs with a 0.1 s base: the n-th retry waits at least half of
    0.1 * 2**(n-1) (the rest is jitter) and, in real time, not very much more.
    """
    subscribe(api, receiver.url, ["card.created"])
    receiver.statuses = [500, 503]
    api.create_card()
    receiver.wait_for(lambda: len(receiver.events()) >= 3)
    ids = {json.loads(e.body)["event_id"] for e in receiver.events()}
    assert len(ids) == 1
    receiver.wait_for(lambda: sbx.controls.deliveries()[0]["state"] == "delivered")
    delivery = sbx.controls.deliveries()[0]
    assert [a["status_code"] for a in delivery["attempts"]] == [500, 503, 200]
    assert delivery["next_attempt_at"] is None  # delivered: nothing more to send
    assert delivery["event"]["event_id"] in ids
    times = [_seconds(a["at"]) for a in delivery["attempts"]]
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    tolerance = 0.002  # the report has millisecond precision
    assert gaps[0] >= 0.05 - tolerance, gaps
    assert gaps[1] >= 0.1 - tolerance, gaps
    assert all(gap < 2.0 for gap in gaps), gaps  # the 0.1 s base, not the 30 s default


def test_gives_up_after_six_retries(receiver: Receiver, violations: list[str]) -> None:
    """Seven attempts in all, then failed; retry n is due base * 2**(n-1), at most half jitter.

    A large base keeps real time out of it: each retry happens only when the test moves the
    sandbox clock, and the schedule is read from the delivery's `next_attempt_at`.
    """
    base = 100.0
    with start_sandbox(webhook_retry_base=base) as own:
        api = ContractClient(own.base_url, violations, login(own.base_url, own.credential))
        subscribe(api, receiver.url, ["card.created"])
        receiver.statuses = [500] * 20
        api.create_card()
        scheduled: list[float] = []
        for attempt in range(1, 8):

            def recorded(n: int = attempt) -> bool:
                return len(own.controls.deliveries()[0]["attempts"]) >= n

            receiver.wait_for(recorded)
            delivery = own.controls.deliveries()[0]
            assert len(delivery["attempts"]) == attempt
            if attempt == 7:
                break
            assert delivery["state"] == "pending"
            wait = _seconds(delivery["next_attempt_at"]) - _seconds(delivery["attempts"][-1]["at"])
            backoff = base * 2 ** (attempt - 1)
            assert backoff / 2 - 0.002 <= wait <= backoff + 0.002, (attempt, wait)
            scheduled.append(wait)
            own.controls.advance_clock(backoff)  # the latest the jittered retry can be due
        api.close()
        delivery = own.controls.deliveries()[0]
        assert delivery["state"] == "failed"
        assert delivery["next_attempt_at"] is None  # given up: no attempt is due
        assert len(delivery["attempts"]) == 7
        assert len(receiver.events()) == 7
        assert len(scheduled) == 6
        # Jitter: the waits are not all exactly the backoff.
        assert any(abs(w - base * 2**i) > 0.01 for i, w in enumerate(scheduled))


def test_turning_a_subscription_off_stops_its_retries(
    receiver: Receiver, violations: list[str]
) -> None:
    """`active: false` means no deliveries: a retry that was due is cancelled, not sent."""
    with start_sandbox(webhook_retry_base=100.0) as own:
        api = ContractClient(own.base_url, violations, login(own.base_url, own.credential))
        sub = subscribe(api, receiver.url, ["card"])
        receiver.statuses = [500] * 20
        api.create_card()
        receiver.wait_for(lambda: len(own.controls.deliveries()[0]["attempts"]) >= 1)
        off = api.put(
            f"/api/v1/notifications/{sub['notification_guid']}",
            json={
                "program_guid": PROGRAM_A,
                "url": receiver.url,
                "event_type": ["card"],
                "active": False,
            },
        )
        assert off.status_code == 200, off.text
        assert off.json()["active"] is False
        own.controls.advance_clock(200.0)  # the first retry is now due
        receiver.wait_for(lambda: own.controls.deliveries()[0]["state"] == "cancelled")
        api.close()
        assert len(own.controls.deliveries()[0]["attempts"]) == 1
        assert own.controls.deliveries()[0]["next_attempt_at"] is None  # cancelled
        assert len(receiver.events()) == 1


def test_bad_header_lines_are_skipped_not_fatal(api: ContractClient, receiver: Receiver) -> None:
    """Lines that are not valid HTTP headers are dropped; the subscription still works."""
    bad = "X-Partner: abc\nX(y): v\nBad Name: v\nno colon here\n@: 1\nX-Tab: a\tb"
    sub = subscribe(api, receiver.url, ["card.created"], headers=bad)
    assert sub["active"] is True
    assert sub["headers"] == bad  # stored as given
    api.create_card()
    receiver.wait_for(lambda: len(receiver.events()) >= 1)
    event = receiver.events()[0]
    assert event.headers["x-partner"] == "abc"
    assert event.headers["x-tab"] == "a\tb"
    updated = api.put(
        f"/api/v1/notifications/{sub['notification_guid']}",
        json={
            "program_guid": PROGRAM_A,
            "url": receiver.url,
            "event_type": ["all"],
            "headers": bad,
        },
    )
    assert updated.status_code == 200
    assert updated.json()["active"] is True
    non_ascii = api.post(
        "/api/v1/notifications",
        json={
            "program_guid": PROGRAM_A,
            "url": receiver.url,
            "secret": SECRET,
            "event_type": ["all"],
            "headers": "X-Env: caf\u00e9",
        },
    )
    assert non_ascii.status_code == 400
    assert non_ascii.json()["errors"][0]["field"] == "/headers"


def test_post_signed_turns_any_failure_into_a_failed_attempt() -> None:
    """post_signed never raises: unencodable header lines are dropped, other errors recorded."""
    sent: list[httpx.Request] = []

    def accept(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(204)

    def explode(request: httpx.Request) -> httpx.Response:
        raise ValueError("the transport broke")

    target = Target(httpx.URL("http://receiver.test/hook"), ("192.0.2.1",))

    async def post(handler: Any, extra: str) -> tuple[int | None, str | None]:
        async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http:
            return await post_signed(http, target, SECRET, b"{}", extra)

    assert asyncio.run(post(accept, "X-Env: caf\u00e9\nX-Ok: 1\nX-Bad\u00e9: 2")) == (204, None)
    assert sent[0].url == "http://192.0.2.1/hook"  # the checked address, with the URL's Host
    assert sent[0].headers["host"] == "receiver.test"
    assert sent[0].headers["accept-encoding"] == "identity"
    assert sent[0].headers["x-ok"] == "1"
    assert "x-env" not in sent[0].headers
    assert asyncio.run(post(explode, "X-Ok: 1")) == (None, "ValueError")


def test_subscription_headers_never_replace_the_sandboxs_own() -> None:
    """`headers` lines naming a header the sandbox sets (any case) are dropped: the receiver
    gets one signature, the real one, and one Content-Type."""
    sent: list[httpx.Request] = []

    def accept(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200)

    target = Target(httpx.URL("http://receiver.test/hook"), ("192.0.2.1",))
    extra = "X-Qolo-Signature: forged\nCONTENT-TYPE: text/plain\nX-Ok: 1"

    async def post() -> tuple[int | None, str | None]:
        async with httpx.AsyncClient(transport=httpx.MockTransport(accept)) as http:
            return await post_signed(http, target, SECRET, b"{}", extra)

    assert asyncio.run(post()) == (200, None)
    expected = hmac.new(SECRET.encode(), b"{}", hashlib.sha256).hexdigest()
    assert sent[0].headers.get_list("x-qolo-signature") == [expected]
    assert sent[0].headers.get_list("content-type") == ["application/json"]
    assert sent[0].headers["x-ok"] == "1"


def test_upper_case_notification_guids(api: ContractClient, receiver: Receiver) -> None:
    """A subscription's guid (and its program's) may be sent in upper case."""
    sub = subscribe(api, receiver.url, ["all"], program_guid=PROGRAM_A.upper())
    assert sub["program_guid"] == PROGRAM_A
    upper = sub["notification_guid"].upper()
    assert api.get(f"/api/v1/notifications/{upper}").status_code == 200
    body = {"program_guid": PROGRAM_A.upper(), "url": receiver.url, "event_type": ["all"]}
    assert api.put(f"/api/v1/notifications/{upper}", json=body).status_code == 200
    assert api.delete(f"/api/v1/notifications/{upper}").status_code == 204


def test_read_only_tokens_do_not_see_subscription_headers(
    sbx: Sandbox,
    api: ContractClient,
    receiver: Receiver,
    make_client: Callable[..., ContractClient],
) -> None:
    """The extra headers may hold a partner's credentials: a read-only token's answers omit them."""
    sub = subscribe(api, receiver.url, ["all"], headers="Authorization: Basic cGFydG5lcjpzZWNyZXQ=")
    guid = sub["notification_guid"]
    assert api.get(f"/api/v1/notifications/{guid}").json()["headers"].startswith("Authorization")
    reader = make_client(sbx.read_only_credential)
    one = reader.get(f"/api/v1/notifications/{guid}")
    listed = reader.get("/api/v1/notifications")
    assert one.status_code == listed.status_code == 200
    assert "headers" not in one.json()
    assert "headers" not in listed.json()["data"][0]
    assert "cGFydG5lcjpzZWNyZXQ" not in one.text + listed.text
