"""Whether a call may have taken effect although it failed: its outcome is *unknown*.

An attempt's outcome is unknown when the request may have reached the server and acted: any
transport failure once the connection was made (a write or read error or timeout, a connection
dropped before the answer) and any 5xx or 409 (the same key still in flight) answer. A failure
to connect (refused, connect or pool timeout, proxy) sent nothing, and any other answer (a 4xx
refusal, 408, 429) did nothing. The retry layer marks the request after such an attempt, so the
error the call finally raises can say `outcome_unknown` whatever its last attempt was.
"""

from __future__ import annotations

import httpx

from ._config import EXT_OUTCOME_UNKNOWN

__all__ = ["attempt_outcome_unknown", "mark_outcome_unknown", "outcome_unknown"]

#: Transport failures before anything was sent: no connection was made.
_NOT_SENT_ERRORS: tuple[type[httpx.TransportError], ...] = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    httpx.ProxyError,
    httpx.UnsupportedProtocol,
)


def attempt_outcome_unknown(outcome: httpx.Response | BaseException) -> bool:
    """Whether an attempt that ended with `outcome` may have reached the server and acted."""
    if isinstance(outcome, httpx.Response):
        status = outcome.status_code
        return status >= 500 or status == 409
    return not isinstance(outcome, _NOT_SENT_ERRORS)


def outcome_unknown(request: httpx.Request) -> bool:
    """Whether an attempt of `request` so far may have reached the server and acted."""
    return request.extensions.get(EXT_OUTCOME_UNKNOWN) is True


def mark_outcome_unknown(request: httpx.Request) -> None:
    """Remember on `request` that one of its attempts may have reached the server and acted."""
    request.extensions[EXT_OUTCOME_UNKNOWN] = True
