"""Load openapi.yaml once and compile everything the server derives from it.

The contract is the only description of the API: routes, allowed methods, parameters, request
and response schemas all come from here, so the sandbox cannot drift from the document.
"""

from __future__ import annotations

import datetime
import importlib.resources
import json
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, unquote

import jsonschema_rs
import yaml

__all__ = [
    "Contract",
    "Operation",
    "Parameter",
    "ResponseSpec",
    "Route",
    "UuidPath",
    "canonical_uuids",
    "is_date_time",
    "load_contract",
]

_BASE_URI = "urn:qolo:openapi"
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace", "query")
_ITEM = "*"  # a `UuidPath` step meaning "every element of the array"
_MAX_DEPTH = 16

# A route through a body to a `format: uuid` string: property names and `_ITEM` steps.
UuidPath = tuple[str, ...]

# RFC 3339's date-time, except that the offset may be missing and the fraction may be long: the
# platform (.NET) sends `2023-05-01T10:11:12.123`, `0001-01-01T00:00:00` for "not set" and
# seven-digit fractions. The contract says validators accept date-times with or without an
# offset (an offset-less one is UTC); the conformance kit reads `date-time` the same way.
_DATE_TIME = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.[0-9]+)?"
    r"(?:[Zz]|[+-]([0-9]{2}):([0-9]{2}))?"
)


def is_date_time(value: str) -> bool:
    """Whether `value` is a date-time the contract allows (RFC 3339, the offset optional).

    The calendar date, the time of day (a leap second, 60, included) and the offset's range are
    checked; only the offset's presence and the fraction's length are relaxed.
    """
    match = _DATE_TIME.fullmatch(value)
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


# Formats whose check differs from jsonschema-rs's own; every other format stays checked by it.
_FORMATS = {"date-time": is_date_time}


def _is_secret(schema: Any) -> bool:
    """A value that must never be echoed: `writeOnly: true` or `format: password`."""
    return isinstance(schema, dict) and (
        schema.get("writeOnly") is True or schema.get("format") == "password"
    )


def _is_uuid(schema: Any) -> bool:
    return isinstance(schema, dict) and schema.get("format") == "uuid"


def without_stray_secrets(value: Any, names: frozenset[str]) -> Any:
    """`value` without the properties, at any depth, named like a secret it does not declare.

    Open-ended objects (a person's further fields, fulfilment data) are stored and answered
    as sent, so a PIN or a PAN put there would come back in responses, which the sandbox
    promises never to send. The platform ignores properties its models do not declare; the
    sandbox drops these few, and keeps every other.
    """
    if isinstance(value, dict):
        return {k: without_stray_secrets(v, names) for k, v in value.items() if k not in names}
    if isinstance(value, list):
        return [without_stray_secrets(v, names) for v in value]
    return value


def canonical_uuids(value: Any, paths: frozenset[UuidPath]) -> Any:
    """`value` with the uuid strings at `paths` in canonical lower-case hyphenated form.

    Call after validation: a string there already is a valid uuid (anything else is left as is).
    """
    for path in paths:
        value = _canonical_at(value, path)
    return value


def _looks_canonical(text: str) -> bool:
    """36 characters, hyphens where the canonical form has them, no capital letter.

    Such a string is its own canonical form when its other characters are hex digits, and no
    uuid when they are not: either way `str(uuid.UUID(text))` leaves it as it is.
    """
    return (
        len(text) == 36
        and text[8] == text[13] == text[18] == text[23] == "-"
        and text == text.lower()
    )


def _canonical_at(value: Any, path: UuidPath) -> Any:
    if not path:
        if isinstance(value, str):
            if _looks_canonical(value):
                return value  # canonical already, or no uuid at all: `uuid.UUID` changes nothing
            try:
                return str(uuid.UUID(value))
            except ValueError:
                return value
        return value
    step, rest = path[0], path[1:]
    if step == _ITEM and isinstance(value, list):
        return [_canonical_at(item, rest) for item in value]
    if isinstance(value, dict) and step in value:
        return {**value, step: _canonical_at(value[step], rest)}
    return value


@dataclass(frozen=True, slots=True)
class Parameter:
    """One declared parameter with its compiled schema and the JSON type to coerce strings to."""

    name: str
    location: str
    required: bool
    json_type: str | None
    validator: jsonschema_rs.Validator
    is_uuid: bool = False

    @property
    def pointer(self) -> str:
        """How a validation error names it: a JSON Pointer, like a body field's."""
        return "/" + self.name.replace("~", "~0").replace("/", "~1")


