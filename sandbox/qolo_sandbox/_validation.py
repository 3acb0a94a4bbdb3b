"""Check a request's parameters and body against its operation, collecting every error.

Error messages say what was expected, never what was sent: the value may be a secret (a PIN,
an API key, a card number in the wrong field, a whole body sent encoded twice) or hold one (a
subscription's `headers`), and the partner knows what they sent. Enums list their values.

Every error's `field` is a JSON Pointer into its `location`'s values, whatever the location:
`/card_proxy` (path), `/limit` (query), `/IdempotencyKey` (header), `/person/first_name` (body;
the empty string is the body itself).
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qsl

import jsonschema_rs

from ._contract import Operation, Parameter, canonical_uuids
from ._problems import FieldError

_INTEGER = re.compile(r"-?[0-9]+", re.ASCII)
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?", re.ASCII)

__all__ = ["body_errors", "json_pointer", "parse_params"]

_Kind = jsonschema_rs.ValidationErrorKind


def _describe(kind: Any) -> str:
    """A message from the kind of failure and the schema only, never from the rejected value."""
    if isinstance(kind, _Kind.Pattern):
        return "does not match the required pattern"
    if isinstance(kind, _Kind.MinLength):
        return f"is shorter than {kind.limit} characters"
    if isinstance(kind, _Kind.MaxLength):
        return f"is longer than {kind.limit} characters"
    if isinstance(kind, _Kind.Type):
        return "must be of type " + " or ".join(str(t) for t in kind.types)
    if isinstance(kind, _Kind.Format):
        return f'is not a valid "{kind.format}"'
    if isinstance(kind, _Kind.Enum):
        return "is not one of " + ", ".join(json.dumps(option) for option in kind.options)
    if isinstance(kind, _Kind.Constant):
        return "must be " + json.dumps(kind.expected_value)
    if isinstance(kind, _Kind.MinItems):
        return f"has fewer than {kind.limit} items"
    if isinstance(kind, _Kind.MaxItems):
        return f"has more than {kind.limit} items"
    if isinstance(kind, _Kind.UniqueItems):
        return "has the same item more than once"
    if isinstance(kind, _Kind.Minimum | _Kind.ExclusiveMinimum):
        return f"is below the minimum of {kind.limit}"
    if isinstance(kind, _Kind.Maximum | _Kind.ExclusiveMaximum):
        return f"is above the maximum of {kind.limit}"
    return "is invalid"


def json_pointer(path: Iterable[str | int]) -> str:
    """The JSON Pointer (RFC 6901) of `path`, e.g. `/person/first_name`."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def _schema_errors(
    validator: jsonschema_rs.Validator,
    instance: Any,
    location: str,
    name: str | None,
) -> list[FieldError]:
    if validator.is_valid(instance):  # the usual case, without building an error iterator
        return []
    errors: list[FieldError] = []
    for error in validator.iter_errors(instance):
        errors.extend(_flatten(error, location, name))
    return errors


def _flatten(
    error: jsonschema_rs.ValidationError,
    location: str,
    name: str | None,
) -> list[FieldError]:
    """Report a failed `oneOf`/`anyOf` by the errors of its closest alternative.

    "not valid under any of the schemas" names no field; the branch whose errors sit deepest
    (fewest at the alternative's own level, then fewest overall) is what the caller meant.
    """
    kind = error.kind
    if isinstance(
        kind,
        jsonschema_rs.ValidationErrorKind.OneOfNotValid | jsonschema_rs.ValidationErrorKind.AnyOf,
    ):
        branches = [list(b) for b in kind.context if b]
        if branches:
            depth = len(error.instance_path)
            best = min(
                branches,
                key=lambda b: (sum(len(e.instance_path) <= depth for e in b), len(b)),
            )
            flat: list[FieldError] = []
            for sub in best:
                flat.extend(_flatten(sub, location, name))
            return flat
    if name is not None:
        message = _describe(kind)
        return [{"location": location, "field": json_pointer([name]), "message": message}]
    # A missing or unexpected property is the property's own error, not its parent object's:
    # point at it, so a client can show the message next to the right field.
    path = list(error.instance_path)
    if isinstance(kind, jsonschema_rs.ValidationErrorKind.Required):
        return [
            {
                "location": location,
                "field": json_pointer([*path, str(kind.property)]),
                "message": "is required",
            }
        ]
    if isinstance(kind, jsonschema_rs.ValidationErrorKind.AdditionalProperties):
        return [
            {
                "location": location,
                "field": json_pointer([*path, extra]),
                "message": "is not allowed here",
            }
            for extra in kind.unexpected
        ]
    return [
        {
            "location": location,
            "field": json_pointer(path),
            "message": _describe(kind),
        }
    ]


