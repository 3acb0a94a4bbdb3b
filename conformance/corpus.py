"""The platform's reference corpus (`reference/`) as data, and its samples judged by the contract.

`load_samples()` reads `reference/samples/*.json` (one published request, response or webhook body
each, with its page), `load_index()` reads `reference/operations.yaml` (the reference's
operations and what implements them). `request_errors`, `response_errors` and `webhook_errors`
check a sample against openapi.yaml, or against any in-memory contract passed as `contract`, and
answer one message per problem, naming the sample file, the field (a JSON pointer) and the rule:

    CreateCard.response.201.json: /card/person_guid: 'person_guid' is a required property

A sample's operation is found by its operationId in `paths` (a webhook by its event type in
`webhooks`), following `$ref`s inside the document. A partial sample (cut off on every copy of
its page) may lack any property, so `required` does not count for it; every other rule does.
Formats are checked with the kit's `FORMAT_CHECKER` (offset-less date-times pass).

The other way round, `agreement_errors` checks a deployment's response against the samples:
where the corpus has a response sample for the same operation and status, every property both
have must be of the same JSON kind, and a string the sample shows as a date-time must be one:

    StatusCard.response.200.json: /card_tracking_detail/card_requested: the reference shows a
    date-time, the response has 12
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, cast
from urllib.parse import unquote

import jsonschema
import yaml
from jsonschema.exceptions import ValidationError

from conformance.contract import FORMAT_CHECKER, ROOT, SECRET_FIELDS, is_date_time, load

__all__ = [
    "INDEX",
    "REFERENCE",
    "SAMPLES",
    "SAMPLE_SCHEMA",
    "Index",
    "IndexEntry",
    "Operation",
    "OutOfScope",
    "Sample",
    "Webhooks",
    "agreement_errors",
    "find_operation",
    "load_index",
    "load_sample",
    "load_samples",
    "request_errors",
    "resolve",
    "response_errors",
    "sample_errors",
    "schema_location",
    "webhook_errors",
]

REFERENCE = ROOT / "reference"
SAMPLES = REFERENCE / "samples"
INDEX = REFERENCE / "operations.yaml"
SAMPLE_SCHEMA = REFERENCE / "sample.schema.json"

Kind = Literal["request", "response", "webhook"]
_KINDS: tuple[Kind, ...] = ("request", "response", "webhook")
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# A media type the page did not label is taken to be JSON, the platform's only body format.
_DEFAULT_MEDIA_TYPE = "application/json"
# Longer reprs of a failing value are shortened in messages (a whole object says nothing).
_MAX_REPR = 60
# At most this many reasons are quoted per branch of a failing oneOf/anyOf.
_MAX_BRANCH_REASONS = 3


@dataclass(frozen=True)
class Sample:
    """One sample file: a body published on a reference page, and where it was seen."""

    file: str
    operation: str
    kind: Kind
    status: int | None
    partial: bool
    sources: tuple[str, ...]
    body: Any
    method: str | None = None
    path: str | None = None
    media_type: str | None = None

    @classmethod
    def from_document(cls, file: str, document: Mapping[str, Any]) -> Sample:
        """The sample of a parsed sample file (`reference/sample.schema.json` says its shape)."""
        try:
            kind = document["kind"]
            if kind not in _KINDS:
                raise ValueError(f"{file}: kind {kind!r} is not one of {list(_KINDS)}")
            return cls(
                file=file,
                operation=str(document["operation"]),
                kind=kind,
                status=document["status"],
                partial=bool(document["partial"]),
                sources=tuple(document["sources"]),
                body=document["sample"],
                method=document.get("method"),
                path=document.get("path"),
                media_type=document.get("media_type"),
            )
        except KeyError as exc:
            raise ValueError(f"{file}: the sample file has no {exc.args[0]!r}") from exc

    @property
    def event_type(self) -> str | None:
        """A webhook sample's event type (its `operation`); None for other kinds."""
        return self.operation if self.kind == "webhook" else None


