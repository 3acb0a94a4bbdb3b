"""A pytest plugin the runner loads into the suite: pytest's own counts, written as JSON.

The summary must say what pytest said ("26 failed, 14 passed, 5 skipped, 26 errors" of 45
tests). The JUnit report cannot: a test that fails and then errors in teardown is two entries
there. So the runner passes `-p conformance.pytest_counts` and reads the file named by
`QOLO_CONFORMANCE_SUITE_COUNTS` back (`conformance.report.read_suite`).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conformance.names import COUNTS_ENV

__all__ = ["COUNTS_ENV", "pytest_sessionfinish"]

# pytest's outcome categories, as its terminal summary names them.
_OUTCOMES = ("passed", "failed", "skipped", "error", "xfailed", "xpassed")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Write the collected count and each outcome's count, as pytest's summary line has them."""
    target = os.environ.get(COUNTS_ENV)
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if not target or reporter is None:
        return
    stats = reporter.stats
    counts = {outcome: _reports(stats.get(outcome, [])) for outcome in _OUTCOMES}
    counts["collected"] = session.testscollected
    counts["exitstatus"] = int(exitstatus)
    Path(target).write_text(json.dumps(counts), "utf-8")


def _reports(reports: list[object]) -> int:
    """The reports pytest's summary line counts (as it does: `count_towards_summary`)."""
    return sum(1 for report in reports if getattr(report, "count_towards_summary", True))
