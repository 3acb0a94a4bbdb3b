"""The breaking-change gate (tools/breaking.py) on mutants of the contract.

Each mutant is openapi.yaml with one change, a new info.version and the changelog lines a
contract change needs, judged against openapi.yaml itself. These tests judge with our own rules
only (no Node.js): webhooks, request limits and the versioning policy. Optic's part, everything
under `paths:`, is proven in test_breaking_optic.py.
"""

from __future__ import annotations

import copy
import importlib.util
import re
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from .conftest import ROOT

Document = dict[str, Any]
# libyaml's safe dumper when PyYAML has it: the pure-Python one takes seconds per mutant.
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
Mutation = Callable[[Document], None]


@pytest.fixture(scope="module")
def gate() -> ModuleType:
    spec = importlib.util.spec_from_file_location("qolo_breaking", ROOT / "tools" / "breaking.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve their module by name
    spec.loader.exec_module(module)
    return module


def changelog_for(version: str) -> str:
    return f"# Changelog\n\n## 9.9.9 — a release\n\n**The contract** (`openapi.yaml` {version})\n"


def next_minor(contract: Document) -> str:
    """The version an additive change of `contract` takes: its minor number plus one."""
    major, minor, _ = str(contract["info"]["version"]).split(".")
    return f"{major}.{int(minor) + 1}.0"


def judge(
    gate: ModuleType,
    tmp_path: Path,
    contract: Document,
    mutation: Mutation,
    *,
    version: str | None = None,
    changelog: bool = True,
    own_changelog: bool = True,
    use_tool: bool = False,
    corrections: Any = (),
) -> Any:
    """The gate's verdict on `contract` (as base) and its mutant (as head), by default at
    `contract`'s next minor version."""
    version = version or next_minor(contract)
    head = copy.deepcopy(contract)
    mutation(head)
    head["info"]["version"] = version
    if own_changelog:
        head["info"]["description"] += f"\n- {version}: what changed.\n"
    base_path, head_path = tmp_path / "base.yaml", tmp_path / "head.yaml"
    base_path.write_text(yaml.dump(contract, Dumper=DUMPER, sort_keys=False))
    head_path.write_text(yaml.dump(head, Dumper=DUMPER, sort_keys=False))
    text = changelog_for(version) if changelog else "# Changelog\n"
    return gate.judge(base_path, head_path, text, use_tool=use_tool, corrections=corrections)


def schemas(document: Document) -> Document:
    result: Document = document["components"]["schemas"]
    return result


def lower_maximum(document: Document) -> None:
    schemas(document)["CreateCardRequest"]["properties"]["months_until_expire"]["maximum"] = 60


def lower_max_length(document: Document) -> None:
    schemas(document)["SetPinRequest"]["properties"]["pin"]["maxLength"] = 4


def add_pattern(document: Document) -> None:
    schemas(document)["NotificationRequest"]["properties"]["url"]["pattern"] = "^https://"


def remove_event_type(document: Document) -> None:
    del document["webhooks"]["card.activated"]


def remove_event_field(document: Document) -> None:
    del schemas(document)["CardStatusEventData"]["properties"]["previous_status"]
    schemas(document)["CardStatusEventData"]["required"] = ["card"]


def rename_event_field(document: Document) -> None:
    data = schemas(document)["CardStatusEventData"]
    data["properties"]["old_status"] = data["properties"].pop("previous_status")
    data["required"] = ["card", "old_status"]


def remove_event_enum_value(document: Document) -> None:
    schemas(document)["CardStatus"]["enum"].remove("FORGET")


def change_event_status(document: Document) -> None:
    responses = document["webhooks"]["card.created"]["post"]["responses"]
    responses["202"] = responses.pop("200")


BREAKING: dict[str, tuple[Mutation, str, str]] = {
    # class: (mutation, the element the finding must name, what it must say)
    "narrowed limit (maximum)": (
        lower_maximum,
        "POST /api/v1/cards request body /months_until_expire",
        "narrowed limit: maximum 120 -> 60",
    ),
    "narrowed limit (maxLength)": (
        lower_max_length,
        "POST /api/v1/cards/{card_proxy}/pin request body /pin",
        "narrowed limit: maxLength 6 -> 4",
    ),
    "narrowed limit (pattern)": (
        add_pattern,
        "POST /api/v1/notifications request body /url",
        "narrowed limit: pattern",
    ),
    "removed event type": (remove_event_type, "webhook card.activated", "removed event type"),
    "removed event field": (
        remove_event_field,
        "webhook card.status: payload /data/previous_status",
        "removed or renamed event field",
    ),
    "renamed event field": (
        rename_event_field,
        "webhook card.activated: payload /data/previous_status",
        "removed or renamed event field",
    ),
    "removed enum value (event)": (
        remove_event_enum_value,
        "webhook card.created: payload /data/card/card_status",
        "removed enum value 'FORGET'",
    ),
    "changed status code (event)": (
        change_event_status,
        "webhook card.created: response 200",
        "changed status code",
    ),
}


@pytest.mark.parametrize("case", sorted(BREAKING))
def test_breaking_change_is_flagged_by_name(
    gate: ModuleType, tmp_path: Path, contract: Document, case: str
) -> None:
    """Each breaking class our rules own fails the gate and names the element."""
    mutation, element, what = BREAKING[case]
    verdict = judge(gate, tmp_path, contract, mutation)
    assert not verdict.ok
    named = [c for c in verdict.breaking if c.element == element and what in c.what]
    assert named, [str(c) for c in verdict.breaking]
    released = contract["info"]["version"]
    assert any(f"breaking change(s) within {released}'s API" in p for p in verdict.problems)


def add_event_type(document: Document) -> None:
    event = copy.deepcopy(document["webhooks"]["card.created"])
    event["post"]["operationId"] = "CardClosedWebhook"
    document["webhooks"]["card.closed"] = event


def add_event_field(document: Document) -> None:
    schemas(document)["CardStatusEventData"]["properties"]["reason"] = {"type": "string"}


def add_enum_value(document: Document) -> None:
    schemas(document)["CardStatus"]["enum"].append("EXPIRED")


def raise_maximum(document: Document) -> None:
    schemas(document)["CreateCardRequest"]["properties"]["months_until_expire"]["maximum"] = 240


ADDITIVE: dict[str, tuple[Mutation, str]] = {
    "new event type": (add_event_type, "webhook card.closed"),
    "new event field": (add_event_field, "webhook card.status: payload /data/reason"),
    "new enum value in a response and an event": (
        add_enum_value,
        "webhook card.created: payload /data/card/card_status",
    ),
    "widened limit": (raise_maximum, "POST /api/v1/cards request body /months_until_expire"),
}


@pytest.mark.parametrize("case", sorted(ADDITIVE))
def test_additive_change_passes(
    gate: ModuleType, tmp_path: Path, contract: Document, case: str
) -> None:
    """Each additive class passes, and is still listed as a change."""
    mutation, element = ADDITIVE[case]
    verdict = judge(gate, tmp_path, contract, mutation)
    assert verdict.problems == []
    assert verdict.breaking == []
    assert any(c.kind == "additive" and c.element == element for c in verdict.changes)


def test_unchanged_contract_passes(gate: ModuleType, tmp_path: Path) -> None:
    """The contract against itself: no change, nothing asked."""
    path = tmp_path / "openapi.yaml"
    path.write_bytes((ROOT / "openapi.yaml").read_bytes())
    verdict = gate.judge(path, ROOT / "openapi.yaml", "", use_tool=False)
    assert verdict.ok
    assert verdict.changes == []


def test_the_repository_keeps_its_promise(gate: ModuleType) -> None:
    """openapi.yaml against the last released contract, by our rules (what lint runs)."""
    verdict = gate.judge(
        gate.last_released(ROOT),
        ROOT / "openapi.yaml",
        (ROOT / "CHANGELOG.md").read_text(),
        use_tool=False,
        corrections=gate.load_corrections(ROOT / gate.CORRECTIONS),
    )
    assert verdict.problems == []


PAGE = "https://devdocs.qolopay.com/openapi/qoloreference/operation/SetPIN"


def pin_correction(gate: ModuleType, contract: Document, **changed: str) -> Any:
    """A correction of `lower_max_length`'s narrowing, as contract/corrections.yaml holds it."""
    fields = {
        "version": next_minor(contract),
        "element": "POST /api/v1/cards/{card_proxy}/pin request body /pin",
        "change": "narrowed limit: maxLength 6 -> 4",
        "page": PAGE,
        "published": "pin string <= 4 characters",
        **changed,
    }
    return gate.Correction(**fields)


def test_a_listed_correction_passes_as_a_correction(
    gate: ModuleType, tmp_path: Path, contract: Document
) -> None:
    """A narrowing toward a published limit, listed for this version, passes and is named."""
    correction = pin_correction(gate, contract)
    verdict = judge(gate, tmp_path, contract, lower_max_length, corrections=[correction])
    assert verdict.problems == []
    assert verdict.breaking == []
    assert [(c.kind, c.element) for c in verdict.changes] == [("correction", correction.element)]
    assert any(PAGE in note and "pin string <= 4" in note for note in verdict.notes)


@pytest.mark.parametrize(
    "changed",
    [
        {"version": "1.0.0"},  # an old version's correction covers nothing new
        {"change": "narrowed limit: maxLength 6 -> 5"},  # not the change that was made
        {"element": "POST /api/v1/cards request body /pin"},  # not the element changed
    ],
)
def test_a_correction_covers_only_the_change_it_names(
    gate: ModuleType, tmp_path: Path, contract: Document, changed: dict[str, str]
) -> None:
    """Another version, change or element leaves the narrowing breaking."""
    correction = pin_correction(gate, contract, **changed)
    verdict = judge(gate, tmp_path, contract, lower_max_length, corrections=[correction])
    assert [c.element for c in verdict.breaking] == [
        "POST /api/v1/cards/{card_proxy}/pin request body /pin"
    ]
    assert any("breaking change(s) within" in p for p in verdict.problems)


def test_the_released_correction_passes_the_gate(gate: ModuleType) -> None:
    """2.1.0 -> 2.2.0 as released: three names narrowed to 32 characters, each a listed
    correction, and nothing else breaking (our rules; Optic's part is test_breaking_optic)."""
    verdict = gate.judge(
        ROOT / "contract" / "released" / "openapi-2.1.0.yaml",
        ROOT / "contract" / "released" / "openapi-2.2.0.yaml",
        (ROOT / "CHANGELOG.md").read_text(),
        use_tool=False,
        corrections=gate.load_corrections(ROOT / gate.CORRECTIONS),
    )
    assert verdict.problems == []
    assert sorted(c.element for c in verdict.changes if c.kind == "correction") == [
        f"POST /api/v1/cards request body /person/{name}"
        for name in ("first_name", "last_name", "middle_name")
    ]


def test_an_optic_finding_is_never_a_correction(gate: ModuleType) -> None:
    """Only our rules' narrowed limits are corrected; Optic judges types, fields and statuses."""
    finding = gate.Change("breaking", "POST /api/v1/cards/validate", "narrowed limit: x", "optic")
    verdict = gate.Verdict(changes=[finding])
    correction = gate.Correction("2.2.0", finding.element, finding.what, PAGE, "p")
    gate.apply_corrections(verdict, "2.2.0", [correction])
    assert verdict.breaking == [finding]
    assert verdict.problems == [
        "contract/corrections.yaml lists a 2.2.0 correction the gate did not find: "
        "POST /api/v1/cards/validate: narrowed limit: x"
    ]


def test_an_unused_correction_of_this_version_fails(
    gate: ModuleType, tmp_path: Path, contract: Document
) -> None:
    """A correction listed for this version must match a change the gate found."""
    correction = pin_correction(gate, contract)
    verdict = judge(gate, tmp_path, contract, add_event_field, corrections=[correction])
    assert verdict.problems == [
        f"contract/corrections.yaml lists a {next_minor(contract)} correction the gate did not "
        f"find: {correction.element}: {correction.change}"
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("corrections: {}\n", "has no `corrections:` list"),
        ("corrections:\n  - {version: 2.2.0}\n", "needs exactly version, element"),
        (
            "corrections:\n  - {version: 2.2.0, element: e, change: c, published: p,\n"
            "     page: 'https://example.com/openapi/qoloreference/operation/X'}\n",
            "is not a page of the platform's API reference",
        ),
        (
            f"corrections:\n  - {{version: 2.2.0, element: e, change: removed operation,\n"
            f"     published: p, page: '{PAGE}'}}\n",
            "only a narrowed limit",
        ),
        (
            f"corrections:\n  - {{version: 2.2.0, element: e, change: c, published: '',\n"
            f"     page: '{PAGE}'}}\n",
            "has an empty field",
        ),
    ],
)
def test_a_malformed_corrections_file_stops_the_gate(
    gate: ModuleType, tmp_path: Path, text: str, message: str
) -> None:
    """Only a complete entry naming a page of the reference is read; anything else stops."""
    path = tmp_path / "corrections.yaml"
    path.write_text(text)
    with pytest.raises(gate.GateError, match=re.escape(message)):
        gate.load_corrections(path)


