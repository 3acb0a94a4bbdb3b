"""Profiles behind the benchmarks: `python -m bench.profile sandbox|client|burst [--seconds N]`.

- `sandbox`: py-spy samples the sandbox process while wrk loads it with GetCard, then with
  CreateCard (the same servers and scripts as measurement 4); `--native` also samples C frames
  (SQLite, syscalls), each attributed to its nearest Python caller;
- `client`: pyinstrument over sequential GetCard calls through `qolo.Client` and then
  `qolo.AsyncClient` (measurement 1's loop);
- `burst`: pyinstrument over 1,000 concurrent async GetCard calls (measurement 2's burst).

Each prints the top frames by own time and by total time, and keeps the full output under
`bench/results/raw/profiles/` (not committed).
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import qolo
from qolo_api.api.cards import get_card
from qolo_sandbox.testing import Sandbox, start_sandbox

from ._common import BENCH, bearer_token, create_card
from .throughput import Target, _run_wrk

__all__ = ["folded_summary", "main"]

OUT = BENCH / "results" / "raw" / "profiles"


def folded_summary(path: Path, top: int = 20) -> str:
    """Top frames by own and by total samples from py-spy's folded (`raw`) output."""
    own: Counter[str] = Counter()
    total: Counter[str] = Counter()
    callers: Counter[str] = Counter()
    samples = 0
    for line in path.read_text("utf-8").splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        frames = stack.split(";")
        samples += count
        own[frames[-1]] += count
        for frame in set(frames):
            total[frame] += count
        if ".py)" not in frames[-1]:
            python = [f for f in frames if ".py)" in f]
            if python:
                leaf = frames[-1].split(" (")[0]
                callers[f"{leaf} <- {python[-1].split(' (')[0]}"] += count
    lines = [f"{samples} samples", "", "own time:"]
    lines += [f"  {100 * n / samples:5.1f}%  {f}" for f, n in own.most_common(top)]
    lines += ["", "total time:"]
    lines += [f"  {100 * n / samples:5.1f}%  {f}" for f, n in total.most_common(top)]
    if callers:
        lines += ["", "C frames by nearest Python caller:"]
        lines += [f"  {100 * n / samples:5.1f}%  {f}" for f, n in callers.most_common(top // 2)]
    return "\n".join(lines)


def _spy(sbx: Sandbox, target: Target, seconds: int, name: str, native: bool) -> str:
    out = OUT / f"{name}.folded"
    assert sbx.pid is not None
    beside = Path(sys.executable).with_name("py-spy")
    spy = subprocess.Popen(
        [
            str(beside) if beside.exists() else shutil.which("py-spy") or "py-spy",
            "record",
            "--pid",
            str(sbx.pid),
            "--duration",
            str(seconds),
            "--rate",
            "250",
            "--format",
            "raw",
            "--nolineno",
            *(["--native"] if native else []),
            "--output",
            str(out),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(0.5)
    figures = _run_wrk(target, seconds)
    _, err = spy.communicate(timeout=seconds + 60)
    if spy.returncode != 0:
        raise RuntimeError(f"py-spy failed: {err}")
    rps = figures["requests"] / (figures["duration_us"] / 1e6)
    text = f"{target.name}: {rps:,.0f} req/s under py-spy\n" + folded_summary(out)
    (OUT / f"{name}.txt").write_text(text + "\n", "utf-8")
    return text


def profile_sandbox(seconds: int, native: bool) -> None:
    with (
        tempfile.TemporaryDirectory(prefix="qolo-bench-") as tmp,
        start_sandbox(controls=False, db=Path(tmp) / "bench.db") as sbx,
    ):
        cred = sbx.credential
        token = bearer_token(sbx.base_url, cred.loginid, cred.apikey)
        proxy = create_card(sbx.base_url, token, cred.program_guid)
        get = Target(
            "sandbox GetCard", "sandbox", "GetCard", f"{sbx.base_url}/api/v1/cards/{proxy}", token
        )
        post = Target(
            "sandbox CreateCard", "sandbox", "CreateCard", sbx.base_url, token, cred.program_guid
        )
        suffix = "-native" if native else ""
        for target, name in ((get, "sandbox-getcard"), (post, "sandbox-createcard")):
            _run_wrk(target, 2)
            print(_spy(sbx, target, seconds, name + suffix, native), "\n", flush=True)


def _profiler(interval: float) -> Any:
    """A pyinstrument profiler; imported here because only the bench environment has it (the
    typecheck session does not install it)."""
    module = importlib.import_module("pyinstrument")
    return module.Profiler(interval=interval, async_mode="disabled")


def _pyinstrument(profiler: Any, name: str) -> None:
    text = profiler.output_text(unicode=True, color=False, show_all=False)
    (OUT / f"{name}.txt").write_text(text, "utf-8")
    print(text, flush=True)


def profile_client(calls: int) -> None:
    with start_sandbox(controls=False) as sbx:
        cred = sbx.credential
        token = bearer_token(sbx.base_url, cred.loginid, cred.apikey)
        proxy = create_card(sbx.base_url, token, cred.program_guid)
        with qolo.Client(base_url=sbx.base_url, loginid=cred.loginid, apikey=cred.apikey) as c:
            get_card.sync(proxy, client=c)
            profiler = _profiler(0.0002)
            with profiler:
                for _ in range(calls):
                    get_card.sync(proxy, client=c)
            _pyinstrument(profiler, "client-sync")

        async def run() -> None:
            async with qolo.AsyncClient(
                base_url=sbx.base_url, loginid=cred.loginid, apikey=cred.apikey
            ) as client:
                await get_card.asyncio(proxy, client=client)
                profiler = _profiler(0.0002)
                with profiler:
                    for _ in range(calls):
                        await get_card.asyncio(proxy, client=client)
                _pyinstrument(profiler, "client-async")

        asyncio.run(run())


def profile_burst(calls: int) -> None:
    with start_sandbox(controls=False) as sbx:
        cred = sbx.credential
        token = bearer_token(sbx.base_url, cred.loginid, cred.apikey)
        proxy = create_card(sbx.base_url, token, cred.program_guid)

        async def run() -> None:
            async with qolo.AsyncClient(
                base_url=sbx.base_url, loginid=cred.loginid, apikey=cred.apikey
            ) as client:
                await asyncio.gather(*(get_card.asyncio(proxy, client=client) for _ in range(50)))
                profiler = _profiler(0.0005)
                started = time.perf_counter()
                with profiler:
                    await asyncio.gather(
                        *(get_card.asyncio(proxy, client=client) for _ in range(calls))
                    )
                print(f"{calls} concurrent calls: {time.perf_counter() - started:.2f} s")
                _pyinstrument(profiler, "client-burst")

        asyncio.run(run())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__)
    parser.add_argument("what", choices=("sandbox", "client", "burst"))
    parser.add_argument("--seconds", type=int, default=10, help="sandbox: seconds per profile")
    parser.add_argument("--calls", type=int, default=3000, help="client: calls per profile")
    parser.add_argument("--native", action="store_true", help="sandbox: sample C frames too")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    if args.what == "sandbox":
        profile_sandbox(args.seconds, args.native)
    elif args.what == "client":
        profile_client(args.calls)
    else:
        profile_burst(min(args.calls, 1000))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
