"""Test controls under `/_sandbox/` (only with `--controls`) and the fault injector.

These endpoints are outside the public contract: they exist so tests can move time, break the
server on purpose and look at webhook deliveries without sleeping or guessing, and stand in
for what the platform leaves to Qolo's staff (`POST /_sandbox/notifications/{guid}/activate`
activates a subscription that was never active, as "contact Qolo" does on the platform).

Each control is a row of `CONTROLS`: its method, its path, the JSON Schema of its body and the
function that runs it. A body is checked against its schema before the function sees it; the
schemas' `description`s are the messages of the 400s (`{"error": ...}`).
"""

from __future__ import annotations

import math
import random
import re
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

import jsonschema_rs
import orjson

from ._delivery import deliveries_report
from ._handler_types import Response, Services
from ._subscriptions import activate

__all__ = [
    "CONTROLS",
    "FAULT_SCHEMA",
    "ControlPanel",
    "Fault",
    "FaultInjector",
    "valid_clock_offset",
]

FAULT_KINDS = ("error_before_write", "drop_after_write", "latency", "rate_limit")
# The methods a fault can meet: the contract's, and HEAD (answered as GET). A request with any
# other method (OPTIONS, PATCH...) is answered 405 before the faults are consulted.
FAULT_METHODS = ("GET", "HEAD", "POST", "PUT", "DELETE")
# Every path of the contract starts with /api/v1/: a prefix that is not `/api/`, `/api/v1` or
# under `/api/v1/` could never match (and faults never apply to /_sandbox/).
FAULT_PATH_PREFIX = "^/api/(v1(/|$)|$)"
LATENCY_PHASES = ("before", "handler")
MAX_CLOCK_ADVANCE = 100 * 366 * 24 * 3600  # about 100 years, in seconds
MAX_FAULT_COUNT = 1_000_000
MAX_LATENCY_MS = 60_000
# Every timestamp is formatted with `datetime`: keep the clock well inside its range.
_LATEST = datetime(9000, 1, 1, tzinfo=UTC).timestamp()

FAULT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "a fault is a JSON object",
    "additionalProperties": False,
    "properties": {
        "kind": {
            "enum": list(FAULT_KINDS),
            "description": f"kind must be one of {', '.join(FAULT_KINDS)}",
        },
        "count": {
            "type": "integer",
            "minimum": 1,
            "maximum": MAX_FAULT_COUNT,
            "description": f"count must be an integer from 1 to {MAX_FAULT_COUNT}",
        },
        "rate": {
            "type": "number",
            "minimum": 0,
            "maximum": 1,
            "description": "rate must be a number from 0 to 1",
        },
        "status": {
            "type": "integer",
            "minimum": 100,
            "maximum": 599,
            "description": "status must be an integer from 100 to 599",
        },
        "latency_ms": {
            "type": "integer",
            "minimum": 0,
            "maximum": MAX_LATENCY_MS,
            "description": f"latency_ms must be an integer from 0 to {MAX_LATENCY_MS}",
        },
        "methods": {
            "type": "array",
            "minItems": 1,
            "items": {"type": "string", "pattern": f"^(?i:{'|'.join(FAULT_METHODS)})$"},
            "description": (
                f"methods must be a non-empty list of {', '.join(FAULT_METHODS)} (any case)"
            ),
        },
        "path_prefix": {
            "type": "string",
            "pattern": FAULT_PATH_PREFIX,
            "description": (
                "path_prefix must be /api/, /api/v1 or start with /api/v1/ (the contract's paths)"
            ),
        },
        "phase": {
            "enum": list(LATENCY_PHASES),
            "description": "phase must be before or handler (handler: latency faults only)",
        },
    },
    "allOf": [
        {"required": ["kind"], "description": f"kind must be one of {', '.join(FAULT_KINDS)}"},
        {
            "oneOf": [{"required": ["count"]}, {"required": ["rate"]}],
            "description": "give exactly one of count or rate",
        },
        {
            # Only a 5xx fault answers with its status.
            "if": {"properties": {"kind": {"const": "error_before_write"}}},
            "then": {"properties": {"status": {"minimum": 500}}},
            "description": "status must be an integer from 500 to 599 for error_before_write",
        },
        {
            # An injected rate limit always answers 429: echo no other status.
            "if": {"properties": {"kind": {"const": "rate_limit"}}},
            "then": {"properties": {"status": {"const": 429}}},
            "description": "status must be 429 for rate_limit (its only answer), or left out",
        },
        {
            "if": {"required": ["phase"], "properties": {"phase": {"const": "handler"}}},
            "then": {"properties": {"kind": {"const": "latency"}}},
            "description": "phase must be before or handler (handler: latency faults only)",
        },
    ],
}
CLOCK_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["advance_seconds"],
    "properties": {
        "advance_seconds": {"type": "number", "minimum": 0, "maximum": MAX_CLOCK_ADVANCE}
    },
    "description": f"advance_seconds must be a number from 0 to {MAX_CLOCK_ADVANCE} (100 years)",
}
# A control without a body takes any JSON object (and ignores it), as it always has.
_ANY_OBJECT: dict[str, Any] = {"type": "object", "description": "body must be a JSON object"}


