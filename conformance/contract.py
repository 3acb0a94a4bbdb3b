"""The contract as data: openapi.yaml's schemas as JSON-Schema validators, and its secret rules.

Shared by the schemathesis checks and the pytest suite, so both judge a response by the same
reading of the contract (never by the sandbox's own validation code).
"""

from __future__ import annotations

import datetime
import functools
import json
import re
from pathlib import Path
from typing import Any

# No stubs in the typecheck group (types-jsonschema would fix that; see the README).
import jsonschema
import yaml

__all__ = [
    "CONTRACT",
    "FORMAT_CHECKER",
    "IDEMPOTENT_CREATES",
    "ROOT",
    "SECRET_FIELDS",
    "exchange_errors",
    "find_secrets",
    "is_date_time",
    "load",
    "match_path",
    "operation_ids",
    "response_errors",
    "schema_errors",
]

ROOT = Path(__file__).resolve().parent.parent
CONTRACT = ROOT / "openapi.yaml"

# (method, path template) of the operations that take an `IdempotencyKey` and create something.
IDEMPOTENT_CREATES = frozenset(
    {
        ("POST", "/api/v1/cards"),
        ("POST", "/api/v1/cards/{card_proxy}/replace"),
        ("POST", "/api/v1/notifications"),
    }
)
# Field names whose values never leave the platform: the contract's writeOnly ones and card
# secrets, including the names the platform's own reference samples use (`card_number`, `cvx2`).
SECRET_FIELDS = frozenset(
    {"pin", "apikey", "secret", "cvv", "cvv2", "cvx2", "card_pan", "pan", "card_number"}
)


# RFC 3339's date-time, except that the offset may be missing and the fraction may be long: the
# platform's .NET back end sends `2023-05-01T10:11:12`, `0001-01-01T00:00:00` (DateTime.MinValue,
# "not set") and seven-digit fractions (`.1234567`). An offset-less value means UTC.
_DATE_TIME = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.[0-9]+)?"
    r"(?:[Zz]|[+-]([0-9]{2}):([0-9]{2}))?"
)


def is_date_time(instance: object) -> bool:
    """Whether `instance` is a date-time the platform may send (non-strings pass, as JSON Schema's).

    RFC 3339 with two liberties: the offset may be missing, and the fraction may have any number
    of digits. The calendar date, the time of day (a leap second 60 included) and the offset's
    range are still checked.
    """
    if not isinstance(instance, str):
        return True
    match = _DATE_TIME.fullmatch(instance)
    if match is None:
        return False
    year, month, day, hour, minute, second = (int(part) for part in match.group(1, 2, 3, 4, 5, 6))
    offset_hours, offset_minutes = (int(part or 0) for part in match.group(7, 8))
    if second > 60 or offset_hours > 23 or offset_minutes > 59:
        return False
    try:
        datetime.datetime(year, month, day, hour, minute, min(second, 59))
    except ValueError:
        return False
    return True


def _format_checker() -> jsonschema.FormatChecker:
    checker = jsonschema.FormatChecker(formats=())
    checker.checkers = dict(jsonschema.Draft202012Validator.FORMAT_CHECKER.checkers)
    checker.checks("date-time")(is_date_time)
    return checker


# Draft 2020-12's format checker with the platform's lenient `date-time` (`is_date_time`): every
# part of the kit (checks, suite, reference corpus) judges formats with it, so they agree. `uuid`,
# `email` and `date` are checked as the draft checks them; formats it cannot check (`uri`, which
# needs an optional package) are not checked.
FORMAT_CHECKER = _format_checker()


@functools.cache
def load() -> dict[str, Any]:
    """openapi.yaml, parsed once."""
    with CONTRACT.open(encoding="utf-8") as handle:
        document: dict[str, Any] = yaml.safe_load(handle)
    return document


@functools.cache
def _validator(schema_name: str) -> jsonschema.Draft202012Validator:
    root = {"$ref": f"#/components/schemas/{schema_name}", "components": load()["components"]}
    return jsonschema.Draft202012Validator(root, format_checker=FORMAT_CHECKER)


def schema_errors(schema_name: str, instance: Any) -> list[str]:
    """Why `instance` does not match `components/schemas/<schema_name>` (empty: it does)."""
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or '<root>'}: {error.message}"
        for error in _validator(schema_name).iter_errors(instance)
    ]


def operation_ids() -> dict[tuple[str, str], str]:
    """(METHOD, path template) -> operationId for every operation in the contract."""
    found: dict[tuple[str, str], str] = {}
    for path, item in load()["paths"].items():
        for method, operation in item.items():
            if isinstance(operation, dict) and "operationId" in operation:
                found[(method.upper(), path)] = operation["operationId"]
    return found


