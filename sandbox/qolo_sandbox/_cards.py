"""Card operations: issue, read, list, change status, replace/renew, set PIN, validate, order
the plastic of a virtual card, set the mobile-wallet art.

The full PAN exists only while a card is issued: the database keeps its BIN, last four digits
and a salted digest (enough to tell that a renewed card keeps the same PAN, and to check a
number given to `ValidateCard`), never the number. No response carries `card_number`, `cvx2`
or a PIN, though the platform's do.

Decisions where the contract leaves the sandbox a choice:
- A card is `FULL` (a plastic is ordered) when `CreateCard`'s `fulfillment_data` is a non-empty
  object, else `VIRTUAL`; a replacement keeps the old card's issuance type.
- `CreateCard` answers `fulfillment_data` as given, and `{}` when none (or null) was given, as
  the reference's sample does.
- `inventory_manager_guid` and `revenue_account_guid` (CreateCard, ReplaceCard), `reason_code`
  (ReplaceCard) and StatusCard's reasons are accepted and ignored: the sandbox has no inventory,
  no revenue accounts and no status history.
- `SetPIN` answers `{reason_code, comment}`, each as sent and null when not sent; never `pin`.
- `UpdateDigitalPackage` answers `{digital_package_guid, card_proxy, comment}` (comment null
  when not sent) and no `reason_code`: the request has none to echo, and the sandbox would only
  make one up.
"""

from __future__ import annotations

import hashlib
import hmac
import operator
import os
import re
import secrets
import sqlite3
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import orjson

from ._clock import NEVER, platform_time
from ._delivery import emit
from ._handler_types import Request, Response, page
from ._ids import new_guid
from ._problems import ApiError, FieldError

__all__ = ["EMPTY_GUID", "ONE_TRANSACTION", "TRANSITIONS", "handlers", "luhn_check_digit"]

BIN = "534092"
EMPTY_GUID = "00000000-0000-0000-0000-000000000000"
# The program's configured expiry, for `months_until_expire` (and ReplaceCard's) 0 or omitted.
DEFAULT_MONTHS = 36
TERMINAL = frozenset({"CLOSED", "FCLOSED", "FORGET"})
# Blocked for good (the reference's card-status guide): such a card gets a new number, never
# renewed with its own, and no override brings it back into use.
COMPROMISED = frozenset({"LOST", "STOLEN"})
# Where `override_status` does not reach: the table alone decides a move out of these.
FINAL = TERMINAL | COMPROMISED
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
_CARD_COLUMNS = (
    "card_proxy, program_guid, person_guid, wallet_guid, pan_bin, pan_last4, pan_digest, "
    "card_status, issuance_type, card_condition, activation_method, expiration_date, pin_hash, "
    "replaced_card_proxy, fulfillment, inserted, updated, activated, card_requested, "
    "digital_package_guid"
)
_CARD_NAMES = tuple(_CARD_COLUMNS.split(", "))
# The values of a card's row in `_CARD_COLUMNS`' order, then its program again (for the ordinal):
# positional parameters bind a third faster than named ones from a dict.
_card_values = operator.itemgetter(*_CARD_NAMES, "program_guid")
# The new card is its program's last: its ordinal is one more than the largest (an index
# look-up on `cards_ordinal`); the open transaction keeps two inserts from taking the same one.
_INSERT_CARD_SQL = (
    f"INSERT INTO cards({_CARD_COLUMNS}, ordinal) "  # noqa: S608 - constant column names
    f"VALUES ({', '.join('?' for _ in _CARD_NAMES)}, "
    "(SELECT IFNULL(MAX(ordinal), 0) + 1 FROM cards WHERE program_guid = ?))"
)
_NAMES = ("first_name", "last_name")


# Luhn's doubled digit, its digits summed: 7 -> 14 -> 5.
_DOUBLED = {str(d): (2 * d) % 9 if d != 9 else 9 for d in range(10)}


def luhn_check_digit(digits: str) -> str:
    """The digit that makes `digits + check` pass the Luhn test."""
    backwards = digits[::-1]
    # The check digit goes last, so the rightmost of `digits` is doubled, then every second.
    total = sum(map(_DOUBLED.__getitem__, backwards[::2])) + sum(map(int, backwards[1::2]))
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


