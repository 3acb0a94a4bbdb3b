"""Deliberately broken variants of the sandbox, as ASGI wrappers around the real app.

Each factory takes the sandbox `Config` (the `--app` contract of `qolo_sandbox.testing`) and
returns the real `SandboxApp` wrapped so that one promise of the contract breaks; the sandbox's
own code is never touched. `identity` wraps without changing anything: the control.
Loaded in the sandbox subprocess as `qolo_mutants:<factory>` (the test puts this folder on
PYTHONPATH).

A rule no wrapper can reach (the status table, the PIN rule) is broken by a "(patch)" factory
instead: it rebinds one constant of the sandbox's module, in that subprocess only, before it
creates the app; no source file is edited.
"""

from __future__ import annotations

import asyncio
import json
import re
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any, TypeGuard
from urllib.parse import parse_qsl, urlencode

from qolo_sandbox._cards import TRANSITIONS
from qolo_sandbox._clock import Clock
from qolo_sandbox._config import Config
from qolo_sandbox._store import Store
from qolo_sandbox.app import create_app

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
# (scope, request body, status, headers, body) -> (status, headers, body)
Rewrite = Callable[
    [Scope, bytes, int, list[tuple[bytes, bytes]], bytes],
    tuple[int, list[tuple[bytes, bytes]], bytes],
]


def _rewriting(app: ASGIApp, rewrite: Rewrite) -> ASGIApp:
    """Buffer each HTTP response and let `rewrite` change its status, headers or body."""

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        request_chunks: list[bytes] = []

        async def recording_receive() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                request_chunks.append(message.get("body", b""))
            return message

        start: Message = {}
        chunks: list[bytes] = []

        async def buffering_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
                return
            if message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if message.get("more_body"):
                    return
                status, headers, body = rewrite(
                    scope,
                    b"".join(request_chunks),
                    int(start["status"]),
                    list(start.get("headers", [])),
                    b"".join(chunks),
                )
                headers = [(k, v) for k, v in headers if k.lower() != b"content-length"]
                if status != 204:
                    headers.append((b"content-length", str(len(body)).encode()))
                await send({"type": "http.response.start", "status": status, "headers": headers})
                await send({"type": "http.response.body", "body": body})
                return
            await send(message)

        await app(scope, recording_receive, buffering_send)

    return wrapped


def _json(body: bytes) -> Any:
    try:
        return json.loads(body)
    except ValueError:
        return None


def identity(config: Config) -> ASGIApp:
    """The control: the wrapper machinery with no change, which must pass."""
    return _rewriting(create_app(config), lambda scope, req, s, h, b: (s, h, b))


def _is_card(document: Any) -> TypeGuard[dict[str, Any]]:
    """A sandbox card: it has a proxy and a status (a digital package has only the proxy)."""
    return isinstance(document, dict) and "card_proxy" in document and "card_status" in document


def _editing_cards(edit: Callable[[dict[str, Any]], None]) -> Callable[[Config], ASGIApp]:
    """A mutant that applies `edit` to every card of every 2xx body (bare or under `card`)."""

    def factory(config: Config) -> ASGIApp:
        def rewrite(
            scope: Scope, req: bytes, status: int, headers: list[tuple[bytes, bytes]], body: bytes
        ) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
            document = _json(body)
            if status < 300 and isinstance(document, dict):
                for card in (document, document.get("card")):
                    if _is_card(card):
                        edit(card)
                body = json.dumps(document).encode()
            return status, headers, body

        return _rewriting(create_app(config), rewrite)

    return factory


drop_card_proxy = _editing_cards(lambda card: card.pop("card_proxy", None))
drop_card_proxy.__doc__ = (
    "Responses lose the `card_proxy` of every card they carry, the one property `Card` requires."
)


def replay_creates_twice(config: Config) -> ASGIApp:
    """The `IdempotencyKey` header is ignored, so a retried create issues a second card."""
    app = create_app(config)

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            scope = dict(scope)
            scope["headers"] = [
                (k, v) for k, v in scope["headers"] if k.lower() != b"idempotencykey"
            ]
        await app(scope, receive, send)

    return wrapped


def _without_header(name: bytes, statuses: frozenset[int]) -> Callable[[Config], ASGIApp]:
    def factory(config: Config) -> ASGIApp:
        def rewrite(
            scope: Scope, req: bytes, status: int, headers: list[tuple[bytes, bytes]], body: bytes
        ) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
            if status in statuses:
                headers = [(k, v) for k, v in headers if k.lower() != name]
            return status, headers, body

        return _rewriting(create_app(config), rewrite)

    return factory


no_www_authenticate = _without_header(b"www-authenticate", frozenset({401}))
no_www_authenticate.__doc__ = "401 answers lose their `WWW-Authenticate` challenge."
no_allow = _without_header(b"allow", frozenset({405}))
no_allow.__doc__ = "405 answers lose their `Allow` header."


def server_error_on_bad_input(config: Config) -> ASGIApp:
    """Bad input crashes: every 400 becomes a 500 (with a well-formed 500 problem body)."""

    def rewrite(
        scope: Scope, req: bytes, status: int, headers: list[tuple[bytes, bytes]], body: bytes
    ) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        if status != 400:
            return status, headers, body
        document = _json(body)
        if isinstance(document, dict):
            document.update(status=500, title="Internal Server Error", code="internal_error")
            document.pop("errors", None)
            body = json.dumps(document).encode()
        return 500, headers, body

    return _rewriting(create_app(config), rewrite)


def echo_pin(config: Config) -> ASGIApp:
    """SetPIN's answer echoes the PIN it was just given (the platform's public sample)."""
    return echo_pin_of(create_app(config))


def rejects_every_token(config: Config) -> ASGIApp:
    """Every secured call is refused with a well-formed 401, as if tokens never worked.

    A suite that passes with a warning here would call a broken login "conformant".
    """

    def rewrite(
        scope: Scope, req: bytes, status: int, headers: list[tuple[bytes, bytes]], body: bytes
    ) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        if str(scope.get("path", "")) == "/api/v1/auth/login" or status == 401:
            return status, headers, body
        return _refusal(headers)

    return _rewriting(create_app(config), rewrite)


