"""tools/provenance.py: every element says where it comes from, and docs/choices.md lists ours.

The contracts here are small and synthetic, written to tmp_path: the real openapi.yaml is being
relabelled, and these tests must not depend on where that work stands.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import ROOT

TOOL = ROOT / "tools" / "provenance.py"
PAGE = "https://devdocs.qolopay.com/openapi/qoloreference/operation/CreateCard"
OP = ("paths", "/api/v1/cards", "post")
CARD = ("components", "schemas", "Card")
DELETE = object()


def _load_tool() -> Any:
    """The tool as a module, so most tests run it in-process (tools/ is not a package)."""
    spec = importlib.util.spec_from_file_location("provenance", TOOL)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module


provenance = _load_tool()
main: Callable[[Sequence[str]], int] = provenance.main
first_sentence: Callable[[str], str] = provenance.first_sentence


def _source(source: str, reason: str = "", **rest: Any) -> dict[str, Any]:
    """A labelled node; a choice gets the reason as its description."""
    return {"x-qolo-source": source, **({"description": reason} if reason else {}), **rest}


def _labelled() -> dict[str, Any]:
    """A contract in which every element is labelled, touching every place the rule covers."""
    string = {"type": "string"}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Synthetic", "version": "1.0.0"},
        "paths": {
            "/api/v1/cards": {
                "parameters": [
                    {"name": "x-trace", "in": "header", "schema": string, **_source("guide")}
                ],
                "post": {
                    "operationId": "CreateCard",
                    **_source("reference", **{"x-qolo-page": PAGE}),
                    "x-qolo-responses": {"201": "reference", "409": "choice"},
                    "parameters": [
                        {"$ref": "#/components/parameters/Limit"},
                        {
                            "name": "filter",
                            "in": "query",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {"status": {**string, **_source("guide")}},
                                    }
                                }
                            },
                            **_source("choice", "Filters travel as JSON. Simpler to parse."),
                        },
                    ],
                    "requestBody": {
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "program_guid": {**string, **_source("reference")}
                                    },
                                }
                            }
                        }
                    },
                    "responses": {
                        "201": {
                            "description": "The card was issued.",
                            "headers": {
                                "X-Request-Id": {"$ref": "#/components/headers/RequestId"},
                                "X-Trace": {
                                    "schema": string,
                                    **_source("choice", "Partners asked for it. See the notes."),
                                },
                            },
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Card"}
                                }
                            },
                        },
                        "409": {"$ref": "#/components/responses/Conflict"},
                    },
                },
            }
        },
        "webhooks": {
            "card.created": {
                "post": {
                    **_source("guide"),
                    "x-qolo-responses": {"200": "guide"},
                    "responses": {"200": {"description": "Acknowledged."}},
                }
            }
        },
        "components": {
            "parameters": {
                "Limit": {
                    "name": "limit",
                    "in": "query",
                    "schema": {"type": "integer"},
                    **_source("choice", "Pages of 100 keep responses small, e.g. on mobile. More."),
                }
            },
            "headers": {
                "RequestId": {
                    "schema": {
                        "type": "object",
                        "properties": {"region": {**string, **_source("guide")}},
                    },
                    **_source("guide"),
                }
            },
            "responses": {
                "Conflict": {
                    "description": "A request with this key is still running. Retry later.",
                    "headers": {"Retry-After": {"schema": string, **_source("guide")}},
                    "content": {
                        "application/problem+json": {
                            "schema": {
                                "type": "object",
                                "properties": {"detail": {**string, **_source("guide")}},
                            }
                        }
                    },
                }
            },
            "schemas": {
                "Card": {
                    "type": "object",
                    **_source("reference", **{"x-qolo-page": PAGE}),
                    "properties": {
                        "card_proxy": {**string, **_source("reference")},
                        "card_status": {
                            "$ref": "#/components/schemas/CardStatus",
                            **_source("reference"),
                        },
                        "tracking": {
                            "type": "object",
                            **_source("reference"),
                            "properties": {"carrier": {**string, **_source("reference")}},
                        },
                        "labels": {
                            "type": "array",
                            **_source("choice", "Labels help support | sales find cards."),
                            "items": {
                                "type": "object",
                                "properties": {"name": {**string, **_source("reference")}},
                            },
                        },
                        "extra": {
                            "type": "object",
                            **_source("guide"),
                            "additionalProperties": {
                                "type": "object",
                                "properties": {"amount": {**string, **_source("guide")}},
                            },
                        },
                        "pair": {
                            "type": "array",
                            **_source("guide"),
                            "prefixItems": [
                                {"type": "object", "properties": {"first": _source("guide")}}
                            ],
                        },
                    },
                },
                "CardStatus": {"type": "string", "enum": ["ACTIVE"], **_source("guide")},
                "Event": {
                    **_source("choice", "One envelope for every event."),
                    "allOf": [
                        {"$ref": "#/components/schemas/Card"},
                        {"type": "object", "properties": {"event_id": _source("guide")}},
                    ],
                    "oneOf": [{"type": "object", "properties": {"left": _source("guide")}}],
                    "anyOf": [{"type": "object", "properties": {"right": _source("guide")}}],
                },
            },
        },
    }


def _node(document: dict[str, Any], path: Sequence[str | int]) -> Any:
    """The node at a path of keys and indexes."""
    node: Any = document
    for step in path:
        node = node[step]
    return node


def _edited(path: Sequence[str | int], changes: dict[str, Any]) -> dict[str, Any]:
    """The labelled contract with keys of one node changed (DELETE removes a key)."""
    document = _labelled()
    node = _node(document, path)
    for key, value in changes.items():
        if value is DELETE:
            del node[key]
        else:
            node[key] = value
    return document


def _write(folder: Path, document: dict[str, Any]) -> Path:
    """The contract as plain YAML in a temporary folder."""
    contract = folder / "openapi.yaml"
    contract.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True))
    return contract


def _run(
    capsys: pytest.CaptureFixture[str], folder: Path, *action: str
) -> tuple[int, list[str], list[str]]:
    """Run the tool in-process on folder's contract and choices page: status, stdout, stderr."""
    paths = ["--contract", str(folder / "openapi.yaml"), "--choices", str(folder / "choices.md")]
    status = main([*action, *paths])
    out, err = capsys.readouterr()
    return status, out.splitlines(), err.splitlines()


