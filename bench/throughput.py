"""4. Sandbox throughput under wrk: the sandbox, Stoplight Prism and a bare ASGI app.

Servers, all on loopback, all started here and stopped at the end:
- the sandbox (one uvicorn worker, controls off, no rate limit, access log off) on a SQLite
  file (WAL), and a second one on its default in-memory database;
- Prism (`@stoplight/prism-cli`, pinned) mocking the same openapi.yaml: the stateless mock a
  user would pick instead; it validates the request and answers the contract's example;
- `bench.hello_app` through the sandbox's own launcher: the server stack's ceiling.

Every target is run `rounds` times with `wrk -t2 -c32`, the targets interleaved within each
round so machine noise hits them alike; ratios are taken run by run. Each target is probed
once before the load: a benchmark of error responses would be meaningless, so the probe's
status and wrk's count of responses >= 400 are reported.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from qolo_sandbox.testing import Sandbox, start_sandbox

from ._common import (
    BENCH,
    ROOT,
    Measurement,
    Row,
    Settings,
    Summary,
    bearer_token,
    create_card,
    free_port,
    new_card_body,
    sandbox_env,
    wait_until_answers,
)

__all__ = ["PRISM", "measure", "wrk_version"]

PRISM = "@stoplight/prism-cli@5.16.0"
THREADS = 2
CONNECTIONS = 32
# Against Prism in the same run: GetCard (issue #12), CreateCard (issue #14).
TARGETS_VS_PRISM = {"GetCard": 1.5, "CreateCard": 2.0}
_REPORT = BENCH / "wrk" / "report.lua"
_CREATE = BENCH / "wrk" / "create_card.lua"
_JSON_LINE = re.compile(r"^BENCH_JSON (\{.*\})$", re.MULTILINE)


@dataclass(slots=True)
class Target:
    """One thing wrk loads: a server, an operation and how to ask for it."""

    name: str
    server: str
    operation: str
    url: str
    token: str
    program_guid: str = ""
    runs: list[dict[str, Any]] = field(default_factory=list)
    probe: str = ""

    def command(self, seconds: int) -> list[str]:
        base = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "5s"]
        if self.operation == "CreateCard":
            return [*base, "-s", str(_CREATE), self.url, "--", self.token, self.program_guid]
        headers = ["-H", f"Authorization: Bearer {self.token}"] if self.token else []
        return [*base, "-s", str(_REPORT), *headers, self.url]

    def check(self) -> None:
        """One request like wrk's, to see what it answers (must be 2xx)."""
        auth = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        if self.operation == "CreateCard":
            response = httpx.post(
                self.url + "/api/v1/cards",
                json=new_card_body(self.program_guid),
                headers={**auth, "IdempotencyKey": f"bench-probe-{time.time_ns()}"},
                timeout=10.0,
            )
        else:
            response = httpx.get(self.url, headers=auth, timeout=10.0)
        self.probe = str(response.status_code)

    def rps(self) -> list[float]:
        return [r["requests"] / (r["duration_us"] / 1e6) for r in self.runs]

    def non_2xx(self) -> int:
        return sum(int(r["status_errors"]) for r in self.runs)

    def socket_errors(self) -> int:
        keys = ("connect_errors", "read_errors", "write_errors", "timeouts")
        return sum(int(r[k]) for r in self.runs for k in keys)


def wrk_version() -> str:
    if shutil.which("wrk") is None:
        return "not installed"
    result = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False)
    first = (result.stdout or result.stderr).splitlines()
    return first[0].split(" [")[0].removeprefix("wrk ") if first else "unknown"


def _run_wrk(target: Target, seconds: int) -> dict[str, Any]:
    result = subprocess.run(
        target.command(seconds), capture_output=True, text=True, check=False, timeout=seconds + 60
    )
    found = _JSON_LINE.search(result.stdout)
    if result.returncode != 0 or found is None:
        raise RuntimeError(f"wrk failed on {target.name}: {result.stdout}{result.stderr}")
    figures: dict[str, Any] = json.loads(found.group(1))
    return figures