def test_change_without_changelog_entry_fails(
    gate: ModuleType, tmp_path: Path, contract: Document
) -> None:
    """An additive change with no CHANGELOG.md line naming the contract's version fails."""
    verdict = judge(gate, tmp_path, contract, add_event_field, changelog=False)
    assert [p for p in verdict.problems if "CHANGELOG.md has no line" in p]
    assert next_minor(contract) in verdict.problems[0]


def test_change_without_the_contracts_own_changelog_line_fails(
    gate: ModuleType, tmp_path: Path, contract: Document
) -> None:
    """info.description's changelog needs its `- <version>:` line too."""
    verdict = judge(gate, tmp_path, contract, add_event_field, own_changelog=False)
    assert verdict.problems == [
        "openapi.yaml's own changelog (info.description) has no line "
        f"`- {next_minor(contract)}: ...`"
    ]


def test_change_without_new_version_fails(
    gate: ModuleType, tmp_path: Path, contract: Document
) -> None:
    """A change under the released info.version fails, however additive."""
    verdict = judge(gate, tmp_path, contract, add_event_field, version="2.0.0")
    assert any("needs a new version" in p for p in verdict.problems)


def move_to_api_v2(document: Document) -> None:
    """Every operation under /api/v2/, and an event type gone: the shape of a new major API."""
    document["paths"] = {
        path.replace("/api/v1/", "/api/v2/"): item for path, item in document["paths"].items()
    }
    remove_event_type(document)
    lower_maximum(document)


