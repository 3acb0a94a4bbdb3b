"""The run's verdict in words: the one-paragraph summary, `summary.md`, and the console's block.

`conformance.report` reads the numbers back from the tools' reports; this module states them,
explains each one that could read like a hidden failure, and decides the exit status.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from conformance.names import contract_version
from conformance.profiles import PROFILES
from conformance.report import SUMMARY, StResult, SuiteResult

__all__ = ["Run", "notes", "paragraph", "report_run"]


@dataclass(frozen=True, slots=True)
class Run:
    """What the paragraph says of the run itself: its target, its policy and its budget."""

    where: str
    sandbox: bool
    secrets: str
    profile: str
    max_examples: int | None
    seed: int
    phases: str
    elapsed: float


def report_run(
    reports: Path,
    run: Run,
    st: StResult | None,
    suite: SuiteResult | None,
    *,
    extra_notes: list[str],
) -> int:
    """Write `summary.md`, print the console's summary block, return the exit status (0 or 1)."""
    lines = notes(st) + extra_notes
    text = paragraph(run, st, suite)
    written = _write(reports, text, st, suite, lines, sandbox=run.sandbox)
    print("\n" + "=" * 30 + " conformance summary " + "=" * 30, flush=True)
    for line in (st.failure_lines if st else []) + (suite.failure_lines if suite else []):
        print(f"FAILED {line}")
    for line in (st.skipped if st else []) + (suite.skipped_lines if suite else []):
        print(f"SKIPPED {line}")
    for line in lines:
        print(f"NOTE {line}")
    print(text)
    print(f"Reports: {reports} (start with {written.name})", flush=True)
    return 1 if _failed(st, suite) else 0


def paragraph(run: Run, st: StResult | None, suite: SuiteResult | None) -> str:
    """The one paragraph that says what ran, what it counted, and the verdict."""
    version = contract_version()
    parts = [
        f"Conformance of {run.where} to openapi.yaml {version} ({run.secrets} secrets policy):"
    ]
    if st is not None:
        parts.append(
            f"schemathesis ({_budget(run)}, seed {run.seed}, phases {run.phases}) tested "
            f"{st.operations} operations with {st.cases} generated cases ({st.cases_skipped} "
            f"skipped: answered, but no check applies; {st.cases_errored} errored) and "
            f"{st.checks} checks, {st.failures} failing, {st.skipped_scenarios} scenarios "
            f"skipped (exit {st.exit_code}) in {st.elapsed:.0f} s;"
        )
    if suite is not None:
        parts.append(
            f"the targeted suite (pytest) collected {suite.tests} tests: {suite.counts()}, "
            f"in {suite.elapsed:.0f} s;"
        )
    verdict = "FAILED" if _failed(st, suite) else "PASSED"
    parts.append(f"{verdict} in {run.elapsed:.0f} s wall time.")
    return " ".join(parts)


def notes(st: StResult | None) -> list[str]:
    """One line for each number in the run that could read like a hidden failure."""
    if st is None:
        return []
    found = [
        "schemathesis's warnings missing_test_data (generated ids name nothing: 404 is right)"
        " and validation_mismatch (generated bodies break business rules: 4xx is right) are"
        " not displayed; conformance/schemathesis.toml says why, every other warning is"
    ]
    if st.filtered:
        why = "; ".join(f"{count} × {reason}" for reason, count in st.filtered_why.items())
        found.append(
            f'schemathesis\'s "Filtered: {st.filtered}" are not hidden failures: refusals of'
            ' generated "valid" data that was not valid after all, which conformance/hooks.py'
            f" drops as the right answer ({why})"
        )
    if st.throttled:
        names = ", ".join(st.throttled)
        found.append(
            f"{len(st.throttled)} operations had more than half of their answers 429 (rate"
            f" limited), so the logic behind them went largely untested ({names}): run again"
            " with a higher rate limit, or later"
        )
    return found


def _failed(st: StResult | None, suite: SuiteResult | None) -> bool:
    return (st is not None and not st.ok) or (suite is not None and not suite.ok)


def _budget(run: Run) -> str:
    """The profile and the budget it ran with, e.g. `profile deep, max-examples 300, ...`."""
    budget = [f"profile {run.profile}"]
    if run.max_examples is not None:
        budget.append(f"max-examples {run.max_examples}")
    max_steps = PROFILES[run.profile].max_steps
    if max_steps:
        budget.append(f"stateful max-steps {max_steps}")
    return ", ".join(budget)


def _write(
    reports: Path,
    text: str,
    st: StResult | None,
    suite: SuiteResult | None,
    lines: list[str],
    *,
    sandbox: bool,
) -> Path:
    """`summary.md`: the paragraph, every failure, every skip, the notes, and the files."""
    out = ["# Conformance report", "", text, ""]
    failures = (st.failure_lines if st else []) + (suite.failure_lines if suite else [])
    skipped = (st.skipped if st else []) + (suite.skipped_lines if suite else [])
    out += ["## Failures", ""] + ([f"- {f}" for f in failures] or ["none"]) + [""]
    out += ["## Skipped", ""] + ([f"- {s}" for s in skipped] or ["none"]) + [""]
    out += ["## Notes", ""] + ([f"- {n}" for n in lines] or ["none"]) + [""]
    if sandbox:
        files = [
            "- `schemathesis-html/index.html`: every schemathesis failure with a curl reproduction",
            "- `schemathesis-junit.xml`, `schemathesis-events.ndjson`: the same, for machines",
        ]
    else:
        files = [
            "- `schemathesis-junit.xml`: every schemathesis failure with a curl reproduction,"
            " secret fields `<redacted>`",
            "- not kept: schemathesis's NDJSON and HTML reports, which hold every request and"
            " response body (card numbers, CVVs, PINs, webhook secrets); they were counted in a"
            " private temporary folder and deleted",
        ]
    out += ["## Files", "", *files, "- `suite-junit.xml`: the targeted suite", ""]
    path = reports / SUMMARY
    path.write_text("\n".join(out), "utf-8")
    return path
