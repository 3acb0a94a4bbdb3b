"""Numbers for the summary, read back from the reports both tools wrote.

Reading the files (not the console) keeps the summary honest: it states what the JUnit and
NDJSON reports say, which is what CI archives.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

__all__ = [
    "FILTERED_LOG",
    "KIT_FILES",
    "ST_EVENTS",
    "ST_HTML",
    "ST_JUNIT",
    "SUITE_COUNTS",
    "SUITE_JUNIT",
    "SUITE_OUTPUT",
    "SUMMARY",
    "StResult",
    "SuiteResult",
    "clear_kit_files",
    "read_schemathesis",
    "read_suite",
    "redact",
    "redact_text",
    "secret_values",
]

# What the kit writes in its reports folder, and nothing else there is its own.
SUMMARY = "summary.md"
ST_JUNIT = "schemathesis-junit.xml"
ST_EVENTS = "schemathesis-events.ndjson"
ST_HTML = "schemathesis-html"  # a folder: schemathesis writes its index.html there
SUITE_JUNIT = "suite-junit.xml"
SUITE_COUNTS = "suite-counts.json"
# The suite's output when it runs beside schemathesis (printed after schemathesis's).
SUITE_OUTPUT = "suite-output.txt"
# The file (in the reports folder) where our filter_failure hook notes each failure it drops.
FILTERED_LOG = "schemathesis-filtered.txt"
KIT_FILES = (SUMMARY, ST_JUNIT, ST_EVENTS, SUITE_JUNIT, SUITE_COUNTS, SUITE_OUTPUT, FILTERED_LOG)
# The schemathesis config a profile with stateful steps writes (`conformance.profiles`).
_KIT_CONFIG = re.compile(r"schemathesis-max-steps-[0-9]+\.toml")
# A skip reason names at most this many operations.
_MAX_NAMED = 4
# A secret value shorter than this is redacted by its field's name only (`secret_values`).
_MIN_REDACTED = 3
# What `redact` writes for a secret, escaped for the XML text it lands in.
_REDACTED = "&lt;redacted&gt;"
# A violation carried into a failure line is cut to this many characters.
_MAX_LINE = 240


@dataclass(slots=True)
class StResult:
    """What schemathesis did: operations, cases, checks, failures (named), exit code.

    `skipped` lists what was not tested, each with its reason: the scenarios schemathesis
    skipped (an operation in a phase), and what the runner left out. `filtered` counts the
    failures our `filter_failure` hook dropped (`conformance.hooks`).
    """

    exit_code: int
    elapsed: float
    operations: int = 0
    cases: int = 0
    checks: int = 0
    failures: int = 0
    cases_skipped: int = 0
    cases_errored: int = 0
    skipped_scenarios: int = 0
    filtered: int = 0
    failure_lines: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    filtered_why: dict[str, int] = field(default_factory=dict)
    # Against a deployment: the subscriptions the run created, to delete after it.
    created_subscriptions: list[str] = field(default_factory=list)
    # The operations most of whose answers were 429: their logic went untested.
    throttled: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.exit_code == 0


@dataclass(slots=True)
class SuiteResult:
    """What the targeted pytest suite did, counted as pytest counts (`conformance.pytest_counts`).

    `tests` is what pytest collected; `errors` are setup and teardown errors (a test that failed
    and then errored in teardown counts in both, as in pytest's summary line).
    """

    exit_code: int
    elapsed: float
    tests: int = 0
    passed: int = 0
    failed: int = 0
    skipped: int = 0
    errors: int = 0
    failure_lines: list[str] = field(default_factory=list)
    skipped_lines: list[str] = field(default_factory=list)

    def counts(self) -> str:
        """pytest's summary line: `26 failed, 14 passed, 5 skipped, 26 errors`."""
        parts = [
            f"{self.failed} failed" if self.failed else "",
            f"{self.passed} passed" if self.passed else "",
            f"{self.skipped} skipped" if self.skipped else "",
            f"{self.errors} error{'s' if self.errors != 1 else ''}" if self.errors else "",
        ]
        return ", ".join(p for p in parts if p) or "no tests ran"

    @property
    def ok(self) -> bool:
        return self.exit_code == 0


def clear_kit_files(folder: Path) -> None:
    """Delete what an earlier run of the kit wrote in `folder`, and nothing else.

    The folder may be shared (`--report-dir .` is a checkout): files the kit does not write, and
    a `schemathesis-html` folder holding anything but schemathesis's page, stay.
    """
    stale = [folder / name for name in KIT_FILES]
    stale += [
        p for p in folder.glob("schemathesis-max-steps-*.toml") if _KIT_CONFIG.fullmatch(p.name)
    ]
    stale.append(folder / ST_HTML / "index.html")
    for path in stale:
        if path.is_file() or path.is_symlink():
            path.unlink()
    with contextlib.suppress(OSError):  # missing, or not empty: not only ours
        (folder / ST_HTML).rmdir()


def secret_values(events: Path, fields: frozenset[str]) -> set[str]:
    """Every value of a secret field in the deployment's answers schemathesis recorded (NDJSON,
    base64 bodies): a PAN, a CVV (3 digits), a PIN (4 to 6), as strings or numbers.

    A violation quotes a value without its field's name (`731 is not of type "string"`), so
    `redact` replaces these wherever they stand. What the kit sent is left out: the fuzzer's
    made-up "secrets" (`notification_guid` as a webhook secret) would only garble the report,
    and the one real secret it sends, the API key, the runner passes to `redact` itself.
    """
    found: set[str] = set()
    if events.exists():
        with events.open(encoding="utf-8") as handle:
            for line in handle:
                _collect(json.loads(line), fields, found, answered=False)
    return found


def _collect(node: Any, fields: frozenset[str], found: set[str], *, answered: bool) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            inside = answered or key == "response"
            if isinstance(value, str | int | float) and not isinstance(value, bool):
                text = str(value)
                if inside and str(key).lower() in fields and len(text) >= _MIN_REDACTED:
                    found.add(text)
                elif inside and key in ("body", "content", "$base64") and isinstance(value, str):
                    _collect(_decoded(value), fields, found, answered=True)
            else:
                _collect(value, fields, found, answered=inside)
    elif isinstance(node, list):
        for value in node:
            _collect(value, fields, found, answered=answered)


def _decoded(value: str) -> Any:
    """A recorded body: base64 of JSON (schemathesis writes `{"$base64": ...}`), or None."""
    try:
        return json.loads(base64.b64decode(value, validate=True))
    except (binascii.Error, ValueError):
        return None


def redact(path: Path, fields: frozenset[str], values: Collection[str] = ()) -> None:
    """Rewrite a JUnit report with every secret field's value, and every known secret,
    `<redacted>` (written `&lt;redacted&gt;`, so the XML stays well-formed).

    A JUnit failure quotes the response body and the request's curl: the fields are found by
    name (`"card_number": "..."`), the values (`secret_values`) wherever they appear, say a
    violation that quotes one.
    """
    if path.exists():
        path.write_text(redact_text(path.read_text("utf-8"), fields, values, xml=True), "utf-8")


def redact_text(
    text: str, fields: frozenset[str], values: Collection[str] = (), *, xml: bool = False
) -> str:
    """`text` with every secret field's value and every known secret value `<redacted>`.

    `xml`: the text is XML, where a value may be written escaped (`&` as `&amp;`) and the
    placeholder must be (`&lt;redacted&gt;`). A value is replaced only as a whole token, so a
    3-digit CVV does not eat the digits of a longer number.
    """
    placeholder = _REDACTED if xml else "<redacted>"
    names = "|".join(re.escape(name) for name in sorted(fields))
    # JSON (`"cvx2": "731"`) and Python's repr of it, which pytest's failures print
    # (`{'cvx2': '731'}`): the value keeps its quotes' kind.
    pattern = re.compile(
        rf"""((["'])(?:{names})\2\s*:\s*)(?:"(?:[^"\\]|\\.)*"?|'(?:[^'\\]|\\.)*'?|-?[0-9]+)""",
        re.IGNORECASE,
    )
    text = pattern.sub(
        lambda match: f"{match.group(1)}{match.group(2)}{placeholder}{match.group(2)}", text
    )
    spellings = {
        form
        for value in values
        for form in ((value, escape(value, {'"': "&quot;"})) if xml else (value,))
    }
    for value in sorted(spellings, key=len, reverse=True):
        token = re.compile(rf"(?<![0-9A-Za-z]){re.escape(value)}(?![0-9A-Za-z])")
        text = token.sub(placeholder, text)
    return text


def read_schemathesis(
    reports: Path, exit_code: int, elapsed: float, events: Path | None = None
) -> StResult:
    """The numbers of a schemathesis run; `events` is its NDJSON when not in `reports`."""
    result = StResult(exit_code=exit_code, elapsed=elapsed)
    filtered = reports / FILTERED_LOG
    if filtered.exists():
        reasons = [line for line in filtered.read_text("utf-8").splitlines() if line]
        result.filtered = len(reasons)
        result.filtered_why = dict(Counter(reasons).most_common())
    labels: set[str] = set()
    skips: dict[str, list[str]] = {}
    answers: Counter[str] = Counter()
    throttled: Counter[str] = Counter()
    events = events or reports / ST_EVENTS
    if events.exists():
        with events.open(encoding="utf-8") as handle:
            for line in handle:
                event = json.loads(line)
                finished = event.get("ScenarioFinished")
                if not finished:
                    continue
                recorder = finished.get("recorder") or {}
                label = str(recorder.get("label") or "")
                if " /" in label:  # an operation, not the "Stateful tests" scenario group
                    labels.add(label)
                    for interaction in (recorder.get("interactions") or {}).values():
                        status = (interaction.get("response") or {}).get("status_code")
                        answers[label] += status is not None
                        throttled[label] += status == 429
                result.cases += len(recorder.get("cases") or {})
                for checks in (recorder.get("checks") or {}).values():
                    result.checks += len(checks)
                _count_cases(result, recorder)
                if finished.get("status") == "skip":
                    result.skipped_scenarios += 1
                    phase = finished.get("phase") or "?"
                    reason = str(finished.get("skip_reason") or _unnamed_skip(phase, recorder))
                    reason = reason.rstrip(".")
                    skips.setdefault(f"{phase} phase: {reason}", []).append(label)
    result.operations = len(labels)
    result.throttled = sorted(label for label in answers if throttled[label] * 2 > answers[label])
    for why, skipped in sorted(skips.items()):
        names = ", ".join(sorted(skipped)[:_MAX_NAMED])
        more = f" and {len(skipped) - _MAX_NAMED} more" if len(skipped) > _MAX_NAMED else ""
        result.skipped.append(f"schemathesis, {len(skipped)} × {why} ({names}{more})")
    junit = reports / ST_JUNIT
    if junit.exists():
        for case in ET.parse(junit).getroot().iter("testcase"):  # noqa: S314
            for failure in [*case.iter("failure"), *case.iter("error")]:
                result.failures += 1
                result.failure_lines.append(
                    f"schemathesis {case.get('name')}: {_headline(failure.text or '')}"
                )
    if exit_code != 0 and not result.failure_lines:
        result.failure_lines.append(
            f"schemathesis exited {exit_code} without failures in its report "
            "(a configuration, schema, authentication or warning error: see its output above)"
        )
    return result


def _unnamed_skip(phase: str, recorder: dict[str, Any]) -> str:
    """Why schemathesis skipped a scenario without saying: a stateful scenario ends "skip" when
    it made no call (its state machine drew no step it could run), nothing else of it failed."""
    if phase == "stateful" and not recorder.get("cases"):
        return "a scenario that made no call (its state machine drew no step it could run)"
    return "no reason given"


def _count_cases(result: StResult, recorder: dict[str, Any]) -> None:
    """schemathesis's "skipped" and "errored" test cases, counted as its summary counts them.

    Skipped: sent and answered, but no check applied. Errored: a check errored, or no answer.
    """
    checks_of = recorder.get("checks") or {}
    interactions = recorder.get("interactions") or {}
    for case_id in recorder.get("cases") or {}:
        checks = checks_of.get(case_id) or []
        if any(check.get("status") == "error" for check in checks):
            result.cases_errored += 1
        elif not checks:
            answered = (interactions.get(case_id) or {}).get("response") is not None
            if answered:
                result.cases_skipped += 1
            else:
                result.cases_errored += 1


def _headline(text: str) -> str:
    """Each failure code and title in a JUnit failure, with the first line of its violation.

    schemathesis writes `- ST901 Custom check failed: ...` and, indented below it, the message
    that says what is wrong (the field, the rule): the title alone names only the check.
    """
    lines = text.splitlines()
    found: dict[str, str] = {}
    for index, line in enumerate(lines):
        if not line.strip().startswith("- "):
            continue
        title = line.strip()[2:]
        rest = [n for n in lines[index + 1 :] if n.strip()]
        following = rest[0] if rest else ""
        violation = following.strip() if following[:1].isspace() else ""
        if violation.startswith(("- ", "[")):  # the next failure, or the response's status
            violation = ""
        elif violation.endswith(":") and len(rest) > 1 and rest[1][:1].isspace():
            violation += " " + rest[1].strip()  # "... disagrees with the reference's sample:"
        found.setdefault(title, _clipped(violation))
    headlines = [f"{title}: {why}" if why else title for title, why in found.items()]
    return "; ".join(headlines) if headlines else (text.strip().splitlines() or ["?"])[0]


def _clipped(line: str) -> str:
    return line if len(line) <= _MAX_LINE else line[: _MAX_LINE - 3] + "..."


def read_suite(junit: Path, counts: Path, exit_code: int, elapsed: float) -> SuiteResult:
    """pytest's counts (`counts`, from `conformance.pytest_counts`); names from the JUnit report."""
    result = SuiteResult(exit_code=exit_code, elapsed=elapsed)
    if counts.exists():
        numbers = json.loads(counts.read_text("utf-8"))
        result.tests = int(numbers.get("collected", 0))
        result.passed = int(numbers.get("passed", 0)) + int(numbers.get("xpassed", 0))
        result.failed = int(numbers.get("failed", 0))
        result.skipped = int(numbers.get("skipped", 0)) + int(numbers.get("xfailed", 0))
        result.errors = int(numbers.get("error", 0))
    if not junit.exists():
        result.failure_lines.append(f"the targeted suite wrote no report (pytest exit {exit_code})")
        return result
    for case in ET.parse(junit).getroot().iter("testcase"):  # noqa: S314
        name = f"{case.get('classname', '')}::{case.get('name', '')}".split(".")[-1]
        for failure in case.findall("failure"):
            result.failure_lines.append(f"suite {name}: {_first_line(failure, 'failed')}")
        for error in case.findall("error"):
            result.failure_lines.append(f"suite {name}: error: {_first_line(error, 'error')}")
        for skipped in case.findall("skipped"):
            result.skipped_lines.append(f"suite {name}: {skipped.get('message', '')}")
    if exit_code != 0 and not result.failure_lines:
        result.failure_lines.append(f"the targeted suite exited {exit_code}")
    return result


def _first_line(element: ET.Element, default: str) -> str:
    """The message's first line, and while it only introduces (ends with `:`), the next one.

    A teardown's `failed on teardown with "AssertionError: responses that contradict
    openapi.yaml:` says what is wrong only on the line after it.
    """
    lines = [line.strip() for line in (element.get("message") or "").splitlines() if line.strip()]
    if not lines:
        return default
    taken = [lines[0]]
    for line in lines[1:]:
        if not taken[-1].endswith(":"):
            break
        taken.append(line)
    return _clipped(" ".join(taken))
