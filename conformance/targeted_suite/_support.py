"""Helpers for the suite: a contract-checking httpx client, valid request bodies, and messages.

Failure messages land in the terminal, the JUnit XML and `summary.md`, and a real platform's
cards carry the full card number and CVV: so a message says what was expected and what came
(`expect`: the status and the problem's `code`; `json_differences`: the JSON pointers that
differ), never a response body.
"""

from __future__ import annotations

import os
import re
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from conformance.contract import exchange_errors
from conformance.names import NOWHERE_URL, SECRET_FIELDS, WEBHOOK_URL_ENV

__all__ = [
    "LOGIN_PATH",
    "REFUSED_URL",
    "ApiClient",
    "Credential",
    "ExtraLogins",
    "LoginRefused",
    "RetryAfterTransport",
    "Subscriptions",
    "card_body",
    "created_card",
    "describe",
    "expect",
    "idem",
    "is_sandbox",
    "json_differences",
    "login",
    "notification_body",
    "person_guid_of",
    "webhook_url",
]

TIMEOUT = httpx.Timeout(15.0, connect=5.0)
LOGIN_PATH = "/api/v1/auth/login"
# The runner's variable for a receiver the deployment may ping (schemathesis's hooks read it too).
# How long one 429 may make the suite wait, and how often: a deployment's per-second budget
# refills within a few seconds; a longer `Retry-After` is reported, not slept through.
RETRY_AFTER_CAP = 10.0
MAX_THROTTLED_RETRIES = 8
# A problem `code` is a short snake_case word; anything else is not quoted in a message.
_CODE = re.compile(r"^[a-z][a-z0-9_.]{0,63}$")
# A value shown in a difference: a short word without digits (a status, an enum), never a number
# or a string that could be a card number, CVV, PIN or key.
_SHOWN = re.compile(r"^[A-Za-z_.\- ]{1,32}$")
_EMPTY_GUID = str(uuid.UUID(int=0))


def is_sandbox() -> bool:
    """Whether the target is a sandbox the runner started (its choices and controls apply)."""
    return os.environ.get("QOLO_CONFORMANCE_SANDBOX") == "1"


def webhook_url() -> str:
    """Where the suite's subscriptions point, the URL schemathesis's hooks use too.

    `QOLO_CONFORMANCE_WEBHOOK_URL` when set (a receiver the deployment allows), else a `.invalid`
    host that never resolves: a deployment is never made to ping its own loopback.
    """
    return os.environ.get(WEBHOOK_URL_ENV) or NOWHERE_URL


@dataclass(frozen=True, slots=True)
class Credential:
    loginid: str
    apikey: str
    program_guid: str = ""


def problem_code(response: httpx.Response) -> str | None:
    """The problem document's `code`, when it is one (never any other part of the body)."""
    try:
        code = response.json().get("code")
    except (ValueError, AttributeError):
        return None
    return code if isinstance(code, str) and _CODE.match(code) else None


def describe(response: httpx.Response) -> str:
    """`status` and the problem's `code`, e.g. `400 validation_error`: never the body."""
    code = problem_code(response)
    return f"{response.status_code} {code}" if code else str(response.status_code)


def expect(response: httpx.Response, status: int, what: str = "") -> Any:
    """Assert `response` has `status` and give its JSON; the message never quotes the body."""
    request = response.request
    where = what or f"{request.method} {request.url.path}"
    if response.status_code != status:
        raise AssertionError(f"{where}: {status} expected, got {describe(response)}")
    return response.json() if response.content else None


class LoginRefused(Exception):
    """A login answered anything but a token; the message names the status and code only."""


def login(base_url: str, cred: Credential) -> str:
    """A bearer token for `cred`; `LoginRefused` (status and code, never the body) otherwise.

    Never retried: a refused login counts toward the account's lockout.
    """
    response = httpx.post(
        f"{base_url}{LOGIN_PATH}",
        json={"loginid": cred.loginid, "apikey": cred.apikey},
        timeout=TIMEOUT,
    )
    token = None
    if response.status_code == 200:
        try:
            token = response.json().get("access_token")
        except (ValueError, AttributeError):
            token = None
    if not isinstance(token, str) or not token:
        raise LoginRefused(describe(response))
    return token