def _pan_matches(digest: bytes, number: str) -> bool:
    """Whether `number` is the PAN behind a salted digest of `_new_pan` (constant time)."""
    salt, expected = digest[:16], digest[16:]
    return hmac.compare_digest(expected, hashlib.sha256(salt + number.encode()).digest())


def _expiry(now: float, months: int) -> str:
    moment = datetime.fromtimestamp(now, UTC)
    index = moment.year * 12 + moment.month - 1 + months
    return f"{(index // 12) % 100:02d}{index % 12 + 1:02d}"


def _card(row: sqlite3.Row | Mapping[str, Any]) -> dict[str, Any]:
    """A card as the contract's `Card`: the reference's fields the sandbox has, plus its own.

    `card_tracking_detail` always has `card_requested` (when the plastic was ordered: at issue
    for a FULL card, at `issuance_type` for a virtual card made FULL; else `NEVER`) and
    `card_shipment_date` (`NEVER`: the sandbox ships nothing), as the reference's StatusCard
    sample shows them; and `digital_package_id` once `UpdateDigitalPackage` set one. The
    fulfillment house, carrier, tracking number and package names are the platform's and are
    left out. `activation_date` is when the card first became ACTIVE, `NEVER` before;
    `logical_expiration_date` is always `NEVER` and `person_card_status` always `ACTIVE` (the
    sandbox has neither concept).
    """
    tracking: dict[str, Any] = {
        "card_requested": row["card_requested"] or NEVER,
        "card_shipment_date": NEVER,
    }
    if row["digital_package_guid"] is not None:
        tracking["digital_package_id"] = row["digital_package_guid"]
    card: dict[str, Any] = {
        "card_proxy": row["card_proxy"],
        "mask_card_pan": f"{row['pan_bin']}XXXXXX{row['pan_last4']}",
        "wallet_guid": row["wallet_guid"],
        "issuance_type": row["issuance_type"],
        "base_iin": row["pan_bin"],
        "card_condition": row["card_condition"],
        "card_status": row["card_status"],
        "activation_date": row["activated"] or NEVER,
        "activation_method": row["activation_method"],
        "expiration_date": row["expiration_date"],
        "logical_expiration_date": NEVER,
        "person_card_status": "ACTIVE",
        "card_tracking_detail": tracking,
        "sys_utcinserted": row["inserted"],
        "sys_utcupdated": row["updated"],
        "person_guid": row["person_guid"],
        "program_guid": row["program_guid"],
        "pin_set": row["pin_hash"] is not None,
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
) -> dict[str, Any]:
    """Insert a card; returns its row (the columns `_card` reads, and `seq`)."""
    now = request.services.clock.now()
    stamp = platform_time(now)
    # A FULL card's plastic is ordered with the card.
    requested = stamp if issuance_type == "FULL" else None
    row: dict[str, Any] = {
        "program_guid": request.program_guid,
        "person_guid": person_guid,
        "wallet_guid": wallet_guid,
        "pan_bin": pan[0],
        "pan_last4": pan[1],
        "pan_digest": pan[2],
        "card_status": "PENDING",
        "issuance_type": issuance_type,
        "card_condition": condition,
        "activation_method": "API",
        "expiration_date": _expiry(now, months),
        "pin_hash": None,
        "replaced_card_proxy": replaced,
        "fulfillment": None if fulfillment is None else orjson.dumps(fulfillment),
        "inserted": stamp,
        "updated": stamp,
        "activated": None,
        "card_requested": requested,
        "digital_package_guid": None,
    }
    if proxy is not None and proxy in request.services.shadowed_proxies:
        raise ApiError(
            400,
            "card_proxy_taken",
            f"The card proxy {proxy!r} is taken: /api/v1/cards/{proxy} is a path of the API.",
        )
    for _ in range(8):
        row["card_proxy"] = proxy or f"cproxy{secrets.randbelow(10**13):013d}"
        try:
            cursor = conn.execute(_INSERT_CARD_SQL, _card_values(row))
        except sqlite3.IntegrityError:
            if proxy is not None:
                raise ApiError(
                    400, "card_proxy_taken", f"The card proxy {proxy!r} is already in use."
                ) from None
            continue
        # The row as written, not read back: one SELECT less per card issued.
        row["seq"] = cursor.lastrowid
        return row
    raise RuntimeError("could not allocate a card proxy")


