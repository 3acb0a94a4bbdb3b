"""`IdempotencyKey` handling for creating POSTs.

The claim is an INSERT into a table whose primary key is (credential, key): the database's
unique constraint picks the single winner, never a read followed by a write. The winner's
creating work and the stored response commit in one transaction (see `complete`), so a crash
leaves either nothing or both.

For a handler that never awaits (`once`), claim, work and answer are one transaction that no
other request can interleave with (`BEGIN IMMEDIATE` holds the write lock, and nothing awaits
until the COMMIT): there a look-up followed by one INSERT of the finished row is as safe as the
claim, and writes the row once instead of twice. That transaction is shared with the other
creates of the same event-loop turn (group commit, `Store.grouped`): two creates with one key
in one group run one after the other, so the second replays the first.

Decisions:
- Validation, authentication and rate limiting run before the claim, so a rejected request
  does not burn the key.
- Only a 2xx answer is stored. A business error (404, 400) created nothing and releases the
  key, so the partner can fix the cause and retry with the same key.
- Keys are kept 24 hours by the sandbox clock; an expired key is claimed afresh.
- An `in_flight` claim left by a killed process is dropped at start-up.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar, cast

import orjson

from ._clock import Clock
from ._config import IDEMPOTENCY_RETENTION
from ._problems import ApiError
from ._store import Store

__all__ = ["Claim", "Idempotency", "Replay", "run_now"]

T = TypeVar("T")
_SELECT_ROW = (
    "SELECT fingerprint, state, status, headers, body, created_at FROM idempotency "
    "WHERE credential_id = ? AND key = ?"
)


@dataclass(frozen=True, slots=True)
class Replay:
    """The stored first response of a key."""

    status: int
    headers: dict[str, str]
    body: bytes


@dataclass(frozen=True, slots=True)
class Claim:
    """A key this request now owns.

    `pending` is the row to INSERT with the answer (fingerprint, time) when the claim was only
    looked up inside the request's own transaction (`once`); None when an `in_flight` row holds
    the key already, and the answer UPDATEs it.
    """

    credential_id: int
    key: str
    pending: tuple[bytes, float] | None = None


def fingerprint(method: str, path: str, body: object) -> bytes:
    """Method, path and the canonical (sorted-key) JSON body; formatting does not matter."""
    canonical = orjson.dumps(body, option=orjson.OPT_SORT_KEYS)
    return hashlib.sha256(method.encode() + b" " + path.encode() + b"\n" + canonical).digest()


def run_now(awaitable: Awaitable[T]) -> T:
    """The result of a coroutine that must finish without ever yielding to the event loop.

    All requests share one connection: while a transaction is open no other request may run a
    statement, so work inside one must not await. A handler that does is a programming error
    (a 500), never a silently shared transaction.
    """
    steps = awaitable.__await__()
    try:
        steps.send(None)
    except StopIteration as done:
        return cast(T, done.value)
    steps.close()
    raise RuntimeError("a handler awaited inside a transaction")


class Idempotency:
    """Claims, completes and replays idempotency keys."""

    def __init__(self, store: Store, clock: Clock) -> None:
        self._store = store
        self._clock = clock
        store.conn.execute("DELETE FROM idempotency WHERE state = 'in_flight'")

    def claim(self, credential_id: int, key: str, print_: bytes) -> Claim | Replay:
        """Own the key, or get the replay; 422 for another body, 409 while in flight."""
        now = self._clock.now()
        conn = self._store.conn
        with self._store.transaction():
            # A fresh key (the usual case) costs one INSERT; an expired one is dropped only
            # when the INSERT meets it.
            row = self._insert_claim(conn, credential_id, key, print_, now)
            if row is not None and self._expired(row, now):
                self._forget(conn, credential_id, key)
                row = self._insert_claim(conn, credential_id, key, print_, now)
            if row is None:
                return Claim(credential_id, key)
        return self._held(row, print_)

    def _look_up(self, credential_id: int, key: str, print_: bytes) -> Claim | Replay:
        """`claim` inside the caller's open transaction, writing nothing: the answer's row is
        inserted whole by `complete`. An expired row is dropped here."""
        now = self._clock.now()
        conn = self._store.conn
        row: sqlite3.Row | None = conn.execute(_SELECT_ROW, (credential_id, key)).fetchone()
        if row is not None and self._expired(row, now):
            self._forget(conn, credential_id, key)
            row = None
        if row is None:
            return Claim(credential_id, key, (print_, now))
        return self._held(row, print_)

    @staticmethod
    def _expired(row: sqlite3.Row, now: float) -> bool:
        return bool(row["created_at"] <= now - IDEMPOTENCY_RETENTION)

    @staticmethod
    def _forget(conn: sqlite3.Connection, credential_id: int, key: str) -> None:
        conn.execute(
            "DELETE FROM idempotency WHERE credential_id = ? AND key = ?", (credential_id, key)
        )

    @staticmethod
    def _held(row: sqlite3.Row, print_: bytes) -> Replay:
        """The replay of a key another request holds: 422 for another body, 409 in flight."""
        if bytes(row["fingerprint"]) != print_:
            raise ApiError(
                422,
                "idempotency_key_reused",
                "This IdempotencyKey was used with a different request body.",
            )
        if row["state"] != "complete":
            raise ApiError(
                409,
                "idempotency_request_in_flight",
                "A request with this IdempotencyKey is still in progress.",
                headers={"Retry-After": "1"},
            )
        headers = orjson.loads(row["headers"])
        return Replay(int(row["status"]), dict(headers), bytes(row["body"]))

    @staticmethod
    def _insert_claim(
        conn: sqlite3.Connection, credential_id: int, key: str, print_: bytes, now: float
    ) -> sqlite3.Row | None:
        """None when the key is now ours; else the row that already holds it."""
        try:
            conn.execute(
                "INSERT INTO idempotency(credential_id, key, fingerprint, state, created_at) "
                "VALUES (?, ?, ?, 'in_flight', ?)",
                (credential_id, key, print_, now),
            )
        except sqlite3.IntegrityError:
            row: sqlite3.Row = conn.execute(_SELECT_ROW, (credential_id, key)).fetchone()
            return row
        return None

    async def once(
        self,
        credential_id: int,
        key: str,
        print_: bytes,
        work: Callable[[Claim], Awaitable[T]],
    ) -> T | Replay:
        """Claim, do `work` (a handler that never awaits) and store its answer: one commit,
        shared with the other creates of this loop turn (`Store.grouped`).

        A failure rolls the work back and leaves the key free; so does an answer that did not
        create (only a 2xx is stored, by `complete`). The result comes only after the commit,
        so a 201 is never answered for a card a crash could still lose.
        """
        outcome = await self._store.grouped(
            lambda: self._once_now(credential_id, key, print_, work)
        )
        if isinstance(outcome, ApiError):
            raise outcome
        return outcome

    def _once_now(
        self,
        credential_id: int,
        key: str,
        print_: bytes,
        work: Callable[[Claim], Awaitable[T]],
    ) -> T | Replay | ApiError:
        with self._store.transaction():
            try:
                outcome = self._look_up(credential_id, key, print_)
            except ApiError as refusal:
                # A 422 or 409 wrote nothing: returned, not raised, it leaves the rest of the
                # group committed together (a raise rolls the group back, see `Store.grouped`).
                return refusal
            if isinstance(outcome, Replay):
                return outcome
            # An answer that did not create stored nothing: the key stays free.
            return run_now(work(outcome))

    def complete(
        self,
        conn: sqlite3.Connection,
        claim: Claim,
        status: int,
        headers: dict[str, str],
        body: bytes,
    ) -> None:
        """Store the response; call inside the transaction that did the creating work.

        Only a 2xx answer is stored; the caller releases the claim of any other.
        """
        if not 200 <= status < 300:
            return
        if claim.pending is None:
            conn.execute(
                "UPDATE idempotency SET state = 'complete', status = ?, headers = ?, body = ? "
                "WHERE credential_id = ? AND key = ?",
                (status, orjson.dumps(headers), body, claim.credential_id, claim.key),
            )
        else:
            print_, created_at = claim.pending
            conn.execute(
                "INSERT INTO idempotency(credential_id, key, fingerprint, state, status, "
                "headers, body, created_at) VALUES (?, ?, ?, 'complete', ?, ?, ?, ?)",
                (
                    claim.credential_id,
                    claim.key,
                    print_,
                    status,
                    orjson.dumps(headers),
                    body,
                    created_at,
                ),
            )

    def release(self, claim: Claim) -> None:
        """Forget a claim whose request failed, so the key can be used again."""
        self._store.conn.execute(
            "DELETE FROM idempotency WHERE credential_id = ? AND key = ? AND state = 'in_flight'",
            (claim.credential_id, claim.key),
        )