def test_breaking_change_with_major_version_and_api_v2_passes(
    gate: ModuleType, tmp_path: Path, contract: Document
) -> None:
    """3.0.0 with /api/v2/ paths may break: the changes are listed and allowed."""
    verdict = judge(gate, tmp_path, contract, move_to_api_v2, version="3.0.0")
    assert verdict.problems == []
    assert verdict.breaking
    assert any("allowed: 3.0.0 is a new major version" in note for note in verdict.notes)


def test_breaking_change_with_major_version_but_api_v1_fails(
    gate: ModuleType, tmp_path: Path, contract: Document
) -> None:
    """A new major number alone is not enough: the platform's promise is per /api/vN/."""
    verdict = judge(gate, tmp_path, contract, remove_event_type, version="3.0.0")
    released = contract["info"]["version"]
    assert any(f"breaking change(s) within {released}'s API" in p for p in verdict.problems)


OPTIC_OUTPUT = """\
x Qolo Card Issuing API base.yaml
Operations: 2 operations changed, 1 removed
x  Checks: 70/75 passed

x POST /api/v1/cards/validate: removed

  x [prevent operation removal] cannot remove an operation. This is a breaking change.
  at base.yaml:333:16321

x POST /api/v1/cards:
  - request:
    - body application/json:
      - property /schema/properties/wallet_name: changed

        x [prevent changing request property to required] cannot make a request property required. This is a breaking change.
        at head.yaml:2755:92162

  - response 201: removed
    x [prevent response status code removal] must not remove response status code 201. This is a breaking change.
x GET /api/v1/cards/{card_proxy}:
  - response 200:
    - body application/json:
      - property /schema/properties/card_status: changed

        x [request and response property enums] cannot add enum option 'EXPIRED' from 'card_status' property. This is a breaking change.
"""  # noqa: E501 (Optic's own output)


def test_optic_findings_are_named_by_operation_and_place(gate: ModuleType) -> None:
    """Failed checks are named by operation and place; a response's new enum value is additive."""
    found = [(c.element, c.what) for c in gate.parse_optic(OPTIC_OUTPUT) if c.kind == "breaking"]
    assert found == [
        (
            "POST /api/v1/cards/validate",
            "cannot remove an operation. (prevent operation removal)",
        ),
        (
            "POST /api/v1/cards request body application/json property "
            "/schema/properties/wallet_name",
            "cannot make a request property required. "
            "(prevent changing request property to required)",
        ),
        (
            "POST /api/v1/cards response 201",
            "must not remove response status code 201. (prevent response status code removal)",
        ),
    ]
    additive = [c for c in gate.parse_optic(OPTIC_OUTPUT) if c.kind == "additive"]
    assert [c.element for c in additive] == [
        "GET /api/v1/cards/{card_proxy} response 200 body application/json property "
        "/schema/properties/card_status"
    ]
    assert additive[0].what.startswith("new enum value in a response")
