"""The headers the client reads and sets: `Retry-After` and the idempotency key.

Nothing here logs or keeps a header: each function reads or writes one value.
"""

from __future__ import annotations

import email.utils
import uuid
from datetime import UTC, datetime

import httpx

from ._config import EXT_IDEMPOTENCY_HEADER

__all__ = ["add_idempotency_key", "idempotency_key", "parse_retry_after"]


def idempotency_key(request: httpx.Request) -> str | None:
    """The key `request` carries in its operation's idempotency header; None if it has none."""
    header = request.extensions.get(EXT_IDEMPOTENCY_HEADER)
    if not isinstance(header, str) or header not in request.headers:
        return None
    return request.headers[header]


def add_idempotency_key(request: httpx.Request) -> str | None:
    """Give a creating request its key, once per logical call; the key (None: not a create).

    The generated operation names its idempotency header in the request's extensions; a key the
    caller passed is kept, so that a call made again with `idempotency_key=` finishes the first.
    """
    header = request.extensions.get(EXT_IDEMPOTENCY_HEADER)
    if not isinstance(header, str):
        return None
    headers = request.headers
    if header not in headers:
        headers[header] = str(uuid.uuid4())
    return headers[header]


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
