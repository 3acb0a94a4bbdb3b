"""The platform's published reference (reference/) guards the contract and the generated client.

Every sample in reference/samples/ is a body copied from the platform's API reference: the
contract must accept it, and the generated client must parse it without losing a field. Every
operation in reference/operations.yaml must be implemented as the reference documents it, or say
why not. A failure names the sample file and the field.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime
import importlib
import json
import pkgutil
import re
import traceback
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import jsonschema
import pytest
from openapi_python_client.strings import PythonIdentifier

import qolo_api.api
from conformance.contract import FORMAT_CHECKER, is_date_time, load
from conformance.corpus import (
    SAMPLE_SCHEMA,
    SAMPLES,
    Index,
    IndexEntry,
    Sample,
    find_operation,
    load_index,
    load_sample,
    request_errors,
    resolve,
    response_errors,
    schema_location,
    webhook_errors,
)
from qolo_api import AuthenticatedClient, errors

SAMPLE_FILES = sorted(path.name for path in SAMPLES.glob("*.json"))
REQUEST_FILES = [name for name in SAMPLE_FILES if name.endswith(".request.json")]
RESPONSE_FILES = [name for name in SAMPLE_FILES if re.search(r"\.response\.[0-9]+\.json$", name)]
WEBHOOK_FILES = [name for name in SAMPLE_FILES if name.startswith("webhook.")]
FILE_NAMES = {
    "request": "{operation}.request.json",
    "response": "{operation}.response.{status}.json",
    "webhook": "webhook.{operation}.json",
}
# The generator's name for an endpoint module is PythonIdentifier(operationId, field_prefix).
FIELD_PREFIX = "field_"
MIN_VALUE = datetime.datetime(1, 1, 1, tzinfo=datetime.UTC)


def _index() -> Index | None:
    """The index, or None when it is malformed (test_index_is_well_formed says why)."""
    try:
        return load_index()
    except (OSError, ValueError):
        return None


INDEX = _index()
IMPLEMENTED = [entry for entry in (INDEX.operations if INDEX else ()) if entry.contract]


def _sample(file: str) -> Sample:
    return load_sample(SAMPLES / file)


def _fail(messages: list[str]) -> str:
    return "\n" + "\n".join(messages)


# -- the corpus's own shape -----------------------------------------------------------------


@pytest.mark.parametrize("file", SAMPLE_FILES)
def test_sample_file_conforms_to_the_sample_schema(file: str) -> None:
    """The file matches reference/sample.schema.json and is formatted as JSON with 2 spaces."""
    schema = json.loads(SAMPLE_SCHEMA.read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    text = (SAMPLES / file).read_text("utf-8")
    document = json.loads(text)
    validator = jsonschema.Draft202012Validator(schema, format_checker=FORMAT_CHECKER)
    problems = [
        f"{file}: /{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in validator.iter_errors(document)
    ]
    assert not problems, _fail(problems)
    expected = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    assert expected == text, f"{file}: not formatted as json.dumps(indent=2) plus a newline"


@pytest.mark.parametrize("file", SAMPLE_FILES)
def test_sample_file_name_matches_its_fields(file: str) -> None:
    """`<Operation>.request.json`, `<Operation>.response.<status>.json`, `webhook.<event>.json`."""
    sample = _sample(file)
    expected = FILE_NAMES[sample.kind].format(operation=sample.operation, status=sample.status)
    assert expected == file


def test_index_is_well_formed() -> None:
    """operations.yaml loads, names each operation once, and lists statuses as HTTP codes."""
    index = load_index()
    names = [entry.operation for entry in index.operations]
    assert sorted(set(names)) == sorted(names)
    for entry in index.operations:
        assert all(200 <= s <= 299 for s in entry.success), entry.operation
        assert all(300 <= s <= 599 for s in entry.errors), entry.operation
        assert entry.pages, f"{entry.operation}: no page"
        assert all(page.startswith("https://") for page in entry.pages), entry.operation
    assert index.webhooks.event_types
    assert index.out_of_scope


# -- the index against the samples and the contract -----------------------------------------


@pytest.mark.parametrize("file", SAMPLE_FILES)
def test_sample_operation_is_in_the_index(file: str) -> None:
    """The sample's operation, method, path, status and pages agree with its index entry."""
    assert INDEX is not None, "reference/operations.yaml is malformed"
    sample = _sample(file)
    if sample.kind == "webhook":
        assert sample.operation in INDEX.webhooks.event_types, (
            f"{file}: event type {sample.operation!r} is not in the index's webhooks.event_types"
        )
        return
    entry = INDEX.entry(sample.operation)
    assert entry is not None, f"{file}: operation {sample.operation!r} is not in the index"
    problems = []
    if entry.method and sample.method and entry.method != sample.method:
        problems.append(f"method {sample.method}, the index says {entry.method}")
    if entry.path and sample.path and entry.path != sample.path:
        problems.append(f"path {sample.path}, the index says {entry.path}")
    if sample.status is not None and sample.status not in entry.success + entry.errors:
        problems.append(f"status {sample.status} is not among the index's statuses")
    problems += [
        f"source {page} is not among the index's pages"
        for page in sample.sources
        if page not in entry.pages
    ]
    assert not problems, _fail([f"{file}: {p}" for p in problems])


