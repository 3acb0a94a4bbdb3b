"""1. Client overhead: `GetCard` through `qolo.Client` versus raw httpx with a preset token.

Both sides talk to the same sandbox over keep-alive connections. A round is `blocks` pairs of
blocks of `block` calls, one block through each side, the order alternating, so both sides see
the same machine noise; the round compares the per-call medians of the two sides, and the
figure is the median of the rounds' ratios. The same is done with `qolo.AsyncClient` against
`httpx.AsyncClient`.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable

import httpx

import qolo
from qolo_api.api.cards import get_card
from qolo_sandbox.testing import start_sandbox

from ._common import Measurement, Row, Settings, Summary, bearer_token, create_card

__all__ = ["measure"]

TARGET = 1.10


BLOCK = 25


def _time_sync(call: Callable[[], object], calls: int, into: list[float]) -> None:
    """Append the seconds of each of `calls` sequential calls to `into`."""
    for _ in range(calls):
        started = time.perf_counter()
        call()
        into.append(time.perf_counter() - started)


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
            _time_sync(first[0], BLOCK, first[1])
            _time_sync(second[0], BLOCK, second[1])
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
    return _row("sync: qolo.Client / httpx.Client", ours, raws, ratios, calls)


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
        return _row("async: qolo.AsyncClient / httpx.AsyncClient", ours, raws, ratios, calls)

    return asyncio.run(run())


def _rounds_in_process(body: bytes, proxy: str, s: Settings) -> Row:
    """The same sync comparison with no network: both clients over one `httpx.MockTransport`."""

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/auth/login"):
            token = {"access_token": "t", "token_type": "Bearer", "expires_in": 43200}
            return httpx.Response(200, json=token)
        return httpx.Response(200, content=body, headers={"content-type": "application/json"})

    transport = httpx.MockTransport(answer)
    calls = _blocks(s) * BLOCK
    path = f"/api/v1/cards/{proxy}"
    with (
        qolo.Client(base_url="http://bench", loginid="l", apikey="k", transport=transport) as qc,
        httpx.Client(
            base_url="http://bench", headers={"Authorization": "Bearer t"}, transport=transport
        ) as raw,
    ):

        def through_qolo() -> object:
            return get_card.sync(proxy, client=qc)

        def through_httpx() -> object:
            response = raw.get(path)
            response.raise_for_status()
            return response.json()

        ours, raws, ratios = _interleaved_sync(through_qolo, through_httpx, s, warmup=50)
    row = _row("no network (MockTransport): qolo.Client / httpx.Client", ours, raws, ratios, calls)
    row.target, row.met = "", None  # context for the figures above, not the target itself
    return row


def _row(metric: str, ours: list[float], raws: list[float], ratios: list[float], calls: int) -> Row:
    ours_us = Summary.of([x * 1e6 for x in ours])
    raws_us = Summary.of([x * 1e6 for x in raws])
    ratio = Summary.of(ratios)
    extra = Summary.of([(q - r) * 1e6 for q, r in zip(ours, raws, strict=True)])
    return Row(
        metric=metric + " (median µs per GetCard)",
        value=ours_us.format(" µs", 0),
        anchor=raws_us.format(" µs", 0),
        ratio=ratio.format("×", 3),
        target=f"≤ {TARGET:.2f}×",
        met=ratio.median <= TARGET,
        data={
            "calls_per_round": calls,
            "qolo_us": ours_us.as_dict(),
            "httpx_us": raws_us.as_dict(),
            "ratio": ratio.as_dict(),
            "overhead_us": extra.as_dict(),
            "overhead_text": extra.format(" µs", 0),
        },
    )


def measure(settings: Settings) -> Measurement:
    result = Measurement(1, "Client overhead: GetCard through qolo vs raw httpx")
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
    row = _rounds_in_process(body, proxy, settings)
    result.notes.append(f"no network: qolo adds {row.data['overhead_text']} of CPU per call")
    result.rows.append(row)
    result.notes.append(
        "Both sides keep one connection alive to the same sandbox (one uvicorn worker, "
        "in-memory database); the raw side sends a preset token and calls `.json()`, the qolo "
        "side builds the attrs `Card` model. The no-network row answers both from one "
        "`httpx.MockTransport` with the sandbox's own GetCard body: the client's CPU alone."
    )
    return result
