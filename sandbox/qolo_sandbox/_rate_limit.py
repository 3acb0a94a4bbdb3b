"""Per-credential request rate limits (`--rate-limit`), and the 429 that every throttle answers."""

from __future__ import annotations

import time

from ._problems import ApiError

__all__ = ["RateLimiter", "rate_headers", "rate_limited_fault"]


def rate_headers(limit: int, remaining: int, reset: int) -> dict[str, str]:
    """`Retry-After` and the RateLimit headers of a 429 (also the login throttle's)."""
    return {
        "Retry-After": str(reset),
        "RateLimit-Limit": str(limit),
        "RateLimit-Remaining": str(remaining),
        "RateLimit-Reset": str(reset),
    }


class RateLimiter:
    """Fixed one-second windows per credential, on the real monotonic clock.

    A request over the limit is refused before anything is written, so a 429 never loses a
    write: the client may simply retry it.
    """

    def __init__(self, per_second: int | None) -> None:
        self.limit = per_second
        self._windows: dict[int, tuple[int, int]] = {}

    def reset(self) -> None:
        self._windows.clear()

    def check(self, credential_id: int) -> None:
        if self.limit is None:
            return
        window = int(time.monotonic())
        start, used = self._windows.get(credential_id, (window, 0))
        if start != window:
            start, used = window, 0
        if used >= self.limit:
            raise ApiError(
                429,
                "rate_limited",
                f"Rate limit of {self.limit} requests per second exceeded; retry after 1 second.",
                headers=rate_headers(self.limit, 0, 1),
            )
        self._windows[credential_id] = (start, used + 1)


def rate_limited_fault() -> ApiError:
    """The 429 an injected `rate_limit` fault answers, shaped like a real one."""
    return ApiError(
        429,
        "rate_limited",
        "Rate limit exceeded (injected); retry after 1 second.",
        headers=rate_headers(1, 0, 1),
    )
