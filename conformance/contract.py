"""The contract's promises that schemathesis cannot check, and one way to judge a response.

Which operation a request hit, and whether its response has a documented status, media type,
headers and body, is schemathesis's reading of openapi.yaml (`api()`, `response_errors`): the
checks see it through their `case.operation`, and the suite through the same loaded schema.
What is left here is what schemathesis cannot do: the secrets rule, the idempotent creates
(the operations that declare `IdempotencyKey`), and the platform's lenient `date-time`
(schemathesis's response validator takes no custom format, so formats are judged here).
Nothing is shared with the sandbox: the kit reads the contract on its own.

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
import tomllib
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import jsonschema
import requests
import schemathesis
import yaml
from schemathesis.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.config import SchemathesisConfig
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.schemas import APIOperation

from conformance.names import CONTRACT, ROOT, SECRET_FIELDS, SECRETS_ENV, SECRETS_POLICIES

__all__ = [
    "CONTRACT",
    "FORMAT_CHECKER",
    "ROOT",
    "SECRETS_ENV",
    "SECRETS_POLICIES",
    "SECRET_FIELDS",
    "Operation",
    "api",
    "body_schema",
    "exchange_errors",
    "find_secrets",
    "format_errors",
    "idempotent_creates",
    "is_date_time",
    "is_idempotent_create",
    "load",
    "luhn_valid",
    "operation_for",
    "operation_id",
    "request_body_conforms",
    "request_secret_fields",
    "response_errors",
    "schema_errors",
    "secrets_policy",
    "sent_secrets",
]

# The run's schemathesis configuration: its `[checks]` table also configures `api()`.
ST_CONFIG = ROOT / "conformance" / "schemathesis.toml"
# The credential's API key and a subscription's signing secret: in no response, under any policy.
_NEVER_ANSWERED = frozenset({"apikey", "secret"})
# An operation of the contract as schemathesis loaded it (a schemathesis check's `case.operation`).
Operation = APIOperation[Any, Any, Any, Any]
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


@functools.cache
def load() -> dict[str, Any]:
    """openapi.yaml, parsed once."""
    with CONTRACT.open(encoding="utf-8") as handle:
        document: dict[str, Any] = yaml.safe_load(handle)
    return document


@functools.cache
def api() -> Any:
    """openapi.yaml as schemathesis reads it, with the run's `[checks]` configuration.

    The same table as the run's (so `response_schema_conformance` leaves formats to
    `format_errors`), without the rest: its `${VAR}` credentials are not needed to judge.
    """
    with ST_CONFIG.open("rb") as handle:
        checks = tomllib.load(handle)["checks"]
    config = SchemathesisConfig.from_dict({"checks": checks})
    return schemathesis.openapi.from_path(CONTRACT, config=config)


def operation_for(method: str, path: str) -> Operation | None:
    """The contract's operation a concrete request (`GET /api/v1/cards/c1`) hits, if any."""
    found: Operation | None = api().find_operation_by_path(method, path)
    return found


def operation_id(operation: Operation) -> str | None:
    """The operation's `operationId`."""
    value = operation.definition.raw.get("operationId")
    return value if isinstance(value, str) else None


def is_idempotent_create(operation: Operation) -> bool:
    """Whether the operation declares the `IdempotencyKey` header: the contract's creates."""
    return any(
        parameter.location.value == "header" and parameter.name.lower() == "idempotencykey"
        for parameter in operation.iter_parameters()
    )


@functools.cache
def idempotent_creates() -> frozenset[tuple[str, str]]:
    """(METHOD, path template) of every idempotent create, derived from the contract."""
    operations = (result.ok() for result in api().get_all_operations())
    return frozenset((op.method.upper(), op.path) for op in operations if is_idempotent_create(op))


# body_schema's answers by (METHOD, path template, status, media type): schemathesis bundles a
# new copy of the schema on every call, so without this every check of every case built its
# validators again (a third of the checks' time in the coverage phase; issue #14).
_BODY_SCHEMAS: dict[tuple[str, str, int, str | None], dict[str, Any] | None] = {}


def body_schema(operation: Operation, status: int, media_type: str) -> dict[str, Any] | None:
    """The contract's schema of a response body (None: no body documented for it).

    A self-contained document (schemathesis bundles the `$ref`s it needs under `x-bundled`),
    the same object for the same operation, status and media type, so validators built for it
    are reused.
    """
    media = media_type.split(";")[0].strip().lower() or None
    key = (operation.method.upper(), operation.path, status, media)
    if key not in _BODY_SCHEMAS:
        response = operation.responses.find_by_status_code(status)
        schema = None if response is None else response.get_schema(media).schema
        _BODY_SCHEMAS[key] = schema if isinstance(schema, dict) else None
    return _BODY_SCHEMAS[key]