class ExtraLogins:
    """One login per extra credential and run, its token or its refusal kept for every test.

    A wrong `QOLO_READONLY_APIKEY` used to cost one refused login per parametrized case, enough
    to lock a real account out; now it costs one, and is never retried. `forget` drops the
    tokens (not the refusals) once the sandbox's clock has moved past their lifetime.
    """

    def __init__(self, base_url: str) -> None:
        self._base_url = base_url
        self._outcomes: dict[str, tuple[str | None, str | None]] = {}

    def token(self, prefix: str, cred: Credential, tests: str) -> str:
        """`cred`'s token; the tests fail with one line naming `prefix`'s variables if refused."""
        if prefix not in self._outcomes:
            try:
                self._outcomes[prefix] = (login(self._base_url, cred), None)
            except LoginRefused as refused:
                self._outcomes[prefix] = (None, str(refused))
            except httpx.HTTPError as exc:
                self._outcomes[prefix] = (None, f"no answer: {type(exc).__name__}")
        token, refusal = self._outcomes[prefix]
        if token is None:
            pytest.fail(
                f"the login as {prefix}_LOGINID={cred.loginid!r} was refused ({refusal}): check "
                f"{prefix}_APIKEY (and {prefix}_LOGINID); {tests} were not run, and the login "
                "was not tried again",
                pytrace=False,
            )
        return token

    def forget(self) -> None:
        self._outcomes = {k: v for k, v in self._outcomes.items() if v[0] is None}


class Subscriptions:
    """Creates the suite's webhook subscriptions and remembers each one, to delete it after.

    A deployment that refuses the suite's receiver URL (400 `webhook_url_refused`, e.g. a
    `--webhook-allow` list) skips the test, saying which variable names one it allows.
    """

    def __init__(self) -> None:
        self.guids: list[str] = []

    def create(self, client: httpx.Client, body: dict[str, object]) -> dict[str, object]:
        """POST the subscription (a fresh idempotency key); its 201 answer."""
        response = client.post("/api/v1/notifications", json=body, headers=idem())
        self.skip_if_refused(response)
        made = expect(response, 201)
        self.remember(made)
        return dict(made)

    def remember(self, made: object) -> None:
        """Note a subscription some other call created (its answer, or its guid)."""
        guid = made.get("notification_guid") if isinstance(made, dict) else made
        if guid is not None:
            self.guids.append(str(guid))

    @staticmethod
    def skip_if_refused(response: httpx.Response) -> None:
        if response.status_code == 400 and describe(response).endswith(" webhook_url_refused"):
            pytest.skip(REFUSED_URL)


# The skip reason when the deployment refuses the suite's receiver URL.
REFUSED_URL = (
    "the deployment refuses the suite's webhook URL (400 webhook_url_refused): set "
    "QOLO_CONFORMANCE_WEBHOOK_URL to a receiver it allows (an https URL on a host of its "
    "webhook allow list) to run this test"
)


def _retry_after(response: httpx.Response) -> float | None:
    """The 429's `Retry-After` in seconds (integer, as the contract says), None if unusable."""
    value = response.headers.get("retry-after", "").strip()
    return float(value) if value.isdigit() else None


class RetryAfterTransport(httpx.BaseTransport):
    """Waits out a 429's `Retry-After` and resends, so a test judges the real answer.

    The contract allows 429 on any call and promises `Retry-After`; a rate-limited deployment
    would otherwise fail tests with "400 expected, got 429". Bounded: at most
    `MAX_THROTTLED_RETRIES` resends of one request, each wait at most `RETRY_AFTER_CAP` seconds;
    a 429 without a usable `Retry-After`, or a longer one, is returned as it is. A login is
    never resent (its 429 is the failed-login throttle, and each attempt counts toward it).
    """

    def __init__(self, inner: httpx.BaseTransport | None = None) -> None:
        self._inner = inner or httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        response = self._inner.handle_request(request)
        if request.url.path == LOGIN_PATH:
            return response
        for _ in range(MAX_THROTTLED_RETRIES):
            wait = _retry_after(response) if response.status_code == 429 else None
            if wait is None or wait > RETRY_AFTER_CAP:
                break
            response.read()
            response.close()
            time.sleep(max(wait, 0.05))
            response = self._inner.handle_request(request)
        return response

    def close(self) -> None:
        self._inner.close()


