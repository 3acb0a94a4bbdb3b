"""Bearer tokens: lazy login, reuse for the token's lifetime, proactive refresh, single flight.

`TokenAuth` is an `httpx.Auth`. Before a request it makes sure a usable token exists (logging
in on first use, or when less than `min(60 s, 10 %)` of the lifetime is left, on a monotonic
clock) and sets `Authorization: Bearer ...`; on a 401 it drops that exact token, gets a new one
and replays the same request once. Getting a token is single-flight: a `threading.Lock` for
sync callers and an `asyncio.Lock` for async ones, double-checked, so N callers that find the
token stale cause one login and the rest reuse its result. A refused login raises
`AuthenticationError` at once, to every caller that waited for it (they do not try again).
"""

from __future__ import annotations

import asyncio
import dataclasses
import threading
import time
from collections.abc import AsyncGenerator, Awaitable, Callable, Generator
from dataclasses import dataclass, field

import httpx

from qolo_api.models import LoginResponse

from ._exceptions import AuthenticationError, QoloError
from ._logging import logger

__all__ = ["Token", "TokenAuth"]

#: Refresh when less than this share of the lifetime is left (but at most `_MAX_MARGIN` s).
_MARGIN_SHARE = 0.1
_MAX_MARGIN = 60.0
#: After a failed proactive refresh, the seconds until the next try (the token still works):
#: one failing login per interval, not one per caller.
_REFRESH_RETRY_DELAY = 5.0


@dataclass(frozen=True, slots=True, eq=False)
class Token:
    """A bearer token and when (on the monotonic clock) to stop using it."""

    value: str = field(repr=False)
    refresh_at: float
    expires_at: float

    @classmethod
    def from_login(cls, login: LoginResponse, now: float) -> Token:
        lifetime = float(login.expires_in)
        margin = min(_MAX_MARGIN, _MARGIN_SHARE * lifetime)
        return cls(login.access_token, now + lifetime - margin, now + lifetime)


class TokenAuth(httpx.Auth):
    """Logs in through `login` / `alogin` when needed and authenticates every request.

    `login` and `alogin` return the generated `LoginResponse` and raise the typed errors of
    the client (they go through a client without this auth).
    """

    requires_request_body = True  # a 401 replays the request: its body must be replayable

    def __init__(
        self,
        *,
        login: Callable[[], LoginResponse],
        alogin: Callable[[], Awaitable[LoginResponse]],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._login = login
        self._alogin = alogin
        self._clock = clock
        self._token: Token | None = None
        self._attempts = 0  # logins tried so far
        self._refusal: AuthenticationError | None = None  # the last login's, if it was refused
        self._lock = threading.Lock()
        self._async_locks: dict[asyncio.AbstractEventLoop, asyncio.Lock] = {}
        self._async_locks_guard = threading.Lock()

    def __repr__(self) -> str:
        return f"{type(self).__name__}(has_token={self._token is not None})"

    # -- token state (shared by sync and async callers) --

    def _fresh(self) -> Token | None:
        token = self._token
        if token is not None and self._clock() < token.refresh_at:
            return token
        return None

    def _needs_login(self, stale: Token | None) -> bool:
        """Under the lock: is a login still needed, or did another caller already do it?"""
        current = self._token
        if current is None:
            return True
        if stale is not None and current.value == stale.value:
            return True
        return self._clock() >= current.refresh_at

    def _check_refusal(self, attempts_before_waiting: int) -> None:
        """Under the lock: a login refused while this caller waited is not tried again."""
        refusal = self._refusal
        if refusal is not None and self._attempts != attempts_before_waiting:
            # a copy per caller: one exception object must not collect several tracebacks
            raise type(refusal)(
                str(refusal), response=refusal.response, body=refusal.body, problem=refusal.problem
            )

    def _attempted(self, refusal: AuthenticationError | None) -> None:
        self._attempts += 1
        self._refusal = refusal

    def _store(self, login: LoginResponse, reason: str) -> Token:
        self._attempted(None)
        token = Token.from_login(login, self._clock())
        self._token = token
        logger.info("logged in (%s); token valid for %ss", reason, login.expires_in)
        return token

    def _keep_current(self, stale: Token | None, error: QoloError) -> Token:
        """A proactive refresh failed (no answer, 5xx): the current token still works for now.

        The next refresh is put off by `_REFRESH_RETRY_DELAY` (never past the expiry), so the
        callers queued behind this one use the token instead of each trying a login in turn.
        """
        current = self._token
        now = self._clock()
        if stale is not None or current is None or now >= current.expires_at:
            raise error
        retry_at = min(current.expires_at, now + _REFRESH_RETRY_DELAY)
        self._token = current = dataclasses.replace(current, refresh_at=retry_at)
        logger.warning(
            "token refresh failed (%s); using the current token, next try in %.0f s",
            type(error).__name__,
            retry_at - now,
        )
        return current

    def _reason(self, stale: Token | None) -> str:
        if stale is not None:
            return "token refused with 401"
        if self._token is None:
            return "first call"
        return "token about to expire"

    def invalidate(self) -> None:
        """Forget the token; the next call logs in again."""
        self._token = None

    # -- sync --

    def sync_token(self, stale: Token | None = None) -> Token:
        """A usable token; `stale` is one the server refused, which must not be reused."""
        if stale is None and (token := self._fresh()) is not None:
            return token
        attempts = self._attempts
        with self._lock:
            if not self._needs_login(stale):
                assert self._token is not None
                return self._token
            self._check_refusal(attempts)
            reason = self._reason(stale)
            try:
                login = self._login()
            except AuthenticationError as exc:
                self._attempted(exc)
                raise
            except QoloError as exc:
                return self._keep_current(stale, exc)
            return self._store(login, reason)

    def sync_auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response]:
        request.read()
        token = self.sync_token()
        request.headers["Authorization"] = f"Bearer {token.value}"
        response = yield request
        if response.status_code == 401:
            token = self.sync_token(stale=token)
            request.headers["Authorization"] = f"Bearer {token.value}"
            yield request

    # -- async --

    def _async_lock(self) -> asyncio.Lock:
        loop = asyncio.get_running_loop()
        with self._async_locks_guard:
            lock = self._async_locks.get(loop)
            if lock is None:
                # one lock per event loop: an asyncio.Lock cannot be shared between loops
                self._async_locks = {
                    lp: lk for lp, lk in self._async_locks.items() if not lp.is_closed()
                }
                lock = self._async_locks[loop] = asyncio.Lock()
            return lock

    async def async_token(self, stale: Token | None = None) -> Token:
        """The async twin of `sync_token`."""
        if stale is None and (token := self._fresh()) is not None:
            return token
        attempts = self._attempts
        async with self._async_lock():
            if not self._needs_login(stale):
                assert self._token is not None
                return self._token
            self._check_refusal(attempts)
            reason = self._reason(stale)
            try:
                login = await self._alogin()
            except AuthenticationError as exc:
                self._attempted(exc)
                raise
            except QoloError as exc:
                return self._keep_current(stale, exc)
            return self._store(login, reason)

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        await request.aread()
        token = await self.async_token()
        request.headers["Authorization"] = f"Bearer {token.value}"
        response = yield request
        if response.status_code == 401:
            token = await self.async_token(stale=token)
            request.headers["Authorization"] = f"Bearer {token.value}"
            yield request