def request_body_conforms(operation: Operation, body: Any) -> bool:
    """Whether a request body matches one of the operation's documented bodies (or it has none)."""
    bodies = list(operation.body)
    return not bodies or any(candidate.is_valid(body) for candidate in bodies)


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
def _component_validators(schema_name: str) -> tuple[Any, jsonschema.Draft202012Validator]:
    """(jsonschema-rs quick yes, jsonschema with messages) for one component schema."""
    root = {"$ref": f"#/components/schemas/{schema_name}", "components": load()["components"]}
    return _fast_validator(root), jsonschema.Draft202012Validator(
        root, format_checker=FORMAT_CHECKER
    )


def _describe(error: jsonschema.ValidationError) -> str:
    where = "/".join(str(p) for p in error.absolute_path) or "<root>"
    return f"{where}: {_without_value(error.message, error.instance)}"


def _without_value(message: str, value: object) -> str:
    """`message` with the value it quotes as "the value": a card number of the wrong type
    (`5340920000000007 is not of type 'string'`) must not reach a report or a CI log."""
    if isinstance(value, bool) or not isinstance(value, str | int | float) or len(str(value)) < 3:
        return message  # nothing secret is that short, and "1" would eat every other 1
    for spelling in sorted({repr(value), json.dumps(value), str(value)}, key=len, reverse=True):
        message = message.replace(spelling, "the value")
    return message


def schema_errors(schema_name: str, instance: Any) -> list[str]:
    """Why `instance` does not match `components/schemas/<schema_name>` (empty: it does).

    For what schemathesis does not validate: problem documents of undocumented operations,
    webhook events, request bodies a test builds. Formats are judged by `FORMAT_CHECKER`.
    """
    fast, explaining = _component_validators(schema_name)
    if fast.is_valid(instance):
        return []  # the usual case (every problem document), and far faster in Rust
    return [_describe(error) for error in explaining.iter_errors(instance)]


# Validators of the bundled response schemas, by the schema's id (schemathesis keeps each one
# alive, and the cache holds it too, so an id is never reused for another schema).
_FORMAT_VALIDATORS: dict[int, tuple[dict[str, Any], Any, Any, Any]] = {}


def _validators(schema: dict[str, Any]) -> tuple[Any, Any, Any]:
    """(jsonschema-rs quick yes or None, jsonschema with formats, jsonschema without)."""
    cached = _FORMAT_VALIDATORS.get(id(schema))
    if cached is None or cached[0] is not schema:
        cached = (
            schema,
            _fast_validator(schema),
            jsonschema.Draft202012Validator(schema, format_checker=FORMAT_CHECKER),
            jsonschema.Draft202012Validator(schema),
        )
        _FORMAT_VALIDATORS[id(schema)] = cached
    return cached[1], cached[2], cached[3]


def format_errors(schema: dict[str, Any], instance: Any) -> list[str]:
    """The `format` violations alone of `instance` against a (self-contained) schema.

    Formats are judged by `FORMAT_CHECKER` (a date-time may lack its offset). An error that
    validation without formats reports too is structural (schemathesis reports it), not a
    format's, and is left out; a format broken inside an `anyOf` branch is reported at the value.
    """
    fast, with_formats, without_formats = _validators(schema)
    if fast is not None and fast.is_valid(instance):
        return []  # the usual case, and far faster in Rust on a large page
    errors = list(with_formats.iter_errors(instance))
    if not errors:
        return []
    structural = {_describe(e) for e in without_formats.iter_errors(instance)}
    found: list[str] = []
    for error in errors:
        if _describe(error) in structural:
            continue
        leaves = list(_format_leaves(error))
        found.extend(_describe(leaf) for leaf in leaves or [error])
    return list(dict.fromkeys(found))


def _fast_validator(schema: dict[str, Any]) -> Any:
    """The same schema in jsonschema-rs (which schemathesis brings), formats by `FORMAT_CHECKER`."""
    import jsonschema_rs

    formats: dict[str, Callable[..., bool]] = {
        name: functools.partial(_conforms, name) for name in _contract_formats()
    }
    return jsonschema_rs.validator_for(
        schema, formats=formats, validate_formats=True, ignore_unknown_formats=True
    )


def _conforms(format_name: str, value: str) -> bool:
    return FORMAT_CHECKER.conforms(value, format_name)


@functools.cache
def _contract_formats() -> frozenset[str]:
    return frozenset(_formats(load()))


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


def secrets_policy() -> str:
    """The secrets policy the runner chose (`QOLO_CONFORMANCE_SECRETS`); `strict` when unset."""
    policy = os.environ.get(SECRETS_ENV) or "strict"
    if policy not in SECRETS_POLICIES:
        raise ValueError(f"{SECRETS_ENV}={policy!r}: use one of {', '.join(SECRETS_POLICIES)}")
    return policy


