"""Bearer tokens: lazy login, reuse for the token's lifetime, proactive refresh, single flight.

`TokenAuth` is an `httpx.Auth`. Before a request it makes sure a usable token exists (logging
in on first use, or when less than `min(60 s, 10 %)` of the lifetime is left, on a monotonic
clock) and sets `Authorization: Bearer ...`; on a 401 it drops that exact token, gets a new one
and replays the same request once. Getting a token is single-flight: a `threading.Lock` for
sync callers and an `asyncio.Lock` per event loop plus that same `threading.Lock` (taken
without blocking the loop) for async ones, double-checked, so N callers that find the token
stale cause one login and the rest reuse its result, across threads, tasks and loops. A login
that fails is single-flight too: its error is raised to every caller that waited for it, each
a copy of its own, and none of them logs in again (N callers behind a login that times out
wait one timeout, not N). Any failure but a refusal is not held: a call that starts after it
was raised logs in again. A refused login (`AuthenticationError`) is also raised at once to
every call of the next `_REFUSAL_HOLD` seconds: a wrong key costs one login per interval, not
one per call. An async login runs as a task of its own: the caller that started it may be
cancelled (its deadline) without cutting it short for the callers queued behind it.

All of that state (the token, the last login's outcome, the locks) is a `TokenState`, shared
by a client and its copies (`with_headers`, `with_timeout`); the login is not shared. Each
client's `TokenAuth` logs in through that client's own login client (its connections, headers
and timeout), so one login serves a client and its copies, a refresh by any is seen by all,
single flight spans them, and a copy's login needs nothing of the client it was copied from,
which may be closed by then.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import dataclasses
import threading
import time
from collections.abc import AsyncGenerator, Awaitable, Callable, Generator
from dataclasses import dataclass, field
from typing import TypeVar

import httpx

from qolo_api.models import LoginResponse

from ._exceptions import AuthenticationError, QoloError
from ._logging import logger
from ._per_loop import PerLoop

__all__ = ["Token", "TokenAuth", "TokenState"]

#: Refresh when less than this share of the lifetime is left (but at most `_MAX_MARGIN` s).
_MARGIN_SHARE = 0.1
_MAX_MARGIN = 60.0
_MAX_LIFETIME = 366 * 24 * 3600  # seconds
#: After a failed proactive refresh, the seconds until the next try (the token still works):
#: one failing login per interval, not one per caller.
_REFRESH_RETRY_DELAY = 5.0
#: After a refused login, the seconds during which every call raises that refusal at once
#: instead of logging in again (`invalidate` ends it sooner). Logging in per call would soon
#: meet the platform's failed-login throttle (the sandbox's: 5 a minute), whose 429 each call
#: would then wait out before failing anyway.
_REFUSAL_HOLD = 15.0
#: How often a loop whose login waits for another loop's looks again (seconds).
_CROSS_LOOP_POLL = 0.005


@dataclass(frozen=True, slots=True, eq=False)
class Token:
    """A bearer token and when (on the monotonic clock) to stop using it."""

    value: str = field(repr=False)
    refresh_at: float
    expires_at: float

    @classmethod
    def from_login(cls, login: LoginResponse, now: float) -> Token:
        # a lifetime past a year is read as a year: a refresh then costs nothing, and a
        # platform's absurd number (10**400) cannot overflow the float of a deadline
        lifetime = float(min(login.expires_in, _MAX_LIFETIME))
        margin = min(_MAX_MARGIN, _MARGIN_SHARE * lifetime)
        return cls(login.access_token, now + lifetime - margin, now + lifetime)


class TokenState:
    """The token, the outcome of the last login and the locks: one client's and its copies'.

    What a caller does with them (reuse, wait, log in, keep the current token after a failed
    refresh) is decided by plain methods shared by both flows; `sync_token` and `async_token`
    only add the lock and the call of the login, which the caller passes: the login of the
    client whose request needs the token.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._token: Token | None = None
        self._attempts = 0  # logins tried so far
        # the last login's error, if it failed: raised to the callers that waited for it
        self._failure: QoloError | None = None
        self._refusal: AuthenticationError | None = None  # the last login's, if it was refused
        self._refused_until = 0.0  # until then (monotonic) a call raises `_refusal` at once
        self._lock = threading.Lock()
        # The loop whose login task holds `_lock` (None: no loop, or a thread holds it), and
        # what makes reading it and releasing `_lock` for it one step (`_give_back`).
        self._holder: asyncio.AbstractEventLoop | None = None
        self._handover = threading.Lock()
        # one lock per event loop: an asyncio.Lock cannot be shared between loops
        self._async_locks = PerLoop(asyncio.Lock)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(has_token={self._token is not None})"

    def invalidate(self) -> None:
        """Forget the token and any failed or refused login; the next call logs in again."""
        self._token = None
        self._failure = None
        self._refusal = None

    # -- the token state machine (shared by sync and async callers) --

    def reusable(self, stale: Token | None = None) -> Token | None:
        """Without the lock: the current token if it is fresh and not the refused `stale`."""
        token = self._token
        if stale is None and token is not None and self._clock() < token.refresh_at:
            return token
        return None

    def _login_reason(self, stale: Token | None, attempts_before_waiting: int) -> str | None:
        """Under the lock: why a login is needed now, or None if another caller already did it.

        A login that failed while this caller waited for the lock is raised, not tried again
        (whatever its error: it is the answer to the login this caller queued behind); so is a
        login refused less than `_REFUSAL_HOLD` seconds ago.
        """
        current = self._token
        if (
            current is not None
            and (stale is None or current.value != stale.value)
            and self._clock() < current.refresh_at
        ):
            return None
        failure = self._failure
        if failure is not None and self._attempts != attempts_before_waiting:
            raise _copy(failure)
        refusal = self._refusal
        if refusal is not None and self._clock() < self._refused_until:
            raise _copy(refusal)
        if stale is not None:
            return "token refused with 401"
        if current is None:
            return "first call"
        return "token about to expire"

    def _settle(
        self, stale: Token | None, reason: str, outcome: LoginResponse | QoloError
    ) -> Token:
        """Under the lock: the token a login's `outcome` leaves; raises a login that failed.

        A failed login is remembered (a copy: the one raised collects this caller's traceback)
        for the callers that waited for it, and a refusal (`AuthenticationError`) for
        `_REFUSAL_HOLD` seconds. Any other failure of a proactive refresh (no answer, 5xx) keeps
        the current token, which still works, and puts the next refresh off by
        `_REFRESH_RETRY_DELAY` (never past the expiry), so the callers queued behind this one
        use it instead of each trying a login.
        """
        self._attempts += 1
        if isinstance(outcome, LoginResponse):
            self._failure = self._refusal = None
            token = self._token = Token.from_login(outcome, self._clock())
            logger.info("logged in (%s); token valid for %ss", reason, outcome.expires_in)
            return token
        if isinstance(outcome, AuthenticationError):
            self._failure = self._refusal = _copy(outcome)
            self._refused_until = self._clock() + _REFUSAL_HOLD
            raise outcome
        self._failure = _copy(outcome)
        current = self._token
        now = self._clock()
        if stale is not None or current is None or now >= current.expires_at:
            raise outcome
        retry_at = min(current.expires_at, now + _REFRESH_RETRY_DELAY)
        self._token = current = dataclasses.replace(current, refresh_at=retry_at)
        logger.warning(
            "token refresh failed (%s); using the current token, next try in %.0f s",
            type(outcome).__name__,
            retry_at - now,
        )
        return current

    def _current(self) -> Token:
        token = self._token
        assert token is not None  # _login_reason said no login is needed
        return token

    # -- sync --

    def sync_token(self, login: Callable[[], LoginResponse], stale: Token | None = None) -> Token:
        """A usable token, logging in through `login` if one is needed; `stale` is one the
        server refused, which must not be reused."""
        if (token := self.reusable(stale)) is not None:
            return token
        attempts = self._attempts
        with self._lock:  # only threads take it this way: a state is a sync or an async client's
            if (reason := self._login_reason(stale, attempts)) is None:
                return self._current()
            return self._settle(stale, reason, _outcome(login))

    # -- async --

    async def async_token(
        self, alogin: Callable[[], Awaitable[LoginResponse]], stale: Token | None = None
    ) -> Token:
        """The async twin of `sync_token`."""
        if (token := self.reusable(stale)) is not None:
            return token
        attempts = self._attempts
        loop = asyncio.get_running_loop()
        lock = self._async_locks.get()
        await lock.acquire()
        try:
            await self._across_loops()
        except BaseException:
            lock.release()
            raise
        reason: str | None = None
        try:
            reason = self._login_reason(stale, attempts)
            if reason is None:
                return self._current()
        finally:
            if reason is None:  # no login to start (or `_login_reason` raised): release now
                self._release(lock, loop)
        # The login is a task of its own that holds the locks until its outcome is settled: a
        # caller cancelled while it waits (its deadline passed) leaves it running for the
        # callers queued behind it, who would otherwise each start a login that the next
        # deadline cuts short again.
        flight = loop.create_task(self._log_in(alogin, stale, reason, lock, loop))
        flight.add_done_callback(_retrieved)
        return await asyncio.shield(flight)

    async def _log_in(
        self,
        alogin: Callable[[], Awaitable[LoginResponse]],
        stale: Token | None,
        reason: str,
        lock: asyncio.Lock,
        loop: asyncio.AbstractEventLoop,
    ) -> Token:
        """Log in and settle the outcome, then release the locks the caller took for it.

        The release is in `finally`, so it also happens if the task is cancelled (`asyncio.run`
        cancels what is left when it ends). A loop closed with the task still pending can never
        run it again: the next caller frees the threading lock for it (`_free_if_abandoned`).
        """
        try:
            return self._settle(stale, reason, await _aoutcome(alogin))
        finally:
            self._release(lock, loop)

    def _release(self, lock: asyncio.Lock, loop: asyncio.AbstractEventLoop) -> None:
        """The threading lock first (other loops' and threads' callers), then the loop's."""
        self._give_back(loop)
        with contextlib.suppress(RuntimeError):  # a closed loop cannot wake its waiters
            lock.release()

    def _give_back(self, holder: asyncio.AbstractEventLoop) -> None:
        """Release `_lock` if `holder`'s login still holds it (not if it was freed for it)."""
        with self._handover:
            if self._holder is holder:
                self._holder = None
                self._lock.release()

    def _free_if_abandoned(self) -> None:
        """Free `_lock` from a login task whose loop was closed with the task pending (a loop
        run by hand, closed without cancelling what it had left): it can never release it."""
        holder = self._holder
        if holder is not None and holder.is_closed():
            logger.warning("a login was abandoned with its closed event loop; logging in again")
            self._give_back(holder)

    async def _across_loops(self) -> None:
        """Take the threading lock, for a caller that holds its loop's asyncio lock: one login
        for every event loop using this client (a loop per thread), not one per loop.

        Taken without blocking, so a loop whose login waits on another loop's keeps running its
        other tasks; only one task per loop gets here (its asyncio lock), so a loop never waits
        on itself.
        """
        while not self._lock.acquire(blocking=False):
            self._free_if_abandoned()
            await asyncio.sleep(_CROSS_LOOP_POLL)
        self._holder = asyncio.get_running_loop()


