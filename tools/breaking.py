"""The breaking-change gate: does openapi.yaml keep the platform's promise to its last release?

    python tools/breaking.py                  # openapi.yaml against the last released contract
    python tools/breaking.py --base OLD.yaml  # against any other contract
    python tools/breaking.py --no-tool        # our own rules only (no Node.js needed)

The platform promises additive changes within `/api/v1`. Additive: a new operation, a new
optional request field, a new response field, a new enum value in a response, a new event type
(or a new event field). Breaking: a removed operation or field, a newly required request field,
a narrowed type or limit, a removed enum value, a removed or renamed event field, a changed or
removed status code.

The last released contract is the newest `contract/released/openapi-<version>.yaml`, which
`tools/release.py record-contract` writes before a release: a fresh clone has it even when it
has no tags. Two tools judge the change:

- Optic (`@useoptic/optic`, pinned in tools/contract-diff/, run with its breaking-changes
  ruleset) judges everything under `paths:`: removed operations, status codes, request and
  response properties, required request properties, narrowed request types, removed enum values;
- our own rules (below) cover what Optic is blind to: the `webhooks:` section (event types, their
  fields, enums and acknowledgement statuses) and narrowed limits (`maximum`, `maxLength`,
  `pattern`, ...) of request bodies and parameters.

It fails on a breaking change unless `info.version` has a new major number and the contract has
paths under a new `/api/vN/`, and even then on one to an operation it keeps under an older
prefix (a new major version may remove such an operation, not change it: the changed operations
are the new prefix's); and on any contract change whose `info.version` is not new, or that has
no CHANGELOG.md line naming the contract and its version, or no line `- <version>:` in the
contract's own changelog (`info.description`).

One kind of narrowing passes within `/api/v1`: a **correction** toward a limit the platform's
reference publishes (the contract accepted what the platform refuses, so a partner's call that
works on the platform cannot stop working). Each is listed in `contract/corrections.yaml` under
the version that makes it, with the element and the change exactly as the gate reports them,
the reference page and its words; an entry for this version that matches no change fails, so a
correction cannot outlive its reason or cover a change it does not name.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

ROOT = Path(__file__).resolve().parent.parent
RELEASED = Path("contract/released")
CORRECTIONS = Path("contract/corrections.yaml")
NARROWED = "narrowed limit:"  # how our rules name the only kind of change a correction may be
REFERENCE_PAGE = re.compile(
    r"^https://(devdocs|keybankdocs|devkeybankdocs)\.qolopay\.com/openapi/qoloreference/"
    r"|^https://vam\.developer\.key\.com/openapi/qoloreference/"
)
# Optic 1.0.9 with ajv overridden to 8.17.1 (package.json): with the ajv 8.20 that
# @stoplight/spectral-core otherwise nests, Optic dies at start-up compiling a schema.
TOOL_DIR = ROOT / "tools" / "contract-diff"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# Limits where a lower value accepts less, and where a higher one does.
UPPER_LIMITS = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties")
LOWER_LIMITS = ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties")
API_VERSION = re.compile(r"^/api/v(\d+)/")
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")

Kind = Literal["breaking", "additive", "correction"]
Schema = Mapping[str, Any]


class GateError(Exception):
    """The gate cannot run (no baseline, no tool); the message says what to do."""


@dataclass(frozen=True, slots=True)
class Change:
    """One classified change, naming the element it concerns."""

    kind: Kind
    element: str  # e.g. "webhook card.created: payload /data/card/wallet_id"
    what: str  # e.g. "removed event field"
    source: str = "rules"  # "rules" (ours) or "optic"

    def __str__(self) -> str:
        return f"{self.kind}: {self.element}: {self.what} [{self.source}]"


@dataclass(slots=True)
class Verdict:
    """The changes found and the policy failures, with what the gate decided."""

    changes: list[Change] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def breaking(self) -> list[Change]:
        return [c for c in self.changes if c.kind == "breaking"]

    @property
    def ok(self) -> bool:
        return not self.problems


# -- versions and the baseline -------------------------------------------------------------------


def parse_version(text: str) -> tuple[int, ...]:
    """`2.1.0` as (2, 1, 0); a contract version is plain semantic version numbers."""
    if not re.fullmatch(r"\d+(\.\d+){0,2}", text):
        raise GateError(f"info.version {text!r} is not MAJOR.MINOR.PATCH")
    return tuple(int(part) for part in text.split("."))


def released_contracts(root: Path = ROOT) -> list[Path]:
    """The recorded released contracts, oldest first."""
    found = (root / RELEASED).glob("openapi-*.yaml")
    return sorted(found, key=lambda p: parse_version(p.stem.removeprefix("openapi-")))


def last_released(root: Path = ROOT) -> Path:
    contracts = released_contracts(root)
    if not contracts:
        raise GateError(
            f"no released contract in {root / RELEASED}: `python tools/release.py "
            "record-contract` records the one a release ships"
        )
    return contracts[-1]


def load(path: Path) -> dict[str, Any]:
    # libyaml's loader when PyYAML has it: the pure-Python one takes seconds on the contract.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    document = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506 (safe)
    if not isinstance(document, dict):
        raise GateError(f"{path} is not an OpenAPI document")
    return document


def _api_versions(document: Mapping[str, Any]) -> set[int]:
    return {
        int(match[1])
        for path in document.get("paths") or {}
        if (match := API_VERSION.match(str(path)))
    }


# -- our own rules: a schema walker with $ref resolution -----------------------------------------


class _Resolver:
    """Follows local `$ref`s of one document."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self.document = document

    def __call__(self, node: Any) -> Any:
        seen: set[str] = set()
        while isinstance(node, Mapping) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if ref in seen or not ref.startswith("#/"):
                break
            seen.add(ref)
            target: Any = self.document
            for part in ref[2:].split("/"):
                part = part.replace("~1", "/").replace("~0", "~")
                target = target.get(part) if isinstance(target, Mapping) else None
            if target is None:
                break
            # Siblings of $ref (3.1) refine the target; ours only annotate it.
            node = target
        return node


