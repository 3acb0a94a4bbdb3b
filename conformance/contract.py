"""The contract as data: openapi.yaml's schemas as JSON-Schema validators, and its secret rules.

Shared by the schemathesis checks and the pytest suite, so both judge a response by the same
reading of the contract (never by the sandbox's own validation code).

**The secrets policy** (`find_secrets`, `SECRETS_POLICIES`; the runner's `--secrets`):

- `strict`, the sandbox's promise: no response carries a PAN, CVV, PIN, API key or webhook
  secret, as a field (`SECRET_FIELDS`) or as an echo of a secret the request sent.
- `reference`, the platform as its reference shows it: a secret field the contract declares
  (`format: password`) in that very response schema is allowed there, if it is consistent: a
  `card_number` is all digits, passes the Luhn check and agrees with the card's
  `mask_card_pan` (first six and last four digits); a `cvx2` is 3 or 4 digits; a `pin` is the
  PIN the request sent. Everything else is still a leak: an API key or webhook secret anywhere,
  a secret field the schema does not declare (a `cvx2` on a subscription), a sent secret
  echoed in another field or quoted in a problem's prose.

Leak messages name the field and the rule, never the secret's value.
"""

from __future__ import annotations

import datetime
import functools
import json
import os
import re
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

# No stubs in the typecheck group (types-jsonschema would fix that; see the README).
import jsonschema
import yaml

__all__ = [
    "CONTRACT",
    "FORMAT_CHECKER",
    "ROOT",
    "SECRETS_ENV",
    "SECRETS_POLICIES",
    "SECRET_FIELDS",
    "exchange_errors",
    "find_secrets",
    "format_errors",
    "idempotent_creates",
    "is_date_time",
    "load",
    "luhn_valid",
    "match_path",
    "operation_ids",
    "request_body_errors",
    "request_secret_fields",
    "response_errors",
    "response_schema",
    "schema_errors",
    "secrets_policy",
    "sent_secrets",
]

ROOT = Path(__file__).resolve().parent.parent
CONTRACT = ROOT / "openapi.yaml"

_HTTP_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})
# Field names of secrets: the contract's writeOnly ones and card secrets, including the names the
# platform's own reference samples use (`card_number`, `cvx2`). Under the `strict` policy none
# may appear in a response; under `reference`, only where the response schema declares it.
SECRET_FIELDS = frozenset(
    {"pin", "apikey", "secret", "cvv", "cvv2", "cvx2", "card_pan", "pan", "card_number"}
)
# The credential's API key and a subscription's signing secret: in no response, under any policy.
_NEVER_ANSWERED = frozenset({"apikey", "secret"})
SECRETS_POLICIES = ("strict", "reference")
# How the runner tells the checks and the suite (its subprocesses) which policy applies.
SECRETS_ENV = "QOLO_CONFORMANCE_SECRETS"
# A sent secret shorter than this is not looked for in responses: no real PIN, CVV, key or
# secret is, and a generated "0" would match innocent values.
_MIN_SECRET = 3


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
def _validator(schema_name: str, formats: bool = True) -> jsonschema.Draft202012Validator:
    root = {"$ref": f"#/components/schemas/{schema_name}", "components": load()["components"]}
    return jsonschema.Draft202012Validator(root, format_checker=FORMAT_CHECKER if formats else None)


def _describe(error: jsonschema.ValidationError) -> str:
    return f"{'/'.join(str(p) for p in error.absolute_path) or '<root>'}: {error.message}"


def schema_errors(schema_name: str, instance: Any) -> list[str]:
    """Why `instance` does not match `components/schemas/<schema_name>` (empty: it does)."""
    return [_describe(error) for error in _validator(schema_name).iter_errors(instance)]


def format_errors(schema_name: str, instance: Any) -> list[str]:
    """The `format` violations alone of `instance` against `components/schemas/<schema_name>`.

    Formats are judged by `FORMAT_CHECKER` (a date-time may lack its offset). An error that
    validation without formats reports too is structural, not a format's, and is left out; a
    format broken inside an `anyOf` branch is reported at the value itself.
    """
    fast = _fast_validator(schema_name)
    if fast is not None and fast.is_valid(instance):
        return []  # the usual case, and far faster in Rust on a large page
    errors = list(_validator(schema_name).iter_errors(instance))
    if not errors:
        return []
    structural = {_describe(e) for e in _validator(schema_name, False).iter_errors(instance)}
    found: list[str] = []
    for error in errors:
        if _describe(error) in structural:
            continue
        leaves = list(_format_leaves(error))
        found.extend(_describe(leaf) for leaf in leaves or [error])
    return list(dict.fromkeys(found))


