"""3. Idempotent retries under faults: N `CreateCard` calls while the sandbox injects faults.

Per round, N creates through one `qolo.AsyncClient` (16 in flight at a time) run twice: once
fault-free (the anchor) and once with three rate-based faults on `POST /api/v1/cards`: a 503
before the write, a dropped connection after the write (the card exists, the answer is lost)
and a 429. Cards are counted with ListCards before and after each run; retries are counted from
the client's INFO log lines. The target is exactly N cards: a retry must never create a second
card (and, with enough retries, every call gets through).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from uuid import UUID

import qolo
from qolo_api.api.cards import create_card
from qolo_api.models import CreateCardRequest, Person
from qolo_sandbox.testing import Sandbox, start_sandbox

from ._common import Measurement, Row, Settings, Summary, bearer_token, card_count

__all__ = ["measure"]

IN_FLIGHT = 16
FAULT_RATE = 0.1  # per kind; about 27 % of attempts meet at least one fault
FAULT_KINDS = ("error_before_write", "drop_after_write", "rate_limit")
MAX_RETRIES = 8  # 9 faulted attempts in a row: p = 0.27**9 ≈ 1e-5 per call


class _RetryCounter(logging.Handler):
    """Counts the client's `retrying ... after REASON` INFO lines by reason."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.reasons: Counter[str] = Counter()

    def emit(self, record: logging.LogRecord) -> None:
        if isinstance(record.msg, str) and record.msg.startswith("retrying"):
            args = record.args if isinstance(record.args, tuple) else ()
            self.reasons[str(args[1]) if len(args) > 1 else "?"] += 1


async def _creates(sbx: Sandbox, calls: int) -> tuple[float, int, Counter[str]]:
    """Seconds for `calls` creates, how many succeeded, and the failures by exception."""
    cred = sbx.credential
    body = CreateCardRequest(
        program_guid=UUID(cred.program_guid),
        person=Person(first_name="Ada", last_name="Retry"),
    )
    gate = asyncio.Semaphore(IN_FLIGHT)
    failures: Counter[str] = Counter()
    succeeded = 0
    async with qolo.AsyncClient(
        base_url=sbx.base_url, loginid=cred.loginid, apikey=cred.apikey, max_retries=MAX_RETRIES
    ) as client:

        async def one() -> None:
            nonlocal succeeded
            async with gate:
                try:
                    qolo.unwrap(await create_card.asyncio(client=client, body=body))
                except qolo.QoloError as exc:
                    failures[type(exc).__name__] += 1
                else:
                    succeeded += 1

        await client.get_async_httpx_client().get("/api/v1/cards", params={"limit": 1})  # login
        started = time.perf_counter()
        await asyncio.gather(*(one() for _ in range(calls)))
        return time.perf_counter() - started, succeeded, failures


def measure(settings: Settings) -> Measurement:
    result = Measurement(3, "Idempotent retries under faults: N creates")
    calls = 50 if settings.quick else 300
    counter = _RetryCounter()
    log = logging.getLogger("qolo")
    old_level = log.level
    log.setLevel(logging.INFO)
    log.addHandler(counter)
    clean_times: list[float] = []
    fault_times: list[float] = []
    created: list[int] = []
    succeeded: list[int] = []
    retries: list[int] = []
    failures: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    clean_dupes = 0
    try:
        with start_sandbox(controls=True) as sbx:
            cred = sbx.credential
            token = bearer_token(sbx.base_url, cred.loginid, cred.apikey)
            for _ in range(settings.rounds):
                before = card_count(sbx.base_url, token)
                seconds, ok, failed = asyncio.run(_creates(sbx, calls))
                clean_times.append(seconds)
                clean_dupes += card_count(sbx.base_url, token) - before - ok
                failures.update({f"fault-free:{k}": v for k, v in failed.items()})

                for kind in FAULT_KINDS:
                    sbx.controls.inject_fault(
                        kind=kind, rate=FAULT_RATE, methods=["POST"], path_prefix="/api/v1/cards"
                    )
                counter.reasons.clear()
                before = card_count(sbx.base_url, token)
                seconds, ok, failed = asyncio.run(_creates(sbx, calls))
                sbx.controls.clear_faults()
                fault_times.append(seconds)
                created.append(card_count(sbx.base_url, token) - before)
                succeeded.append(ok)
                retries.append(sum(counter.reasons.values()))
                reasons.update(counter.reasons)
                failures.update(failed)
    finally:
        log.removeHandler(counter)
        log.setLevel(old_level)

    result.rows.append(
        Row(
            metric=f"N={calls} creates under faults: cards created (per run)",
            value=", ".join(str(c) for c in created) + f" (n={len(created)})",
            target=f"exactly {calls}",
            met=all(c == calls for c in created) and clean_dupes == 0,
            data={"created": created, "calls": calls, "fault_free_extra_cards": clean_dupes},
        )
    )
    failed_calls = sum(failures.values())
    result.rows.append(
        Row(
            metric="calls that failed after all retries (all runs)",
            value=f"{failed_calls} (succeeded per run: {', '.join(str(s) for s in succeeded)})",
            target="0",
            met=failed_calls == 0,
            data={"succeeded": succeeded, "failures": dict(failures)},
        )
    )
    result.rows.append(
        Row(
            metric="retries used per run",
            value=Summary.of([float(r) for r in retries]).format("", 0),
            data={"retries": retries, "by_reason": dict(reasons)},
        )
    )
    ratio = Summary.of([f / c for f, c in zip(fault_times, clean_times, strict=True)])
    result.rows.append(
        Row(
            metric=f"N={calls} creates under faults: wall time",
            value=Summary.of(fault_times).format(" s", 2),
            anchor=f"fault-free: {Summary.of(clean_times).format(' s', 2)}",
            ratio=ratio.format("×", 1),
            data={
                "seconds": Summary.of(fault_times).as_dict(),
                "fault_free_seconds": Summary.of(clean_times).as_dict(),
                "ratio": ratio.as_dict(),
            },
        )
    )
    result.notes.append(
        f"Faults: {', '.join(FAULT_KINDS)}, each at rate {FAULT_RATE} of POST /api/v1/cards "
        f"attempts; client max_retries={MAX_RETRIES}, {IN_FLIGHT} calls in flight. "
        f"Retries by reason (all runs): {dict(reasons)}. "
        f"Failed calls: {dict(failures) or 'none'} (a call that fails after a dropped "
        "connection may still have created its card: the same key would replay it). The time "
        "is dominated by the client's backoff sleeps (0.5 s × 2ⁿ with jitter; the 429 says "
        "Retry-After: 1)."
    )
    return result
