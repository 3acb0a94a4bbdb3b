"""Helpers for the suite: a contract-checking httpx client and valid request bodies."""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from typing import Any

import httpx

from conformance.contract import exchange_errors

__all__ = [
    "ApiClient",
    "Credential",
    "card_body",
    "idem",
    "is_sandbox",
    "login",
    "notification_body",
]

TIMEOUT = httpx.Timeout(15.0, connect=5.0)


def is_sandbox() -> bool:
    """Whether the target is a sandbox the runner started (its choices and controls apply)."""
    return os.environ.get("QOLO_CONFORMANCE_SANDBOX") == "1"


@dataclass(frozen=True, slots=True)
class Credential:
    loginid: str
    apikey: str
    program_guid: str = ""


def login(base_url: str, cred: Credential) -> str:
    """A bearer token for `cred` (a failed login fails the test with the server's answer)."""
    response = httpx.post(
        f"{base_url}/api/v1/auth/login",
        json={"loginid": cred.loginid, "apikey": cred.apikey},
        timeout=TIMEOUT,
    )
    assert response.status_code == 200, f"login failed: {response.status_code} {response.text}"
    token = response.json()["access_token"]
    assert isinstance(token, str)
    return token


class ApiClient(httpx.Client):
    """An httpx client that checks every response against openapi.yaml.

    Violations are collected (not raised) so a test can still assert on the response it got;
    the `violations` fixture fails the test at the end if any were seen.
    """

    def __init__(self, base_url: str, violations: list[str], token: str | None) -> None:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        super().__init__(
            base_url=base_url,
            headers=headers,
            timeout=TIMEOUT,
            event_hooks={"response": [self._check]},
        )
        self._violations = violations

    def _check(self, response: httpx.Response) -> None:
        response.read()
        headers = {k.lower(): v for k, v in response.headers.items()}
        self._violations.extend(
            exchange_errors(
                response.request.method,
                response.request.url.path,
                response.request.content,
                response.status_code,
                headers,
                response.content,
            )
        )


def card_body(program_guid: str, **extra: Any) -> dict[str, Any]:
    """A valid CreateCard body for a new person, unique per call."""
    return {
        "program_guid": program_guid,
        "months_until_expire": 36,
        "person": {
            "first_name": "Ada",
            "last_name": f"Conformance-{uuid.uuid4().hex[:8]}",
            "email": "ada@example.com",
        },
        **extra,
    }


def notification_body(program_guid: str, url: str, **extra: Any) -> dict[str, Any]:
    return {
        "program_guid": program_guid,
        "url": url,
        "secret": "whsec_conformance_" + uuid.uuid4().hex,
        "event_type": ["all"],
        **extra,
    }


def idem() -> dict[str, str]:
    """A fresh `IdempotencyKey` header."""
    return {"IdempotencyKey": str(uuid.uuid4())}
