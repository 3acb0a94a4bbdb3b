"""Credentials, bearer tokens and the login throttle (request rate limits: `_rate_limit`).

The credentials table and the tokens table keep API keys and tokens only as SHA-256 digests,
and comparisons run in constant time over digests. One exception: the demo credential that
`qolo-sandbox` creates when run without `--credentials` is also stored in plain text in the
`meta` table (see `_cli._demo_credential`), so that with `--db` it stays the same across
restarts. A database file therefore holds the demo key, a throw-away sandbox key, and no key
from a credentials file.

Failed logins are throttled by `LoginThrottle`; see its docstring for the rule and its limits.
"""

from __future__ import annotations

import hashlib
import heapq
import hmac
import math
import secrets
from dataclasses import dataclass

from ._clock import Clock
from ._config import (
    LOGIN_BUCKETS,
    LOGIN_FAILURE_LIMIT,
    LOGIN_FAILURE_WINDOW,
    LOGIN_TOTAL_FAILURE_BURST,
    LOGIN_TOTAL_FAILURES_PER_SECOND,
    CredentialSpec,
)
from ._problems import ApiError
from ._rate_limit import rate_headers
from ._store import Store

__all__ = [
    "Authenticator",
    "LoginThrottle",
    "Principal",
    "several_authorizations",
]

_REALM = 'Bearer realm="qolo"'
_DUMMY_DIGEST = hashlib.sha256(b"no such credential").digest()


@dataclass(frozen=True, slots=True)
class Principal:
    """The credential behind a valid token."""

    credential_id: int
    program_guid: str
    read_only: bool


def _digest(secret: str) -> bytes:
    return hashlib.sha256(secret.encode("utf-8")).digest()


def _unauthorized(detail: str, error: str | None, code: str = "invalid_token") -> ApiError:
    challenge = _REALM if error is None else f'{_REALM}, error="{error}"'
    return ApiError(401, code, detail, headers={"WWW-Authenticate": challenge})


class _Buckets:
    """A fixed number of token buckets: `capacity` tokens each, refilled at `rate` per second.

    Two lists of floats, allocated once: nothing is ever added, evicted or reset by traffic.
    """

    def __init__(self, size: int, capacity: float, rate: float) -> None:
        self.capacity = capacity
        self.rate = rate
        self._tokens = [capacity] * size
        self._stamps = [0.0] * size

    def _level(self, index: int, now: float) -> float:
        elapsed = max(0.0, now - self._stamps[index])
        return min(self.capacity, self._tokens[index] + elapsed * self.rate)

    def wait(self, index: int, now: float) -> float:
        """Seconds until bucket `index` holds a token (0: it holds one now)."""
        return max(0.0, (1.0 - self._level(index, now)) / self.rate)

    def take(self, index: int, now: float) -> None:
        self._tokens[index] = self._level(index, now) - 1.0
        self._stamps[index] = now


class LoginThrottle:
    """Counts failed logins and says when a wrong key is answered 429 instead of 401.

    The rule (the contract's `Login` and its 429):

    - A login with the right key always succeeds, whatever anyone's failures: the key is
      checked first, at the same cost for every login id (known or not), and the throttle
      only ever decides how a *wrong* key is answered. Nobody can lock a partner out.
    - Wrong keys are counted per login id (5 at once, refilling 5 a minute) and in total over
      every login id (100 at once, refilling 10 a second). A wrong key over either budget is
      answered 429 with `Retry-After` (when the next try is counted again), not 401.
    - Both are fixed-size token buckets. Login ids are hashed, with a key drawn at start-up,
      into `LOGIN_BUCKETS` buckets; known and unknown ids alike, so the throttle does not
      tell which ids exist. No number of made-up ids can evict, reset or refill a bucket:
      junk only drains buckets, never fills them. A success does not refill one either.

    What it cannot do: a client that ignores 429 still learns from a 200 that a key was
    right, at whatever rate it sends. Refusing the right key while throttled would stop that,
    and hand anyone the power to lock the owner out (the old behaviour); the sandbox keeps
    the owner in. Guessing is made hopeless by the key instead: the sandbox's keys are random
    128-bit secrets, and `qolo-sandbox` warns about a short key in a credentials file.
    """

    def __init__(self) -> None:
        self._key = secrets.token_bytes(16)
        self._per_id = _Buckets(
            LOGIN_BUCKETS, LOGIN_FAILURE_LIMIT, LOGIN_FAILURE_LIMIT / LOGIN_FAILURE_WINDOW
        )
        self._total = _Buckets(1, LOGIN_TOTAL_FAILURE_BURST, LOGIN_TOTAL_FAILURES_PER_SECOND)

    def _slot(self, loginid: str) -> int:
        raw = loginid.encode("utf-8", "surrogatepass")
        digest = hashlib.blake2b(raw, key=self._key, digest_size=8).digest()
        return int.from_bytes(digest, "big") % LOGIN_BUCKETS

    def failed(self, loginid: str, now: float) -> ApiError:
        """Count a wrong key for `loginid`: the 401 to answer, or the 429 when over budget."""
        slot = self._slot(loginid)
        for buckets, index in ((self._per_id, slot), (self._total, 0)):
            wait = buckets.wait(index, now)
            if wait > 0:
                seconds = max(1, math.ceil(wait))
                return ApiError(
                    429,
                    "rate_limited",
                    f"Too many failed logins; retry after {seconds} second"
                    f"{'' if seconds == 1 else 's'}.",
                    headers=rate_headers(int(buckets.capacity), 0, seconds),
                )
        self._per_id.take(slot, now)
        self._total.take(0, now)
        return _unauthorized("Unknown loginid or wrong apikey.", None, "invalid_credentials")


