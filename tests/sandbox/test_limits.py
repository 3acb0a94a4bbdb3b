"""What a request may carry and how long it may take: nesting, body and header sizes, timeouts."""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import re
import socket
import time
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from qolo_sandbox._config import MAX_BODY_BYTES, MAX_JSON_DEPTH
from qolo_sandbox.testing import PROGRAM_A, Sandbox, start_sandbox

from ._support import NEW_PERSON, ContractClient, login


def _nested(depth: int, kind: str) -> bytes:
    """A JSON body nested `depth` containers deep: arrays, or objects (`{"a": ...}`)."""
    if kind == "array":
        return b"[" * depth + b"]" * depth
    return b'{"a":' * (depth - 1) + b"{}" + b"}" * (depth - 1)


@pytest.mark.parametrize("kind", ["array", "object"])
@pytest.mark.parametrize("depth", [64, 255, 256, 1000, 100_000])
@pytest.mark.parametrize("secured", [False, True], ids=["Login", "CreateCard"])
def test_deep_json_is_400_body_too_deep(
    sbx: Sandbox,
    anon: ContractClient,
    api: ContractClient,
    kind: str,
    depth: int,
    secured: bool,
) -> None:
    """Any nesting past the limit is a 400 problem naming the reason, never a 500 or a traceback."""
    before = len(sbx.log())
    client, path = (api, "/api/v1/cards") if secured else (anon, "/api/v1/auth/login")
    response = client.post(
        path, content=_nested(depth, kind), headers={"content-type": "application/json"}
    )
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "body_too_deep"
    assert "Traceback" not in sbx.log()[before:]
    assert "ERROR" not in sbx.log()[before:]


