"""A `--db` file written by the 1.0.0 sandbox opens, is migrated, and keeps working."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from qolo_sandbox._store import Store
from qolo_sandbox.testing import PROGRAM_A, start_sandbox

from ._support import ContractClient, Receiver, login

NEVER = "0001-01-01T00:00:00"
PERSON = "0b6f3c55-6a43-4c1e-9d43-6c0f2f1f9a10"
WALLET = "9d2e4f61-7a8b-4c3d-9e0f-1a2b3c4d5e6f"
ACTIVE_SUB = "3c9b8a7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d"
INACTIVE_SUB = "4d0c9b8e-7f60-4b4c-9d3e-2f1a0b9c8d7e"
# The tables that changed, and those the rows below need, as the 1.0.0 sandbox created them.
SCHEMA_1_0 = """
CREATE TABLE persons (
    person_guid TEXT PRIMARY KEY,
    program_guid TEXT NOT NULL,
    data BLOB NOT NULL
);
CREATE TABLE wallets (
    wallet_guid TEXT PRIMARY KEY,
    person_guid TEXT NOT NULL REFERENCES persons(person_guid),
    program_guid TEXT NOT NULL,
    name TEXT
);
CREATE TABLE cards (
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
    updated TEXT NOT NULL
);
CREATE INDEX cards_program ON cards(program_guid, seq);
CREATE TABLE notifications (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    notification_guid TEXT NOT NULL UNIQUE,
    program_guid TEXT NOT NULL,
    url TEXT NOT NULL,
    headers TEXT,
    secret TEXT NOT NULL,
    active INTEGER NOT NULL,
    event_types BLOB NOT NULL,
    inserted TEXT NOT NULL,
    updated TEXT NOT NULL
);
"""


def _old_database(path: Path, url: str) -> None:
    """A 1.0.0 file: an ACTIVE plastic card, a PENDING virtual one, two subscriptions."""
    with sqlite3.connect(path) as conn:
        conn.executescript(SCHEMA_1_0)
        person = {"person_guid": PERSON, "first_name": "Ada", "last_name": "Lovelace"}
        conn.execute(
            "INSERT INTO persons VALUES (?, ?, ?)", (PERSON, PROGRAM_A, json.dumps(person))
        )
        conn.execute("INSERT INTO wallets VALUES (?, ?, ?, NULL)", (WALLET, PERSON, PROGRAM_A))
        for proxy, status, issuance, updated in (
            ("old-full", "ACTIVE", "FULL", "2026-11-24T09:00:00.456Z"),
            ("old-virtual", "PENDING", "VIRTUAL", "2026-11-23T10:15:30.123Z"),
        ):
            conn.execute(
                "INSERT INTO cards(card_proxy, program_guid, person_guid, wallet_guid, pan_bin, "
                "pan_last4, pan_digest, card_status, issuance_type, card_condition, "
                "activation_method, expiration_date, inserted, updated) "
                "VALUES (?, ?, ?, ?, '534092', '0007', ?, ?, ?, 'NEW', 'API', '2911', ?, ?)",
                (
                    proxy,
                    PROGRAM_A,
                    PERSON,
                    WALLET,
                    bytes(48),
                    status,
                    issuance,
                    "2026-11-23T10:15:30.123Z",
                    updated,
                ),
            )
        for guid, active in ((ACTIVE_SUB, 1), (INACTIVE_SUB, 0)):
            conn.execute(
                "INSERT INTO notifications(notification_guid, program_guid, url, secret, active, "
                "event_types, inserted, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    guid,
                    PROGRAM_A,
                    url,
                    "whsec_0123456789abcdef",
                    active,
                    b'["all"]',
                    "2026-11-23T10:15:30.123Z",
                    "2026-11-23T10:15:30.123Z",
                ),
            )


def _columns(path: Path, table: str) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


def test_an_old_file_gains_the_new_columns_once(tmp_path: Path) -> None:
    """Opening adds the missing columns with ALTER TABLE; opening again changes nothing."""
    db = tmp_path / "old.db"
    _old_database(db, "http://127.0.0.1:9/x")
    assert "activated" not in _columns(db, "cards")
    Store(str(db)).close()
    assert {"activated", "card_requested", "digital_package_guid"} <= _columns(db, "cards")
    assert "ever_active" in _columns(db, "notifications")
    with sqlite3.connect(db) as conn:
        before = conn.execute("SELECT * FROM cards ORDER BY seq").fetchall()
    Store(str(db)).close()
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT * FROM cards ORDER BY seq").fetchall() == before


def test_an_old_file_serves_the_new_contract(tmp_path: Path, receiver: Receiver) -> None:
    """The 1.0.0 cards and subscriptions answer as 2.0.0 ones, new operations included."""
    db = tmp_path / "old.db"
    _old_database(db, receiver.url)
    violations: list[str] = []
    with start_sandbox(db=db) as sbx:
        api = ContractClient(sbx.base_url, violations, login(sbx.base_url, sbx.credential))
        full = api.get("/api/v1/cards/old-full").json()
        assert full["card_condition"] == "ORIGINAL"
        assert full["sys_utcinserted"] == "2026-11-23T10:15:30.123"
        assert full["sys_utcupdated"] == full["activation_date"] == "2026-11-24T09:00:00.456"
        assert full["card_tracking_detail"]["card_requested"] == "2026-11-23T10:15:30.123"
        virtual = api.get("/api/v1/cards/old-virtual").json()
        assert virtual["activation_date"] == NEVER
        assert virtual["card_tracking_detail"]["card_requested"] == NEVER
        plastic = api.post(
            "/api/v1/cards/old-virtual/issuance_type", json={"issuance_type": "FULL"}
        )
        assert plastic.json()["issuance_type"] == "FULL"
        validated = api.post(
            "/api/v1/cards/validate", json={"card_proxy": "old-full", "card_lastX": "0007"}
        )
        assert validated.status_code == 200
        second = api.post(
            "/api/v1/cards", json={"program_guid": PROGRAM_A, "person": {"person_guid": PERSON}}
        )
        assert second.json()["card"]["wallet_guid"] == WALLET
        subscriptions = {
            s["notification_guid"]: s for s in api.get("/api/v1/notifications").json()["data"]
        }
        assert subscriptions[ACTIVE_SUB]["sys_utcinserted"] == "2026-11-23T10:15:30.123"
        body = {"program_guid": PROGRAM_A, "url": receiver.url, "event_type": ["all"]}
        was_active = api.put(f"/api/v1/notifications/{ACTIVE_SUB}", json=body).json()
        assert was_active["active"] is True  # pinged, as one that has been active
        never = api.put(f"/api/v1/notifications/{INACTIVE_SUB}", json=body).json()
        assert never["active"] is False  # an inactive 1.0.0 subscription counts as never active
        pings = [r for r in receiver.received if json.loads(r.body)["event_type"] == "ping"]
        assert len(pings) == 1
        api.close()
        sbx.restart()
        api = ContractClient(sbx.base_url, violations, login(sbx.base_url, sbx.credential))
        assert api.get("/api/v1/cards/old-full").json() == full
        api.close()
    assert not violations, violations
