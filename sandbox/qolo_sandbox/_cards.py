"""Card operations: issue, read, list, change status, replace/renew, set PIN.

The full PAN exists only while a card is issued: the database keeps its BIN, last four digits
and a salted digest (enough to tell that a renewed card keeps the same PAN), never the number.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import sqlite3
import uuid
from datetime import UTC, datetime
from typing import Any

import orjson

from ._context import Request, Response, page
from ._problems import ApiError
from ._webhooks import emit

__all__ = ["TRANSITIONS", "handlers", "luhn_check_digit"]

BIN = "534092"
TERMINAL = frozenset({"CLOSED", "FCLOSED", "FORGET"})
PIN_STATUSES = frozenset({"PENDING", "ACTIVE", "SUSPEND"})
# The StatusCard table of openapi.yaml.
TRANSITIONS: dict[str, frozenset[str]] = {
    "PENDING": frozenset({"ACTIVE", "SUSPEND", "LOST", "STOLEN", "DAMAGED", "CLOSED", "FCLOSED"}),
    "ACTIVE": frozenset({"SUSPEND", "LOST", "STOLEN", "DAMAGED", "CLOSED", "FCLOSED", "FORGET"}),
    "SUSPEND": frozenset({"ACTIVE", "LOST", "STOLEN", "DAMAGED", "CLOSED", "FCLOSED", "FORGET"}),
    "DAMAGED": frozenset({"ACTIVE", "SUSPEND", "CLOSED", "FCLOSED"}),
    "LOST": frozenset({"CLOSED", "FCLOSED"}),
    "STOLEN": frozenset({"CLOSED", "FCLOSED"}),
    "CLOSED": frozenset(),
    "FCLOSED": frozenset(),
    "FORGET": frozenset(),
}
_CARD_SQL = "SELECT * FROM cards WHERE card_proxy = ? AND program_guid = ?"


def luhn_check_digit(digits: str) -> str:
    """The digit that makes `digits + check` pass the Luhn test."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 0:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return str((10 - total % 10) % 10)


def _new_pan_digits() -> str:
    """A fresh 16-digit PAN under the sandbox's BIN with a valid Luhn check digit."""
    body = BIN + f"{secrets.randbelow(10**9):09d}"  # one draw, not nine (bench/README.md)
    return body + luhn_check_digit(body)


def _new_pan() -> tuple[str, str, bytes]:
    """BIN, last four and salted digest of a fresh PAN: the full number is never stored."""
    pan = _new_pan_digits()
    salt = os.urandom(16)
    return BIN, pan[-4:], salt + hashlib.sha256(salt + pan.encode()).digest()


def _expiry(now: float, months: int) -> str:
    moment = datetime.fromtimestamp(now, UTC)
    index = moment.year * 12 + moment.month - 1 + months
    return f"{(index // 12) % 100:02d}{index % 12 + 1:02d}"


def _card(row: sqlite3.Row) -> dict[str, Any]:
    card: dict[str, Any] = {
        "card_proxy": row["card_proxy"],
        "mask_card_pan": f"{row['pan_bin']}XXXXXX{row['pan_last4']}",
        "card_status": row["card_status"],
        "issuance_type": row["issuance_type"],
        "card_condition": row["card_condition"],
        "activation_method": row["activation_method"],
        "expiration_date": row["expiration_date"],
        "person_guid": row["person_guid"],
        "wallet_guid": row["wallet_guid"],
        "program_guid": row["program_guid"],
        "pin_set": row["pin_hash"] is not None,
        "card_tracking_detail": {},
        "sys_utcinserted": row["inserted"],
        "sys_utcupdated": row["updated"],
    }
    if row["replaced_card_proxy"] is not None:
        card["replaced_card_proxy"] = row["replaced_card_proxy"]
    return card


def _load(conn: sqlite3.Connection, request: Request, proxy: str) -> sqlite3.Row:
    row: sqlite3.Row | None = conn.execute(_CARD_SQL, (proxy, request.program_guid)).fetchone()
    if row is None:
        raise ApiError(404, "card_not_found", "Card not found")
    return row


