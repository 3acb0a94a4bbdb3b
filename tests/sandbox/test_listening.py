"""`Store.listening`: which programs' events are written, kept in memory and forgotten on change.

An event for a program nobody listens to is not written, so the set must never miss a
subscription: every write to `notifications` (whatever code makes it) and every rollback
forgets it.
"""

from __future__ import annotations

import pytest

from qolo_sandbox._clock import Clock
from qolo_sandbox._delivery import emit
from qolo_sandbox._store import Store

PROGRAM = "6f1c2a9e-3b7d-4e5f-8a9b-0c1d2e3f4a5b"


def _subscribe(store: Store, guid: str, *, active: int = 1) -> None:
    store.conn.execute(
        "INSERT INTO notifications(notification_guid, program_guid, url, secret, active, "
        "event_types, inserted, updated) VALUES (?, ?, 'http://127.0.0.1:9/', 's', ?, "
        "'[\"all\"]', 'now', 'now')",
        (guid, PROGRAM, active),
    )


def _counts(store: Store) -> tuple[int, int]:
    events = store.conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    deliveries = store.conn.execute("SELECT COUNT(*) FROM deliveries").fetchone()[0]
    return int(events), int(deliveries)


def _emit(store: Store) -> None:
    with store.transaction():
        emit(store, Clock(), PROGRAM, "card.created", {"card": {}})


def test_no_event_is_written_while_nobody_listens() -> None:
    """Without an active subscription an event has no reader: nothing is written."""
    store = Store(None)
    _subscribe(store, "inactive", active=0)
    _emit(store)
    assert _counts(store) == (0, 0)


def test_a_new_subscription_is_seen_at_once() -> None:
    """The set read before a subscription existed is forgotten by the INSERT's trigger."""
    store = Store(None)
    assert store.listening() == frozenset()
    _subscribe(store, "n1")
    _emit(store)
    assert _counts(store) == (1, 1)


def test_activation_and_deletion_are_seen_at_once() -> None:
    """UPDATE and DELETE of a subscription forget the set too."""
    store = Store(None)
    _subscribe(store, "n1", active=0)
    assert store.listening() == frozenset()
    store.conn.execute("UPDATE notifications SET active = 1")
    assert store.listening() == {PROGRAM}
    store.conn.execute("DELETE FROM notifications")
    assert store.listening() == frozenset()


def test_a_rollback_forgets_what_was_read_inside_it() -> None:
    """A deleted subscription read inside a transaction comes back with its rollback."""
    store = Store(None)
    _subscribe(store, "n1")

    def unsubscribe_then_fail() -> None:
        with store.transaction() as conn:
            conn.execute("DELETE FROM notifications")
            assert store.listening() == frozenset()
            raise RuntimeError("rolled back")

    with pytest.raises(RuntimeError):
        unsubscribe_then_fail()
    _emit(store)
    assert _counts(store) == (1, 1)


def test_reset_forgets_the_subscriptions() -> None:
    """`reset_data` deletes every subscription: afterwards nothing is written."""
    store = Store(None)
    _subscribe(store, "n1")
    assert store.listening() == {PROGRAM}
    store.reset_data()
    _emit(store)
    assert _counts(store) == (0, 0)
