"""Cards: issue, read, list, status rules from the contract's table, replace/renew, PIN."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
import yaml

from qolo_sandbox._cards import _new_pan, _new_pan_digits, luhn_check_digit
from qolo_sandbox.testing import PROGRAM_A, Sandbox, start_sandbox

from ._support import NEW_PERSON as NEW
from ._support import ContractClient, Receiver, login

CONTRACT = yaml.safe_load((Path(__file__).parents[2] / "openapi.yaml").read_text("utf-8"))
NEVER = "0001-01-01T00:00:00"
EMPTY = "00000000-0000-0000-0000-000000000000"
# The platform's form of a resource's date-time: UTC, milliseconds, no offset.
PLATFORM_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}")
STATUSES: list[str] = CONTRACT["components"]["schemas"]["CardStatus"]["enum"]


def _table() -> dict[str, set[str]]:
    """The StatusCard transition table, read from the contract's own description."""
    text = CONTRACT["paths"]["/api/v1/cards/{card_proxy}/status"]["post"]["description"]
    table: dict[str, set[str]] = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 2 or not cells[0].startswith("`"):
            continue
        targets = set(re.findall(r"`([A-Z]+)`", cells[1]))
        for source in re.findall(r"`([A-Z]+)`", cells[0]):
            table[source] = targets
    assert set(table) == set(STATUSES)
    return table


TABLE = _table()


def _luhn_valid(pan: str) -> bool:
    """The Luhn check computed here from scratch, independently of the sandbox's helper."""
    total = 0
    for index, char in enumerate(reversed(pan)):
        digit = int(char) * (2 if index % 2 else 1)
        total += digit - 9 if digit > 9 else digit
    return total % 10 == 0


def test_luhn_digits_behind_the_mask() -> None:
    """Generated PANs are 16 digits with a valid Luhn check digit; only BIN and last 4 kept."""
    assert luhn_check_digit("7992739871") == "3"
    assert _luhn_valid("79927398713")
    assert not _luhn_valid("79927398714")
    for _ in range(200):
        pan = _new_pan_digits()
        assert re.fullmatch(r"534092\d{10}", pan)
        assert _luhn_valid(pan), pan
    bin_, last4, digest = _new_pan()
    assert len(bin_) == 6
    assert re.fullmatch(r"\d{4}", last4)
    assert len(digest) == 16 + 32  # salt + SHA-256, not the number


def test_create_for_new_person(api: ContractClient) -> None:
    """A new person gets a wallet and a PENDING card with a realistic masked PAN and expiry."""
    response = api.create_card(months_until_expire=24)
    assert response.status_code == 201
    body = response.json()
    card = body["card"]
    assert body["program_guid"] == PROGRAM_A
    assert body["person"]["first_name"] == "Ada"
    assert card["person_guid"] == body["person"]["person_guid"]
    assert card["card_status"] == "PENDING"
    assert re.fullmatch(r"534092X{6}\d{4}", card["mask_card_pan"])
    assert re.fullmatch(r"cproxy\d{13}", card["card_proxy"])
    assert card["pin_set"] is False
    assert card["card_condition"] == "ORIGINAL"
    assert card["issuance_type"] == "VIRTUAL"  # no fulfillment_data: no plastic
    assert card["base_iin"] == "534092"
    assert card["activation_date"] == NEVER
    assert card["logical_expiration_date"] == NEVER
    assert card["person_card_status"] == "ACTIVE"
    assert card["card_tracking_detail"] == {"card_requested": NEVER, "card_shipment_date": NEVER}
    assert body["fulfillment_data"] == {}  # as the reference's sample shows it
    assert not {"card_number", "cvx2", "pin"} & set(card)
    assert api.get(f"/api/v1/cards/{card['card_proxy']}").json() == card


def test_create_for_existing_person(api: ContractClient) -> None:
    """A second card for a person_guid lands in that person's wallet."""
    first = api.create_card().json()
    person_guid = first["person"]["person_guid"]
    second = api.post(
        "/api/v1/cards", json={"program_guid": PROGRAM_A, "person": {"person_guid": person_guid}}
    )
    assert second.status_code == 201
    assert second.json()["card"]["wallet_guid"] == first["card"]["wallet_guid"]
    unknown = api.post(
        "/api/v1/cards",
        json={
            "program_guid": PROGRAM_A,
            "person": {"person_guid": "0b6f3c55-6a43-4c1e-9d43-6c0f2f1f9a10"},
        },
    )
    assert unknown.status_code == 404
    assert unknown.json()["code"] == "person_not_found"
    assert api.get("/api/v1/cards", params={"person_guid": person_guid}).json()["count"] == 2