def _refusal(headers: list[tuple[bytes, bytes]]) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    """A well-formed 401 problem, as the sandbox would send for a token it does not know."""
    problem = {
        "type": "https://qvapikeybank.qolopay.com/problems/invalid_token",
        "title": "Unauthorized",
        "status": 401,
        "code": "invalid_token",
        "detail": "The access token is not valid.",
        "request_id": "req_mutant",
    }
    kept = [(k, v) for k, v in headers if k.lower() == b"x-request-id"]
    return (
        401,
        [
            *kept,
            (b"content-type", b"application/problem+json"),
            (b"www-authenticate", b'Bearer realm="qolo", error="invalid_token"'),
        ],
        json.dumps(problem).encode(),
    )


def refuses_some_valid_tokens(config: Config) -> ASGIApp:
    """A successful ListCards with query parameters is refused with a 401, though the token works.

    A plain ListCards still succeeds, so no "all calls got 401" warning fires: only a suite that
    counts a 401 to valid data as a failure (and does not log in again and retry) catches it.
    """

    def rewrite(
        scope: Scope, req: bytes, status: int, headers: list[tuple[bytes, bytes]], body: bytes
    ) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        listing = scope.get("method") == "GET" and scope.get("path") == "/api/v1/cards"
        if listing and status == 200 and scope.get("query_string"):
            return _refusal(headers)
        return status, headers, body

    return _rewriting(create_app(config), rewrite)


leaks_card_number = _editing_cards(lambda card: card.update(card_number="5340920000000007"))
leaks_card_number.__doc__ = (
    "Cards carry the full PAN under the platform's own sample name, `card_number`; `Card` "
    "allows additional properties, so only the secret-field check can catch it."
)


def _pan_for(mask: str, *, valid: bool) -> str:
    """A 16-digit card number with the mask's first six and last four digits.

    `valid`: it passes the Luhn check (a middle digit is chosen to make it); else it fails it.
    """
    first, last = mask[:6], mask[-4:]
    for digit in "0123456789":
        number = f"{first}{digit}00000{last}"
        total = 0
        for index, char in enumerate(reversed(number)):
            value = int(char) * (2 if index % 2 else 1)
            total += value - 9 if value > 9 else value
        if (total % 10 == 0) is valid:
            return number
    raise AssertionError("unreachable: one middle digit always makes the Luhn sum right")


def _platform_secrets(card: dict[str, Any]) -> None:
    card["card_number"] = _pan_for(str(card["mask_card_pan"]), valid=True)
    card["cvx2"] = "123"


def platform_like(config: Config) -> ASGIApp:
    """The platform as its reference shows it: cards carry a consistent full PAN and a CVV, and
    SetPIN echoes the PIN it was given. Conformant under `--secrets reference`, not `strict`."""
    return echo_pin_of(_editing_cards(_platform_secrets)(config))


def _secrets_first(card: dict[str, Any]) -> dict[str, Any]:
    pan = _pan_for(str(card["mask_card_pan"]), valid=True)
    return {"card_number": pan, "cvx2": 731, **card}


def platform_quoting_secrets(config: Config) -> ASGIApp:
    """The platform's cards with the PAN first (inside the part of a body a failure quotes,
    CreateCard's `card` ahead of its `person`) and the CVV a number (731): a schema violation
    whose message quotes the value alone."""

    def rewrite(
        scope: Scope, req: bytes, status: int, headers: list[tuple[bytes, bytes]], body: bytes
    ) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        document = _json(body)
        if status < 300 and _is_card(document):
            body = json.dumps(_secrets_first(document)).encode()
        elif status < 300 and isinstance(document, dict) and _is_card(document.get("card")):
            card = _secrets_first(document.pop("card"))
            body = json.dumps({"card": card, **document}).encode()
        return status, headers, body

    return _rewriting(create_app(config), rewrite)


def echo_pin_of(app: ASGIApp) -> ASGIApp:
    """`app`, with SetPIN's answer echoing the PIN of its request (as `echo_pin` does)."""

    def rewrite(
        scope: Scope, req: bytes, status: int, headers: list[tuple[bytes, bytes]], body: bytes
    ) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        sent, document = _json(req), _json(body)
        if (
            status == 200
            and str(scope.get("path", "")).endswith("/pin")
            and isinstance(sent, dict)
            and isinstance(document, dict)
        ):
            document["pin"] = sent.get("pin")
            body = json.dumps(document).encode()
        return status, headers, body

    return _rewriting(app, rewrite)


def _luhn_invalid(card: dict[str, Any]) -> None:
    card["card_number"] = _pan_for(str(card["mask_card_pan"]), valid=False)


inconsistent_card_number = _editing_cards(_luhn_invalid)
inconsistent_card_number.__doc__ = (
    "Cards carry a full PAN that agrees with `mask_card_pan` but fails the Luhn check: caught "
    "even under `--secrets reference`, which allows only a consistent `card_number`."
)


def _numeric_expiry(card: dict[str, Any]) -> None:
    card["expiration_date"] = int(card["expiration_date"])


numeric_expiry = _editing_cards(_numeric_expiry)
numeric_expiry.__doc__ = (
    "Cards give `expiration_date` as a number (2912), where the reference's samples show a "
    "string ('2212')."
)


def _malformed_formats(card: dict[str, Any]) -> None:
    card["wallet_guid"] = "not-a-uuid"
    card["sys_utcupdated"] = "2026-02-30T10:00:00"


malformed_formats = _editing_cards(_malformed_formats)
malformed_formats.__doc__ = (
    "Cards carry a `wallet_guid` that is not a uuid and a `sys_utcupdated` that is no date "
    "(February 30th): only the formats check can see it, since schemathesis's own schema "
    "check validates no formats."
)


