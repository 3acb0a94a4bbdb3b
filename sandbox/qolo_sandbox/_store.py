"""The embedded SQLite database: schema, migrations, connection settings and transactions.

One connection serves the event loop (one worker), so every statement runs on the loop thread
and a transaction is never interleaved with another request's. Uniqueness that matters
(idempotency keys, card proxies) is still enforced by constraints, not by reading first.

Group commit (`Store.grouped`): the creates that reach the store in one turn of the event loop
run one after another in one transaction, and each learns its result only after that COMMIT.
A COMMIT writes every page the transaction dirtied to the WAL; a create dirties the same last
pages of each table and index as its neighbours, so one COMMIT for a group writes far less than
one per create (figures: bench/README.md). The order, and what each create sees, are those of
running them one by one; so is a failure: see `_run_group`.

Which programs have an active webhook subscription (`listening`) is kept in memory: an event
only its deliveries ever read is not written for a program nobody listens to. Temporary
triggers forget that set on every write to `notifications`, whatever code path makes it, and
a rollback forgets it too (it may have been read inside the transaction rolled back).

A `--db` file outlives the sandbox version that wrote it. `_SCHEMA` creates what is missing;
`_MIGRATIONS` then adds each column an older file lacks (`PRAGMA table_info` decides), with
`ALTER TABLE`, and rewrites that table's old data to the new rules in the same transaction.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

__all__ = ["Store"]

T = TypeVar("T")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS credentials (
    id INTEGER PRIMARY KEY,
    loginid TEXT NOT NULL UNIQUE,
    apikey_hash BLOB NOT NULL,
    program_guid TEXT NOT NULL,
    read_only INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS tokens (
    token_hash BLOB PRIMARY KEY,
    credential_id INTEGER NOT NULL REFERENCES credentials(id),
    expires_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS persons (
    person_guid TEXT PRIMARY KEY,
    program_guid TEXT NOT NULL,
    data BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS wallets (
    wallet_guid TEXT PRIMARY KEY,
    person_guid TEXT NOT NULL REFERENCES persons(person_guid),
    program_guid TEXT NOT NULL,
    name TEXT
);
CREATE TABLE IF NOT EXISTS accounts (
    account_guid TEXT PRIMARY KEY,
    wallet_guid TEXT NOT NULL REFERENCES wallets(wallet_guid),
    name TEXT
);
CREATE TABLE IF NOT EXISTS cards (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    card_proxy TEXT NOT NULL UNIQUE,
    program_guid TEXT NOT NULL,
    person_guid TEXT NOT NULL,
    wallet_guid TEXT NOT NULL,
    pan_bin TEXT NOT NULL,
    pan_last4 TEXT NOT NULL,
    pan_digest BLOB NOT NULL,
    card_status TEXT NOT NULL,
    issuance_type TEXT NOT NULL,
    card_condition TEXT NOT NULL,
    activation_method TEXT NOT NULL,
    expiration_date TEXT NOT NULL,
    pin_hash BLOB,
    replaced_card_proxy TEXT,
    fulfillment BLOB,
    inserted TEXT NOT NULL,
    updated TEXT NOT NULL,
    activated TEXT,
    card_requested TEXT,
    digital_package_guid TEXT,
    ordinal INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS cards_person ON cards(person_guid, seq);
CREATE INDEX IF NOT EXISTS wallets_person ON wallets(person_guid);
CREATE TABLE IF NOT EXISTS idempotency (
    credential_id INTEGER NOT NULL,
    key TEXT NOT NULL,
    fingerprint BLOB NOT NULL,
    state TEXT NOT NULL,
    status INTEGER,
    headers BLOB,
    body BLOB,
    created_at REAL NOT NULL,
    PRIMARY KEY (credential_id, key)
);
CREATE TABLE IF NOT EXISTS notifications (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    notification_guid TEXT NOT NULL UNIQUE,
    program_guid TEXT NOT NULL,
    url TEXT NOT NULL,
    headers TEXT,
    secret TEXT NOT NULL,
    active INTEGER NOT NULL,
    event_types BLOB NOT NULL,
    inserted TEXT NOT NULL,
    updated TEXT NOT NULL,
    ever_active INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL UNIQUE,
    program_guid TEXT NOT NULL,
    event_type TEXT NOT NULL,
    body BLOB NOT NULL,
    created_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS deliveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL REFERENCES events(event_id),
    notification_guid TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at REAL NOT NULL,
    UNIQUE (event_id, notification_guid)
);
CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries(state, next_attempt_at);
CREATE TABLE IF NOT EXISTS attempts (
    delivery_id INTEGER NOT NULL REFERENCES deliveries(id),
    attempt INTEGER NOT NULL,
    at REAL NOT NULL,
    status_code INTEGER,
    error TEXT,
    duration_ms REAL NOT NULL,
    PRIMARY KEY (delivery_id, attempt)
);
"""