def test_a_named_wallet_must_be_the_persons_own(api: ContractClient) -> None:
    """`wallet_guid` chooses one of an existing person's wallets: another person's wallet is
    404 `wallet_not_found`, and so is any wallet named for a new person (theirs is made)."""
    first = api.create_card().json()
    other = api.create_card().json()
    person_guid = first["person"]["person_guid"]
    own = api.post(
        "/api/v1/cards",
        json={
            "program_guid": PROGRAM_A,
            "person": {"person_guid": person_guid},
            "wallet_guid": first["card"]["wallet_guid"],
        },
    )
    assert own.status_code == 201
    assert own.json()["card"]["wallet_guid"] == first["card"]["wallet_guid"]
    bodies: list[dict[str, Any]] = [
        {"person": {"person_guid": person_guid}, "wallet_guid": other["card"]["wallet_guid"]},
        {"person": dict(NEW), "wallet_guid": first["card"]["wallet_guid"]},
    ]
    for body in bodies:
        refused = api.post("/api/v1/cards", json={"program_guid": PROGRAM_A, **body})
        assert refused.status_code == 404
        assert refused.json()["code"] == "wallet_not_found"
    assert api.get("/api/v1/cards").json()["count"] == 3


def test_the_empty_guid_means_a_new_person_and_wallet(api: ContractClient) -> None:
    """person_guid and wallet_guid of all zeros (the reference's sample) create both anew."""
    body = {
        "program_guid": PROGRAM_A,
        "person": {**NEW, "person_guid": EMPTY},
        "wallet_guid": EMPTY,
        "wallet_name": None,
        "account_name": None,
    }
    first = api.post("/api/v1/cards", json=body)
    second = api.post("/api/v1/cards", json=body)
    assert first.status_code == second.status_code == 201, first.text
    people = {r.json()["person"]["person_guid"] for r in (first, second)}
    wallets = {r.json()["card"]["wallet_guid"] for r in (first, second)}
    assert len(people) == len(wallets) == 2
    assert EMPTY not in people | wallets
    assert first.json()["person"]["first_name"] == "Ada"


def test_a_new_person_needs_both_names(api: ContractClient) -> None:
    """Without first_name and last_name: 400 person_details_required naming each; no card."""
    for person in ({}, {"person_guid": EMPTY, "email": "x@example.com"}):
        response = api.post("/api/v1/cards", json={"program_guid": PROGRAM_A, "person": person})
        assert response.status_code == 400, response.text
        problem = response.json()
        assert problem["code"] == "person_details_required"
        assert [(e["location"], e["field"]) for e in problem["errors"]] == [
            ("body", "/person/first_name"),
            ("body", "/person/last_name"),
        ]
    only_last = api.post(
        "/api/v1/cards", json={"program_guid": PROGRAM_A, "person": {"last_name": "Lovelace"}}
    )
    assert [e["field"] for e in only_last.json()["errors"]] == ["/person/first_name"]
    assert api.get("/api/v1/cards").json()["count"] == 0


def test_a_person_s_optional_fields_may_be_null(api: ContractClient) -> None:
    """PersonDTO's nulls (the reference's UpdatePerson page): accepted, kept, and answered."""
    nulls = {"middle_name": None, "email": None, "mobile_number": None, "birth_date": None}
    person = {"first_name": "Ada", "last_name": "Lovelace", **nulls}
    created = api.post("/api/v1/cards", json={"program_guid": PROGRAM_A, "person": person})
    assert created.status_code == 201, created.text
    assert {name: created.json()["person"].get(name) for name in nulls} == nulls
    for name in ("first_name", "last_name"):
        refused = api.post(
            "/api/v1/cards",
            json={"program_guid": PROGRAM_A, "person": {**person, name: None}},
        )
        assert refused.status_code == 400, refused.text
        assert refused.json()["code"] == "person_details_required"
        assert [e["field"] for e in refused.json()["errors"]] == [f"/person/{name}"]
    assert api.get("/api/v1/cards").json()["count"] == 1


def test_names_take_at_most_32_characters(api: ContractClient) -> None:
    """UpdatePerson's page: each name `<= 32 characters`; 33 is refused, naming the field."""
    longest = dict.fromkeys(("first_name", "middle_name", "last_name"), "N" * 32)
    created = api.post(
        "/api/v1/cards", json={"program_guid": PROGRAM_A, "person": {**NEW, **longest}}
    )
    assert created.status_code == 201, created.text
    for name in longest:
        person = {**NEW, **longest, name: "é" * 33}  # characters, not bytes
        refused = api.post("/api/v1/cards", json={"program_guid": PROGRAM_A, "person": person})
        assert refused.status_code == 400, refused.text
        assert refused.json()["code"] == "validation_error"
        assert [e["field"] for e in refused.json()["errors"]] == [f"/person/{name}"]
    assert api.get("/api/v1/cards").json()["count"] == 1