def _coerce(param: Parameter, raw: str) -> tuple[Any, str | None]:
    """Turn a string parameter into the JSON type its schema declares.

    Numbers are read in JSON's own syntax (ASCII digits): Python's `int` and `float` would also
    take `+5`, `1_0`, padding, other scripts' digits, `nan` and `inf`, which JSON does not.
    """
    if param.json_type == "integer":
        if _INTEGER.fullmatch(raw):
            with contextlib.suppress(ValueError):  # past int()'s digit limit
                return int(raw), None
        return raw, "is not an integer"
    if param.json_type == "number":
        if _NUMBER.fullmatch(raw):
            return float(raw), None
        return raw, "is not a number"
    if param.json_type == "boolean":
        if raw in ("true", "false"):
            return raw == "true", None
        return raw, "is not a boolean (true or false)"
    return raw, None


def _check(
    param: Parameter,
    raw: str | None,
    errors: list[FieldError],
    out: dict[str, Any],
) -> None:
    if raw is None:
        if param.required:
            errors.append(
                {"location": param.location, "field": param.pointer, "message": "is required"}
            )
        return
    value, problem = _coerce(param, raw)
    if problem is not None:
        errors.append({"location": param.location, "field": param.pointer, "message": problem})
        return
    found = _schema_errors(param.validator, value, param.location, param.name)
    if found:
        errors.extend(found)
    else:
        # Validated, so a uuid parameter is a uuid: compare guids in one (lower-case) form.
        out[param.name] = canonical_uuids(value, frozenset({()})) if param.is_uuid else value


def parse_params(
    operation: Operation,
    path_values: dict[str, str],
    query_string: bytes,
    headers: dict[str, str],
    errors: list[FieldError],
    repeated_headers: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """Validated path, query and header parameters by name; problems go to `errors`.

    Unknown query parameters are ignored (clients may send more than this version knows).
    A declared parameter given twice is an error: the contract declares no array parameters.
    `repeated_headers` are the (lower-case) names of the headers that came more than once.
    """
    out: dict[str, Any] = {}
    for param in operation.path_params:
        _check(param, path_values.get(param.name), errors, out)
    if operation.query_params:
        query: dict[str, list[str]] = {}
        if query_string:
            for key, value in parse_qsl(query_string.decode("latin-1"), keep_blank_values=True):
                query.setdefault(key, []).append(value)
        for param in operation.query_params:
            values = query.get(param.name)
            if values is not None and len(values) > 1:
                errors.append(
                    {"location": "query", "field": param.pointer, "message": "given more than once"}
                )
                continue
            _check(param, values[0] if values else None, errors, out)
    for param in operation.header_params:
        name = param.name.lower()
        if name in repeated_headers:
            errors.append(
                {"location": "header", "field": param.pointer, "message": "given more than once"}
            )
            continue
        _check(param, headers.get(name), errors, out)
    return out


def body_errors(operation: Operation, body: Any) -> list[FieldError]:
    """Every schema violation of the JSON body."""
    if operation.body_validator is None:
        return []
    return _schema_errors(operation.body_validator, body, "body", None)
