"""schemathesis hooks (loaded through `hooks = "conformance.hooks"` in schemathesis.toml).

They make generated requests meaningful to a stateful API without weakening any check:

- every creating POST gets a fresh uuid4 `IdempotencyKey`, or the contract's correct 422 for a
  key reused with another body would be reported as a failure;
- creates name the target's own program (`QOLO_PROGRAM_GUID`), or every create is a 404 and the
  stateful phase never gets a card to follow links from;
- webhook URLs point at `QOLO_CONFORMANCE_WEBHOOK_URL` (a receiver that answers; the runner
  starts one for the embedded sandbox), so the ping does not wait 5 s on a random host; without
  it they point at a `.invalid` host (RFC 6761: it never resolves), so a real deployment is never
  made to ping whatever host the fuzzer invented;
- a 400 that names one of the contract's business rules (e.g. `invalid_status_transition`) is
  the documented answer to schema-valid data, so `positive_data_acceptance` drops exactly those;
- so is a 401 to a request whose `Authorization` is not a well-formed bearer token: the fuzzing
  phase mutates that header while still calling the body positive. A 401 to a well-formed token
  (the login's) stays a failure: valid calls must not be refused.

Importing this module also registers the custom checks in `conformance.checks`.
"""

from __future__ import annotations

import contextvars
import json
import os
import re
import uuid
from typing import Any

import schemathesis

from conformance import checks  # noqa: F401  (registers the custom checks)
from conformance.contract import IDEMPOTENT_CREATES

__all__ = ["keep_idempotency_key"]

# Set while a check resends a case: the resend must carry the original key, not a fresh one.
keep_idempotency_key: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "keep_idempotency_key", default=False
)

_KEY_PATTERN = re.compile(r"^[\x21-\x7E]{1,255}$")
# Where generated subscriptions point when no receiver is given: a name that never resolves.
_NOWHERE = "https://conformance-receiver.invalid/webhook"
# RFC 6750's b64token after "Bearer ": what the login's token looks like on the wire.
_BEARER = re.compile(r"Bearer [A-Za-z0-9\-._~+/]+=*")
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_PROGRAM_BODIES = frozenset(
    {
        ("POST", "/api/v1/cards"),
        ("POST", "/api/v1/notifications"),
        ("PUT", "/api/v1/notifications/{notification_guid}"),
    }
)
_NOTIFICATION_BODIES = frozenset(
    {("POST", "/api/v1/notifications"), ("PUT", "/api/v1/notifications/{notification_guid}")}
)
# 400 codes the contract documents as business-rule refusals of schema-valid requests.
BUSINESS_RULE_CODES = frozenset(
    {
        "invalid_status_transition",
        "card_not_replaceable",
        "card_proxy_taken",
        "card_status_forbids_pin",
    }
)


def _key(case: Any) -> tuple[str, str]:
    return (str(case.method).upper(), str(case.path))


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    """Fresh idempotency key per create; the target's program and receiver in create bodies."""
    key = _key(case)
    if key in IDEMPOTENT_CREATES and not keep_idempotency_key.get():
        current = (case.headers or {}).get("IdempotencyKey")
        # A deliberately malformed key (negative testing) stays, so its 400 is still checked.
        if current is None or (isinstance(current, str) and _KEY_PATTERN.match(current)):
            if case.headers is None:
                case.headers = {}
            case.headers["IdempotencyKey"] = str(uuid.uuid4())
    body = case.body
    if not isinstance(body, dict):
        return
    program = os.environ.get("QOLO_PROGRAM_GUID")
    if key in _PROGRAM_BODIES and program:
        current_program = body.get("program_guid")
        if isinstance(current_program, str) and _UUID.match(current_program):
            body["program_guid"] = program
    receiver = os.environ.get("QOLO_CONFORMANCE_WEBHOOK_URL") or _NOWHERE
    if key in _NOTIFICATION_BODIES:
        url = body.get("url")
        if isinstance(url, str) and re.match(r"^https?://", url) and len(url) <= 2048:
            body["url"] = receiver


@schemathesis.hook
def filter_failure(context: Any, failure: Any, case: Any, response: Any) -> bool:
    """Keep every failure but rejected "valid" data that was not valid (see the module doc)."""
    if type(failure).__name__ != "RejectedPositiveData":
        return True
    if response.status_code == 401:
        request = getattr(response, "request", None)
        sent = getattr(request, "headers", {}).get("Authorization", "")
        return isinstance(sent, str) and _BEARER.fullmatch(sent) is not None
    if response.status_code != 400:
        return True
    try:
        code = json.loads(response.content).get("code")
    except (ValueError, AttributeError):
        return True
    return code not in BUSINESS_RULE_CODES
