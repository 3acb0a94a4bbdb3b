"""One connection pool per event loop, so an `AsyncClient` outlives the loop it first ran on.

httpx's pooled connections belong to the loop that opened them: a script calling
`asyncio.run()` twice with one module-level client (or a worker that runs each task in a
fresh loop) made the second loop reuse a connection of the first, and the call failed with
`RuntimeError: Event loop is closed` after its request had gone out, so a create could happen
while its caller saw an error that no retry or idempotency key covers. Here each running loop
gets its own pool; the pools of loops that have closed are dropped.
"""

from __future__ import annotations

import asyncio
import threading
import weakref
from collections.abc import Callable

import httpx

__all__ = ["PerLoopTransport"]


class PerLoopTransport(httpx.AsyncBaseTransport):
    """Sends through the pool of the running loop, made on its first request there."""

    def __init__(self, make: Callable[[], httpx.AsyncBaseTransport]) -> None:
        self._make = make
        self._pools: weakref.WeakKeyDictionary[
            asyncio.AbstractEventLoop, httpx.AsyncBaseTransport
        ] = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()  # loops in several threads may share the client

    def _pool(self) -> httpx.AsyncBaseTransport:
        loop = asyncio.get_running_loop()
        pool = self._pools.get(loop)
        if pool is None:
            with self._lock:
                for old in [old for old in self._pools if old.is_closed()]:
                    del self._pools[old]  # its connections died with it
                pool = self._pools.setdefault(loop, self._make())
        return pool

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self._pool().handle_async_request(request)

    async def aclose(self) -> None:
        """Close the running loop's pool; other loops' connections cannot be closed from it."""
        with self._lock:
            pool = self._pools.pop(asyncio.get_running_loop(), None)
            self._pools.clear()
        if pool is not None:
            await pool.aclose()