def test_secrets_put_in_open_ended_objects_are_dropped_not_echoed(api: ContractClient) -> None:
    """A person's or fulfilment data's further fields are kept, but a PIN, PAN, CVV or key
    sent there is never stored nor answered (the sandbox never sends a secret)."""
    person = {
        **NEW,
        "nickname": "Ada",
        "pin": "482913",
        "apikey": "sk_live_0123456789abcdef",
        "documents": [{"card_number": "5340920000000007", "kind": "old card"}],
    }
    fulfillment = {"carrier": "ACME", "cvx2": "739"}
    created = api.post(
        "/api/v1/cards",
        json={"program_guid": PROGRAM_A, "person": person, "fulfillment_data": fulfillment},
    )
    assert created.status_code == 201, created.text
    answer = created.json()
    assert answer["person"]["nickname"] == "Ada"
    assert answer["person"]["documents"] == [{"kind": "old card"}]
    assert answer["fulfillment_data"] == {"carrier": "ACME"}
    fetched = api.get(f"/api/v1/cards/{answer['card']['card_proxy']}")
    for text in (created.text, fetched.text):
        for secret in ("482913", "sk_live_0123456789abcdef", "5340920000000007", "739"):
            # As a JSON value: a bare "739" turns up by chance in a random card proxy.
            assert f'"{secret}"' not in text
        for key in ("pin", "apikey", "card_number", "cvx2"):
            assert f'"{key}"' not in text
    pin = api.post(f"/api/v1/cards/{answer['card']['card_proxy']}/pin", json={"pin": "4821"})
    assert pin.status_code == 200, pin.text  # a declared secret is still taken where it belongs


def test_an_existing_person_ignores_the_other_person_fields(api: ContractClient) -> None:
    """With a person_guid the names may be missing or different: the stored person is used."""
    first = api.create_card().json()
    guid = first["person"]["person_guid"]
    second = api.post(
        "/api/v1/cards",
        json={
            "program_guid": PROGRAM_A,
            "person": {"person_guid": guid, "first_name": "Charles"},
            "wallet_guid": EMPTY,
        },
    )
    assert second.status_code == 201, second.text
    assert second.json()["person"] == first["person"]
    assert second.json()["card"]["wallet_guid"] == first["card"]["wallet_guid"]


def test_months_until_expire_zero_or_omitted_is_36(api: ContractClient) -> None:
    """0 and no months_until_expire both mean the program's 36 months."""
    extras: list[dict[str, Any]] = [{"months_until_expire": 0}, {}, {"months_until_expire": 36}]
    expiries = {api.create_card(**extra).json()["card"]["expiration_date"] for extra in extras}
    assert len(expiries) == 1
    assert api.create_card(months_until_expire=12).json()["card"]["expiration_date"] not in expiries


def _months_after(stamp: str, months: int) -> str:
    """The YYMM `months` after the month of a platform date-time (a card's `sys_utcinserted`)."""
    index = int(stamp[:4]) * 12 + int(stamp[5:7]) - 1 + months
    return f"{index // 12 % 100:02d}{index % 12 + 1:02d}"


@pytest.mark.parametrize("months", [0, 1, 11, 12, 48])
def test_a_card_expires_the_asked_months_after_its_issue(api: ContractClient, months: int) -> None:
    """`expiration_date` is the YYMM `months_until_expire` (0: 36) after the card's issue, and a
    replacement's is `card_months_until_expire` after the replacement's issue."""
    card = api.create_card(months_until_expire=months).json()["card"]
    expected = _months_after(card["sys_utcinserted"], months or 36)
    assert card["expiration_date"] == expected
    for operation in ("RENEW", "REPLACE"):
        new = api.post(
            f"/api/v1/cards/{card['card_proxy']}/replace",
            json={"operation": operation, "card_months_until_expire": months},
        ).json()
        assert new["expiration_date"] == _months_after(new["sys_utcinserted"], months or 36)


def test_fulfillment_data_makes_a_plastic_card(api: ContractClient) -> None:
    """Non-empty fulfillment_data: a FULL card, ordered now, answered as given; {} is VIRTUAL."""
    data = {"embossed_name": "ADA LOVELACE", "package": {"id": 7}}
    full = api.create_card(fulfillment_data=data).json()
    assert full["card"]["issuance_type"] == "FULL"
    assert full["fulfillment_data"] == data
    requested = full["card"]["card_tracking_detail"]["card_requested"]
    assert requested == full["card"]["sys_utcinserted"] != NEVER
    empties: list[dict[str, Any] | None] = [{}, None]
    for empty in empties:
        virtual = api.create_card(fulfillment_data=empty).json()
        assert virtual["card"]["issuance_type"] == "VIRTUAL"
        assert virtual["fulfillment_data"] == {}