class _Refused(ValueError):
    """A control refuses its input (a 400); the message says why."""


def _child(node: Any, step: str | int) -> Any:
    """`node[step]` of a schema, or None where the schema has no such step."""
    if isinstance(node, dict):
        return node.get(step)
    if isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
        return node[step]
    return None


class _Schema:
    """A compiled control-body schema that explains a refusal in one sentence."""

    def __init__(self, schema: dict[str, Any]) -> None:
        self.schema = schema
        self._validator = jsonschema_rs.validator_for(schema)

    def check(self, instance: Any) -> None:
        """Raise `_Refused` naming the first problem of `instance`."""
        for error in self._validator.iter_errors(instance):
            kind = error.kind
            if isinstance(kind, jsonschema_rs.ValidationErrorKind.AdditionalProperties):
                raise _Refused(f"unknown fields: {', '.join(sorted(kind.unexpected))}")
            raise _Refused(self._describe(error.schema_path))

    def _describe(self, schema_path: Sequence[str | int]) -> str:
        """The innermost `description` along the failed keyword's path in the schema."""
        node: Any = self.schema
        found = str(self.schema.get("description", "invalid body"))
        for step in schema_path:
            node = _child(node, step)
            if node is None:
                break
            if isinstance(node, dict) and isinstance(node.get("description"), str):
                found = node["description"]
        return found