def _insert_card(
    conn: sqlite3.Connection,
    request: Request,
    *,
    proxy: str | None,
    person_guid: str,
    wallet_guid: str,
    pan: tuple[str, str, bytes],
    issuance_type: str,
    condition: str,
    months: int,
    replaced: str | None,
    fulfillment: Any,
) -> sqlite3.Row:
    now = request.services.clock.now()
    stamp = request.services.clock.iso()
    for _ in range(8):
        candidate = proxy or f"cproxy{secrets.randbelow(10**13):013d}"
        try:
            conn.execute(
                "INSERT INTO cards(card_proxy, program_guid, person_guid, wallet_guid, pan_bin, "
                "pan_last4, pan_digest, card_status, issuance_type, card_condition, "
                "activation_method, expiration_date, replaced_card_proxy, fulfillment, "
                "inserted, updated) VALUES (?, ?, ?, ?, ?, ?, ?, 'PENDING', ?, ?, 'API', ?, ?, ?, "
                "?, ?)",
                (
                    candidate,
                    request.program_guid,
                    person_guid,
                    wallet_guid,
                    *pan,
                    issuance_type,
                    condition,
                    _expiry(now, months),
                    replaced,
                    None if fulfillment is None else orjson.dumps(fulfillment),
                    stamp,
                    stamp,
                ),
            )
        except sqlite3.IntegrityError:
            if proxy is not None:
                raise ApiError(
                    400, "card_proxy_taken", f"The card proxy {proxy!r} is already in use."
                ) from None
            continue
        return _load(conn, request, candidate)
    raise RuntimeError("could not allocate a card proxy")


async def create_card(request: Request) -> Response:
    body = request.body
    if body["program_guid"] != request.program_guid:
        raise ApiError(404, "program_not_found", "Program not found")
    person_in = body["person"]
    services = request.services
    with services.store.transaction() as conn:
        if "person_guid" in person_in:
            person_row = conn.execute(
                "SELECT data FROM persons WHERE person_guid = ? AND program_guid = ?",
                (person_in["person_guid"], request.program_guid),
            ).fetchone()
            if person_row is None:
                raise ApiError(404, "person_not_found", "Person not found")
            person = orjson.loads(person_row["data"])
            wallet_sql = "SELECT wallet_guid FROM wallets WHERE person_guid = ?"
            args: tuple[str, ...] = (person["person_guid"],)
            if "wallet_guid" in body:
                wallet_sql += " AND wallet_guid = ?"
                args += (body["wallet_guid"],)
            wallet = conn.execute(wallet_sql + " ORDER BY rowid LIMIT 1", args).fetchone()
            if wallet is None:
                raise ApiError(404, "wallet_not_found", "Wallet not found")
            wallet_guid = str(wallet["wallet_guid"])
        else:
            if "wallet_guid" in body:
                raise ApiError(404, "wallet_not_found", "Wallet not found")
            person = {"person_guid": str(uuid.uuid4()), **person_in}
            wallet_guid = str(uuid.uuid4())
            conn.execute(
                "INSERT INTO persons(person_guid, program_guid, data) VALUES (?, ?, ?)",
                (person["person_guid"], request.program_guid, orjson.dumps(person)),
            )
            conn.execute(
                "INSERT INTO wallets(wallet_guid, person_guid, program_guid, name) "
                "VALUES (?, ?, ?, ?)",
                (wallet_guid, person["person_guid"], request.program_guid, body.get("wallet_name")),
            )
            conn.execute(
                "INSERT INTO accounts(account_guid, wallet_guid, name) VALUES (?, ?, ?)",
                (str(uuid.uuid4()), wallet_guid, body.get("account_name")),
            )
        fulfillment = body.get("fulfillment_data")
        row = _insert_card(
            conn,
            request,
            proxy=None,
            person_guid=person["person_guid"],
            wallet_guid=wallet_guid,
            pan=_new_pan(),
            issuance_type=body.get("issuance_type", "FULL" if fulfillment else "VIRTUAL"),
            condition="NEW",
            months=body.get("months_until_expire", 36),
            replaced=None,
            fulfillment=fulfillment,
        )
        card = _card(row)
        emit(conn, services.clock, request.program_guid, "card.created", {"card": card})
        payload: dict[str, Any] = {
            "person": person,
            "program_guid": request.program_guid,
            "card": card,
        }
        if fulfillment is not None:
            payload["fulfillment_data"] = fulfillment
        response = request.respond(conn, 201, payload)
    services.wake_worker()
    return response


async def get_card(request: Request) -> Response:
    row = _load(request.services.store.conn, request, request.params["card_proxy"])
    return request.respond(None, 200, _card(row))


async def list_cards(request: Request) -> Response:
    params = request.params
    where = "program_guid = ?"
    args: list[Any] = [request.program_guid]
    for name in ("person_guid", "wallet_guid", "card_status"):
        if name in params:
            where += f" AND {name} = ?"
            args.append(params[name])
    store = request.services.store
    # `where` holds only the fixed column names above; values are bound parameters.
    count_row = store.one(f"SELECT COUNT(*) FROM cards WHERE {where}", tuple(args))  # noqa: S608
    count = int(count_row[0]) if count_row else 0
    limit = int(params.get("limit", 100))
    start = int(params.get("start_index", 0))
    rows = store.all(
        f"SELECT * FROM cards WHERE {where} ORDER BY seq LIMIT ? OFFSET ?",  # noqa: S608
        (*args, limit, start),
    )
    return request.respond(None, 200, page(count, start, [_card(r) for r in rows]))