def _require_names(person: dict[str, Any]) -> None:
    """A new person needs a first and a last name (blank counts as missing): else 400."""
    errors: list[FieldError] = [
        {"location": "body", "field": f"/person/{name}", "message": "is required for a new person"}
        for name in _NAMES
        if not (person.get(name) or "").strip()
    ]
    if errors:
        raise ApiError(
            400,
            "person_details_required",
            "A new person needs a first_name and a last_name.",
            errors=errors,
        )


async def create_card(request: Request) -> Response:
    """CreateCard: a new person (no guid, or the empty GUID) or an existing one, and a card.

    For an existing person the other person fields are ignored; `wallet_guid` absent or the
    empty GUID is the person's first wallet. A new person gets a new wallet and account (a named
    wallet cannot be theirs: 404).
    """
    body = request.body
    if body["program_guid"] != request.program_guid:
        raise ApiError(404, "program_not_found", "Program not found")
    person_in = body["person"]
    person_guid = person_in.get("person_guid", EMPTY_GUID)
    wallet_in = body.get("wallet_guid", EMPTY_GUID)
    if person_guid == EMPTY_GUID:
        _require_names(person_in)
    services = request.services
    with services.store.transaction() as conn:
        if person_guid != EMPTY_GUID:
            person_row = conn.execute(
                "SELECT data FROM persons WHERE person_guid = ? AND program_guid = ?",
                (person_guid, request.program_guid),
            ).fetchone()
            if person_row is None:
                raise ApiError(404, "person_not_found", "Person not found")
            person = orjson.loads(person_row["data"])
            wallet_sql = "SELECT wallet_guid FROM wallets WHERE person_guid = ?"
            args: tuple[str, ...] = (person_guid,)
            if wallet_in != EMPTY_GUID:
                wallet_sql += " AND wallet_guid = ?"
                args += (wallet_in,)
            wallet = conn.execute(wallet_sql + " ORDER BY rowid LIMIT 1", args).fetchone()
            if wallet is None:
                raise ApiError(404, "wallet_not_found", "Wallet not found")
            wallet_guid = str(wallet["wallet_guid"])
        else:
            if wallet_in != EMPTY_GUID:
                raise ApiError(404, "wallet_not_found", "Wallet not found")
            person = {"person_guid": new_guid()}
            person.update((k, v) for k, v in person_in.items() if k != "person_guid")
            wallet_guid = new_guid()
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
                (new_guid(), wallet_guid, body.get("account_name")),
            )
        fulfillment = body.get("fulfillment_data") or None  # {} and null: no plastic
        row = _insert_card(
            conn,
            request,
            proxy=None,
            person_guid=person["person_guid"],
            wallet_guid=wallet_guid,
            pan=_new_pan(),
            issuance_type="FULL" if fulfillment else "VIRTUAL",
            condition="ORIGINAL",
            months=body.get("months_until_expire") or DEFAULT_MONTHS,
            replaced=None,
            fulfillment=fulfillment,
        )
        card = _card(row)
        emit(services.store, services.clock, request.program_guid, "card.created", {"card": card})
        payload: dict[str, Any] = {
            "person": person,
            "program_guid": request.program_guid,
            "card": card,
            "fulfillment_data": fulfillment or {},
        }
        response = request.respond(conn, 201, payload)
    services.wake_worker()
    return response


async def get_card(request: Request) -> Response:
    row = _load(request.services.store.conn, request, request.params["card_proxy"])
    return request.respond(None, 200, _card(row))