def _is_secret_schema(schema: Mapping[str, Any]) -> bool:
    return schema.get("format") == "password" or schema.get("writeOnly") is True


# request_secret_fields by (METHOD, path template): asked once per case, answered once per run.
_SECRET_FIELDS_OF: dict[tuple[str, str], frozenset[str]] = {}


def request_secret_fields(operation: Operation) -> frozenset[str]:
    """The top-level request body fields the contract declares secret (password, writeOnly)."""
    key = (operation.method.upper(), operation.path)
    if key not in _SECRET_FIELDS_OF:
        names: set[str] = set()
        for body in operation.body:
            root = body.definition.get("schema")
            for schema in _expand(root, root):
                for name, prop in (schema.get("properties") or {}).items():
                    if any(_is_secret_schema(s) for s in _expand(prop, root)):
                        names.add(name)
        _SECRET_FIELDS_OF[key] = frozenset(names)
    return _SECRET_FIELDS_OF[key]


def sent_secrets(operation: Operation | None, body: Any) -> dict[str, str]:
    """The secrets a request body carried, by field name, to look for in the response.

    The fields are those the contract declares secret in the operation's request body (any
    `SECRET_FIELDS` name for a request the contract has no operation for). A value the request
    also sent in a field that is not secret (generated data may put one string in `secret` and
    `headers`) is legitimately echoed there, so it is not looked for; nor is one shorter than 3
    characters.
    """
    if not isinstance(body, dict):
        return {}
    names = request_secret_fields(operation) if operation is not None else SECRET_FIELDS
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
    body (`body_schema`'s, or a contract pointer such as `{"$ref": "#/components/schemas/Card"}`),
    which says where the `reference` policy allows a secret field: without it, nowhere. `sent`
    maps secret field names to the values the request carried (e.g. the PIN just set), so an
    echo under any other field name is caught.
    Values must match exactly, except inside the prose of a problem (`detail`, `title`,
    `message`), where a validator quoting the rejected value is the classic leak: there a sent
    secret of 6 or more characters counts as a substring too (shorter ones would match innocent
    numbers in messages), unless the contract's own text contains it (a generated `apikey` of
    "apikey" is no leak in "wrong apikey").
    """
    if policy not in SECRETS_POLICIES:
        raise ValueError(f"unknown secrets policy {policy!r}: use one of {SECRETS_POLICIES}")
    found: list[str] = []
    root = schema if isinstance(schema, dict) else {}
    _walk_secrets(document, _expand(schema, root), root, dict(sent or {}), where, policy, found)
    return found


def _walk_secrets(
    document: Any,
    schemas: list[dict[str, Any]],
    root: dict[str, Any],
    sent: dict[str, str],
    where: str,
    policy: str,
    found: list[str],
) -> None:
    if isinstance(document, dict):
        for key, value in document.items():
            pointer = f"{where}/{key}"
            children = _children(schemas, root, "properties", key)
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
                _walk_secrets(value, children, root, sent, pointer, policy, found)
    elif isinstance(document, list):
        children = _children(schemas, root, "items")
        for index, value in enumerate(document):
            _walk_secrets(value, children, root, sent, f"{where}/{index}", policy, found)
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


def _expand(schema: Any, root: Mapping[str, Any]) -> list[dict[str, Any]]:
    """A schema and every schema it means too: `$ref`s followed, `allOf`/`anyOf`/`oneOf` opened."""
    found: list[dict[str, Any]] = []
    seen: set[int] = set()
    pending = [schema]
    while pending:
        node = _deref(pending.pop(), root)
        if not isinstance(node, dict) or id(node) in seen:
            continue
        seen.add(id(node))
        found.append(node)
        for keyword in ("allOf", "anyOf", "oneOf"):
            pending.extend(node.get(keyword) or [])
    return found


def _children(
    schemas: list[dict[str, Any]], root: Mapping[str, Any], keyword: str, key: str | None = None
) -> list[Any]:
    """The schemas of a property (`properties`, `key`) or of array items (`items`)."""
    found: list[Any] = []
    for schema in schemas:
        child = schema.get(keyword)
        if key is not None:
            child = child.get(key) if isinstance(child, dict) else None
        if isinstance(child, dict):
            found.extend(_expand(child, root))
    return found


def _quoted(secret: str, prose: str) -> bool:
    """Whether `prose` quotes `secret`: long enough to mean it, and not the contract's words."""
    return len(secret) >= 6 and secret in prose and secret not in _contract_text()


@functools.cache
def _contract_text() -> str:
    return CONTRACT.read_text("utf-8")


# The human-readable fields of a problem document and of its field errors.
_PROSE = frozenset({"detail", "title", "message"})