def test_nesting_up_to_the_limit_is_validated_as_usual(anon: ContractClient) -> None:
    """A body exactly at the limit reaches the schema: its errors are the usual ones."""
    body = b'{"loginid": ' + _nested(MAX_JSON_DEPTH - 1, "array") + b', "apikey": "x"}'
    response = anon.post(
        "/api/v1/auth/login", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"
    assert response.json()["errors"][0]["field"] == "/loginid"


def _chunks(size: int) -> Iterator[bytes]:
    """`size` bytes of a JSON string in 64 KiB chunks: sent chunked, with no Content-Length."""
    yield b'{"program_guid": "'
    sent = 18
    while sent < size:
        yield b"x" * 65536
        sent += 65536
    yield b'"}'


def test_a_body_over_1_mib_is_413(api: ContractClient) -> None:
    """Too large is 413 content too large (declared for every operation with a body), not 400."""
    big = {"program_guid": PROGRAM_A, "person": {**NEW_PERSON, "first_name": "x" * MAX_BODY_BYTES}}
    declared = api.post("/api/v1/cards", json=big)  # Content-Length says it: refused unread
    assert declared.status_code == 413
    assert declared.headers["content-type"] == "application/problem+json"
    assert declared.json()["code"] == "body_too_large"
    chunked = api.post(
        "/api/v1/cards",
        content=_chunks(MAX_BODY_BYTES + 1),
        headers={"content-type": "application/json"},
    )
    assert chunked.status_code == 413
    assert chunked.json()["code"] == "body_too_large"
    # The connection was drained, not broken: the same client goes on.
    assert api.get("/api/v1/cards").json()["count"] == 0
    assert api.create_card().status_code == 201


def _read_response(sock: socket.socket, timeout: float) -> bytes:
    """Everything the server sends until it closes (or `timeout`)."""
    sock.settimeout(timeout)
    data = b""
    try:
        while chunk := sock.recv(65536):
            data += chunk
    except (TimeoutError, ConnectionResetError):
        pass
    return data


def _address(sbx: Sandbox) -> tuple[str, int]:
    url = httpx.URL(sbx.base_url)
    assert url.port is not None
    return url.host, url.port


def _send_huge_header(address: tuple[str, int], results: Any) -> None:
    """30 MB of one header, then whatever comes back, and how long it took (another process)."""
    with socket.create_connection(address) as sock:
        started = time.monotonic()
        sock.sendall(b"GET /api/v1/cards HTTP/1.1\r\nHost: x\r\nX-Huge: ")
        with contextlib.suppress(OSError):
            for _ in range(30):
                sock.sendall(b"a" * 1_000_000)
        answer = _read_response(sock, 10.0)
        results.put((answer, time.monotonic() - started))


def test_a_huge_header_is_431_at_once_and_stalls_nobody(sbx: Sandbox, api: ContractClient) -> None:
    """30 MB of header: 431 within a second, while other clients are answered as usual."""
    assert api.get("/api/v1/cards").status_code == 200  # connected before the flood
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    sender = context.Process(target=_send_huge_header, args=(_address(sbx), results))
    sender.start()
    latencies = []
    while sender.is_alive():
        started = time.monotonic()
        assert api.get("/api/v1/cards").status_code == 200
        latencies.append(time.monotonic() - started)
    sender.join()
    answer, took = results.get(timeout=1)
    assert answer.startswith(b"HTTP/1.1 431 "), answer[:200]
    assert b"header_too_large" in answer
    assert took < 1.0, took
    assert max(latencies) < 0.25, max(latencies)


@pytest.mark.parametrize(
    "raw",
    [
        b"GET /api/v1/cards/ab\x00c HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /api/v1/cards HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
        b"POST /api/v1/cards HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
        b"Content-Length: 3\r\n\r\n{}",
        b"GET /api/v1/cards HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n",
        b"FOO /api/v1/cards HTTP/1.1\r\nHost: x\r\n\r\n",
        b"CONNECT x:443 HTTP/1.1\r\nHost: x\r\n\r\n",
        b"POST /api/v1/cards HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"zz\r\n{}\r\n0\r\n\r\n",
    ],
    ids=[
        "nul-in-path",
        "negative-length",
        "two-lengths",
        "no-colon",
        "unknown-method",
        "connect",
        "bad-chunk",
    ],
)
def test_malformed_http_is_a_problem_document(sbx: Sandbox, raw: bytes) -> None:
    """What is not HTTP/1.1 gets a 400 problem with a request id, like any other 4xx."""
    with socket.create_connection(_address(sbx)) as sock:
        sock.sendall(raw)
        answer = _read_response(sock, 5.0)
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400 "), answer[:300]
    assert b"content-type: application/problem+json" in head.lower()
    assert b"x-request-id: req_" in head.lower()
    problem = json.loads(body)
    assert problem["code"] == "malformed_request"
    assert problem["request_id"]
    if raw.startswith(b"FOO"):
        assert "method is not one this server knows" in problem["detail"]


def test_headers_just_under_the_limit_are_fine(api: ContractClient) -> None:
    """A 15 KiB header section is served normally."""
    response = api.get("/api/v1/cards", headers={"X-Padding": "p" * 15_000})
    assert response.status_code == 200


@pytest.fixture(scope="module")
def quick() -> Iterator[Sandbox]:
    """A sandbox with short timeouts: 1 s idle, 2 s to receive a request."""
    with start_sandbox(extra_args=["--idle-timeout", "1", "--request-timeout", "2"]) as sbx:
        yield sbx


def test_an_idle_connection_is_closed(quick: Sandbox) -> None:
    """A connection that never sends a byte is closed after --idle-timeout (plus the sweep)."""
    with socket.create_connection(_address(quick)) as sock:
        started = time.monotonic()
        assert _read_response(sock, 10.0) == b""
        assert 0.8 < time.monotonic() - started < 2.5


@pytest.mark.parametrize(
    ("partial", "more"),
    [
        (b"GET /api/v1/cards HTTP/1.1\r\nHost: x\r\nX-Slow", b"w"),  # headers never end
        (
            b"POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 100\r\n\r\n{",
            b" ",
        ),  # the body never ends
    ],
    ids=["headers", "body"],
)
def test_a_request_that_trickles_in_is_408(quick: Sandbox, partial: bytes, more: bytes) -> None:
    """A byte a second keeps no request open past --request-timeout: 408, then closed."""
    with socket.create_connection(_address(quick)) as sock:
        started = time.monotonic()
        sock.sendall(partial)
        data = _trickle(sock, more, started)  # one more byte every half second: never idle
        elapsed = time.monotonic() - started
    assert data.startswith(b"HTTP/1.1 408 "), data[:200]
    assert b"request_timeout" in data
    assert 1.8 < elapsed < 4.0, elapsed
    assert httpx.get(quick.base_url + "/api/v1/cards").status_code == 401  # still serving


_GET = b"GET /api/v1/cards HTTP/1.1\r\nHost: x\r\n\r\n"


def _read_one_response(sock: socket.socket) -> bytes:
    """One whole response with a Content-Length (its head and body may come apart)."""
    sock.settimeout(5.0)
    data = b""
    while b"\r\n\r\n" not in data:
        data += sock.recv(65536)
    head, _, body = data.partition(b"\r\n\r\n")
    declared = re.search(rb"(?im)^content-length: *(\d+)", head)
    assert declared is not None, head
    length = int(declared.group(1))
    while len(body) < length:
        body += sock.recv(65536)
    assert len(body) == length, "nothing but this response was asked for"
    return head + b"\r\n\r\n" + body


def test_pipelined_requests_are_answered_in_order(quick: Sandbox) -> None:
    """Requests sent in one write are framed one by one: an answer each, in order."""
    last = b"GET /api/v1/nothing-here HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    with socket.create_connection(_address(quick)) as sock:
        sock.sendall(_GET + _GET + last)
        data = _read_response(sock, 5.0)
    statuses = [part[:3] for part in data.split(b"HTTP/1.1 ")[1:]]
    assert statuses == [b"401", b"401", b"404"], data[:300]


def test_each_request_has_its_own_header_limit(quick: Sandbox) -> None:
    """After an answered request, a kept-alive connection's next huge header is a 431 again."""
    with socket.create_connection(_address(quick)) as sock:
        sock.sendall(_GET)
        assert _read_one_response(sock).startswith(b"HTTP/1.1 401 ")
        sock.sendall(b"GET /api/v1/cards HTTP/1.1\r\nHost: x\r\nX-Big: " + b"b" * 20_000)
        rest = _read_response(sock, 5.0)
    assert rest.startswith(b"HTTP/1.1 431 "), rest[:200]


def test_a_request_trickling_in_behind_a_slow_answer_gets_408_after_it(quick: Sandbox) -> None:
    """The answer under way goes out whole; the late request behind it then gets its 408."""
    quick.controls.inject_fault(kind="latency", latency_ms=2500, count=1, methods=["GET"])
    with socket.create_connection(_address(quick)) as sock:
        started = time.monotonic()
        sock.sendall(_GET + b"GET /api/v1/cards HTTP/1.1\r\nHost: x\r\nX-Slow")
        data = _trickle(sock, b"w", started)
        elapsed = time.monotonic() - started
    statuses = [part[:3] for part in data.split(b"HTTP/1.1 ")[1:]]
    assert statuses == [b"401", b"408"], data[:300]
    assert 2.4 < elapsed < 4.5, elapsed


def test_help_states_the_limits_and_timeouts(capsys: pytest.CaptureFixture[str]) -> None:
    """`--help` gives the timeouts' defaults and the fixed limits."""
    from qolo_sandbox import _cli

    with pytest.raises(SystemExit):
        _cli.parse_args(["--help"])
    text = " ".join(capsys.readouterr().out.split())
    for fact in (
        "(default 5)",
        "(default 10)",
        "header section: 16 KiB (431 beyond)",
        "body: 1 MiB (413 beyond)",
        "nesting: 32 levels",
        "--webhook-allow",
        "64 KiB of a receiver's answer",
    ):
        assert fact in text, fact


def _trickle(sock: socket.socket, byte: bytes, started: float) -> bytes:
    """Send `byte` about every half second and keep what comes back, until the server closes
    (or 10 s after `started`)."""
    sock.settimeout(0.1)
    data = b""
    while time.monotonic() - started < 10:
        try:
            sock.sendall(byte)
            chunk = sock.recv(65536)
        except TimeoutError:
            time.sleep(0.4)
            continue
        except OSError:
            break
        if not chunk:
            break
        data += chunk
    return data


def test_an_http_1_1_request_without_host_is_400(sbx: Sandbox) -> None:
    """RFC 9112 §3.2: a server MUST answer 400 to an HTTP/1.1 request that lacks Host."""
    token = login(sbx.base_url, sbx.credential)
    raw = (
        f"GET /api/v1/cards HTTP/1.1\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n"
    )
    with socket.create_connection(_address(sbx)) as sock:
        sock.sendall(raw.encode())
        answer = _read_response(sock, 5.0)
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400 "), answer[:300]
    problem = json.loads(body)
    assert problem["code"] == "malformed_request"
    assert "Host" in problem["detail"]


def test_two_content_types_are_400(api: ContractClient) -> None:
    """Which of two media types would the body be read as? Neither: 400 naming the header."""
    body = json.dumps({"program_guid": PROGRAM_A, "person": NEW_PERSON}).encode()
    for first, second in (("text/plain", "application/json"), ("application/json", "text/plain")):
        answer = api.post(
            "/api/v1/cards",
            content=body,
            headers=[("Content-Type", first), ("Content-Type", second)],
        )
        assert answer.status_code == 400, answer.status_code
        assert answer.json()["errors"][0]["field"] == "/Content-Type"
    assert api.get("/api/v1/cards").json()["count"] == 0


def test_integers_beyond_64_bits_are_refused_not_rounded(api: ContractClient) -> None:
    """orjson would read 10**30 as a float: the card would keep another number than sent, and
    an idempotent replay would match a different body. 400 naming the field instead; the
    64-bit extremes are kept exactly."""
    refused = api.create_card(str(uuid.uuid4()), fulfillment_data={"n": 10**30})
    assert refused.status_code == 400
    assert refused.json()["code"] == "integer_out_of_range"
    assert refused.json()["errors"][0]["field"] == "/fulfillment_data/n"
    too_small = api.create_card(str(uuid.uuid4()), fulfillment_data={"a": [-(2**63) - 1]})
    assert too_small.status_code == 400
    assert too_small.json()["errors"][0]["field"] == "/fulfillment_data/a/0"
    kept = api.create_card(str(uuid.uuid4()), fulfillment_data={"max": 2**64 - 1, "min": -(2**63)})
    assert kept.status_code == 201
    assert kept.json()["fulfillment_data"] == {"max": 2**64 - 1, "min": -(2**63)}
