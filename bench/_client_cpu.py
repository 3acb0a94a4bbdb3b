"""A worker for `bench.client_across_commits`: qolo.Client's CPU per GetCard, no network.

Runs in a fresh interpreter whose import path decides which `qolo` and `qolo_api` it measures,
so it imports nothing of the project but those two (and httpx). Prints one JSON line: the
median over blocks of the calling thread's CPU time per call (µs), for qolo.Client and for raw
httpx answering the same body, interleaved block by block.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx

import qolo
from qolo_api.api.cards import get_card

_HOST = "qolo.bench.invalid"
_TOKEN = "bench-token"


def _per_call(call: Callable[[], object], calls: int) -> float:
    started = time.thread_time()
    for _ in range(calls):
        call()
    return (time.thread_time() - started) / calls * 1e6


def main() -> None:
    body_path, proxy, blocks, calls = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    body = Path(body_path).read_bytes()
    path = f"/api/v1/cards/{proxy}"

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.host != _HOST:
            raise RuntimeError(f"benchmark request left its mock host: {request.url.host}")
        if request.url.path.endswith("/auth/login"):
            token = {"access_token": _TOKEN, "token_type": "Bearer", "expires_in": 43200}
            return httpx.Response(200, json=token)
        if request.url.path != path:
            return httpx.Response(404, json={"message": "not the benchmark's path"})
        return httpx.Response(200, content=body, headers={"content-type": "application/json"})

    transport = httpx.MockTransport(answer)
    base_url = f"http://{_HOST}"
    with (
        qolo.Client(base_url=base_url, loginid="l", apikey="k", transport=transport) as client,
        httpx.Client(
            base_url=base_url, headers={"Authorization": f"Bearer {_TOKEN}"}, transport=transport
        ) as raw,
    ):
        card = get_card.sync(proxy, client=client)
        if getattr(card, "card_proxy", None) != proxy:
            raise RuntimeError(f"qolo.Client did not return the benchmark's card: {card!r}")

        def through_qolo() -> object:
            return get_card.sync(proxy, client=client)

        def through_httpx() -> object:
            response = raw.get(path)
            response.raise_for_status()
            return response.json()

        for call in (through_qolo, through_httpx):  # warm-up
            _per_call(call, calls)
        qolo_us: list[float] = []
        raw_us: list[float] = []
        for block in range(blocks):
            pair = [(through_qolo, qolo_us), (through_httpx, raw_us)]
            for call, sink in pair if block % 2 == 0 else reversed(pair):
                sink.append(_per_call(call, calls))
    print(
        json.dumps(
            {
                "qolo_us": statistics.median(qolo_us),
                "raw_us": statistics.median(raw_us),
                "qolo_file": qolo.__file__,
            }
        )
    )


if __name__ == "__main__":
    main()