def load_sample(path: Path) -> Sample:
    """One sample file; ValueError (naming the file) when it is not JSON or lacks a field."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise ValueError(f"{path.name}: not JSON: {exc}") from exc
    if not isinstance(document, dict):
        raise ValueError(f"{path.name}: the sample file is not a JSON object")
    return Sample.from_document(path.name, document)


def load_samples(directory: Path = SAMPLES) -> list[Sample]:
    """Every sample file of `directory`, sorted by file name."""
    return [load_sample(path) for path in sorted(directory.glob("*.json"))]


@dataclass(frozen=True)
class IndexEntry:
    """One operation of the reference (see the header of `reference/operations.yaml`)."""

    operation: str
    title: str
    method: str | None
    path: str | None
    success: tuple[int, ...]
    errors: tuple[int, ...]
    pages: tuple[str, ...]
    source: Literal["reference", "guide"]
    contract: str | None
    note: str | None

    @property
    def contract_path(self) -> str | None:
        """The path with `{version}` as the contract writes it (`v1`); None when not seen."""
        return None if self.path is None else self.path.replace("{version}", "v1")


@dataclass(frozen=True)
class Webhooks:
    """What the reference publishes about webhooks: event types and guide pages, no payload."""

    pages: tuple[str, ...]
    event_types: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class OutOfScope:
    """An operation the research saw outside auth, cards, errors and webhooks."""

    operation: str
    area: str
    why: str


@dataclass(frozen=True)
class Index:
    """`reference/operations.yaml`."""

    operations: tuple[IndexEntry, ...]
    webhooks: Webhooks
    out_of_scope: tuple[OutOfScope, ...]

    def entry(self, operation: str) -> IndexEntry | None:
        """The entry of the reference operation `operation`, if the index has one."""
        return next((e for e in self.operations if e.operation == operation), None)


def load_index(path: Path = INDEX) -> Index:
    """The index; ValueError naming the entry and the key when it is malformed."""
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(document, dict):
        raise ValueError(f"{path.name}: not a mapping")
    where = path.name
    operations = tuple(
        _index_entry(f"{where}: operations[{number}]", item)
        for number, item in enumerate(_get(where, document, "operations", list))
    )
    raw_webhooks = _get(where, document, "webhooks", dict)
    webhooks = Webhooks(
        pages=_strings(f"{where}: webhooks", raw_webhooks, "pages"),
        event_types=_strings(f"{where}: webhooks", raw_webhooks, "event_types"),
        note=_get(f"{where}: webhooks", raw_webhooks, "note", str),
    )
    out_of_scope = tuple(
        OutOfScope(
            operation=_get(f"{where}: out_of_scope[{number}]", item, "operation", str),
            area=_get(f"{where}: out_of_scope[{number}]", item, "area", str),
            why=_get(f"{where}: out_of_scope[{number}]", item, "why", str),
        )
        for number, item in enumerate(_get(where, document, "out_of_scope", list))
    )
    return Index(operations=operations, webhooks=webhooks, out_of_scope=out_of_scope)


def _index_entry(where: str, item: Any) -> IndexEntry:
    if not isinstance(item, dict):
        raise ValueError(f"{where}: not a mapping")
    where = f"{where} ({item.get('operation')})"
    source = _get(where, item, "source", str)
    if source not in ("reference", "guide"):
        raise ValueError(f"{where}: source {source!r} is neither 'reference' nor 'guide'")
    return IndexEntry(
        operation=_get(where, item, "operation", str),
        title=_get(where, item, "title", str),
        method=_get(where, item, "method", str, nullable=True),
        path=_get(where, item, "path", str, nullable=True),
        success=_ints(where, item, "success"),
        errors=_ints(where, item, "errors"),
        pages=_strings(where, item, "pages"),
        source=cast(Literal["reference", "guide"], source),
        contract=_get(where, item, "contract", str, nullable=True),
        note=_get(where, item, "note", str, nullable=True),
    )


def _get(
    where: str, mapping: Mapping[str, Any], key: str, kind: type, *, nullable: bool = False
) -> Any:
    if key not in mapping:
        raise ValueError(f"{where}: no {key!r}")
    value = mapping[key]
    if value is None and nullable:
        return None
    if not isinstance(value, kind) or isinstance(value, bool) is not (kind is bool):
        raise ValueError(f"{where}: {key} is {value!r}, not a {kind.__name__}")
    return value


def _ints(where: str, mapping: Mapping[str, Any], key: str) -> tuple[int, ...]:
    values = _get(where, mapping, key, list)
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        raise ValueError(f"{where}: {key} is {values!r}, not a list of status codes")
    return tuple(values)


def _strings(where: str, mapping: Mapping[str, Any], key: str) -> tuple[str, ...]:
    values = _get(where, mapping, key, list)
    if not all(isinstance(v, str) for v in values):
        raise ValueError(f"{where}: {key} is {values!r}, not a list of strings")
    return tuple(values)


# -- the contract ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Operation:
    """An operation of the contract: where it is, and its OpenAPI operation object."""

    operation_id: str
    method: str
    path: str
    pointer: str
    document: Mapping[str, Any]


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _at(document: Any, pointer: str) -> Any:
    """The node at a local reference (`#/components/schemas/Card`); LookupError if none."""
    if not pointer.startswith("#"):
        raise LookupError(f"{pointer!r} is not a reference inside the contract")
    node = document
    for token in unquote(pointer[1:]).split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        if isinstance(node, Mapping) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            raise LookupError(f"the contract has nothing at {pointer}")
    return node


def _follow(document: Mapping[str, Any], pointer: str) -> tuple[str, Any]:
    """The node at `pointer` and its own pointer, after following `$ref`s."""
    node = _at(document, pointer)
    seen = {pointer}
    while isinstance(node, Mapping) and isinstance(node.get("$ref"), str):
        pointer = node["$ref"]
        if pointer in seen:
            raise LookupError(f"the contract's $ref {pointer} is circular")
        seen.add(pointer)
        node = _at(document, pointer)
    return pointer, node


def resolve(document: Mapping[str, Any], pointer: str) -> Any:
    """The node a local reference leads to, following `$ref`s (e.g. a schema to its component)."""
    return _follow(document, pointer)[1]


def find_operation(
    operation_id: str, contract: Mapping[str, Any] | None = None
) -> Operation | None:
    """The contract's operation with this operationId (None when it has none)."""
    document = load() if contract is None else contract
    for path in document.get("paths") or {}:
        item_pointer, item = _follow(document, f"#/paths/{_escape(path)}")
        for method in _METHODS:
            operation = item.get(method) if isinstance(item, Mapping) else None
            if isinstance(operation, Mapping) and operation.get("operationId") == operation_id:
                return Operation(
                    operation_id, method.upper(), path, f"{item_pointer}/{method}", operation
                )
    return None