@dataclass(frozen=True, slots=True)
class ResponseSpec:
    """What the contract promises for one status of one operation."""

    required_headers: dict[str, jsonschema_rs.Validator]
    media_types: dict[str, jsonschema_rs.Validator | None]


@dataclass(slots=True)
class Operation:
    """A declared (path, method) pair, everything needed to check a request against it."""

    operation_id: str
    method: str
    path: str
    secured: bool
    path_params: tuple[Parameter, ...]
    query_params: tuple[Parameter, ...]
    header_params: tuple[Parameter, ...]
    body_required: bool
    body_validator: jsonschema_rs.Validator | None
    responses: dict[str, ResponseSpec] = field(default_factory=dict)
    # Where the body's `format: uuid` strings are, to compare guids case-insensitively.
    body_uuid_paths: frozenset[UuidPath] = frozenset()
    # Secret names the body does not declare (see `without_stray_secrets`).
    stray_secrets: frozenset[str] = frozenset()
    # A write method that the contract marks `x-qolo-changes-nothing` (read-only tokens may call).
    changes_nothing: bool = False

    @property
    def idempotent_create(self) -> bool:
        """Creating POSTs are exactly those that declare the `IdempotencyKey` header."""
        return any(p.name == "IdempotencyKey" for p in self.header_params)

    def response_spec(self, status: int) -> ResponseSpec | None:
        """The exact status, else its `NXX` range, else `default`."""
        return (
            self.responses.get(str(status))
            or self.responses.get(f"{status // 100}XX")
            or self.responses.get("default")
        )


@dataclass(slots=True)
class Route:
    """A path template with its regex and the operations declared on it."""

    template: str
    regex: re.Pattern[str]
    operations: dict[str, Operation]

    @property
    def allow(self) -> str:
        """The path's methods for `Allow`: the declared ones, and HEAD wherever GET is."""
        methods = set(self.operations)
        if "GET" in methods:
            methods.add("HEAD")
        return ", ".join(sorted(methods))


