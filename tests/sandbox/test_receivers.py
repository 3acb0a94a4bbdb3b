"""Where webhooks may go, and what a receiver's answer may cost the sandbox."""

from __future__ import annotations

import asyncio
import gzip
import http.server
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from qolo_sandbox._receivers import Policy, Refused, Target, resolve
from qolo_sandbox.testing import PROGRAM_A, Sandbox, start_sandbox

from ._support import ContractClient, Receiver, login

SECRET = "whsec_0123456789abcdef"


def _subscribe(api: ContractClient, url: str) -> httpx.Response:
    body = {"program_guid": PROGRAM_A, "url": url, "secret": SECRET, "event_type": ["all"]}
    return api.post("/api/v1/notifications", json=body)


def _client(sbx: Sandbox) -> ContractClient:
    """A logged-in client of a sandbox the test started itself."""
    return ContractClient(sbx.base_url, [], login(sbx.base_url, sbx.credential))


def _port(sbx: Sandbox) -> int:
    port = httpx.URL(sbx.base_url).port
    assert port is not None
    return port


SELF_HOSTS = [
    "127.0.0.1",
    "localhost",
    "LOCALHOST.",
    "0.0.0.0",  # noqa: S104  (a URL to refuse, not an address to bind)
    "[::1]",
    "[::]",
    "[::ffff:127.0.0.1]",
    "127.1",
    "127.0.0.2",
    "2130706433",
    "0x7f.0.0.1",
]


@pytest.mark.parametrize("host", SELF_HOSTS)
def test_the_sandbox_never_subscribes_itself(sbx: Sandbox, api: ContractClient, host: str) -> None:
    """A URL that reaches the sandbox's own port is 400 naming the rule; nothing is pinged."""
    proxy = api.create_card().json()["card"]["card_proxy"]
    response = _subscribe(api, f"http://{host}:{_port(sbx)}/_sandbox/reset")
    assert response.status_code == 400, response.text
    problem = response.json()
    assert problem["code"] == "webhook_url_refused"
    assert "sandbox itself" in problem["detail"]
    error = {"location": "body", "field": "/url", "message": "refused (sandbox)"}
    assert problem["errors"] == [error]
    assert api.get(f"/api/v1/cards/{proxy}").status_code == 200  # no reset happened
    assert api.get("/api/v1/notifications").json()["count"] == 0


def test_an_update_may_not_point_at_the_sandbox_either(
    sbx: Sandbox, api: ContractClient, receiver: Receiver
) -> None:
    """Updating a subscription's URL to the sandbox's own is refused the same way."""
    guid = _subscribe(api, receiver.url).json()["notification_guid"]
    body = {
        "program_guid": PROGRAM_A,
        "url": f"http://localhost:{_port(sbx)}/_sandbox/reset",
        "event_type": ["all"],
        "active": False,  # checked even when no ping would be sent
    }
    response = api.put(f"/api/v1/notifications/{guid}", json=body)
    assert response.status_code == 400
    assert response.json()["code"] == "webhook_url_refused"
    assert api.get(f"/api/v1/notifications/{guid}").json()["url"] == receiver.url


def test_credentials_in_the_url_are_refused(api: ContractClient, receiver: Receiver) -> None:
    """`user:password@` in a receiver URL is 400 naming the rule; headers are the place."""
    url = receiver.url.replace("http://", "http://user:secret@")
    response = _subscribe(api, url)
    assert response.status_code == 400
    assert response.json()["code"] == "webhook_url_refused"
    assert "user name or password" in response.json()["detail"]
    assert "secret" not in response.text.replace("webhook_url_refused", "")
    assert receiver.received == []


def test_another_port_of_this_machine_is_allowed_by_default(
    api: ContractClient, receiver: Receiver
) -> None:
    """Local development: a receiver on loopback, another port, is pinged and works."""
    response = _subscribe(api, receiver.url.replace("127.0.0.1", "localhost"))
    assert response.status_code == 201
    assert response.json()["active"] is True
    assert len(receiver.received) == 1


