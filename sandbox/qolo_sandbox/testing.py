"""Start a real sandbox server from tests (public API).

The sandbox runs as a subprocess on 127.0.0.1 with a free port, so tests talk to it over real
HTTP exactly as a client talks to the platform::

    from qolo_sandbox.testing import start_sandbox

    with start_sandbox(controls=True) as sbx:
        token = httpx.post(f"{sbx.base_url}/api/v1/auth/login", json={
            "loginid": sbx.credential.loginid, "apikey": sbx.credential.apikey,
        }).json()["access_token"]
        sbx.controls.advance_clock(43200)        # the token is now expired
        sbx.controls.inject_fault(kind="drop_after_write", count=1)

Without `credentials` the launcher writes a credentials file with program A
(`6f1c2a9e-3b7d-4e5f-8a9b-0c1d2e3f4a5b`, a read-write and a read-only credential) and program B
(one read-write credential). `app` names an ASGI app factory (`module:function`) that receives
the sandbox `Config`; it lets conformance suites run deliberately broken wrappers of the app
through the same launcher. `check_response` validates any response against the contract.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import httpx

from ._config import CredentialSpec
from ._contract import load_contract
from ._response_checker import ResponseChecker

__all__ = [
    "PROGRAM_A",
    "PROGRAM_B",
    "Controls",
    "Credential",
    "Sandbox",
    "SandboxError",
    "check_response",
    "start_sandbox",
]

PROGRAM_A = "6f1c2a9e-3b7d-4e5f-8a9b-0c1d2e3f4a5b"
PROGRAM_B = "0d4e5f6a-7b8c-4d9e-8f01-23456789abcd"
_LISTEN_RE = re.compile(r"qolo-sandbox listening on (http://\S+)")
_checker: ResponseChecker | None = None


class SandboxError(RuntimeError):
    """The sandbox did not start, or stopped unexpectedly."""


Credential = CredentialSpec
"""A login of the sandbox (`loginid`, `apikey`, `program_guid`, `read_only`): the very class the
app's `Config` holds, under the name tests have always used."""


def default_credentials() -> list[Credential]:
    """Fresh random API keys for program A (read-write, read-only) and program B."""
    return [
        Credential("partner-a", "sk_sandbox_" + secrets.token_hex(16), PROGRAM_A, False),
        Credential("partner-a-readonly", "sk_sandbox_" + secrets.token_hex(16), PROGRAM_A, True),
        Credential("partner-b", "sk_sandbox_" + secrets.token_hex(16), PROGRAM_B, False),
    ]


def check_response(response: httpx.Response) -> list[str]:
    """Everything in `response` that contradicts openapi.yaml (empty when it conforms)."""
    global _checker
    if _checker is None:
        _checker = ResponseChecker(load_contract())
    body = response.content
    return _checker.check(
        response.request.method,
        response.request.url.raw_path.decode("ascii"),  # as sent: `%2F` is no separator
        response.status_code,
        {k.lower(): v for k, v in response.headers.items()},
        body,
    )


class Controls:
    """Client for the `/_sandbox/` test controls (the server must run with `--controls`)."""

    def __init__(self, base_url: str) -> None:
        self._http = httpx.Client(base_url=base_url, timeout=10.0)

    def close(self) -> None:
        self._http.close()

    def _json(self, method: str, path: str, body: Any = None) -> Any:
        response = self._http.request(method, path, json=body)
        response.raise_for_status()
        return response.json() if response.content else None

    def advance_clock(self, seconds: float) -> str:
        """Move the sandbox clock forward; returns the new sandbox time (RFC 3339, with `Z`)."""
        return str(self._json("POST", "/_sandbox/clock", {"advance_seconds": seconds})["now"])

    def now(self) -> str:
        return str(self._json("GET", "/_sandbox/clock")["now"])

    def inject_fault(
        self,
        *,
        kind: str,
        count: int | None = None,
        rate: float | None = None,
        status: int | None = None,
        latency_ms: int | None = None,
        methods: Sequence[str] | None = None,
        path_prefix: str | None = None,
        phase: str | None = None,
    ) -> dict[str, Any]:
        """Add a fault for the next `count` matching requests, or a `rate` (0..1) of them.

        A `latency` fault sleeps before authentication (`phase="before"`, the default) or after
        validation and the idempotency claim, just before the work (`phase="handler"`).
        """
        body: dict[str, Any] = {"kind": kind}
        for name, value in (
            ("count", count),
            ("rate", rate),
            ("status", status),
            ("latency_ms", latency_ms),
            ("methods", list(methods) if methods is not None else None),
            ("path_prefix", path_prefix),
            ("phase", phase),
        ):
            if value is not None:
                body[name] = value
        result: dict[str, Any] = self._json("POST", "/_sandbox/faults", body)
        return result

    def faults(self) -> list[dict[str, Any]]:
        return list(self._json("GET", "/_sandbox/faults")["faults"])

    def clear_faults(self) -> None:
        self._json("DELETE", "/_sandbox/faults")

    def deliveries(self) -> list[dict[str, Any]]:
        """Every webhook delivery with its event and attempts, oldest first."""
        return list(self._json("GET", "/_sandbox/deliveries")["deliveries"])

    def activate_notification(self, notification_guid: str) -> dict[str, Any]:
        """Activate a subscription without a ping, as Qolo does for one that was never active;
        the subscription as the control answers it (its `headers` left out)."""
        result: dict[str, Any] = self._json(
            "POST", f"/_sandbox/notifications/{notification_guid}/activate"
        )
        return result

    def reset(self) -> None:
        """Forget all data, faults, clock offset and counters (credentials and tokens stay)."""
        self._json("POST", "/_sandbox/reset")

    def stats(self) -> dict[str, Any]:
        """Counters, e.g. `{"logins": 3, "failed_logins": 0, "requests": 42}`."""
        result: dict[str, Any] = self._json("GET", "/_sandbox/stats")
        return result