def _declares(responses: Mapping[Any, Any], status: int) -> bool:
    keys = {str(key).upper() for key in responses}
    return str(status) in keys or f"{str(status)[0]}XX" in keys


@pytest.mark.parametrize("entry", IMPLEMENTED, ids=lambda entry: entry.operation)
def test_index_entry_is_implemented_by_the_contract(entry: IndexEntry) -> None:
    """The contract's operation has the reference's method, path and every documented status."""
    assert entry.contract is not None
    operation = find_operation(entry.contract)
    assert operation is not None, (
        f"{entry.operation}: openapi.yaml has no operation {entry.contract!r} "
        f"(reference/operations.yaml says it implements the reference's {entry.operation})"
    )
    problems = []
    if entry.method is not None and operation.method != entry.method:
        problems.append(f"method is {operation.method}; the reference's is {entry.method}")
    if entry.contract_path is not None and operation.path != entry.contract_path:
        problems.append(f"path is {operation.path}; the reference's is {entry.path}")
    responses = operation.document.get("responses") or {}
    problems += [
        f"declares no {status} response (nor {str(status)[0]}XX); the reference documents it"
        for status in entry.success + entry.errors
        if not _declares(responses, status)
    ]
    assert not problems, _fail([f"{entry.operation} -> {entry.contract}: {p}" for p in problems])


def test_index_entry_without_contract_says_why() -> None:
    """An operation of the reference that the contract does not implement has a note."""
    assert INDEX is not None, "reference/operations.yaml is malformed"
    silent = [e.operation for e in INDEX.operations if e.contract is None and not e.note]
    assert silent == []


def _contract_operations() -> Iterator[tuple[str, str, Mapping[str, Any]]]:
    for path, item in (load().get("paths") or {}).items():
        for method, operation in item.items():
            if isinstance(operation, Mapping) and "operationId" in operation:
                yield method.upper(), path, operation


def test_reference_labelled_contract_operations_are_in_the_index() -> None:
    """Each operation labelled `x-qolo-source: reference` is indexed, with its page."""
    assert INDEX is not None, "reference/operations.yaml is malformed"
    implemented = {entry.contract: entry for entry in INDEX.operations if entry.contract}
    problems = []
    for method, path, operation in _contract_operations():
        name = f"{operation['operationId']} ({method} {path})"
        label = operation.get("x-qolo-source")
        entry = implemented.get(operation["operationId"])
        if label == "reference" and entry is None:
            problems.append(f"{name} is labelled reference but no index entry names it")
        elif entry is not None and label is not None and label != entry.source:
            problems.append(f"{name} is labelled {label}; the index says {entry.source}")
        page = operation.get("x-qolo-page")
        if label == "reference" and entry is not None and page not in entry.pages:
            problems.append(f"{name}: x-qolo-page {page!r} is not among the index's pages")
    assert not problems, _fail(problems)


# -- the samples against the contract -------------------------------------------------------


@pytest.mark.parametrize("file", REQUEST_FILES)
def test_request_sample_validates(file: str) -> None:
    """The contract's request body schema accepts the published request."""
    problems = request_errors(_sample(file))
    assert not problems, _fail(problems)


@pytest.mark.parametrize("file", RESPONSE_FILES)
def test_response_sample_validates(file: str) -> None:
    """The contract's response schema for the sample's status accepts the published response."""
    problems = response_errors(_sample(file))
    assert not problems, _fail(problems)