def test_list_pages_and_filters(api: ContractClient) -> None:
    """Offset paging walks all cards oldest first; filters combine."""
    proxies = [api.create_card().json()["card"]["card_proxy"] for _ in range(5)]
    api.post(f"/api/v1/cards/{proxies[0]}/status", json={"status": "ACTIVE"})
    seen: list[str] = []
    start = 0
    for _ in range(3):  # 5 cards, 2 a page: a paging mistake must fail, not loop for ever
        page = api.get("/api/v1/cards", params={"limit": 2, "start_index": start}).json()
        assert page["count"] == 5
        assert page["has_more"] is (page["end_index"] < 5)
        seen += [c["card_proxy"] for c in page["data"]]
        start = page["end_index"]
    assert seen == proxies
    active = api.get("/api/v1/cards", params={"card_status": "ACTIVE"}).json()
    assert [c["card_proxy"] for c in active["data"]] == [proxies[0]]
    assert api.get("/api/v1/cards").json()["count"] == 5


def test_filtered_pages_walk_in_issue_order(api: ContractClient) -> None:
    """A filter pages its matches oldest first, as the unfiltered list does; without `limit` a
    page holds up to the contract's default of 100."""
    proxies = [api.create_card().json()["card"]["card_proxy"] for _ in range(12)]
    api.post(f"/api/v1/cards/{proxies[0]}/status", json={"status": "ACTIVE"})
    pending = proxies[1:]
    seen: list[str] = []
    start = 0
    for _ in range(4):  # 11 matches, 3 a page: a paging mistake must not loop for ever
        page = api.get(
            "/api/v1/cards", params={"card_status": "PENDING", "limit": 3, "start_index": start}
        ).json()
        assert page["count"] == len(pending)
        assert page["has_more"] is (page["end_index"] < len(pending))
        seen += [c["card_proxy"] for c in page["data"]]
        start = page["end_index"]
    assert seen == pending
    for params in ({}, {"card_status": "PENDING"}):
        whole = api.get("/api/v1/cards", params=params).json()
        assert whole["has_more"] is False
        assert [c["card_proxy"] for c in whole["data"]] == (pending if params else proxies)


@pytest.mark.parametrize("source", STATUSES)
def test_status_transitions_follow_the_contract(api: ContractClient, source: str) -> None:
    """Every move in the table works, every other move is 400 invalid_status_transition."""
    for target in STATUSES:
        proxy = api.create_card().json()["card"]["card_proxy"]
        url = f"/api/v1/cards/{proxy}/status"
        if source != "PENDING":
            forced = api.post(url, json={"status": source, "override_status": True})
            assert forced.json()["card_status"] == source
        response = api.post(url, json={"status": target})
        if target == source or target in TABLE[source]:
            assert response.status_code == 200, (source, target)
            assert response.json()["card_status"] == target
        else:
            assert response.status_code == 400, (source, target)
            assert response.json()["code"] == "invalid_status_transition"
            assert api.get(f"/api/v1/cards/{proxy}").json()["card_status"] == source


def test_setting_the_current_status_changes_nothing(sbx: Sandbox, api: ContractClient) -> None:
    """StatusCard to the status the card has is a successful no-op: not even `sys_utcupdated`
    moves (the clock is moved on first, so any write would show)."""
    proxy = api.create_card().json()["card"]["card_proxy"]
    active = api.post(f"/api/v1/cards/{proxy}/status", json={"status": "ACTIVE"}).json()
    sbx.controls.advance_clock(120)
    again = api.post(f"/api/v1/cards/{proxy}/status", json={"status": "ACTIVE"})
    assert again.status_code == 200
    assert again.json() == active
    assert api.get(f"/api/v1/cards/{proxy}").json() == active


def test_override_bypasses_the_table(api: ContractClient) -> None:
    """override_status forces a move the table refuses (ACTIVE back to PENDING)."""
    proxy = api.create_card().json()["card"]["card_proxy"]
    url = f"/api/v1/cards/{proxy}/status"
    assert api.post(url, json={"status": "ACTIVE"}).status_code == 200
    assert api.post(url, json={"status": "PENDING"}).status_code == 400
    forced = api.post(url, json={"status": "PENDING", "override_status": True})
    assert forced.json()["card_status"] == "PENDING"


