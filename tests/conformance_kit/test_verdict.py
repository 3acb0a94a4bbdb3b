"""The verdict: either part failing fails the run, and the summary names what failed or was skipped.

The mutant runs (`test_mutants.py`) prove it end to end, one part at a time (`--only`); these
prove `conformance.summary` and `conformance.report` themselves, on made-up results, in
milliseconds: a run with both parts, a part that failed with nothing in its report, an
errored JUnit entry, a secret field whose name is spelt in capitals.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conformance.names import secret_field_names
from conformance.report import (
    StResult,
    SuiteResult,
    read_schemathesis,
    read_suite,
    redact_text,
    secret_values,
)
from conformance.summary import Run, report_run

RUN = Run(
    where="a fresh embedded sandbox",
    sandbox=True,
    secrets="strict",
    profile="quick",
    max_examples=10,
    seed=1,
    phases="examples,fuzzing,stateful",
    elapsed=3.0,
)


def _st(code: int, **more: object) -> StResult:
    return StResult(exit_code=code, elapsed=1.0, operations=3, cases=9, checks=20, **more)  # type: ignore[arg-type]


def _suite(code: int, **more: object) -> SuiteResult:
    return SuiteResult(exit_code=code, elapsed=1.0, tests=4, **more)  # type: ignore[arg-type]


def _verdict(tmp_path: Path, st: StResult | None, suite: SuiteResult | None) -> tuple[int, str]:
    code = report_run(tmp_path, RUN, st, suite, extra_notes=[])
    return code, (tmp_path / "summary.md").read_text("utf-8")


@pytest.mark.parametrize(
    ("st_code", "suite_code", "expected"),
    [(0, 0, 0), (1, 0, 1), (0, 1, 1), (1, 1, 1)],
    ids=["both-pass", "schemathesis-fails", "suite-fails", "both-fail"],
)
def test_either_part_failing_fails_the_run(
    st_code: int, suite_code: int, expected: int, tmp_path: Path
) -> None:
    """Exit 1 and FAILED when either part failed, exit 0 and PASSED only when both passed."""
    code, summary = _verdict(tmp_path, _st(st_code), _suite(suite_code, passed=4))
    assert code == expected
    assert ("FAILED in" if expected else "PASSED in") in summary
    assert ("PASSED in" if expected else "FAILED in") not in summary


@pytest.mark.parametrize("failing", ["schemathesis", "suite"])
def test_one_part_run_alone_decides_the_verdict(failing: str, tmp_path: Path) -> None:
    """`--only`: the part that ran decides; the part that did not run is not a pass or a fail."""
    st, suite = (_st(1), None) if failing == "schemathesis" else (None, _suite(1, failed=1))
    code, summary = _verdict(tmp_path, st, suite)
    assert code == 1
    assert "FAILED in" in summary
    assert ("schemathesis (" in summary) is (st is not None)
    assert ("the targeted suite (pytest)" in summary) is (suite is not None)


def test_a_part_is_judged_by_its_exit_status_not_its_counts() -> None:
    """A tool that exits non-zero with nothing counted (a configuration, schema or collection
    error) has failed, and so says its failure line; a zero exit is a pass whatever it counted."""
    assert not StResult(exit_code=1, elapsed=0.0).ok
    assert not SuiteResult(exit_code=1, elapsed=0.0).ok
    assert not SuiteResult(exit_code=1, elapsed=0.0, errors=2).ok
    assert StResult(exit_code=0, elapsed=0.0).ok
    assert SuiteResult(exit_code=0, elapsed=0.0).ok


def test_every_failure_skip_and_note_reaches_summary_and_console(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Both parts' failures and skips, and the notes on filtered and throttled answers."""
    st = _st(
        1,
        failures=1,
        failure_lines=["schemathesis GET /x: ST001 broke"],
        skipped=["schemathesis, 1 × stateful phase: no links (GET /x)"],
        filtered=2,
        filtered_why={"a business-rule 400 (card_ambiguous)": 2},
        throttled=["GET /y"],
    )
    suite = _suite(
        1,
        failed=1,
        passed=2,
        skipped=1,
        failure_lines=["suite test_a: assert 1 == 2"],
        skipped_lines=["suite test_b: needs the sandbox's clock control"],
    )
    code, summary = _verdict(tmp_path, st, suite)
    console = capsys.readouterr().out
    assert code == 1
    for line in ("schemathesis GET /x: ST001 broke", "suite test_a: assert 1 == 2"):
        assert f"- {line}" in summary
        assert f"FAILED {line}" in console
    for line in st.skipped + suite.skipped_lines:
        assert f"- {line}" in summary
        assert f"SKIPPED {line}" in console
    assert '"Filtered: 2"' in summary
    assert "2 × a business-rule 400 (card_ambiguous)" in summary
    assert "1 operations had more than half of their answers 429" in summary
    assert "(GET /y)" in console


def test_a_tool_that_failed_with_an_empty_report_still_names_a_failure(tmp_path: Path) -> None:
    """A non-zero exit with no failure in the reports is itself named: never an empty list under
    a FAILED verdict."""
    st = read_schemathesis(tmp_path, 2, 1.0)
    assert st.failure_lines
    assert "schemathesis exited 2" in st.failure_lines[0]
    (tmp_path / "suite-junit.xml").write_text(
        '<testsuites><testsuite name="s" tests="0"></testsuite></testsuites>', "utf-8"
    )
    suite = read_suite(tmp_path / "suite-junit.xml", tmp_path / "none.json", 4, 1.0)
    assert suite.failure_lines == ["the targeted suite exited 4"]


def test_errored_schemathesis_cases_count_as_failures(tmp_path: Path) -> None:
    """A JUnit `<error>` (a check that crashed, a case with no answer) is counted and named."""
    (tmp_path / "schemathesis-junit.xml").write_text(
        '<testsuites><testsuite name="s" tests="2" failures="1" errors="1">'
        '<testcase name="GET /a"><failure message="m">- ST001 Server error</failure></testcase>'
        '<testcase name="GET /b"><error message="m">- Network Error: refused</error></testcase>'
        "</testsuite></testsuites>",
        "utf-8",
    )
    st = read_schemathesis(tmp_path, 1, 1.0)
    assert st.failures == 2
    assert any("GET /b" in line and "Network Error" in line for line in st.failure_lines)


def test_xfailed_tests_count_as_skipped_not_lost(tmp_path: Path) -> None:
    """pytest's xfailed are not run-and-passed: the summary counts them with the skipped."""
    counts = tmp_path / "counts.json"
    counts.write_text(json.dumps({"collected": 3, "passed": 1, "skipped": 1, "xfailed": 1}))
    suite = read_suite(tmp_path / "no-junit.xml", counts, 0, 1.0)
    assert (suite.passed, suite.skipped) == (1, 2)


def test_secret_fields_are_found_whatever_their_case() -> None:
    """`"CVX2": 731` is the same field as `"cvx2"`: redacted by name, and recorded by value."""
    fields = secret_field_names()
    text = redact_text('{"Card_Number": "5340920000000007", "CVX2": 731}', fields)
    assert "5340920000000007" not in text
    assert "731" not in text


def test_recorded_secret_values_are_found_whatever_their_fields_case(tmp_path: Path) -> None:
    events = tmp_path / "events.ndjson"
    events.write_text(json.dumps({"response": {"body": {"CVX2": "731"}}}) + "\n", "utf-8")
    assert "731" in secret_values(events, secret_field_names())
