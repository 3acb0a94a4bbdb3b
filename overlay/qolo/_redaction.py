"""Masking secrets in response bodies that the client keeps (inside exceptions).

The platform's responses carry secrets: its cards hold the full card number and the CVV, and its
SetPIN answer echoes the PIN. A kept body is serialised by error reporters, so the values of the
contract's secret properties (`qolo_api.types.SECRET_FIELDS`, derived from the contract by the
generator) are replaced before a body is kept.
"""

from __future__ import annotations

import json
from typing import Any

from qolo_api.types import SECRET_FIELDS

from ._config import REDACTED

__all__ = ["redact_body"]

_MAX_DEPTH = 64


def _masked(value: Any, depth: int = 0) -> Any:
    if depth > _MAX_DEPTH:
        return REDACTED  # deeper than any body of the contract: keep nothing
    if isinstance(value, dict):
        return {
            key: REDACTED
            if key in SECRET_FIELDS and item not in (None, "")
            else _masked(item, depth + 1)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_masked(item, depth + 1) for item in value]
    return value


def redact_body(content: bytes) -> bytes:
    """`content` with every secret property's value masked; unchanged if it is not JSON."""
    if not content:
        return content
    try:
        document = json.loads(content)
    except ValueError:
        return content
    masked = _masked(document)
    if masked == document:
        return content
    return json.dumps(masked, separators=(",", ":")).encode()