class Contract:
    """The parsed document plus compiled routes and validators."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self.version = str(document.get("info", {}).get("version", "0"))
        self._registry = jsonschema_rs.Registry([(_BASE_URI, document)])
        self._validators: dict[str, jsonschema_rs.Validator] = {}
        self.secret_properties = frozenset(self._secret_names(document, set()))
        self.routes: list[Route] = []
        self.operations: dict[str, Operation] = {}
        for template, item in document.get("paths", {}).items():
            self.routes.append(self._compile_route(template, item))
        # Literal paths win over templated ones (none overlap today, but keep it deterministic).
        self.routes.sort(key=lambda r: r.template.count("{"))

    # -- schema helpers -------------------------------------------------------------------
    def resolve(self, node: Any) -> Any:
        """Follow local `$ref`s until a concrete node is reached."""
        seen = 0
        while isinstance(node, dict) and "$ref" in node and seen < 32:
            node = self.pointer(node["$ref"])
            seen += 1
        return node

    def pointer(self, ref: str) -> Any:
        if not ref.startswith("#"):
            raise ValueError(f"only local references are supported: {ref}")
        node: Any = self.document
        for raw in ref[1:].split("/")[1:]:
            part = raw.replace("~1", "/").replace("~0", "~")
            node = node[int(part)] if isinstance(node, list) else node[part]
        return node

    def validator(self, ref: str) -> jsonschema_rs.Validator:
        """A compiled 2020-12 validator for the schema at `ref`, with formats enforced.

        `date-time` is the contract's (`is_date_time`: the offset may be missing).
        """
        cached = self._validators.get(ref)
        if cached is None:
            cached = jsonschema_rs.validator_for(
                {"$ref": _BASE_URI + quote(ref, safe="#/~!$&'()*+,;=:@-._")},
                registry=self._registry,
                validate_formats=True,
                ignore_unknown_formats=True,
                formats=_FORMATS,
            )
            self._validators[ref] = cached
        return cached

    def schema_validator(self, name: str) -> jsonschema_rs.Validator:
        """A validator for `components/schemas/<name>`."""
        return self.validator(f"#/components/schemas/{_escape(name)}")

    # -- derived facts --------------------------------------------------------------------
    def _secret_names(self, node: Any, seen: set[int]) -> Iterator[str]:
        """Every property (or parameter) name under `node` whose schema is write-only or a
        password, its `$ref`s followed (`seen` stops cycles).

        Over the whole document: every name that holds a secret somewhere, so a secret added
        to the contract is dropped from bodies that do not declare it without code (see
        `without_stray_secrets`); over a request body: the secrets it declares.
        """
        node = self._safe_resolve(node)
        if id(node) in seen:
            return
        seen.add(id(node))
        if isinstance(node, dict):
            properties = node.get("properties")
            if isinstance(properties, dict):
                for name, schema in properties.items():
                    if _is_secret(self._safe_resolve(schema)):
                        yield str(name)
            is_parameter = isinstance(node.get("name"), str) and "in" in node
            if is_parameter and _is_secret(self._safe_resolve(node.get("schema"))):
                yield node["name"]
            for child in node.values():
                yield from self._secret_names(child, seen)
        elif isinstance(node, list):
            for child in node:
                yield from self._secret_names(child, seen)

    def _safe_resolve(self, node: Any) -> Any:
        try:
            return self.resolve(node)
        except (KeyError, IndexError, ValueError):
            return None

    def uuid_paths(self, node: Any, depth: int = 0) -> set[UuidPath]:
        """The routes to every `format: uuid` string under a schema (all alternatives)."""
        node = self._safe_resolve(node)
        if not isinstance(node, dict) or depth > _MAX_DEPTH:
            return set()
        if _is_uuid(node):
            return {()}
        found: set[UuidPath] = set()
        for keyword in ("allOf", "oneOf", "anyOf"):
            for branch in node.get(keyword, []):
                found |= self.uuid_paths(branch, depth + 1)
        for name, schema in node.get("properties", {}).items():
            found |= {(str(name), *p) for p in self.uuid_paths(schema, depth + 1)}
        if "items" in node:
            found |= {(_ITEM, *p) for p in self.uuid_paths(node["items"], depth + 1)}
        return found

    # -- compilation ----------------------------------------------------------------------
    def _compile_route(self, template: str, item: dict[str, Any]) -> Route:
        names: list[str] = []

        def group(match: re.Match[str]) -> str:
            names.append(match.group(1))
            return f"(?P<{match.group(1)}>[^/]+)"

        pattern = re.sub(r"\\\{([A-Za-z0-9_]+)\\\}", group, re.escape(template))
        route = Route(template, re.compile(f"^{pattern}$"), {})
        base = f"#/paths/{_escape(template)}"
        shared = item.get("parameters", [])
        for method in _METHODS:
            op = item.get(method)
            if op is None:
                continue
            op_ref = f"{base}/{method}"
            params: dict[tuple[str, str], Parameter] = {}
            for index, raw in enumerate(shared):
                p = self._parameter(raw, f"{base}/parameters/{index}")
                params[(p.name, p.location)] = p
            for index, raw in enumerate(op.get("parameters", [])):
                p = self._parameter(raw, f"{op_ref}/parameters/{index}")
                params[(p.name, p.location)] = p
            body_required = False
            body_validator = None
            body_uuids: set[UuidPath] = set()
            declared: set[str] = set()
            body = op.get("requestBody")
            if body is not None:
                body_ref = f"{op_ref}/requestBody"
                while "$ref" in self.pointer(body_ref):
                    body_ref = self.pointer(body_ref)["$ref"]
                resolved = self.pointer(body_ref)
                body_required = bool(resolved.get("required", False))
                if "application/json" in resolved.get("content", {}):
                    body_validator = self.validator(f"{body_ref}/content/application~1json/schema")
                    body_schema = resolved["content"]["application/json"]["schema"]
                    body_uuids = self.uuid_paths(body_schema)
                    declared = set(self._secret_names(body_schema, set()))
            security = op.get("security", self.document.get("security", []))
            operation = Operation(
                operation_id=op["operationId"],
                method=method.upper(),
                path=template,
                secured=bool(security) and any(bool(s) for s in security),
                path_params=tuple(p for p in params.values() if p.location == "path"),
                query_params=tuple(p for p in params.values() if p.location == "query"),
                header_params=tuple(p for p in params.values() if p.location == "header"),
                body_required=body_required,
                body_validator=body_validator,
                body_uuid_paths=frozenset(body_uuids),
                stray_secrets=self.secret_properties - declared,
                changes_nothing=op.get("x-qolo-changes-nothing") is True,
            )
            for status, raw_response in op.get("responses", {}).items():
                operation.responses[str(status)] = self._response(
                    raw_response, f"{op_ref}/responses/{_escape(str(status))}"
                )
            route.operations[operation.method] = operation
            self.operations[operation.operation_id] = operation
        return route

    def _parameter(self, raw: dict[str, Any], ref: str) -> Parameter:
        while "$ref" in raw:
            ref = raw["$ref"]
            raw = self.pointer(ref)
        schema = self.resolve(raw.get("schema", {}))
        json_type = schema.get("type") if isinstance(schema, dict) else None
        return Parameter(
            name=raw["name"],
            location=raw["in"],
            required=bool(raw.get("required", raw["in"] == "path")),
            json_type=json_type if isinstance(json_type, str) else None,
            validator=self.validator(f"{ref}/schema"),
            is_uuid=_is_uuid(schema),
        )

    def _response(self, raw: dict[str, Any], ref: str) -> ResponseSpec:
        while "$ref" in raw:
            ref = raw["$ref"]
            raw = self.pointer(ref)
        headers: dict[str, jsonschema_rs.Validator] = {}
        for name, header in raw.get("headers", {}).items():
            header_ref = f"{ref}/headers/{_escape(name)}"
            while "$ref" in header:
                header_ref = header["$ref"]
                header = self.pointer(header_ref)
            if header.get("required"):
                headers[name.lower()] = self.validator(f"{header_ref}/schema")
        media: dict[str, jsonschema_rs.Validator | None] = {}
        for media_type, content in raw.get("content", {}).items():
            has_schema = "schema" in content
            media[media_type] = (
                self.validator(f"{ref}/content/{_escape(media_type)}/schema")
                if has_schema
                else None
            )
        return ResponseSpec(required_headers=headers, media_types=media)

    # -- lookup ---------------------------------------------------------------------------
    def match(self, path: str) -> tuple[Route, dict[str, str]] | None:
        for route in self.routes:
            m = route.regex.match(path)
            if m is not None:
                return route, m.groupdict()
        return None

    def shadowed_values(self, parameter: str) -> frozenset[str]:
        """Values of a path parameter that a literal path takes first: a card proxy
        `validate` could be created, but `GET /api/v1/cards/validate` is ValidateCard's path."""
        marker = "{" + parameter + "}"
        templates = [route.template.split("/") for route in self.routes]
        shadowed: set[str] = set()
        for segments in templates:
            if marker not in segments:
                continue
            index = segments.index(marker)
            shadowed.update(
                other[index]
                for other in templates
                if len(other) > index
                and other[:index] == segments[:index]
                and not other[index].startswith("{")
            )
        return frozenset(shadowed)

    def match_raw(self, raw_path: str) -> tuple[Route, dict[str, str]] | None:
        """Route a path as sent (percent-encoded), each segment decoded on its own: `%2F` is
        data, not a separator (RFC 3986 §2.2), so `cards/a%2Fstatus` is the card `a/status`
        (which its pattern refuses), never the status operation of card `a`."""
        raw = raw_path.split("?", 1)[0]
        if not _ENCODED_SLASH.search(raw):
            return self.match(unquote(raw))
        found = self.match(
            "/".join(unquote(segment).replace("/", _SLASH_STAND_IN) for segment in raw.split("/"))
        )
        if found is None:
            return None
        route, values = found
        return route, {name: value.replace(_SLASH_STAND_IN, "/") for name, value in values.items()}


_ENCODED_SLASH = re.compile(r"%2[fF]")
# Stands for a decoded `%2F` while routing; in no route. (`%00` decodes to it as well, and
# becomes a `/` in the value too: both are refused by every path parameter's pattern.)
_SLASH_STAND_IN = "\x00"


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def load_contract() -> Contract:
    """Read the packaged openapi.yaml (a symlink to the repository's in a source checkout)."""
    text = importlib.resources.files("qolo_sandbox").joinpath("openapi.yaml").read_text("utf-8")
    # A JSON round trip turns YAML-only values (dates) into strings the validator accepts.
    document = json.loads(json.dumps(yaml.safe_load(text), default=str))
    if not isinstance(document, dict):
        raise ValueError("openapi.yaml is not a mapping")
    return Contract(document)
