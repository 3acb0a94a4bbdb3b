"""The headers the client reads and sets: `Retry-After` and the idempotency key.

Nothing here logs or keeps a header: each function reads or writes one value.
"""

from __future__ import annotations

import email.utils
import re
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
    """`Retry-After` in seconds from now, from delay-seconds or an HTTP date; None if unusable.

    - Delay-seconds are ASCII digits, with an optional fraction (RFC 9110's `1*DIGIT`, a
      fraction tolerated). Anything else Python's `float` reads is no delay and is ignored: a
      negative number, `nan`, `inf`, an exponent (`1e400`), `1_0`, a sign.
    - An HTTP date gives the seconds until then. **A date that is not in the future is ignored**
      rather than read as 0: it says that the wait is over, not how long a retry should wait
      (the server's clock and ours may disagree, or the answer was kept past its time), and
      retrying at once, without the backoff, is what a server that asked for time needs least.
    - **Every wait is at most a day** (`_LONGEST_RETRY_AFTER`): more (a 400-digit number, a date
      centuries away) reads as a day. So the value is always finite and small enough for any
      sleep or timer (`time.sleep`, `asyncio.sleep`, `threading.Event.wait`) to take.

    None (no header, or one ignored as above): the client waits its own backoff, and an error's
    `retry_after` is None.
    """
    if value is None:
        return None
    value = value.strip()
    if _DELAY_SECONDS.fullmatch(value):
        return min(float(value), _LONGEST_RETRY_AFTER)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    seconds = (when - datetime.now(UTC)).total_seconds()
    return min(seconds, _LONGEST_RETRY_AFTER) if seconds > 0 else None


#: Delay-seconds: ASCII digits, and a fraction if any (`str.isdigit` takes other scripts' too).
_DELAY_SECONDS = re.compile(r"[0-9]+(?:\.[0-9]+)?")
#: The longest wait a `Retry-After` is read as: a day.
_LONGEST_RETRY_AFTER = 24 * 3600.0
