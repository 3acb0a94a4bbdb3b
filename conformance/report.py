"""Numbers for the summary, read back from the reports both tools wrote.

Reading the files (not the console) keeps the summary honest: it states what the JUnit and
NDJSON reports say, which is what CI archives.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["StResult", "SuiteResult", "read_schemathesis", "read_suite"]


@dataclass(slots=True)
class StResult:
    """What schemathesis did: operations, cases, checks, failures (named), exit code."""

    exit_code: int
    elapsed: float
    operations: int = 0
    cases: int = 0
    checks: int = 0
    failures: int = 0
    failure_lines: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.exit_code == 0


@dataclass(slots=True)
class SuiteResult:
    """What the targeted pytest suite did."""

    exit_code: int
    elapsed: float
    tests: int = 0
    passed: int = 0
    failed: int = 0
    skipped: int = 0
    failure_lines: list[str] = field(default_factory=list)
    skipped_lines: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.exit_code == 0


def read_schemathesis(reports: Path, exit_code: int, elapsed: float) -> StResult:
    result = StResult(exit_code=exit_code, elapsed=elapsed)
    labels: set[str] = set()
    events = reports / "schemathesis-events.ndjson"
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
                result.cases += len(recorder.get("cases") or {})
                for checks in (recorder.get("checks") or {}).values():
                    result.checks += len(checks)
    result.operations = len(labels)
    junit = reports / "schemathesis-junit.xml"
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


def _headline(text: str) -> str:
    """The failure codes and titles schemathesis put in a JUnit failure (`- ST101 Server error`)."""
    titles = [line.strip()[2:] for line in text.splitlines() if line.strip().startswith("- ")]
    unique = list(dict.fromkeys(titles))
    return "; ".join(unique) if unique else (text.strip().splitlines() or ["?"])[0]


def read_suite(junit: Path, exit_code: int, elapsed: float) -> SuiteResult:
    result = SuiteResult(exit_code=exit_code, elapsed=elapsed)
    if not junit.exists():
        result.failure_lines.append(f"the targeted suite wrote no report (pytest exit {exit_code})")
        return result
    for case in ET.parse(junit).getroot().iter("testcase"):  # noqa: S314
        result.tests += 1
        name = f"{case.get('classname', '')}::{case.get('name', '')}".split(".")[-1]
        failure = case.find("failure")
        if failure is None:
            failure = case.find("error")
        skipped = case.find("skipped")
        if failure is not None:
            result.failed += 1
            message = (failure.get("message") or "").splitlines()
            result.failure_lines.append(f"suite {name}: {message[0] if message else 'failed'}")
        elif skipped is not None:
            result.skipped += 1
            result.skipped_lines.append(f"suite {name}: {skipped.get('message', '')}")
        else:
            result.passed += 1
    if exit_code != 0 and not result.failure_lines:
        result.failure_lines.append(f"the targeted suite exited {exit_code}")
    return result