@functools.cache
def _fast_validator(schema_name: str) -> Any:
    """The same schema in jsonschema-rs, formats judged by `FORMAT_CHECKER`: a quick yes.

    jsonschema-rs comes with schemathesis; without it (None) every body takes the slow path.
    """
    try:
        import jsonschema_rs
    except ImportError:
        return None
    root = {"$ref": f"#/components/schemas/{schema_name}", "components": load()["components"]}
    formats: dict[str, Callable[..., bool]] = {
        name: functools.partial(_conforms, name) for name in _formats(load())
    }
    return jsonschema_rs.validator_for(
        root, formats=formats, validate_formats=True, ignore_unknown_formats=True
    )


def _conforms(format_name: str, value: str) -> bool:
    return FORMAT_CHECKER.conforms(value, format_name)


def _formats(node: Any) -> set[str]:
    """Every `format` the contract uses."""
    if isinstance(node, dict):
        found = {node["format"]} if isinstance(node.get("format"), str) else set()
        return found.union(*(_formats(value) for value in node.values()))
    if isinstance(node, list):
        return set().union(*(_formats(value) for value in node))
    return set()


def _format_leaves(error: jsonschema.ValidationError) -> Iterator[jsonschema.ValidationError]:
    if error.validator == "format":
        yield error
    for sub in error.context or []:
        yield from _format_leaves(sub)


@functools.cache
def operation_ids() -> dict[tuple[str, str], str]:
    """(METHOD, path template) -> operationId for every operation in the contract."""
    found: dict[tuple[str, str], str] = {}
    for path, item in load()["paths"].items():
        for method, operation in item.items():
            if isinstance(operation, dict) and "operationId" in operation:
                found[(method.upper(), path)] = operation["operationId"]
    return found


def _operations() -> Iterator[tuple[str, str, dict[str, Any], list[Any]]]:
    """(METHOD, path template, operation, its parameters with the path's) of every operation."""
    for path, item in load()["paths"].items():
        shared = list(item.get("parameters") or [])
        for method, operation in item.items():
            if method in _HTTP_METHODS and isinstance(operation, dict):
                yield (
                    method.upper(),
                    path,
                    operation,
                    shared + list(operation.get("parameters") or []),
                )


@functools.cache
def idempotent_creates() -> frozenset[tuple[str, str]]:
    """(METHOD, path template) of the operations that declare the `IdempotencyKey` header."""
    return frozenset(
        (method, path)
        for method, path, _, parameters in _operations()
        if any(
            isinstance(p := _deref(parameter), dict)
            and p.get("in") == "header"
            and str(p.get("name", "")).lower() == "idempotencykey"
            for parameter in parameters
        )
    )


def _operation(method: str, template: str | None) -> dict[str, Any] | None:
    if template is None:
        return None
    operation = load()["paths"].get(template, {}).get(method.lower())
    return operation if isinstance(operation, dict) else None


def _response_spec(method: str, template: str | None, status: int) -> dict[str, Any] | None:
    """The contract's response object for a status of an operation (or its `NXX` range)."""
    operation = _operation(method, template)
    if operation is None:
        return None
    responses = operation["responses"]
    spec = responses.get(str(status)) or responses.get(f"{str(status)[0]}XX")
    return None if spec is None else dict(_deref(spec))


def response_schema(method: str, template: str, status: int, media_type: str) -> str | None:
    """The component schema name of a documented response body (None: none is documented)."""
    spec = _response_spec(method, template, status)
    content = (spec or {}).get("content") or {}
    media = content.get(media_type.split(";")[0].strip().lower())
    ref = (media or {}).get("schema", {}).get("$ref", "") if isinstance(media, dict) else ""
    return ref.rsplit("/", 1)[-1] if ref.startswith("#/components/schemas/") else None


def secrets_policy() -> str:
    """The secrets policy the runner chose (`QOLO_CONFORMANCE_SECRETS`); `strict` when unset."""
    policy = os.environ.get(SECRETS_ENV) or "strict"
    if policy not in SECRETS_POLICIES:
        raise ValueError(f"{SECRETS_ENV}={policy!r}: use one of {', '.join(SECRETS_POLICIES)}")
    return policy


