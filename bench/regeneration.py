"""6. Regeneration: wall time of `nox -s regenerate` with a warm environment.

The session rewrites `generated/`, which other people may be working beside, so it runs in a
scratch copy of the project (the contract, the generator config and templates, tools/, the
noxfile and pyproject.toml) that keeps its own `.nox/` between benchmark runs. One warm-up
run creates or refreshes that environment; the timed runs follow. The anchor is the generator
step alone (`tools/regenerate.py` in the same warm environment): the rest is nox and uv.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ._common import ROOT, Measurement, Row, Settings, Summary

__all__ = ["measure"]

_COPY = (
    "openapi.yaml",
    "generator-config.yml",
    "generator-templates",
    "generated",
    "tools",
    "noxfile.py",
    "pyproject.toml",
    "README.md",
    "LICENSE",
)


def _scratch() -> Path:
    """The scratch project, refreshed from the work tree; its `.nox/` survives."""
    place = Path(tempfile.gettempdir()) / "qolo-bench-regenerate"
    place.mkdir(exist_ok=True)
    for child in place.iterdir():
        if child.name != ".nox":
            if child.is_dir():
                shutil.rmtree(child)
            else:
                child.unlink()
    for name in _COPY:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, place / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, place / name)
    return place


def _timed(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    completed = subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, check=False, timeout=900
    )
    seconds = time.perf_counter() - started
    if completed.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{completed.stdout}{completed.stderr}")
    return seconds


def measure(settings: Settings) -> Measurement:
    result = Measurement(6, "Regeneration: nox -s regenerate, warm environment")
    place = _scratch()
    nox = [sys.executable, "-m", "nox", "-s", "regenerate"]
    warmup = _timed(nox, place)
    repeats = 2 if settings.quick else max(5, settings.rounds)
    env_python = place / ".nox" / "regenerate" / "bin" / "python"
    session: list[float] = []
    generator: list[float] = []
    for _ in range(repeats):
        session.append(_timed(nox, place))
        generator.append(_timed([str(env_python), "tools/regenerate.py"], place))
    drift = subprocess.run(
        ["diff", "-rq", "-x", "__pycache__", str(ROOT / "generated"), str(place / "generated")],
        capture_output=True,
        text=True,
        check=False,
    )
    ratio = Summary.of([s / g for s, g in zip(session, generator, strict=True)])
    result.rows.append(
        Row(
            metric="nox -s regenerate, warm (wall time)",
            value=Summary.of(session).format(" s", 2),
            anchor=f"generator alone: {Summary.of(generator).format(' s', 2)}",
            ratio=ratio.format("×", 2),
            data={"session_seconds": session, "generator_seconds": generator, "warmup": warmup},
        )
    )
    result.notes.append(
        f"{repeats} timed runs after one warm-up ({warmup:.1f} s) in a scratch copy of the "
        f"project; the regenerated package "
        f"{'matches' if drift.returncode == 0 else 'DIFFERS from'} the committed generated/."
    )
    return result
