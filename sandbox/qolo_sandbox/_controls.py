"""Test controls under `/_sandbox/` (only with `--controls`) and the fault injector.

These endpoints are outside the public contract: they exist so tests can move time, break the
server on purpose and look at webhook deliveries without sleeping or guessing.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass
from typing import Any

import orjson

from ._context import Response, Services
from ._webhooks import deliveries_report

__all__ = ["Fault", "FaultInjector", "handle_control"]

FAULT_KINDS = ("error_before_write", "drop_after_write", "latency", "rate_limit")


@dataclass(slots=True)
class Fault:
    """One configured fault; `count` runs out, `rate` (0..1) never does."""

    id: int
    kind: str
    count: int | None
    rate: float | None
    status: int
    latency_ms: int
    methods: list[str] | None
    path_prefix: str


class FaultInjector:
    """Decides which faults apply to an `/api/` request."""

    def __init__(self) -> None:
        self.faults: list[Fault] = []
        self._next_id = 1

    def add(self, spec: dict[str, Any]) -> Fault:
        kind = spec.get("kind")
        if kind not in FAULT_KINDS:
            raise ValueError(f"kind must be one of {', '.join(FAULT_KINDS)}")
        count, rate = spec.get("count"), spec.get("rate")
        if (count is None) == (rate is None):
            raise ValueError("give exactly one of count or rate")
        if count is not None and (not isinstance(count, int) or count < 1):
            raise ValueError("count must be a positive integer")
        if rate is not None and (not isinstance(rate, int | float) or not 0 <= rate <= 1):
            raise ValueError("rate must be between 0 and 1")
        status = int(spec.get("status", 429 if kind == "rate_limit" else 503))
        if kind == "error_before_write" and not 500 <= status <= 599:
            raise ValueError("status must be a 5xx")
        methods = spec.get("methods")
        fault = Fault(
            id=self._next_id,
            kind=str(kind),
            count=count,
            rate=None if rate is None else float(rate),
            status=status,
            latency_ms=int(spec.get("latency_ms", 200)),
            methods=[str(m).upper() for m in methods] if methods else None,
            path_prefix=str(spec.get("path_prefix", "/api/")),
        )
        self._next_id += 1
        self.faults.append(fault)
        return fault

    def clear(self) -> None:
        self.faults.clear()

    def pick(self, method: str, path: str) -> list[Fault]:
        """The faults that fire for this request (consuming one unit of each counted one)."""
        fired: list[Fault] = []
        for fault in list(self.faults):
            if fault.methods is not None and method not in fault.methods:
                continue
            if not path.startswith(fault.path_prefix):
                continue
            if fault.rate is not None:
                if random.random() < fault.rate:
                    fired.append(fault)
                continue
            assert fault.count is not None
            fault.count -= 1
            if fault.count <= 0:
                self.faults.remove(fault)
            fired.append(fault)
        return fired


def _json(status: int, payload: Any) -> Response:
    return Response(status, orjson.dumps(payload))


def _error(status: int, message: str) -> Response:
    return _json(status, {"error": message})


async def handle_control(
    services: Services,
    faults: FaultInjector,
    stats: dict[str, int],
    reset: Any,
    method: str,
    path: str,
    body: bytes,
) -> Response:
    """Dispatch one `/_sandbox/...` request; answers plain JSON, never the Problem format."""
    try:
        payload = orjson.loads(body) if body else {}
    except orjson.JSONDecodeError:
        return _error(400, "body is not JSON")
    if not isinstance(payload, dict):
        return _error(400, "body must be a JSON object")
    route = (method, path)
    clock = services.clock
    if route == ("GET", "/_sandbox/clock"):
        return _json(200, {"now": clock.iso(), "offset_seconds": clock.offset})
    if route == ("POST", "/_sandbox/clock"):
        seconds = payload.get("advance_seconds")
        if not isinstance(seconds, int | float) or isinstance(seconds, bool) or seconds < 0:
            return _error(400, "advance_seconds must be a non-negative number")
        clock.advance(float(seconds))
        services.store.set_meta("clock_offset", repr(clock.offset))
        services.wake_worker()
        return _json(200, {"now": clock.iso(), "offset_seconds": clock.offset})
    if route == ("GET", "/_sandbox/faults"):
        return _json(200, {"faults": [asdict(f) for f in faults.faults]})
    if route == ("POST", "/_sandbox/faults"):
        try:
            fault = faults.add(payload)
        except (ValueError, TypeError) as exc:
            return _error(400, str(exc))
        return _json(201, asdict(fault))
    if route == ("DELETE", "/_sandbox/faults"):
        faults.clear()
        return Response(204)
    if route == ("GET", "/_sandbox/deliveries"):
        return _json(200, {"deliveries": deliveries_report(services.store)})
    if route == ("POST", "/_sandbox/reset"):
        await reset()
        return Response(204)
    if route == ("GET", "/_sandbox/stats"):
        return _json(
            200,
            {
                **stats,
                "logins": services.auth.logins,
                "failed_logins": services.auth.failed_logins,
            },
        )
    return _error(404, f"no control {method} {path}")
