"""What uvicorn lacks, added around it through public mechanisms only.

uvicorn's HTTP protocol stays untouched: `guarded_protocol` returns an `asyncio.Protocol` that
uvicorn constructs as it would its own (`uvicorn.Config(http=...)`); it holds uvicorn's
httptools protocol, forwards every protocol event to it, and frames the requests itself with
the public `httptools.HttpRequestParser` to enforce

- a limit on a request's header section (`MAX_HEADER_BYTES`, 431 beyond): neither parser is
  fed more than that before the headers end (httptools would keep growing, and re-copying, a
  huge header, stalling every other connection);
- a deadline for a request to arrive whole, `request_timeout` seconds after its first byte
  (408), checked twice a second by `sweep` so the hot path only stores a time;
- a deadline for a new connection to send anything (uvicorn's keep-alive timeout, which it
  arms only after a response).

When it refuses it writes the problem response itself, tells the inner protocol its
connection is gone (`connection_lost`, so a request in progress is void and answers nothing),
then reads and drops what still comes for `LINGER_SECONDS` and closes.

`track_answers` wraps the ASGI app: it counts, per connection, the requests whose app call
has not returned (a refusal must not write over an answer under way), and gives each request
the `qolo.abort` scope extension, which closes the connection with no response at all (the
`drop_after_write` fault; ASGI cannot close a connection before a response starts). It finds
the connection by the scope's `client`, the peer address both sides read from the socket.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any, ClassVar, cast

import orjson

from ._config import DEFAULT_REQUEST_TIMEOUT, MAX_HEADER_BYTES
from ._problems import problem_body, reason_phrase

__all__ = ["LINGER_SECONDS", "SWEEP_SECONDS", "guarded_protocol", "sweep", "track_answers"]

# After a 431 or 408 the rest of what the client sends is read and dropped for this long, so
# the answer reaches it (closing with unread data would reset the connection and lose it).
LINGER_SECONDS = 2.0
SWEEP_SECONDS = 0.5

Peer = tuple[str, int]
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
Asgi = Callable[[Scope, Receive, Send], Awaitable[None]]


def raw_problem(status: int, code: str, detail: str) -> bytes:
    """A whole HTTP/1.1 problem response for the protocol to write itself, closing."""
    request_id = f"req_{random.getrandbits(96):024x}"
    body = orjson.dumps(problem_body(status, code, detail, request_id))
    head = (
        f"HTTP/1.1 {status} {reason_phrase(status)}\r\n"
        "content-type: application/problem+json\r\n"
        f"content-length: {len(body)}\r\n"
        f"x-request-id: {request_id}\r\n"
        "connection: close\r\n\r\n"
    )
    return head.encode("ascii") + body


def _peer(transport: asyncio.BaseTransport) -> Peer | None:
    """The peer address as ASGI's scope["client"] gives it (host as text, port)."""
    info = transport.get_extra_info("peername")
    if isinstance(info, (list, tuple)) and len(info) >= 2:
        return (str(info[0]), int(info[1]))
    return None


class _Voided(ConnectionAbortedError):
    """Given to the inner protocol's `connection_lost` when we refused the connection."""