def _types(schema: Schema) -> set[str]:
    declared = schema.get("type")
    if declared is None:
        return set()
    return {declared} if isinstance(declared, str) else set(declared)


@dataclass(slots=True)
class _Walk:
    """Compares a base and a head schema, in one direction, and collects changes."""

    base: _Resolver
    head: _Resolver
    direction: Literal["request", "event"]
    changes: list[Change]
    depth_limit: int = 24

    def compare(self, old: Any, new: Any, where: str, depth: int = 0) -> None:
        old, new = self.base(old), self.head(new)
        if not isinstance(old, Mapping) or not isinstance(new, Mapping) or depth > self.depth_limit:
            return
        if self.direction == "request":
            self._limits(old, new, where)
        else:
            self._event(old, new, where)
        for key in ("items", "additionalProperties"):
            if isinstance(old.get(key), Mapping) and isinstance(new.get(key), Mapping):
                inner = f"{where}[]" if key == "items" else where
                self.compare(old[key], new[key], inner, depth + 1)
        for key in ("allOf", "oneOf", "anyOf"):
            for a, b in zip(old.get(key) or [], new.get(key) or [], strict=False):
                self.compare(a, b, where, depth + 1)
        old_props, new_props = self._properties(old, self.base), self._properties(new, self.head)
        for name in old_props.keys() & new_props.keys():
            self.compare(old_props[name], new_props[name], f"{where}/{name}", depth + 1)

    @staticmethod
    def _properties(schema: Schema, resolve: _Resolver) -> dict[str, Any]:
        """Own properties plus those of allOf parts: what a payload of this schema may carry."""
        found = dict(schema.get("properties") or {})
        for part in schema.get("allOf") or []:
            part = resolve(part)
            if isinstance(part, Mapping):
                found.update(part.get("properties") or {})
        return found

    def _add(self, kind: Kind, where: str, what: str) -> None:
        self.changes.append(Change(kind, where, what))

    def _limits(self, old: Schema, new: Schema, where: str) -> None:
        """Request side: a lower upper limit, a higher lower limit or a new pattern accepts less."""
        for key in (*UPPER_LIMITS, *LOWER_LIMITS):
            before, after = old.get(key), new.get(key)
            if before == after or isinstance(before, bool) or isinstance(after, bool):
                continue
            upper = key in UPPER_LIMITS
            if after is None:
                self._add("additive", where, f"{key} {before} removed (widened limit)")
            elif before is None or (after < before if upper else after > before):
                self._add("breaking", where, f"{NARROWED} {key} {before} -> {after}")
            else:
                self._add("additive", where, f"widened limit: {key} {before} -> {after}")
        if old.get("pattern") != new.get("pattern") and new.get("pattern") is not None:
            self._add("breaking", where, f"{NARROWED} pattern -> {new['pattern']!r}")

    def _event(self, old: Schema, new: Schema, where: str) -> None:
        """Event payloads are read by partners: only additions are safe."""
        old_props, new_props = self._properties(old, self.base), self._properties(new, self.head)
        for name in sorted(old_props.keys() - new_props.keys()):
            self._add("breaking", f"{where}/{name}", "removed or renamed event field")
        for name in sorted(new_props.keys() - old_props.keys()):
            self._add("additive", f"{where}/{name}", "new event field")
        for name in sorted(set(old.get("required") or []) - set(new.get("required") or [])):
            if name in new_props:
                self._add("breaking", f"{where}/{name}", "event field no longer always sent")
        old_enum, new_enum = old.get("enum"), new.get("enum")
        if isinstance(old_enum, list) and isinstance(new_enum, list):
            for value in [v for v in old_enum if v not in new_enum]:
                self._add("breaking", where, f"removed enum value {value!r}")
            for value in [v for v in new_enum if v not in old_enum]:
                self._add("additive", where, f"new enum value {value!r}")
        if (old_const := old.get("const")) != new.get("const") and old_const is not None:
            self._add("breaking", where, f"changed constant {old_const!r} -> {new.get('const')!r}")
        old_types, new_types = _types(old), _types(new)
        if old_types and new_types and old_types != new_types:
            self._add("breaking", where, f"changed type {sorted(old_types)} -> {sorted(new_types)}")


