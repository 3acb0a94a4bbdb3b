"""1. Client overhead: `GetCard` through `qolo.Client` versus raw httpx with a preset token.

Both sides talk to the same sandbox over keep-alive connections. A round is `blocks` pairs of
blocks of `block` calls, one block through each side, the order alternating, so both sides see
the same machine noise; the round compares the per-call medians of the two sides, and the
figure is the median of the rounds' ratios. The same is done with `qolo.AsyncClient` against
`httpx.AsyncClient`.

Without a network, the same comparison runs for qolo and its peers (`peers`: the generated
client alone and two Stainless-generated SDKs), each over its own `httpx.MockTransport`, and a
last row divides qolo's overhead (ratio − 1) by the best Stainless peer's, round by round.
"""

from __future__ import annotations

import asyncio
import math
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import httpx

import qolo
from qolo_api.api.cards import get_card
from qolo_sandbox.testing import start_sandbox

from ._common import Measurement, Row, Settings, Summary, bearer_token, create_card
from .peers import open_pairs

__all__ = ["measure"]

TARGET = 1.10  # the network rows
NO_NETWORK_TARGET = 1.15  # qolo.Client over httpx.MockTransport (issue #14)
PEER_SHARE_TARGET = 0.5  # qolo's overhead / the best Stainless peer's (issue #14)


BLOCK = 25


@dataclass(slots=True)
class _PairRounds:
    """One pair's figures, one entry per round: seconds per call on each side and their ratio."""

    ours: list[float] = field(default_factory=list)
    raws: list[float] = field(default_factory=list)
    ratios: list[float] = field(default_factory=list)


def _time_sync(
    call: Callable[[], object],
    calls: int,
    into: list[float],
    clock: Callable[[], float] = time.perf_counter,
) -> None:
    """Append the seconds (by `clock`) of each of `calls` sequential calls to `into`."""
    for _ in range(calls):
        started = clock()
        call()
        into.append(clock() - started)


async def _time_async(call: Callable[[], Awaitable[object]], calls: int, into: list[float]) -> None:
    for _ in range(calls):
        started = time.perf_counter()
        await call()
        into.append(time.perf_counter() - started)


def _blocks(settings: Settings) -> int:
    """Pairs of blocks per round: 200 calls per side per round, 50 in a quick run."""
    return 2 if settings.quick else 8


def _interleaved_sync(
    through_qolo: Callable[[], object],
    through_httpx: Callable[[], object],
    s: Settings,
    warmup: int,
    clock: Callable[[], float] = time.perf_counter,
) -> tuple[list[float], list[float], list[float]]:
    """Per round: the two sides' median seconds per call and their ratio (see the module doc)."""
    warm: list[float] = []
    _time_sync(through_qolo, warmup, warm)
    _time_sync(through_httpx, warmup, warm)
    ours: list[float] = []
    raws: list[float] = []
    ratios: list[float] = []
    for _ in range(s.rounds):
        q_times: list[float] = []
        r_times: list[float] = []
        for index in range(_blocks(s)):
            first, second = (
                ((through_qolo, q_times), (through_httpx, r_times))
                if index % 2 == 0
                else ((through_httpx, r_times), (through_qolo, q_times))
            )
            _time_sync(first[0], BLOCK, first[1], clock)
            _time_sync(second[0], BLOCK, second[1], clock)
        q, r = statistics.median(q_times), statistics.median(r_times)
        ours.append(q)
        raws.append(r)
        ratios.append(q / r)
    return ours, raws, ratios


def _rounds_sync(base_url: str, cred_login: str, cred_key: str, proxy: str, s: Settings) -> Row:
    token = bearer_token(base_url, cred_login, cred_key)
    calls = _blocks(s) * BLOCK
    path = f"/api/v1/cards/{proxy}"
    with (
        qolo.Client(base_url=base_url, loginid=cred_login, apikey=cred_key) as client,
        httpx.Client(
            base_url=base_url, headers={"Authorization": f"Bearer {token}"}, timeout=30.0
        ) as raw,
    ):

        def through_qolo() -> object:
            return get_card.sync(proxy, client=client)

        def through_httpx() -> object:
            response = raw.get(path)
            response.raise_for_status()
            return response.json()

        # warm-up: log in, open the connections, warm the caches
        ours, raws, ratios = _interleaved_sync(through_qolo, through_httpx, s, warmup=20)
    return _row(
        "sync: qolo.Client / httpx.Client", _PairRounds(ours, raws, ratios), calls, "GetCard"
    )


