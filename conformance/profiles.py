"""The run's budget profiles (`python -m conformance --profile quick|default|deep`).

A profile only sizes the schemathesis part: which phases run, how many cases each operation
gets, how long a stateful scenario may grow. Every check stays on in every profile, and the
targeted suite always runs whole. `--phases` and `--max-examples` given on the command line
override the profile's.

- `quick`, for pull requests: the phases that reach every broken promise the kit's mutant tests
  plant (tests/conformance_kit/test_mutants.py runs each mutant with it), with a few cases per
  operation. The coverage phase is left to `default`: it is a fixed ~1,300 cases that alone take
  longer than a pull request's budget. Of the mutants it caught, fuzzing's negative data still
  reaches the 5xx on bad input, and the suite's 405 tests a 405 without `Allow`.
- `default`, for every merge: all four phases at schemathesis's own budget (100 cases per
  operation and phase, stateful scenarios of up to 6 steps).
- `deep`, for the nightly job: more cases per operation and longer stateful scenarios, so more
  state combinations are reached; its summary says how long it took.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["PROFILES", "Profile", "deployment_config", "stateful_config"]


@dataclass(frozen=True, slots=True)
class Profile:
    """A budget: the phases, cases per operation and stateful steps (None: schemathesis's)."""

    name: str
    phases: tuple[str, ...]
    max_examples: int | None = None
    max_steps: int | None = None


ALL_PHASES = ("examples", "coverage", "fuzzing", "stateful")
PROFILES = {
    profile.name: profile
    for profile in (
        Profile("quick", ("examples", "fuzzing", "stateful"), max_examples=10),
        Profile("default", ALL_PHASES),
        Profile("deep", ALL_PHASES, max_examples=300, max_steps=20),
    )
}

# The `[phases.stateful]` table of conformance/schemathesis.toml, where `max-steps` belongs.
_STATEFUL_TABLE = re.compile(r"^\[phases\.stateful\]\n", re.MULTILINE)


def stateful_config(config: Path, max_steps: int, folder: Path) -> Path:
    """A copy of `config` whose stateful scenarios run up to `max_steps` steps.

    schemathesis has no command-line option for it; the copy keeps every other setting of the
    one file, so nothing is configured twice.
    """
    text = config.read_text("utf-8")
    text, found = _STATEFUL_TABLE.subn(
        lambda match: f"{match.group(0)}max-steps = {max_steps}\n", text, count=1
    )
    if not found:
        raise ValueError(f"{config} has no [phases.stateful] table to set max-steps in")
    path = folder / f"schemathesis-max-steps-{max_steps}.toml"
    path.write_text(text, "utf-8")
    return path


# The phases that can feed values read in earlier answers into new cases.
_REUSING_PHASES = ("examples", "coverage", "fuzzing")


def deployment_config(config: Path, folder: Path) -> Path:
    """A copy of `config` whose phases do not reuse values read in answers.

    Against a deployment the program is a partner's: ListCards lists its every card, and a case
    built from that list would change a partner's card or person. (`conformance.hooks` points any
    write at what the run created, or at nothing; this keeps such ids out of bodies too.)
    """
    tables = "".join(
        f"\n[phases.{phase}.extra-data-sources]\nresponses = false\n" for phase in _REUSING_PHASES
    )
    path = folder / "schemathesis-deployment.toml"
    path.write_text(config.read_text("utf-8") + tables, "utf-8")
    return path