class TokenAuth(httpx.Auth):
    """Logs in through `login` (sync) or `alogin` (async) when needed and authenticates requests.

    `login` and `alogin` return the generated `LoginResponse` and raise the typed errors of the
    client (they go through a client without this auth). A client gives the one its httpx
    client calls: httpx runs `sync_auth_flow` for an `httpx.Client` only, and
    `async_auth_flow` for an `httpx.AsyncClient` only. Its token state (`state`) is new, or,
    for one made by `with_login`, that of the `TokenAuth` it was made from.
    """

    requires_request_body = True  # a 401 replays the request: its body must be replayable

    def __init__(
        self,
        *,
        login: Callable[[], LoginResponse] | None = None,
        alogin: Callable[[], Awaitable[LoginResponse]] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._login = login
        self._alogin = alogin
        self.state = TokenState(clock)

    def with_login(
        self,
        *,
        login: Callable[[], LoginResponse] | None = None,
        alogin: Callable[[], Awaitable[LoginResponse]] | None = None,
    ) -> TokenAuth:
        """A `TokenAuth` sharing this one's token state that logs in through `login` / `alogin`:
        a client copy's, whose login goes out with the copy's own headers and timeout."""
        twin = copy.copy(self)  # the same `state`
        twin._login, twin._alogin = login, alogin
        return twin

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.state!r})"

    def invalidate(self) -> None:
        """Forget the token and any failed or refused login; the next call logs in again."""
        self.state.invalidate()

    def sync_token(self, stale: Token | None = None) -> Token:
        """A usable token; `stale` is one the server refused, which must not be reused."""
        if stale is None and (token := self.state.reusable()) is not None:
            return token  # the common case, without a call more per request
        return self.state.sync_token(_required(self._login), stale)

    def sync_auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response]:
        request.read()
        token = self.sync_token()
        response = yield _authorized(request, token)
        if response.status_code == 401:
            yield _authorized(request, self.sync_token(stale=token))

    async def async_token(self, stale: Token | None = None) -> Token:
        """The async twin of `sync_token`."""
        return await self.state.async_token(_required(self._alogin), stale)

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        await request.aread()
        token = self.state.reusable() or await self.async_token()  # no coroutine if it is fresh
        response = yield _authorized(request, token)
        if response.status_code == 401:
            yield _authorized(request, await self.async_token(stale=token))