@pytest.mark.parametrize("final", ["LOST", "STOLEN", "CLOSED", "FCLOSED", "FORGET"])
def test_override_never_brings_a_final_card_back(api: ContractClient, final: str) -> None:
    """LOST/STOLEN are blocked for good and CLOSED is permanent: no override reopens them."""
    proxy = api.create_card().json()["card"]["card_proxy"]
    url = f"/api/v1/cards/{proxy}/status"
    assert api.post(url, json={"status": final, "override_status": True}).status_code == 200
    forced = api.post(url, json={"status": "ACTIVE", "override_status": True})
    assert forced.status_code == 400
    assert forced.json()["code"] == "invalid_status_transition"
    assert "even with override_status" in forced.json()["detail"]
    assert api.get(f"/api/v1/cards/{proxy}").json()["card_status"] == final


@pytest.mark.parametrize(
    ("current", "status"), [("LOST", None), ("STOLEN", "STOLEN"), ("ACTIVE", "LOST")]
)
def test_a_compromised_card_is_replaced_never_renewed(
    api: ContractClient, current: str, status: str | None
) -> None:
    """RENEW would keep a lost or stolen card's number: 400 card_needs_new_number, nothing
    issued and the old card unchanged; REPLACE gives it a new number."""
    old = api.create_card().json()["card"]
    url = f"/api/v1/cards/{old['card_proxy']}"
    api.post(f"{url}/status", json={"status": current, "override_status": True})
    body = {"operation": "RENEW"} | ({"status": status} if status else {})
    renewed = api.post(f"{url}/replace", json=body)
    assert renewed.status_code == 400, renewed.text
    assert renewed.json()["code"] == "card_needs_new_number"
    assert api.get("/api/v1/cards").json()["count"] == 1
    assert api.get(url).json()["card_status"] == current
    replaced = api.post(f"{url}/replace", json={**body, "operation": "REPLACE"})
    assert replaced.status_code == 200, replaced.text
    assert replaced.json()["mask_card_pan"] != old["mask_card_pan"]


def test_replace_issues_a_new_card(api: ContractClient) -> None:
    """REPLACE: new proxy, REPLACED condition, old card moves to the given status."""
    old = api.create_card().json()["card"]
    api.post(f"/api/v1/cards/{old['card_proxy']}/status", json={"status": "ACTIVE"})
    response = api.post(
        f"/api/v1/cards/{old['card_proxy']}/replace",
        json={"operation": "REPLACE", "status": "LOST"},
    )
    assert response.status_code == 200
    new = response.json()
    assert new["card_proxy"] != old["card_proxy"]
    assert new["replaced_card_proxy"] == old["card_proxy"]
    assert new["card_condition"] == "REPLACED"
    assert new["card_status"] == "PENDING"
    assert api.get(f"/api/v1/cards/{old['card_proxy']}").json()["card_status"] == "LOST"


def test_replace_without_a_status_keeps_the_old_one(api: ContractClient) -> None:
    """No `status`: the old card keeps its status (ACTIVE here) next to its PENDING successor."""
    old = api.create_card().json()["card"]["card_proxy"]
    api.post(f"/api/v1/cards/{old}/status", json={"status": "ACTIVE"})
    response = api.post(f"/api/v1/cards/{old}/replace", json={"operation": "REPLACE"})
    assert response.status_code == 200, response.text
    assert response.json()["card_status"] == "PENDING"
    assert api.get(f"/api/v1/cards/{old}").json()["card_status"] == "ACTIVE"
    suspended = api.post(
        f"/api/v1/cards/{old}/replace", json={"operation": "REPLACE", "status": "SUSPEND"}
    )
    assert suspended.status_code == 200
    assert api.get(f"/api/v1/cards/{old}").json()["card_status"] == "SUSPEND"
    refused = api.post(
        f"/api/v1/cards/{old}/replace", json={"operation": "REPLACE", "status": "PENDING"}
    )
    assert refused.status_code == 400
    assert refused.json()["code"] == "invalid_status_transition"


def test_replace_takes_the_references_fields(api: ContractClient) -> None:
    """Months 0 or null are 36; null proxy is assigned; order info, reasons and guids accepted."""
    created = api.create_card(fulfillment_data={"embossed_name": "ADA"}).json()["card"]
    expiry = created["expiration_date"]
    for months in (0, None):
        response = api.post(
            f"/api/v1/cards/{created['card_proxy']}/replace",
            json={
                "operation": "REPLACE",
                "reason_code": None,
                "new_card_proxy": None,
                "card_months_until_expire": months,
                "replace_fulfillment_order_info": {
                    "shipping_method": "STDEXP",
                    "order_type": "DTC",
                },
                "revenue_account_guid": None,
                "inventory_manager_guid": "15383299-9c3b-4e85-8263-0631f6f8890b",
            },
        )
        assert response.status_code == 200, response.text
        new = response.json()
        assert new["expiration_date"] == expiry
        assert re.fullmatch(r"cproxy\d{13}", new["card_proxy"])
        assert new["issuance_type"] == "FULL"
        assert new["card_tracking_detail"]["card_requested"] == new["sys_utcinserted"]