@pytest.mark.parametrize("file", WEBHOOK_FILES)
def test_webhook_sample_validates(file: str) -> None:
    """The contract's `webhooks.<event_type>` body schema accepts the published payload."""
    problems = webhook_errors(_sample(file))
    assert not problems, _fail(problems)


# -- the samples against the generated client -----------------------------------------------


def _endpoint_module(operation_id: str) -> ModuleType | None:
    name = PythonIdentifier(operation_id, prefix=FIELD_PREFIX)
    for package in pkgutil.iter_modules(qolo_api.api.__path__):
        try:
            return importlib.import_module(f"qolo_api.api.{package.name}.{name}")
        except ModuleNotFoundError:
            continue
    return None


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:56]}...{text[-1]}"


def _instant(value: str) -> datetime.datetime:
    parsed = datetime.datetime.fromisoformat(value.upper())
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=datetime.UTC)


def _same(expected: Any, actual: Any) -> bool:
    """Equal; date-times by instant (naive is UTC), and year 1 ("not set") in any rendering."""
    if isinstance(expected, str) and is_date_time(expected):
        if _instant(expected) == MIN_VALUE:
            return actual is None or actual == "" or str(actual).startswith("0001-01-01")
        return (
            isinstance(actual, str)
            and is_date_time(actual)
            and _instant(actual) == _instant(expected)
        )
    if isinstance(expected, bool) or isinstance(actual, bool):
        return type(expected) is type(actual) and expected == actual
    return bool(expected == actual)


def _lost(expected: Any, actual: Any, pointer: str = "") -> list[str]:
    """Where `actual` (a to_dict()) dropped or changed what `expected` (the sample) holds."""
    where = pointer or "<root>"
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{where}: {_short(expected)} became {_short(actual)}"]
        lost = []
        for key, value in expected.items():
            inner = f"{pointer}/{key.replace('~', '~0').replace('/', '~1')}"
            if key in actual:
                lost += _lost(value, actual[key], inner)
            else:
                lost.append(f"{inner}: dropped by to_dict() (the sample has {_short(value)})")
        return lost
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return [f"{where}: {_short(expected)} became {_short(actual)}"]
        return [
            m
            for i, (e, a) in enumerate(zip(expected, actual, strict=True))
            for m in _lost(e, a, f"{pointer}/{i}")
        ]
    return [] if _same(expected, actual) else [f"{where}: {expected!r} became {actual!r}"]


def test_round_trip_comparison_sees_lost_fields_only() -> None:
    """The comparison sees a dropped or changed field, not a date-time rendered another way."""
    sample = {
        "card": {"n": 1, "at": "2023-05-01T10:11:12.1234567", "unset": "0001-01-01T00:00:00"},
        "flags": [True],
    }
    rendered = {
        "card": {"n": 1, "at": "2023-05-01T10:11:12.123456+00:00", "unset": None},
        "flags": [True],
    }
    assert _lost(sample, rendered) == []
    broken = {"card": {"at": "2023-05-01T11:11:12+00:00", "unset": "0001-01-01"}, "flags": [1]}
    assert _lost(sample, broken) == [
        "/card/n: dropped by to_dict() (the sample has 1)",
        "/card/at: '2023-05-01T10:11:12.1234567' became '2023-05-01T11:11:12+00:00'",
        "/flags/0: True became 1",
    ]


@pytest.mark.parametrize("file", RESPONSE_FILES)
def test_generated_client_parses_response_sample(file: str) -> None:
    """The generated operation parses the published response, and to_dict() keeps every field."""
    sample = _sample(file)
    assert sample.status is not None
    module = _endpoint_module(sample.operation)
    assert module is not None, (
        f"{file}: the generated client has no operation {sample.operation!r} "
        f"(no qolo_api.api.<tag>.{PythonIdentifier(sample.operation, prefix=FIELD_PREFIX)})"
    )
    client = AuthenticatedClient(
        base_url="https://api.invalid", token="t", raise_on_unexpected_status=True
    )
    response = httpx.Response(sample.status, json=sample.body)
    try:
        parsed = module._parse_response(client=client, response=response)
    except errors.UnexpectedStatus:
        pytest.fail(f"{file}: {module.__name__} does not expect status {sample.status}")
    except (KeyError, ValueError, TypeError, AttributeError) as exc:
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        pytest.fail(
            f"{file}: {module.__name__} cannot parse the {sample.status} sample: "
            f"{type(exc).__name__} {exc} (in {Path(frame.filename).stem}.{frame.name})"
        )
    assert parsed is not None, f"{file}: {module.__name__} parsed the sample to None"
    lost = _lost(sample.body, parsed.to_dict())
    assert not lost, _fail([f"{file}: {type(parsed).__name__}: {line}" for line in lost])


