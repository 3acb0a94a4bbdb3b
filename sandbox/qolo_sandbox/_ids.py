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


def new_guid() -> str:
    """A version 7 UUID as text, without building a `uuid.UUID`.

    Bytes, not one 128-bit integer: the version and variant bits are set in place, and
    `bytes.hex` spells it (a create makes four, so this is on the hot path).
    """
    raw = bytearray((time.time_ns() // 1_000_000 & 0xFFFF_FFFF_FFFF).to_bytes(6))
    raw += os.urandom(10)
    raw[6] = 0x70 | raw[6] & 0x0F  # version 7
    raw[8] = 0x80 | raw[8] & 0x3F  # variant 10
    text = raw.hex()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"