def _operations(document: Mapping[str, Any], section: str) -> Iterator[tuple[str, str, Any]]:
    for path, item in (document.get(section) or {}).items():
        for method in HTTP_METHODS:
            if isinstance(item, Mapping) and isinstance(item.get(method), Mapping):
                yield str(path), method, item[method]


def _json_schema(resolve: _Resolver, body: Any) -> Any:
    body = resolve(body)
    if not isinstance(body, Mapping):
        return None
    for media, content in (body.get("content") or {}).items():
        if "json" in media and isinstance(content, Mapping):
            return content.get("schema")
    return None


def _parameters(
    resolve: _Resolver, document: Mapping[str, Any], path: str, operation: Mapping[str, Any]
) -> dict[tuple[Any, Any], Mapping[str, Any]]:
    """An operation's parameters by (in, name): its path item's, then its own (which win)."""
    item = resolve((document.get("paths") or {}).get(path))
    shared = item.get("parameters") if isinstance(item, Mapping) else None
    found: dict[tuple[Any, Any], Mapping[str, Any]] = {}
    for parameter in map(resolve, [*(shared or []), *(operation.get("parameters") or [])]):
        if isinstance(parameter, Mapping):
            found[parameter.get("in"), parameter.get("name")] = parameter
    return found


def request_limit_changes(base: Mapping[str, Any], head: Mapping[str, Any]) -> list[Change]:
    """Narrowed or widened limits of every operation's request body and parameters (its own
    and its path item's)."""
    changes: list[Change] = []
    walk = _Walk(_Resolver(base), _Resolver(head), "request", changes)
    head_ops = {(path, method): op for path, method, op in _operations(head, "paths")}
    for path, method, old_op in _operations(base, "paths"):
        new_op = head_ops.get((path, method))
        if new_op is None:
            continue  # a removed operation is Optic's finding
        name = f"{method.upper()} {path}"
        walk.compare(
            _json_schema(walk.base, old_op.get("requestBody")),
            _json_schema(walk.head, new_op.get("requestBody")),
            f"{name} request body ",
        )
        new_params = _parameters(walk.head, head, path, new_op)
        for key, old_param in _parameters(walk.base, base, path, old_op).items():
            if key in new_params:
                walk.compare(
                    old_param.get("schema"),
                    new_params[key].get("schema"),
                    f"{name} {key[0]} parameter {key[1]}",
                )
    return changes


