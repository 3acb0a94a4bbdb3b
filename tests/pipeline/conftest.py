"""Shared fixtures for the pipeline tests: the contract as data, and the project root."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def contract() -> dict[str, Any]:
    """openapi.yaml, parsed."""
    document: dict[str, Any] = yaml.safe_load((ROOT / "openapi.yaml").read_text())
    return document