# -- the guard can fail ---------------------------------------------------------------------


def _complete(files: list[str]) -> Iterator[tuple[Sample, str]]:
    """Complete samples the contract has a schema for, with its location."""
    for file in files:
        sample = _sample(file)
        if sample.partial or not isinstance(sample.body, dict):
            continue
        try:
            yield sample, schema_location(sample)
        except LookupError:
            continue


def _with_required_field() -> tuple[Sample, str]:
    """A complete response sample and a property it has that its contract schema requires."""
    for sample, pointer in _complete(RESPONSE_FILES):
        schema = resolve(load(), pointer)
        present = [name for name in schema.get("required", []) if name in sample.body]
        if present:
            return sample, present[0]
    pytest.fail("no complete response sample has a property its schema requires: no proof")


WRONG_TYPE_VALUES: dict[str, Any] = {
    "string": 12345,
    "integer": "twelve",
    "number": "twelve",
    "boolean": "yes",
    "object": ["an", "array"],
    "array": {"an": "object"},
}


def _with_typed_field() -> tuple[Sample, str, Any]:
    """A complete response sample, a property with a single declared type, a value of another."""
    for sample, pointer in _complete(RESPONSE_FILES):
        properties = resolve(load(), pointer).get("properties", {})
        for name in sample.body:
            if name in properties:
                schema = properties[name]
                if "$ref" in schema:
                    schema = resolve(load(), schema["$ref"])
                kind = schema.get("type")
                if isinstance(kind, str) and kind in WRONG_TYPE_VALUES:
                    return sample, name, WRONG_TYPE_VALUES[kind]
    pytest.fail("no complete response sample has a property with a declared type: no proof")


def test_dropping_a_required_field_is_reported() -> None:
    """A response without a property the contract requires fails, naming the file and field."""
    sample, name = _with_required_field()
    broken = dataclasses.replace(sample, body={k: v for k, v in sample.body.items() if k != name})
    expected = f"{sample.file}: /{name}: {name!r} is a required property"
    assert expected not in response_errors(sample)
    assert expected in response_errors(broken)


def test_changing_a_value_type_is_reported() -> None:
    """A response value of the wrong type fails, naming the file and the field."""
    sample, name, value = _with_typed_field()
    broken = dataclasses.replace(sample, body=sample.body | {name: value})
    prefix = f"{sample.file}: /{name}: {value!r} is not of type"
    assert not [m for m in response_errors(sample) if m.startswith(prefix)]
    assert [m for m in response_errors(broken) if m.startswith(prefix)], response_errors(broken)


def test_partial_sample_ignores_missing_properties_only() -> None:
    """For a partial sample a missing required property does not count; a wrong type does."""
    sample, name = _with_required_field()
    partial = dataclasses.replace(
        sample, partial=True, body={k: v for k, v in sample.body.items() if k != name}
    )
    assert not [m for m in response_errors(partial) if "is a required property" in m]
    typed, field, value = _with_typed_field()
    wrong = dataclasses.replace(typed, partial=True, body=typed.body | {field: value})
    assert [m for m in response_errors(wrong) if m.startswith(f"{typed.file}: /{field}: ")]


def _require_probe(schema: dict[str, Any], sample: Sample) -> str:
    schema["required"] = [*schema.get("required", []), "qolo_probe"]
    return f"{sample.file}: /qolo_probe: 'qolo_probe' is a required property"


def _close_schema(schema: dict[str, Any], sample: Sample) -> str:
    name = next(iter(sample.body))
    schema["additionalProperties"] = False
    schema.get("properties", {}).pop(name, None)
    return (
        f"{sample.file}: /{name}: Additional properties are not allowed ({name!r} was unexpected)"
    )


