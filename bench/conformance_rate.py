"""5. Conformance throughput: the default `python -m conformance` run against a fresh sandbox.

The runner is what `nox -s conformance` runs (schemathesis with all four phases, then the
targeted pytest suite). Each repetition writes its reports to a scratch folder; the case count
is read from schemathesis's NDJSON events the way the runner's own summary reads it, and the
engine's running time from its `EngineFinished` event. Pass or fail does not matter here: a
failing case costs the same as a passing one.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from ._common import ROOT, Measurement, Row, Settings, Summary

__all__ = ["measure"]


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


def _one_run(reports: Path) -> dict[str, Any]:
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-m", "conformance", "--report-dir", str(reports)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=1800,
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


def measure(settings: Settings) -> Measurement:
    result = Measurement(5, "Conformance throughput: the default conformance run")
    runs: list[dict[str, Any]] = []
    repeats = 1 if settings.quick else min(3, settings.rounds)
    with tempfile.TemporaryDirectory(prefix="qolo-bench-conformance-") as tmp:
        for index in range(repeats):
            runs.append(_one_run(Path(tmp) / f"run{index}"))
    cases = [sum(r["cases"].values()) for r in runs]
    engine = [r["engine_seconds"] for r in runs]
    wall = [r["wall_seconds"] for r in runs]
    rate = Summary.of([c / e for c, e in zip(cases, engine, strict=True)])
    result.rows.append(
        Row(
            metric="schemathesis cases per second (engine time)",
            value=rate.format(" cases/s", 1),
            anchor=f"cases per run: {Summary.of([float(c) for c in cases]).format('', 0)}",
            data={"cases": cases, "engine_seconds": engine, "rate": rate.as_dict()},
        )
    )
    overall = Summary.of([c / w for c, w in zip(cases, wall, strict=True)])
    result.rows.append(
        Row(
            metric="default conformance run: wall time (sandbox start, schemathesis, suite)",
            value=Summary.of(wall).format(" s", 1),
            anchor=f"schemathesis engine: {Summary.of(engine).format(' s', 1)}",
            ratio=f"{overall.format(' cases/s overall', 1)}",
            data={"wall_seconds": wall, "suite_tests": [r["suite_tests"] for r in runs]},
        )
    )
    phases = sorted({p for r in runs for p in r["cases"]})
    result.details = [["phase", "cases", "seconds", "cases/s"]]
    for phase in phases:
        counts = [float(r["cases"].get(phase, 0)) for r in runs]
        seconds = [float(r["phase_seconds"].get(phase, 0.0)) for r in runs]
        speed = [c / s for c, s in zip(counts, seconds, strict=True) if s > 0]
        result.details.append(
            [
                phase,
                Summary.of(counts).format("", 0),
                Summary.of(seconds).format("", 1),
                Summary.of(speed).format("", 1) if speed else "",
            ]
        )
    result.raw = {"runs": runs}
    exits = sorted({int(r["exit_code"]) for r in runs})
    result.notes.append(
        f"{repeats} run(s) of `python -m conformance` (seed from conformance/schemathesis.toml, "
        f"phases examples, coverage, fuzzing, stateful; then the targeted suite of "
        f"{runs[-1]['suite_tests']} tests). Runner exit codes: {exits} (a failing case costs "
        f"the same as a passing one). Last summary: {runs[-1]['summary']}"
    )
    return result
