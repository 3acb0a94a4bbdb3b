"""The framework's ceiling: a bare ASGI app that answers every request with a small JSON body.

Served through the sandbox's own launcher (`qolo-sandbox --app bench.hello_app:create_app`), so
it runs on exactly the sandbox's server stack: the same uvicorn settings, httptools protocol,
event loop and single worker. Whatever the sandbox is slower than this is the sandbox's own
work: routing, authentication, validation, SQLite and serialization.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import orjson

__all__ = ["HelloApp", "create_app"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


class HelloApp:
    """`{"hello": "world"}` with status 200 for any path and method."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            return
        body = orjson.dumps({"hello": "world", "path": scope["path"]})
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


def create_app(config: object) -> HelloApp:
    """The factory `--app` calls with the sandbox's `Config` (unused here)."""
    return HelloApp()