def _problems(
    capsys: pytest.CaptureFixture[str], folder: Path, document: dict[str, Any]
) -> list[str]:
    """The violations --check reports for a contract (choices page written first, so fresh)."""
    _write(folder, document)
    _run(capsys, folder, "--write")
    status, _, err = _run(capsys, folder, "--check")
    assert status == (1 if err else 0)
    return err[:-1]  # the last line counts them


def test_fully_labelled_contract_passes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A contract with every element labelled has no violation at all."""
    assert _problems(capsys, tmp_path, _labelled()) == []


VIOLATIONS = [
    pytest.param(
        OP,
        {"x-qolo-source": DELETE},
        "paths./api/v1/cards.post: no x-qolo-source",
        id="operation-unlabelled",
    ),
    pytest.param(
        ("webhooks", "card.created", "post"),
        {"x-qolo-source": DELETE},
        "webhooks.card.created.post: no x-qolo-source",
        id="webhook-unlabelled",
    ),
    pytest.param(
        OP,
        {"x-qolo-source": "foo"},
        "paths./api/v1/cards.post: x-qolo-source 'foo' is not reference|guide|choice",
        id="unknown-source",
    ),
    pytest.param(
        ("components", "schemas", "CardStatus"),
        {"x-qolo-source": "reference"},
        "components.schemas.CardStatus: reference without x-qolo-page (own or inherited)",
        id="reference-without-page",
    ),
    pytest.param(
        ("components", "schemas", "CardStatus"),
        {"x-qolo-source": "reference", "x-qolo-page": "  "},
        "components.schemas.CardStatus: reference without x-qolo-page (own or inherited)",
        id="reference-with-blank-page",
    ),
    pytest.param(
        (*CARD, "properties", "labels"),
        {"description": DELETE},
        "components.schemas.Card.properties.labels: choice without a description giving the reason",
        id="choice-without-description",
    ),
    pytest.param(
        ("components", "parameters", "Limit"),
        {"description": "  \n"},
        "components.parameters.Limit: choice without a description giving the reason",
        id="choice-with-blank-description",
    ),
    pytest.param(
        (*OP, "x-qolo-responses"),
        {"409": DELETE},
        "paths./api/v1/cards.post.responses['409']: x-qolo-responses lacks '409'",
        id="status-unlabelled",
    ),
    pytest.param(
        (*OP, "x-qolo-responses"),
        {"418": "choice"},
        "paths./api/v1/cards.post: x-qolo-responses names '418', which is not a response",
        id="status-not-a-response",
    ),
    pytest.param(
        (*OP, "x-qolo-responses"),
        {"201": "docs"},
        "paths./api/v1/cards.post.responses['201']: "
        "x-qolo-responses value 'docs' is not reference|guide|choice",
        id="status-unknown-source",
    ),
    pytest.param(
        ("webhooks", "card.created", "post", "x-qolo-responses"),
        {"200": "reference"},
        "webhooks.card.created.post.responses['200']: "
        "reference without x-qolo-page (own or inherited)",
        id="status-reference-without-page",
    ),
    pytest.param(
        ("components", "headers", "RequestId"),
        {"x-qolo-source": DELETE},
        "components.headers.RequestId: no x-qolo-source",
        id="component-header",
    ),
    pytest.param(
        (*OP, "responses", "201", "headers", "X-Trace"),
        {"x-qolo-source": DELETE},
        "paths./api/v1/cards.post.responses['201'].headers['X-Trace']: no x-qolo-source",
        id="inline-response-header",
    ),
    pytest.param(
        ("components", "responses", "Conflict", "headers", "Retry-After"),
        {"x-qolo-source": DELETE},
        "components.responses.Conflict.headers['Retry-After']: no x-qolo-source",
        id="component-response-header",
    ),
    pytest.param(
        ("components", "parameters", "Limit"),
        {"x-qolo-source": DELETE},
        "components.parameters.Limit: no x-qolo-source",
        id="component-parameter",
    ),
    pytest.param(
        (*OP, "parameters", 1),
        {"x-qolo-source": DELETE},
        "paths./api/v1/cards.post.parameters['filter']: no x-qolo-source",
        id="operation-parameter",
    ),
    pytest.param(
        ("paths", "/api/v1/cards", "parameters", 0),
        {"x-qolo-source": DELETE},
        "paths./api/v1/cards.parameters['x-trace']: no x-qolo-source",
        id="path-item-parameter",
    ),
    pytest.param(
        ("components", "schemas", "CardStatus"),
        {"x-qolo-source": DELETE},
        "components.schemas.CardStatus: no x-qolo-source",
        id="component-schema",
    ),
    pytest.param(
        (*CARD, "properties", "card_status"),
        {"x-qolo-source": DELETE},
        "components.schemas.Card.properties.card_status: no x-qolo-source",
        id="bare-ref-property",
    ),
    pytest.param(
        (*CARD, "properties", "tracking", "properties", "carrier"),
        {"x-qolo-source": DELETE},
        "components.schemas.Card.properties.tracking.properties.carrier: no x-qolo-source",
        id="nested-property",
    ),
    pytest.param(
        (*CARD, "properties", "labels", "items", "properties", "name"),
        {"x-qolo-source": DELETE},
        "components.schemas.Card.properties.labels.items.properties.name: no x-qolo-source",
        id="items-property",
    ),
    pytest.param(
        (*CARD, "properties", "extra", "additionalProperties", "properties", "amount"),
        {"x-qolo-source": DELETE},
        "components.schemas.Card.properties.extra.additionalProperties.properties.amount: "
        "no x-qolo-source",
        id="additional-properties-property",
    ),
    pytest.param(
        (*CARD, "properties", "pair", "prefixItems", 0, "properties", "first"),
        {"x-qolo-source": DELETE},
        "components.schemas.Card.properties.pair.prefixItems[0].properties.first: no x-qolo-source",
        id="prefix-items-property",
    ),
    pytest.param(
        ("components", "schemas", "Event", "allOf", 1, "properties", "event_id"),
        {"x-qolo-source": DELETE},
        "components.schemas.Event.allOf[1].properties.event_id: no x-qolo-source",
        id="all-of-property",
    ),
    pytest.param(
        ("components", "schemas", "Event", "oneOf", 0, "properties", "left"),
        {"x-qolo-source": DELETE},
        "components.schemas.Event.oneOf[0].properties.left: no x-qolo-source",
        id="one-of-property",
    ),
    pytest.param(
        ("components", "schemas", "Event", "anyOf", 0, "properties", "right"),
        {"x-qolo-source": DELETE},
        "components.schemas.Event.anyOf[0].properties.right: no x-qolo-source",
        id="any-of-property",
    ),
    pytest.param(
        (*OP, "requestBody", "content", "application/json", "schema", "properties", "program_guid"),
        {"x-qolo-source": DELETE},
        "paths./api/v1/cards.post.requestBody.content['application/json'].schema"
        ".properties.program_guid: no x-qolo-source",
        id="request-body-property",
    ),
    pytest.param(
        (
            "components",
            "responses",
            "Conflict",
            "content",
            "application/problem+json",
            "schema",
            "properties",
            "detail",
        ),
        {"x-qolo-source": DELETE},
        "components.responses.Conflict.content['application/problem+json'].schema"
        ".properties.detail: no x-qolo-source",
        id="response-content-property",
    ),
    pytest.param(
        (
            *OP,
            "parameters",
            1,
            "content",
            "application/json",
            "schema",
            "properties",
            "status",
        ),
        {"x-qolo-source": DELETE},
        "paths./api/v1/cards.post.parameters['filter'].content['application/json'].schema"
        ".properties.status: no x-qolo-source",
        id="parameter-schema-property",
    ),
    pytest.param(
        ("components", "headers", "RequestId", "schema", "properties", "region"),
        {"x-qolo-source": DELETE},
        "components.headers.RequestId.schema.properties.region: no x-qolo-source",
        id="header-schema-property",
    ),
    pytest.param(
        ("components", "schemas", "CardStatus"),
        {"x-qolo-choices": {"maxLength": "Ours."}},
        "components.schemas.CardStatus: x-qolo-choices names 'maxLength', which it lacks",
        id="keyword-choice-of-an-absent-keyword",
    ),
    pytest.param(
        ("components", "schemas", "CardStatus"),
        {"x-qolo-choices": {"enum": "  "}},
        "components.schemas.CardStatus: x-qolo-choices gives 'enum' no reason",
        id="keyword-choice-without-reason",
    ),
    pytest.param(
        ("components", "schemas", "CardStatus"),
        {"x-qolo-choices": ["enum"]},
        "components.schemas.CardStatus: x-qolo-choices is not a map of keyword to reason",
        id="keyword-choices-not-a-map",
    ),
    pytest.param(
        ("components", "parameters", "Limit"),
        {"x-qolo-choices": {"schema": "Ours."}},
        "components.parameters.Limit: x-qolo-choices on a choice: all of it is ours already",
        id="keyword-choice-on-a-choice",
    ),
]


@pytest.mark.parametrize(("path", "changes", "expected"), VIOLATIONS)
def test_violation_is_reported_naming_the_element(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    path: tuple[str | int, ...],
    changes: dict[str, Any],
    expected: str,
) -> None:
    """Each kind of violation, in each place the rule covers, is one line naming the element."""
    assert [expected] == _problems(capsys, tmp_path, _edited(path, changes))


UNLABELLED_OBJECT = {"type": "object", "properties": {"note": {"type": "string"}}}
ADDED = [
    pytest.param(
        ("components",),
        {
            "requestBodies": {
                "NewCard": {"content": {"application/json": {"schema": UNLABELLED_OBJECT}}}
            }
        },
        "components.requestBodies.NewCard.content['application/json'].schema"
        ".properties.note: no x-qolo-source",
        id="component-request-body-property",
    ),
    pytest.param(
        ("components",),
        {"pathItems": {"Ping": {"get": {"operationId": "Ping", "responses": {}}}}},
        "components.pathItems.Ping.get: no x-qolo-source",
        id="component-path-item-operation",
    ),
    pytest.param(
        CARD,
        {"patternProperties": {"^x-": UNLABELLED_OBJECT}},
        "components.schemas.Card.patternProperties['^x-'].properties.note: no x-qolo-source",
        id="pattern-properties-property",
    ),
    pytest.param(
        CARD,
        {"$defs": {"Note": UNLABELLED_OBJECT}},
        "components.schemas.Card.$defs.Note.properties.note: no x-qolo-source",
        id="defs-property",
    ),
    pytest.param(
        (*CARD, "properties"),
        {"anything": True},
        "components.schemas.Card.properties.anything: "
        "no x-qolo-source (a boolean or empty schema cannot carry one)",
        id="boolean-property",
    ),
]


@pytest.mark.parametrize(("path", "added", "expected"), ADDED)
def test_violation_in_an_added_place_is_reported(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    path: tuple[str | int, ...],
    added: dict[str, Any],
    expected: str,
) -> None:
    """Places the labelled contract does not use (component request bodies and path items,
    patternProperties, $defs, a boolean schema) are walked too: nothing in them goes unlabelled."""
    assert [expected] == _problems(capsys, tmp_path, _edited(path, added))


def test_every_violation_is_listed(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """--check lists all violations, not only the first, and counts them."""
    document = _edited(OP, {"x-qolo-source": DELETE})
    del _node(document, CARD)["x-qolo-source"]
    _write(tmp_path, document)
    assert _run(capsys, tmp_path, "--write")[0] == 0
    status, _, err = _run(capsys, tmp_path, "--check")
    assert status == 1
    expected = [
        "paths./api/v1/cards.post: no x-qolo-source",
        "components.schemas.Card: no x-qolo-source",
        "2 provenance problem(s) in " + str(tmp_path / "openapi.yaml"),
    ]
    assert expected == err


def test_property_inherits_the_page_of_its_schema(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Card's page covers its properties, nested ones too; without it each is reported."""
    problems = _problems(capsys, tmp_path, _edited(CARD, {"x-qolo-page": DELETE}))
    missing = "reference without x-qolo-page (own or inherited)"
    expected = [
        f"components.schemas.Card: {missing}",
        f"components.schemas.Card.properties.card_proxy: {missing}",
        f"components.schemas.Card.properties.card_status: {missing}",
        f"components.schemas.Card.properties.tracking: {missing}",
        f"components.schemas.Card.properties.tracking.properties.carrier: {missing}",
        f"components.schemas.Card.properties.labels.items.properties.name: {missing}",
    ]
    assert expected == problems


