"""Fixtures: one real sandbox per session over loopback, clients that check every response."""

from __future__ import annotations

import http.server
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from qolo_sandbox.testing import Credential, Sandbox, start_sandbox

from ._support import ContractClient, Received, Receiver, login


@pytest.fixture(scope="session")
def session_sandbox() -> Iterator[Sandbox]:
    with start_sandbox(controls=True, webhook_retry_base=0.1) as sbx:
        yield sbx


@pytest.fixture
def violations() -> Iterator[list[str]]:
    found: list[str] = []
    yield found
    assert not found, "responses that contradict openapi.yaml:\n" + "\n".join(found)


@pytest.fixture
def sbx(session_sandbox: Sandbox) -> Sandbox:
    """The shared sandbox, reset to empty for this test."""
    session_sandbox.controls.reset()
    return session_sandbox


@pytest.fixture
def make_client(sbx: Sandbox, violations: list[str]) -> Iterator[Callable[..., ContractClient]]:
    clients: list[ContractClient] = []

    def make(cred: Credential | None = None, *, anonymous: bool = False) -> ContractClient:
        token = None if anonymous else login(sbx.base_url, cred or sbx.credential)
        client = ContractClient(sbx.base_url, violations, token)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def api(make_client: Callable[..., ContractClient]) -> ContractClient:
    """Program A's read-write credential, logged in."""
    return make_client()


@pytest.fixture
def anon(make_client: Callable[..., ContractClient]) -> ContractClient:
    return make_client(anonymous=True)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", 0))
            body = self.rfile.read(length)
            with state.lock:
                state.received.append(
                    Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                )
                status = state.statuses.pop(0) if state.statuses else 200
            if state.delay:
                time.sleep(state.delay)
            self.send_response(status)
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hook/{uuid.uuid4().hex[:8]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()