@pytest.mark.parametrize("proxy", ["validate", "digitalpackage"])
def test_a_proxy_that_names_an_api_path_is_taken(api: ContractClient, proxy: str) -> None:
    """`/api/v1/cards/validate` is ValidateCard's path, so no card may be `validate`: the
    replace is refused and changes nothing."""
    old = api.create_card().json()["card"]
    response = api.post(
        f"/api/v1/cards/{old['card_proxy']}/replace",
        json={"operation": "REPLACE", "status": "LOST", "new_card_proxy": proxy},
    )
    assert response.status_code == 400, response.text
    assert response.json()["code"] == "card_proxy_taken"
    assert api.get(f"/api/v1/cards/{old['card_proxy']}").json()["card_status"] == "PENDING"
    assert api.get("/api/v1/cards").json()["count"] == 1


def test_replace_with_the_current_status_keeps_the_old_card_usable(api: ContractClient) -> None:
    """`status` equal to the old card's own leaves it ACTIVE next to its PENDING replacement."""
    old = api.create_card().json()["card"]["card_proxy"]
    api.post(f"/api/v1/cards/{old}/status", json={"status": "ACTIVE"})
    response = api.post(
        f"/api/v1/cards/{old}/replace", json={"operation": "RENEW", "status": "ACTIVE"}
    )
    assert response.status_code == 200, response.text
    assert response.json()["card_status"] == "PENDING"
    assert api.get(f"/api/v1/cards/{old}").json()["card_status"] == "ACTIVE"


def test_renew_keeps_the_pan_with_a_new_expiry(sbx: Sandbox, api: ContractClient) -> None:
    """RENEW: same masked PAN, new expiry, chosen proxy, old card as it was; taken proxy refused."""
    old = api.create_card(months_until_expire=12).json()["card"]
    response = api.post(
        f"/api/v1/cards/{old['card_proxy']}/replace",
        json={
            "operation": "RENEW",
            "new_card_proxy": "my-renewal-1",
            "card_months_until_expire": 48,
        },
    )
    new = response.json()
    assert new["card_proxy"] == "my-renewal-1"
    assert new["mask_card_pan"] == old["mask_card_pan"]
    assert new["card_condition"] == "RENEWED"
    assert new["expiration_date"] != old["expiration_date"]
    assert api.get(f"/api/v1/cards/{old['card_proxy']}").json()["card_status"] == "PENDING"
    other = api.create_card().json()["card"]
    taken = api.post(
        f"/api/v1/cards/{other['card_proxy']}/replace",
        json={"operation": "RENEW", "new_card_proxy": "my-renewal-1"},
    )
    assert taken.status_code == 400
    assert taken.json()["code"] == "card_proxy_taken"
    assert api.get(f"/api/v1/cards/{other['card_proxy']}").json()["card_status"] == "PENDING"


def test_terminal_card_cannot_be_replaced(api: ContractClient) -> None:
    """A CLOSED card answers 400 card_not_replaceable and nothing is issued."""
    proxy = api.create_card().json()["card"]["card_proxy"]
    api.post(f"/api/v1/cards/{proxy}/status", json={"status": "CLOSED"})
    response = api.post(f"/api/v1/cards/{proxy}/replace", json={"operation": "REPLACE"})
    assert response.status_code == 400
    assert response.json()["code"] == "card_not_replaceable"
    assert api.get("/api/v1/cards").json()["count"] == 1


