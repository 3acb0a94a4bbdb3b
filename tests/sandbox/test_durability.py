"""A create commits once (claim, card and stored answer together), and what it promises holds:
an answered card survives kill -9, a key has one winner, a failed create frees its key; the
creates of one loop turn share a commit without sharing a failure (group commit); the
per-program ordinals behind ListCards' paging stay dense, also in a migrated file."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import uuid
from collections.abc import Callable, MutableMapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest

from qolo_sandbox._config import Config
from qolo_sandbox._idempotency import run_now
from qolo_sandbox._store import Store
from qolo_sandbox.app import SandboxApp
from qolo_sandbox.testing import PROGRAM_A, PROGRAM_B, Sandbox, default_credentials, start_sandbox

from ._support import ContractClient, Receiver, login
from .test_migration import _old_database


def test_cards_answered_201_survive_kill_9(tmp_path: Path) -> None:
    """Creates from 8 threads, SIGKILL right after the last answer: every answered card and
    its stored answer are there after the restart."""
    violations: list[str] = []
    answered: list[tuple[str, str]] = []
    with start_sandbox(db=tmp_path / "s.db", controls=False) as sbx:
        token = login(sbx.base_url, sbx.credential)

        def create(_: int) -> None:
            with ContractClient(sbx.base_url, violations, token) as api:
                for _ in range(10):
                    key = str(uuid.uuid4())
                    response = api.create_card(key)
                    assert response.status_code == 201
                    answered.append((key, response.json()["card"]["card_proxy"]))

        with ThreadPoolExecutor(8) as pool:
            list(pool.map(create, range(8)))
        sbx.kill()
        sbx.start()
        with ContractClient(sbx.base_url, violations, token) as api:
            assert api.get("/api/v1/cards").json()["count"] == len(answered) == 80
            for key, proxy in answered[-5:]:
                assert api.get(f"/api/v1/cards/{proxy}").status_code == 200
                replay = api.create_card(key)
                assert replay.headers["Idempotent-Replayed"] == "true"
                assert replay.json()["card"]["card_proxy"] == proxy
    assert not violations, violations


def test_a_claim_cut_off_by_kill_9_frees_its_key(tmp_path: Path, receiver: Receiver) -> None:
    """A create killed while its key is claimed (its ping still out) created nothing: after the
    restart the same request creates, never a 409 for a claim nobody will finish."""
    violations: list[str] = []
    receiver.delay = 60.0  # the first ping is never answered before the kill
    body = {
        "program_guid": PROGRAM_A,
        "url": receiver.url,
        "secret": "x" * 16,
        "event_type": ["all"],
    }
    headers = {"IdempotencyKey": str(uuid.uuid4())}
    with start_sandbox(db=tmp_path / "s.db", controls=False) as sbx:
        token = login(sbx.base_url, sbx.credential)
        with ContractClient(sbx.base_url, [], token) as api:
            outcome: list[object] = []

            def first() -> None:
                try:
                    outcome.append(api.post("/api/v1/notifications", json=body, headers=headers))
                except httpx.TransportError as exc:
                    outcome.append(exc)

            cut = threading.Thread(target=first)
            cut.start()
            receiver.wait_for(lambda: bool(receiver.received))
            with ContractClient(sbx.base_url, violations, token) as second:
                duplicate = second.post("/api/v1/notifications", json=body, headers=headers)
            assert duplicate.status_code == 409  # the claim is held: the first is in flight
            sbx.kill()
            cut.join()
            assert isinstance(outcome[0], httpx.TransportError)  # never answered
        receiver.delay = 0.0
        sbx.start()
        with ContractClient(sbx.base_url, violations, token) as api:
            again = api.post("/api/v1/notifications", json=body, headers=headers)
            assert again.status_code == 201, again.text
            assert "idempotent-replayed" not in again.headers
            assert api.get("/api/v1/notifications").json()["count"] == 1
    assert not violations, violations


def test_concurrent_creates_with_one_key_make_one_card(sbx: Sandbox, api: ContractClient) -> None:
    """Twenty concurrent creates with one key and no injected delay: one card, 19 replays."""
    key = str(uuid.uuid4())
    barrier = threading.Barrier(20)

    def create(_: int) -> httpx.Response:
        barrier.wait()
        response: httpx.Response = api.create_card(key)
        return response

    with ThreadPoolExecutor(20) as pool:
        answers = list(pool.map(create, range(20)))
    assert {r.status_code for r in answers} == {201}
    assert len({r.json()["card"]["card_proxy"] for r in answers}) == 1
    assert sum("idempotent-replayed" in r.headers for r in answers) == 19
    assert api.get("/api/v1/cards").json()["count"] == 1


def test_a_create_that_fails_after_the_claim_frees_the_key(api: ContractClient) -> None:
    """An unknown person is a 404 found after the key was claimed: the key is free again (a
    kept claim would make the corrected body a 422)."""
    key = str(uuid.uuid4())
    stranger = {"person_guid": str(uuid.uuid4())}
    missing = api.post(
        "/api/v1/cards",
        json={"program_guid": PROGRAM_A, "person": stranger},
        headers={"IdempotencyKey": key},
    )
    assert missing.status_code == 404
    assert api.create_card(key).status_code == 201
    assert api.get("/api/v1/cards").json()["count"] == 1


def test_run_now_refuses_work_that_awaits() -> None:
    """Work that yields to the loop inside a transaction is refused, not silently shared."""

    async def awaits() -> int:
        await asyncio.sleep(0)
        return 1

    async def does_not() -> int:
        return 2

    assert run_now(does_not()) == 2
    with pytest.raises(RuntimeError, match="awaited inside a transaction"):
        run_now(awaits())


def test_pages_of_two_interleaved_programs(
    sbx: Sandbox, make_client: Callable[..., ContractClient]
) -> None:
    """Cards of A and B issued in turn: A's pages, whatever the offset, are A's cards in order."""
    a = make_client()
    b = make_client(next(c for c in sbx.credentials if c.program_guid == PROGRAM_B))
    mine = []
    for _ in range(5):
        mine.append(a.create_card().json()["card"]["card_proxy"])
        body = {"program_guid": PROGRAM_B, "person": {"first_name": "B", "last_name": "B"}}
        assert b.post("/api/v1/cards", json=body).status_code == 201
    pages = [
        a.get("/api/v1/cards", params={"limit": 2, "start_index": start}).json()
        for start in (0, 2, 4)
    ]
    assert [p["count"] for p in pages] == [5, 5, 5]
    assert [c["card_proxy"] for p in pages for c in p["data"]] == mine
    assert [p["has_more"] for p in pages] == [True, True, False]
    beyond = a.get("/api/v1/cards", params={"start_index": 9}).json()
    assert (beyond["count"], beyond["data"]) == (5, [])
    person = a.get(f"/api/v1/cards/{mine[3]}").json()["person_guid"]
    one = a.get("/api/v1/cards", params={"person_guid": person}).json()
    assert [c["card_proxy"] for c in one["data"]] == [mine[3]]
    assert one["count"] == 1


def test_a_migrated_file_numbers_its_cards_per_program(tmp_path: Path) -> None:
    """An older file gains dense ordinals, in the order its cards were issued."""
    db = tmp_path / "old.db"
    _old_database(db, "http://127.0.0.1:9/x")
    Store(str(db)).close()
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT card_proxy, ordinal FROM cards ORDER BY seq").fetchall()
    assert rows == [("old-full", 1), ("old-virtual", 2)]
    with sqlite3.connect(db) as conn:
        indexes = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    assert "cards_ordinal" in indexes
    assert "cards_program" not in indexes  # replaced, not kept up to date for nothing


def _commits(store: Store) -> list[str]:
    """The COMMITs `store` runs from now on (SQLite's statement trace)."""
    seen: list[str] = []
    store.conn.set_trace_callback(lambda sql: seen.append(sql) if sql == "COMMIT" else None)
    return seen


def _noted_store() -> Store:
    store = Store(None)
    store.conn.execute("CREATE TABLE notes (name TEXT PRIMARY KEY)")
    return store


def _note(store: Store, name: str, *, fail: bool = False) -> Callable[[], str]:
    def work() -> str:
        store.conn.execute("INSERT INTO notes VALUES (?)", (name,))
        if fail:
            raise ValueError(f"{name} failed after its write")
        return name

    return work


def _notes(store: Store) -> list[str]:
    return [row[0] for row in store.conn.execute("SELECT name FROM notes ORDER BY name")]


def test_works_of_one_loop_turn_share_one_commit() -> None:
    """Three grouped works started together: one COMMIT, each its own result, all written."""
    store = _noted_store()
    commits = _commits(store)

    async def run() -> list[str]:
        return list(await asyncio.gather(*(store.grouped(_note(store, n)) for n in "abc")))

    assert asyncio.run(run()) == ["a", "b", "c"]
    assert commits == ["COMMIT"]
    assert _notes(store) == ["a", "b", "c"]


def test_a_failed_work_loses_nothing_of_its_group() -> None:
    """The middle work of five fails after writing: its write is gone, its caller gets its
    exception, and the other four are answered and committed."""
    store = _noted_store()
    works = [_note(store, n, fail=n == "c") for n in "abcde"]

    async def run() -> list[object]:
        grouped = (store.grouped(work) for work in works)
        return list(await asyncio.gather(*grouped, return_exceptions=True))

    outcomes = asyncio.run(run())
    assert outcomes[:2] + outcomes[3:] == ["a", "b", "d", "e"]
    assert isinstance(outcomes[2], ValueError)
    assert _notes(store) == ["a", "b", "d", "e"]
    assert not store.conn.in_transaction


async def _asgi(
    app: SandboxApp, path: str, body: object, headers: dict[str, str]
) -> tuple[int, dict[str, str], object]:
    """One request through the app itself (no server): status, headers and JSON body."""
    raw = orjson.dumps(body)
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": raw, "more_body": False}

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(dict(message))

    fields = {"content-type": "application/json", **headers}
    scope = {
        "type": "http",
        "method": "POST",
        "path": path,
        "query_string": b"",
        "headers": [(k.lower().encode(), v.encode()) for k, v in fields.items()],
    }
    await app(scope, receive, send)
    answer = {k.decode().lower(): v.decode() for k, v in sent[0]["headers"]}
    return sent[0]["status"], answer, orjson.loads(sent[1]["body"])


def test_one_group_with_one_key_twice_and_a_bad_body() -> None:
    """Creates that reach the store in one loop turn, in one group: eight with one key give
    one card and seven replays; a reused key with another body is a 422 and costs none of
    the others their card; creates with other keys still share the commit."""
    credential = default_credentials()[0]
    app = SandboxApp(Config(credentials=[credential]))
    commits = _commits(app.services.store)

    async def run() -> list[tuple[int, dict[str, str], object]]:
        status, _, login = await _asgi(
            app,
            "/api/v1/auth/login",
            {"loginid": credential.loginid, "apikey": credential.apikey},
            {},
        )
        assert status == 200
        assert isinstance(login, dict)
        auth = {"Authorization": f"Bearer {login['access_token']}"}
        body = {"program_guid": PROGRAM_A, "person": {"first_name": "A", "last_name": "B"}}
        other = {**body, "months_until_expire": 12}
        requests = [(body, "shared")] * 8 + [(other, "shared"), (body, "own-1"), (body, "own-2")]
        commits.clear()
        return list(
            await asyncio.gather(
                *(
                    _asgi(app, "/api/v1/cards", b, {**auth, "IdempotencyKey": k})
                    for b, k in requests
                )
            )
        )

    answers = asyncio.run(run())
    shared, reused, own = answers[:8], answers[8], answers[9:]
    assert [status for status, _, _ in shared + own] == [201] * 10
    assert [h.get("idempotent-replayed") for _, h, _ in shared] == [None] + ["true"] * 7
    assert len({orjson.dumps(b) for _, _, b in shared}) == 1
    assert reused[0] == 422
    assert len(app.services.store.all("SELECT card_proxy FROM cards")) == 3
    assert commits == ["COMMIT"]  # the 422 wrote nothing, so it did not break up the group
