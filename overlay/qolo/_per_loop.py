"""Objects bound to an event loop, one per loop, so an `AsyncClient` outlives the loop it first
ran on.

An `asyncio.Lock` and httpx's pooled connections belong to the loop that made them: a script
calling `asyncio.run()` twice with one module-level client (or a worker that runs each task in
a fresh loop) made the second loop reuse a connection of the first, and the call failed with
`RuntimeError: Event loop is closed` after its request had gone out, so a create could happen
while its caller saw an error that no retry or idempotency key covers. Here each running loop
gets its own; those of loops that have closed are dropped when a new loop first asks: their
connections can no longer be closed (that needs their loop), so their sockets stay open until
the garbage collector frees them (with a `ResourceWarning`). A client used by one loop after
another should be closed with `aclose()` before each loop ends, or kept on one loop.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

import httpx

__all__ = ["PerLoop", "PerLoopTransport"]

T = TypeVar("T")


class PerLoop(Generic[T]):
    """`make()`'s result for the running loop, made on the loop's first call."""

    def __init__(self, make: Callable[[], T]) -> None:
        self._make = make
        self._by_loop: dict[asyncio.AbstractEventLoop, T] = {}
        self._guard = threading.Lock()  # loops in several threads may share the owner

    def get(self) -> T:
        loop = asyncio.get_running_loop()
        found = self._by_loop.get(loop)
        if found is None:
            with self._guard:
                found = self._by_loop.get(loop)
                if found is None:
                    alive = {lp: v for lp, v in self._by_loop.items() if not lp.is_closed()}
                    found = alive[loop] = self._make()
                    self._by_loop = alive
        return found

    def take_all(self) -> tuple[T | None, list[T]]:
        """Forget every loop's object: the running loop's, and the others'."""
        loop = asyncio.get_running_loop()
        with self._guard:
            taken, self._by_loop = self._by_loop, {}
        return taken.pop(loop, None), list(taken.values())


class PerLoopTransport(httpx.AsyncBaseTransport):
    """Sends through the connection pool of the running loop."""

    def __init__(self, make: Callable[[], httpx.AsyncBaseTransport]) -> None:
        self._pools = PerLoop(make)
        self._closed = False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self._closed:  # a pool made now would never be closed
            raise httpx.ConnectError("the client has been closed", request=request)
        return await self._pools.get().handle_async_request(request)

    async def aclose(self) -> None:
        """Close the running loop's pool. Another loop's connections can only be closed from
        that loop: they are let go, their sockets freed by the garbage collector."""
        self._closed = True
        pool, _others = self._pools.take_all()
        if pool is not None:
            await pool.aclose()