def test_set_pin_never_returns_it(sbx: Sandbox, api: ContractClient, receiver: Receiver) -> None:
    """The PIN sets pin_set and appears in no response, event or delivery."""
    subscription = {
        "program_guid": PROGRAM_A,
        "url": receiver.url,
        "secret": "whsec_0123456789abcdef",
        "event_type": ["all"],
    }
    assert api.post("/api/v1/notifications", json=subscription).json()["active"] is True
    proxy = api.create_card().json()["card"]["card_proxy"]
    pin = "918273"
    response = api.post(f"/api/v1/cards/{proxy}/pin", json={"pin": pin, "reason_code": "SET"})
    assert response.status_code == 200
    assert response.json() == {"reason_code": "SET", "comment": None}
    assert f'"{pin}"' not in response.text  # as a value: bare digits occur by chance
    assert api.get(f"/api/v1/cards/{proxy}").json()["pin_set"] is True
    assert f'"{pin}"' not in api.get(f"/api/v1/cards/{proxy}").text
    assert f'"{pin}"' not in api.get("/api/v1/cards").text
    receiver.wait_for(
        lambda: any(
            json.loads(e.body)["event_type"] == "card.pin.changed" for e in receiver.events()
        )
    )
    assert all(f'"{pin}"'.encode() not in e.body for e in receiver.events())
    assert all(f'"{pin}"' not in json.dumps(d) for d in sbx.controls.deliveries())
    assert api.post(f"/api/v1/cards/{proxy}/pin", json={"pin": "12"}).status_code == 400
    api.post(f"/api/v1/cards/{proxy}/status", json={"status": "LOST"})
    forbidden = api.post(f"/api/v1/cards/{proxy}/pin", json={"pin": "1234"})
    assert forbidden.status_code == 400
    assert forbidden.json()["code"] == "card_status_forbids_pin"
    problem = forbidden.json()
    del problem["request_id"]  # random hex: it may hold the digits by chance
    said = json.dumps(problem)
    for sent in (pin, "1234"):  # not inside the proxy's 13 digits, where they occur by chance
        assert not re.search(rf"(?<![0-9]){sent}(?![0-9])", said), said


@pytest.mark.parametrize("status", STATUSES)
def test_a_pin_is_set_only_in_pending_active_or_suspend(api: ContractClient, status: str) -> None:
    """SetPIN works on a `PENDING`, `ACTIVE` or `SUSPEND` card; any other status is 400
    `card_status_forbids_pin` and the card keeps no PIN."""
    proxy = api.create_card().json()["card"]["card_proxy"]
    if status != "PENDING":
        moved = api.post(
            f"/api/v1/cards/{proxy}/status", json={"status": status, "override_status": True}
        )
        assert moved.status_code == 200, moved.text
    response = api.post(f"/api/v1/cards/{proxy}/pin", json={"pin": "4821"})
    allowed = status in {"PENDING", "ACTIVE", "SUSPEND"}
    assert response.status_code == (200 if allowed else 400), response.text
    if not allowed:
        assert response.json()["code"] == "card_status_forbids_pin"
    assert api.get(f"/api/v1/cards/{proxy}").json()["pin_set"] is allowed


def test_set_pin_answers_the_reasons_as_sent(api: ContractClient) -> None:
    """Any 4 to 6 characters are a PIN; the answer is {reason_code, comment}, never the PIN."""
    proxy = api.create_card().json()["card"]["card_proxy"]
    url = f"/api/v1/cards/{proxy}/pin"
    sent = {"reason_code": "string", "pin": "string", "comment": "string"}  # the reference's
    response = api.post(url, json=sent)
    assert response.status_code == 200, response.text
    assert response.json() == {"reason_code": "string", "comment": "string"}
    bare = api.post(url, json={"pin": "a1 b", "reason_code": None})
    assert bare.json() == {"reason_code": None, "comment": None}
    assert api.post(url, json={"pin": "abc"}).status_code == 400
    assert api.post(url, json={"pin": "abcdefg"}).status_code == 400


def test_status_reasons_may_be_null(api: ContractClient) -> None:
    """StatusCard takes null reason_code and reason_description."""
    proxy = api.create_card().json()["card"]["card_proxy"]
    response = api.post(
        f"/api/v1/cards/{proxy}/status",
        json={"status": "ACTIVE", "reason_code": None, "reason_description": None},
    )
    assert response.status_code == 200, response.text
    assert response.json()["card_status"] == "ACTIVE"


def test_activation_date_is_the_first_activation(sbx: Sandbox, api: ContractClient) -> None:
    """activation_date is NEVER until the card first becomes ACTIVE, then stays that moment."""
    proxy = api.create_card().json()["card"]["card_proxy"]
    url = f"/api/v1/cards/{proxy}/status"
    assert api.post(url, json={"status": "SUSPEND"}).json()["activation_date"] == NEVER
    sbx.controls.advance_clock(60)
    activated = api.post(url, json={"status": "ACTIVE"}).json()
    assert PLATFORM_TIME.fullmatch(activated["activation_date"])
    assert activated["activation_date"] == activated["sys_utcupdated"]
    sbx.controls.advance_clock(60)
    api.post(url, json={"status": "SUSPEND"})
    again = api.post(url, json={"status": "ACTIVE"}).json()
    assert again["activation_date"] == activated["activation_date"]
    assert again["sys_utcupdated"] > activated["sys_utcupdated"]


