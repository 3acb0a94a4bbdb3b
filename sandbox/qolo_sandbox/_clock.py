"""A controllable clock: real time plus an offset that the test controls can advance.

Everything time-dependent (token expiry, idempotency retention, webhook retry schedule,
timestamps) reads this clock, so tests move time forward instead of sleeping.

Two spellings of a moment, as the contract has them:
- `platform_time` (`Clock.stamp`): the platform's own, for the timestamps of resources (cards,
  subscriptions): UTC without an offset, to the millisecond, `2026-12-02T08:30:00.123`; a time
  that is not set is `NEVER`, `0001-01-01T00:00:00` (.NET's `DateTime.MinValue`).
- `isoformat` (`Clock.iso`): RFC 3339 with a `Z`, for what the platform does not publish and
  this contract chose (the webhook envelope's `created_at`) and for the test controls.
"""

from __future__ import annotations

import math
import time
from datetime import UTC, datetime

__all__ = ["NEVER", "Clock", "isoformat", "platform_time"]

NEVER = "0001-01-01T00:00:00"


class Clock:
    """Wall-clock seconds since the epoch, shifted by `offset`."""

    def __init__(self, offset: float = 0.0) -> None:
        self.offset = offset

    def now(self) -> float:
        return time.time() + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += seconds

    def iso(self) -> str:
        """Now, RFC 3339 with a `Z` (webhook envelopes, test controls)."""
        return isoformat(self.now())

    def stamp(self) -> str:
        """Now, as the platform writes resource timestamps (no offset)."""
        return platform_time(self.now())


# The second last formatted and its text up to the dot: a create stamps two or three times
# and a busy second thousands of times, so `strftime` runs once a second, not per stamp. One
# tuple, replaced whole: a reader in another thread never pairs a second with another's text.
_last_second: tuple[float, str] = (math.nan, "")


def platform_time(timestamp: float) -> str:
    """UTC with millisecond precision and no offset: `2026-12-02T08:30:00.123`."""
    # Split as `datetime.fromtimestamp` does (round the fraction to microseconds, half to even,
    # carrying into the second), so the text is the same as formatting a datetime.
    fraction, whole = math.modf(timestamp)
    micro = round(fraction * 1e6)
    if micro >= 1_000_000:
        micro -= 1_000_000
        whole += 1.0
    elif micro < 0:
        micro += 1_000_000
        whole -= 1.0
    global _last_second  # the one-entry cache above
    second, text = _last_second
    if second != whole:
        text = datetime.fromtimestamp(whole, UTC).strftime("%Y-%m-%dT%H:%M:%S.")
        _last_second = (whole, text)
    return f"{text}{micro // 1000:03d}"


def isoformat(timestamp: float) -> str:
    """RFC 3339 UTC with millisecond precision and a `Z`."""
    return platform_time(timestamp) + "Z"