def webhook_changes(base: Mapping[str, Any], head: Mapping[str, Any]) -> list[Change]:
    """Event types, their payloads and their acknowledgement statuses (`webhooks:`)."""
    changes: list[Change] = []
    walk = _Walk(_Resolver(base), _Resolver(head), "event", changes)
    old_events = {(event, method): op for event, method, op in _operations(base, "webhooks")}
    new_events = {(event, method): op for event, method, op in _operations(head, "webhooks")}
    for event, _method in sorted(old_events.keys() - new_events.keys()):
        changes.append(Change("breaking", f"webhook {event}", "removed event type"))
    for event, _method in sorted(new_events.keys() - old_events.keys()):
        changes.append(Change("additive", f"webhook {event}", "new event type"))
    for key in sorted(old_events.keys() & new_events.keys()):
        old_op, new_op = old_events[key], new_events[key]
        walk.compare(
            _json_schema(walk.base, old_op.get("requestBody")),
            _json_schema(walk.head, new_op.get("requestBody")),
            f"webhook {key[0]}: payload ",
        )
        old_statuses = set(old_op.get("responses") or {})
        new_statuses = set(new_op.get("responses") or {})
        for status in sorted(old_statuses - new_statuses):
            changes.append(
                Change("breaking", f"webhook {key[0]}: response {status}", "changed status code")
            )
    return changes


# -- Optic, for everything under paths: ----------------------------------------------------------


def _optic_command() -> list[str]:
    """Optic from tools/contract-diff/ (installed once with `npm ci` into a cache folder)."""
    npm = shutil.which("npm")
    if npm is None:
        raise GateError(
            "the contract diff needs Node.js (npm) on PATH for Optic; `--no-tool` runs only our "
            "own rules"
        )
    lock = (TOOL_DIR / "package-lock.json").read_bytes()
    cache = Path(os.environ.get("QOLO_CONTRACT_DIFF_CACHE", Path.home() / ".cache" / "qolo-client"))
    target = cache / f"contract-diff-{hashlib.sha256(lock).hexdigest()[:12]}"
    optic = target / "node_modules" / ".bin" / "optic"
    if not optic.exists() or (target / "package-lock.json").read_bytes() != lock:
        target.mkdir(parents=True, exist_ok=True)
        for name in ("package.json", "package-lock.json"):
            shutil.copyfile(TOOL_DIR / name, target / name)
        result = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts"],
            cwd=target,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise GateError(f"`npm ci` of Optic failed:\n{result.stdout}{result.stderr}")
    return [str(optic)]


OPERATION_LINE = re.compile(r"^x (?P<operation>[A-Z]+ \S+):")
LOCATION_LINE = re.compile(r"^\s*- (?P<location>[^:]+):")
CHECK_LINE = re.compile(
    r"^\s*x \[(?P<rule>[^\]]+)\] (?P<message>.+?)(?: This is a breaking change\.)?$"
)


def parse_optic(output: str) -> list[Change]:
    """Optic's failed checks, each named by its operation and location."""
    changes: list[Change] = []
    operation, locations = "", [""]
    for raw in ANSI.sub("", output).splitlines():
        if match := OPERATION_LINE.match(raw):
            operation, locations = match["operation"], [""]
        elif match := LOCATION_LINE.match(raw):
            indent = (len(raw) - len(raw.lstrip())) // 2
            locations = [*locations[:indent], match["location"].strip()]
        elif match := CHECK_LINE.match(raw):
            where = " ".join(part for part in (operation, *locations) if part)
            what = f"{match['message']} ({match['rule']})"
            kind: Kind = "breaking"
            if ADDED_ENUM_OPTION in match["message"] and _in_response(locations):
                # Optic's enum rule treats responses as closed; the platform's rule does not:
                # clients must tolerate new enum values in responses.
                kind, what = "additive", f"new enum value in a response ({what})"
            changes.append(Change(kind, where, what, "optic"))
    return changes


ADDED_ENUM_OPTION = "cannot add enum option"


def _in_response(locations: list[str]) -> bool:
    return any(location.startswith("response ") for location in locations)


