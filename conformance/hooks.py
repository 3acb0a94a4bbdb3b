"""schemathesis hooks (loaded through `hooks = "conformance.hooks"` in schemathesis.toml).

They make generated requests meaningful to a stateful API without weakening any check:

- every operation that declares the `IdempotencyKey` header (the contract's creates) gets a
  fresh uuid4 key, or the contract's correct 422 for a key reused with another body would be
  reported as a failure;
- bodies name the target's own program (`QOLO_PROGRAM_GUID`): creates, subscription updates and
  `ValidateCard` (a generated program is another program, so every call would be a 404 and the
  stateful phase would never get a card to follow links from);
- an `UpdateNotificationById` body's `notification_guid` is the path's (the contract requires
  it to be), or dropped when the path's is not a uuid;
- webhook URLs point at `QOLO_CONFORMANCE_WEBHOOK_URL` (a receiver that answers; the runner
  starts one for the embedded sandbox), so the ping does not wait 5 s on a random host; without
  it they point at a `.invalid` host (RFC 6761: it never resolves), so a real deployment is never
  made to ping whatever host the fuzzer invented;
- a 400 that names one of the contract's business rules (e.g. `invalid_status_transition`) is
  the documented answer to schema-valid data, so `positive_data_acceptance` drops exactly those;
  so is `ValidateCard`'s 400 `validation_error` for a body that identifies no card (no
  `card_proxy`, `card_number` or `card_lastX`), when its field errors name those identifiers;
- so is a 401 to a request whose `Authorization` is not a well-formed bearer token: the fuzzing
  phase mutates that header while still calling the body positive. A 401 to a well-formed token
  (the login's) stays a failure: valid calls must not be refused;
- so is a 400 to a body that breaks the contract's request schema although schemathesis calls
  it positive: its error feedback, reading a 400's `errors[].field` pointer (`/person/first_name`)
  as a property name, adds a top-level `"/person/first_name"` property to a body whose schema
  forbids undeclared ones. Refusing that is right.

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
from conformance.contract import is_idempotent_create, request_body_conforms
from conformance.names import FILTERED_ENV, NOWHERE_URL, WEBHOOK_URL_ENV

__all__ = ["FILTERED_ENV", "keep_idempotency_key"]


# Set while a check resends a case: the resend must carry the original key, not a fresh one.
keep_idempotency_key: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "keep_idempotency_key", default=False
)

_KEY_PATTERN = re.compile(r"^[\x21-\x7E]{1,255}$")
# RFC 6750's b64token after "Bearer ": what the login's token looks like on the wire.
_BEARER = re.compile(r"Bearer [A-Za-z0-9\-._~+/]+=*")
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_UPDATE_NOTIFICATION = ("PUT", "/api/v1/notifications/{notification_guid}")
_VALIDATE_CARD = ("POST", "/api/v1/cards/validate")
_PROGRAM_BODIES = frozenset(
    {
        ("POST", "/api/v1/cards"),
        ("POST", "/api/v1/notifications"),
        _UPDATE_NOTIFICATION,
        _VALIDATE_CARD,
    }
)
_NOTIFICATION_BODIES = frozenset({("POST", "/api/v1/notifications"), _UPDATE_NOTIFICATION})
# 400 codes the contract documents as business-rule refusals of schema-valid requests.
BUSINESS_RULE_CODES = frozenset(
    {
        "invalid_status_transition",
        "card_not_replaceable",
        "card_needs_new_number",
        "card_proxy_taken",
        "card_status_forbids_pin",
        "person_details_required",
        "card_ambiguous",
        "issuance_type_change_not_allowed",
        # A subscription URL the deployment's rules refuse (an allow-list of receivers): the
        # kit's receiver, or its `.invalid` host, is refused by a correct deployment too.
        "webhook_url_refused",
        # The contract's 64-bit bound on every integer of a body, free-form objects included
        # (no schema can say it there; the contract's Limits convention does).
        "integer_out_of_range",
    }
)
# ValidateCard's identifiers: a body without any of them is 400 `validation_error`.
CARD_IDENTIFIERS = ("card_proxy", "card_number", "card_lastX")


def _key(case: Any) -> tuple[str, str]:
    return (str(case.method).upper(), str(case.path))


# Against a deployment, the program is a partner's: its cards and subscriptions are not the
# kit's to change. schemathesis reuses ids it reads in answers (ListCards lists every card of
# the program), so a write naming a card or subscription this run did not create is pointed
# at one that cannot exist instead: the deployment answers the 404 every such operation
# documents, and nothing of the partner's changes. Ids are recorded as the run creates them.
_OWNED_IDS = ("card_proxy", "notification_guid")
_READS = frozenset({"GET", "HEAD", "OPTIONS"})
_created: set[str] = set()


def _a_deployment() -> bool:
    return os.environ.get("QOLO_CONFORMANCE_SANDBOX") != "1"


def _none_such(name: str) -> str:
    """An id of the right shape that names nothing: a fresh uuid, or a proxy no one issues."""
    fresh = uuid.uuid4()
    return str(fresh) if name == "notification_guid" else f"kitnone{fresh.hex[:16]}"


# The shapes of a well-formed id: only those are a partner's; a malformed one (negative data)
# is refused with a 400 before anything is touched, and stays so that 400 is checked.
_ID_SHAPES = {
    "card_proxy": re.compile(r"^[A-Za-z0-9_-]{1,64}$"),
    "notification_guid": re.compile(
        r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
    ),
}


def _not_ours(name: str, value: object) -> bool:
    return isinstance(value, str) and bool(_ID_SHAPES[name].match(value)) and value not in _created


def _guard_the_partners(case: Any) -> None:
    """Point a write at nothing unless it names what this run created (path or body id)."""
    if str(case.method).upper() in _READS or _key(case) == _VALIDATE_CARD:
        return
    parameters = case.path_parameters or {}
    for name in _OWNED_IDS:
        if _not_ours(name, parameters.get(name)):
            parameters[name] = _none_such(name)
    body = case.body
    if (
        isinstance(body, dict)
        and not is_idempotent_create(case.operation)
        and _not_ours("card_proxy", body.get("card_proxy"))  # UpdateDigitalPackage's card
    ):
        body["card_proxy"] = _none_such("card_proxy")


@schemathesis.hook
def after_call(context: Any, case: Any, response: Any) -> None:
    """Against a deployment, note the ids of what this run created (see `_guard_the_partners`)."""
    if not _a_deployment() or not is_idempotent_create(case.operation):
        return
    if not 200 <= int(getattr(response, "status_code", 0)) < 300:
        return
    try:
        document = response.json()
    except ValueError:
        return
    stack = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if key in _OWNED_IDS and isinstance(value, str):
                    _created.add(value)
                elif isinstance(value, dict | list):
                    stack.append(value)
        elif isinstance(node, list):
            stack.extend(node)


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    """Fresh idempotency key per create; the target's program, receiver and ids in bodies; on a
    deployment, no write to what the run did not create."""
    key = _key(case)
    if _a_deployment():
        _guard_the_partners(case)
    if is_idempotent_create(case.operation) and not keep_idempotency_key.get():
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
    receiver = os.environ.get(WEBHOOK_URL_ENV) or NOWHERE_URL
    if key in _NOTIFICATION_BODIES:
        url = body.get("url")
        if isinstance(url, str) and re.match(r"^https?://", url) and len(url) <= 2048:
            body["url"] = receiver
    if key == _UPDATE_NOTIFICATION:
        generated = body.get("notification_guid")
        # A deliberately malformed one (negative testing) stays, so its 400 is still checked.
        if isinstance(generated, str) and _UUID.match(generated):
            path_guid = (case.path_parameters or {}).get("notification_guid")
            if isinstance(path_guid, str) and _UUID.match(path_guid):
                body["notification_guid"] = path_guid
            else:
                del body["notification_guid"]


@schemathesis.hook
def filter_failure(context: Any, failure: Any, case: Any, response: Any) -> bool:
    """Keep every failure but rejected "valid" data that was not valid (see the module doc)."""
    if type(failure).__name__ != "RejectedPositiveData":
        return True
    if response.status_code == 401:
        request = getattr(response, "request", None)
        sent = getattr(request, "headers", {}).get("Authorization", "")
        if isinstance(sent, str) and _BEARER.fullmatch(sent) is not None:
            return True
        return _dropped("a 401 to a fuzzed Authorization that is no bearer token")
    if response.status_code != 400:
        return True
    try:
        problem = json.loads(response.content)
        code = problem.get("code")
    except (ValueError, AttributeError):
        return True
    if code in BUSINESS_RULE_CODES:
        return _dropped(f"a business-rule 400 ({code})")
    if _key(case) == _VALIDATE_CARD and _identifies_no_card(case.body, problem):
        return _dropped("a ValidateCard 400 to a body that names no card")
    if request_body_conforms(case.operation, case.body):
        return True
    return _dropped("a 400 to a body that breaks the request schema")


def _dropped(why: str) -> bool:
    """Drop a failure, noting why in `QOLO_CONFORMANCE_FILTERED` (one line each) for the summary.

    schemathesis prints only a count ("Filtered: 193") and keeps none in its reports.
    """
    log = os.environ.get(FILTERED_ENV)
    if log:
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(why + "\n")
    return False


def _identifies_no_card(body: Any, problem: dict[str, Any]) -> bool:
    """A ValidateCard 400 `validation_error` for a body without any card identifier.

    Only when the body really has none of them and the problem's field errors name one of them
    (the sandbox names all three): a 400 for anything else, say a detail of the wrong shape,
    stays a failure, since the contract answers a detail that does not match with 404.
    """
    if problem.get("code") != "validation_error" or not isinstance(body, dict):
        return False
    if any(body.get(name) is not None for name in CARD_IDENTIFIERS):
        return False
    errors = problem.get("errors")
    fields = (
        {e.get("field") for e in errors if isinstance(e, dict)}
        if isinstance(errors, list)
        else set()
    )
    return any(f"/{name}" in fields for name in CARD_IDENTIFIERS)
