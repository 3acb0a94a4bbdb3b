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


def raise_min_length(document: Document) -> None:
    schemas(document)["SetPinRequest"]["properties"]["pin"]["minLength"] = 5


def lower_parameter_maximum(document: Document) -> None:
    document["components"]["parameters"]["Limit"]["schema"]["maximum"] = 500


def limit_array_items(document: Document) -> None:
    schemas(document)["WebhookEventType"]["maxLength"] = 20


def lower_path_parameter_max_length(document: Document) -> None:
    """CardProxy is a path item's parameter, shared by the operations under it."""
    document["components"]["parameters"]["CardProxy"]["schema"]["maxLength"] = 32


def unrequire_event_field(document: Document) -> None:
    schemas(document)["CardStatusEventData"]["required"] = ["card"]


def change_event_constant(document: Document) -> None:
    schemas(document)["CardCreatedEvent"]["properties"]["event_type"]["const"] = "card.issued"


def change_event_field_type(document: Document) -> None:
    schemas(document)["Card"]["properties"]["card_proxy"]["type"] = "integer"


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
    "narrowed limit (minLength, a lower limit)": (
        raise_min_length,
        "POST /api/v1/cards/{card_proxy}/pin request body /pin",
        "narrowed limit: minLength 4 -> 5",
    ),
    "narrowed limit (parameter)": (
        lower_parameter_maximum,
        "GET /api/v1/cards query parameter limit",
        "narrowed limit: maximum 1000 -> 500",
    ),
    "narrowed limit (array items)": (
        limit_array_items,
        "POST /api/v1/notifications request body /event_type[]",
        "narrowed limit: maxLength None -> 20",
    ),
    "narrowed limit (path item parameter)": (
        lower_path_parameter_max_length,
        "GET /api/v1/cards/{card_proxy} path parameter card_proxy",
        "narrowed limit: maxLength 64 -> 32",
    ),
    "event field no longer required": (
        unrequire_event_field,
        "webhook card.status: payload /data/previous_status",
        "event field no longer always sent",
    ),
    "changed constant (event)": (
        change_event_constant,
        "webhook card.created: payload /event_type",
        "changed constant 'card.created' -> 'card.issued'",
    ),
    "changed type (event)": (
        change_event_field_type,
        "webhook card.created: payload /data/card/card_proxy",
        "changed type ['string'] -> ['integer']",
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


def test_changelog_lines_must_be_this_versions_own(gate: ModuleType, contract: Document) -> None:
    """A line naming a longer version (2.5.01, 12.5.0 for 2.5.0) is not this version's, nor is
    the version mentioned in the contract's description outside a `- 2.5.0:` line."""
    version = next_minor(contract)
    for other in (f"{version}1", f"1{version}"):
        problems = gate.changelog_problems(version, changelog_for(other), f"- {version}: x")
        assert [p for p in problems if "CHANGELOG.md has no line" in p], other
    mentioned = f"Since {version}, cards carry a nickname.\n- {version}1: another release."
    assert gate.changelog_problems(version, changelog_for(version), mentioned) == [
        f"openapi.yaml's own changelog (info.description) has no line `- {version}: ...`"
    ]


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


def test_a_new_api_allows_no_change_to_an_operation_the_old_one_keeps(
    gate: ModuleType, tmp_path: Path, contract: Document
) -> None:
    """3.0.0 with /api/v2/ may drop /api/v1/ operations, but one it keeps stays as it was:
    the changed operations must be under the new prefix."""

    def narrow_v1_next_to_v2(document: Document) -> None:
        paths = document["paths"]
        paths["/api/v2/cards/validate"] = copy.deepcopy(paths["/api/v1/cards/validate"])
        paths["/api/v2/cards/validate"]["post"]["operationId"] = "ValidateCardV2"
        lower_max_length(document)

    verdict = judge(gate, tmp_path, contract, narrow_v1_next_to_v2, version="3.0.0")
    assert [c.element for c in verdict.breaking] == [
        "POST /api/v1/cards/{card_proxy}/pin request body /pin"
    ]
    assert any("not change the ones it keeps" in p for p in verdict.problems)


def test_breaking_change_under_api_v2_without_major_version_fails(
    gate: ModuleType, tmp_path: Path, contract: Document
) -> None:
    """A new /api/v2/ alone is not enough either: the major info.version must change too."""
    verdict = judge(gate, tmp_path, contract, move_to_api_v2)
    assert verdict.breaking
    released = contract["info"]["version"]
    assert any(f"breaking change(s) within {released}'s API" in p for p in verdict.problems)


def test_change_under_the_released_version_fails(
    gate: ModuleType, tmp_path: Path, contract: Document
) -> None:
    """The released info.version itself is not a new version, however additive the change."""
    released = str(contract["info"]["version"])
    verdict = judge(gate, tmp_path, contract, add_event_field, version=released)
    assert any(f"but info.version is {released}" in p for p in verdict.problems)


def nullable_previous_status(document: Document) -> None:
    """previous_status as `anyOf: [an inline enum, null]` (the base of the test below)."""
    schemas(document)["CardStatusEventData"]["properties"]["previous_status"] = {
        "anyOf": [{"type": "string", "enum": ["ACTIVE", "FORGET"]}, {"type": "null"}]
    }


def test_a_change_inside_anyof_is_flagged(
    gate: ModuleType, tmp_path: Path, contract: Document
) -> None:
    """Subschemas (allOf, oneOf, anyOf) are compared too: an enum value removed from one is."""
    base = copy.deepcopy(contract)
    nullable_previous_status(base)

    def remove_forget(document: Document) -> None:
        status = schemas(document)["CardStatusEventData"]["properties"]["previous_status"]
        status["anyOf"][0]["enum"].remove("FORGET")

    verdict = judge(gate, tmp_path, base, remove_forget)
    assert [(c.element, c.what) for c in verdict.breaking] == [
        ("webhook card.activated: payload /data/previous_status", "removed enum value 'FORGET'"),
        ("webhook card.status: payload /data/previous_status", "removed enum value 'FORGET'"),
    ]
    assert not verdict.ok


def test_a_field_of_a_removed_allof_part_is_flagged(
    gate: ModuleType, tmp_path: Path, contract: Document
) -> None:
    """An allOf's parts are one payload: the fields of a part that goes are removed fields."""
    base = copy.deepcopy(contract)
    data = schemas(base)["CardStatusEventData"]
    card, previous = ({name: data["properties"].pop(name)} for name in ("card", "previous_status"))
    data["allOf"] = [{"properties": card}, {"properties": previous}]

    def drop_second_part(document: Document) -> None:
        del schemas(document)["CardStatusEventData"]["allOf"][1]

    verdict = judge(gate, tmp_path, base, drop_second_part)
    assert [(c.element, c.what) for c in verdict.breaking] == [
        ("webhook card.activated: payload /data/previous_status", "removed or renamed event field"),
        ("webhook card.status: payload /data/previous_status", "removed or renamed event field"),
    ]


def test_the_baseline_is_the_newest_release_by_version(gate: ModuleType, tmp_path: Path) -> None:
    """2.10.0 is newer than 2.9.0, though it sorts before it as text."""
    released = tmp_path / gate.RELEASED
    released.mkdir(parents=True)
    for version in ("2.9.0", "2.10.0", "2.2.0"):
        (released / f"openapi-{version}.yaml").write_text(f"info: {{version: {version}}}\n")
    assert gate.last_released(tmp_path).name == "openapi-2.10.0.yaml"


def cli(gate: ModuleType, tmp_path: Path, contract: Document, mutation: Mutation) -> list[str]:
    """The command line's arguments for `contract` (base) and its mutant at the next minor."""
    judge(gate, tmp_path, contract, mutation)  # writes base.yaml and head.yaml
    changelog = tmp_path / "CHANGELOG.md"
    changelog.write_text(changelog_for(next_minor(contract)))
    return [
        "--base",
        str(tmp_path / "base.yaml"),
        "--head",
        str(tmp_path / "head.yaml"),
        "--changelog",
        str(changelog),
        "--corrections",
        str(tmp_path / "no-corrections.yaml"),
        "--no-tool",
    ]


def test_the_command_fails_on_a_breaking_change(
    gate: ModuleType, tmp_path: Path, contract: Document, capsys: pytest.CaptureFixture[str]
) -> None:
    """CI runs the command: its exit status is the verdict (1 breaking, 0 additive), and its
    output says why."""
    assert gate.main(cli(gate, tmp_path, contract, remove_event_type)) == 1
    assert "FAIL: " in capsys.readouterr().out
    assert gate.main(cli(gate, tmp_path, contract, add_event_field)) == 0
    assert "breaking-change gate: passed" in capsys.readouterr().out


def test_the_command_fails_when_the_gate_cannot_run(
    gate: ModuleType, tmp_path: Path, contract: Document, capsys: pytest.CaptureFixture[str]
) -> None:
    """A gate that cannot judge (here: a malformed corrections file) fails, it never passes."""
    arguments = cli(gate, tmp_path, contract, add_event_field)
    (tmp_path / "no-corrections.yaml").write_text("corrections: {}\n")
    assert gate.main(arguments) == 2
    assert "has no `corrections:` list" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("exit_code", "output"),
    [(1, "Error: could not read the specification"), (2, "x [some rule] is broken"), (-9, "")],
)
def test_optic_failing_stops_the_gate(
    gate: ModuleType,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    exit_code: int,
    output: str,
) -> None:
    """Optic dying (any exit but 0, or 1 with no finding to show for it) is no verdict: it
    stops the gate rather than pass the paths it never judged."""
    script = f"import sys; print({output!r}); sys.exit({exit_code % 256})"
    monkeypatch.setattr(gate, "_optic_command", lambda: [sys.executable, "-c", script])
    contract = tmp_path / "openapi.yaml"
    contract.write_text("openapi: 3.1.0\n")
    with pytest.raises(gate.GateError, match=rf"Optic failed \(exit {exit_code % 256}\)"):
        gate.optic_changes(contract, contract)


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
