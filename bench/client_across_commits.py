"""Issue #12's client half: `qolo.Client`'s CPU per GetCard, this tree against an older one.

The overlay and the generated package of `--base` (a commit) are taken with `git archive` and
put first on the import path of a worker interpreter (`bench._client_cpu`); today's worker
imports the installed (editable) ones. Each round runs both workers, the order reversed every
round; each worker times `get_card.sync` through `qolo.Client` and raw httpx on one
`httpx.MockTransport` answering the sandbox's own GetCard body (thread CPU time, no network).
The figure is the ratio today / base of qolo's µs per call, round by round, and the same for
qolo's ratio over raw httpx in each worker (which cancels the interpreter's own speed).

Run inside the bench venv: `.nox/bench/bin/python -m bench.client_across_commits --base
4208b23 --rounds 7`. Not part of `python -m bench` (it compares commits, not clients).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import httpx

from qolo_sandbox.testing import start_sandbox

from ._common import ROOT, bearer_token, create_card, extract_commit, sandbox_env

__all__ = ["main"]


def _worker(tree: Path | None, body: Path, proxy: str, blocks: int, calls: int) -> dict[str, Any]:
    env = dict(os.environ)
    if tree is not None:
        env["PYTHONPATH"] = os.pathsep.join((str(tree / "overlay"), str(tree / "generated")))
    else:
        env.pop("PYTHONPATH", None)
    done = subprocess.run(
        [sys.executable, "-m", "bench._client_cpu", str(body), proxy, str(blocks), str(calls)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def _getcard_body(scratch: Path) -> tuple[Path, str]:
    """The sandbox's own GetCard body for a fresh card, and the card's proxy."""
    with sandbox_env(), start_sandbox() as sbx:
        cred = sbx.credential
        token = bearer_token(sbx.base_url, cred.loginid, cred.apikey)
        proxy = create_card(sbx.base_url, token, cred.program_guid)
        response = httpx.get(
            f"{sbx.base_url}/api/v1/cards/{proxy}", headers={"Authorization": f"Bearer {token}"}
        )
        response.raise_for_status()
    body = scratch / "getcard.json"
    body.write_bytes(response.content)
    return body, proxy


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.client_across_commits")
    parser.add_argument("--base", required=True, help="the older commit, e.g. 4208b23")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--blocks", type=int, default=8, help="blocks per worker and side")
    parser.add_argument("--calls", type=int, default=200, help="calls per block")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="qolo-bench-commits-") as tmp:
        scratch = Path(tmp)
        base = extract_commit(args.base, ("overlay", "generated"), scratch / "base")
        body, proxy = _getcard_body(scratch)
        today: list[dict[str, Any]] = []
        older: list[dict[str, Any]] = []
        for index in range(args.rounds):
            order = [(None, today), (base, older)]
            for tree, sink in order if index % 2 == 0 else reversed(order):
                sink.append(_worker(tree, body, proxy, args.blocks, args.calls))
    if today[0]["qolo_file"] == older[0]["qolo_file"]:
        raise SystemExit("both workers imported the same qolo: the base tree was not used")
    per_call = [t["qolo_us"] / o["qolo_us"] for t, o in zip(today, older, strict=True)]
    over_raw = [
        (t["qolo_us"] / t["raw_us"]) / (o["qolo_us"] / o["raw_us"])
        for t, o in zip(today, older, strict=True)
    ]

    def spread(values: list[float], digits: int = 3) -> str:
        low, mid, high = min(values), statistics.median(values), max(values)
        return f"{mid:.{digits}f} ({low:.{digits}f}–{high:.{digits}f})"

    print(f"qolo.Client GetCard, no network, {args.rounds} rounds, today vs {args.base}:")
    print(f"  today µs per call: {spread([t['qolo_us'] for t in today], 1)}")
    print(f"  {args.base} µs per call: {spread([o['qolo_us'] for o in older], 1)}")
    print(f"  today / {args.base}, µs per call: {spread(per_call)}")
    print(f"  today / {args.base}, ratio over raw httpx: {spread(over_raw)}")
    print(f"  raw httpx µs per call (today's worker): {spread([t['raw_us'] for t in today], 1)}")


if __name__ == "__main__":
    main()