def _body_schema(
    owner: str, pointer: str, document: Mapping[str, Any], media_type: str | None
) -> str:
    """The pointer of the schema of `media_type` in the request body or response at `pointer`."""
    media_type = media_type or _DEFAULT_MEDIA_TYPE
    body_pointer, body = _follow(document, pointer)
    content = body.get("content") if isinstance(body, Mapping) else None
    if not isinstance(content, Mapping) or media_type not in content:
        offered = sorted(content) if isinstance(content, Mapping) else []
        raise LookupError(f"{owner} has no {media_type} body in the contract (it has: {offered})")
    media_pointer, media = _follow(document, f"{body_pointer}/content/{_escape(media_type)}")
    if not isinstance(media, Mapping) or "schema" not in media:
        raise LookupError(f"{owner}'s {media_type} body has no schema in the contract")
    return f"{media_pointer}/schema"


def schema_location(sample: Sample, contract: Mapping[str, Any] | None = None) -> str:
    """The pointer of the contract schema `sample` must match; LookupError (why) when none.

    Requests: the operation's request body. Responses: its response for the sample's status, else
    its `NXX` range, else `default`. Webhooks: the request body of `webhooks.<event_type>.post`.
    The media type is the sample's, or application/json when its page shows none.
    """
    document = load() if contract is None else contract
    if sample.kind == "webhook":
        event_type = sample.operation
        if event_type not in (document.get("webhooks") or {}):
            raise LookupError(f"the contract has no webhook {event_type!r}")
        item_pointer, item = _follow(document, f"#/webhooks/{_escape(event_type)}")
        if not isinstance(item, Mapping) or "post" not in item:
            raise LookupError(f"the contract's webhook {event_type!r} has no post")
        owner = f"webhook {event_type!r}"
        if "requestBody" not in item["post"]:
            raise LookupError(f"{owner} has no request body in the contract")
        return _body_schema(owner, f"{item_pointer}/post/requestBody", document, sample.media_type)
    operation = find_operation(sample.operation, document)
    if operation is None:
        raise LookupError(f"the contract has no operation {sample.operation!r}")
    owner = f"{operation.operation_id} ({operation.method} {operation.path})"
    if sample.kind == "request":
        if "requestBody" not in operation.document:
            raise LookupError(f"{owner} has no request body in the contract")
        return _body_schema(owner, f"{operation.pointer}/requestBody", document, sample.media_type)
    responses = operation.document.get("responses") or {}
    status = sample.status
    candidates = [str(status), f"{str(status)[:1]}XX", f"{str(status)[:1]}xx", "default"]
    key = next((k for k in candidates if k in responses), None)
    if status is None or key is None:
        raise LookupError(
            f"{owner} declares no {status} response in the contract "
            f"(nor {str(status)[:1]}XX, nor default; it has: {sorted(map(str, responses))})"
        )
    return _body_schema(
        f"{owner}'s {key} response",
        f"{operation.pointer}/responses/{_escape(key)}",
        document,
        sample.media_type,
    )


