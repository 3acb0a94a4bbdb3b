"""A controllable clock: real time plus an offset that the test controls can advance.

Everything time-dependent (token expiry, idempotency retention, webhook retry schedule,
timestamps) reads this clock, so tests move time forward instead of sleeping.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

__all__ = ["Clock", "isoformat"]


class Clock:
    """Wall-clock seconds since the epoch, shifted by `offset`."""

    def __init__(self, offset: float = 0.0) -> None:
        self.offset = offset

    def now(self) -> float:
        return time.time() + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += seconds

    def iso(self) -> str:
        return isoformat(self.now())


def isoformat(timestamp: float) -> str:
    """RFC 3339 UTC with millisecond precision and a `Z`, as the contract's date-times."""
    moment = datetime.fromtimestamp(timestamp, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