def test_property_own_page_covers_its_nested_properties(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A property's own page serves the schemas nested in it, whatever its schema has."""
    document = _edited(CARD, {"x-qolo-page": DELETE, "x-qolo-source": "guide"})
    _node(document, CARD)["properties"] = {
        "tracking": {
            "type": "object",
            **_source("reference", **{"x-qolo-page": PAGE}),
            "properties": {"carrier": {"type": "string", **_source("reference")}},
        }
    }
    assert _problems(capsys, tmp_path, document) == []


def test_inline_schema_inherits_the_page_of_its_operation(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The request body's inline properties use the operation's page; without it they fail."""
    problems = _problems(capsys, tmp_path, _edited(OP, {"x-qolo-page": DELETE}))
    missing = "reference without x-qolo-page (own or inherited)"
    expected = [
        f"paths./api/v1/cards.post: {missing}",
        f"paths./api/v1/cards.post.responses['201']: {missing}",
        f"paths./api/v1/cards.post.requestBody.content['application/json'].schema"
        f".properties.program_guid: {missing}",
    ]
    assert expected == problems


def test_component_schema_does_not_inherit(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Card, used by an operation with a page, still needs its own (so do its properties)."""
    document = _edited(CARD, {"x-qolo-page": DELETE})
    document["components"]["x-qolo-page"] = PAGE
    document["x-qolo-page"] = PAGE
    problems = _problems(capsys, tmp_path, document)
    assert "components.schemas.Card: reference without x-qolo-page (own or inherited)" in problems


def test_parameter_does_not_inherit_from_its_operation(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """An inline parameter labelled reference needs its own page, even under one with a page."""
    document = _edited(
        (*OP, "parameters", 1), {"x-qolo-source": "reference", "description": DELETE}
    )
    expected = [
        "paths./api/v1/cards.post.parameters['filter']: "
        "reference without x-qolo-page (own or inherited)"
    ]
    assert expected == _problems(capsys, tmp_path, document)


def test_write_then_check_passes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """--write produces exactly the page that --check expects."""
    _write(tmp_path, _labelled())
    assert (_run(capsys, tmp_path, "--write")[0], _run(capsys, tmp_path, "--check")[0]) == (0, 0)


def test_choices_page_lists_every_choice_with_its_reason(tmp_path: Path) -> None:
    """One row per choice, in document order, with the first sentence of its description."""
    _write(tmp_path, _labelled())
    choices = tmp_path / "choices.md"
    main(["--write", "--contract", str(tmp_path / "openapi.yaml"), "--choices", str(choices)])
    lines = choices.read_text().splitlines()
    rows = [line for line in lines if line.startswith("| `")]
    expected = [
        "| `paths./api/v1/cards.post.responses['409']` | response status "
        "| A request with this key is still running. |",
        "| `paths./api/v1/cards.post.parameters['filter']` | parameter | Filters travel as JSON. |",
        "| `paths./api/v1/cards.post.responses['201'].headers['X-Trace']` | header "
        "| Partners asked for it. |",
        "| `components.parameters.Limit` | parameter "
        "| Pages of 100 keep responses small, e.g. on mobile. |",
        "| `components.schemas.Card.properties.labels` | property "
        "| Labels help support \\| sales find cards. |",
        "| `components.schemas.Event` | schema | One envelope for every event. |",
    ]
    assert expected == rows
    assert lines[0].startswith("_Generated by tools/provenance.py — do not edit")


def test_keywords_of_ours_in_published_elements_are_listed_as_choices(tmp_path: Path) -> None:
    """`x-qolo-choices`: one row per keyword, found on the element or on a header's schema."""
    document = _edited(
        ("components", "schemas", "CardStatus"),
        {"x-qolo-choices": {"enum": "Only ACTIVE is ours. The guide lists more."}},
    )
    _node(document, ("components", "headers", "RequestId"))["x-qolo-choices"] = {
        "type": "An object, for its region."
    }
    _write(tmp_path, document)
    choices = tmp_path / "choices.md"
    main(["--write", "--contract", str(tmp_path / "openapi.yaml"), "--choices", str(choices)])
    lines = choices.read_text().splitlines()
    rows = [line for line in lines if line.startswith("| `") and "| keyword |" in line]
    assert rows == [
        "| `components.headers.RequestId type` | keyword | An object, for its region. |",
        "| `components.schemas.CardStatus enum` | keyword | Only ACTIVE is ours. |",
    ]


def test_choices_page_counts_elements_by_source_and_kind(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The summary table (also what --counts prints) counts every labelled element."""
    _write(tmp_path, _labelled())
    status, counts, _ = _run(capsys, tmp_path, "--counts")
    expected = [
        "| kind | reference | guide | choice | total |",
        "|---|--:|--:|--:|--:|",
        "| operation | 1 | 1 | 0 | 2 |",
        "| response status | 1 | 1 | 1 | 3 |",
        "| header | 0 | 2 | 1 | 3 |",
        "| parameter | 0 | 1 | 2 | 3 |",
        "| schema | 1 | 1 | 1 | 3 |",
        "| property | 6 | 10 | 1 | 17 |",
        "| keyword | 0 | 0 | 0 | 0 |",
        "| **total** | 9 | 16 | 6 | 31 |",
    ]
    assert (0, expected) == (status, counts)
    _run(capsys, tmp_path, "--write")
    assert expected == (tmp_path / "choices.md").read_text().splitlines()[-len(expected) :]


def test_stale_choices_page_fails(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A changed reason in the contract makes the committed page stale, and says how to fix."""
    _write(tmp_path, _labelled())
    _run(capsys, tmp_path, "--write")
    _write(
        tmp_path, _edited(("components", "schemas", "Event"), {"description": "Another reason."})
    )
    status, _, err = _run(capsys, tmp_path, "--check")
    assert status == 1
    assert err[0].startswith(f"{tmp_path / 'choices.md'} is not what the contract gives: run ")
    assert "`python tools/provenance.py --write --contract " in err[0]


def test_hand_edited_choices_page_fails(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """The page is generated: a hand edit fails the check like a stale contract does."""
    _write(tmp_path, _labelled())
    _run(capsys, tmp_path, "--write")
    choices = tmp_path / "choices.md"
    choices.write_text(choices.read_text() + "\nA note added by hand.\n")
    status, _, err = _run(capsys, tmp_path, "--check")
    assert (status, len(err)) == (1, 2)


def test_missing_choices_page_fails(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Without the page, --check fails and says to write it."""
    _write(tmp_path, _labelled())
    status, _, err = _run(capsys, tmp_path, "--check")
    assert status == 1
    assert err[0].startswith(f"{tmp_path / 'choices.md'} is missing: run ")


def test_first_sentence_skips_abbreviations() -> None:
    """A reason is cut after its first sentence, not after "e.g." or inside a number."""
    text = "Version 1.5 picks JSON,\n e.g. for mobile, i.e. small. Then more! And more."
    assert first_sentence(text) == "Version 1.5 picks JSON, e.g. for mobile, i.e. small."


def test_cli_exit_codes(tmp_path: Path) -> None:
    """As a command: 0 when all is labelled, 1 listing violations, 2 without an action."""
    choices = tmp_path / "choices.md"
    paths = ["--contract", str(tmp_path / "openapi.yaml"), "--choices", str(choices)]

    def cli(*argv: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, str(TOOL), *argv]
        return subprocess.run(command, capture_output=True, text=True, check=False)

    _write(tmp_path, _labelled())
    assert cli("--write", *paths).returncode == 0
    passed = cli("--check", *paths)
    assert (passed.returncode, passed.stderr) == (0, "")
    _write(tmp_path, _edited(OP, {"x-qolo-source": DELETE}))
    failed = cli("--check", *paths)
    assert failed.returncode == 1
    assert "paths./api/v1/cards.post: no x-qolo-source" in failed.stderr.splitlines()
    assert cli(*paths).returncode == 2


def test_repository_contract_says_where_everything_comes_from() -> None:
    """The real openapi.yaml has no provenance violation and docs/choices.md is up to date."""
    command = [sys.executable, str(TOOL), "--check"]
    result = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
    assert result.returncode == 0, result.stderr