def guarded_protocol(request_timeout: float = DEFAULT_REQUEST_TIMEOUT) -> Any:
    """A protocol class for `uvicorn.Config(http=...)`: uvicorn's httptools one, guarded.

    Each call returns a new class whose `connections` maps peer addresses to its live
    connections: give it to `track_answers` and `sweep` of the same server. httptools is a
    declared dependency: without it the sandbox refuses to start rather than silently serve
    without the guards.
    """
    try:
        import httptools
        from uvicorn.config import HTTP_PROTOCOLS
        from uvicorn.importer import ImportFromStringError, import_from_string

        try:
            inner_class = import_from_string(HTTP_PROTOCOLS["httptools"])
        except ImportFromStringError as exc:
            raise ImportError(str(exc)) from exc
    except ImportError as exc:
        raise SystemExit(
            "qolo-sandbox needs httptools (a declared dependency) but it cannot be imported: "
            f"{exc}. Reinstall qolo-sandbox with its "
            "dependencies, e.g. `pip install --force-reinstall qolo-sandbox`."
        ) from exc
    parser_error, parser_upgrade = httptools.HttpParserError, httptools.HttpParserUpgrade
    unknown_method = httptools.HttpParserInvalidMethodError
    max_header_bytes = MAX_HEADER_BYTES
    new_parser = httptools.HttpRequestParser

    class _Guarded(asyncio.Protocol):
        connections: ClassVar[dict[Peer, _Guarded]] = {}

        __slots__ = (
            "deadline",
            "extensions",
            "header_bytes",
            "idle_timeout",
            "in_headers",
            "inner",
            "loop",
            "parser",
            "peer",
            "refused",
            "transport",
            "unanswered",
        )

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            self.inner: asyncio.Protocol | None = inner_class(*args, **kwargs)
            config = kwargs["config"] if "config" in kwargs else args[0]
            self.idle_timeout: float = config.timeout_keep_alive
            self.loop = asyncio.get_running_loop()
            self.parser: Any = new_parser(self)
            self.transport: asyncio.Transport | None = None
            self.peer: Peer | None = None
            self.extensions: dict[str, Any] = {"qolo.abort": self.abort}
            # The current request: its header bytes so far, whether its header section is
            # still being read, and when it must have arrived whole (or, before the first
            # byte of the connection, when the connection must have sent something).
            self.header_bytes = 0
            self.in_headers = True
            self.deadline: float | None = None
            # Requests whose headers arrived minus app calls that returned (`track_answers`).
            self.unanswered = 0
            self.refused = False

        # asyncio.Protocol, forwarded to uvicorn's protocol.

        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            # uvloop's transports quack like asyncio.Transport without subclassing it.
            transport = cast(asyncio.Transport, transport)
            self.transport = transport
            self.peer = _peer(transport)
            if self.peer is not None:
                self.connections[self.peer] = self
            # A negative header count marks "nothing received yet": the deadline is the idle one.
            self.header_bytes = -1
            self.deadline = self.loop.time() + self.idle_timeout
            if self.inner is not None:
                self.inner.connection_made(transport)

        def data_received(self, data: bytes) -> None:
            # The hot path: locals and one call each into both parsers.
            if self.in_headers:
                if self.refused:
                    return
                header_bytes = self.header_bytes
                if header_bytes <= 0:
                    header_bytes = 0
                    self.deadline = self.loop.time() + request_timeout
                if header_bytes + len(data) > max_header_bytes:
                    self._near_the_limit(data, max_header_bytes - header_bytes)
                    return
                self.header_bytes = header_bytes + len(data)
            elif self.refused:
                return
            self._feed(data)

        def _feed(self, data: bytes) -> None:
            parser = self.parser
            if parser is not None:
                try:
                    parser.feed_data(data)
                except parser_upgrade:
                    self.parser = None
                    if parser.get_method() == b"CONNECT":
                        # a tunnel is a proxy's business; uvicorn would answer plain text
                        self.refuse(
                            400,
                            "malformed_request",
                            "CONNECT asks a proxy for a tunnel; this server is no proxy.",
                            waiting=1,  # its headers were counted; uvicorn never saw it
                        )
                        return
                    # uvicorn takes an upgrade over (or ignores it); either way this
                    # connection carries no more requests to frame.
                    self.deadline = None
                except parser_error as exc:
                    # Not HTTP/1.1 (a broken request line, header or framing): a problem
                    # document, as for any other 4xx, not uvicorn's plain-text 400.
                    self.parser = None
                    self.refuse(
                        400,
                        "malformed_request",
                        "The request's method is not one this server knows (methods are "
                        "case-sensitive: GET, not get)."
                        if isinstance(exc, unknown_method)
                        else "The request is not valid HTTP/1.1: its request line, a header or "
                        "its framing is broken.",
                        waiting=0 if self.in_headers else 1,  # a broken body: void its call
                    )
                    return
            inner = self.inner
            if inner is not None:
                inner.data_received(data)

        def _near_the_limit(self, data: bytes, room: int) -> None:
            """Feed no more than the header section may hold; 431 unless the headers end."""
            self.header_bytes = max_header_bytes
            self._feed(data[:room])
            transport = self.transport
            if self.refused or transport is None or transport.is_closing():
                return
            if self.reading_headers():
                self.refuse(
                    431,
                    "header_too_large",
                    f"The request's header section is larger than {max_header_bytes // 1024} KiB.",
                )
                return
            self.data_received(data[room:])  # the headers ended in time

        def eof_received(self) -> bool | None:
            return self.inner.eof_received() if self.inner is not None else None

        def connection_lost(self, exc: Exception | None) -> None:
            if self.peer is not None and self.connections.get(self.peer) is self:
                del self.connections[self.peer]
            self.deadline = None
            inner, self.inner = self.inner, None
            if inner is not None:
                inner.connection_lost(exc)

        def pause_writing(self) -> None:
            if self.inner is not None:
                self.inner.pause_writing()

        def resume_writing(self) -> None:
            if self.inner is not None:
                self.inner.resume_writing()

        # httptools parser callbacks: the request framing, nothing else.

        def on_headers_complete(self) -> None:
            self.in_headers = False
            self.unanswered += 1

        def on_message_complete(self) -> None:
            self.in_headers = True
            self.header_bytes = 0
            self.deadline = None

        def reading_headers(self) -> bool:
            """Whether the header section is still being read (a parser callback may change it)."""
            return self.in_headers

        # The guards.

        def abort(self) -> None:
            """Close at once, with no response: the client sees a transport error."""
            if self.transport is not None:
                self.transport.abort()

        def refuse(self, status: int, code: str, detail: str, waiting: int = 0) -> None:
            """Answer a problem ourselves, then drop what still comes and close.

            `waiting` app calls may still run without an answer begun (they are voided);
            with more, an answer may be under way and the connection is only closed.
            """
            transport = self.transport
            assert transport is not None
            self.refused = True
            self.deadline = None
            if self.unanswered > waiting:
                transport.close()  # an answer may be under way: do not interleave another
                return
            transport.write(raw_problem(status, code, detail))
            if transport.can_write_eof():
                transport.write_eof()
            self._void()
            transport.resume_reading()
            self.loop.call_later(LINGER_SECONDS, transport.close)

        def _void(self) -> None:
            """Tell uvicorn's protocol the connection is gone: it writes nothing more."""
            inner, self.inner = self.inner, None
            if inner is not None:
                inner.connection_lost(_Voided("refused by the sandbox"))

        def check_deadline(self, now: float) -> None:
            """Called by `sweep` twice a second: act on a connection that is too slow."""
            deadline = self.deadline
            transport = self.transport
            if deadline is None or now < deadline or transport is None or transport.is_closing():
                return
            if self.header_bytes < 0:
                self.deadline = None
                transport.close()  # a new connection that never sent a byte
            elif self.in_headers and self.unanswered > 0:
                # The next request trickles in behind one in progress: look again once that
                # one is answered (the deadline stays past).
                return
            elif not self.in_headers and self.unanswered == 0:
                self.deadline = None
                transport.close()  # answered already; the rest of the body is not needed
            else:
                # Nothing under way (headers), or the app waits for this request's body only
                # (it answers nothing once voided): 408. Pipelined requests behind: close.
                self.refuse(
                    408,
                    "request_timeout",
                    f"The request did not arrive whole within {request_timeout:g} seconds.",
                    waiting=0 if self.in_headers else 1,
                )

    return _Guarded


async def sweep(connections: dict[Peer, Any]) -> None:
    """Twice a second, let each guarded connection act on its deadline (runs until cancelled)."""
    loop = asyncio.get_running_loop()
    while True:
        await asyncio.sleep(SWEEP_SECONDS)
        now = loop.time()
        for connection in list(connections.values()):
            connection.check_deadline(now)


def track_answers(app: Asgi, connections: dict[Peer, Any]) -> Asgi:
    """The ASGI app, counting each guarded connection's unanswered requests, with `qolo.abort`.

    The count drops when the app call returns: the sandbox's app writes each response whole
    (start and body with no await between), so a running call is an answer not yet started.
    """

    async def tracked(scope: Scope, receive: Receive, send: Send) -> None:
        connection = connections.get(scope["client"]) if scope["type"] == "http" else None
        if connection is None:
            await app(scope, receive, send)
            return
        extensions = scope.get("extensions")
        if extensions is None:
            scope["extensions"] = connection.extensions
        else:
            extensions.update(connection.extensions)
        try:
            await app(scope, receive, send)
        finally:
            connection.unanswered -= 1

    return tracked