async def list_cards(request: Request) -> Response:
    """ListCards: offset paging in the order cards were issued.

    Unfiltered, `count` and the page are look-ups on the program's ordinals (`cards_ordinal`),
    whatever the size of the program or the `start_index`. Filtered, `count` counts the matches
    and the offset is walked in an index (`cards_person` for a person; the program's cards for a
    wallet or a status), then only the page's rows are read.
    """
    params = request.params
    program = request.program_guid
    limit = int(params.get("limit", 100))
    start = int(params.get("start_index", 0))
    store = request.services.store
    filters = [name for name in ("person_guid", "wallet_guid", "card_status") if name in params]
    if not filters:
        top = store.one("SELECT MAX(ordinal) FROM cards WHERE program_guid = ?", (program,))
        count = int(top[0]) if top and top[0] is not None else 0
        rows = store.all(
            "SELECT * FROM cards WHERE program_guid = ? AND ordinal > ? ORDER BY ordinal LIMIT ?",
            (program, start, limit),
        )
        return request.respond(None, 200, page(count, start, [_card(r) for r in rows]))
    # `where` holds only the fixed column names above; values are bound parameters. Without
    # statistics SQLite may pick the program's index even for one person's few cards: say which.
    where = "program_guid = ?" + "".join(f" AND {name} = ?" for name in filters)
    args = (program, *(params[name] for name in filters))
    cards = "cards INDEXED BY cards_person" if "person_guid" in filters else "cards"
    count_row = store.one(f"SELECT COUNT(*) FROM {cards} WHERE {where}", args)  # noqa: S608
    count = int(count_row[0]) if count_row else 0
    rows = store.all(
        f"SELECT * FROM {cards} WHERE {where} AND ordinal >= ("  # noqa: S608
        f"SELECT ordinal FROM {cards} WHERE {where} ORDER BY ordinal LIMIT 1 OFFSET ?"
        ") ORDER BY ordinal LIMIT ?",
        (*args, *args, start, limit),
    )
    return request.respond(None, 200, page(count, start, [_card(r) for r in rows]))


def _check_transition(current: str, target: str, override: bool) -> None:
    """The StatusCard table; `override` lifts it, but never out of a final status."""
    if target in TRANSITIONS.get(current, frozenset()):
        return
    if current in FINAL:
        final = "permanent" if current in TERMINAL else "blocked for good"
        raise ApiError(
            400,
            "invalid_status_transition",
            f"A {current} card cannot move to {target}: {current} is {final}, "
            "even with override_status.",
        )
    if not override:
        raise ApiError(
            400,
            "invalid_status_transition",
            f"A card cannot move from {current} to {target}; use override_status to force it.",
        )