def _rounds_async(base_url: str, cred_login: str, cred_key: str, proxy: str, s: Settings) -> Row:
    token = bearer_token(base_url, cred_login, cred_key)
    calls = _blocks(s) * BLOCK
    path = f"/api/v1/cards/{proxy}"

    async def run() -> Row:
        ours: list[float] = []
        raws: list[float] = []
        ratios: list[float] = []
        async with (
            qolo.AsyncClient(base_url=base_url, loginid=cred_login, apikey=cred_key) as client,
            httpx.AsyncClient(
                base_url=base_url, headers={"Authorization": f"Bearer {token}"}, timeout=30.0
            ) as raw,
        ):

            async def through_qolo() -> object:
                return await get_card.asyncio(proxy, client=client)

            async def through_httpx() -> object:
                response = await raw.get(path)
                response.raise_for_status()
                return response.json()

            warm: list[float] = []
            await _time_async(through_qolo, 20, warm)
            await _time_async(through_httpx, 20, warm)
            for _ in range(s.rounds):
                q_times: list[float] = []
                r_times: list[float] = []
                for index in range(_blocks(s)):
                    if index % 2 == 0:
                        await _time_async(through_qolo, BLOCK, q_times)
                        await _time_async(through_httpx, BLOCK, r_times)
                    else:
                        await _time_async(through_httpx, BLOCK, r_times)
                        await _time_async(through_qolo, BLOCK, q_times)
                q, r = statistics.median(q_times), statistics.median(r_times)
                ours.append(q)
                raws.append(r)
                ratios.append(q / r)
        return _row(
            "async: qolo.AsyncClient / httpx.AsyncClient",
            _PairRounds(ours, raws, ratios),
            calls,
            "GetCard",
        )

    return asyncio.run(run())


def _rounds_without_network(body: bytes, proxy: str, s: Settings) -> list[Row]:
    """Each client of `peers` against raw httpx over its own `httpx.MockTransport`.

    Every round runs every pair in turn (so all pairs share the round's noise), each as
    alternating blocks like the network rows; the last row compares, round by round, qolo's
    overhead with the best Stainless peer's. Calls are timed in this thread's CPU time, not wall
    time: everything a call does runs in this thread, and on a shared machine wall time also
    counts the waits of a preempted call, which inflates long calls far more than short ones.
    """
    blocks = _blocks(s)
    with open_pairs(body, proxy) as pairs:
        for pair in pairs:  # warm-up: first-call caches, lazily built models
            _time_sync(pair.through_client, 50, [])
            _time_sync(pair.through_httpx, 50, [])
        answered = [pair.answered() for pair in pairs]
        rounds = [_PairRounds() for _ in pairs]
        for _ in range(s.rounds):
            for pair, into in zip(pairs, rounds, strict=True):
                ours, raws, ratios = _interleaved_sync(
                    pair.through_client,
                    pair.through_httpx,
                    Settings(1, s.quick),
                    warmup=0,
                    clock=time.thread_time,
                )
                into.ours += ours
                into.raws += raws
                into.ratios += ratios
        for pair, before in zip(pairs, answered, strict=True):
            sent = pair.answered() - before
            if sent != 2 * s.rounds * blocks * BLOCK:
                raise RuntimeError(f"{pair.label}: {sent} requests answered, not one per call")
        labels = [pair.label for pair in pairs]
        qolo_index = next(i for i, pair in enumerate(pairs) if pair.kind == "qolo")
        stainless = [i for i, pair in enumerate(pairs) if pair.kind == "stainless"]
    calls = blocks * BLOCK
    rows = []
    for index, (label, into) in enumerate(zip(labels, rounds, strict=True)):
        target = NO_NETWORK_TARGET if index == qolo_index else None
        row = _row(f"no network: {label} / httpx.Client", into, calls, "call, CPU", target)
        rows.append(row)
    qolo_overheads = [r - 1 for r in rounds[qolo_index].ratios]
    best_peer = [min(rounds[i].ratios[n] - 1 for i in stainless) for n in range(s.rounds)]
    shares = Summary.of(
        [q / p if p > 0 else math.inf for q, p in zip(qolo_overheads, best_peer, strict=True)]
    )
    best = Summary.of(best_peer)
    rows.append(
        Row(
            metric="no network: qolo's overhead / the best Stainless peer's (ratio − 1 each)",
            value=Summary.of(qolo_overheads).format("", 3),
            anchor=best.format("", 3),
            ratio=shares.format("", 3),
            target=f"≤ {PEER_SHARE_TARGET:.2f}",
            met=shares.median <= PEER_SHARE_TARGET,
            data={
                "qolo_overhead": Summary.of(qolo_overheads).as_dict(),
                "best_stainless_overhead": best.as_dict(),
                "share": shares.as_dict(),
            },
        )
    )
    return rows