# -- validation -----------------------------------------------------------------------------


def request_errors(sample: Sample, contract: Mapping[str, Any] | None = None) -> list[str]:
    """Why a request sample does not match its operation's request body (empty: it does)."""
    return _errors(sample, "request", contract)


def response_errors(sample: Sample, contract: Mapping[str, Any] | None = None) -> list[str]:
    """Why a response sample does not match its operation's response for its status."""
    return _errors(sample, "response", contract)


def webhook_errors(sample: Sample, contract: Mapping[str, Any] | None = None) -> list[str]:
    """Why a webhook sample does not match `webhooks.<event_type>.post`'s request body."""
    return _errors(sample, "webhook", contract)


def sample_errors(sample: Sample, contract: Mapping[str, Any] | None = None) -> list[str]:
    """`request_errors`, `response_errors` or `webhook_errors`, by the sample's kind."""
    return _errors(sample, sample.kind, contract)


def _errors(sample: Sample, kind: Kind, contract: Mapping[str, Any] | None) -> list[str]:
    if sample.kind != kind:
        return [f"{sample.file}: a {sample.kind} sample, not a {kind}"]
    document = load() if contract is None else contract
    try:
        pointer = schema_location(sample, document)
    except LookupError as exc:
        return [f"{sample.file}: {exc}"]
    validator = jsonschema.Draft202012Validator(
        {"$ref": pointer, **document}, format_checker=FORMAT_CHECKER
    )
    found = [
        f"{sample.file}: {line}"
        for error in validator.iter_errors(sample.body)
        for line in _describe(error, sample.partial)
    ]
    return sorted(dict.fromkeys(found))


def _pointer(path: Iterable[str | int]) -> str:
    return "".join(f"/{_escape(str(part))}" for part in path)


def _where(path: Iterable[str | int]) -> str:
    return _pointer(path) or "<root>"


def _counts(error: ValidationError, partial: bool) -> bool:
    """Whether `error` counts. For a partial sample a missing property does not, anywhere."""
    if not partial:
        return True
    if error.validator == "required":
        return False
    if error.validator in ("oneOf", "anyOf") and error.context:
        # It fails only if every branch fails for a reason that counts.
        return all(any(_counts(e, partial) for e in branch) for branch in _branches(error).values())
    return True


def _branches(error: ValidationError) -> dict[int, list[ValidationError]]:
    branches: dict[int, list[ValidationError]] = {}
    for sub in error.context or []:
        index = sub.relative_schema_path[0] if sub.relative_schema_path else 0
        branches.setdefault(int(index), []).append(sub)
    return branches


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= _MAX_REPR else f"{text[: _MAX_REPR - 4]}...{text[-1:]}"


def _message(error: ValidationError) -> str:
    """jsonschema's message, with a long value (a whole object) shortened."""
    text = repr(error.instance)
    return (
        error.message.replace(text, _short(error.instance))
        if len(text) > _MAX_REPR
        else error.message
    )


