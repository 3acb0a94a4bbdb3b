"""A webhook receiver on 127.0.0.1: records every delivery, can refuse the first attempts.

The runner gives schemathesis one (so the sandbox's subscription ping answers at once) and the
webhook tests use one to see what the deployment actually sends.

One thread answers every delivery in turn (each takes microseconds): a thread per delivery, as
`ThreadingHTTPServer` starts, cost the runner a thread start and teardown for every ping the
fuzzer's subscriptions caused, on a 2-core machine where schemathesis and the sandbox need the
CPU (issue #14).
"""

from __future__ import annotations

import http.server
import json
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Self

from conformance.names import RECEIVER_PATH

__all__ = ["Delivery", "Receiver"]


@dataclass(frozen=True, slots=True)
class Delivery:
    """One POST the receiver got, with the status it answered."""

    path: str
    headers: dict[str, str]
    body: bytes
    answered: int
    received_at: float = field(default_factory=time.monotonic)


class _SerialServer(http.server.HTTPServer):
    """One delivery at a time, with room for a burst of connections to wait their turn.

    A card event goes to every active subscription at once; with the default backlog of 5 the
    kernel dropped the connections beyond it, and each waited a 1 s SYN retry.
    """

    request_queue_size = 256


# How often the serving thread looks for a stop request: `stop()` waits up to this long.
# socketserver's default, 0.5 s, added half a second to every test with a receiver and to the
# runner's end of schemathesis (issue #14's wall time).
_POLL_SECONDS = 0.02


class Receiver:
    """`with Receiver() as rx: rx.url` — an HTTP server in a thread, stopped on exit.

    `fail_first` makes the receiver answer 503 to the first N attempts of each event (keyed by
    the `event_id` in the body), so tests can watch the deployment retry. Pings are always
    answered: the contract does not retry them, and a refused ping leaves the subscription
    inactive.
    """

    def __init__(self, *, fail_first: int = 0) -> None:
        self.fail_first = fail_first
        self.deliveries: list[Delivery] = []
        self._attempts: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                status = receiver._answer(body)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()
                with receiver._changed:
                    receiver.deliveries.append(
                        Delivery(
                            self.path, {k.lower(): v for k, v in self.headers.items()}, body, status
                        )
                    )
                    receiver._changed.notify_all()

            def log_message(self, format: str, *args: object) -> None:
                """Quiet: deliveries are inspected, not logged."""

        self._server = _SerialServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(_POLL_SECONDS,), daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}{RECEIVER_PATH}"

    def _answer(self, body: bytes) -> int:
        if not self.fail_first:
            return 200
        try:
            event = json.loads(body)
            event_id, event_type = str(event.get("event_id")), event.get("event_type")
        except (ValueError, AttributeError):
            return 200
        if event_type == "ping":
            return 200
        with self._lock:
            self._attempts[event_id] += 1
            return 503 if self._attempts[event_id] <= self.fail_first else 200

    def wait_for(
        self, predicate: Callable[[list[Delivery]], bool], timeout: float = 20.0
    ) -> list[Delivery]:
        """Wait until `predicate(deliveries)` is true; returns a snapshot of the deliveries."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not predicate(list(self.deliveries)):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._changed.wait(remaining)
            return list(self.deliveries)

    def start(self) -> Self:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
