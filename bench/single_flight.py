"""2. Token single-flight under load: 1,000 concurrent async `GetCard` calls.

Three runs per round, one `qolo.AsyncClient` each:
- fresh: the client already holds a valid token (the anchor);
- expired: the client holds a token the sandbox's clock has just expired, so every call gets a
  401 and the client must refresh once and replay them all;
- cold: a new client with no token, so every call waits for the first login.
Logins are counted by the sandbox (`/_sandbox/stats`) before and after each run.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter

import qolo
from qolo_api.api.cards import get_card
from qolo_sandbox.testing import Sandbox, start_sandbox

from ._common import Measurement, Row, Settings, Summary, bearer_token, create_card

__all__ = ["measure"]

CONCURRENCY = 1000


def _client(sbx: Sandbox) -> qolo.AsyncClient:
    cred = sbx.credential
    return qolo.AsyncClient(base_url=sbx.base_url, loginid=cred.loginid, apikey=cred.apikey)


async def _burst(client: qolo.AsyncClient, proxy: str, calls: int) -> tuple[float, Counter[str]]:
    """Seconds for `calls` concurrent GetCards, and how they ended (`ok` or the exception)."""
    started = time.perf_counter()
    results = await asyncio.gather(
        *(get_card.asyncio(proxy, client=client) for _ in range(calls)), return_exceptions=True
    )
    elapsed = time.perf_counter() - started
    outcomes: Counter[str] = Counter(
        type(r).__name__ if isinstance(r, BaseException) else "ok" for r in results
    )
    return elapsed, outcomes


def _logins(sbx: Sandbox) -> int:
    return int(sbx.controls.stats()["logins"])


async def _round(
    sbx: Sandbox, proxy: str, calls: int, into: dict[str, list[float]], logins: dict[str, list[int]]
) -> Counter[str]:
    failures: Counter[str] = Counter()
    async with _client(sbx) as client:
        await get_card.asyncio(proxy, client=client)  # log in
        await _burst(client, proxy, calls)  # open the pool's connections
        before = _logins(sbx)
        elapsed, outcomes = await _burst(client, proxy, calls)
        into["fresh"].append(elapsed)
        logins["fresh"].append(_logins(sbx) - before)
        failures.update({f"fresh:{k}": v for k, v in outcomes.items() if k != "ok"})

        ttl = 43200
        sbx.controls.advance_clock(ttl + 60)  # the held token is now expired on the server
        before = _logins(sbx)
        elapsed, outcomes = await _burst(client, proxy, calls)
        into["expired"].append(elapsed)
        logins["expired"].append(_logins(sbx) - before)
        failures.update({f"expired:{k}": v for k, v in outcomes.items() if k != "ok"})

    async with _client(sbx) as cold:
        before = _logins(sbx)
        elapsed, outcomes = await _burst(cold, proxy, calls)
        into["cold"].append(elapsed)
        logins["cold"].append(_logins(sbx) - before)
        failures.update({f"cold:{k}": v for k, v in outcomes.items() if k != "ok"})
    return failures


def measure(settings: Settings) -> Measurement:
    result = Measurement(2, "Token single-flight: 1,000 concurrent async calls, expired token")
    calls = 200 if settings.quick else CONCURRENCY
    times: dict[str, list[float]] = {"fresh": [], "expired": [], "cold": []}
    logins: dict[str, list[int]] = {"fresh": [], "expired": [], "cold": []}
    failures: Counter[str] = Counter()
    with start_sandbox(controls=True) as sbx:
        cred = sbx.credential
        token = bearer_token(sbx.base_url, cred.loginid, cred.apikey)
        proxy = create_card(sbx.base_url, token, cred.program_guid)
        for _ in range(settings.rounds):
            failures += asyncio.run(_round(sbx, proxy, calls, times, logins))
    fresh = Summary.of(times["fresh"])
    for case, what in (
        ("expired", "expired token (401 → one refresh → replay)"),
        ("cold", "no token yet (first login)"),
    ):
        ratio = Summary.of([e / f for e, f in zip(times[case], times["fresh"], strict=True)])
        result.rows.append(
            Row(
                metric=f"{calls} calls, {what}: logins per burst",
                value=_counts(logins[case]),
                target="exactly 1",
                met=all(n == 1 for n in logins[case]),
                data={"logins": logins[case]},
            )
        )
        result.rows.append(
            Row(
                metric=f"{calls} calls, {what}: wall time",
                value=Summary.of(times[case]).format(" s", 3),
                anchor=f"fresh token: {fresh.format(' s', 3)}",
                ratio=ratio.format("×", 2),
                data={
                    "seconds": Summary.of(times[case]).as_dict(),
                    "fresh_seconds": fresh.as_dict(),
                    "ratio": ratio.as_dict(),
                },
            )
        )
    result.rows.append(
        Row(
            metric="failed calls (all runs)",
            value=str(sum(failures.values())),
            target="0",
            met=not failures,
            data=dict(failures),
        )
    )
    result.notes.append(
        "The expired run sends every request twice (the 401, then the replay), so about 2× the "
        "fresh run is the expected cost; the pool holds httpx's default 100 connections. "
        f"Fresh-token runs made {_counts(logins['fresh'])} logins."
    )
    return result


def _counts(values: list[int]) -> str:
    return ", ".join(str(v) for v in values) + f" (n={len(values)})"
