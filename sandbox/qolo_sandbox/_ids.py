"""Identifiers for new resources and events: time-ordered UUIDs.

A version 7 UUID (RFC 9562) starts with the milliseconds since the epoch, then 74 random bits.
Where a guid is a key (persons, wallets, accounts, events, and `cards_person`), a new one lands
at the end of its index instead of on a random page: the creates of one group commit then
dirty, and write to the WAL, the same few last pages instead of one page each (figures:
bench/README.md, CreateCard). The contract asks only for `format: uuid`.
"""

from __future__ import annotations

import os
import time

__all__ = ["new_guid"]

_RAND_B = (1 << 62) - 1


def new_guid() -> str:
    """A version 7 UUID as text, without building a `uuid.UUID`."""
    milliseconds = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10))
    raw = (
        (milliseconds & 0xFFFF_FFFF_FFFF) << 80
        | 7 << 76
        | (rand >> 62 & 0xFFF) << 64
        | 2 << 62
        | rand & _RAND_B
    )
    text = f"{raw:032x}"
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"