def validating_gateway(config: Config) -> ASGIApp:
    """Not broken: a deployment behind a gateway that validates a create's body first.

    The contract does not order authentication and validation, so a `CreateCard` whose body is
    not a valid card (parsed as JSON whatever its media type) gets the gateway's 400 before the
    sandbox could answer 401 or 415. A suite that expects those answers to invalid bodies
    over-specifies.
    """
    from conformance.contract import schema_errors

    app = create_app(config)

    async def gateway(scope: Scope, receive: Receive, send: Send) -> None:
        create = scope.get("method") == "POST" and scope.get("path") == "/api/v1/cards"
        if scope["type"] != "http" or not create:
            await app(scope, receive, send)
            return
        chunks: list[bytes] = []
        while True:
            message = await receive()
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        request = b"".join(chunks)
        document = _json(request)
        if document is not None and not schema_errors("CreateCardRequest", document):
            replayed = False

            async def replay() -> Message:
                nonlocal replayed
                if replayed:
                    return await receive()
                replayed = True
                return {"type": "http.request", "body": request, "more_body": False}

            await app(scope, replay, send)
            return
        problem = {
            "type": "https://qvapikeybank.qolopay.com/problems/validation_error",
            "title": "Bad Request",
            "status": 400,
            "code": "validation_error",
            "detail": "The request body is not a valid CreateCardRequest.",
            "request_id": "req_gateway",
        }
        body = json.dumps(problem).encode()
        headers = [
            (b"content-type", b"application/problem+json"),
            (b"x-request-id", b"req_gateway"),
            (b"content-length", str(len(body)).encode()),
        ]
        await send({"type": "http.response.start", "status": 400, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    return gateway


# -- subscriptions, tokens and events --


def _header(scope: Scope, name: bytes) -> bytes | None:
    """The request header `name` (lower case), if the request has it."""
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return bytes(value)
    return None


def key_reuse_replays_except_cards(config: Config) -> ASGIApp:
    """The 422 for a key reused with another body exists only for CreateCard: CreateNotification
    and ReplaceCard keep their first answer by the key alone, so a reused key with a different
    body replays it (`Idempotent-Replayed: true`) and the new request is dropped.

    Modelled on the sandbox's 422: it is turned into the replay of the first 2xx with that key.
    """
    creates = re.compile(r"/api/v1/(notifications|cards/[^/]+/replace)")
    first: dict[tuple[bytes | None, bytes, str], tuple[int, list[tuple[bytes, bytes]], bytes]] = {}

    def rewrite(
        scope: Scope, req: bytes, status: int, headers: list[tuple[bytes, bytes]], body: bytes
    ) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        path, key = str(scope.get("path", "")), _header(scope, b"idempotencykey")
        if scope.get("method") != "POST" or key is None or not creates.fullmatch(path):
            return status, headers, body
        stored = (_header(scope, b"authorization"), key, path)
        if 200 <= status < 300:
            first.setdefault(stored, (status, headers, body))
        problem = _json(body)
        reused = isinstance(problem, dict) and problem.get("code") == "idempotency_key_reused"
        if status == 422 and reused and stored in first:
            status, headers, body = first[stored]
            kept = [(k, v) for k, v in headers if k.lower() != b"idempotent-replayed"]
            headers = [*kept, (b"idempotent-replayed", b"true")]
        return status, headers, body

    return _rewriting(create_app(config), rewrite)


def token_expires_early(config: Config) -> ASGIApp:
    """Tokens last one hour, but the login still says `expires_in: 43200` (the guide's 12 h): a
    client that trusts it is refused from the second hour on."""
    config.token_ttl = 3600

    def rewrite(
        scope: Scope, req: bytes, status: int, headers: list[tuple[bytes, bytes]], body: bytes
    ) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        document = _json(body)
        if status == 200 and isinstance(document, dict) and "expires_in" in document:
            body = json.dumps({**document, "expires_in": 43200}).encode()
        return status, headers, body

    return _rewriting(create_app(config), rewrite)


def read_only_sees_subscription_headers(config: Config) -> ASGIApp:
    """A subscription's `headers` (maybe the partner's credentials for its receiver) are shown
    to read-only tokens too, as a response cache shared by every token would."""
    seen: dict[str, str] = {}
    notifications = re.compile(r"/api/v1/notifications(/[^/]+)?")

    def fill(item: Any) -> None:
        if not isinstance(item, dict) or not isinstance(item.get("notification_guid"), str):
            return
        guid = item["notification_guid"]
        if isinstance(item.get("headers"), str):
            seen[guid] = item["headers"]
        elif guid in seen:
            item["headers"] = seen[guid]

    def rewrite(
        scope: Scope, req: bytes, status: int, headers: list[tuple[bytes, bytes]], body: bytes
    ) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        document = _json(body)
        wanted = notifications.fullmatch(str(scope.get("path", "")))
        if wanted and 200 <= status < 300 and isinstance(document, dict):
            for item in [document, *(document.get("data") or [])]:
                fill(item)
            body = json.dumps(document).encode()
        return status, headers, body

    return _rewriting(create_app(config), rewrite)


def stale_previous_status(config: Config) -> ASGIApp:
    """(A patch inside the sandbox process: its events are not HTTP answers.) `card.status` and
    `card.activated` events carry the card's new status as `previous_status`, as one read after
    the update would."""
    from qolo_sandbox import _cards, _delivery

    original = _delivery.emit

    def emit(store: Store, clock: Clock, program_guid: str, event_type: str, data: Any) -> None:
        if isinstance(data, dict) and "previous_status" in data:
            data = {**data, "previous_status": data["card"]["card_status"]}
        original(store, clock, program_guid, event_type, data)

    vars(_cards)["emit"] = emit  # the name card operations call, imported from _delivery
    return create_app(config)


def event_filter_ignored(config: Config) -> ASGIApp:
    """(A patch inside the sandbox process.) Deliveries ignore a subscription's `event_type`: a
    receiver that asked for `card.created` alone gets every card event of the program.

    The sandbox's `emit`, without the filter on the subscription's event types.
    """
    import orjson

    from qolo_sandbox import _cards
    from qolo_sandbox._clock import isoformat
    from qolo_sandbox._ids import new_guid

    def emit(store: Store, clock: Clock, program_guid: str, event_type: str, data: Any) -> None:
        if program_guid not in store.listening():
            return
        now = clock.now()
        event_id = new_guid()
        envelope = {
            "event_id": event_id,
            "event_type": event_type,
            "created_at": isoformat(now),
            "program_guid": program_guid,
            "data": data,
        }
        store.conn.execute(
            "INSERT INTO events(event_id, program_guid, event_type, body, created_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (event_id, program_guid, event_type, orjson.dumps(envelope), now),
        )
        store.conn.execute(
            "INSERT INTO deliveries(event_id, notification_guid, state, attempts, next_attempt_at) "
            "SELECT ?, n.notification_guid, 'pending', 0, ? FROM notifications n "
            "WHERE n.program_guid = ? AND n.active = 1 ORDER BY n.seq",
            (event_id, now, program_guid),
        )

    vars(_cards)["emit"] = emit  # the name card operations call, imported from _delivery
    return create_app(config)


# --------------------------------------------------------------------------- cards: the rules a
# card's status sets, ReplaceCard, ListCards' filter, ValidateCard, idempotency races, HEAD.


def status_reopens_terminal(config: Config) -> ASGIApp:
    """(patch) StatusCard moves a `CLOSED`, `FCLOSED` or `FORGET` card back to `ACTIVE` or
    `SUSPEND`, no override needed, as a platform whose rule table guards only `LOST` and
    `STOLEN` would. (The contract: terminal, no allowed targets.)"""
    from qolo_sandbox import _cards

    reopened = frozenset({"ACTIVE", "SUSPEND"})
    _cards.TRANSITIONS = {
        status: targets | reopened if status in _cards.TERMINAL else targets
        for status, targets in _cards.TRANSITIONS.items()
    }
    return create_app(config)


def override_reopens_final(config: Config) -> ASGIApp:
    """(patch) `override_status` still moves a card out of a final status, as before 2.4.0:
    a `CLOSED` card is reactivated, a `LOST` one unblocked. (The contract: from `LOST`,
    `STOLEN`, `CLOSED`, `FCLOSED` and `FORGET` the table alone decides, override or not.)"""
    from qolo_sandbox import _cards

    _cards.FINAL = frozenset()
    return create_app(config)


def renews_compromised_cards(config: Config) -> ASGIApp:
    """(patch) `RENEW` of a `LOST` or `STOLEN` card issues a card with the compromised number,
    as before 2.4.0. (The contract: 400 `card_needs_new_number`.)"""
    from qolo_sandbox import _cards

    _cards.COMPROMISED = frozenset()
    return create_app(config)


# Request-side wrappers: `_intercepting` hands a request (its body read) to a function that may
# change it, call the app (`_call`) and change the answer.
Answer = tuple[int, list[tuple[bytes, bytes]], bytes]
Intercept = Callable[[ASGIApp, Scope, bytes], Awaitable[Answer]]


async def _read(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            break
    return b"".join(chunks)


def _with_headers(scope: Scope, drop: set[bytes], add: list[tuple[bytes, bytes]]) -> Scope:
    scope = dict(scope)
    scope["headers"] = [(k, v) for k, v in scope["headers"] if k.lower() not in drop] + add
    return scope


def _with_body(scope: Scope, body: bytes) -> Scope:
    """`scope` whose Content-Length (if any) fits a rewritten body."""
    if _header(scope, b"content-length") is None:
        return scope
    return _with_headers(scope, {b"content-length"}, [(b"content-length", str(len(body)).encode())])


async def _call(app: ASGIApp, scope: Scope, body: bytes) -> Answer:
    """Run `app` on one request; its whole answer."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            await asyncio.sleep(3600)  # never: the app reads the body once
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    start: Message = {}
    chunks: list[bytes] = []

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            start.update(message)
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    return int(start["status"]), list(start.get("headers", [])), b"".join(chunks)


async def _reply(send: Send, answer: Answer) -> None:
    status, headers, body = answer
    headers = [(k, v) for k, v in headers if k.lower() != b"content-length"]
    if status != 204:
        headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _intercepting(app: ASGIApp, wants: Callable[[Scope], bool], intercept: Intercept) -> ASGIApp:
    """`app`, with the HTTP requests `wants` picks answered by `intercept` (which may call it)."""

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not wants(scope):
            await app(scope, receive, send)
            return
        body = await _read(receive)
        await _reply(send, await intercept(app, scope, body))

    return wrapped


def _is(method: str, pattern: str) -> Callable[[Scope], bool]:
    compiled = re.compile(pattern)
    return lambda scope: (
        scope.get("method") == method and bool(compiled.fullmatch(str(scope.get("path", ""))))
    )


def replace_ignores_status(config: Config) -> ASGIApp:
    """ReplaceCard ignores the request's `status`: "replace my lost card" issues the new card
    but leaves the old one ACTIVE. (The contract: the old card moves to `status`.)"""

    async def intercept(app: ASGIApp, scope: Scope, body: bytes) -> Answer:
        request = _json(body)
        if isinstance(request, dict) and "status" in request:
            request.pop("status")
            body = json.dumps(request).encode()
            scope = _with_body(scope, body)
        return await _call(app, scope, body)

    return _intercepting(create_app(config), _is("POST", r"/api/v1/cards/[^/]+/replace"), intercept)


def replace_across_programs(config: Config) -> ASGIApp:
    """ReplaceCard finds the card in every program, not only the caller's: another program's
    token replaces (and is answered the new card of) someone else's card. Every other card
    operation still answers 404 to a stranger. (The contract: another program's card is 404.)

    Modelled by remembering which token created each card and acting with it.
    """
    owners: dict[str, bytes] = {}

    def remember(scope: Scope, answer: Answer) -> None:
        document = _json(answer[2])
        auth = _header(scope, b"authorization")
        if 200 <= answer[0] < 300 and isinstance(document, dict) and auth:
            card = document.get("card") if isinstance(document.get("card"), dict) else document
            if isinstance(card, dict) and isinstance(card.get("card_proxy"), str):
                owners[card["card_proxy"]] = auth

    async def intercept(app: ASGIApp, scope: Scope, body: bytes) -> Answer:
        answer = await _call(app, scope, body)
        path = str(scope["path"])
        if path.endswith("/replace") and answer[0] == 404:
            owner = owners.get(path.split("/")[4])
            if owner is not None and owner != _header(scope, b"authorization"):
                scope = _with_headers(scope, {b"authorization"}, [(b"authorization", owner)])
                answer = await _call(app, scope, body)
        remember(scope, answer)
        return answer

    creates = _is("POST", r"/api/v1/cards")
    replaces = _is("POST", r"/api/v1/cards/[^/]+/replace")
    return _intercepting(create_app(config), lambda s: creates(s) or replaces(s), intercept)


_STATUSES = frozenset(TRANSITIONS)  # every CardStatus: the sandbox's table names each


def list_ignores_card_status(config: Config) -> ASGIApp:
    """ListCards ignores its `card_status` filter (say the deployment reads `status`): asking
    for the SUSPENDed cards lists every card. A status not in the enum is still a 400.
    (The contract: only cards in this status.)"""
    app = create_app(config)
    listing = _is("GET", r"/api/v1/cards")

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and listing(scope):
            query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), True)
            kept = [(k, v) for k, v in query if not (k == "card_status" and v in _STATUSES)]
            scope = dict(scope)
            scope["query_string"] = urlencode(kept).encode("latin-1")
        await app(scope, receive, send)

    return wrapped


def validate_pan_by_bin_and_last4(config: Config) -> ASGIApp:
    """ValidateCard matches a `card_number` by its BIN and last four digits only (what the
    masked PAN shows), not the full number: any number with the right first six and last four
    digits "validates". (The contract: any given detail that does not match is 404.)"""

    async def intercept(app: ASGIApp, scope: Scope, body: bytes) -> Answer:
        request = _json(body)
        number = request.get("card_number") if isinstance(request, dict) else None
        if isinstance(request, dict) and isinstance(number, str) and len(number) >= 12:
            request.pop("card_number")
            request.setdefault("iin", number[:6])
            if request.get("card_lastX") is None:
                request["card_lastX"] = number[-4:]
            body = json.dumps(request).encode()
            scope = _with_body(scope, body)
        return await _call(app, scope, body)

    return _intercepting(create_app(config), _is("POST", r"/api/v1/cards/validate"), intercept)


def pin_on_any_status(config: Config) -> ASGIApp:
    """(patch) SetPIN sets a PIN on a card in any status, `CLOSED`, `LOST` and `STOLEN`
    included. (The contract: any status but `PENDING`, `ACTIVE`, `SUSPEND` is 400
    `card_status_forbids_pin`.)"""
    from qolo_sandbox import _cards

    _cards.PIN_STATUSES = _STATUSES
    return create_app(config)


def idempotency_race(config: Config) -> ASGIApp:
    """A create's key is claimed only when its work is done (a read, then a write after it):
    a duplicate sent while the first is still being processed (a client's retry after a
    timeout) runs again and creates a second card, instead of the contract's 409
    `idempotency_request_in_flight`. The platform's work takes 50 ms here."""
    in_flight: set[tuple[bytes | None, bytes | None]] = set()
    creates = re.compile(r"/api/v1/(cards|notifications|cards/[^/]+/replace)")

    def keyed_create(scope: Scope) -> bool:
        return (
            scope.get("method") == "POST"
            and bool(creates.fullmatch(str(scope.get("path", ""))))
            and _header(scope, b"idempotencykey") is not None
        )

    async def intercept(app: ASGIApp, scope: Scope, body: bytes) -> Answer:
        key = (_header(scope, b"authorization"), _header(scope, b"idempotencykey"))
        if key in in_flight:  # not stored yet: it looks like a fresh key
            return await _call(app, _with_headers(scope, {b"idempotencykey"}, []), body)
        in_flight.add(key)
        try:
            await asyncio.sleep(0.05)
            return await _call(app, scope, body)
        finally:
            in_flight.discard(key)

    return _intercepting(create_app(config), keyed_create, intercept)


def head_refused(config: Config) -> ASGIApp:
    """HEAD is refused with 405 (`Allow`: the path's other methods), as many frameworks do
    when only GET is routed. (The contract: HEAD is answered like GET wherever a path has
    GET.)"""

    async def intercept(app: ASGIApp, scope: Scope, body: bytes) -> Answer:
        probe = dict(scope)
        probe["method"] = "PATCH"  # no path has it: the sandbox's 405 names what the path has
        _, probe_headers, _ = await _call(app, probe, b"")
        allow = {k.lower(): v for k, v in probe_headers}.get(b"allow", b"GET")
        methods = [m.strip() for m in allow.split(b",") if m.strip() != b"HEAD"]
        problem = {
            "type": "https://qvapikeybank.qolopay.com/problems/method_not_allowed",
            "title": "Method Not Allowed",
            "status": 405,
            "code": "method_not_allowed",
            "detail": "HEAD is not allowed here.",
            "request_id": "req_head",
        }
        headers = [
            (b"content-type", b"application/problem+json"),
            (b"x-request-id", b"req_head"),
            (b"allow", b", ".join(methods)),
        ]
        return 405, headers, json.dumps(problem).encode()

    def wants(scope: Scope) -> bool:
        return scope.get("method") == "HEAD" and str(scope["path"]).startswith("/api/v1/")

    return _intercepting(create_app(config), wants, intercept)


# -- round 2: events --
# Subscriptions' updates and deletes, and the events' envelope and class match: each breaks one
# promise the suite's webhook tests check (`SUITE_EVENTS2` in test_mutants.py).


_COUNT_LISTED = (
    "SELECT COUNT(*) FROM notifications WHERE program_guid = ?"
    " AND notification_guid NOT IN (SELECT value FROM json_each(?))"
)
_LISTED = (
    "SELECT * FROM notifications WHERE program_guid = ?"
    " AND notification_guid NOT IN (SELECT value FROM json_each(?)) ORDER BY seq LIMIT ? OFFSET ?"
)


def delete_keeps_delivering(config: Config) -> ASGIApp:
    """(patch) DeleteNotificationById answers 204 and the subscription is gone from every read
    (404, not listed), but it is only flagged: events are still delivered to its URL.
    (Contract DeleteNotificationById: "Deletes the subscription; no further events are
    delivered to it".)"""
    from qolo_sandbox import _subscriptions as subs
    from qolo_sandbox._handler_types import Response, page
    from qolo_sandbox._problems import ApiError

    hidden: set[str] = set()
    original_find = subs._find

    def _find(request: Any, guid: str) -> Any:
        if guid.lower() in hidden:
            raise ApiError(404, "notification_not_found", "Notification not found")
        return original_find(request, guid)

    async def delete(request: Any) -> Any:
        row = _find(request, request.params["notification_guid"])
        hidden.add(str(row["notification_guid"]).lower())
        return Response(204)

    async def list_notifications(request: Any) -> Any:
        limit = int(request.params.get("limit", 100))
        start = int(request.params.get("start_index", 0))
        store = request.services.store
        gone = json.dumps(sorted(hidden))
        params = (request.program_guid, gone)
        count = int(store.one(_COUNT_LISTED, params)[0])
        rows = store.all(_LISTED, (*params, limit, start))
        show = not subs._read_only(request)
        found = [subs._notification(r, show) for r in rows]
        return request.respond(None, 200, page(count, start, found))

    subs._find = _find
    subs.handlers["DeleteNotificationById"] = delete
    subs.handlers["ListNotifications"] = list_notifications
    return create_app(config)


def secret_rotation_ignored(config: Config) -> ASGIApp:
    """UpdateNotificationById drops a new `secret`: deliveries stay signed with the old one
    after the partner rotated it. (Contract UpdateNotificationById: "Replaces the subscription's
    `url`, `headers`, `event_type` and, when given, `secret`".)"""

    async def intercept(app: ASGIApp, scope: Scope, body: bytes) -> Answer:
        request = _json(body)
        secret = request.get("secret") if isinstance(request, dict) else None
        # Only a valid secret is dropped: the body is still validated as sent.
        if isinstance(request, dict) and isinstance(secret, str) and 16 <= len(secret) <= 256:
            request.pop("secret")
            body = json.dumps(request).encode()
            scope = _with_body(scope, body)
        return await _call(app, scope, body)

    return _intercepting(create_app(config), _is("PUT", r"/api/v1/notifications/[^/]+"), intercept)


def deactivate_ignored(config: Config) -> ASGIApp:
    """`active: false` is answered (and read back) as off, but deliveries go on (and the update
    pings). (Contract UpdateNotificationById: "`active: false` turns the subscription off (no
    deliveries, no ping)".)"""
    off: set[str] = set()
    one = r"/api/v1/notifications/[^/]+"

    def show_off(document: Any) -> None:
        if isinstance(document, dict) and document.get("notification_guid") in off:
            document["active"] = False

    async def intercept(app: ASGIApp, scope: Scope, body: bytes) -> Answer:
        guid = str(scope["path"]).rsplit("/", 1)[-1].lower()
        request = _json(body) if scope["method"] == "PUT" else None
        switching_off = isinstance(request, dict) and request.get("active") is False
        if isinstance(request, dict) and switching_off:
            request.pop("active")
            body = json.dumps(request).encode()
            scope = _with_body(scope, body)
        status, headers, answer = await _call(app, scope, body)
        if scope["method"] == "PUT" and status == 200:
            (off.add if switching_off else off.discard)(guid)
        document = _json(answer)
        if 200 <= status < 300 and isinstance(document, dict):
            show_off(document)
            for item in document.get("data") or []:
                show_off(item)
            answer = json.dumps(document).encode()
        return status, headers, answer

    reads = (_is("PUT", one), _is("GET", one), _is("GET", r"/api/v1/notifications"))
    return _intercepting(create_app(config), lambda s: any(f(s) for f in reads), intercept)


def _emitter(
    event_id_of: Callable[[str, str, Any], str] | None = None,
    created_at_of: Callable[[Any], str | None] | None = None,
    *,
    classes: bool = True,
) -> Callable[[Store, Clock, str, str, Any], None]:
    """The sandbox's `emit` (see `_delivery.emit`), with the envelope's `event_id` and
    `created_at` computed by the given functions, and the `card` class match optional."""
    import orjson

    from qolo_sandbox._clock import isoformat
    from qolo_sandbox._ids import new_guid

    def emit(store: Store, clock: Clock, program_guid: str, event_type: str, data: Any) -> None:
        if program_guid not in store.listening():
            return
        now = clock.now()
        row_id = new_guid()
        stamp = (created_at_of(data) if created_at_of else None) or isoformat(now)
        envelope = {
            "event_id": event_id_of(program_guid, event_type, data) if event_id_of else row_id,
            "event_type": event_type,
            "created_at": stamp,
            "program_guid": program_guid,
            "data": data,
        }
        store.conn.execute(
            "INSERT INTO events(event_id, program_guid, event_type, body, created_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (row_id, program_guid, event_type, orjson.dumps(envelope), now),
        )
        kinds = (event_type, event_type.partition(".")[0] if classes else event_type)
        store.conn.execute(
            "INSERT INTO deliveries(event_id, notification_guid, state, attempts, next_attempt_at) "
            "SELECT ?, n.notification_guid, 'pending', 0, ? FROM notifications n "
            "WHERE n.program_guid = ? AND n.active = 1 AND EXISTS ("
            "  SELECT 1 FROM json_each(n.event_types) WHERE value IN (?, ?, 'all')) ORDER BY n.seq",
            (row_id, now, program_guid, *kinds),
        )

    return emit


def _install(emit: Callable[[Store, Clock, str, str, Any], None]) -> None:
    from qolo_sandbox import _cards

    vars(_cards)["emit"] = emit  # the name card operations call, imported from _delivery


def card_class_ignored(config: Config) -> ASGIApp:
    """(patch) A subscription to the event class `card` gets nothing: only exact event types
    and `all` match. (Contract WebhookEventType: "`card` every `card.*` event".)"""
    _install(_emitter(classes=False))
    return create_app(config)


def event_id_per_card_and_type(config: Config) -> ASGIApp:
    """(patch) `event_id` is derived from the card and the event type (uuid5), so a card's second
    `card.status` repeats its first one's id: a receiver that de-duplicates by `event_id`, as
    told, drops it. (Contract WebhookEvent: "`event_id` is unique per event".)"""

    def event_id(program: str, event_type: str, data: Any) -> str:
        card = data.get("card") if isinstance(data, dict) else None
        if not isinstance(card, dict):
            return str(uuid.uuid4())
        name = f"{program}/{card['card_proxy']}/{event_type}"
        return str(uuid.uuid5(uuid.NAMESPACE_URL, name))

    _install(_emitter(event_id_of=event_id))
    return create_app(config)


def created_at_is_the_cards(config: Config) -> ASGIApp:
    """(patch) A card event's `created_at` is the card's `sys_utcinserted` (the resource's
    creation, not the event's): every event of a card older than a receiver's tolerance is
    rejected as stale. (Contract WebhookEvent: "`created_at` is when the event happened".)"""

    def created_at(data: Any) -> str | None:
        card = data.get("card") if isinstance(data, dict) else None
        return card.get("sys_utcinserted") if isinstance(card, dict) else None

    _install(_emitter(created_at_of=created_at))
    return create_app(config)


def issuance_noop_reorders_plastic(config: Config) -> ASGIApp:
    """(patch) `issuance_type` asked for the type a FULL card already has orders its plastic
    again: `card_requested` moves and a second `card.fulfilment` is sent. (Contract
    issuance_type: "asking for the type the card already has is a successful no-op (safe to
    retry)".)"""
    from qolo_sandbox import _cards

    original = _cards.change_issuance_type

    async def change(request: Any) -> Any:
        services = request.services
        response = None
        with services.store.transaction() as conn:
            row = _cards._load(conn, request, request.params["card_proxy"])
            if request.body["issuance_type"] == row["issuance_type"] == "FULL":
                stamp = services.clock.stamp()
                conn.execute(
                    "UPDATE cards SET card_requested = ?, updated = ? WHERE seq = ?",
                    (stamp, stamp, row["seq"]),
                )
                card = _cards._card(_cards._load(conn, request, row["card_proxy"]))
                vars(_cards)["emit"](  # imported there from _delivery
                    services.store,
                    services.clock,
                    request.program_guid,
                    "card.fulfilment",
                    {"card": card},
                )
                response = request.respond(conn, 200, card)
        if response is None:
            return await original(request)
        services.wake_worker()
        return response

    _cards.handlers["issuance_type"] = change
    return create_app(config)


# -- round 2: cards, auth and limits --

_PROBLEMS = "https://qvapikeybank.qolopay.com/problems/"


def _problem_answer(
    status: int, title: str, code: str, detail: str, *extra: tuple[bytes, bytes]
) -> Answer:
    """A well-formed problem answer (its request id in the body and in X-Request-Id)."""
    import random

    request_id = f"req_{random.getrandbits(96):024x}"
    body = {
        "type": _PROBLEMS + code,
        "title": title,
        "status": status,
        "code": code,
        "detail": detail,
        "request_id": request_id,
    }
    headers = [
        (b"x-request-id", request_id.encode()),
        (b"content-type", b"application/problem+json"),
        *extra,
    ]
    return status, headers, json.dumps(body).encode()


def _scope_like(scope: Scope, method: str, path: str, body: bytes, auth: bytes | None) -> Scope:
    """A request of our own on the same connection's scope (host kept)."""
    new = dict(scope)
    new.update(method=method, path=path, raw_path=path.encode(), query_string=b"")
    headers = [(k, v) for k, v in scope["headers"] if k.lower() == b"host"]
    headers += [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
    ]
    if auth is not None:
        headers.append((b"authorization", auth))
    new["headers"] = headers
    return new


async def _login_as(app: ASGIApp, scope: Scope, loginid: str, apikey: str) -> bytes | None:
    body = json.dumps({"loginid": loginid, "apikey": apikey}).encode()
    status, _, answer = await _call(
        app, _scope_like(scope, "POST", "/api/v1/auth/login", body, None), body
    )
    document = _json(answer)
    if status != 200 or not isinstance(document, dict):
        return None
    return f"Bearer {document['access_token']}".encode()


def login_lockout(config: Config) -> ASGIApp:
    """Five failed logins for a login id lock it for a minute: the RIGHT key is then 429 too,
    as most throttles do. (Contract `Login`/`LoginThrottled`: "the right `loginid` and `apikey`
    always log in, whatever anyone's failed attempts, so nobody can lock a partner out".)"""
    import time

    failures: dict[str, list[float]] = {}

    async def intercept(app: ASGIApp, scope: Scope, body: bytes) -> Answer:
        request = _json(body)
        loginid = request.get("loginid") if isinstance(request, dict) else None
        if not isinstance(loginid, str):
            return await _call(app, scope, body)
        now = time.monotonic()
        recent = failures[loginid] = [t for t in failures.get(loginid, []) if now - t < 60]
        if len(recent) >= 5:
            wait = str(int(60 - (now - recent[0])) + 1).encode()
            return _problem_answer(
                429,
                "Too Many Requests",
                "rate_limited",
                "Too many failed logins; this login id is locked for a minute.",
                (b"retry-after", wait),
                (b"ratelimit-limit", b"5"),
                (b"ratelimit-remaining", b"0"),
                (b"ratelimit-reset", wait),
            )
        answer = await _call(app, scope, body)
        if answer[0] in (401, 429):
            recent.append(now)
        return answer

    return _intercepting(create_app(config), _is("POST", r"/api/v1/auth/login"), intercept)


def program_from_body(config: Config) -> ASGIApp:
    """CreateCard and CreateNotification act in the program their body's `program_guid` names,
    not the token's: program A's token issues cards in program B, and subscribes to B's
    events. (Contract: CreateCard "404 when the program ... does not exist in the caller's
    program"; `program_guid` "the caller's own" in CreateCardRequest and NotificationRequest.)

    Modelled by acting with the named program's credential when the sandbox says 404
    `program_not_found`."""
    writers = {c.program_guid.lower(): c for c in config.credentials if not c.read_only}

    async def intercept(app: ASGIApp, scope: Scope, body: bytes) -> Answer:
        answer = await _call(app, scope, body)
        problem, request = _json(answer[2]), _json(body)
        if (
            answer[0] == 404
            and isinstance(problem, dict)
            and problem.get("code") == "program_not_found"
            and isinstance(request, dict)
            and isinstance(request.get("program_guid"), str)
            and request["program_guid"].lower() in writers
        ):
            owner = writers[request["program_guid"].lower()]
            auth = await _login_as(app, scope, owner.loginid, owner.apikey)
            if auth is not None:
                scope = _with_headers(scope, {b"authorization"}, [(b"authorization", auth)])
                answer = await _call(app, scope, body)
        return answer

    creates = (_is("POST", r"/api/v1/cards"), _is("POST", r"/api/v1/notifications"))
    return _intercepting(create_app(config), lambda s: any(f(s) for f in creates), intercept)


def validate_ignores_identity_factors(config: Config) -> ASGIApp:
    """ValidateCard ignores the cardholder factors (`birth_date`, `postal_code`,
    `client_reference_id`): a card number and expiry "validate" with any date of birth.
    (Contract ValidateCard: answers the card "when every given detail matches"; "any detail
    that does not match ... is 404 `card_not_found`".)"""

    async def intercept(app: ASGIApp, scope: Scope, body: bytes) -> Answer:
        request = _json(body)
        factors = ("birth_date", "postal_code", "client_reference_id")
        # Only valid values are dropped (strings; a postal code of at most 10): the body is
        # still validated as sent.
        valid = [
            name
            for name in factors
            if isinstance(request, dict)
            and isinstance(request.get(name), str)
            and (name != "postal_code" or len(request[name]) <= 10)
        ]
        if isinstance(request, dict) and valid:
            for name in valid:
                request.pop(name)
            body = json.dumps(request).encode()
            scope = _with_body(scope, body)
        return await _call(app, scope, body)

    return _intercepting(create_app(config), _is("POST", r"/api/v1/cards/validate"), intercept)


def read_only_validate_refused(config: Config) -> ASGIApp:
    """A read-only token's ValidateCard is refused 405 `method_not_allowed_for_token`, as a
    gateway that lets read-only tokens GET only would. (Contract ValidateCard: "Nothing
    changes ... so a read-only token may call it" (`x-qolo-changes-nothing`).)"""

    async def intercept(app: ASGIApp, scope: Scope, body: bytes) -> Answer:
        auth = _header(scope, b"authorization")
        probe = _scope_like(scope, "POST", "/api/v1/cards/kitprobe/status", b"{}", auth)
        status, _, answer = await _call(app, probe, b"{}")
        problem = _json(answer)
        if (
            status == 405
            and isinstance(problem, dict)
            and problem.get("code") == "method_not_allowed_for_token"
        ):
            return _problem_answer(
                405,
                "Method Not Allowed",
                "method_not_allowed_for_token",
                "This access token is read-only.",
                (b"allow", b"POST"),
            )
        return await _call(app, scope, body)

    return _intercepting(create_app(config), _is("POST", r"/api/v1/cards/validate"), intercept)


def replace_keeps_pan(config: Config) -> ASGIApp:
    """(patch) `REPLACE` issues the new card with the old card's number, as `RENEW` does: a lost
    or stolen card's number lives on in its replacement. (Contract ReplaceCard: "`REPLACE`
    gives the new card a new PAN (for lost, stolen or compromised cards)".)"""
    from qolo_sandbox import _cards

    original = _cards.replace_card

    async def replace_card(request: Any) -> Any:
        if request.body.get("operation") == "REPLACE":
            row = request.services.store.one(
                _cards._CARD_SQL, (request.params["card_proxy"], request.program_guid)
            )
            if row is not None:
                pan = (str(row["pan_bin"]), str(row["pan_last4"]), bytes(row["pan_digest"]))
                saved = _cards._new_pan
                _cards._new_pan = lambda: pan
                try:
                    return await original(request)
                finally:
                    _cards._new_pan = saved
        return await original(request)

    _cards.handlers["ReplaceCard"] = replace_card
    return create_app(config)


def months_until_expire_ignored(config: Config) -> ASGIApp:
    """(patch) CreateCard ignores `months_until_expire`: every card gets the program's 36
    months. (Contract CreateCardRequest.months_until_expire: "Months until the card expires; 0
    or omitted, the program's configured expiry".) The request is fingerprinted before, so
    idempotency is untouched."""
    from qolo_sandbox import _cards

    original = _cards.create_card

    async def create_card(request: Any) -> Any:
        if isinstance(request.body, dict):
            request.body.pop("months_until_expire", None)
        return await original(request)

    _cards.handlers["CreateCard"] = create_card
    return create_app(config)


def list_ignores_wallet_guid(config: Config) -> ASGIApp:
    """ListCards ignores its `wallet_guid` filter: a wallet's cards are every card of the
    program. (Contract ListCards `wallet_guid`: "Only cards in this wallet"; "Filters combine
    with AND".)"""
    app = create_app(config)
    listing = _is("GET", r"/api/v1/cards")

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and listing(scope):
            query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), True)
            kept = [(k, v) for k, v in query if not (k == "wallet_guid" and _is_uuid(v))]
            scope = dict(scope)
            scope["query_string"] = urlencode(kept).encode("latin-1")
        await app(scope, receive, send)

    return wrapped


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


_CREATES = (
    _is("POST", r"/api/v1/cards"),
    _is("POST", r"/api/v1/notifications"),
    _is("POST", r"/api/v1/cards/[^/]+/replace"),
)


def replayed_header_on_every_create(config: Config) -> ASGIApp:
    """Every keyed create answers `Idempotent-Replayed: true`, the first one included (a
    gateway that sets it whenever the key is stored). (Contract header `IdempotentReplayed`:
    "`true` when this response is a replay of an earlier request".)"""

    def rewrite(
        scope: Scope, req: bytes, status: int, headers: list[tuple[bytes, bytes]], body: bytes
    ) -> Answer:
        keyed = _header(scope, b"idempotencykey") is not None
        if keyed and 200 <= status < 300 and any(f(scope) for f in _CREATES):
            headers = [(k, v) for k, v in headers if k.lower() != b"idempotent-replayed"]
            headers.append((b"idempotent-replayed", b"true"))
        return status, headers, body

    return _rewriting(create_app(config), rewrite)


_NGINX_413 = (
    b"<html>\r\n<head><title>413 Request Entity Too Large</title></head>\r\n<body>\r\n"
    b"<center><h1>413 Request Entity Too Large</h1></center>\r\n<hr><center>nginx</center>\r\n"
    b"</body>\r\n</html>\r\n"
)


def html_413(config: Config) -> ASGIApp:
    """A body over 1 MiB is refused by the front proxy's own page: 413 `text/html`, no problem
    document, no request id. (Contract: "hold 1 MiB (more: 413 `body_too_large`, declared by
    every operation with a body)"; every 4xx is a `Problem` with `code` and `request_id`.)"""
    app = create_app(config)

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        length = _header(scope, b"content-length") if scope["type"] == "http" else None
        if length is not None and length.isdigit() and int(length) > 1024 * 1024:
            headers = [
                (b"content-type", b"text/html"),
                (b"content-length", str(len(_NGINX_413)).encode()),
                (b"connection", b"close"),
            ]
            await send({"type": "http.response.start", "status": 413, "headers": headers})
            await send({"type": "http.response.body", "body": _NGINX_413})
            return
        await app(scope, receive, send)

    return wrapped


def rate_limited_after_the_work(config: Config) -> ASGIApp:
    """A rate-limited POST is done, then answered 429 (a limiter that counts after the
    handler): a client that resends it, as the contract allows, creates a second card.
    (Contract `TooManyRequests` (2.4.0): "a request the API gateway rejected, so nothing was done
    and any request, a POST without an `IdempotencyKey` included, may be sent again".)

    Modelled on the sandbox's 429s (its fault injection): the request then runs anyway."""

    async def intercept(app: ASGIApp, scope: Scope, body: bytes) -> Answer:
        answer = await _call(app, scope, body)
        if answer[0] == 429:
            await _call(app, scope, body)  # the work, done after all
        return answer

    def wants(scope: Scope) -> bool:
        path = str(scope.get("path", ""))
        return scope.get("method") == "POST" and path.startswith("/api/v1/") and "auth" not in path

    return _intercepting(create_app(config), wants, intercept)


def read_only_empty_allow(config: Config) -> ASGIApp:
    """A read-only token's 405 on a path that only writes carries an empty `Allow` (legal in RFC
    9110). (Contract MethodNotAllowed: "On a path that only writes ... `Allow` names the path's
    methods again"; 2.0.0: "`Allow` on a read-only token's 405 is never empty".)"""

    def rewrite(
        scope: Scope, req: bytes, status: int, headers: list[tuple[bytes, bytes]], body: bytes
    ) -> Answer:
        problem = _json(body)
        if (
            status == 405
            and isinstance(problem, dict)
            and problem.get("code") == "method_not_allowed_for_token"
        ):
            allow = next((v for k, v in headers if k.lower() == b"allow"), b"")
            if b"GET" not in allow:
                headers = [(k, v) for k, v in headers if k.lower() != b"allow"] + [(b"allow", b"")]
        return status, headers, body

    return _rewriting(create_app(config), rewrite)
