"""The ASGI application: contract-driven routing and validation in front of the handlers.

Raw ASGI keeps the hot path short: match a compiled route, authenticate from an in-memory
token cache, validate with precompiled schemas, run one SQLite statement, serialize with orjson.

Limits on what a request may carry: a body of at most 1 MiB (413 beyond, `body_too_large`),
JSON nested at most `MAX_JSON_DEPTH` levels (400 `body_too_deep`: deeper ones would exhaust
the validator's recursion), and each declared header (and `Authorization`) at most once. The
header section's size and the time a request may take to arrive are the protocol's
(`_connection`). HEAD is answered like GET, without the body (uvicorn drops it).
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import orjson

from . import _cards, _login, _subscriptions
from ._auth import Authenticator, several_authorizations
from ._clock import Clock
from ._config import MAX_BODY_BYTES, MAX_JSON_DEPTH, Config
from ._contract import (
    Contract,
    Operation,
    Route,
    canonical_uuids,
    load_contract,
    without_stray_secrets,
)
from ._controls import ControlPanel, FaultInjector, valid_clock_offset
from ._delivery import DeliveryWorker
from ._handler_types import Handler, Request, Response, Services
from ._idempotency import Claim, Idempotency, Replay, fingerprint, run_now
from ._problems import ApiError, masked_path, problem_body
from ._rate_limit import RateLimiter, rate_limited_fault
from ._receivers import Policy
from ._store import Store
from ._validation import body_errors, json_pointer, parse_params

__all__ = ["SandboxApp", "create_app"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

logger = logging.getLogger("qolo_sandbox")
_READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _reads(operation: Operation) -> bool:
    """Whether a read-only token may call `operation`: a read method, or a POST the contract
    marks `x-qolo-changes-nothing` (ValidateCard, whose card details must not travel in a URL)."""
    return operation.method in _READ_METHODS or operation.changes_nothing


class _Drop(Exception):
    """Closes the connection without a complete response (the `drop_after_write` fault)."""


class _Disconnected(Exception):
    """The client went away (or was timed out) before its body arrived: nothing to answer."""


class SandboxApp:
    """One sandbox: database, clock, credentials, webhook worker and the request pipeline."""

    def __init__(self, config: Config, contract: Contract | None = None) -> None:
        self.config = config
        self.contract = contract or load_contract()
        store = Store(config.db)
        clock = Clock(valid_clock_offset(store.get_meta("clock_offset")))
        auth = Authenticator(store, clock, config.token_ttl)
        auth.install(config.credentials)
        receivers = Policy(config.listen_port, config.webhook_allow)
        self.worker = DeliveryWorker(
            store, clock, config.webhook_retry_base, config.webhook_poll_interval, receivers
        )
        self.services = Services(
            config,
            store,
            clock,
            auth,
            Idempotency(store, clock),
            self.worker.wake,
            receivers,
            self.contract.shadowed_values("card_proxy"),
        )
        self.rate = RateLimiter(config.rate_limit)
        self.faults = FaultInjector()
        self.stats = {"requests": 0}
        self.controls = ControlPanel(self.services, self.faults, self.stats, self.reset)
        self.handlers: dict[str, Handler] = {
            **_login.handlers,
            **_cards.handlers,
            **_subscriptions.handlers,
        }
        # Worked out once: `Operation.idempotent_create` walks the header parameters.
        self.idempotent_creates = frozenset(
            op.operation_id for op in self.contract.operations.values() if op.idempotent_create
        )
        missing = set(self.contract.operations) - set(self.handlers)
        if missing:
            raise RuntimeError(f"operations without a handler: {sorted(missing)}")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            await self._http(scope, receive, send)
        elif scope["type"] == "lifespan":
            await self._lifespan(receive, send)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                self.worker.start()
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await self.worker.stop()
                self.services.store.close()
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def reset(self) -> None:
        """Forget all data and test state; credentials and issued tokens stay valid."""
        self.faults.clear()
        self.services.store.reset_data()
        self.services.clock.offset = 0.0
        self.rate.reset()
        self.services.auth.reset_counters()
        self.stats["requests"] = 0

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        # A correlation id, not a secret: no getrandom() syscall per request (bench/README.md).
        request_id = f"req_{random.getrandbits(96):024x}"
        self.stats["requests"] += 1
        method: str = scope["method"]
        path: str = scope["path"]
        try:
            response = await self._handle(scope, receive, request_id, method, path)
        except _Drop:
            await _drop(scope, send)
            return
        except _Disconnected:
            return
        except ApiError as exc:
            response = _problem(exc, request_id, path)
        except Exception:
            logger.exception("unexpected error in %s %s (request %s)", method, path, request_id)
            response = _problem(
                ApiError(500, "internal_error", "An unexpected error occurred."), request_id, path
            )
        headers = [(b"x-request-id", request_id.encode())]
        if response.status != 204:
            headers.append((b"content-type", response.media_type.encode()))
            headers.append((b"content-length", str(len(response.body)).encode()))
        headers.extend((k.encode(), v.encode()) for k, v in response.headers.items())
        await send({"type": "http.response.start", "status": response.status, "headers": headers})
        await send({"type": "http.response.body", "body": response.body})

    async def _handle(
        self, scope: Scope, receive: Receive, request_id: str, method: str, path: str
    ) -> Response:
        # ASGI header names are lower-case
        if scope.get("http_version") == "1.1" and not any(
            name == b"host" for name, _ in scope["headers"]
        ):
            raise ApiError(
                400,
                "malformed_request",
                "An HTTP/1.1 request must carry a Host header (RFC 9112, section 3.2).",
            )
        if path.startswith("/_sandbox/") and self.config.controls:
            return await self.controls.handle(method, path, await _read_body(receive))
        raw_path = scope.get("raw_path")
        if raw_path is not None and (b"%2F" in raw_path or b"%2f" in raw_path):  # route as sent
            found = self.contract.match_raw(raw_path.decode("latin-1"))
        else:
            found = self.contract.match(path)
        if found is None:
            raise ApiError(404, "not_found", f"No such path: {masked_path(path)}")
        route, path_values = found
        operation = route.operations.get(method)
        if operation is None and method == "HEAD":
            operation = route.operations.get("GET")  # HEAD is GET without the body
        if operation is None:
            raise ApiError(
                405,
                "method_not_allowed",
                f"{method} is not allowed here; use {route.allow}.",
                headers={"Allow": route.allow},
            )
        drop = False
        handler_delay = 0.0
        if self.faults.faults:
            for fault in self.faults.pick(method, path):
                if fault.kind == "latency" and fault.phase == "handler":
                    handler_delay += fault.latency_ms / 1000
                elif fault.kind == "latency":
                    await asyncio.sleep(fault.latency_ms / 1000)
                elif fault.kind == "error_before_write":
                    raise ApiError(fault.status, "internal_error", "Injected failure.")
                elif fault.kind == "rate_limit":
                    raise rate_limited_fault()
                elif fault.kind == "drop_after_write":
                    drop = True
        try:
            response = await self._operate(
                scope, receive, request_id, route, operation, path_values, handler_delay
            )
        except ApiError:
            if drop:  # the answer is lost whatever it was, as on a real network
                raise _Drop from None
            raise
        if drop:
            raise _Drop
        return response

    async def _operate(
        self,
        scope: Scope,
        receive: Receive,
        request_id: str,
        route: Route,
        operation: Operation,
        path_values: dict[str, str],
        handler_delay: float = 0.0,
    ) -> Response:
        """Authenticate, validate, claim the idempotency key and run the handler.

        `handler_delay` (a `latency` fault with `phase: handler`) is slept after the claim, as
        a slow platform would be while it works: concurrent duplicates then meet the claim.
        """
        method = operation.method
        path: str = scope["path"]
        raw_headers = scope["headers"]
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in raw_headers}
        repeated = _repeated(raw_headers) if len(headers) < len(raw_headers) else frozenset()
        services = self.services
        principal = None
        if operation.secured:
            if "authorization" in repeated:
                raise several_authorizations()
            principal = services.auth.authenticate(headers.get("authorization"))
            self.rate.check(principal.credential_id)
            if principal.read_only and not _reads(operation):
                raise _read_only_refusal(route)
        body: Any = None
        has_body = floats = False
        if operation.body_validator is not None:
            if "content-type" in repeated:  # which one would the body be read as?
                raise ApiError(
                    400,
                    "validation_error",
                    "The request has 1 invalid field.",
                    errors=[
                        {
                            "location": "header",
                            "field": "/Content-Type",
                            "message": "given more than once",
                        }
                    ],
                )
            has_body, body, floats = await _parse_body(operation.body_required, headers, receive)
        errors: list[dict[str, str]] = []
        params = parse_params(
            operation, path_values, scope["query_string"], headers, errors, repeated
        )
        if has_body:
            # A present body is validated whatever it is: a JSON `null` is a 400, not "no body".
            errors.extend(body_errors(operation, body))
        if errors:
            noun = "field" if len(errors) == 1 else "fields"
            listed = "" if len(errors) <= _MAX_LISTED else f" (the first {_MAX_LISTED} listed)"
            raise ApiError(
                400,
                "validation_error",
                f"The request has {len(errors)} invalid {noun}{listed}.",
                errors=errors[:_MAX_LISTED],
            )
        # Guids compare as strings from here on: one canonical (lower-case) form for all.
        if floats:
            body = _whole_numbers(body)
        body = canonical_uuids(body, operation.body_uuid_paths)
        if operation.stray_secrets and isinstance(body, dict):
            body = without_stray_secrets(body, operation.stray_secrets)
        request = Request(services, request_id, method, path, params, body, principal)
        handler = self.handlers[operation.operation_id]
        claim: Claim | None = None
        key = params.get("IdempotencyKey")
        if (
            key is not None
            and principal is not None
            and operation.operation_id in self.idempotent_creates
        ):
            print_ = fingerprint(method, path, body)
            if not handler_delay and operation.operation_id in _cards.ONE_TRANSACTION:
                done = await services.idempotency.once(
                    principal.credential_id,
                    key,
                    print_,
                    lambda claim: handler(_with_claim(request, claim)),
                )
                if not isinstance(done, Replay):
                    return done
                outcome: Claim | Replay = done
            else:
                outcome = services.idempotency.claim(principal.credential_id, key, print_)
            if isinstance(outcome, Replay):
                replayed = Response(outcome.status, outcome.body, dict(outcome.headers))
                replayed.headers["Idempotent-Replayed"] = "true"
                return replayed
            claim = request.claim = outcome
        try:
            if handler_delay:
                await asyncio.sleep(handler_delay)
                response = await handler(request)
            elif claim is None and operation.operation_id in _cards.ONE_TRANSACTION:
                # A create without a key still shares its loop turn's commit.
                response = await services.store.grouped(lambda: run_now(handler(request)))
            else:
                response = await handler(request)
        except BaseException:
            if claim is not None:
                services.idempotency.release(claim)
            raise
        if claim is not None and not 200 <= response.status < 300:
            services.idempotency.release(claim)
        return response


def _with_claim(request: Request, claim: Claim) -> Request:
    """A copy of `request` under `claim` (`dataclasses.replace` costs more than the copy)."""
    return Request(
        request.services,
        request.request_id,
        request.method,
        request.path,
        request.params,
        request.body,
        request.principal,
        claim,
    )


def _repeated(raw_headers: list[tuple[bytes, bytes]]) -> frozenset[str]:
    """The (lower-case) names of the headers that came more than once."""
    seen: set[str] = set()
    twice: set[str] = set()
    for name, _ in raw_headers:
        key = name.decode("latin-1").lower()
        (twice if key in seen else seen).add(key)
    return frozenset(twice)


def _read_only_refusal(route: Route) -> ApiError:
    """The 405 of a read-only token's write.

    `Allow` lists the methods this token may use here; where it may use none (a path that only
    writes) it lists the path's methods instead: an empty `Allow` is legal (RFC 9110) but many
    tools drop or reject an empty header (Prism's validation proxy reports it missing), and the
    problem's `code` and detail already say that the token, not the method, is refused.
    """
    usable = sorted({m for m, op in route.operations.items() if _reads(op)})
    if "GET" in usable:
        usable = sorted({*usable, "HEAD"})
    hint = f"with it, use {', '.join(usable)} here" if usable else "nothing here is readable"
    return ApiError(
        405,
        "method_not_allowed_for_token",
        f"This access token is read-only; {hint}.",
        headers={"Allow": ", ".join(usable) or route.allow},
    )


def _problem(exc: ApiError, request_id: str, path: str) -> Response:
    body = problem_body(exc.status, exc.code, exc.detail, request_id, path, exc.errors)
    return Response(exc.status, orjson.dumps(body), dict(exc.headers), "application/problem+json")


def _too_large() -> ApiError:
    return ApiError(
        413,
        "body_too_large",
        f"The body is larger than 1 MiB ({MAX_BODY_BYTES} bytes).",
        errors=[{"location": "body", "field": "", "message": "larger than 1 MiB"}],
    )


async def _read_body(receive: Receive) -> bytes:
    """The whole body, at most `MAX_BODY_BYTES` (413 beyond); _Disconnected if the client left."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise _Disconnected
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise _too_large()
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _too_deep(raw: bytes, value: Any) -> bool:
    """Whether `value` nests deeper than `MAX_JSON_DEPTH` containers.

    A body with no more brackets than that cannot be deeper: the usual body costs two
    `bytes.count`s. Otherwise an iterative walk (no recursion) stops at the first one too deep.
    """
    if raw.count(b"[") + raw.count(b"{") <= MAX_JSON_DEPTH or not isinstance(value, dict | list):
        return False
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        children = node.values() if isinstance(node, dict) else node
        if depth > MAX_JSON_DEPTH:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


def _body_too_deep() -> ApiError:
    return ApiError(
        400,
        "body_too_deep",
        f"The body nests more than {MAX_JSON_DEPTH} levels of objects and arrays.",
        errors=[
            {"location": "body", "field": "", "message": f"nested deeper than {MAX_JSON_DEPTH}"}
        ],
    )


_INT64 = 2**63
# A JSON number is a float only if its integer digits are followed by `.`, `e` or `E`; a number
# starts the body or follows `:`, `,` or `[`. A body without such text (most bodies: a guid's
# "9e3b" follows none of them) holds no float for `_whole_numbers` to turn; text inside a
# string that looks like one only costs the walk.
_FLOAT_TEXT = re.compile(rb"(?:^|[:,\[])\s*-?[0-9]+[.eE]")


# An integer of 20 digits or more may lie outside what orjson reads exactly (-2**63 to
# 2**64 - 1): it reads one beyond as a float, which would change what is stored and what an
# idempotency key's fingerprint compares. Most bodies hold none; text in a string only costs
# the check.
_LONG_INTEGER_TEXT = re.compile(rb"(?:^|[:,\[])\s*-?[0-9]{19,}(?![0-9.eE])")


def _check_integer_range(raw: bytes) -> None:
    """400 naming the first integer orjson cannot keep exactly (parsed again, exactly)."""
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(json.loads(raw), ())]
    while stack:
        node, path = stack.pop()
        if isinstance(node, dict):
            stack.extend((v, (*path, k)) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend((v, (*path, i)) for i, v in enumerate(node))
        elif isinstance(node, int) and not -_INT64 <= node < 2 * _INT64:
            raise ApiError(
                400,
                "integer_out_of_range",
                "The body holds an integer beyond 64 bits (-2^63 to 2^64 - 1), which would not "
                "be kept exactly.",
                errors=[
                    {
                        "location": "body",
                        "field": json_pointer(path),
                        "message": "is an integer beyond 64 bits",
                    }
                ],
            )


def _whole_numbers(value: Any) -> Any:
    """`11.0` as `11`: JSON Schema counts a whole float as an integer, so handlers must too.

    Only within 64 bits: orjson cannot write a larger int back (`1e300` in a free-form object
    stays a float, instead of failing the request with a 500 when it is stored).
    """
    if isinstance(value, float) and value.is_integer() and -_INT64 <= value < _INT64:
        return int(value)
    if isinstance(value, dict):
        return {key: _whole_numbers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_whole_numbers(item) for item in value]
    return value


# UTF-8, or a subset of it (RFC 8259 defines no charset: JSON is UTF-8).
_UTF8_CHARSETS = frozenset({"", "utf-8", "utf8", "us-ascii", "ascii"})


def _charset(content_type: str) -> str:
    """The `charset` parameter of a Content-Type, lowercased and unquoted ("" when absent)."""
    for parameter in content_type.split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"').lower()
    return ""


# Field errors listed in one problem: a 1 MiB body of 80,000 unknown keys answered 5 MB.
_MAX_LISTED = 100


async def _parse_body(
    required: bool, headers: dict[str, str], receive: Receive
) -> tuple[bool, Any, bool]:
    """Whether a body came, its JSON, and whether that may hold a float: 400 if missing,
    unparseable or too deep, 415 unless plain UTF-8 JSON, 413 if larger than 1 MiB (refused
    before reading when Content-Length says so).

    A required body that is absent is a 400 whatever the Content-Type says: there is nothing
    of the wrong media type, only nothing. A compressed body, or one in a charset other than
    UTF-8 (RFC 8259's only one), is a 415 naming what to change (RFC 9110 §15.5.16), not a
    400 blaming its JSON.
    """
    length = headers.get("content-length", "")
    if length.isdigit() and int(length) > MAX_BODY_BYTES:
        raise _too_large()
    raw = await _read_body(receive)
    media_type = headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if not raw and not required:
        return False, None, False
    if raw and media_type != "application/json":
        raise ApiError(415, "unsupported_media_type", "Send the body as application/json.")
    if raw and headers.get("content-encoding", "").strip().lower() not in ("", "identity"):
        raise ApiError(
            415,
            "unsupported_media_type",
            "Send the body uncompressed: no Content-Encoding is supported.",
            headers={"Accept-Encoding": "identity"},  # RFC 9110's hint: the codings accepted
        )
    if raw and _charset(headers["content-type"]) not in _UTF8_CHARSETS:
        raise ApiError(
            415, "unsupported_media_type", "Send the body as UTF-8: no other charset is supported."
        )
    if not raw:
        raise ApiError(
            400,
            "validation_error",
            "The request body is required.",
            errors=[{"location": "body", "field": "", "message": "a JSON body is required"}],
        )
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        if "depth" in str(exc):  # orjson stops at 1024 levels: "depth limit exceeded"
            raise _body_too_deep() from None
        if not _is_utf8(raw):  # UTF-16, Latin-1, a stray byte: the charset is wrong, not the JSON
            raise ApiError(
                415, "unsupported_media_type", "Send the body as UTF-8: it is not valid UTF-8."
            ) from None
        raise ApiError(
            400,
            "invalid_json",
            f"The body is not valid JSON: {exc}",
            errors=[{"location": "body", "field": "", "message": "not valid JSON"}],
        ) from None
    if _too_deep(raw, value):
        raise _body_too_deep()
    if _LONG_INTEGER_TEXT.search(raw) is not None:
        _check_integer_range(raw)
    return True, value, _FLOAT_TEXT.search(raw) is not None


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


async def _drop(scope: Scope, send: Send) -> None:
    """Close the connection with no response at all (`qolo.abort`), else mid-response.

    The client must see no answer: a 2xx status line whose body then breaks off is a different
    fault, one the client does not retry (the write did happen). ASGI cannot close before a
    response starts, hence the `qolo.abort` scope extension the CLI's server gives every
    request (see `_connection.track_answers`); another ASGI server gets the fallback.
    """
    abort = scope.get("extensions", {}).get("qolo.abort")
    if abort is not None:
        abort()
        # Let the server notice the closed connection before this request returns.
        for _ in range(3):
            await asyncio.sleep(0)
        return
    await send(
        {"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"64")]}
    )
    raise _Drop


def create_app(config: Config) -> SandboxApp:
    """The real sandbox; the CLI's default `--app`."""
    return SandboxApp(config)
