"""The benchmark orchestrator: `python -m bench [--only 1,4] [--rounds N] [--quick]`.

Runs the numbered measurements in order, prints one table, and writes the figures with the
machine and versions to `bench/results/results.json` and `results.md`. A partial run (`--only`)
or a smoke run (`--quick`) writes to `bench/results/raw/` instead, so the committed results are
always one complete run on one machine.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import platform
import shutil
import subprocess
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from . import (
    client_overhead,
    conformance_rate,
    regeneration,
    retries,
    scaling,
    single_flight,
    throughput,
)
from ._common import BENCH, ROOT, Measurement, Settings

__all__ = ["machine", "main"]

MEASUREMENTS: dict[int, Callable[[Settings], Measurement]] = {
    1: client_overhead.measure,
    2: single_flight.measure,
    3: retries.measure,
    4: throughput.measure,
    5: conformance_rate.measure,
    6: regeneration.measure,
    7: scaling.measure,
}
PACKAGES = (
    "qolo-client",
    "qolo-sandbox",
    "httpx",
    "httpcore",
    "sniffio",
    "attrs",
    "uvicorn",
    "httptools",
    "uvloop",
    "orjson",
    "jsonschema-rs",
    "schemathesis",
    "hypothesis",
    "pytest",
    "nox",
    # measurement 1's peers
    "openapi-python-client",
    "lithic",
    "openai",
    "pydantic",
    "matplotlib",
)


def _first_line(command: list[str]) -> str:
    if shutil.which(command[0]) is None:
        return "not installed"
    result = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
    lines = (result.stdout or result.stderr).strip().splitlines()
    return lines[0] if lines else "unknown"


def _read(path: str, key: str) -> str:
    try:
        text = Path(path).read_text("utf-8")
    except OSError:
        return "unknown"
    for line in text.splitlines():
        name, sep, value = line.partition(":" if path.startswith("/proc") else "=")
        if sep and name.strip() == key:
            return value.strip().strip('"')
    return "unknown"


def machine() -> dict[str, Any]:
    """The machine, the interpreter and the versions of everything measured."""
    versions: dict[str, str] = {}
    for name in PACKAGES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = "not installed"
    status = _first_line(["git", "status", "--porcelain", "--untracked-files=no"])
    memory_kib = _read("/proc/meminfo", "MemTotal").split()[0]
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "cpu": _read("/proc/cpuinfo", "model name"),
        "cores": os.cpu_count(),
        "memory_gib": round(int(memory_kib) / 2**20, 1) if memory_kib.isdigit() else None,
        "os": f"{_read('/etc/os-release', 'PRETTY_NAME')}, Linux {platform.release()}",
        "python": sys.version.split()[0],
        "packages": versions,
        "wrk": throughput.wrk_version(),
        "prism": throughput.PRISM.rsplit("@", 1)[1],
        "node": _first_line(["node", "--version"]),
        "git_commit": _first_line(["git", "rev-parse", "--short=12", "HEAD"]),
        "git_tree": "uncommitted changes" if status not in ("", "unknown") else "clean",
    }


def _table(results: list[Measurement]) -> list[list[str]]:
    rows = [["#", "measure", "value", "anchor", "ratio", "target", "verdict"]]
    for m in results:
        if m.error is not None:
            rows.append([str(m.number), m.title, "ERROR: " + m.error, "", "", "", ""])
        for r in m.rows:
            rows.append(
                [str(m.number), r.metric, r.value, r.anchor, r.ratio, r.target, r.verdict()]
            )
    return rows


def _print_table(rows: list[list[str]]) -> None:
    widths = [min(60, max(len(r[i]) for r in rows)) for i in range(len(rows[0]))]
    for index, row in enumerate(rows):
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=True)]
        print("  ".join(cells).rstrip())
        if index == 0:
            print("  ".join("-" * w for w in widths))


def _md_row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"


def _markdown(info: dict[str, Any], results: list[Measurement], settings: Settings) -> str:
    lines = [
        "# Benchmark results",
        "",
        "Written by `nox -s bench` (`python -m bench`); see bench/README.md for what each "
        "figure means. Medians with their spread (min–max, n = repetitions); every ratio is "
        "against an anchor measured in the same run on the same machine.",
        "",
        f"- date: {info['date']}, git {info['git_commit']} ({info['git_tree']})",
        f"- machine: {info['cpu']}, {info['cores']} cores, {info['memory_gib']} GiB, {info['os']}",
        f"- Python {info['python']}; wrk {info['wrk']}; Prism {info['prism']} on "
        f"Node.js {info['node']}",
        "- packages: " + ", ".join(f"{k} {v}" for k, v in info["packages"].items()),
        f"- rounds: {settings.rounds}{' (quick)' if settings.quick else ''}",
        "",
        "## Summary",
        "",
    ]
    table = _table(results)
    lines.append(_md_row(table[0]))
    lines.append(_md_row(["---"] * len(table[0])))
    lines.extend(_md_row(r) for r in table[1:])
    for m in results:
        lines += ["", f"## {m.number}. {m.title}", ""]
        if m.details:
            lines.append(_md_row(m.details[0]))
            lines.append(_md_row(["---"] * len(m.details[0])))
            lines.extend(_md_row(r) for r in m.details[1:])
            lines.append("")
        lines.extend(f"- {note}" for note in m.notes)
        lines.append(f"- measured in {m.seconds:.0f} s")
    return "\n".join(lines) + "\n"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--only", default="", help="comma-separated measurement numbers (default: 1-7)"
    )
    parser.add_argument("--rounds", type=int, default=7, help="repetitions of each measurement")
    parser.add_argument("--quick", action="store_true", help="a short smoke run of the harness")
    parser.add_argument("--out", type=Path, default=None, help="where to write the results")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    numbers = sorted({int(n) for n in args.only.split(",") if n.strip()}) or sorted(MEASUREMENTS)
    unknown = [n for n in numbers if n not in MEASUREMENTS]
    if unknown:
        raise SystemExit(f"no measurement {unknown}; choose from {sorted(MEASUREMENTS)}")
    complete = numbers == sorted(MEASUREMENTS) and not args.quick
    out: Path = args.out or (BENCH / "results" if complete else BENCH / "results" / "raw")
    settings = Settings(rounds=2 if args.quick else max(1, args.rounds), quick=args.quick, out=out)
    info = machine()
    results: list[Measurement] = []
    for number in numbers:
        print(f"bench: measurement {number} ...", flush=True)
        started = time.perf_counter()
        try:
            measurement = MEASUREMENTS[number](settings)
        except Exception as exc:  # report it and go on: one broken part must not hide the rest
            traceback.print_exc()
            measurement = Measurement(number, f"measurement {number}", error=repr(exc))
        measurement.seconds = time.perf_counter() - started
        results.append(measurement)
        print(f"bench: measurement {number} took {measurement.seconds:.0f} s", flush=True)
    out.mkdir(parents=True, exist_ok=True)
    payload = {
        "machine": info,
        "settings": {"rounds": settings.rounds, "quick": settings.quick, "only": numbers},
        "measurements": [m.as_dict() for m in results],
    }
    (out / "results.json").write_text(
        json.dumps(payload, indent=2, ensure_ascii=False) + "\n", "utf-8"
    )
    (out / "results.md").write_text(_markdown(info, results, settings), "utf-8")
    print()
    _print_table(_table(results))
    print(f"\nbench: wrote {out / 'results.json'} and {out / 'results.md'}")
    missed = [r for m in results for r in m.rows if r.met is False]
    errors = [m for m in results if m.error is not None]
    if missed:
        print(f"bench: {len(missed)} target(s) missed (a benchmark reports, it does not fail)")
    return 1 if errors else 0