def test_a_name_that_resolves_to_the_sandbox_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any name resolving to this machine counts, not only the spellings of loopback."""

    async def fake_getaddrinfo(host: str, port: int, **_: Any) -> list[Any]:
        address = {"evil.example": "127.0.0.1", "fine.example": "192.0.2.10"}[host]
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    async def check(url: str) -> str:
        loop = asyncio.get_running_loop()
        monkeypatch.setattr(loop, "getaddrinfo", fake_getaddrinfo)
        try:
            target = await resolve(Policy(own_port=8000), url)
        except Refused as exc:
            return exc.rule
        return ",".join(target.addresses)

    assert asyncio.run(check("http://evil.example:8000/_sandbox/reset")) == "sandbox"
    assert asyncio.run(check("http://evil.example:8001/hook")) == "127.0.0.1"
    assert asyncio.run(check("http://fine.example:8000/hook")) == "192.0.2.10"


def test_plain_http_goes_to_the_checked_address_https_by_name() -> None:
    """HTTP connects to the address that was checked; HTTPS by name (its certificate guards)."""
    plain = Target(httpx.URL("http://hooks.example:8080/x?y=1"), ("192.0.2.1", "::1"))
    assert plain.urls() == [
        (httpx.URL("http://192.0.2.1:8080/x?y=1"), {"Host": "hooks.example:8080"}),
        (httpx.URL("http://[::1]:8080/x?y=1"), {"Host": "hooks.example:8080"}),
    ]
    secure = Target(httpx.URL("https://hooks.example/x"), ("192.0.2.1",))
    assert secure.urls() == [(httpx.URL("https://hooks.example/x"), {})]
    assert Target(httpx.URL("http://nowhere.invalid/"), ()).urls() == []


def test_webhook_allow_restricts_receivers(receiver: Receiver) -> None:
    """With --webhook-allow, a receiver outside the list is 400 allow-list; one inside works."""
    allow = ["--webhook-allow", "hooks.example.com, 10.0.0.0/8"]
    with start_sandbox(extra_args=allow) as sbx, _client(sbx) as api:
        refused = _subscribe(api, receiver.url)
        assert refused.status_code == 400
        assert refused.json()["code"] == "webhook_url_refused"
        assert "--webhook-allow" in refused.json()["detail"]
    allow = ["--webhook-allow", "127.0.0.0/8"]
    with start_sandbox(extra_args=allow) as sbx, _client(sbx) as api:
        assert _subscribe(api, receiver.url).status_code == 201
    assert len(receiver.received) == 1  # only the allowed subscription was pinged


def test_webhook_allow_is_checked_again_at_delivery(
    tmp_path: Path, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A saved subscription the rules now refuse gets no delivery: each attempt is refused."""
    db = tmp_path / "s.db"
    with start_sandbox(db=db, webhook_retry_base=0.1) as sbx:
        token = login(sbx.base_url, sbx.credential)
        with ContractClient(sbx.base_url, [], token) as api:
            assert _subscribe(api, receiver.url).json()["active"] is True
    monkeypatch.setenv("QOLO_SANDBOX_WEBHOOK_ALLOW", "hooks.example.com")
    with start_sandbox(db=db, webhook_retry_base=0.1) as sbx:
        with ContractClient(sbx.base_url, [], token) as api:
            assert api.create_card().status_code == 201
        deadline = time.monotonic() + 10
        while not (attempts := sbx.controls.deliveries()[0]["attempts"]):
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert attempts[0]["error"] == "refused: allow-list"
    assert receiver.events() == []


# -- what a receiver's answer may cost ------------------------------------------------------

_ANSWER = 32 * 1024 * 1024  # each answer: 32 MiB of body, or a gzip bomb that inflates to it
_BOMB = gzip.compress(b"\0" * _ANSWER, compresslevel=9)
_MEGABYTE = b"x" * (1024 * 1024)


@pytest.fixture
def greedy_receiver() -> Iterator[tuple[str, list[str]]]:
    """Answers every POST 200 with a huge body or a gzip bomb (alternately); records encodings."""
    encodings: list[str] = []
    lock = threading.Lock()
    count = [0]

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("content-length", 0)))
            with lock:
                encodings.append(self.headers.get("accept-encoding", ""))
                count[0] += 1
                bomb = count[0] % 2 == 0
            self.send_response(200)
            self.send_header("content-type", "application/octet-stream")
            if bomb:
                self.send_header("content-encoding", "gzip")
                self.send_header("content-length", str(len(_BOMB)))
                self.end_headers()
                chunks = [_BOMB]
            else:
                self.send_header("content-length", str(_ANSWER))
                self.end_headers()
                chunks = [_MEGABYTE] * (_ANSWER // len(_MEGABYTE))
            try:
                for chunk in chunks:
                    self.wfile.write(chunk)
            except OSError:
                pass  # the sandbox stopped reading and closed: as it should

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook", encodings
    server.shutdown()
    server.server_close()


def _rss_kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise AssertionError(f"no {field} for {pid}")


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc for RSS")
def test_receiver_answers_cannot_grow_memory(greedy_receiver: tuple[str, list[str]]) -> None:
    """64 deliveries at once to huge answers and gzip bombs: RSS grows < 50 MB, all delivered."""
    url, encodings = greedy_receiver
    with start_sandbox(webhook_retry_base=60) as sbx:
        assert sbx.pid is not None
        with ContractClient(sbx.base_url, [], login(sbx.base_url, sbx.credential)) as api:
            for _ in range(2):  # a huge answer to one ping, a bomb to the other: both active
                assert _subscribe(api, url).json()["active"] is True
            baseline = _rss_kib(sbx.pid, "VmRSS")
            Path(f"/proc/{sbx.pid}/clear_refs").write_text("5")  # restart the peak (VmHWM)
            for _ in range(32):  # 64 deliveries, all due at once
                assert api.create_card(str(uuid.uuid4())).status_code == 201
        deadline = time.monotonic() + 60
        while True:  # every delivery tried once (a retry would wait 60 s)
            deliveries = sbx.controls.deliveries()
            if len(deliveries) == 64 and all(d["attempts"] for d in deliveries):
                break
            assert time.monotonic() < deadline, deliveries
            time.sleep(0.2)
        peak = _rss_kib(sbx.pid, "VmHWM")
    assert (peak - baseline) / 1024 < 50, (baseline, peak)
    assert [d["attempts"][0]["status_code"] for d in deliveries] == [200] * 64
    assert set(encodings) == {"identity"}
