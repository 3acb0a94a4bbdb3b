"""The one edge where a call's failures become typed errors: an httpx client's `send`.

`EdgeClient.send` (and its async twin) gives a creating POST its idempotency key once per
logical call, turns httpx transport errors into `APIConnectionError` / `APITimeoutError`, every
non-2xx response into the typed `APIStatusError` subclass and a body that cannot be decoded
into one of those, and gives every error the call's `idempotency_key` and `outcome_unknown`
(whether any attempt may have reached the server: the retry layer marks the request), an error
of the login made on the way included. Its cookie jar keeps nothing (see `_NoCookies`).
"""

from __future__ import annotations

from typing import Any, NoReturn

import httpx

from ._exceptions import QoloError
from ._headers import add_idempotency_key
from ._outcomes import attempt_outcome_unknown, outcome_unknown
from ._retry import EXT_STREAM
from ._translate import connection_error, status_error, undecodable_error

__all__ = ["AsyncEdgeClient", "EdgeClient"]


def _unknown(request: httpx.Request, last: httpx.Response | Exception) -> bool:
    """Whether the call may have taken effect: an attempt so far, or the `last` one, says so."""
    return outcome_unknown(request) or attempt_outcome_unknown(last)


def _raise_typed(
    exc: httpx.RequestError | QoloError,
    request: httpx.Request,
    response: httpx.Response | None,
    key: str | None,
) -> NoReturn:
    """While `exc` is handled: raise the call's typed error for it.

    A transport failure (sending, or reading the answer) is an `APIConnectionError`, a body that
    cannot be decoded the status's error without a body, and an error of the login made on the
    way (already typed) is raised as it is, saying what became of the call.
    """
    if isinstance(exc, QoloError):
        failed = getattr(exc, "request", None)
        if isinstance(failed, httpx.Request) and failed.url.path != request.url.path:
            # the login's error, raised from this call: say so where a traceback shows it
            exc.add_note(f"raised by the login ({failed.method} {failed.url.path}) the call needed")
        exc.idempotency_key = key
        exc.outcome_unknown = outcome_unknown(request)
        raise  # `exc` itself, which the caller is handling
    if response is not None and isinstance(exc, httpx.DecodingError):
        unknown = _unknown(request, response)
        error = undecodable_error(response, exc, idempotency_key=key, outcome_unknown=unknown)
        raise error from exc
    unknown = _unknown(request, exc)
    raise connection_error(exc, request, idempotency_key=key, outcome_unknown=unknown) from exc


def _checked(response: httpx.Response, request: httpx.Request, key: str | None) -> httpx.Response:
    """`response` if it is a success, else its typed error (its body is read and closed)."""
    if response.is_success:
        return response
    unknown = _unknown(request, response)
    raise status_error(response, idempotency_key=key, outcome_unknown=unknown)


#: What `send` turns into typed errors: httpx's failures, and the login's (already typed).
_FAILURES = (httpx.TransportError, httpx.DecodingError, QoloError)


class _NoCookies(httpx.Cookies):
    """A cookie jar that keeps nothing a response sets.

    The API authenticates every call with its bearer token and sets no cookies, and httpx reads
    each response into its jar through urllib's cookie machinery: about a fifth of the client's
    CPU time per call, for nothing. A cookie a proxy sets is not sent back either.
    """

    def extract_cookies(self, response: httpx.Response) -> None:
        """Keep nothing."""


class EdgeClient(httpx.Client):
    """An `httpx.Client` whose `send` raises the typed errors (see the module docstring)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._cookies = _NoCookies()  # what the `cookies` property returns (httpx < 0.29)

    def send(
        self, request: httpx.Request, *, stream: bool = False, **kwargs: Any
    ) -> httpx.Response:
        key = add_idempotency_key(request)
        request.extensions[EXT_STREAM] = stream  # else the retry layer reads the body
        response = None
        try:
            response = super().send(request, stream=True, **kwargs)
            if stream and response.is_success:
                return response
            response.read()
        except _FAILURES as exc:
            if response is not None:
                response.close()
            _raise_typed(exc, request, response, key)
        return _checked(response, request, key)


class AsyncEdgeClient(httpx.AsyncClient):
    """The async twin of `EdgeClient`."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._cookies = _NoCookies()

    async def send(
        self, request: httpx.Request, *, stream: bool = False, **kwargs: Any
    ) -> httpx.Response:
        key = add_idempotency_key(request)
        request.extensions[EXT_STREAM] = stream
        response = None
        try:
            response = await super().send(request, stream=True, **kwargs)
            if stream and response.is_success:
                return response
            await response.aread()
        except _FAILURES as exc:
            if response is not None:
                await response.aclose()
            _raise_typed(exc, request, response, key)
        return _checked(response, request, key)
