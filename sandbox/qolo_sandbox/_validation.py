"""Check a request's parameters and body against its operation, collecting every error."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qsl

import jsonschema_rs

from ._contract import Operation, Parameter
from ._problems import FieldError

__all__ = ["body_errors", "parse_params"]


def _pointer(path: Iterable[str | int]) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def _schema_errors(
    validator: jsonschema_rs.Validator, instance: Any, location: str, name: str | None
) -> list[FieldError]:
    errors: list[FieldError] = []
    for error in validator.iter_errors(instance):
        errors.extend(_flatten(error, location, name))
    return errors


def _flatten(
    error: jsonschema_rs.ValidationError, location: str, name: str | None
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
        return [{"location": location, "field": name, "message": error.message}]
    # A missing or unexpected property is the property's own error, not its parent object's:
    # point at it, so a client can show the message next to the right field.
    path = list(error.instance_path)
    if isinstance(kind, jsonschema_rs.ValidationErrorKind.Required):
        return [
            {
                "location": location,
                "field": _pointer([*path, str(kind.property)]),
                "message": "is required",
            }
        ]
    if isinstance(kind, jsonschema_rs.ValidationErrorKind.AdditionalProperties):
        return [
            {
                "location": location,
                "field": _pointer([*path, extra]),
                "message": "is not allowed here",
            }
            for extra in kind.unexpected
        ]
    return [{"location": location, "field": _pointer(path), "message": error.message}]


def _coerce(param: Parameter, raw: str) -> tuple[Any, str | None]:
    """Turn a string parameter into the JSON type its schema declares."""
    if param.json_type == "integer":
        try:
            return int(raw, 10), None
        except ValueError:
            return raw, f"{raw!r} is not an integer"
    if param.json_type == "number":
        try:
            return float(raw), None
        except ValueError:
            return raw, f"{raw!r} is not a number"
    if param.json_type == "boolean":
        if raw in ("true", "false"):
            return raw == "true", None
        return raw, f"{raw!r} is not a boolean (true or false)"
    return raw, None


def _check(
    param: Parameter, raw: str | None, errors: list[FieldError], out: dict[str, Any]
) -> None:
    if raw is None:
        if param.required:
            errors.append(
                {"location": param.location, "field": param.name, "message": "is required"}
            )
        return
    value, problem = _coerce(param, raw)
    if problem is not None:
        errors.append({"location": param.location, "field": param.name, "message": problem})
        return
    found = _schema_errors(param.validator, value, param.location, param.name)
    if found:
        errors.extend(found)
    else:
        out[param.name] = value


def parse_params(
    operation: Operation,
    path_values: dict[str, str],
    query_string: bytes,
    headers: dict[str, str],
    errors: list[FieldError],
) -> dict[str, Any]:
    """Validated path, query and header parameters by name; problems go to `errors`.

    Unknown query parameters are ignored (clients may send more than this version knows).
    A declared parameter given twice is an error: the contract declares no array parameters.
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
                    {"location": "query", "field": param.name, "message": "given more than once"}
                )
                continue
            _check(param, values[0] if values else None, errors, out)
    for param in operation.header_params:
        _check(param, headers.get(param.name.lower()), errors, out)
    return out


def body_errors(operation: Operation, body: Any) -> list[FieldError]:
    """Every schema violation of the JSON body, `field` being a JSON Pointer."""
    if operation.body_validator is None:
        return []
    return _schema_errors(operation.body_validator, body, "body", None)
