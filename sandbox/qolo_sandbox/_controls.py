"""Test controls under `/_sandbox/` (only with `--controls`) and the fault injector.

These endpoints are outside the public contract: they exist so tests can move time, break the
server on purpose and look at webhook deliveries without sleeping or guessing, and stand in
for what the platform leaves to Qolo's staff (`POST /_sandbox/notifications/{guid}/activate`
activates a subscription that was never active, as "contact Qolo" does on the platform).
"""

from __future__ import annotations

import math
import random
import re
import uuid
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

import orjson

from ._delivery import deliveries_report
from ._handler_types import Response, Services
from ._subscriptions import activate

__all__ = ["Fault", "FaultInjector", "handle_control", "valid_clock_offset"]

FAULT_KINDS = ("error_before_write", "drop_after_write", "latency", "rate_limit")
LATENCY_PHASES = ("before", "handler")
MAX_CLOCK_ADVANCE = 100 * 366 * 24 * 3600  # about 100 years, in seconds
MAX_FAULT_COUNT = 1_000_000
MAX_LATENCY_MS = 60_000
# Every timestamp is formatted with `datetime`: keep the clock well inside its range.
_LATEST = datetime(9000, 1, 1, tzinfo=UTC).timestamp()
_ACTIVATE = re.compile(r"/_sandbox/notifications/([^/]+)/activate")


def _integer(spec: dict[str, Any], name: str, low: int, high: int, default: int) -> int:
    """A JSON integer (a whole float too, not a bool) within [low, high], else ValueError."""
    value = spec.get(name, default)
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{name} must be an integer from {low} to {high}")
    return value


def valid_clock_offset(raw: str | None) -> float:
    """A persisted clock offset, or 0 when it is missing or unusable (never crash at start-up)."""
    try:
        offset = float(raw) if raw else 0.0
    except ValueError:
        return 0.0
    if not math.isfinite(offset) or abs(offset) > MAX_CLOCK_ADVANCE:
        return 0.0
    return offset


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
    phase: str = "before"


class FaultInjector:
    """Decides which faults apply to an `/api/` request."""

    def __init__(self) -> None:
        self.faults: list[Fault] = []
        self._next_id = 1

    def add(self, spec: dict[str, Any]) -> Fault:
        """A checked fault from a JSON spec; ValueError names the first bad field."""
        kind = spec.get("kind")
        if kind not in FAULT_KINDS:
            raise ValueError(f"kind must be one of {', '.join(FAULT_KINDS)}")
        unknown = set(spec) - {
            "kind",
            "count",
            "rate",
            "status",
            "latency_ms",
            "methods",
            "path_prefix",
            "phase",
        }
        if unknown:
            raise ValueError(f"unknown fields: {', '.join(sorted(map(str, unknown)))}")
        if ("count" in spec) == ("rate" in spec):
            raise ValueError("give exactly one of count or rate")
        count = _integer(spec, "count", 1, MAX_FAULT_COUNT, 1) if "count" in spec else None
        rate = spec.get("rate")
        if rate is not None and (
            isinstance(rate, bool)
            or not isinstance(rate, int | float)
            or not math.isfinite(rate)
            or not 0 <= rate <= 1
        ):
            raise ValueError("rate must be a number from 0 to 1")
        if kind == "error_before_write":
            status = _integer(spec, "status", 500, 599, 503)
        else:  # only a 5xx fault answers with its status; keep the field sane anyway
            status = _integer(spec, "status", 100, 599, 429 if kind == "rate_limit" else 503)
        latency_ms = _integer(spec, "latency_ms", 0, MAX_LATENCY_MS, 200)
        methods = spec.get("methods")
        if methods is not None and (
            not isinstance(methods, list)
            or not all(isinstance(m, str) and m.isalpha() for m in methods)
        ):
            raise ValueError("methods must be a list of HTTP method names")
        path_prefix = spec.get("path_prefix", "/api/")
        if not isinstance(path_prefix, str) or not path_prefix.startswith("/"):
            raise ValueError("path_prefix must be a string starting with /")
        phase = spec.get("phase", "before")
        if phase not in LATENCY_PHASES or (phase != "before" and kind != "latency"):
            raise ValueError("phase must be before or handler (handler: latency faults only)")
        fault = Fault(
            id=self._next_id,
            kind=str(kind),
            count=count,
            rate=None if rate is None else float(rate),
            status=status,
            latency_ms=latency_ms,
            methods=[m.upper() for m in methods] if methods else None,
            path_prefix=path_prefix,
            phase=str(phase),
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
        if (
            not isinstance(seconds, int | float)
            or isinstance(seconds, bool)
            or not math.isfinite(seconds)
            or not 0 <= seconds <= MAX_CLOCK_ADVANCE
        ):
            return _error(
                400,
                f"advance_seconds must be a number from 0 to {MAX_CLOCK_ADVANCE} (100 years)",
            )
        # The offset is persisted: bound the total too, so a restart accepts it (see above).
        if clock.offset + seconds > MAX_CLOCK_ADVANCE or clock.now() + seconds > _LATEST:
            return _error(400, "the clock may run at most 100 years ahead of real time")
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
    activation = _ACTIVATE.fullmatch(path)
    if method == "POST" and activation is not None:
        # "Contact Qolo": activate a subscription (any program's) without a ping.
        try:
            guid = str(uuid.UUID(activation.group(1)))
        except ValueError:
            return _error(400, "the notification_guid is not a uuid")
        subscription = activate(services.store, clock, guid)
        if subscription is None:
            return _error(404, f"no subscription {guid}")
        return _json(200, subscription)
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