# (table, column, declaration, statements that bring the table's old rows up to date). A column
# is added, and its statements run, only when the table lacks it: once per file. Contract 2.0.0
# added the first four; their statements make an old file's rows look as if written today:
# - timestamps lose 1.0.0's `Z` (the platform writes UTC without an offset);
# - 1.0.0's `NEW` condition is the platform's `ORIGINAL`;
# - an ACTIVE card's activation time is unknown: its last change is the best guess;
# - a FULL card's plastic was ordered when the card was issued;
# - only a subscription active now is known to have been active: an inactive one counts as
#   never active (the test control `POST /_sandbox/notifications/{guid}/activate` revives it).
_MIGRATIONS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    (
        "cards",
        "activated",
        "TEXT",
        (
            "UPDATE cards SET inserted = rtrim(inserted, 'Z'), updated = rtrim(updated, 'Z')",
            "UPDATE cards SET card_condition = 'ORIGINAL' WHERE card_condition = 'NEW'",
            "UPDATE cards SET activated = updated WHERE card_status = 'ACTIVE'",
        ),
    ),
    (
        "cards",
        "card_requested",
        "TEXT",
        ("UPDATE cards SET card_requested = inserted WHERE issuance_type = 'FULL'",),
    ),
    ("cards", "digital_package_guid", "TEXT", ()),
    # A card's place in its program's list (1, 2, ...; cards are never deleted one by one):
    # ListCards' `start_index` and `count` become index look-ups instead of walks over the
    # program's cards (bench/README.md, measurement 7).
    (
        "cards",
        "ordinal",
        "INTEGER NOT NULL DEFAULT 0",
        (
            "UPDATE cards SET ordinal = numbered.ordinal FROM (SELECT seq, ROW_NUMBER() OVER "
            "(PARTITION BY program_guid ORDER BY seq) AS ordinal FROM cards) AS numbered "
            "WHERE cards.seq = numbered.seq",
            "DROP INDEX IF EXISTS cards_program",  # (program, seq): `cards_ordinal` replaces it
        ),
    ),
    (
        "notifications",
        "ever_active",
        "INTEGER NOT NULL DEFAULT 0",
        (
            "UPDATE notifications SET ever_active = active, "
            "inserted = rtrim(inserted, 'Z'), updated = rtrim(updated, 'Z')",
        ),
    ),
)

# Created after the migrations: they index columns an old file gains only there.
_INDEXES = """
CREATE UNIQUE INDEX IF NOT EXISTS cards_ordinal ON cards(program_guid, ordinal);
"""
# This connection's own (TEMP): any change to `notifications` forgets `Store.listening`.
_LISTENING_TRIGGERS = "".join(
    f"CREATE TEMP TRIGGER IF NOT EXISTS notifications_{change.lower()} AFTER {change} "
    "ON notifications BEGIN SELECT qolo_forget_listening(); END;\n"
    for change in ("INSERT", "UPDATE", "DELETE")
)

_DATA_TABLES = (
    "attempts",
    "deliveries",
    "events",
    "notifications",
    "idempotency",
    "cards",
    "accounts",
    "wallets",
    "persons",
)