def request_body_errors(method: str, template: str, body: Any) -> list[str]:
    """Why a JSON request body breaks the operation's request schema (empty: it does not).

    Empty too when the contract documents no JSON body schema for the operation.
    """
    operation = _operation(method, template)
    request_body = _deref((operation or {}).get("requestBody") or {})
    media = ((request_body or {}).get("content") or {}).get("application/json") or {}
    ref = (media.get("schema") or {}).get("$ref", "")
    if not ref.startswith("#/components/schemas/"):
        return []
    return schema_errors(ref.rsplit("/", 1)[-1], body)


def _is_secret_schema(schema: Mapping[str, Any]) -> bool:
    return schema.get("format") == "password" or schema.get("writeOnly") is True


@functools.cache
def request_secret_fields(method: str, template: str) -> frozenset[str]:
    """The top-level request body fields the contract declares secret (password, writeOnly)."""
    operation = _operation(method, template)
    body = _deref((operation or {}).get("requestBody") or {})
    media = ((body or {}).get("content") or {}).get("application/json") or {}
    return frozenset(
        name
        for schema in _expand(media.get("schema"))
        for name, prop in (schema.get("properties") or {}).items()
        if any(_is_secret_schema(s) for s in _expand(prop))
    )


def sent_secrets(method: str, template: str | None, body: Any) -> dict[str, str]:
    """The secrets a request body carried, by field name, to look for in the response.

    The fields are those the contract declares secret in the operation's request body (any
    `SECRET_FIELDS` name for a path it does not have). A value the request also sent in a field
    that is not secret (generated data may put one string in `secret` and `headers`) is
    legitimately echoed there, so it is not looked for; nor is one shorter than 3 characters.
    """
    if not isinstance(body, dict):
        return {}
    names = request_secret_fields(method, template) if template else SECRET_FIELDS
    public = {v for k, v in body.items() if k not in names and isinstance(v, str)}
    return {
        name: value
        for name, value in body.items()
        if name in names
        and isinstance(value, str)
        and len(value) >= _MIN_SECRET
        and value not in public
    }


def find_secrets(
    document: Any,
    sent: Mapping[str, str] | None = None,
    where: str = "",
    *,
    policy: str = "strict",
    schema: Any = None,
) -> list[str]:
    """JSON pointers in a response body that leak a secret, each with the rule it breaks.

    `policy` is `strict` or `reference` (see the module); `schema` is the contract schema of the
    body (e.g. `{"$ref": "#/components/schemas/Card"}`), which says where the `reference` policy
    allows a secret field: without it, nowhere. `sent` maps secret field names to the values the
    request carried (e.g. the PIN just set), so an echo under any other field name is caught.
    Values must match exactly, except inside the prose of a problem (`detail`, `title`,
    `message`), where a validator quoting the rejected value is the classic leak: there a sent
    secret of 6 or more characters counts as a substring too (shorter ones would match innocent
    numbers in messages), unless the contract's own text contains it (a generated `apikey` of
    "apikey" is no leak in "wrong apikey").
    """
    if policy not in SECRETS_POLICIES:
        raise ValueError(f"unknown secrets policy {policy!r}: use one of {SECRETS_POLICIES}")
    found: list[str] = []
    _walk_secrets(document, _expand(schema), dict(sent or {}), where, policy, found)
    return found


def _walk_secrets(
    document: Any,
    schemas: list[dict[str, Any]],
    sent: dict[str, str],
    where: str,
    policy: str,
    found: list[str],
) -> None:
    if isinstance(document, dict):
        for key, value in document.items():
            pointer = f"{where}/{key}"
            children = _children(schemas, "properties", key)
            if key.lower() in SECRET_FIELDS and value not in (None, ""):
                problem = _secret_field_problem(key, value, document, children, sent, policy)
                if problem:
                    found.append(f"{pointer} ({problem})")
            elif key in _PROSE and isinstance(value, str):
                found.extend(
                    f"{pointer} (quotes the request's {name})"
                    for name, secret in sent.items()
                    if value == secret or _quoted(secret, value)
                )
            else:
                _walk_secrets(value, children, sent, pointer, policy, found)
    elif isinstance(document, list):
        children = _children(schemas, "items")
        for index, value in enumerate(document):
            _walk_secrets(value, children, sent, f"{where}/{index}", policy, found)
    elif isinstance(document, str):
        found.extend(
            f"{where or '<root>'} (echoes the request's {name})"
            for name, value in sent.items()
            if document == value
        )


