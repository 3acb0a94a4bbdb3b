"""`IdempotencyKey` handling for creating POSTs.

The claim is an INSERT into a table whose primary key is (credential, key): the database's
unique constraint picks the single winner, never a read followed by a write. The winner's
creating work and the stored response commit in one transaction (see `complete`), so a crash
leaves either nothing or both.

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
from dataclasses import dataclass

import orjson

from ._clock import Clock
from ._config import IDEMPOTENCY_RETENTION
from ._problems import ApiError
from ._store import Store

__all__ = ["Claim", "Idempotency", "Replay"]


@dataclass(frozen=True, slots=True)
class Replay:
    """The stored first response of a key."""

    status: int
    headers: dict[str, str]
    body: bytes


@dataclass(frozen=True, slots=True)
class Claim:
    """A key this request now owns."""

    credential_id: int
    key: str


def fingerprint(method: str, path: str, body: object) -> bytes:
    """Method, path and the canonical (sorted-key) JSON body; formatting does not matter."""
    canonical = orjson.dumps(body, option=orjson.OPT_SORT_KEYS)
    return hashlib.sha256(method.encode() + b" " + path.encode() + b"\n" + canonical).digest()


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
            conn.execute(
                "DELETE FROM idempotency WHERE credential_id = ? AND key = ? AND created_at <= ?",
                (credential_id, key, now - IDEMPOTENCY_RETENTION),
            )
            try:
                conn.execute(
                    "INSERT INTO idempotency(credential_id, key, fingerprint, state, created_at) "
                    "VALUES (?, ?, ?, 'in_flight', ?)",
                    (credential_id, key, print_, now),
                )
                return Claim(credential_id, key)
            except sqlite3.IntegrityError:
                row = conn.execute(
                    "SELECT fingerprint, state, status, headers, body FROM idempotency "
                    "WHERE credential_id = ? AND key = ?",
                    (credential_id, key),
                ).fetchone()
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

    def complete(
        self,
        conn: sqlite3.Connection,
        claim: Claim,
        status: int,
        headers: dict[str, str],
        body: bytes,
    ) -> None:
        """Store the response; call inside the transaction that did the creating work."""
        conn.execute(
            "UPDATE idempotency SET state = 'complete', status = ?, headers = ?, body = ? "
            "WHERE credential_id = ? AND key = ?",
            (status, orjson.dumps(headers), body, claim.credential_id, claim.key),
        )

    def release(self, claim: Claim) -> None:
        """Forget a claim whose request failed, so the key can be used again."""
        self._store.conn.execute(
            "DELETE FROM idempotency WHERE credential_id = ? AND key = ? AND state = 'in_flight'",
            (claim.credential_id, claim.key),
        )
