"""What the runner shares with the processes it starts: paths and environment variable names.

Standard library and PyYAML only: the runner imports this instead of the modules that use the names
(`conformance.contract`, `hooks`, `pytest_counts`), which bring schemathesis and pytest and
cost it seconds of start-up on every run (issue #14).
"""

from __future__ import annotations

from pathlib import Path

import yaml

__all__ = [
    "CONTRACT",
    "COUNTS_ENV",
    "FILTERED_ENV",
    "ROOT",
    "SECRETS_ENV",
    "SECRETS_POLICIES",
    "contract_version",
]

ROOT = Path(__file__).resolve().parent.parent
CONTRACT = ROOT / "openapi.yaml"
SECRETS_POLICIES = ("strict", "reference")
# How the runner tells the checks and the suite (its subprocesses) which secrets policy applies.
SECRETS_ENV = "QOLO_CONFORMANCE_SECRETS"
# Where `hooks.filter_failure` notes each failure it drops (set by the runner; unset: not noted).
FILTERED_ENV = "QOLO_CONFORMANCE_FILTERED"
# Where the suite's pytest plugin (`conformance.pytest_counts`) writes its outcome counts.
COUNTS_ENV = "QOLO_CONFORMANCE_SUITE_COUNTS"


def contract_version() -> str:
    """The contract's `info.version` (libyaml's parser when present: a quarter of the time)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with CONTRACT.open(encoding="utf-8") as handle:
        document = yaml.load(handle, Loader=loader)  # noqa: S506 (a safe loader)
    return str(document["info"]["version"])