def _set_status(conn: sqlite3.Connection, request: Request, row: sqlite3.Row, target: str) -> None:
    """Move the card to `target`; its first move to ACTIVE sets its activation date."""
    stamp = request.services.clock.stamp()
    activated = row["activated"] or (stamp if target == "ACTIVE" else None)
    conn.execute(
        "UPDATE cards SET card_status = ?, updated = ?, activated = ? WHERE seq = ?",
        (target, stamp, activated, row["seq"]),
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
        _set_status(conn, request, row, target)
        card = _card(_load(conn, request, row["card_proxy"]))
        event = "card.activated" if (previous, target) == ("PENDING", "ACTIVE") else "card.status"
        emit(
            services.store,
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
    """ReplaceCard: the old card keeps its status unless `status` names another (table rules).

    A status change of the old card is reported as `StatusCard`'s are (`card.status`, or
    `card.activated`), before `card.replaced`: the contract sends `card.status` for every
    status change but activation.

    The new card keeps the old one's issuance type; its fulfillment is
    `replace_fulfillment_order_info`, else the old card's.
    """
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
        target = body.get("status", current)
        if operation == "RENEW" and (compromised := {current, target} & COMPROMISED):
            raise ApiError(
                400,
                "card_needs_new_number",
                f"RENEW keeps the card number, and a {min(compromised)} card needs a new one: "
                "use REPLACE.",
            )
        if target != current:
            _check_transition(current, target, False)
            _set_status(conn, request, old, target)
        if operation == "RENEW":
            pan = (str(old["pan_bin"]), str(old["pan_last4"]), bytes(old["pan_digest"]))
        else:
            pan = _new_pan()
        fulfillment = body.get("replace_fulfillment_order_info")
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
            months=body.get("card_months_until_expire") or DEFAULT_MONTHS,
            replaced=str(old["card_proxy"]),
            fulfillment=fulfillment,
        )
        card = _card(new)
        replaced = _card(_load(conn, request, old["card_proxy"]))
        if target != current:  # the old card's own status change, as StatusCard reports it
            emit(
                services.store,
                services.clock,
                request.program_guid,
                "card.activated" if (current, target) == ("PENDING", "ACTIVE") else "card.status",
                {"card": replaced, "previous_status": current},
            )
        emit(
            services.store,
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
    """SetPIN: any 4 to 6 characters (the contract checks the length); answers the reasons."""
    services = request.services
    body = request.body
    pin_hash = _hash_pin(body["pin"])
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
            (pin_hash, services.clock.stamp(), row["seq"]),
        )
        card = _card(_load(conn, request, row["card_proxy"]))
        emit(
            services.store, services.clock, request.program_guid, "card.pin.changed", {"card": card}
        )
        answer = {"reason_code": body.get("reason_code"), "comment": body.get("comment")}
        response = request.respond(conn, 200, answer)
    services.wake_worker()
    return response


_CVX2 = re.compile(r"[0-9]{3,4}")
_SSN_LAST4 = re.compile(r"[0-9]{4}")
_IDENTIFIERS = ("card_proxy", "card_number", "card_lastX")
_SHAPES = (("cvx2", _CVX2), ("ssn_last4", _SSN_LAST4))
_ORDER_FIELDS = ("fulfillment_order_info", "fourth_line", "iin_brand")


def _require_identifier(body: dict[str, Any]) -> None:
    """400 `validation_error` naming the three identifiers when none of them is given."""
    if any(body.get(name) is not None for name in _IDENTIFIERS):
        return
    errors: list[FieldError] = [
        {
            "location": "body",
            "field": f"/{name}",
            "message": "give card_proxy, card_number or card_lastX to identify the card",
        }
        for name in _IDENTIFIERS
    ]
    raise ApiError(400, "validation_error", "The request has 3 invalid fields.", errors=errors)


def _well_formed(body: dict[str, Any]) -> bool:
    """`cvx2` (3 or 4 digits) and `ssn_last4` (4 digits), where given, could be a card's."""
    return all(
        body.get(name) is None or shape.fullmatch(body[name]) is not None for name, shape in _SHAPES
    )


def _person_matches(body: dict[str, Any], raw: bytes) -> bool:
    """The identity factors given in `body` against the person's stored data."""
    person = orjson.loads(raw)
    address = person.get("base_address") or {}
    for given, stored in (
        (body.get("birth_date"), person.get("birth_date")),
        (body.get("postal_code"), address.get("postal_code")),
        (body.get("client_reference_id"), person.get("client_reference_id")),
    ):
        if given is not None and given != stored:
            return False
    return True


async def validate_card(request: Request) -> Response:
    """ValidateCard: the one card of the caller's program that every given detail matches.

    The card is found by `card_proxy`, `card_number` (checked against the salted digest) or
    `card_lastX` (a suffix, 1 to 4 digits, of the last four), narrowed by `expiration_date`,
    `person_guid`, `program_guid` (must be the caller's), `iin` (the BIN) and the person's
    `birth_date`, `base_address.postal_code` and `client_reference_id`. The sandbox keeps no
    CVV and no SSN, so `cvx2` and `ssn_last4` are checked for shape only: one that could be no
    card's (not 3 or 4 digits, not 4 digits) is a detail that does not match. `journal_entry`
    is the caller's record of who asks and is not matched. No match: 404 `card_not_found`,
    whichever detail failed; several: 400 `card_ambiguous`; no identifier at all: 400
    `validation_error` naming the three. Nothing changes and no event is sent.

    Read-only credentials may call it: it is a POST only because the details are secrets that
    do not belong in a URL (the contract marks it `x-qolo-changes-nothing`).
    """
    body = request.body
    _require_identifier(body)
    not_found = ApiError(404, "card_not_found", "Card not found")
    program = body.get("program_guid")
    if not _well_formed(body) or program not in (None, request.program_guid):
        raise not_found
    sql = (
        "SELECT c.*, p.data AS person_data FROM cards c "
        "JOIN persons p ON p.person_guid = c.person_guid WHERE c.program_guid = ?"
    )
    args: list[Any] = [request.program_guid]
    number, last = body.get("card_number"), body.get("card_lastX")
    if last is not None:
        if not 1 <= len(last) <= 4:
            raise not_found
        sql += " AND substr(c.pan_last4, ?) = ?"
        args += [-len(last), last]
    if number is not None:
        sql += " AND c.pan_bin = ? AND c.pan_last4 = ?"
        args += [number[:6], number[-4:]]
    for name, column in (
        ("card_proxy", "card_proxy"),
        ("expiration_date", "expiration_date"),
        ("person_guid", "person_guid"),
        ("iin", "pan_bin"),
    ):
        if body.get(name) is not None:
            sql += f" AND c.{column} = ?"
            args.append(body[name])
    matches = [
        row
        for row in request.services.store.all(sql, tuple(args))
        if (number is None or _pan_matches(bytes(row["pan_digest"]), number))
        and _person_matches(body, row["person_data"])
    ]
    if not matches:
        raise not_found
    if len(matches) > 1:
        raise ApiError(
            400,
            "card_ambiguous",
            f"The details match {len(matches)} cards; give card_proxy or more details.",
        )
    return request.respond(None, 200, _card(matches[0]))


async def change_issuance_type(request: Request) -> Response:
    """issuance_type: only VIRTUAL -> FULL; the type the card has already is a no-op.

    The plastic's order (`fulfillment_order_info`, `fourth_line`, `iin_brand`, as given) becomes
    the card's fulfillment, which a replacement inherits; `iin_brand` does not change the BIN.
    """
    body = request.body
    target = body["issuance_type"]
    services = request.services
    with services.store.transaction() as conn:
        row = _load(conn, request, request.params["card_proxy"])
        current = str(row["issuance_type"])
        if target == current:
            return request.respond(conn, 200, _card(row))
        if (current, target) != ("VIRTUAL", "FULL"):
            raise ApiError(
                400,
                "issuance_type_change_not_allowed",
                f"A {current} card cannot become {target}: only VIRTUAL to FULL is allowed.",
            )
        order = {k: body[k] for k in _ORDER_FIELDS if k in body}
        stamp = services.clock.stamp()
        conn.execute(
            "UPDATE cards SET issuance_type = 'FULL', fulfillment = ?, card_requested = ?, "
            "updated = ? WHERE seq = ?",
            (orjson.dumps(order) if order else row["fulfillment"], stamp, stamp, row["seq"]),
        )
        card = _card(_load(conn, request, row["card_proxy"]))
        emit(
            services.store, services.clock, request.program_guid, "card.fulfilment", {"card": card}
        )
        response = request.respond(conn, 200, card)
    services.wake_worker()
    return response


async def update_digital_package(request: Request) -> Response:
    """UpdateDigitalPackage: the card shows it as `card_tracking_detail.digital_package_id`.

    Setting the package the card already has changes nothing (not even `sys_utcupdated`).
    """
    body = request.body
    guid = body["digital_package_guid"]
    services = request.services
    with services.store.transaction() as conn:
        row = _load(conn, request, body["card_proxy"])
        if row["digital_package_guid"] != guid:
            conn.execute(
                "UPDATE cards SET digital_package_guid = ?, updated = ? WHERE seq = ?",
                (guid, services.clock.stamp(), row["seq"]),
            )
        answer = {
            "digital_package_guid": guid,
            "card_proxy": row["card_proxy"],
            "comment": body.get("comment"),
        }
        return request.respond(conn, 201, answer)


# The idempotent creates whose handler never awaits: the app runs each inside the transaction
# of its idempotency claim (`Idempotency.once`), so a create commits once.
ONE_TRANSACTION = frozenset({"CreateCard", "ReplaceCard"})

handlers = {
    "CreateCard": create_card,
    "GetCard": get_card,
    "ListCards": list_cards,
    "StatusCard": status_card,
    "ReplaceCard": replace_card,
    "SetPIN": set_pin,
    "ValidateCard": validate_card,
    "issuance_type": change_issuance_type,
    "UpdateDigitalPackage": update_digital_package,
}
