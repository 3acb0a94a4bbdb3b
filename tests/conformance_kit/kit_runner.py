"""`python -m conformance` as CI runs it, for the kit's own tests: one subprocess, output kept."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

__all__ = ["HERE", "ROOT", "run_kit"]

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def run_kit(
    args: Sequence[str],
    reports: Path,
    target: Mapping[str, str] | None = None,
    *,
    traced: bool = False,
    deployment: bool | None = None,
) -> subprocess.CompletedProcess[str]:
    """The runner writing to `reports`, against `target` (a deployment's `QOLO_*` variables, and
    `--deployment` when they name one) or, without one, a sandbox it starts; this folder's
    wrappers (`--app module:attr`) importable.

    `deployment`: pass `--deployment` or not, whatever `target` holds.

    Not under coverage unless `traced` (its COVERAGE_ and COV_CORE_ variables left out): the
    tracer made every run half as slow again, and these runs prove verdicts.
    """
    untraced = () if traced else ("COVERAGE_", "COV_CORE_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QOLO_", *untraced))}
    env.update(target or {})
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(HERE), str(ROOT), os.environ.get("PYTHONPATH", "")) if p
    )
    if deployment is None:
        deployment = bool(target and "QOLO_BASE_URL" in target)
    flag = ("--deployment",) if deployment else ()
    return subprocess.run(
        [sys.executable, "-m", "conformance", "--report-dir", str(reports), *flag, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
