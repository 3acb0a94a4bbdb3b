"""Retrying transports: wrappers around any httpx transport, sync and async side by side.

Both loops are thin: what to do after each attempt (log it, remember an unknown outcome, wait
and retry, or hand the outcome on) is `_Call`'s to decide, with the pure `RetryPolicy` (see
`_policy.py` for what is retried and how long it waits). The same request object, with the
same headers and body, is sent on every attempt; an attempt that may have reached the server
marks it (see `_outcomes.py`).

**An attempt is over when its body is read, not when its headers arrive**: the body of every
response is read off the connection inside the attempt (kept as it came, still to be decoded),
so a connection that drops or times out in the middle of a body is that attempt's transport
failure, retried under the same rules as one before the headers (the same key, for a create).
Only a call that asks for a stream (`send(..., stream=True)`, which the edge marks with
`EXT_STREAM`) gets its body as it arrives, and a failure while reading it is the caller's.

**A DELETE that answers 404 after an attempt with an unknown outcome counts as deleted**: the
transport returns a 204 without a body (the contract's success for a DELETE) instead of the
404, and logs it at INFO. The earlier attempt most likely deleted the resource and its answer
was lost; whatever happened, the resource is gone, which is all a DELETE asks for, and retrying
a DELETE is only safe if a retry cannot turn its success into a `NotFoundError`. A 404 to the
first attempt, or after attempts that certainly did nothing, stays a 404.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

import httpx

from ._config import REQUEST_ID_HEADER
from ._logging import describe, log_attempt, logger
from ._outcomes import attempt_outcome_unknown, mark_outcome_unknown, outcome_unknown
from ._policy import RetryPolicy, may_send_again

__all__ = ["EXT_STREAM", "AsyncRetryTransport", "RetryTransport"]

#: The request extension the edge sets to True for a call whose caller reads the body as a
#: stream: its body is then not read inside the attempt.
EXT_STREAM = "qolo_stream"

_Inner = TypeVar("_Inner", httpx.BaseTransport, httpx.AsyncBaseTransport)
_Sleep = TypeVar("_Sleep", Callable[[float], None], Callable[[float], Awaitable[None]])


class _Call:
    """The attempts of one request: after each, whether to retry, after how long, or stop."""

    __slots__ = (
        "_always_safe",
        "_policy",
        "_request",
        "_retry",
        "_started",
        "delay",
        "earlier_unknown",
    )

    def __init__(self, request: httpx.Request, policy: RetryPolicy, always_safe: bool) -> None:
        self._request = request
        self._policy = policy
        self._always_safe = always_safe
        self._retry = 0
        self._started = 0.0
        self.earlier_unknown = False
        self.delay = 0.0  # the wait before the next attempt, once `failed` / `answered` decided

    def start(self) -> None:
        """An attempt begins."""
        self.earlier_unknown = outcome_unknown(self._request)
        self._started = time.monotonic()

    def failed(self, error: httpx.TransportError) -> bool:
        """The attempt raised `error`: whether to retry (after `delay`) instead of raising it."""
        self._record(error)
        return self._decide(error)

    def answered(self, response: httpx.Response) -> httpx.Response | None:
        """The attempt got `response`: the response to hand on, or None to retry after `delay`.

        What is handed on is `response` itself, or the 204 a DELETE's 404 stands for; a
        response not handed on is the caller's to discard.
        """
        self._record(response)
        if self.earlier_unknown and response.status_code == 404:
            deleted = self._deleted(response)
            if deleted is not None:
                return deleted
        return None if self._decide(response) else response

    def _record(self, outcome: httpx.Response | httpx.TransportError) -> None:
        """Log the attempt and mark the request if its outcome is unknown."""
        request = self._request
        if logger.isEnabledFor(logging.DEBUG):
            elapsed = time.monotonic() - self._started
            attempt = self._retry + 1
            if isinstance(outcome, httpx.Response):
                log_attempt(request, attempt=attempt, elapsed=elapsed, response=outcome)
            else:
                log_attempt(request, attempt=attempt, elapsed=elapsed, error=outcome)
        if attempt_outcome_unknown(outcome):
            mark_outcome_unknown(request)

    def _decide(self, outcome: httpx.Response | httpx.TransportError) -> bool:
        if not (self._always_safe or may_send_again(self._request, outcome)):
            return False
        policy, retry = self._policy, self._retry
        delay = policy.next_delay(retry, outcome)
        if delay is None:
            if isinstance(outcome, httpx.Response) and retry < policy.max_retries:
                self._log_refusal(outcome)
            return False
        reason = (
            f"status {outcome.status_code}"
            if isinstance(outcome, httpx.Response)
            else type(outcome).__name__
        )
        logger.info(
            "retrying %s after %s in %.2fs (retry %d of %d)",
            describe(self._request),
            reason,
            delay,
            retry + 1,
            policy.max_retries,
        )
        self.delay = delay
        self._retry = retry + 1
        return True

    def _log_refusal(self, response: httpx.Response) -> None:
        """A retryable answer not retried with retries left: say why (`RetryPolicy.refusal`)."""
        if (reason := self._policy.refusal(response)) is not None:
            logger.info(
                "not retrying %s after status %d: %s",
                describe(self._request),
                response.status_code,
                reason,
            )

    def _deleted(self, response: httpx.Response) -> httpx.Response | None:
        """The 204 a DELETE's 404 stands for after an attempt with an unknown outcome."""
        request = self._request
        if request.method != "DELETE":
            return None
        logger.info(
            "%s answered 404 after an attempt whose outcome is unknown: counted as deleted",
            describe(request),
        )
        request_id = response.headers.get(REQUEST_ID_HEADER)
        headers = {REQUEST_ID_HEADER: request_id} if request_id is not None else None
        return httpx.Response(204, headers=headers, request=request)