def _deref(node: Any, root: Mapping[str, Any]) -> Any:
    """Follow a local `$ref`: into `root` (a bundled schema's `x-bundled`), else the contract.

    Only the secrets rule walks schemas by hand (to know where a secret field is declared);
    every validation is schemathesis's or jsonschema's.
    """
    while isinstance(node, dict) and "$ref" in node:
        parts = node["$ref"].removeprefix("#/").split("/")
        target: Any = root if parts[0] in root else load()
        for part in parts:
            target = target[part]
        node = target
    return node


_RESPONSE_CHECKS = (
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
)


def _request(method: str, path: str, body: bytes) -> requests.PreparedRequest:
    return requests.Request(method, f"http://target{path}", data=body or None).prepare()


def _path_parameters(template: str, path: str) -> dict[str, str]:
    """The values schemathesis matched `path` with, by name (its matcher returns no values)."""
    return {
        name[1:-1]: value
        for name, value in zip(template.split("/"), path.split("/"), strict=False)
        if name.startswith("{") and name.endswith("}")
    }


def _failure_line(failure: Failure) -> str:
    validation = getattr(failure, "validation_message", "")
    where = "/".join(str(p) for p in getattr(failure, "instance_path", []) or [])
    if validation:
        first = _without_value(validation.splitlines()[0], getattr(failure, "instance", None))
        return f"{failure.title}: {where or '<root>'}: {first}"
    detail = " ".join(line.strip() for line in failure.message.splitlines() if line.strip())
    return f"{failure.title}: {detail}" if detail else failure.title


def response_errors(
    method: str, path: str, status: int, headers: Mapping[str, str], body: bytes
) -> list[str]:
    """Everything in a response that contradicts openapi.yaml: status, media type, body, headers.

    schemathesis judges them (its four response checks, as in a run) and `format_errors` the
    formats. `headers` must have lower-cased names. An undocumented operation is only required
    to answer a problem document (the contract's conventions cover every error).
    """
    where = f"{method} {path} -> {status}"
    operation = operation_for(method, path)
    if operation is None:
        if status < 400:
            return [f"{where}: success on an operation the contract does not have"]
        return _undocumented_errors(where, headers, body)
    response = schemathesis.Response(
        status,
        {name: [value] for name, value in headers.items()},
        body,
        _request(method, path, b""),
        0.0,
        True,
    )
    case = operation.Case(path_parameters=_path_parameters(operation.path, path))
    errors: list[str] = []
    try:
        case.validate_response(response, checks=list(_RESPONSE_CHECKS))
    except FailureGroup as group:
        errors += [f"{where}: {_failure_line(f)}" for f in group.exceptions]
    except Failure as failure:
        errors.append(f"{where}: {_failure_line(failure)}")
    if operation.responses.find_by_status_code(status) is None:
        return errors
    media_type = headers.get("content-type", "")
    schema = body_schema(operation, status, media_type)
    if schema is None:
        if body and not _documents_content(operation, status):
            errors.append(f"{where}: a body where the contract documents none")
        return errors
    try:
        document = json.loads(body)
    except ValueError:
        return errors  # schemathesis reported it
    errors += [f"{where}: {e}" for e in format_errors(schema, document)]
    return errors


def _documents_content(operation: Operation, status: int) -> bool:
    response = operation.responses.find_by_status_code(status)
    return bool(response is not None and response.definition.get("content"))


def _undocumented_errors(where: str, headers: Mapping[str, str], body: bytes) -> list[str]:
    media_type = headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "application/problem+json":
        return [f"{where}: media type {media_type!r}, expected 'application/problem+json'"]
    try:
        document = json.loads(body)
    except ValueError:
        return [f"{where}: the body is not JSON"]
    return [f"{where}: {e}" for e in schema_errors("Problem", document)]


def exchange_errors(
    method: str,
    path: str,
    request_body: bytes,
    status: int,
    headers: Mapping[str, str],
    body: bytes,
    *,
    policy: str | None = None,
) -> list[str]:
    """`response_errors` plus the secrets rule under `policy` (default: `secrets_policy()`)."""
    errors = response_errors(method, path, status, headers, body)
    operation = operation_for(method, path)
    try:
        request_document = json.loads(request_body) if request_body else None
    except ValueError:
        request_document = None
    try:
        document = json.loads(body) if body else None
    except ValueError:
        document = None
    media_type = headers.get("content-type", "application/json")
    schema = body_schema(operation, status, media_type) if operation is not None else None
    leaks = find_secrets(
        document,
        sent_secrets(operation, request_document),
        policy=policy or secrets_policy(),
        schema=schema,
    )
    if leaks:
        errors.append(f"{method} {path} -> {status}: the response leaks a secret: {leaks}")
    return errors
