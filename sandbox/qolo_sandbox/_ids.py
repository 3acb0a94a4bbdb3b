"""Random identifiers for new resources and events."""

from __future__ import annotations

import os

__all__ = ["new_guid"]


def new_guid() -> str:
    """A random (version 4) UUID as text: `str(uuid.uuid4())` without building a `UUID`
    (a few percent of a CreateCard, which makes four)."""
    raw = int.from_bytes(os.urandom(16)) & ~(0xF000 << 64 | 0xC000 << 48) | 4 << 76 | 2 << 62
    text = f"{raw:032x}"
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"
