"""What Starlette would cost the sandbox: CPU per GetCard, raw ASGI app vs `bench.starlette_probe`.

Issue #12's rule: take the framework unless it costs more than 15 % of GetCard throughput.
On 2 shared cores req/s swings by 2x from one run to the next with the other load, so this
measures what the load cannot change: the server process's CPU time (utime + stime from
/proc) per request served, while wrk (-t2 -c32, as in measurement 4) keeps it saturated. A
one-worker server's throughput is the inverse of that figure, so the ratio of the two
figures is the throughput ratio. Targets are interleaved, the order reversed every round, and
the ratio is taken round by round. Optionally `--base DIR` adds a third target: the sandbox
package found in DIR (e.g. an older commit's `sandbox/`, from `git archive`), to compare the
app's own cost across commits.

Run inside the bench venv (`nox -s bench --install-only`, then
`.nox/bench/bin/python -m bench.framework_cost --rounds 7`). Linux only (/proc).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import statistics
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx

from qolo_sandbox.testing import Sandbox, start_sandbox

from ._common import BENCH, bearer_token, create_card, sandbox_env

__all__ = ["main"]

_REPORT = BENCH / "wrk" / "report.lua"
_JSON_LINE = re.compile(r"^BENCH_JSON (\{.*\})$", re.MULTILINE)
_TICK = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> float:
    """The process's user + system CPU time so far."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _TICK


def _cpu_per_request(sbx: Sandbox, url: str, token: str, seconds: int) -> float:
    """CPU microseconds the server spent per request during one wrk run."""
    assert sbx.pid is not None
    before = _cpu_seconds(sbx.pid)
    command = ["wrk", "-t2", "-c32", f"-d{seconds}s", "--timeout", "5s", "-s", str(_REPORT)]
    command += ["-H", f"Authorization: Bearer {token}", url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    match = _JSON_LINE.search(output)
    assert match is not None, output
    report = json.loads(match.group(1))
    requests = int(report["requests"])
    if report["status_errors"] or not requests:
        raise RuntimeError(f"wrk saw errors: {report}")
    return (_cpu_seconds(sbx.pid) - before) / requests * 1e6


@contextlib.contextmanager
def _first_on_path(folder: str | None) -> Iterator[None]:
    """Put `folder` first on the sandbox subprocess's PYTHONPATH (its qolo_sandbox wins)."""
    old = os.environ.get("PYTHONPATH")
    if folder:
        os.environ["PYTHONPATH"] = os.pathsep.join([folder, *([old] if old else [])])
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = old


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--base", help="a folder holding an older qolo_sandbox package")
    args = parser.parse_args()
    with contextlib.ExitStack() as stack:
        stack.enter_context(sandbox_env())
        servers: dict[str, Sandbox] = {}
        if args.base:
            with _first_on_path(str(Path(args.base).resolve())):
                servers["base"] = stack.enter_context(start_sandbox(controls=False))
        servers["raw"] = stack.enter_context(start_sandbox(controls=False))
        servers["starlette"] = stack.enter_context(
            start_sandbox(controls=False, app="bench.starlette_probe:create_app")
        )
        targets: dict[str, tuple[Sandbox, str, str]] = {}
        for name, sbx in servers.items():
            cred = sbx.credential
            token = bearer_token(sbx.base_url, cred.loginid, cred.apikey)
            url = (
                f"{sbx.base_url}/api/v1/cards/{create_card(sbx.base_url, token, cred.program_guid)}"
            )
            probe = httpx.get(url, headers={"Authorization": f"Bearer {token}"})
            if probe.status_code != 200:
                raise RuntimeError(f"{name} answers GetCard with {probe.status_code}")
            targets[name] = (sbx, url, token)
            _cpu_per_request(sbx, url, token, 1)  # warm-up, discarded
        runs: dict[str, list[float]] = {name: [] for name in targets}
        for round_ in range(args.rounds):
            order = list(targets) if round_ % 2 == 0 else list(reversed(targets))
            for name in order:
                runs[name].append(_cpu_per_request(*targets[name], args.seconds))
            print(
                f"round {round_}: CPU µs per GetCard", {k: round(v[-1], 1) for k, v in runs.items()}
            )
    for name, values in runs.items():
        print(
            f"{name}: median {statistics.median(values):.1f} µs "
            f"(min {min(values):.1f}, max {max(values):.1f})"
        )
    for name in [n for n in runs if n != "raw"]:
        # Throughput ratio other/raw = CPU per request raw/other, round by round.
        ratios = [raw / other for raw, other in zip(runs["raw"], runs[name], strict=True)]
        print(
            f"throughput {name}/raw: median {statistics.median(ratios):.3f} "
            f"(min {min(ratios):.3f}, max {max(ratios):.3f})"
        )


if __name__ == "__main__":
    main()