def _check_transition(current: str, target: str, override: bool) -> None:
    if not override and target not in TRANSITIONS.get(current, frozenset()):
        raise ApiError(
            400,
            "invalid_status_transition",
            f"A card cannot move from {current} to {target}; use override_status to force it.",
        )


async def status_card(request: Request) -> Response:
    body = request.body
    target = body["status"]
    services = request.services
    with services.store.transaction() as conn:
        row = _load(conn, request, request.params["card_proxy"])
        previous = str(row["card_status"])
        if previous == target:
            return request.respond(conn, 200, _card(row))
        _check_transition(previous, target, bool(body.get("override_status", False)))
        conn.execute(
            "UPDATE cards SET card_status = ?, updated = ? WHERE seq = ?",
            (target, services.clock.iso(), row["seq"]),
        )
        card = _card(_load(conn, request, row["card_proxy"]))
        event = "card.activated" if (previous, target) == ("PENDING", "ACTIVE") else "card.status"
        emit(
            conn,
            services.clock,
            request.program_guid,
            event,
            {
                "card": card,
                "previous_status": previous,
            },
        )
        response = request.respond(conn, 200, card)
    services.wake_worker()
    return response


async def replace_card(request: Request) -> Response:
    body = request.body
    operation = body["operation"]
    services = request.services
    with services.store.transaction() as conn:
        old = _load(conn, request, request.params["card_proxy"])
        current = str(old["card_status"])
        if current in TERMINAL:
            raise ApiError(
                400, "card_not_replaceable", f"A {current} card cannot be replaced or renewed."
            )
        target = body.get("status", "CLOSED")
        if target != current:
            _check_transition(current, target, False)
            conn.execute(
                "UPDATE cards SET card_status = ?, updated = ? WHERE seq = ?",
                (target, services.clock.iso(), old["seq"]),
            )
        if operation == "RENEW":
            pan = (str(old["pan_bin"]), str(old["pan_last4"]), bytes(old["pan_digest"]))
        else:
            pan = _new_pan()
        fulfillment = body.get("fulfillment_data")
        if fulfillment is None and old["fulfillment"] is not None:
            fulfillment = orjson.loads(old["fulfillment"])
        new = _insert_card(
            conn,
            request,
            proxy=body.get("new_card_proxy"),
            person_guid=str(old["person_guid"]),
            wallet_guid=str(old["wallet_guid"]),
            pan=pan,
            issuance_type=str(old["issuance_type"]),
            condition="RENEWED" if operation == "RENEW" else "REPLACED",
            months=body.get("card_months_until_expire", 36),
            replaced=str(old["card_proxy"]),
            fulfillment=fulfillment,
        )
        card = _card(new)
        replaced = _card(_load(conn, request, old["card_proxy"]))
        emit(
            conn,
            services.clock,
            request.program_guid,
            "card.replaced",
            {
                "card": card,
                "replaced_card": replaced,
                "operation": operation,
            },
        )
        response = request.respond(conn, 200, card)
    services.wake_worker()
    return response


def _hash_pin(pin: str) -> bytes:
    """scrypt with a per-card salt: a leaked database does not give the PIN away cheaply."""
    salt = os.urandom(16)
    return salt + hashlib.scrypt(pin.encode(), salt=salt, n=2**12, r=8, p=1, dklen=32)


async def set_pin(request: Request) -> Response:
    services = request.services
    pin_hash = _hash_pin(request.body["pin"])
    with services.store.transaction() as conn:
        row = _load(conn, request, request.params["card_proxy"])
        if row["card_status"] not in PIN_STATUSES:
            raise ApiError(
                400,
                "card_status_forbids_pin",
                f"A PIN cannot be set on a {row['card_status']} card.",
            )
        conn.execute(
            "UPDATE cards SET pin_hash = ?, updated = ? WHERE seq = ?",
            (pin_hash, services.clock.iso(), row["seq"]),
        )
        card = _card(_load(conn, request, row["card_proxy"]))
        emit(conn, services.clock, request.program_guid, "card.pin.changed", {"card": card})
        response = request.respond(conn, 200, card)
    services.wake_worker()
    return response


handlers = {
    "CreateCard": create_card,
    "GetCard": get_card,
    "ListCards": list_cards,
    "StatusCard": status_card,
    "ReplaceCard": replace_card,
    "SetPIN": set_pin,
}