def optic_changes(base_path: Path, head_path: Path) -> tuple[list[Change], str]:
    """Run Optic's breaking-changes ruleset on the two contracts; its findings and summary."""
    command = [
        *_optic_command(),
        "diff",
        str(base_path),
        str(head_path),
        "--check",
        "--standard",
        str(TOOL_DIR / "optic.dev.yml"),
    ]
    env = {**os.environ, "NO_COLOR": "1", "FORCE_COLOR": "0", "OPTIC_TELEMETRY_LEVEL": "off"}
    with tempfile.TemporaryDirectory(prefix="qolo-optic-") as tmp:
        # Optic looks for a git repository and an optic.dev.yml around the files: give it none.
        result = subprocess.run(
            command, cwd=tmp, capture_output=True, text=True, check=False, env=env, timeout=600
        )
    output = ANSI.sub("", result.stdout + result.stderr)
    findings = parse_optic(output)
    if result.returncode not in (0, 1) or (result.returncode == 1 and not findings):
        raise GateError(f"Optic failed (exit {result.returncode}):\n{output}")
    summary = [line for line in output.splitlines()[:4] if line.strip()]
    return findings, " / ".join(summary)


# -- the policy ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Correction:
    """A narrowing toward a published limit, allowed within the API version that has it."""

    version: str
    element: str
    change: str
    page: str
    published: str


def load_corrections(path: Path) -> list[Correction]:
    """`contract/corrections.yaml`'s entries; a missing file lists none, a malformed one fails."""
    if not path.exists():
        return []
    document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    entries = document.get("corrections") if isinstance(document, Mapping) else None
    if not isinstance(entries, list):
        raise GateError(f"{path} has no `corrections:` list")
    found = []
    for number, entry in enumerate(entries, 1):
        fields = Correction.__slots__
        if not isinstance(entry, Mapping) or set(entry) != set(fields):
            raise GateError(f"{path}: correction {number} needs exactly {', '.join(fields)}")
        values = {key: str(entry[key]).strip() for key in fields}
        if not all(values.values()):
            raise GateError(f"{path}: correction {number} has an empty field")
        if not REFERENCE_PAGE.match(values["page"]):
            raise GateError(
                f"{path}: correction {number}'s page {values['page']} is not a page of the "
                "platform's API reference: only a published limit corrects the contract"
            )
        if not values["change"].startswith(NARROWED):
            raise GateError(
                f"{path}: correction {number} is a {values['change']!r}: only a narrowed limit "
                f"(`{NARROWED} ...`) can be a correction toward a published one"
            )
        parse_version(values["version"])
        found.append(Correction(**values))
    return found


def apply_corrections(
    verdict: Verdict, head_version: str, corrections: Sequence[Correction]
) -> None:
    """Reclassify the breaking changes this version's corrections name; fail on unused entries."""
    current = [c for c in corrections if c.version == head_version]
    used: set[Correction] = set()
    for index, change in enumerate(verdict.changes):
        if change.kind != "breaking" or change.source != "rules":
            continue  # our rules judge limits; Optic's findings are never corrections
        for correction in current:
            if (change.element, change.what) == (correction.element, correction.change):
                verdict.changes[index] = Change(
                    "correction", change.element, change.what, change.source
                )
                used.add(correction)
                verdict.notes.append(
                    f"correction allowed: {change.element}: {change.what}, as published on "
                    f"{correction.page} ({correction.published!r})"
                )
    for correction in current:
        if correction not in used:
            verdict.problems.append(
                f"contract/corrections.yaml lists a {head_version} correction the gate did not "
                f"find: {correction.element}: {correction.change}"
            )


def changelog_problems(version: str, changelog: str, description: str) -> list[str]:
    problems = []
    mentions = re.compile(rf"(?im)^.*\bcontract\b.*(?<![\d.]){re.escape(version)}(?![\d.])")
    mentions_after = re.compile(rf"(?im)^.*(?<![\d.]){re.escape(version)}(?![\d.]).*\bcontract\b")
    if not (mentions.search(changelog) or mentions_after.search(changelog)):
        problems.append(
            f"CHANGELOG.md has no line naming the contract and its version {version} (e.g. "
            f"`**The contract** (`openapi.yaml` {version})` in the release's entry): every "
            "contract change is written up for partners"
        )
    if not re.search(rf"(?m)^\s*- {re.escape(version)}:", description):
        problems.append(
            f"openapi.yaml's own changelog (info.description) has no line `- {version}: ...`"
        )
    return problems


