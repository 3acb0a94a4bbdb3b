"""What every measurement shares: summaries with spread, result rows, sandbox helpers."""

from __future__ import annotations

import contextlib
import os
import socket
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

__all__ = [
    "BENCH",
    "ROOT",
    "Measurement",
    "Row",
    "Settings",
    "Summary",
    "bearer_token",
    "card_count",
    "create_card",
    "extract_commit",
    "free_port",
    "new_card_body",
    "percentile",
    "python_version",
    "sandbox_env",
    "wait_until_answers",
]

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent


def extract_commit(commit: str, paths: Sequence[str], into: Path) -> Path:
    """`paths` of the repository as of `commit`, written below the new folder `into`."""
    into.mkdir()
    archive = subprocess.run(
        ["git", "archive", commit, *paths], cwd=ROOT, capture_output=True, check=True
    )
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return into


@dataclass(frozen=True, slots=True)
class Settings:
    """How much to measure: `quick` is a smoke run of the harness, not a result."""

    rounds: int
    quick: bool
    # Where this run writes its results (a measurement that makes a file, a plot, puts it here).
    out: Path = BENCH / "results" / "raw"


@dataclass(frozen=True, slots=True)
class Summary:
    """The median of repeated figures and their spread."""

    median: float
    low: float
    high: float
    n: int

    @classmethod
    def of(cls, values: Sequence[float]) -> Summary:
        if not values:
            raise ValueError("no values to summarize")
        return cls(statistics.median(values), min(values), max(values), len(values))

    def format(self, unit: str = "", digits: int = 2) -> str:
        def one(value: float) -> str:
            return f"{value:,.{digits}f}"

        if self.n == 1:
            return f"{one(self.median)}{unit}"
        return f"{one(self.median)}{unit} ({one(self.low)}–{one(self.high)}, n={self.n})"

    def as_dict(self) -> dict[str, float | int]:
        return {"median": self.median, "min": self.low, "max": self.high, "n": self.n}


@dataclass(slots=True)
class Row:
    """One line of the results table: a figure, its anchor and the ratio between them."""

    metric: str
    value: str
    anchor: str = ""
    ratio: str = ""
    target: str = ""
    met: bool | None = None
    data: dict[str, Any] = field(default_factory=dict)

    def verdict(self) -> str:
        if self.met is None:
            return ""
        return "met" if self.met else "MISSED"

    def as_dict(self) -> dict[str, Any]:
        return {
            "metric": self.metric,
            "value": self.value,
            "anchor": self.anchor,
            "ratio": self.ratio,
            "target": self.target,
            "met": self.met,
            "data": self.data,
        }


@dataclass(slots=True)
class Measurement:
    """The outcome of one numbered measurement."""

    number: int
    title: str
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    details: list[list[str]] = field(default_factory=list)  # a table: header row, then rows
    raw: dict[str, Any] = field(default_factory=dict)  # figures for the JSON only
    seconds: float = 0.0
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "title": self.title,
            "rows": [r.as_dict() for r in self.rows],
            "notes": self.notes,
            "details": self.details,
            "raw": self.raw,
            "seconds": round(self.seconds, 1),
            "error": self.error,
        }


def percentile(values: Sequence[float], share: float) -> float:
    """The nearest-rank percentile (`share` in 0..1) of `values`."""
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))
    return ordered[index]


def free_port() -> int:
    """A loopback port that was free a moment ago (for servers that cannot bind port 0)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_until_answers(url: str, timeout: float) -> None:
    """Poll `url` until the server behind it answers anything (any status)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            httpx.get(url, timeout=2.0)
            return
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


@contextlib.contextmanager
def sandbox_env() -> Iterator[None]:
    """Make `bench` importable by the sandbox subprocess (for `--app bench.hello_app:...`)."""
    old = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join([str(ROOT), *([old] if old else [])])
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = old


def bearer_token(base_url: str, loginid: str, apikey: str) -> str:
    """Log in once with plain httpx: the preset token of the raw-httpx anchors."""
    response = httpx.post(
        f"{base_url}/api/v1/auth/login", json={"loginid": loginid, "apikey": apikey}, timeout=10.0
    )
    response.raise_for_status()
    return str(response.json()["access_token"])


def new_card_body(program_guid: str) -> dict[str, Any]:
    """The smallest valid CreateCard body: a new person in the caller's program."""
    return {"program_guid": program_guid, "person": {"first_name": "Ada", "last_name": "Bench"}}


def create_card(base_url: str, token: str, program_guid: str) -> str:
    """Issue one card through the API and return its proxy."""
    response = httpx.post(
        f"{base_url}/api/v1/cards",
        json=new_card_body(program_guid),
        headers={"Authorization": f"Bearer {token}", "IdempotencyKey": str(uuid.uuid4())},
        timeout=10.0,
    )
    response.raise_for_status()
    return str(response.json()["card"]["card_proxy"])


def card_count(base_url: str, token: str) -> int:
    """How many cards the caller's program has (ListCards' `count`)."""
    response = httpx.get(
        f"{base_url}/api/v1/cards",
        params={"limit": 1},
        headers={"Authorization": f"Bearer {token}"},
        timeout=10.0,
    )
    response.raise_for_status()
    return int(response.json()["count"])


def python_version() -> str:
    return sys.version.split()[0]