def test_timestamps_have_no_offset(sbx: Sandbox, api: ContractClient, receiver: Receiver) -> None:
    """Cards and subscriptions use the platform's UTC form; envelopes and controls keep `Z`."""
    sub = api.post(
        "/api/v1/notifications",
        json={
            "program_guid": PROGRAM_A,
            "url": receiver.url,
            "secret": "whsec_0123456789abcdef",
            "event_type": ["all"],
        },
    ).json()
    card = api.create_card().json()["card"]
    for stamp in (
        card["sys_utcinserted"],
        card["sys_utcupdated"],
        sub["sys_utcinserted"],
        sub["sys_utcupdated"],
    ):
        assert PLATFORM_TIME.fullmatch(stamp), stamp
    assert card["activation_date"] == card["logical_expiration_date"] == NEVER
    receiver.wait_for(lambda: len(receiver.events()) == 1)
    envelope = json.loads(receiver.events()[0].body)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z", envelope["created_at"])
    assert envelope["data"]["card"]["sys_utcinserted"] == card["sys_utcinserted"]
    assert sbx.controls.now().endswith("Z")


def test_pin_at_rest_is_a_salted_hash(tmp_path: Path) -> None:
    """In the database file the PIN is a salted hash: not the PIN, different for equal PINs."""
    db = tmp_path / "s.db"
    violations: list[str] = []
    pin = "604172"
    with (
        start_sandbox(db=db) as own,
        ContractClient(own.base_url, violations, login(own.base_url, own.credential)) as api,
    ):
        proxies = [api.create_card().json()["card"]["card_proxy"] for _ in range(2)]
        for proxy in proxies:
            assert api.post(f"/api/v1/cards/{proxy}/pin", json={"pin": pin}).status_code == 200
    with sqlite3.connect(db) as conn:
        hashes = [bytes(row[0]) for row in conn.execute("SELECT pin_hash FROM cards")]
    assert len(hashes) == 2
    assert hashes[0] != hashes[1]  # salted
    assert all(len(h) >= 32 and pin.encode() not in h for h in hashes)
    files = [p for p in tmp_path.iterdir() if p.name.startswith("s.db")]
    # With no digit either side: the file holds random card proxies (13 digits), where 6
    # given digits turn up by chance (about once in 60,000 runs).
    stored = re.compile(rb"(?<![0-9])" + pin.encode() + rb"(?![0-9])")
    assert not any(stored.search(p.read_bytes()) for p in files)
    assert not violations, violations


def test_unknown_card_is_404(api: ContractClient) -> None:
    """Every card operation on an unknown proxy is card_not_found."""
    for response in (
        api.get("/api/v1/cards/cproxy0000000000001"),
        api.post("/api/v1/cards/cproxy0000000000001/status", json={"status": "ACTIVE"}),
        api.post("/api/v1/cards/cproxy0000000000001/pin", json={"pin": "1234"}),
        api.post("/api/v1/cards/cproxy0000000000001/replace", json={"operation": "RENEW"}),
        api.post("/api/v1/cards/cproxy0000000000001/issuance_type", json={"issuance_type": "FULL"}),
        api.post(
            "/api/v1/cards/digitalpackage",
            json={
                "card_proxy": "cproxy0000000000001",
                "digital_package_guid": "a05ed577-3f52-4584-a35b-7241dbf7341c",
            },
        ),
        api.post("/api/v1/cards/validate", json={"card_proxy": "cproxy0000000000001"}),
    ):
        assert response.status_code == 404
        assert response.json()["code"] == "card_not_found"


def test_upper_case_guids_name_the_same_resources(api: ContractClient) -> None:
    """A uuid in upper case is the same uuid: bodies, path and query parameters alike."""
    created = api.post("/api/v1/cards", json={"program_guid": PROGRAM_A.upper(), "person": NEW})
    assert created.status_code == 201, created.text
    assert created.json()["program_guid"] == PROGRAM_A
    person_guid = created.json()["person"]["person_guid"]
    wallet_guid = created.json()["card"]["wallet_guid"]
    second = api.post(
        "/api/v1/cards",
        json={
            "program_guid": PROGRAM_A.upper(),
            "person": {"person_guid": person_guid.upper()},
            "wallet_guid": wallet_guid.upper(),
        },
    )
    assert second.status_code == 201, second.text
    assert second.json()["card"]["wallet_guid"] == wallet_guid
    listed = api.get("/api/v1/cards", params={"person_guid": person_guid.upper()}).json()
    assert listed["count"] == 2