@contextlib.contextmanager
def _prism(workdir: Path) -> Iterator[str]:
    """Prism mocking openapi.yaml on a free loopback port; its own process group, stopped after."""
    if shutil.which("npx") is None:
        raise RuntimeError("Prism needs Node.js's npx on PATH")
    port = free_port()
    log = (workdir / "prism.log").open("w", encoding="utf-8")
    process = subprocess.Popen(
        [
            "npx",
            "--yes",
            PRISM,
            "mock",
            "-p",
            str(port),
            "-h",
            "127.0.0.1",
            "-v",
            "warn",  # no per-request log lines: the sandbox runs without an access log too
            str(ROOT / "openapi.yaml"),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    log.close()
    url = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_until_answers(url + "/api/v1/cards", timeout=180.0)
        except httpx.TransportError:
            text = (workdir / "prism.log").read_text("utf-8", errors="replace")
            raise RuntimeError(f"Prism did not start:\n{text}") from None
        yield url
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _sandbox_targets(sbx: Sandbox, label: str, operations: tuple[str, ...]) -> list[Target]:
    cred = sbx.credential
    token = bearer_token(sbx.base_url, cred.loginid, cred.apikey)
    proxy = create_card(sbx.base_url, token, cred.program_guid)
    targets = []
    for operation in operations:
        url = sbx.base_url + (f"/api/v1/cards/{proxy}" if operation == "GetCard" else "")
        targets.append(
            Target(f"{label} {operation}", label, operation, url, token, cred.program_guid)
        )
    return targets


def measure(settings: Settings) -> Measurement:
    result = Measurement(4, "Sandbox throughput: wrk -t2 -c32, one worker")
    if shutil.which("wrk") is None:
        raise RuntimeError("wrk is not installed (apt-get install wrk; `nox -s bench` does it)")
    seconds = 2 if settings.quick else 10
    with contextlib.ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="qolo-bench-")))
        stack.enter_context(sandbox_env())
        file_db = stack.enter_context(start_sandbox(controls=False, db=workdir / "bench.db"))
        memory = stack.enter_context(start_sandbox(controls=False))
        hello = stack.enter_context(start_sandbox(controls=False, app="bench.hello_app:create_app"))
        prism_url = stack.enter_context(_prism(workdir))
        sandbox = _sandbox_targets(file_db, "sandbox", ("GetCard", "CreateCard"))
        in_memory = _sandbox_targets(memory, "sandbox (in-memory db)", ("GetCard", "CreateCard"))
        prism_token = "bench-token-prism-checks-only-the-scheme"
        program = file_db.credential.program_guid
        proxy_path = sandbox[0].url.removeprefix(file_db.base_url)
        prism = [
            Target("Prism GetCard", "Prism", "GetCard", prism_url + proxy_path, prism_token),
            Target("Prism CreateCard", "Prism", "CreateCard", prism_url, prism_token, program),
        ]
        ceiling = Target("hello JSON", "hello", "hello", hello.base_url + "/hello", "")
        targets = [*sandbox, *prism, ceiling, *in_memory]
        for target in targets:
            target.check()
            _run_wrk(target, 1 if settings.quick else 3)  # warm-up, discarded
        for _ in range(settings.rounds):
            for target in targets:
                target.runs.append(_run_wrk(target, seconds))

    by_name = {t.name: t for t in targets}
    for operation in ("GetCard", "CreateCard"):
        ours, theirs = by_name[f"sandbox {operation}"], by_name[f"Prism {operation}"]
        ratio = Summary.of([a / b for a, b in zip(ours.rps(), theirs.rps(), strict=True)])
        result.rows.append(
            Row(
                metric=f"{operation} req/s: sandbox (validated, persisted) vs Prism",
                value=Summary.of(ours.rps()).format(" req/s", 0),
                anchor=f"Prism: {Summary.of(theirs.rps()).format(' req/s', 0)}",
                ratio=ratio.format("×", 2),
                target=f"≥ {TARGETS_VS_PRISM[operation]}×",
                met=ratio.median >= TARGETS_VS_PRISM[operation],
                data={"ratio": ratio.as_dict()},
            )
        )
    get_card = by_name["sandbox GetCard"]
    share = Summary.of([a / b for a, b in zip(get_card.rps(), ceiling.rps(), strict=True)])
    result.rows.append(
        Row(
            metric="GetCard req/s: sandbox vs bare ASGI hello JSON (same server stack)",
            value=Summary.of(get_card.rps()).format(" req/s", 0),
            anchor=f"hello: {Summary.of(ceiling.rps()).format(' req/s', 0)}",
            ratio=share.format("×", 2),
            data={"ratio": share.as_dict()},
        )
    )
    bad = sum(t.non_2xx() + t.socket_errors() for t in targets)
    probes_ok = all(t.probe.startswith("2") for t in targets)
    result.rows.append(
        Row(
            metric="responses >= 400 and socket errors (all targets, all runs)",
            value=str(bad),
            target="0, every probe 2xx",
            met=bad == 0 and probes_ok,
        )
    )
    result.details = [["target", "probe", "req/s", "p50 ms", "p99 ms", "non-2xx", "socket errors"]]
    for t in targets:
        result.details.append(
            [
                t.name,
                t.probe,
                Summary.of(t.rps()).format("", 0),
                Summary.of([r["p50_us"] / 1000 for r in t.runs]).format("", 2),
                Summary.of([r["p99_us"] / 1000 for r in t.runs]).format("", 2),
                str(t.non_2xx()),
                str(t.socket_errors()),
            ]
        )
    result.raw = {
        t.name: {
            "probe_status": t.probe,
            "command": _shown(t.command(seconds), t.token),
            "runs": t.runs,
        }
        for t in targets
    }
    result.notes.append(
        f"wrk -t{THREADS} -c{CONNECTIONS} -d{seconds}s, {settings.rounds} runs per target, "
        "targets interleaved; ratios are run by run. The sandbox validates the token, path, "
        "headers and body against the contract and commits to SQLite (file: WAL, "
        "synchronous=OFF); a CreateCard inserts person, wallet, account, card and idempotency "
        "rows (and an event row when the program has an active webhook subscription: none "
        "here), with a fresh IdempotencyKey per request; the creates of one event-loop turn "
        "share one COMMIT and each answers after it. Prism "
        "validates the request and returns the contract's example; it stores nothing. wrk and "
        "the servers share the machine's 2 cores."
    )
    return result


def _shown(command: list[str], token: str) -> str:
    """The wrk command line with the token elided."""
    line = " ".join(command)
    return line.replace(token, "<token>") if token else line
