"""The breaking-change gate with Optic, on two mutants of the contract's `paths:`.

Optic takes tens of seconds per comparison, so each mutant carries every change of its kind at
once: one with every breaking class Optic owns (each must be named), one with every additive
class (it must pass). Needs Node.js (npm); without it the tests skip, except in CI.
"""

from __future__ import annotations

import copy
import os
import shutil
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from .test_breaking import Document, gate, judge, schemas

__all__ = ["gate"]  # the fixture, shared with test_breaking.py

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

if shutil.which("npm") is None and not os.environ.get("CI"):
    pytest.skip("Optic needs Node.js (npm) on PATH", allow_module_level=True)


def every_breaking_change(document: Document) -> None:
    del document["paths"]["/api/v1/cards/validate"]  # removed operation
    del schemas(document)["Card"]["properties"]["wallet_id"]  # removed response field
    request = schemas(document)["CreateCardRequest"]
    request["required"].append("account_name")  # newly required request field
    request["properties"]["wallet_name"]["type"] = "string"  # narrowed type (null gone)
    schemas(document)["CardStatus"]["enum"].remove("FORGET")  # removed enum value
    responses = document["paths"]["/api/v1/cards"]["post"]["responses"]
    responses["200"] = responses.pop("201")  # changed status code


PROPERTY = "request body application/json property /schema/properties/"
BREAKING = {
    "removed operation": ("POST /api/v1/cards/validate", "cannot remove an operation"),
    "removed response field": (
        "GET /api/v1/cards/{card_proxy} response 200 body application/json property "
        "/schema/properties/wallet_id",
        "cannot remove response property 'wallet_id'",
    ),
    "newly required request field": (
        f"POST /api/v1/cards {PROPERTY}account_name",
        "cannot make a request property required",
    ),
    "narrowed type": (
        f"POST /api/v1/cards {PROPERTY}wallet_name",
        "not to be narrowed",
    ),
    "removed enum value": (
        f"POST /api/v1/cards/{{card_proxy}}/status {PROPERTY}status",
        "cannot remove enum option 'FORGET'",
    ),
    "changed status code": (
        "POST /api/v1/cards response 201",
        "must not remove response status code 201",
    ),
}


def test_every_breaking_path_change_is_named(
    gate: ModuleType, tmp_path: Path, contract: Document
) -> None:
    """Removed operation and field, required field, narrowed type, enum value, status code."""
    verdict = judge(gate, tmp_path, contract, every_breaking_change, use_tool=True)
    assert not verdict.ok
    findings = [(c.element, c.what) for c in verdict.breaking if c.source == "optic"]
    missing = [
        case
        for case, (element, what) in BREAKING.items()
        if not any(element == e and what in w for e, w in findings)
    ]
    assert missing == [], "\n".join(f"{e}: {w}" for e, w in findings)


def every_additive_change(document: Document) -> None:
    paths = document["paths"]
    new_operation: dict[str, Any] = copy.deepcopy(paths["/api/v1/cards/validate"])
    new_operation["post"]["operationId"] = "ValidateCardAgain"
    paths["/api/v1/cards/revalidate"] = new_operation  # new operation
    schemas(document)["CreateCardRequest"]["properties"]["nickname"] = {"type": "string"}
    schemas(document)["Card"]["properties"]["nickname"] = {"type": "string"}  # response field
    schemas(document)["CardStatus"]["enum"].append("EXPIRED")  # new enum value


def test_every_additive_path_change_passes(
    gate: ModuleType, tmp_path: Path, contract: Document
) -> None:
    """New operation, optional request field, response field and enum value: the gate passes."""
    verdict = judge(gate, tmp_path, contract, every_additive_change, use_tool=True)
    assert verdict.problems == [], "\n".join(map(str, verdict.changes))
    assert any(note.startswith("Optic:") for note in verdict.notes)
