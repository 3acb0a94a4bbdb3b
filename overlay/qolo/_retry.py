"""Retrying transports: wrappers around any httpx transport, sync and async side by side.

A request is retried when it is safe to send again (an idempotent method, or a request that
carries its idempotency key, so the platform replays instead of creating twice) and the attempt
failed in a way worth retrying: a connection error or timeout, or 408, 409 (the same key still
in flight), 429 or any 5xx. The wait is exponential with jitter, or the response's
`Retry-After` (seconds or an HTTP date) capped by the policy. The same request object, with the
same headers and body, is sent on every attempt.
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
    IDEMPOTENT_METHODS,
    RETRYABLE_STATUSES,
    RetryPolicy,
)
from ._logging import describe, log_attempt, logger

__all__ = [
    "AsyncRetryTransport",
    "RetryTransport",
    "is_retryable_request",
    "parse_retry_after",
    "retry_delay",
]

#: Transport failures after which a safe request may be sent again.
_RETRYABLE_ERRORS: tuple[type[httpx.TransportError], ...] = (
    httpx.TimeoutException,
    httpx.NetworkError,
    httpx.RemoteProtocolError,
)


def is_retryable_request(request: httpx.Request) -> bool:
    """Whether sending `request` twice cannot do anything twice."""
    if request.method in IDEMPOTENT_METHODS:
        return True
    header = request.extensions.get(EXT_IDEMPOTENCY_HEADER)
    return isinstance(header, str) and header in request.headers


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


def retry_delay(policy: RetryPolicy, retry: int, response: httpx.Response | None) -> float:
    """Seconds to wait before retry number `retry` (0-based)."""
    if response is not None:
        advised = parse_retry_after(response.headers.get("Retry-After"))
        if advised is not None:
            return min(advised, policy.retry_after_cap)
    delay = min(policy.backoff_cap, policy.backoff_base * 2.0**retry)
    return delay * (1.0 - policy.jitter * random.random())


def _should_retry_status(status: int) -> bool:
    return status in RETRYABLE_STATUSES or 500 <= status <= 599


def _log_retry(
    request: httpx.Request, reason: str, delay: float, retry: int, policy: RetryPolicy
) -> None:
    logger.info(
        "retrying %s after %s in %.2fs (retry %d of %d)",
        describe(request),
        reason,
        delay,
        retry + 1,
        policy.max_retries,
    )


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
            started = time.monotonic()
            try:
                response = self._transport.handle_request(request)
            except _RETRYABLE_ERRORS as exc:
                log_attempt(
                    request, attempt=retry + 1, elapsed=time.monotonic() - started, error=exc
                )
                if not retry_allowed or retry >= policy.max_retries:
                    raise
                delay = retry_delay(policy, retry, None)
                _log_retry(request, type(exc).__name__, delay, retry, policy)
            else:
                elapsed = time.monotonic() - started
                log_attempt(request, attempt=retry + 1, elapsed=elapsed, response=response)
                if (
                    not retry_allowed
                    or retry >= policy.max_retries
                    or not _should_retry_status(response.status_code)
                ):
                    return response
                delay = retry_delay(policy, retry, response)
                try:
                    response.read()  # release the connection for the next attempt
                except httpx.TransportError:
                    pass
                finally:
                    response.close()
                _log_retry(request, f"status {response.status_code}", delay, retry, policy)
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
            started = time.monotonic()
            try:
                response = await self._transport.handle_async_request(request)
            except _RETRYABLE_ERRORS as exc:
                log_attempt(
                    request, attempt=retry + 1, elapsed=time.monotonic() - started, error=exc
                )
                if not retry_allowed or retry >= policy.max_retries:
                    raise
                delay = retry_delay(policy, retry, None)
                _log_retry(request, type(exc).__name__, delay, retry, policy)
            else:
                elapsed = time.monotonic() - started
                log_attempt(request, attempt=retry + 1, elapsed=elapsed, response=response)
                if (
                    not retry_allowed
                    or retry >= policy.max_retries
                    or not _should_retry_status(response.status_code)
                ):
                    return response
                delay = retry_delay(policy, retry, response)
                try:
                    await response.aread()
                except httpx.TransportError:
                    pass
                finally:
                    await response.aclose()
                _log_retry(request, f"status {response.status_code}", delay, retry, policy)
            await self._sleep(delay)
            retry += 1

    async def aclose(self) -> None:
        await self._transport.aclose()
