"""The conformance summary counts what pytest and schemathesis count.

A suite with a failure that also errors in teardown was summarised as "ran 71 tests, 52
failed" where pytest said "26 failed, 14 passed, 5 skipped, 26 errors" of 45 tests: the JUnit
report has one entry per failure *and* per error. These tests run a small real suite through
pytest with the runner's counting plugin and compare the summary with pytest's own line.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from conformance.pytest_counts import COUNTS_ENV
from conformance.report import FILTERED_LOG, read_schemathesis, read_suite

ROOT = Path(__file__).resolve().parents[2]

# One of each outcome pytest tells apart, and a failure that also errors in teardown.
SUITE = """
import pytest

@pytest.fixture
def breaks_in_teardown():
    yield
    raise RuntimeError("teardown broke")

@pytest.fixture
def breaks_in_setup():
    raise RuntimeError("setup broke")

def test_passes():
    pass

def test_fails():
    assert False, "plain failure"

def test_fails_then_errors(breaks_in_teardown):
    assert False, "failure before a teardown error"

def test_passes_then_errors(breaks_in_teardown):
    pass

def test_setup_errors(breaks_in_setup):
    pass

@pytest.mark.skip(reason="needs the sandbox's clock control")
def test_skipped():
    pass
"""


def _pytest_line(output: str) -> dict[str, int]:
    """pytest's final summary line as {outcome: count} (`errors` spelt `error`)."""
    line = [text for text in output.splitlines() if re.search(r"\d+ (passed|failed)", text)][-1]
    found = {word: int(n) for n, word in re.findall(r"(\d+) (\w+)", line)}
    if "errors" in found:
        found["error"] = found.pop("errors")
    found.pop("in", None)
    return found


def test_suite_counts_are_pytests(tmp_path: Path) -> None:
    """Failed, passed, skipped and errors as pytest's summary line says them, of 6 tests."""
    (tmp_path / "test_sample.py").write_text(SUITE, "utf-8")
    junit, counts = tmp_path / "junit.xml", tmp_path / "counts.json"
    env = {**os.environ, COUNTS_ENV: str(counts), "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            str(tmp_path),
            "-p",
            "no:cacheprovider",
            "-p",
            "conformance.pytest_counts",
            f"--junitxml={junit}",
            "--rootdir",
            str(tmp_path),
            "-c",
            os.devnull,
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    said = _pytest_line(result.stdout)
    assert said == {"failed": 2, "passed": 2, "skipped": 1, "error": 3}, result.stdout[-2000:]

    suite = read_suite(junit, counts, result.returncode, 1.0)

    assert suite.tests == 6
    assert said == {
        "failed": suite.failed,
        "passed": suite.passed,
        "skipped": suite.skipped,
        "error": suite.errors,
    }
    assert suite.counts() == "2 failed, 2 passed, 1 skipped, 3 errors"
    assert "suite test_sample::test_skipped: needs the sandbox's clock control" in (
        suite.skipped_lines
    )
    assert len(suite.failure_lines) == 5, suite.failure_lines  # 2 failures, 3 errors, each named


def test_schemathesis_skips_and_filtered_failures_are_counted(tmp_path: Path) -> None:
    """Skipped scenarios by phase and reason, skipped and errored cases, filtered failures."""

    def finished(label: str, phase: str, status: str, reason: str | None) -> str:
        recorder: dict[str, Any] = {"label": label, "cases": {}, "checks": {}, "interactions": {}}
        event = {"phase": phase, "status": status, "skip_reason": reason, "recorder": recorder}
        return json.dumps({"ScenarioFinished": event})

    answered = {"request": {}, "response": {"status_code": 405}}
    tested = {
        "label": "POST /c",
        "cases": {"1": {}, "2": {}, "3": {}, "4": {}},
        "checks": {"1": [{"status": "success"}], "3": [{"status": "error"}]},
        "interactions": {"1": answered, "2": answered, "4": {"request": {}, "response": None}},
    }
    events = [
        finished("GET /a", "examples", "skip", "No examples in schema"),
        finished("GET /b", "examples", "skip", "No examples in schema"),
        finished("POST /c", "coverage", "skip", "No scenarios"),
        finished("Stateful tests", "stateful", "skip", None),  # a scenario that made no call
        json.dumps(
            {"ScenarioFinished": {"phase": "fuzzing", "status": "success", "recorder": tested}}
        ),
    ]
    (tmp_path / "schemathesis-events.ndjson").write_text("\n".join(events) + "\n", "utf-8")
    dropped = ["a business-rule 400 (card_not_replaceable)"] * 2 + ["a 401 to a fuzzed x"]
    (tmp_path / FILTERED_LOG).write_text("\n".join(dropped) + "\n", "utf-8")

    st = read_schemathesis(tmp_path, 0, 1.0)

    assert (st.cases, st.cases_skipped, st.cases_errored) == (4, 1, 2)  # "2" skipped; "3", "4"
    assert st.skipped_scenarios == 4
    assert st.skipped == [
        "schemathesis, 1 × coverage phase: No scenarios (POST /c)",
        "schemathesis, 2 × examples phase: No examples in schema (GET /a, GET /b)",
        "schemathesis, 1 × stateful phase: a scenario that made no call (its state machine "
        "drew no step it could run) (Stateful tests)",
    ]
    assert st.filtered == 3
    assert st.filtered_why == {
        "a business-rule 400 (card_not_replaceable)": 2,
        "a 401 to a fuzzed x": 1,
    }
