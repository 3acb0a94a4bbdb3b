"""The `qolo` logger and the shape of its records.

DEBUG: one line per HTTP attempt (operation, method, path, status, attempt, elapsed, request id).
INFO: logins and token refreshes, and every retry with its reason and delay.

Records never carry headers, bodies, query strings, tokens or keys: only the values formatted
here, so nothing secret can reach a handler.
"""

from __future__ import annotations

import logging

import httpx

from ._config import EXT_OPERATION, REQUEST_ID_HEADER

__all__ = ["describe", "log_attempt", "logger"]

logger = logging.getLogger("qolo")


def describe(request: httpx.Request) -> str:
    """`create_card POST /api/v1/cards`: the operation, method and path (no query, no secrets)."""
    operation = request.extensions.get(EXT_OPERATION)
    prefix = f"{operation} " if isinstance(operation, str) else ""
    return f"{prefix}{request.method} {request.url.path}"


def log_attempt(
    request: httpx.Request,
    *,
    attempt: int,
    elapsed: float,
    response: httpx.Response | None = None,
    error: BaseException | None = None,
) -> None:
    """The DEBUG line of one attempt: its outcome, how long it took, the request id."""
    if not logger.isEnabledFor(logging.DEBUG):
        return
    if response is not None:
        outcome = str(response.status_code)
        request_id = response.headers.get(REQUEST_ID_HEADER, "-")
    else:
        outcome = type(error).__name__ if error is not None else "?"
        request_id = "-"
    logger.debug(
        "%s -> %s attempt=%d elapsed=%.3fs request_id=%s",
        describe(request),
        outcome,
        attempt,
        elapsed,
        request_id,
    )
