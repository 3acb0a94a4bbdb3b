"""Helpers shared by the sandbox tests: a contract-checking client, a webhook receiver, and
the command's options."""

from __future__ import annotations

import argparse
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from qolo_sandbox.testing import PROGRAM_A, Credential, check_response

NEW_PERSON = {
    "first_name": "Ada",
    "last_name": "Lovelace",
    "birth_date": "1990-12-10",
    "email": "ada@example.com",
    "mobile_number": "+15555550123",
}


def cli_options() -> dict[str, str]:
    """`qolo-sandbox`'s long options and their `dest`, as `--help` lists them (no -h/--help)."""
    from qolo_sandbox import _cli  # here: conftest imports this module, and most need no CLI

    return {
        option: action.dest
        for action in _cli._parser()._actions
        if action.help != argparse.SUPPRESS and action.dest != "help"
        for option in action.option_strings
        if option.startswith("--")
    }


def environment_name(option: str) -> str:
    """The variable that stands in for `option`: `--token-ttl` is `QOLO_SANDBOX_TOKEN_TTL`."""
    return "QOLO_SANDBOX_" + option.removeprefix("--").replace("-", "_").upper()


class ContractClient(httpx.Client):
    """An httpx client that validates every response against openapi.yaml."""

    def __init__(self, base_url: str, violations: list[str], token: str | None = None) -> None:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        super().__init__(
            base_url=base_url,
            headers=headers,
            timeout=15.0,
            event_hooks={"response": [self._check]},
        )
        self.violations = violations
        self.seen = 0

    def _check(self, response: httpx.Response) -> None:
        response.read()
        self.seen += 1
        self.violations.extend(check_response(response))

    def create_card(self, key: str | None = None, **extra: Any) -> httpx.Response:
        body: dict[str, Any] = {"program_guid": PROGRAM_A, "person": dict(NEW_PERSON), **extra}
        headers = {"IdempotencyKey": key} if key else {}
        return self.post("/api/v1/cards", json=body, headers=headers)


def login(base_url: str, cred: Credential) -> str:
    response = httpx.post(
        f"{base_url}/api/v1/auth/login", json={"loginid": cred.loginid, "apikey": cred.apikey}
    )
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """A loopback webhook receiver: answers `statuses` in turn (then 200), records everything."""

    url: str = ""
    statuses: list[int] = field(default_factory=list)
    delay: float = 0.0
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def events(self) -> list[Received]:
        with self.lock:
            return [r for r in self.received if json.loads(r.body)["event_type"] != "ping"]

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out; received {len(self.received)} requests")
            time.sleep(0.02)