@pytest.mark.parametrize("mutate", [_require_probe, _close_schema], ids=["required", "closed"])
def test_contract_mutation_is_reported(mutate: Callable[[dict[str, Any], Sample], str]) -> None:
    """A stricter request schema in a copy of the contract is reported, naming sample and field."""
    candidates = [(s, p) for s, p in _complete(REQUEST_FILES) if s.body]
    assert candidates, "no complete, non-empty request sample has a contract schema: no proof"
    sample, pointer = candidates[0]
    contract = copy.deepcopy(load())
    expected = mutate(resolve(contract, pointer), sample)
    assert expected not in request_errors(sample)
    assert expected in request_errors(sample, contract=contract)
    assert expected not in request_errors(sample), "the mutation leaked into openapi.yaml's copy"


@pytest.mark.parametrize("key", ["range", "default", "none"])
def test_response_status_falls_back_to_range_then_default(key: str) -> None:
    """A status the contract lacks falls back to its `NXX` range, then `default`, else is named."""
    candidates = list(_complete(RESPONSE_FILES))
    if not candidates:
        pytest.skip("no complete response sample has a contract schema")
    sample, _ = candidates[0]
    operation = find_operation(sample.operation)
    assert operation is not None
    contract = copy.deepcopy(load())
    responses = resolve(contract, f"{operation.pointer}/responses")
    status_range = f"{str(sample.status)[0]}XX"
    declared = responses.pop(str(sample.status))
    responses.pop(status_range, None)
    if key == "none":
        responses.pop("default", None)
        problems = response_errors(sample, contract)
        assert len(problems) == 1, problems
        assert problems[0].startswith(f"{sample.file}: {sample.operation} (")
        assert f"declares no {sample.status} response" in problems[0]
        return
    responses[status_range if key == "range" else "default"] = declared
    assert response_errors(sample) == response_errors(sample, contract)


def _webhook_example() -> tuple[str, Any]:
    for event_type in load().get("webhooks") or {}:
        probe = Sample(
            file=f"webhook.{event_type}.json",
            operation=event_type,
            kind="webhook",
            status=None,
            partial=False,
            sources=(),
            body={},
        )
        try:
            schema = resolve(load(), schema_location(probe))
        except LookupError:
            continue
        if schema.get("examples") and schema.get("required"):
            return event_type, schema["examples"][0]
    pytest.skip("no webhook of the contract has a body schema with an example")


def test_webhook_validation_follows_the_webhooks_entry() -> None:
    """A webhook sample is judged by `webhooks.<event_type>.post`'s body, naming file and field."""
    event_type, example = _webhook_example()
    sample = Sample(
        file=f"webhook.{event_type}.json",
        operation=event_type,
        kind="webhook",
        status=None,
        partial=False,
        sources=("https://devdocs.qolopay.com/docs/webhooks-intro",),
        body=copy.deepcopy(example),
        method="POST",
    )
    assert webhook_errors(sample) == []
    name = next(iter(resolve(load(), schema_location(sample))["required"]))
    broken = dataclasses.replace(sample, body={k: v for k, v in example.items() if k != name})
    assert f"{sample.file}: /{name}: {name!r} is a required property" in webhook_errors(broken)


# -- the kit's formats ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "fmt", "valid"),
    [
        ("2023-05-01T10:11:12", "date-time", True),
        ("0001-01-01T00:00:00", "date-time", True),
        ("2023-05-01T10:11:12.1234567", "date-time", True),
        ("2019-08-24T14:15:22Z", "date-time", True),
        ("2019-08-24T14:15:22.5+05:30", "date-time", True),
        ("2019-08-24", "date-time", False),
        ("2019-02-30T10:11:12", "date-time", False),
        ("2019-08-24T24:00:00", "date-time", False),
        ("2019-08-24 14:15:22", "date-time", False),
        ("17eaeda9-c0ab-4ac3-8ef9-27ac9b388a03", "uuid", True),
        ("string", "uuid", False),
        ("john.smith@example.com", "email", True),
        ("john.smith", "email", False),
        ("1975-02-28", "date", True),
        ("1975-02-30", "date", False),
    ],
)
def test_format_checker_is_lenient_on_date_times_only(value: str, fmt: str, valid: bool) -> None:
    """Offset-less and 7-digit date-times pass; bad dates, uuids and emails still fail."""
    assert valid == FORMAT_CHECKER.conforms(value, fmt)
