"""A minimal Qolo webhook receiver: verify every delivery, handle each event once.

Run it with the subscription's secret in the environment::

    QOLO_WEBHOOK_SECRET=whsec_... python examples/webhook_receiver.py --port 8080

and subscribe its URL with `create_notification`. It serves plain HTTP on 127.0.0.1 (`--host
0.0.0.0` to listen beyond this machine) and takes a delivery on any path: put it behind your
TLS terminator and subscribe that HTTPS URL, say `https://hooks.example.com/qolo/webhooks`.
The platform retries a delivery until it gets a 2xx, so the same `event_id` can arrive more
than once, and the receiver runs the handler once per `event_id`: a copy of an event already
handled is answered 200 and not run again. A copy that arrives while the first is still being
handled (the handler took longer than the platform waits, 5 s, so the platform retried) is
answered 409: a 2xx would mark the delivery done, and if the handler then failed the event
would be lost. The platform retries it later, and gets 200 once the handler has succeeded; a
handler that fails answers 500 and forgets the id, so a retry runs it again. Keep the handled
ids in your database in production (this example keeps the most recent ones in memory).

That de-duplication is the replay protection: `verify`'s tolerance (by default
`qolo.webhooks.DEFAULT_TOLERANCE`, a day) must stay long enough for the platform's last retry,
whose schedule the platform does not publish: a retry older than the tolerance is refused and
the event lost.

To rotate the secret, restart the receiver with the new secret in `QOLO_WEBHOOK_SECRET` and the
old one in `QOLO_WEBHOOK_OLD_SECRET` (it accepts both), then call `UpdateNotificationById` with
the new secret (its ping, signed with the new one, must verify, or the subscription is turned
off and its pending retries cancelled), and a day later (the tolerance) restart it without
`QOLO_WEBHOOK_OLD_SECRET`.
"""

from __future__ import annotations

import argparse
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Collection, Mapping
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from qolo.webhooks import DEFAULT_TOLERANCE, Event, WebhookVerificationError, verify

__all__ = ["WebhookReceiver", "main", "make_server"]

log = logging.getLogger("webhook_receiver")

# A delivery is one small event: a body larger than this is refused (413) before it is read,
# so an unsigned sender cannot make the receiver hold its body in memory.
MAX_BODY = 1024 * 1024
# Said to whoever reads the delivery log (the platform itself looks only at the status).
_REASONS = {409: b"this event is still being handled; retry later\n"}


class WebhookReceiver:
    """Verifies deliveries and calls `handle` until it succeeds once per event id; thread-safe.

    `duplicates` counts the copies acknowledged without running `handle` again.
    """

    def __init__(
        self,
        secret: str | Collection[str],
        handle: Callable[[Event], None],
        *,
        tolerance: timedelta | float = DEFAULT_TOLERANCE,
        remember: int = 10_000,
    ) -> None:
        self._secret = secret
        self._handle = handle
        self._tolerance = tolerance
        self._remember = remember
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._in_progress: set[str] = set()
        self._lock = threading.Lock()
        self.duplicates = 0

    def __call__(self, raw_body: bytes, headers: Mapping[str, str]) -> int:
        """The HTTP status to answer for one delivery."""
        try:
            event = verify(raw_body, headers, self._secret, tolerance=self._tolerance)
        except WebhookVerificationError as exc:
            log.warning("rejected a delivery: %s", exc)
            return 400
        event_id = str(event.event_id)
        with self._lock:
            if event_id in self._seen:
                self.duplicates += 1
                return 200  # handled successfully: acknowledge, do nothing
            if event_id in self._in_progress:
                return 409  # not done yet, and it may still fail: the platform must retry later
            self._in_progress.add(event_id)
        try:
            self._handle(event)
        except Exception:
            log.exception("handling event %s failed; the platform will retry it", event_id)
            with self._lock:
                self._in_progress.discard(event_id)
            return 500
        with self._lock:
            self._in_progress.discard(event_id)
            self._seen[event_id] = None
            while len(self._seen) > self._remember:
                self._seen.popitem(last=False)
        return 200


def make_server(
    receiver: WebhookReceiver, host: str = "127.0.0.1", port: int = 0
) -> ThreadingHTTPServer:
    """An HTTP server that passes every POST to `receiver` (port 0 picks a free port)."""

    class Handler(BaseHTTPRequestHandler):
        timeout = 30  # a sender that stops mid-request does not hold a thread for ever

        def do_POST(self) -> None:
            declared = self.headers.get("Content-Length", "")
            if not declared.isascii() or not declared.isdigit() or len(declared) > 20:
                # absent, negative, not a number, or more digits than any length has
                self._answer(411 if not declared else 400, close=True)
                return
            if int(declared) > MAX_BODY:
                self._answer(413, close=True)  # refused unread: the connection cannot be reused
                return
            raw_body = self.rfile.read(int(declared))  # the exact bytes: verify before parsing
            headers = {key.lower(): value for key, value in self.headers.items()}
            self._answer(receiver(raw_body, headers))

        def _answer(self, status: int, *, close: bool = False) -> None:
            reason = _REASONS.get(status, b"")
            self.send_response(status)
            self.send_header("Content-Length", str(len(reason)))
            if reason:
                self.send_header("Content-Type", "text/plain; charset=utf-8")
            if close:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            self.wfile.write(reason)

        def log_message(self, format: str, *args: object) -> None:
            log.debug(format, *args)

    return ThreadingHTTPServer((host, port), Handler)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO)
    secret = os.environ.get("QOLO_WEBHOOK_SECRET")
    if not secret:
        parser.error("set QOLO_WEBHOOK_SECRET to the subscription's secret")
    old_secret = os.environ.get("QOLO_WEBHOOK_OLD_SECRET")  # while the secret is rotated
    secrets = [secret, old_secret] if old_secret else [secret]

    def handle(event: Event) -> None:
        log.info("event %s %s", event.event_type, event.event_id)

    server = make_server(WebhookReceiver(secrets, handle), args.host, args.port)
    log.info("listening on http://%s:%d/", *server.server_address[:2])
    server.serve_forever()


if __name__ == "__main__":
    main()