def _read_body(response: httpx.Response) -> None:
    """Read `response`'s body off the connection, as it came (not decoded yet).

    A transport failure while reading is raised, the connection closed; read, the body replaces
    the response's stream, which the caller reads and decodes as it would have from the network.
    """
    stream = response.stream
    assert isinstance(stream, httpx.SyncByteStream)  # as httpx.Client asserts of a transport's
    try:
        body = b"".join(stream)
    finally:
        stream.close()
    response.stream = httpx.ByteStream(body)


async def _aread_body(response: httpx.Response) -> None:
    """The async twin of `_read_body`."""
    stream = response.stream
    assert isinstance(stream, httpx.AsyncByteStream)
    try:
        body = b"".join([chunk async for chunk in stream])
    finally:
        await stream.aclose()
    response.stream = httpx.ByteStream(body)


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


class _RetryLayer(Generic[_Inner, _Sleep]):
    """What both retry transports hold: the wrapped transport, the policy and how to wait.

    `always_safe=True` treats every request as safe to repeat (for the login client: a login
    creates nothing). `owns_transport=False` leaves the wrapped transport open on `close()`
    (the login client's: it shares the calls' transport, which their retry layer closes).
    """

    def __init__(
        self,
        transport: _Inner,
        *,
        policy: RetryPolicy,
        sleep: _Sleep,
        always_safe: bool = False,
        owns_transport: bool = True,
    ) -> None:
        self._transport: _Inner = transport
        self._policy = policy
        self._sleep: _Sleep = sleep
        self._always_safe = always_safe
        self._owns_transport = owns_transport
        self._closed = False

    def _check_open(self, request: httpx.Request) -> None:
        """Before each attempt: a client closed meanwhile sends nothing more (a call in flight,
        waiting for its login or its next retry, would open a connection no one closes)."""
        if self._closed:
            raise httpx.ConnectError("the client has been closed", request=request)


class RetryTransport(
    _RetryLayer[httpx.BaseTransport, Callable[[float], None]], httpx.BaseTransport
):
    """Wraps a transport and retries safe requests; `close()` closes the wrapped transport."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        call = _Call(request, self._policy, self._always_safe)
        if self._policy.max_retries > 0:
            request.read()  # a replayable body, whatever stream it came from
        whole = request.extensions.get(EXT_STREAM) is not True
        while True:
            self._check_open(request)
            call.start()
            try:
                response = self._transport.handle_request(request)
                if whole:
                    _read_body(response)
            except httpx.TransportError as exc:
                if not call.failed(exc):
                    raise
            else:
                if (kept := call.answered(response)) is not response:
                    _discard(response)
                if kept is not None:
                    return kept
            self._sleep(call.delay)

    def close(self) -> None:
        self._closed = True
        if self._owns_transport:
            self._transport.close()


class AsyncRetryTransport(
    _RetryLayer[httpx.AsyncBaseTransport, Callable[[float], Awaitable[None]]],
    httpx.AsyncBaseTransport,
):
    """The async twin of `RetryTransport`."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        call = _Call(request, self._policy, self._always_safe)
        if self._policy.max_retries > 0:
            await request.aread()
        whole = request.extensions.get(EXT_STREAM) is not True
        while True:
            self._check_open(request)
            call.start()
            try:
                response = await self._transport.handle_async_request(request)
                if whole:
                    await _aread_body(response)
            except httpx.TransportError as exc:
                if not call.failed(exc):
                    raise
            else:
                if (kept := call.answered(response)) is not response:
                    await _adiscard(response)
                if kept is not None:
                    return kept
            await self._sleep(call.delay)

    async def aclose(self) -> None:
        self._closed = True
        if self._owns_transport:
            await self._transport.aclose()