class ApiClient(httpx.Client):
    """An httpx client that checks every response against openapi.yaml.

    Violations are collected (not raised) so a test can still assert on the response it got;
    the `violations` fixture fails the test at the end if any were seen. A 429 is waited out
    and resent (`RetryAfterTransport`) unless `retry` is false (the tests of the 429 itself).
    """

    def __init__(
        self, base_url: str, violations: list[str], token: str | None, *, retry: bool = True
    ) -> None:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        super().__init__(
            base_url=base_url,
            headers=headers,
            timeout=TIMEOUT,
            transport=RetryAfterTransport() if retry else httpx.HTTPTransport(),
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


def json_differences(before: Any, after: Any, where: str = "") -> list[str]:
    """The JSON pointers where two documents differ, for a message that quotes no body.

    A value is shown only when it cannot be a secret: true, false, null, or a short word
    without digits (a status) under a field the kit does not count as secret
    (`conformance.contract.SECRET_FIELDS`: the contract's password fields and the platform's).
    """
    if isinstance(before, Mapping) and isinstance(after, Mapping):
        found: list[str] = []
        for key in sorted(set(before) | set(after), key=str):
            pointer = f"{where}/{key}"
            if key not in before or key not in after:
                found.append(f"{pointer}: {'added' if key not in before else 'removed'}")
            else:
                found += json_differences(before[key], after[key], pointer)
        return found
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        return [
            line
            for index, (old, new) in enumerate(zip(before, after, strict=True))
            for line in json_differences(old, new, f"{where}/{index}")
        ]
    if before == after and type(before) is type(after):
        return []
    field = where.rsplit("/", 1)[-1].lower()
    if field not in SECRET_FIELDS and _shown(before) and _shown(after):
        return [f"{where or '/'}: {before!r} became {after!r}"]
    return [f"{where or '/'}: differs"]


def _shown(value: Any) -> bool:
    return (
        value is None
        or isinstance(value, bool)
        or bool(isinstance(value, str) and _SHOWN.match(value))
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


def person_guid_of(created: Mapping[str, Any]) -> str | None:
    """The new person's guid from a CreateCard answer (`person` or `card`), if it gives one.

    The reference's sample answers the empty guid, which names no one.
    """
    for holder in (created.get("person"), created.get("card")):
        if isinstance(holder, Mapping):
            guid = holder.get("person_guid")
            if isinstance(guid, str) and guid and guid != _EMPTY_GUID:
                return guid
    return None


def created_card(api: httpx.Client, program_guid: str, **person: Any) -> dict[str, Any]:
    """Create a card (for a new unique person, or `person_guid=...` an existing one)."""
    body = card_body(program_guid)
    if person:
        body["person"] = person
    answer = expect(api.post("/api/v1/cards", json=body, headers=idem()), 201)
    assert isinstance(answer, dict), "CreateCard: 201 without a JSON object"
    return answer


def notification_body(program_guid: str, url: str | None = None, **extra: Any) -> dict[str, Any]:
    """A valid CreateNotification body; its URL is `webhook_url()` unless given."""
    return {
        "program_guid": program_guid,
        "url": url or webhook_url(),
        "secret": "whsec_conformance_" + uuid.uuid4().hex,
        "event_type": ["all"],
        **extra,
    }


def idem() -> dict[str, str]:
    """A fresh `IdempotencyKey` header."""
    return {"IdempotencyKey": str(uuid.uuid4())}