def _secret_field_problem(
    key: str,
    value: Any,
    owner: Mapping[str, Any],
    declared: list[dict[str, Any]],
    sent: Mapping[str, str],
    policy: str,
) -> str | None:
    """Why a secret field in a response is a leak under `policy` (None: it is allowed there)."""
    if policy == "strict":
        return f"secret field {key!r}"
    name = key.lower()
    if name in _NEVER_ANSWERED or not any(s.get("format") == "password" for s in declared):
        return f"secret field {key!r}, which the contract does not declare here"
    if name == "card_number":
        return _card_number_problem(value, owner.get("mask_card_pan"))
    if name == "cvx2" and not (isinstance(value, str) and re.fullmatch("[0-9]{3,4}", value)):
        return "a cvx2 that is not 3 or 4 digits"
    if name == "pin" and value != sent.get("pin"):
        if "pin" not in sent:
            return "a pin, though the request set none"
        return "a pin that is not the one the request set"
    return None


def _card_number_problem(value: Any, mask: Any) -> str | None:
    """Why a `card_number` is not a consistent PAN: digits, Luhn, agreement with the mask."""
    if not (isinstance(value, str) and re.fullmatch("[0-9]+", value)):
        return "a card_number that is not all digits"
    if not luhn_valid(value):
        return "a card_number that fails the Luhn check"
    if isinstance(mask, str) and (value[:6] != mask[:6] or value[-4:] != mask[-4:]):
        return "a card_number that disagrees with mask_card_pan (first six or last four digits)"
    return None


def luhn_valid(number: str) -> bool:
    """Whether a string of digits passes the Luhn check (the last digit is the check digit)."""
    total = 0
    for index, char in enumerate(reversed(number)):
        digit = int(char)
        if index % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def _expand(schema: Any) -> list[dict[str, Any]]:
    """A schema and every schema it means too: `$ref`s followed, `allOf`/`anyOf`/`oneOf` opened."""
    found: list[dict[str, Any]] = []
    seen: set[int] = set()
    pending = [schema]
    while pending:
        node = _deref(pending.pop())
        if not isinstance(node, dict) or id(node) in seen:
            continue
        seen.add(id(node))
        found.append(node)
        for keyword in ("allOf", "anyOf", "oneOf"):
            pending.extend(node.get(keyword) or [])
    return found


def _children(schemas: list[dict[str, Any]], keyword: str, key: str | None = None) -> list[Any]:
    """The schemas of a property (`properties`, `key`) or of array items (`items`)."""
    found: list[Any] = []
    for schema in schemas:
        child = schema.get(keyword)
        if key is not None:
            child = child.get(key) if isinstance(child, dict) else None
        if isinstance(child, dict):
            found.extend(_expand(child))
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
    operation = _operation(method, template)
    if operation is None:
        if status < 400:
            return [f"{where}: success on an operation the contract does not have"]
        spec: Any = {"content": {"application/problem+json": {}}}
        schema_name: str | None = "Problem"
    else:
        spec = _response_spec(method, template, status)
        if spec is None:
            return [f"{where}: status not documented for {operation['operationId']}"]
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
    *,
    policy: str | None = None,
) -> list[str]:
    """`response_errors` plus the secrets rule under `policy` (default: `secrets_policy()`)."""
    errors = response_errors(method, path, status, headers, body)
    template = match_path(path)
    try:
        request_document = json.loads(request_body) if request_body else None
    except ValueError:
        request_document = None
    try:
        document = json.loads(body) if body else None
    except ValueError:
        document = None
    schema_name = response_schema(
        method, template or "", status, headers.get("content-type", "application/json")
    )
    leaks = find_secrets(
        document,
        sent_secrets(method, template, request_document),
        policy=policy or secrets_policy(),
        schema={"$ref": f"#/components/schemas/{schema_name}"} if schema_name else None,
    )
    if leaks:
        errors.append(f"{method} {path} -> {status}: the response leaks a secret: {leaks}")
    return errors
