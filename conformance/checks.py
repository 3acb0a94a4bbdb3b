"""Custom schemathesis checks: the contract's own promises that the built-in checks do not test.

Each check raises `AssertionError` whose first line names the rule, so a failing run says which
promise broke; schemathesis adds the operation and a curl command that reproduces the request.
Registered on import (`conformance.hooks` imports this module).

- `response_formats` judges every response body's formats (uuid, email, date, date-time) with
  the kit's `FORMAT_CHECKER`, whose date-time may lack its offset as the platform sends it.
  schemathesis's own `response_schema_conformance` checks everything else, with its (strict RFC
  3339) format validation turned off in schemathesis.toml: together they lose no check.
- `no_secrets_in_responses` applies the secrets policy the runner chose (`--secrets`).
- `agrees_with_reference_samples` compares a response with the reference's sample for the same
  operation and status (`conformance.corpus.agreement_errors`).
"""

from __future__ import annotations

import json
import time
from typing import Any

import schemathesis

from conformance.contract import (
    body_schema,
    find_secrets,
    format_errors,
    is_idempotent_create,
    operation_id,
    schema_errors,
    secrets_policy,
    sent_secrets,
)
from conformance.corpus import agreement_errors

__all__ = [
    "agrees_with_reference_samples",
    "allow_on_405",
    "idempotent_replay",
    "no_secrets_in_responses",
    "problem_details",
    "response_formats",
    "retry_after_on_429",
    "www_authenticate_on_401",
]
# At most this many violations are listed in one failure message.
_MAX_LISTED = 5
# The contract allows 429 on any call, so a check that sends its own request (only
# `idempotent_replay` does) resends a throttled one after its `Retry-After`, at most this many
# times in all, each wait capped: bounded, so a deployment that never lets it through fails
# in seconds instead of hanging the run.
_THROTTLED_ATTEMPTS = 4
_MAX_RETRY_AFTER = 10.0


def _header(response: Any, name: str) -> str | None:
    """One response header; schemathesis gives lower-cased names with list values."""
    values = response.headers.get(name.lower())
    if not values:
        return None
    return str(values[0]) if isinstance(values, list) else str(values)


def _json(content: bytes) -> Any:
    try:
        return json.loads(content)
    except ValueError:
        return None


def _body_schema(case: Any, response: Any) -> dict[str, Any] | None:
    """The contract's schema of this response's body (None: no documented body)."""
    media_type = _header(response, "Content-Type") or ""
    return body_schema(case.operation, response.status_code, media_type)


def _listed(problems: list[str]) -> str:
    more = len(problems) - _MAX_LISTED
    return "\n".join(problems[:_MAX_LISTED]) + (f"\n(and {more} more)" if more > 0 else "")


@schemathesis.check
def response_formats(ctx: Any, response: Any, case: Any) -> bool | None:
    """Every response body's formats hold under the contract (a date-time's offset optional)."""
    schema = _body_schema(case, response)
    if schema is None or not response.content:
        return None
    body = _json(response.content)
    if body is None:
        return None  # not JSON: response_schema_conformance reports it
    problems = format_errors(schema, body)
    if problems:
        raise AssertionError(
            f"the response breaks a format of the contract's {response.status_code} body:\n"
            + _listed(problems)
        )
    return None


@schemathesis.check
def www_authenticate_on_401(ctx: Any, response: Any, case: Any) -> bool | None:
    """RFC 6750: every 401 carries a `WWW-Authenticate: Bearer ...` challenge."""
    if response.status_code != 401:
        return None
    challenge = _header(response, "WWW-Authenticate")
    if challenge is None or not (challenge == "Bearer" or challenge.startswith("Bearer ")):
        raise AssertionError(
            f"401 without a `WWW-Authenticate: Bearer` challenge (got {challenge!r})"
        )
    return None


@schemathesis.check
def allow_on_405(ctx: Any, response: Any, case: Any) -> bool | None:
    """Every 405 names the allowed methods in `Allow` (the contract's MethodNotAllowed)."""
    if response.status_code != 405:
        return None
    allow = _header(response, "Allow")
    if allow is None:
        raise AssertionError("405 without an `Allow` header")
    methods = [m.strip() for m in allow.split(",") if m.strip()]
    if str(case.method).upper() in methods:
        raise AssertionError(f"405 for {case.method} while `Allow` lists it ({allow!r})")
    return None


@schemathesis.check
def retry_after_on_429(ctx: Any, response: Any, case: Any) -> bool | None:
    """Every 429 (and the in-flight 409) says how long to wait in `Retry-After` (seconds)."""
    if response.status_code not in (409, 429):
        return None
    if response.status_code == 409:
        body = _json(response.content)
        if not isinstance(body, dict) or body.get("code") != "idempotency_request_in_flight":
            return None
    value = _header(response, "Retry-After")
    if value is None or not value.strip().isdigit():
        raise AssertionError(
            f"{response.status_code} without an integer `Retry-After` header (got {value!r})"
        )
    return None


