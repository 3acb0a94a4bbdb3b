"""What the sandbox wheel asks pip to install."""

from __future__ import annotations

import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parents[2] / "sandbox" / "pyproject.toml"


def _dependencies() -> list[str]:
    with PYPROJECT.open("rb") as handle:
        return list(tomllib.load(handle)["project"]["dependencies"])


def test_uvicorn_comes_without_its_standard_extra() -> None:
    """uvicorn[standard] would pull in watchfiles, websockets and python-dotenv, all unused."""
    uvicorn = [d for d in _dependencies() if d.startswith("uvicorn")]
    assert uvicorn == ["uvicorn>=0.30,<1"]


def test_the_parser_and_loop_the_sandbox_uses_are_declared() -> None:
    """httptools (required by _connection) and uvloop (where it builds) are named on their own."""
    names = {d.split(">")[0].split("=")[0].split(";")[0].strip() for d in _dependencies()}
    assert {"httptools", "uvloop"} <= names
