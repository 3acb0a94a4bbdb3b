"""Retrying transports: wrappers around any httpx transport, sync and async side by side.

A request is retried when it is safe to send again (an idempotent method, or a request that
carries its idempotency key, so the platform replays instead of creating twice) and the attempt
failed in a way worth retrying: a connection error or timeout, or 408, 409 (the same key still
in flight), 429 or any 5xx. The wait is exponential with jitter, or the response's
`Retry-After` (seconds or an HTTP date). The same request object, with the same headers and
body, is sent on every attempt.

**A `Retry-After` longer than the cap** (`RetryPolicy.retry_after_cap`, 60 s) is neither cut
short nor waited: the response is returned without a retry, so the client raises its error at
once, with `retry_after` set. Retrying before the time the server asked for would most likely
be refused again (and load a server that said it is overloaded), and waiting an hour inside a
call holds the caller's thread or task with no way to see why or to give up. Told how long, the
caller decides: wait, queue the work for later, or fail. A `Retry-After` up to the cap is
waited in full.

**Outcomes.** An attempt's outcome is *unknown* when the request may have reached the server
and taken effect: any transport failure once the connection was made (a write or read error or
timeout, a connection dropped before the answer) and any 5xx or 409 (the same key still in
flight) answer. Such an attempt marks the request (the `EXT_OUTCOME_UNKNOWN` extension), and
the client's error then says `outcome_unknown`. A failure to connect (refused, connect or pool
timeout, proxy) sent nothing, and any other answer (a 4xx refusal, 408, 429) did nothing.

**A DELETE that answers 404 after an attempt with an unknown outcome counts as deleted**: the
transport returns a 204 without a body (the contract's success for a DELETE) instead of the
404, and logs it at INFO. The earlier attempt most likely deleted the resource and its answer
was lost; whatever happened, the resource is gone, which is all a DELETE asks for, and retrying
a DELETE is only safe if a retry cannot turn its success into a `NotFoundError`. A 404 to the
first attempt, or after attempts that certainly did nothing, stays a 404.
"""

from __future__ import annotations

import asyncio
import email.utils
import random
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

import httpx

from ._config import (
    EXT_IDEMPOTENCY_HEADER,
    EXT_OUTCOME_UNKNOWN,
    IDEMPOTENT_METHODS,
    REQUEST_ID_HEADER,
    RETRYABLE_STATUSES,
    RetryPolicy,
)
from ._logging import describe, log_attempt, logger

__all__ = [
    "AsyncRetryTransport",
    "RetryTransport",
    "attempt_outcome_unknown",
    "idempotency_key",
    "is_retryable_request",
    "outcome_unknown",
    "parse_retry_after",
    "retry_delay",
]

#: Transport failures after which a safe request may be sent again.
_RETRYABLE_ERRORS: tuple[type[httpx.TransportError], ...] = (
    httpx.TimeoutException,
    httpx.NetworkError,
    httpx.RemoteProtocolError,
)
#: Transport failures before anything was sent: no connection was made.
_NOT_SENT_ERRORS: tuple[type[httpx.TransportError], ...] = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    httpx.ProxyError,
    httpx.UnsupportedProtocol,
)


def idempotency_key(request: httpx.Request) -> str | None:
    """The key `request` carries in its operation's idempotency header; None if it has none."""
    header = request.extensions.get(EXT_IDEMPOTENCY_HEADER)
    if isinstance(header, str) and header in request.headers:
        return request.headers[header]
    return None


def is_retryable_request(request: httpx.Request) -> bool:
    """Whether sending `request` twice cannot do anything twice."""
    return request.method in IDEMPOTENT_METHODS or idempotency_key(request) is not None


def attempt_outcome_unknown(outcome: httpx.Response | BaseException) -> bool:
    """Whether an attempt that ended with `outcome` may have reached the server and acted."""
    if isinstance(outcome, httpx.Response):
        return outcome.status_code >= 500 or outcome.status_code == 409
    return not isinstance(outcome, _NOT_SENT_ERRORS)


def outcome_unknown(request: httpx.Request) -> bool:
    """Whether an attempt of `request` so far may have reached the server and acted."""
    return request.extensions.get(EXT_OUTCOME_UNKNOWN) is True


def parse_retry_after(value: str | None) -> float | None:
    """`Retry-After` in seconds from now, from delay-seconds or an HTTP date; None if unusable."""
    if value is None:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def retry_delay(policy: RetryPolicy, retry: int, response: httpx.Response | None) -> float | None:
    """Seconds to wait before retry number `retry` (0-based).

    None when the response's `Retry-After` is longer than `policy.retry_after_cap`: then there
    is no retry (see the module docstring).
    """
    if response is not None:
        advised = parse_retry_after(response.headers.get("Retry-After"))
        if advised is not None:
            return advised if advised <= policy.retry_after_cap else None
    delay = min(policy.backoff_cap, policy.backoff_base * 2.0**retry)
    return delay * (1.0 - policy.jitter * random.random())


def _should_retry_status(status: int) -> bool:
    return status in RETRYABLE_STATUSES or 500 <= status <= 599


def _record(
    request: httpx.Request,
    outcome: httpx.Response | httpx.TransportError,
    *,
    attempt: int,
    started: float,
) -> None:
    """Log an attempt and mark the request if the attempt's outcome is unknown."""
    elapsed = time.monotonic() - started
    if isinstance(outcome, httpx.Response):
        log_attempt(request, attempt=attempt, elapsed=elapsed, response=outcome)
    else:
        log_attempt(request, attempt=attempt, elapsed=elapsed, error=outcome)
    if attempt_outcome_unknown(outcome):
        request.extensions[EXT_OUTCOME_UNKNOWN] = True


