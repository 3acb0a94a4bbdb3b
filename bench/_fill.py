"""Fill a sandbox database file with cards fast, outside the HTTP path (measurement 7).

Rows are written as the sandbox writes them (a person, a wallet, an account and a card, with a
salted PAN digest and platform timestamps), so the sandbox reads them back as its own; events,
deliveries and idempotency keys are history no read path touches and are left out. One
transaction, `executemany`, no journal: a million cards take about a minute here.
"""

from __future__ import annotations

import contextlib
import hashlib
import random
import sqlite3
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import orjson

from qolo_sandbox._cards import BIN
from qolo_sandbox._clock import platform_time
from qolo_sandbox._store import Store

__all__ = ["card_count", "database_bytes", "fill"]

# Most cards of a live program are ACTIVE; a few are anything else.
_STATUSES = ("ACTIVE",) * 16 + ("PENDING", "PENDING", "SUSPEND", "CLOSED")
_CHUNK = 20_000


def _guid(rng: random.Random) -> str:
    """A version 4 UUID from `rng` (seeded: a rerun fills the same way)."""
    t = f"{rng.getrandbits(128):032x}"
    return f"{t[:8]}-{t[8:12]}-4{t[13:16]}-{'89ab'[int(t[16], 16) & 3]}{t[17:20]}-{t[20:]}"


def _luhn_tables() -> tuple[int, list[int], list[int], list[int]]:
    """The Luhn sum of the BIN's digits, and of each 3-digit group of the 9 drawn digits."""

    def weight(digits: str, offset: int) -> int:
        # Position counted from the right of the 15 digits before the check digit.
        total = 0
        for index, char in enumerate(digits):
            value = int(char)
            if (offset - index) % 2 == 0:
                value = value * 2 - 9 if value > 4 else value * 2
            total += value
        return total

    groups = [[weight(f"{n:03d}", 8 - 3 * g) for n in range(1000)] for g in range(3)]
    return weight(BIN, 14), groups[0], groups[1], groups[2]


_BIN_SUM, _G0, _G1, _G2 = _luhn_tables()


def _pan(rng: random.Random) -> str:
    """A PAN under the sandbox's BIN with a valid check digit (`luhn_check_digit`, tabled)."""
    drawn = rng.getrandbits(30) % 10**9
    high, mid, low = drawn // 10**6, drawn // 1000 % 1000, drawn % 1000
    check = (10 - (_BIN_SUM + _G0[high] + _G1[mid] + _G2[low]) % 10) % 10
    return f"{BIN}{drawn:09d}{check}"


def card_count(path: Path) -> int:
    """How many cards the file holds (0 when it does not exist yet)."""
    if not path.exists():
        return 0
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM cards").fetchone()[0])


def _rows(
    programs: Sequence[str],
    start: int,
    stop: int,
    rng: random.Random,
    now: float,
    ordinals: dict[str, int],
) -> Iterator[tuple[tuple[Any, ...], ...]]:
    """(person, wallet, account, card) rows of cards `start`..`stop`, programs in turn."""
    stamp = platform_time(now)
    for index in range(start, stop):
        program = programs[index % len(programs)]
        person_guid, wallet_guid = _guid(rng), _guid(rng)
        person = {"person_guid": person_guid, "first_name": "Fill", "last_name": f"P{index}"}
        pan = _pan(rng)
        salt = rng.randbytes(16)
        status = _STATUSES[index % len(_STATUSES)]
        ordinals[program] += 1
        card = (
            f"cproxy{rng.getrandbits(44) % 10**13:013d}",
            program,
            person_guid,
            wallet_guid,
            BIN,
            pan[-4:],
            salt + hashlib.sha256(salt + pan.encode()).digest(),
            status,
            "VIRTUAL",
            "ORIGINAL",
            "API",
            "2912",
            stamp,
            stamp,
            stamp if status != "PENDING" else None,
            ordinals[program],
        )
        yield (
            (person_guid, program, orjson.dumps(person)),
            (wallet_guid, person_guid, program, None),
            (_guid(rng), wallet_guid, None),
            card,
        )


def fill(path: Path, programs: Sequence[str], total: int, seed: int = 7) -> float:
    """Add cards until the file holds `total`; returns the seconds it took.

    The sandbox must not be running on `path`. Card proxies are random, as the sandbox's are;
    the rare one that is taken already is skipped (`INSERT OR IGNORE`) and made up for.
    """
    started = time.perf_counter()
    Store(str(path)).close()  # the schema, exactly as the sandbox creates it
    rng = random.Random(f"{seed}-{card_count(path)}")
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=DELETE")
        conn.execute("PRAGMA journal_mode=OFF")
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute("PRAGMA cache_size=-262144")  # 256 MiB: the indexes' pages stay in memory
        now = time.time()
        have = int(conn.execute("SELECT COUNT(*) FROM cards").fetchone()[0])
        ordinals = dict.fromkeys(programs, 0)
        ordinals.update(
            conn.execute("SELECT program_guid, MAX(ordinal) FROM cards GROUP BY program_guid")
        )
        conn.execute("BEGIN")
        while have < total:
            stop = min(total, have + _CHUNK)
            batch = list(_rows(programs, have, stop, rng, now, ordinals))
            conn.executemany("INSERT INTO persons VALUES (?, ?, ?)", (b[0] for b in batch))
            conn.executemany(
                "INSERT INTO wallets(wallet_guid, person_guid, program_guid, name) "
                "VALUES (?, ?, ?, ?)",
                (b[1] for b in batch),
            )
            conn.executemany(
                "INSERT INTO accounts(account_guid, wallet_guid, name) VALUES (?, ?, ?)",
                (b[2] for b in batch),
            )
            before = conn.total_changes
            conn.executemany(
                "INSERT OR IGNORE INTO cards(card_proxy, program_guid, person_guid, wallet_guid, "
                "pan_bin, pan_last4, pan_digest, card_status, issuance_type, card_condition, "
                "activation_method, expiration_date, inserted, updated, activated, ordinal) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (b[3] for b in batch),
            )
            have += conn.total_changes - before
        # A proxy drawn twice (rare) skipped a card and left a gap in its program's ordinals.
        gaps = conn.execute(
            "SELECT 1 FROM cards GROUP BY program_guid HAVING MAX(ordinal) != COUNT(*)"
        ).fetchone()
        if gaps:
            conn.execute(
                "UPDATE cards SET ordinal = numbered.ordinal FROM (SELECT seq, ROW_NUMBER() "
                "OVER (PARTITION BY program_guid ORDER BY seq) AS ordinal FROM cards) AS numbered "
                "WHERE cards.seq = numbered.seq"
            )
        conn.execute("COMMIT")
    finally:
        conn.close()
    Store(str(path)).close()  # back to WAL, as the sandbox opens it
    return time.perf_counter() - started


def database_bytes(path: Path) -> int:
    """The file and its WAL, as they sit on disk."""
    return sum(
        p.stat().st_size for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists()
    )


if __name__ == "__main__":  # a quick check of the fill's speed: python -m bench._fill N
    import sys
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "fill.db"
        seconds = fill(target, ("a", "b"), int(sys.argv[1]))
        print(f"{card_count(target)} cards in {seconds:.1f} s, {database_bytes(target)} bytes")
