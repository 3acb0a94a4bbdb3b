"""5. Conformance throughput: `python -m conformance` against a fresh sandbox, per profile.

In the same run, interleaved round by round (the machine is shared, so only same-run ratios
mean much): the anchor, the old configuration whole: the conformance package and the sandbox
as of commit `ANCHOR_COMMIT` (before issue #14's fixes, extracted with `git archive`, imported
ahead of the installed ones, and run against today's contract, so the case count is the
same); today's default profile; the quick profile (pull requests). The deep profile (nightly)
runs once at the end. Each run starts its own sandbox and writes its reports to a scratch
folder; the case count is read from schemathesis's NDJSON events the way the runner's own
summary reads it, and the engine's running time from its `EngineFinished` event. Pass or fail
does not matter here: a failing case costs the same as a passing one.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from ._common import ROOT, Measurement, Row, Settings, Summary, extract_commit

__all__ = ["measure"]

# The conformance package before issue #14: 28 cases/s and 95-116 s for the default run.
ANCHOR_COMMIT = "1d98636"
# Issue #14's targets for the default run and the quick profile.
TARGET_RATE = 100.0
TARGET_DEFAULT_WALL = 40.0
TARGET_QUICK_WALL = 20.0


def _read_events(path: Path) -> dict[str, Any]:
    """Cases per phase, the engine's running time and the phases' durations."""
    cases: Counter[str] = Counter()
    phase_seconds: dict[str, float] = {}
    started: dict[str, float] = {}
    phase = "?"
    engine = 0.0
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            event = json.loads(line)
            if "PhaseStarted" in event:
                phase = event["PhaseStarted"]["phase"]["name"]
                started[phase] = event["PhaseStarted"]["timestamp"]
            elif "PhaseFinished" in event:
                name = event["PhaseFinished"]["phase"]["name"]
                if name in started:
                    phase_seconds[name] = event["PhaseFinished"]["timestamp"] - started[name]
            elif "ScenarioFinished" in event:
                recorder = event["ScenarioFinished"].get("recorder") or {}
                cases[phase] += len(recorder.get("cases") or {})
            elif "EngineFinished" in event:
                engine = float(event["EngineFinished"]["running_time"])
    return {"cases": dict(cases), "phase_seconds": phase_seconds, "engine_seconds": engine}


def _suite_tests(path: Path) -> int:
    if not path.exists():
        return 0
    text = path.read_text("utf-8")
    return text.count("<testcase ")


def _anchor_tree(scratch: Path) -> Path:
    """The anchor's `conformance/` and `sandbox/` beside today's contract, corpus and pyproject."""
    paths = ("conformance", "sandbox/qolo_sandbox")
    tree = extract_commit(ANCHOR_COMMIT, paths, scratch / "anchor")
    for name in ("openapi.yaml", "reference", "pyproject.toml"):
        (tree / name).symlink_to(ROOT / name)
    return tree


def _one_run(root: Path, reports: Path, args: tuple[str, ...]) -> dict[str, Any]:
    """One `python -m conformance` of the package in `root` (cwd and import path).

    `root/sandbox` goes on the path too: the anchor's old sandbox is imported there ahead of
    the installed one, by the runner and by the sandbox it starts (`python -m qolo_sandbox`,
    which inherits the environment); today's tree has the installed (editable) one there.
    """
    env = {**os.environ, "PYTHONPATH": os.pathsep.join((str(root), str(root / "sandbox")))}
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-m", "conformance", "--report-dir", str(reports), *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=3600,
    )
    wall = time.perf_counter() - started
    events = reports / "schemathesis-events.ndjson"
    if not events.exists():
        raise RuntimeError(f"the conformance run wrote no events:\n{completed.stdout[-3000:]}")
    figures = _read_events(events)
    summary = [line for line in completed.stdout.splitlines() if line.startswith("Conformance of")]
    figures.update(
        wall_seconds=wall,
        exit_code=completed.returncode,
        suite_tests=_suite_tests(reports / "suite-junit.xml"),
        summary=summary[-1] if summary else "",
    )
    return figures


def _rate(run: dict[str, Any]) -> float:
    return float(sum(run["cases"].values())) / float(run["engine_seconds"])


def _cases(runs: list[dict[str, Any]]) -> str:
    return Summary.of([float(sum(r["cases"].values())) for r in runs]).format("", 0)


def measure(settings: Settings) -> Measurement:
    result = Measurement(5, "Conformance throughput: the conformance run, per profile")
    repeats = 1 if settings.quick else min(3, settings.rounds)
    runs: dict[str, list[dict[str, Any]]] = {"anchor": [], "default": [], "quick": [], "deep": []}
    with tempfile.TemporaryDirectory(prefix="qolo-bench-conformance-") as tmp:
        scratch = Path(tmp)
        anchor = _anchor_tree(scratch)
        for index in range(repeats):
            runs["anchor"].append(_one_run(anchor, scratch / f"anchor{index}", ()))
            runs["default"].append(_one_run(ROOT, scratch / f"default{index}", ()))
            quick = ("--profile", "quick")
            runs["quick"].append(_one_run(ROOT, scratch / f"quick{index}", quick))
        if not settings.quick:
            runs["deep"].append(_one_run(ROOT, scratch / "deep", ("--profile", "deep")))
    old, new = runs["anchor"], runs["default"]
    rates = Summary.of([_rate(r) for r in new])
    speedups = Summary.of([_rate(n) / _rate(o) for o, n in zip(old, new, strict=True)])
    result.rows.append(
        Row(
            metric="default run: schemathesis cases per second (engine time)",
            value=rates.format(" cases/s", 1),
            anchor=f"{ANCHOR_COMMIT}: {Summary.of([_rate(r) for r in old]).format(' cases/s', 1)}",
            ratio=speedups.format("×", 2),
            target=f">= {TARGET_RATE:.0f} cases/s",
            met=rates.median >= TARGET_RATE,
            data={"cases": _cases(new), "anchor_cases": _cases(old)},
        )
    )
    walls = Summary.of([r["wall_seconds"] for r in new])
    old_walls = Summary.of([r["wall_seconds"] for r in old])
    result.rows.append(
        Row(
            metric="default run: wall time (sandbox start, schemathesis, suite)",
            value=walls.format(" s", 1),
            anchor=f"{ANCHOR_COMMIT}: {old_walls.format(' s', 1)}",
            ratio=Summary.of(
                [o["wall_seconds"] / n["wall_seconds"] for o, n in zip(old, new, strict=True)]
            ).format("× faster", 2),
            target=f"<= {TARGET_DEFAULT_WALL:.0f} s",
            met=walls.median <= TARGET_DEFAULT_WALL,
        )
    )
    quick_walls = Summary.of([r["wall_seconds"] for r in runs["quick"]])
    result.rows.append(
        Row(
            metric="quick profile (pull requests): wall time",
            value=quick_walls.format(" s", 1),
            anchor=f"{_cases(runs['quick'])} cases, then the whole suite",
            target=f"<= {TARGET_QUICK_WALL:.0f} s",
            met=quick_walls.median <= TARGET_QUICK_WALL,
        )
    )
    if runs["deep"]:
        deep = runs["deep"][0]
        result.rows.append(
            Row(
                metric="deep profile (nightly): wall time",
                value=f"{deep['wall_seconds']:.0f} s",
                anchor=f"{_cases(runs['deep'])} cases, then the whole suite",
                ratio=f"{_rate(deep):.1f} cases/s (engine time)",
            )
        )
    result.details = [["profile", "phase", "cases", "seconds", "cases/s"]]
    for name, profile_runs in runs.items():
        for phase in sorted({p for r in profile_runs for p in r["cases"]}):
            counts = [float(r["cases"].get(phase, 0)) for r in profile_runs]
            seconds = [float(r["phase_seconds"].get(phase, 0.0)) for r in profile_runs]
            speed = [c / s for c, s in zip(counts, seconds, strict=True) if s > 0]
            result.details.append(
                [
                    name,
                    phase,
                    Summary.of(counts).format("", 0),
                    Summary.of(seconds).format("", 1),
                    Summary.of(speed).format("", 1) if speed else "",
                ]
            )
    result.raw = {"runs": runs}
    exits = {name: sorted({int(r["exit_code"]) for r in rs}) for name, rs in runs.items() if rs}
    result.notes.append(
        f"{repeats} round(s) of anchor, default and quick, interleaved; deep "
        f"{'once at the end' if runs['deep'] else 'skipped (--quick)'}. The anchor is "
        f"conformance/ and the sandbox at {ANCHOR_COMMIT}, run against today's contract. "
        f"Runner exit codes: {exits} (a failing case costs the same as a passing one). "
        "Last default summary: "
        f"{new[-1]['summary']}"
    )
    return result