def judge(
    base_path: Path,
    head_path: Path,
    changelog: str,
    *,
    use_tool: bool = True,
    corrections: Sequence[Correction] = (),
) -> Verdict:
    """Classify every change from base to head and apply the platform's versioning rule."""
    verdict = Verdict()
    base, head = load(base_path), load(head_path)
    if base == head:
        verdict.notes.append(f"no contract change since {base_path.name}")
        return verdict
    base_version = str(base.get("info", {}).get("version", ""))
    head_version = str(head.get("info", {}).get("version", ""))
    if parse_version(head_version) <= parse_version(base_version):
        verdict.problems.append(
            f"the contract changed since {base_version} ({base_path.name}) but info.version is "
            f"{head_version}: a contract change needs a new version (minor for additive changes, "
            "major for breaking ones)"
        )
    verdict.problems += changelog_problems(
        head_version, changelog, str(head.get("info", {}).get("description", ""))
    )
    if use_tool:
        found, summary = optic_changes(base_path, head_path)
        verdict.changes += found
        verdict.notes.append(f"Optic: {summary}")
    else:
        verdict.notes.append("Optic skipped (--no-tool): paths judged only for limits")
    verdict.changes += request_limit_changes(base, head)
    verdict.changes += webhook_changes(base, head)
    apply_corrections(verdict, head_version, corrections)
    breaking = verdict.breaking
    new_major = parse_version(head_version)[0] > parse_version(base_version)[0]
    new_api = max(_api_versions(head), default=0) > max(_api_versions(base), default=0)
    in_place = _changed_in_place(breaking, head) if new_api else []
    if breaking and new_major and new_api and in_place:
        verdict.problems.append(
            f"{len(in_place)} breaking change(s) to operations kept under an older /api/vN/: "
            f"{head_version}'s new /api/v{max(_api_versions(head))}/ may remove older operations, "
            "not change the ones it keeps (see the list above)"
        )
    elif breaking and new_major and new_api:
        verdict.notes.append(
            f"{len(breaking)} breaking change(s) allowed: {head_version} is a new major version "
            f"with paths under /api/v{max(_api_versions(head))}/"
        )
    elif breaking:
        verdict.problems.append(
            f"{len(breaking)} breaking change(s) within {base_version}'s API: additive changes "
            "only, or a new major info.version with the changed operations under a new "
            "/api/vN/ (see the list above)"
        )
    return verdict


_OPERATION = re.compile(r"^(?P<method>[A-Z]+) (?P<path>/api/v(?P<api>\d+)/\S*)")


def _changed_in_place(breaking: Sequence[Change], head: Mapping[str, Any]) -> list[Change]:
    """Breaking changes to operations that head keeps under an API version older than its
    newest: a new /api/vN/ allows removing them, not changing them."""
    newest = max(_api_versions(head), default=0)
    kept = {f"{method.upper()} {path}" for path, method, _ in _operations(head, "paths")}
    return [
        change
        for change in breaking
        if (match := _OPERATION.match(change.element))
        and int(match["api"]) < newest
        and f"{match['method']} {match['path']}" in kept
    ]


def report(verdict: Verdict, out: Any = None) -> None:
    """Print the changes, notes and problems, then the verdict, to `out` (default: the
    `sys.stdout` of the moment, so that a capture set up after import sees it)."""
    out = sys.stdout if out is None else out
    for change in sorted(verdict.changes, key=lambda c: (c.kind, c.element)):
        print(change, file=out)
    for note in verdict.notes:
        print(f"note: {note}", file=out)
    for problem in verdict.problems:
        print(f"FAIL: {problem}", file=out)
    if verdict.ok:
        print("breaking-change gate: passed", file=out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--base", type=Path, help="default: the newest contract/released/")
    parser.add_argument("--head", type=Path, default=ROOT / "openapi.yaml")
    parser.add_argument("--changelog", type=Path, default=ROOT / "CHANGELOG.md")
    parser.add_argument("--no-tool", action="store_true", help="our own rules only, no Optic")
    parser.add_argument(
        "--corrections", type=Path, default=ROOT / CORRECTIONS, help="default: %(default)s"
    )
    args = parser.parse_args(argv)
    try:
        base = (args.base or last_released()).resolve()  # Optic runs in another folder
        print(f"comparing {args.head} against the released {base}", flush=True)
        verdict = judge(
            base,
            args.head.resolve(),
            args.changelog.read_text(encoding="utf-8"),
            use_tool=not args.no_tool,
            corrections=load_corrections(args.corrections),
        )
    except GateError as error:
        print(f"breaking-change gate: {error}", file=sys.stderr)
        return 2
    report(verdict)
    return 0 if verdict.ok else 1


if __name__ == "__main__":
    sys.exit(main())