@schemathesis.check
def problem_details(ctx: Any, response: Any, case: Any) -> bool | None:
    """Every 4xx/5xx is an RFC 9457 problem document matching the contract's `Problem`."""
    status = response.status_code
    if status < 400:
        return None
    media_type = (_header(response, "Content-Type") or "").split(";")[0].strip().lower()
    if media_type != "application/problem+json":
        raise AssertionError(f"{status} error body is {media_type or 'untyped'!r}, not a problem")
    body = _json(response.content)
    errors = schema_errors("Problem", body)
    if errors:
        raise AssertionError(f"{status} problem body does not match `Problem`: {errors[:3]}")
    assert isinstance(body, dict)
    if body.get("status") != status:
        raise AssertionError(f"problem `status` {body.get('status')!r} is not the HTTP {status}")
    request_id = _header(response, "X-Request-Id")
    if request_id is not None and body.get("request_id") != request_id:
        raise AssertionError(
            f"problem `request_id` {body.get('request_id')!r} differs from X-Request-Id"
        )
    return None


@schemathesis.check
def no_secrets_in_responses(ctx: Any, response: Any, case: Any) -> bool | None:
    """No response leaks a PIN, API key, webhook secret, CVV or full PAN, under the policy.

    `strict` (the sandbox): none, echoed or stored. `reference` (the platform): the secret
    fields the response's schema declares, if consistent (`conformance.contract`).
    """
    body = _json(response.content) if response.content else None
    if body is None:
        return None
    policy = secrets_policy()
    leaks = find_secrets(
        body,
        sent_secrets(case.operation, case.body),
        policy=policy,
        schema=_body_schema(case, response),
    )
    if leaks:
        raise AssertionError(
            f"the response leaks a secret ({policy} secrets policy): {', '.join(leaks[:3])}"
        )
    return None


@schemathesis.check
def agrees_with_reference_samples(ctx: Any, response: Any, case: Any) -> bool | None:
    """A response has the JSON kinds the reference's sample shows for its operation and status."""
    name = operation_id(case.operation)
    if name is None or not response.content:
        return None
    body = _json(response.content)
    if body is None:
        return None
    problems = agreement_errors(name, response.status_code, body)
    if problems:
        raise AssertionError(
            f"{name} {response.status_code} disagrees with the reference's sample:\n"
            + _listed(problems)
        )
    return None


@schemathesis.check
def idempotent_replay(ctx: Any, response: Any, case: Any) -> bool | None:
    """A create resent with the same `IdempotencyKey` and body replays the first response.

    Same status, same body, `Idempotent-Replayed: true`, and nothing new is created (a second
    card would come back with another `card_proxy`, which the body comparison catches).
    """
    if not is_idempotent_create(case.operation):
        return None
    if not 200 <= response.status_code < 300:
        return None
    key = response.request.headers.get("IdempotencyKey")
    if not key:
        return None
    from conformance.hooks import keep_idempotency_key

    headers = {"IdempotencyKey": key}
    authorization = response.request.headers.get("Authorization")
    if authorization:
        headers["Authorization"] = authorization
    token = keep_idempotency_key.set(True)
    try:
        replay = _call_unthrottled(case, headers)
    finally:
        keep_idempotency_key.reset(token)
    if replay.status_code == 429:
        raise AssertionError(
            f"idempotent replay not judged: still throttled (429) after {_THROTTLED_ATTEMPTS} "
            "attempts honouring `Retry-After`"
        )
    if replay.status_code != response.status_code:
        raise AssertionError(
            "idempotent replay changed the status: "
            f"first {response.status_code}, replay {replay.status_code}"
        )
    first, again = _json(response.content), _json(replay.content)
    if first != again:
        raise AssertionError(
            "idempotent replay returned a different body (a second resource was created?): "
            f"first {_summary(first)}, replay {_summary(again)}"
        )
    replayed = _header(replay, "Idempotent-Replayed")
    if replayed != "true":
        raise AssertionError(
            f"idempotent replay without `Idempotent-Replayed: true` (got {replayed!r})"
        )
    return None


def _call_unthrottled(case: Any, headers: dict[str, str]) -> Any:
    """`case.call(headers=...)`, sent again after each 429's `Retry-After` (bounded, see above)."""
    answer = case.call(headers=headers)
    for _ in range(_THROTTLED_ATTEMPTS - 1):
        if answer.status_code != 429:
            break
        time.sleep(_retry_after(answer))
        answer = case.call(headers=headers)
    return answer


def _retry_after(response: Any) -> float:
    """A 429's `Retry-After` in seconds (1 when missing or a date), capped."""
    value = _header(response, "Retry-After")
    try:
        seconds = float(value) if value is not None else 1.0
    except ValueError:
        seconds = 1.0
    return min(max(seconds, 0.0), _MAX_RETRY_AFTER)


def _summary(body: Any) -> str:
    """The identifying fields of a created resource, for a short failure message."""
    if isinstance(body, dict):
        card = body.get("card") if isinstance(body.get("card"), dict) else body
        for name in ("card_proxy", "notification_guid"):
            if isinstance(card, dict) and name in card:
                return f"{name}={card[name]!r}"
    return repr(body)[:120]
