"""One `AsyncClient` across event loops: each `asyncio.run()` (or thread's loop) gets its own
connections, so a call never meets a connection of a loop that has closed."""

from __future__ import annotations

import asyncio
import gc
import threading
import weakref

import pytest

import qolo
from qolo._per_loop import PerLoop
from qolo_api.api.cards import create_card, list_cards
from qolo_api.models import CardList, CreateCardResponse
from qolo_sandbox.testing import Sandbox

from ._support import AsyncClientFactory, card_request


async def _count_then_close(client: qolo.AsyncClient) -> int:
    """The program's card count, in one more loop; then the client is closed from it."""
    cards = qolo.unwrap(await list_cards.asyncio(client=client))
    await client.aclose()
    assert isinstance(cards, CardList)
    return cards.count


def test_one_client_serves_one_asyncio_run_after_another(
    sbx: Sandbox, make_async_client: AsyncClientFactory
) -> None:
    """Four loops in turn, one create each: four cards, four successes (no `Event loop is
    closed` after a request went out), and the client still closes."""
    client = make_async_client()

    async def create(n: int) -> CreateCardResponse:
        created = await create_card.asyncio(
            client=client, body=card_request(sbx.credential.program_guid, n)
        )
        assert isinstance(created, CreateCardResponse)
        return created

    proxies = {asyncio.run(create(n)).card.card_proxy for n in range(4)}
    assert len(proxies) == 4

    assert asyncio.run(_count_then_close(client)) == 4


def test_loops_in_two_threads_share_one_client(
    sbx: Sandbox, make_async_client: AsyncClientFactory
) -> None:
    """Two threads, each running its own loop at the same time, through one client."""
    client = make_async_client()
    failures: list[BaseException] = []

    async def creates(base: int) -> None:
        for n in range(base, base + 5):
            await create_card.asyncio(
                client=client, body=card_request(sbx.credential.program_guid, n)
            )

    def run(base: int) -> None:
        try:
            asyncio.run(creates(base))
        except BaseException as exc:  # reported by the main thread
            failures.append(exc)

    threads = [threading.Thread(target=run, args=(base,)) for base in (0, 100)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert failures == []
    assert asyncio.run(_count_then_close(client)) == 10


def _list_from_loops(client: qolo.AsyncClient, loops: int) -> list[str]:
    """`loops` threads, each running its own loop of 4 ListCards calls at the same moment: what
    each loop ended with (`ok` or the error's class name)."""
    barrier = threading.Barrier(loops)
    outcomes: list[str] = []

    async def calls() -> None:
        try:
            await asyncio.gather(*(list_cards.asyncio(client=client) for _ in range(4)))
            outcomes.append("ok")
        except qolo.QoloError as exc:
            outcomes.append(type(exc).__name__)

    def run() -> None:
        barrier.wait()
        asyncio.run(calls())

    threads = [threading.Thread(target=run) for _ in range(loops)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_loops_at_once_log_in_once(sbx: Sandbox, make_async_client: AsyncClientFactory) -> None:
    """Six loops in six threads, all needing a token at once: one login between them; and with
    a wrong key one refused login, not six (which would meet the login id's throttle)."""
    before = sbx.controls.stats()
    assert _list_from_loops(make_async_client(), 6) == ["ok"] * 6
    wrong = _list_from_loops(make_async_client(apikey="sk_sandbox_wrong_key_0001"), 6)
    after = sbx.controls.stats()
    assert wrong == ["AuthenticationError"] * 6
    assert after["logins"] - before["logins"] == 1
    assert after["failed_logins"] - before["failed_logins"] == 1


def test_a_login_abandoned_with_its_closed_loop_does_not_block_the_next_loop(
    sbx: Sandbox, make_async_client: AsyncClientFactory
) -> None:
    """A loop run by hand and closed while its call's login was still pending (the call timed
    out, the login task was never cancelled) cannot release the login's lock: the next loop
    frees it and logs in, where it would otherwise wait for ever."""
    sbx.controls.inject_fault(kind="latency", latency_ms=1000, count=1, path_prefix="/api/v1/auth")
    client = make_async_client()
    loop = asyncio.new_event_loop()
    with pytest.raises(TimeoutError):
        loop.run_until_complete(asyncio.wait_for(list_cards.asyncio(client=client, limit=1), 0.3))
    loop.close()

    async def again() -> object:
        async with asyncio.timeout(5):
            return await list_cards.asyncio(client=client, limit=1)

    assert isinstance(asyncio.run(again()), CardList)


class _PerLoopThing:
    """What a `PerLoop` makes in the test below (an `object()` cannot be weakly referenced)."""


def test_what_a_closed_loop_had_is_let_go() -> None:
    """A loop's object outlives the loop only until the next loop first asks: a worker that
    runs each task in a fresh loop does not pile up closed loops and what they made."""
    per_loop: PerLoop[_PerLoopThing] = PerLoop(_PerLoopThing)
    loops: list[weakref.ref[asyncio.AbstractEventLoop]] = []
    made: list[weakref.ref[_PerLoopThing]] = []

    async def use() -> None:
        loops.append(weakref.ref(asyncio.get_running_loop()))
        made.append(weakref.ref(per_loop.get()))

    for _ in range(3):
        asyncio.run(use())
    gc.collect()
    assert [loop() is None for loop in loops] == [True, True, False]  # the last: not asked yet
    assert [thing() is None for thing in made] == [True, True, False]