def find_secrets(document: Any, sent: dict[str, str] | None = None, where: str = "") -> list[str]:
    """JSON pointers in a response body that carry a secret: a secret field or a sent secret.

    `sent` maps secret field names to the values the request carried (e.g. the PIN just set), so
    an echo under any field name is caught. Values must match exactly, except inside the prose of
    a problem (`detail`, `title`, `message`), where a validator quoting the rejected value is the
    classic leak: there a sent secret of 6 or more characters counts as a substring too (shorter
    ones would match innocent numbers in messages), unless the contract's own text contains it
    (a generated `apikey` of "apikey" is no leak in "wrong apikey").
    """
    found: list[str] = []
    if isinstance(document, dict):
        for key, value in document.items():
            pointer = f"{where}/{key}"
            if key.lower() in SECRET_FIELDS and value not in (None, ""):
                found.append(f"{pointer} (secret field {key!r})")
            elif key in _PROSE and isinstance(value, str):
                found.extend(
                    f"{pointer} (quotes the request's {name})"
                    for name, secret in (sent or {}).items()
                    if secret and (value == secret or _quoted(secret, value))
                )
            else:
                found.extend(find_secrets(value, sent, pointer))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            found.extend(find_secrets(value, sent, f"{where}/{index}"))
    elif isinstance(document, str):
        for name, value in (sent or {}).items():
            if value and document == value:
                found.append(f"{where or '<root>'} (echoes the request's {name})")
    return found


def _quoted(secret: str, prose: str) -> bool:
    """Whether `prose` quotes `secret`: long enough to mean it, and not the contract's words."""
    return len(secret) >= 6 and secret in prose and secret not in _contract_text()


@functools.cache
def _contract_text() -> str:
    return CONTRACT.read_text("utf-8")


# The human-readable fields of a problem document and of its field errors.
_PROSE = frozenset({"detail", "title", "message"})


def _deref(node: Any) -> Any:
    """Follow a local `$ref` (e.g. `#/components/responses/NotFound`) one level at a time."""
    while isinstance(node, dict) and "$ref" in node:
        target: Any = load()
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


@functools.cache
def _routes() -> list[tuple[re.Pattern[str], str]]:
    routes = []
    for template in load()["paths"]:
        pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template))
        routes.append((re.compile(f"^{pattern}$"), template))
    return routes


def match_path(path: str) -> str | None:
    """The contract's path template for a concrete request path."""
    for pattern, template in _routes():
        if pattern.match(path):
            return template
    return None


def response_errors(
    method: str, path: str, status: int, headers: dict[str, str], body: bytes
) -> list[str]:
    """Everything in a response that contradicts openapi.yaml: status, media type, body, headers.

    `headers` must have lower-cased names. An undocumented path is only required to answer a
    problem document (the contract's conventions cover every error).
    """
    where = f"{method} {path} -> {status}"
    template = match_path(path)
    operation = load()["paths"].get(template, {}).get(method.lower()) if template else None
    if operation is None:
        if status < 400:
            return [f"{where}: success on an operation the contract does not have"]
        spec: Any = {"content": {"application/problem+json": {}}}
        schema_name: str | None = "Problem"
    else:
        responses = operation["responses"]
        spec = responses.get(str(status)) or responses.get(f"{str(status)[0]}XX")
        if spec is None:
            return [f"{where}: status not documented for {operation['operationId']}"]
        spec = _deref(spec)
        schema_name = None
    errors: list[str] = []
    for name, header in (spec.get("headers") or {}).items():
        header = _deref(header)
        value = headers.get(name.lower())
        if header.get("required") and value is None:
            errors.append(f"{where}: required header {name} is missing")
        pattern = header.get("schema", {}).get("pattern")
        if value is not None and pattern and not re.search(pattern, value):
            errors.append(f"{where}: header {name}={value!r} does not match {pattern!r}")
    content = spec.get("content")
    if not content:
        if body:
            errors.append(f"{where}: a body where the contract documents none")
        return errors
    media_type = headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type not in content:
        return [*errors, f"{where}: media type {media_type!r}, expected one of {sorted(content)}"]
    try:
        document = json.loads(body)
    except ValueError:
        return [*errors, f"{where}: the body is not JSON"]
    if schema_name is None:
        ref = content[media_type]["schema"].get("$ref", "")
        schema_name = ref.rsplit("/", 1)[-1]
    errors += [f"{where}: {e}" for e in schema_errors(schema_name, document)]
    return errors


def exchange_errors(
    method: str,
    path: str,
    request_body: bytes,
    status: int,
    headers: dict[str, str],
    body: bytes,
) -> list[str]:
    """`response_errors` plus the secrets rule: no response carries or echoes a secret."""
    errors = response_errors(method, path, status, headers, body)
    sent: dict[str, str] = {}
    try:
        request_document = json.loads(request_body) if request_body else None
    except ValueError:
        request_document = None
    if isinstance(request_document, dict):
        sent = {
            k: v for k, v in request_document.items() if k in SECRET_FIELDS and isinstance(v, str)
        }
    try:
        document = json.loads(body) if body else None
    except ValueError:
        document = None
    leaks = find_secrets(document, sent)
    if leaks:
        errors.append(f"{method} {path} -> {status}: the response leaks a secret: {leaks}")
    return errors