def _describe(error: ValidationError, partial: bool) -> list[str]:
    """`<pointer>: <rule broken>` lines for one error; none when it does not count."""
    if not _counts(error, partial):
        return []
    path = list(error.absolute_path)
    instance = error.instance
    if error.validator == "required" and isinstance(instance, Mapping):
        missing = [
            name
            for name in cast(Sequence[str], error.validator_value)
            if name not in instance and error.message == f"{name!r} is a required property"
        ]
        return [f"{_where([*path, name])}: {error.message}" for name in missing] or [
            f"{_where(path)}: {error.message}"
        ]
    if (
        error.validator == "additionalProperties"
        and error.validator_value is False
        and isinstance(instance, Mapping)
        and isinstance(error.schema, Mapping)
    ):
        known = error.schema.get("properties") or {}
        patterns = list(error.schema.get("patternProperties") or {})
        extra = [
            key
            for key in instance
            if key not in known and not any(re.search(p, key) for p in patterns)
        ]
        rule = "Additional properties are not allowed"
        return [f"{_where([*path, key])}: {rule} ({key!r} was unexpected)" for key in extra] or [
            f"{_where(path)}: {_message(error)}"
        ]
    if error.validator in ("oneOf", "anyOf") and error.context:
        reasons = []
        options = error.validator_value if isinstance(error.validator_value, list) else []
        for index, branch in sorted(_branches(error).items()):
            option = options[index] if index < len(options) else {}
            name = option.get("$ref", f"#{index}") if isinstance(option, Mapping) else f"#{index}"
            lines = [line for sub in branch for line in _describe(sub, partial)]
            shown = "; ".join(lines[:_MAX_BRANCH_REASONS])
            more = len(lines) - _MAX_BRANCH_REASONS
            reasons.append(
                f"{name.rsplit('/', 1)[-1]}: {shown}" + (f" (and {more} more)" if more > 0 else "")
            )
        return [
            f"{_where(path)}: matches none of the {error.validator} schemas; " + " | ".join(reasons)
        ]
    return [f"{_where(path)}: {_message(error)}"]


# -- a deployment's responses against the samples --------------------------------------------


@functools.cache
def _response_samples() -> tuple[Sample, ...]:
    return tuple(sample for sample in load_samples() if sample.kind == "response")


@functools.cache
def _contract_operations() -> dict[str, str]:
    """The reference's operation -> the contract operation implementing it (the index's)."""
    return {e.operation: e.contract for e in load_index().operations if e.contract is not None}


def agreement_errors(
    operation_id: str, status: int, body: Any, samples: Iterable[Sample] | None = None
) -> list[str]:
    """Where a response of the contract operation `operation_id` disagrees with the reference.

    Every response sample (default: the corpus's) of the same operation (the index maps the
    reference's operation to the contract's) and status is compared with `body`: a property
    present in both must be of the same JSON kind (object, array, string, number, boolean; null
    on either side is compatible), recursively through objects and the first element of arrays,
    and a string the sample shows as a date-time must be a date-time (offset optional). One
    message per disagreement, naming the sample file and the JSON pointer. A secret field's
    value is never quoted.
    """
    mapping = _contract_operations()
    found: list[str] = []
    for sample in _response_samples() if samples is None else samples:
        if sample.kind != "response" or sample.status != status:
            continue
        if mapping.get(sample.operation, sample.operation) != operation_id:
            continue
        found.extend(f"{sample.file}: {line}" for line in _disagreements(sample.body, body, []))
    return found


def _kind(value: Any) -> str:
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a date-time" if is_date_time(value) else "a string"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return "null"


def _shown(value: Any, path: list[str | int]) -> str:
    """The response's value for a message: JSON, shortened; only its kind for a secret field."""
    if path and str(path[-1]).lower() in SECRET_FIELDS:
        return _kind(value).replace("a date-time", "a string")
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= _MAX_REPR else f"{text[: _MAX_REPR - 4]}...{text[-1:]}"


def _disagreements(expected: Any, actual: Any, path: list[str | int]) -> Iterator[str]:
    if expected is None or actual is None:
        return
    wanted, got = _kind(expected), _kind(actual)
    if wanted != "a date-time" and got == "a date-time":
        got = "a string"  # any string is a string where the sample shows no date-time
    if got != wanted:
        shown = _shown(actual, path)
        yield f"{_where(path)}: the reference shows {wanted}, the response has {shown}"
    elif isinstance(expected, Mapping) and isinstance(actual, Mapping):
        for key, value in expected.items():
            if key in actual:
                yield from _disagreements(value, actual[key], [*path, key])
    elif isinstance(expected, list) and isinstance(actual, list) and expected and actual:
        yield from _disagreements(expected[0], actual[0], [*path, 0])
