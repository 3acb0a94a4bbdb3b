"""Retry decisions: pure functions of the policy, the attempt number and the attempt's outcome.

A request is retried when it is safe to send again (an idempotent method, or a request that
carries its idempotency key, so the platform replays instead of creating twice) and the attempt
failed in a way worth retrying: a connection error or timeout, or 408, 409 (the same key still
in flight), 429 or any 5xx. Any other request (a POST without a key) is retried only after an
attempt that certainly did nothing: one that could not connect (refused, a connect or pool
timeout: nothing was sent), or its 429 (the contract's `TooManyRequests`, after the guide: the
API gateway refused the request before it reached the service).

The wait is exponential with jitter, or the response's `Retry-After` (seconds or an HTTP date);
one that gives no wait (not a number of seconds, a negative or non-finite one, a date already
past) is ignored, and the backoff applies (see `parse_retry_after`).

**A `Retry-After` longer than the cap** (`RetryPolicy.retry_after_cap`, 60 s) is neither cut
short nor waited: the response is returned without a retry, so the client raises its error at
once, with `retry_after` set. Retrying before the time the server asked for would most likely
be refused again (and load a server that said it is overloaded), and waiting an hour inside a
call holds the caller's thread or task with no way to see why or to give up. Told how long, the
caller decides: wait, queue the work for later, or fail. A `Retry-After` up to the cap is
waited in full.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import httpx

from ._config import DEFAULT_MAX_RETRIES, IDEMPOTENT_METHODS, RETRYABLE_STATUSES
from ._headers import idempotency_key, parse_retry_after
from ._outcomes import attempt_outcome_unknown

__all__ = ["RetryPolicy", "is_retryable_request", "is_retryable_status", "may_send_again"]

#: Transport failures after which a safe request may be sent again.
_RETRYABLE_ERRORS: tuple[type[httpx.TransportError], ...] = (
    httpx.TimeoutException,
    httpx.NetworkError,
    httpx.RemoteProtocolError,
)


def is_retryable_request(request: httpx.Request) -> bool:
    """Whether sending `request` twice cannot do anything twice."""
    return request.method in IDEMPOTENT_METHODS or idempotency_key(request) is not None


def may_send_again(request: httpx.Request, outcome: httpx.Response | httpx.TransportError) -> bool:
    """Whether `request` may be sent again after an attempt that ended with `outcome`: always if
    sending it twice cannot do anything twice, else only if that attempt sent nothing or was
    throttled (a 429 is the gateway's refusal: nothing was done)."""
    if is_retryable_request(request):
        return True
    if isinstance(outcome, httpx.Response):
        return outcome.status_code == 429
    return not attempt_outcome_unknown(outcome)


def is_retryable_status(status: int) -> bool:
    """Whether an answer with `status` is worth another attempt."""
    return status in RETRYABLE_STATUSES or 500 <= status <= 599


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often and how patiently a request is retried.

    The n-th retry (n = 0, 1, ...) waits `min(backoff_cap, backoff_base * 2**n)` seconds, scaled
    by a random jitter factor in `[1 - jitter, 1]`, unless the response says `Retry-After`: that
    is waited in full when it is at most `retry_after_cap` seconds; a longer one is not retried
    at all (the error raised says `retry_after`). `retry_throttled=False` never retries a 429
    (the login's policy: a throttled login is most likely a wrong key, and each attempt would
    spend one more of its failures and wait out the `Retry-After` inside the call).
    """

    max_retries: int = DEFAULT_MAX_RETRIES
    backoff_base: float = 0.5
    backoff_cap: float = 8.0
    jitter: float = 0.25
    retry_after_cap: float = 60.0
    retry_throttled: bool = True

    def __post_init__(self) -> None:
        if isinstance(self.max_retries, bool) or not isinstance(self.max_retries, int):
            raise TypeError("max_retries must be an int")
        if self.max_retries < 0:
            raise ValueError("max_retries must be >= 0")

    def next_delay(self, retry: int, outcome: httpx.Response | BaseException) -> float | None:
        """Seconds to wait before retry number `retry` (0-based) of a request that is safe to
        send again, after an attempt that ended with `outcome`; None to stop and hand it on."""
        if retry >= self.max_retries:
            return None
        if isinstance(outcome, httpx.Response):
            if not is_retryable_status(outcome.status_code):
                return None
            if self.refusal(outcome) is not None:
                return None
            advised = parse_retry_after(outcome.headers.get("Retry-After"))
            if advised is not None:
                return advised
        elif not isinstance(outcome, _RETRYABLE_ERRORS):
            return None
        return self.backoff(retry)

    def refusal(self, response: httpx.Response) -> str | None:
        """Why `response`, of a status worth another attempt, is not retried however many
        retries are left (for a log line); None if it is retried, or its status never is."""
        status = response.status_code
        if not is_retryable_status(status):
            return None
        advised = parse_retry_after(response.headers.get("Retry-After"))
        if status == 429 and not self.retry_throttled:
            wait = "" if advised is None else f" (it asks for a wait of {advised:g}s)"
            return f"this request is never retried when throttled{wait}"
        if advised is not None and advised > self.retry_after_cap:
            return (
                f"its Retry-After ({advised:g}s) is longer than the {self.retry_after_cap:g}s cap"
            )
        return None

    def backoff(self, retry: int) -> float:
        """The jittered exponential wait before retry number `retry` (0-based)."""
        delay = min(self.backoff_cap, self.backoff_base * 2.0**retry)
        return delay * (1.0 - self.jitter * random.random())