_T = TypeVar("_T")
_E = TypeVar("_E", bound=QoloError)


def _copy(error: _E) -> _E:
    """A copy of a login's `error` for one more caller, chained to the same cause.

    One exception object must not collect several callers' tracebacks, and each caller's edge
    sets its own call's `idempotency_key` and `outcome_unknown` on what it raises.
    """
    duplicate = copy.copy(error)  # `QoloError.__reduce__`: the same class, args and attributes
    duplicate.__cause__ = error.__cause__
    return duplicate


def _retrieved(flight: asyncio.Future[Token]) -> None:
    """Mark a login task's failure as seen: its caller may have been cancelled, and the
    callers queued behind it got the failure from the token state (a copy of their own)."""
    if not flight.cancelled():
        flight.exception()


def _required(login: _T | None) -> _T:
    if login is None:  # a client gives the login of the flows its httpx client runs
        raise RuntimeError("this TokenAuth was not given a login for this kind of client")
    return login


def _outcome(login: Callable[[], LoginResponse]) -> LoginResponse | QoloError:
    """What a login came to: its answer, or the typed error it raised."""
    try:
        return login()
    except QoloError as exc:
        return exc


async def _aoutcome(alogin: Callable[[], Awaitable[LoginResponse]]) -> LoginResponse | QoloError:
    """The async twin of `_outcome`."""
    try:
        return await alogin()
    except QoloError as exc:
        return exc


def _authorized(request: httpx.Request, token: Token) -> httpx.Request:
    """`request` with `token` as its bearer credential."""
    request.headers["Authorization"] = f"Bearer {token.value}"
    return request