class Authenticator:
    """Logs credentials in and maps bearer tokens back to them."""

    def __init__(self, store: Store, clock: Clock, ttl: int) -> None:
        self._store = store
        self._clock = clock
        self.ttl = ttl
        self._tokens: dict[bytes, tuple[Principal, float]] = {}
        # (expiry, digest) of every cached token, soonest first: expired ones leave the cache
        # at the next login, so a long-lived sandbox does not keep every token it ever issued.
        self._expiries: list[tuple[float, bytes]] = []
        self._throttle = LoginThrottle()
        self.logins = 0
        self.failed_logins = 0

    def install(self, credentials: list[CredentialSpec]) -> None:
        """Make the stored credentials exactly the configured ones (the file is the truth).

        A credential dropped from the file stops working after a restart on the same `--db`:
        its row and its tokens are deleted.
        """
        with self._store.transaction() as conn:
            loginids = [c.loginid for c in credentials]
            marks = ", ".join("?" * len(loginids))
            stale = f"SELECT id FROM credentials WHERE loginid NOT IN ({marks})"  # noqa: S608
            for table in ("tokens", "idempotency"):  # a reused id must inherit neither
                conn.execute(
                    f"DELETE FROM {table} WHERE credential_id IN ({stale})",  # noqa: S608
                    loginids,
                )
            conn.execute(f"DELETE FROM credentials WHERE loginid NOT IN ({marks})", loginids)  # noqa: S608
            for c in credentials:
                conn.execute(
                    "INSERT INTO credentials(loginid, apikey_hash, program_guid, read_only) "
                    "VALUES (?, ?, ?, ?) ON CONFLICT(loginid) DO UPDATE SET "
                    "apikey_hash = excluded.apikey_hash, program_guid = excluded.program_guid, "
                    "read_only = excluded.read_only",
                    (c.loginid, _digest(c.apikey), c.program_guid, int(c.read_only)),
                )

    def reset_counters(self) -> None:
        self._throttle = LoginThrottle()
        self.logins = 0
        self.failed_logins = 0

    def login(self, loginid: str, apikey: str) -> str:
        """A new token for a valid credential; a wrong key is 401, or 429 when throttled.

        The key is checked before the throttle is consulted: the right key always logs in.
        """
        now = self._clock.now()
        row = self._store.one(
            "SELECT id, apikey_hash, program_guid, read_only FROM credentials WHERE loginid = ?",
            (loginid,),
        )
        expected = bytes(row["apikey_hash"]) if row is not None else _DUMMY_DIGEST
        if not hmac.compare_digest(expected, _digest(apikey)) or row is None:
            self.failed_logins += 1
            raise self._throttle.failed(loginid, now)
        token = secrets.token_urlsafe(32)
        expires_at = now + self.ttl
        principal = Principal(int(row["id"]), str(row["program_guid"]), bool(row["read_only"]))
        digest = _digest(token)
        with self._store.transaction() as conn:
            conn.execute("DELETE FROM tokens WHERE expires_at < ?", (now,))
            conn.execute(
                "INSERT INTO tokens(token_hash, credential_id, expires_at) VALUES (?, ?, ?)",
                (digest, principal.credential_id, expires_at),
            )
        self._forget_expired(now)
        self._cache(digest, (principal, expires_at))
        self.logins += 1
        return token

    def _cache(self, digest: bytes, entry: tuple[Principal, float]) -> None:
        self._tokens[digest] = entry
        heapq.heappush(self._expiries, (entry[1], digest))

    def _forget_expired(self, now: float) -> None:
        """Drop the cached tokens that expired (the database's go at each login too)."""
        expiries = self._expiries
        while expiries and expiries[0][0] < now:
            _, digest = heapq.heappop(expiries)
            entry = self._tokens.get(digest)
            if entry is not None and entry[1] < now:
                del self._tokens[digest]

    def authenticate(self, authorization: str | None) -> Principal:
        """The principal of a valid `Authorization: Bearer` header, else 401 (RFC 6750)."""
        if not authorization:
            raise _unauthorized("No access token; log in and send it as a Bearer token.", None)
        scheme, _, token = authorization.partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token or " " in token:
            raise _unauthorized(
                "Malformed Authorization header; expected 'Bearer <token>'.", "invalid_request"
            )
        digest = _digest(token)
        entry = self._tokens.get(digest)
        if entry is None:
            row = self._store.one(
                "SELECT t.expires_at, c.id, c.program_guid, c.read_only FROM tokens t "
                "JOIN credentials c ON c.id = t.credential_id WHERE t.token_hash = ?",
                (digest,),
            )
            if row is None:
                raise _unauthorized("Unknown access token; log in again.", "invalid_token")
            entry = (
                Principal(int(row["id"]), str(row["program_guid"]), bool(row["read_only"])),
                float(row["expires_at"]),
            )
            self._cache(digest, entry)
        if entry[1] <= self._clock.now():
            raise _unauthorized("The access token expired; log in again.", "invalid_token")
        return entry[0]


def several_authorizations() -> ApiError:
    """The 401 of a request with more than one `Authorization` header: which one would count?"""
    return _unauthorized(
        "Several Authorization headers; send exactly one 'Bearer <token>'.", "invalid_request"
    )