_FAULT = _Schema(FAULT_SCHEMA)


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

    def add(self, spec: Any) -> Fault:
        """A fault from a JSON spec checked against `FAULT_SCHEMA`; ValueError says what is wrong.

        `pick` trusts what this builds, so direct callers (tests) get the same checks as POSTs.
        """
        _FAULT.check(spec)
        kind = str(spec["kind"])
        count, rate = spec.get("count"), spec.get("rate")
        status = spec.get("status", 429 if kind == "rate_limit" else 503)
        methods = spec.get("methods")
        fault = Fault(
            id=self._next_id,
            kind=kind,
            count=None if count is None else int(count),  # 2.0 is an integer too
            rate=None if rate is None else float(rate),
            status=int(status),
            latency_ms=int(spec.get("latency_ms", 200)),
            methods=None if methods is None else [m.upper() for m in methods],
            path_prefix=str(spec.get("path_prefix", "/api/")),
            phase=str(spec.get("phase", "before")),
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


class ControlPanel:
    """Runs the `/_sandbox/` controls of one sandbox: the state they read and change."""

    def __init__(
        self,
        services: Services,
        faults: FaultInjector,
        stats: dict[str, int],
        reset: Callable[[], Awaitable[None]],
    ) -> None:
        self.services = services
        self.faults = faults
        self.stats = stats
        self.reset = reset

    async def handle(self, method: str, path: str, body: bytes) -> Response:
        """Dispatch one `/_sandbox/...` request; answers plain JSON, never the Problem format."""
        try:
            payload = orjson.loads(body) if body else {}
        except orjson.JSONDecodeError:
            return _error(400, "body is not JSON")
        for control in CONTROLS:
            found = control.path.fullmatch(path)
            if found is None or control.method != method:
                continue
            try:
                control.body.check(payload)
                return await control.run(self, payload, found)
            except _Refused as exc:
                return _error(400, str(exc))
        return _error(404, f"no control {method} {path}")

    async def get_clock(self, payload: Any, found: re.Match[str]) -> Response:
        clock = self.services.clock
        return _json(200, {"now": clock.iso(), "offset_seconds": clock.offset})

    async def advance_clock(self, payload: Any, found: re.Match[str]) -> Response:
        seconds = payload["advance_seconds"]
        clock = self.services.clock
        # The offset is persisted: bound the total too, so a restart accepts it (see above).
        if clock.offset + seconds > MAX_CLOCK_ADVANCE or clock.now() + seconds > _LATEST:
            raise _Refused("the clock may run at most 100 years ahead of real time")
        clock.advance(float(seconds))
        self.services.store.set_meta("clock_offset", repr(clock.offset))
        self.services.wake_worker()
        return await self.get_clock(payload, found)

    async def list_faults(self, payload: Any, found: re.Match[str]) -> Response:
        return _json(200, {"faults": [asdict(f) for f in self.faults.faults]})

    async def add_fault(self, payload: Any, found: re.Match[str]) -> Response:
        return _json(201, asdict(self.faults.add(payload)))

    async def clear_faults(self, payload: Any, found: re.Match[str]) -> Response:
        self.faults.clear()
        return Response(204)

    async def deliveries(self, payload: Any, found: re.Match[str]) -> Response:
        return _json(200, {"deliveries": deliveries_report(self.services.store)})

    async def reset_all(self, payload: Any, found: re.Match[str]) -> Response:
        await self.reset()
        return Response(204)

    async def activate(self, payload: Any, found: re.Match[str]) -> Response:
        """ "Contact Qolo": activate a subscription (any program's) without a ping.

        Answers the subscription without its `headers`.
        """
        try:
            guid = str(uuid.UUID(found["guid"]))
        except ValueError:
            raise _Refused("the notification_guid is not a uuid") from None
        subscription = activate(self.services.store, self.services.clock, guid)
        if subscription is None:
            return _error(404, f"no subscription {guid}")
        # The controls ask for no token: never answer `headers`, which may carry the partner's
        # credentials (the API hides them even from the program's read-only tokens).
        subscription.pop("headers", None)
        return _json(200, subscription)

    async def counters(self, payload: Any, found: re.Match[str]) -> Response:
        auth = self.services.auth
        return _json(
            200, {**self.stats, "logins": auth.logins, "failed_logins": auth.failed_logins}
        )


@dataclass(frozen=True, slots=True)
class Control:
    """One `/_sandbox/` control: where it answers, what its body must be, what it does."""

    method: str
    path: re.Pattern[str]
    run: Callable[[ControlPanel, Any, re.Match[str]], Awaitable[Response]]
    body: _Schema


def _control(
    method: str,
    path: str,
    run: Callable[[ControlPanel, Any, re.Match[str]], Awaitable[Response]],
    body: dict[str, Any] = _ANY_OBJECT,
) -> Control:
    return Control(method, re.compile(path), run, _Schema(body))


CONTROLS: tuple[Control, ...] = (
    _control("GET", "/_sandbox/clock", ControlPanel.get_clock),
    _control("POST", "/_sandbox/clock", ControlPanel.advance_clock, CLOCK_SCHEMA),
    _control("GET", "/_sandbox/faults", ControlPanel.list_faults),
    _control("POST", "/_sandbox/faults", ControlPanel.add_fault, FAULT_SCHEMA),
    _control("DELETE", "/_sandbox/faults", ControlPanel.clear_faults),
    _control("GET", "/_sandbox/deliveries", ControlPanel.deliveries),
    _control("POST", "/_sandbox/reset", ControlPanel.reset_all),
    _control("POST", "/_sandbox/notifications/(?P<guid>[^/]+)/activate", ControlPanel.activate),
    _control("GET", "/_sandbox/stats", ControlPanel.counters),
)
"""Every control; a request that matches none is a 404."""