class Sandbox:
    """A running sandbox subprocess; use `start_sandbox` rather than this class directly."""

    def __init__(self, args: list[str], credentials: list[Credential], workdir: Path) -> None:
        self._args = args
        self.credentials = credentials
        self.workdir = workdir
        self.base_url = ""
        self._process: subprocess.Popen[str] | None = None
        self._controls: Controls | None = None
        self._pump: threading.Thread | None = None
        self._output: list[str] = []
        self._log_path = workdir / "sandbox.log"

    @property
    def credential(self) -> Credential:
        """The first read-write credential."""
        return next(c for c in self.credentials if not c.read_only)

    @property
    def read_only_credential(self) -> Credential:
        return next(c for c in self.credentials if c.read_only)

    @property
    def controls(self) -> Controls:
        if self._controls is None:
            raise SandboxError("the sandbox is not running")
        return self._controls

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    def log(self) -> str:
        """The server's stderr so far (for failure messages)."""
        with contextlib.suppress(OSError):
            return self._log_path.read_text("utf-8", errors="replace")
        return ""

    def start(self, timeout: float = 30.0) -> None:
        if self._process is not None:
            raise SandboxError("already running")
        log = self._log_path.open("a", encoding="utf-8")
        process = subprocess.Popen(
            [sys.executable, "-m", "qolo_sandbox", *self._args],
            stdout=subprocess.PIPE,
            stderr=log,
            stdin=subprocess.DEVNULL,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        log.close()
        self._process = process
        found: list[str] = []
        ready = threading.Event()

        def pump() -> None:
            assert process.stdout is not None
            for line in process.stdout:
                self._output.append(line)
                match = _LISTEN_RE.search(line)
                if match and not found:
                    found.append(match.group(1))
                    ready.set()
            ready.set()

        self._pump = threading.Thread(target=pump, daemon=True)
        self._pump.start()
        if not ready.wait(timeout) or not found:
            self._terminate(kill=True)
            raise SandboxError("the sandbox did not start:\n" + "".join(self._output) + self.log())
        self.base_url = found[0]
        deadline = time.monotonic() + timeout
        while True:
            try:
                httpx.get(self.base_url + "/api/v1/cards", timeout=2.0)
                break
            except httpx.TransportError as exc:
                if time.monotonic() > deadline:
                    self._terminate(kill=True)
                    raise SandboxError("the sandbox does not answer: " + self.log()) from exc
                time.sleep(0.05)
        self._controls = Controls(self.base_url)

    def stop(self, timeout: float = 15.0) -> int | None:
        """SIGTERM (finishing in-flight requests), then SIGKILL after `timeout`; the exit code."""
        return self._terminate(kill=False, timeout=timeout)

    def kill(self) -> None:
        """SIGKILL: a crash, with whatever was pending left in the database."""
        self._terminate(kill=True)

    def restart(self, *, kill: bool = False) -> None:
        """Stop (or kill) and start again on the same `--db`; the port may change."""
        self._terminate(kill=kill)
        self.start()

    def _terminate(self, *, kill: bool, timeout: float = 15.0) -> int | None:
        if self._controls is not None:
            self._controls.close()
            self._controls = None
        process, self._process = self._process, None
        if process is None:
            return None
        if process.poll() is None:
            process.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        # The pump reads stdout to its end, which comes with the process's; then close the pipe,
        # or it is left to the garbage collector (a ResourceWarning in a partner's test run).
        if self._pump is not None:
            self._pump.join(timeout=5)
            self._pump = None
        if process.stdout is not None:
            process.stdout.close()
        return process.returncode


@contextlib.contextmanager
def start_sandbox(
    *,
    controls: bool = True,
    token_ttl: int | None = None,
    rate_limit: int | None = None,
    db: str | os.PathLike[str] | None = None,
    credentials: Sequence[Credential] | None = None,
    webhook_retry_base: float | None = None,
    extra_args: Sequence[str] = (),
    app: str = "qolo_sandbox.app:create_app",
    timeout: float = 30.0,
) -> Iterator[Sandbox]:
    """Run a sandbox for the duration of the `with` block and stop it afterwards.

    `db=None` keeps the data in memory (lost on `restart()`); pass a path to keep it.
    """
    with tempfile.TemporaryDirectory(prefix="qolo-sandbox-") as tmp:
        workdir = Path(tmp)
        creds = list(credentials) if credentials is not None else default_credentials()
        creds_file = workdir / "credentials.json"
        creds_file.write_text(json.dumps([asdict(c) for c in creds]), "utf-8")
        args = ["--host", "127.0.0.1", "--port", "0", "--credentials", str(creds_file)]
        if controls:
            args.append("--controls")
        if token_ttl is not None:
            args += ["--token-ttl", str(token_ttl)]
        if rate_limit is not None:
            args += ["--rate-limit", str(rate_limit)]
        if db is not None:
            args += ["--db", os.fspath(db)]
        if webhook_retry_base is not None:
            args += ["--webhook-retry-base", str(webhook_retry_base)]
        if app != "qolo_sandbox.app:create_app":
            args += ["--app", app]
        args += list(extra_args)
        sandbox = Sandbox(args, creds, workdir)
        sandbox.start(timeout)
        try:
            yield sandbox
        finally:
            sandbox.stop()