def _next_delay(
    policy: RetryPolicy,
    request: httpx.Request,
    retry: int,
    retry_allowed: bool,
    outcome: httpx.Response | httpx.TransportError,
) -> float | None:
    """Seconds to wait before retrying after `outcome`; None to stop and hand `outcome` on."""
    if not retry_allowed or retry >= policy.max_retries:
        return None
    if isinstance(outcome, httpx.Response):
        if not _should_retry_status(outcome.status_code):
            return None
        reason = f"status {outcome.status_code}"
        delay = retry_delay(policy, retry, outcome)
    else:
        if not isinstance(outcome, _RETRYABLE_ERRORS):
            return None
        reason = type(outcome).__name__
        delay = retry_delay(policy, retry, None)
    if delay is None:
        logger.info(
            "not retrying %s after %s: its Retry-After is longer than the %gs cap",
            describe(request),
            reason,
            policy.retry_after_cap,
        )
        return None
    logger.info(
        "retrying %s after %s in %.2fs (retry %d of %d)",
        describe(request),
        reason,
        delay,
        retry + 1,
        policy.max_retries,
    )
    return delay


def _deleted(
    request: httpx.Request, response: httpx.Response, earlier_unknown: bool
) -> httpx.Response | None:
    """The 204 a DELETE's 404 stands for after an attempt with an unknown outcome, else None."""
    if not (earlier_unknown and request.method == "DELETE" and response.status_code == 404):
        return None
    logger.info(
        "%s answered 404 after an attempt whose outcome is unknown: counted as deleted",
        describe(request),
    )
    request_id = response.headers.get(REQUEST_ID_HEADER)
    headers = {REQUEST_ID_HEADER: request_id} if request_id is not None else None
    return httpx.Response(204, headers=headers, request=request)


def _discard(response: httpx.Response) -> None:
    """Read and close a response that is not handed on, releasing its connection."""
    try:
        response.read()
    except httpx.RequestError:  # a broken or undecodable body: closing is enough
        pass
    finally:
        response.close()


async def _adiscard(response: httpx.Response) -> None:
    """The async twin of `_discard`."""
    try:
        await response.aread()
    except httpx.RequestError:
        pass
    finally:
        await response.aclose()


class RetryTransport(httpx.BaseTransport):
    """Wraps a transport and retries safe requests; `close()` closes the wrapped transport.

    `always_safe=True` treats every request as safe to repeat (for the login client: a login
    creates nothing).
    """

    def __init__(
        self,
        transport: httpx.BaseTransport,
        *,
        policy: RetryPolicy,
        sleep: Callable[[float], None] = time.sleep,
        always_safe: bool = False,
    ) -> None:
        self._transport = transport
        self._policy = policy
        self._sleep = sleep
        self._always_safe = always_safe

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        policy = self._policy
        retry_allowed = policy.max_retries > 0 and (
            self._always_safe or is_retryable_request(request)
        )
        if retry_allowed:
            request.read()  # a replayable body, whatever stream it came from
        retry = 0
        while True:
            earlier_unknown = outcome_unknown(request)
            started = time.monotonic()
            try:
                response = self._transport.handle_request(request)
            except httpx.TransportError as exc:
                _record(request, exc, attempt=retry + 1, started=started)
                delay = _next_delay(policy, request, retry, retry_allowed, exc)
                if delay is None:
                    raise
            else:
                _record(request, response, attempt=retry + 1, started=started)
                deleted = _deleted(request, response, earlier_unknown)
                if deleted is not None:
                    _discard(response)
                    return deleted
                delay = _next_delay(policy, request, retry, retry_allowed, response)
                if delay is None:
                    return response
                _discard(response)
            self._sleep(delay)
            retry += 1

    def close(self) -> None:
        self._transport.close()


class AsyncRetryTransport(httpx.AsyncBaseTransport):
    """The async twin of `RetryTransport`."""

    def __init__(
        self,
        transport: httpx.AsyncBaseTransport,
        *,
        policy: RetryPolicy,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        always_safe: bool = False,
    ) -> None:
        self._transport = transport
        self._policy = policy
        self._sleep = sleep
        self._always_safe = always_safe

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        policy = self._policy
        retry_allowed = policy.max_retries > 0 and (
            self._always_safe or is_retryable_request(request)
        )
        if retry_allowed:
            await request.aread()
        retry = 0
        while True:
            earlier_unknown = outcome_unknown(request)
            started = time.monotonic()
            try:
                response = await self._transport.handle_async_request(request)
            except httpx.TransportError as exc:
                _record(request, exc, attempt=retry + 1, started=started)
                delay = _next_delay(policy, request, retry, retry_allowed, exc)
                if delay is None:
                    raise
            else:
                _record(request, response, attempt=retry + 1, started=started)
                deleted = _deleted(request, response, earlier_unknown)
                if deleted is not None:
                    await _adiscard(response)
                    return deleted
                delay = _next_delay(policy, request, retry, retry_allowed, response)
                if delay is None:
                    return response
                await _adiscard(response)
            await self._sleep(delay)
            retry += 1

    async def aclose(self) -> None:
        await self._transport.aclose()