def _row(
    metric: str, into: _PairRounds, calls: int, per: str, target: float | None = TARGET
) -> Row:
    """A table row: the client's and raw httpx's medians per call, their ratio, the extra µs."""
    ours_us = Summary.of([x * 1e6 for x in into.ours])
    raws_us = Summary.of([x * 1e6 for x in into.raws])
    ratio = Summary.of(into.ratios)
    extra = Summary.of([(q - r) * 1e6 for q, r in zip(into.ours, into.raws, strict=True)])
    return Row(
        metric=f"{metric} (median µs per {per})",
        value=ours_us.format(" µs", 0),
        anchor=raws_us.format(" µs", 0),
        ratio=ratio.format("×", 3),
        target="" if target is None else f"≤ {target:.2f}×",
        met=None if target is None else ratio.median <= target,
        data={
            "calls_per_round": calls,
            "client_us": ours_us.as_dict(),
            "httpx_us": raws_us.as_dict(),
            "ratio": ratio.as_dict(),
            "overhead_us": extra.as_dict(),
            "overhead_text": extra.format(" µs", 0),
        },
    )


def measure(settings: Settings) -> Measurement:
    result = Measurement(1, "Client overhead: qolo and its peers vs raw httpx")
    with start_sandbox(controls=False) as sbx:
        cred = sbx.credential
        token = bearer_token(sbx.base_url, cred.loginid, cred.apikey)
        proxy = create_card(sbx.base_url, token, cred.program_guid)
        body = httpx.get(
            f"{sbx.base_url}/api/v1/cards/{proxy}",
            headers={"Authorization": f"Bearer {token}"},
            timeout=10.0,
        ).content
        for rounds in (_rounds_sync, _rounds_async):
            row = rounds(sbx.base_url, cred.loginid, cred.apikey, proxy, settings)
            side = row.metric.split(":")[0]
            result.notes.append(f"{side}: qolo adds {row.data['overhead_text']} per call")
            result.rows.append(row)
    peer_rows = _rounds_without_network(body, proxy, settings)
    for row in peer_rows[:-1]:
        side = row.metric.split(" / ")[0].removeprefix("no network: ")
        result.notes.append(f"no network, {side}: adds {row.data['overhead_text']} of CPU per call")
    result.rows.extend(peer_rows)
    result.notes.append(
        "Network rows: both sides keep one connection alive to the same sandbox (one uvicorn "
        "worker, in-memory database); the raw side sends a preset token and calls `.json()`, "
        "the qolo side builds the attrs `Card` model. No-network rows: each client and raw "
        "httpx share one `httpx.MockTransport` answering a realistic body (the sandbox's own "
        "GetCard body for qolo and the generated client, a Lithic Card, an OpenAI Model), timed "
        "in the thread's CPU time: the clients' CPU alone. Overhead = ratio − 1, i.e. "
        "(client − httpx) / httpx per call."
    )
    return result