class Store:
    """A SQLite database file (WAL) or an in-memory one."""

    def __init__(self, path: str | None) -> None:
        self.conn = sqlite3.connect(
            path or ":memory:", isolation_level=None, check_same_thread=False
        )
        self.conn.row_factory = sqlite3.Row
        if path:
            self.conn.execute("PRAGMA journal_mode=WAL")
            # A killed sandbox keeps every commit (it sits in the OS's page cache); only an OS
            # crash or a power cut could lose or damage the file, acceptable for a test double.
            # Not syncing is a large share of CreateCard throughput (figures: bench/README.md).
            self.conn.execute("PRAGMA synchronous=OFF")
        self.conn.execute("PRAGMA foreign_keys=ON")
        self.conn.executescript(_SCHEMA)
        self._migrate()
        self.conn.executescript(_INDEXES)
        self._listening: frozenset[str] | None = None
        self.conn.create_function("qolo_forget_listening", 0, self._forget_listening)
        self.conn.executescript(_LISTENING_TRIGGERS)
        # The works waiting for the next group commit, with the futures their callers await.
        self._group: list[tuple[Callable[[], Any], asyncio.Future[Any]]] = []

    def _migrate(self) -> None:
        """Add the columns an older database file lacks, and bring its rows up to date."""
        with self.transaction() as conn:
            columns: dict[str, set[str]] = {}
            for table, column, declaration, statements in _MIGRATIONS:
                if table not in columns:
                    info = conn.execute(f"PRAGMA table_info({table})").fetchall()
                    columns[table] = {str(row["name"]) for row in info}
                if column in columns[table]:
                    continue
                # Constant names and declarations from _MIGRATIONS, never input.
                conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")
                columns[table].add(column)
                for statement in statements:
                    conn.execute(statement)

    def close(self) -> None:
        self.conn.close()

    def listening(self) -> frozenset[str]:
        """The programs with an active webhook subscription (read once, until it changes)."""
        if self._listening is None:
            rows = self.conn.execute(
                "SELECT DISTINCT program_guid FROM notifications WHERE active = 1"
            ).fetchall()
            self._listening = frozenset(str(row[0]) for row in rows)
        return self._listening

    def _forget_listening(self) -> None:
        self._listening = None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, rolled back on any exception.

        Inside a transaction already open (an idempotent create: the claim, the work and the
        stored answer commit once, see `Idempotency.once`) it joins that one, which commits or
        rolls back everything: an exception must reach it. Not a savepoint: a savepoint copies
        every page it changes to a sub-journal, and cost CreateCard a third of its rate.
        """
        if self.conn.in_transaction:
            yield self.conn
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except BaseException:
            self._listening = None  # it may have been read inside what is rolled back
            # Also after a failed COMMIT, which SQLite keeps open (the next transaction must
            # not join it); an error SQLite already rolled back leaves nothing to roll back.
            with contextlib.suppress(sqlite3.OperationalError):
                self.conn.execute("ROLLBACK")
            raise

    async def grouped(self, work: Callable[[], T]) -> T:
        """`work()` in a transaction shared with the works queued in the same loop turn.

        `work` must not await (it runs inside the transaction; see `run_now`). The result, or
        the exception, comes only after the group's COMMIT: a caller that answers with it never
        answers for a write a crash could still lose.
        """
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        if not self._group:
            # Runs after every callback already due in this turn: the requests whose bytes
            # arrived together reach this queue before it is drained.
            loop.call_soon(self._commit_group)
        self._group.append((work, future))
        return await future

    def _commit_group(self) -> None:
        group, self._group = self._group, []
        self._run_group([(work, future) for work, future in group if not future.cancelled()])

    def _run_group(self, group: list[tuple[Callable[[], Any], asyncio.Future[Any]]]) -> None:
        """Run the works in one transaction, and settle their futures after its COMMIT.

        When a work raises, its writes must not be committed, and a savepoint per work would
        copy pages to a sub-journal (bench/README.md): the whole transaction rolls back
        instead, the works before the failed one run again one transaction each, the failed
        one gets its exception (what it saw was what it would have seen alone after them), and
        the works after it form a group again. A failed COMMIT reruns every work alone.
        """
        while group:
            results: list[Any] = []
            try:
                with self.transaction():
                    for work, _ in group:
                        results.append(work())
            except Exception as exc:
                done = len(results)
                for work, future in group[:done]:
                    self._run_alone(work, future)
                if done == len(group):
                    return
                _settle(group[done][1], error=exc)
                group = group[done + 1 :]
                continue
            for (_, future), result in zip(group, results, strict=True):
                _settle(future, result=result)
            return

    def _run_alone(self, work: Callable[[], Any], future: asyncio.Future[Any]) -> None:
        try:
            with self.transaction():
                result = work()
        except Exception as exc:
            _settle(future, error=exc)
        else:
            _settle(future, result=result)

    def one(self, sql: str, args: tuple[Any, ...] = ()) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self.conn.execute(sql, args).fetchone()
        return row

    def all(self, sql: str, args: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        return list(self.conn.execute(sql, args).fetchall())

    def get_meta(self, key: str) -> str | None:
        row = self.one("SELECT value FROM meta WHERE key = ?", (key,))
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        self.conn.execute(
            "INSERT INTO meta(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def reset_data(self) -> None:
        """Delete every resource, event and key; credentials and tokens are configuration."""
        with self.transaction() as conn:
            for table in _DATA_TABLES:
                conn.execute(f"DELETE FROM {table}")  # noqa: S608 - constant table names
            conn.execute("DELETE FROM meta WHERE key = 'clock_offset'")


def _settle(
    future: asyncio.Future[Any], *, result: Any = None, error: BaseException | None = None
) -> None:
    """Hand a group member its outcome, unless its caller stopped waiting (cancelled)."""
    if future.done():
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)
