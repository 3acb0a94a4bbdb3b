"""Helpers shared by the client tests."""

from __future__ import annotations

import contextlib
import http.server
import importlib
import json
import pkgutil
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

import httpx

import qolo
import qolo_api.api
from qolo_api.models import CreateCardRequest, Person

__all__ = [
    "CARD",
    "CREATED",
    "GENERATED_FUNCTIONS",
    "AsyncClientFactory",
    "ClientFactory",
    "Loopback",
    "Received",
    "card_request",
    "generated_operations",
    "login_ok",
    "mock_client",
    "no_async_sleep",
    "no_sleep",
    "serve_loopback",
]

ClientFactory = Callable[..., qolo.Client]
AsyncClientFactory = Callable[..., qolo.AsyncClient]

#: The four functions every generated operation module offers.
GENERATED_FUNCTIONS = ("sync", "sync_detailed", "asyncio", "asyncio_detailed")


def generated_operations() -> dict[str, Callable[..., Any]]:
    """Every generated operation function, by `module.function` (`create_card.sync`)."""
    found: dict[str, Callable[..., Any]] = {}
    for info in pkgutil.walk_packages(qolo_api.api.__path__, "qolo_api.api."):
        module = importlib.import_module(info.name)
        for name in GENERATED_FUNCTIONS:
            function = getattr(module, name, None)
            if function is not None:
                found[f"{info.name.rsplit('.', 1)[-1]}.{name}"] = function
    return found


def no_sleep(seconds: float) -> None:
    """Retries in tests do not wait."""


async def no_async_sleep(seconds: float) -> None:
    """Async retries in tests do not wait."""


def card_request(program_guid: str, n: int = 0) -> CreateCardRequest:
    """A valid create-card body for a new person."""
    return CreateCardRequest(
        program_guid=UUID(program_guid),
        person=Person(first_name="Ada", last_name=f"Lovelace{n}"),
    )


def login_ok() -> httpx.Response:
    """A mock login answer."""
    return httpx.Response(
        200, json={"access_token": "tok_mock", "token_type": "Bearer", "expires_in": 3600}
    )


CARD = {
    "card_proxy": "cproxy0000000000001",
    "mask_card_pan": "534092XXXXXX0007",
    "card_status": "PENDING",
    "expiration_date": "2911",
    "person_guid": "0b6f3c55-6a43-4c1e-9d43-6c0f2f1f9a10",
    "wallet_guid": "9d2e4f61-7a8b-4c3d-9e0f-1a2b3c4d5e6f",
    "program_guid": "6f1c2a9e-3b7d-4e5f-8a9b-0c1d2e3f4a5b",
    "sys_utcinserted": "2026-11-23T10:15:30Z",
    "sys_utcupdated": "2026-11-23T10:15:30Z",
}
CREATED = {
    "person": {"person_guid": "0b6f3c55-6a43-4c1e-9d43-6c0f2f1f9a10", "first_name": "Ada",
               "last_name": "Lovelace"},
    "program_guid": "6f1c2a9e-3b7d-4e5f-8a9b-0c1d2e3f4a5b",
    "card": CARD,
}  # fmt: skip


def mock_client(route: Callable[[httpx.Request], httpx.Response]) -> qolo.Client:
    """A client whose every request, the login included, `route` answers; no retries."""
    return qolo.Client(
        base_url="http://qolo.test",
        loginid="partner",
        apikey="sk_test_key",
        transport=httpx.MockTransport(route),
        max_retries=0,
    )


@dataclass(frozen=True)
class Received:
    """A request as a loopback server read it off the wire."""

    method: str
    path: str
    headers: list[tuple[str, str]]  # as sent: a header sent twice is here twice

    def values(self, name: str) -> list[str]:
        """Every value sent under `name`, in any case."""
        return [value for key, value in self.headers if key.lower() == name.lower()]


@dataclass
class Loopback:
    """What `serve_loopback` received, and where it listens."""

    base_url: str = ""
    received: list[Received] = field(default_factory=list)


@contextlib.contextmanager
def serve_loopback(require: Mapping[str, str] | None = None) -> Iterator[Loopback]:
    """A platform on loopback that logs anyone in, lists no cards and finds no card, for what
    the sandbox does not show: the headers a request carried, as sent. A request without every
    header of `require` gets a gateway's 403."""
    loopback = Loopback()

    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            loopback.received.append(Received(self.command, self.path, self.headers.items()))
            if any(self.headers.get(name) != value for name, value in (require or {}).items()):
                status, body = 403, _problem(403, "Forbidden", "gateway_key_missing")
            elif self.path == "/api/v1/auth/login":
                status, body = 200, {"access_token": "t", "token_type": "Bearer", "expires_in": 60}
            elif self.path.startswith("/api/v1/cards?") or self.path == "/api/v1/cards":
                status, body = 200, {
                    "count": 0, "start_index": 0, "end_index": 0, "has_more": False, "data": []
                }  # fmt: skip
            else:
                status, body = 404, _problem(404, "Not Found", "card_not_found")
            content = json.dumps(body).encode()
            self.send_response(status)
            kind = "application/json" if status == 200 else "application/problem+json"
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        do_GET = do_POST = _answer

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    loopback.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    # polled often: `shutdown` waits for the next poll
    serve = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    serve.start()
    try:
        yield loopback
    finally:
        server.shutdown()
        server.server_close()
        serve.join()


def _problem(status: int, title: str, code: str) -> dict[str, Any]:
    return {"type": "about:blank", "title": title, "status": status, "code": code,
            "request_id": "req_loopback"}  # fmt: skip
