"""Cards: issue, read, list, status rules from the contract's table, replace/renew, PIN."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
import yaml

from qolo_sandbox._cards import _new_pan, _new_pan_digits, luhn_check_digit
from qolo_sandbox.testing import PROGRAM_A, Sandbox, start_sandbox

from ._support import NEW_PERSON as NEW
from ._support import ContractClient, Receiver, login

CONTRACT = yaml.safe_load((Path(__file__).parents[2] / "openapi.yaml").read_text("utf-8"))
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


def test_list_pages_and_filters(api: ContractClient) -> None:
    """Offset paging walks all cards oldest first; filters combine."""
    proxies = [api.create_card().json()["card"]["card_proxy"] for _ in range(5)]
    api.post(f"/api/v1/cards/{proxies[0]}/status", json={"status": "ACTIVE"})
    seen: list[str] = []
    start = 0
    while True:
        page = api.get("/api/v1/cards", params={"limit": 2, "start_index": start}).json()
        assert page["count"] == 5
        seen += [c["card_proxy"] for c in page["data"]]
        if not page["has_more"]:
            break
        start = page["end_index"]
    assert seen == proxies
    active = api.get("/api/v1/cards", params={"card_status": "ACTIVE"}).json()
    assert [c["card_proxy"] for c in active["data"]] == [proxies[0]]
    assert api.get("/api/v1/cards").json()["count"] == 5


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


def test_override_leaves_a_terminal_status(api: ContractClient) -> None:
    """override_status bypasses the rules, even out of CLOSED."""
    proxy = api.create_card().json()["card"]["card_proxy"]
    url = f"/api/v1/cards/{proxy}/status"
    assert api.post(url, json={"status": "CLOSED"}).status_code == 200
    assert api.post(url, json={"status": "ACTIVE"}).status_code == 400
    forced = api.post(url, json={"status": "ACTIVE", "override_status": True})
    assert forced.json()["card_status"] == "ACTIVE"


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
    """RENEW: same masked PAN, expiry from the clock, chosen proxy; taken proxies are refused."""
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
    assert api.get(f"/api/v1/cards/{old['card_proxy']}").json()["card_status"] == "CLOSED"
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
    assert response.json()["pin_set"] is True
    assert pin not in response.text
    assert pin not in api.get(f"/api/v1/cards/{proxy}").text
    assert pin not in api.get("/api/v1/cards").text
    receiver.wait_for(
        lambda: any(
            json.loads(e.body)["event_type"] == "card.pin.changed" for e in receiver.events()
        )
    )
    assert all(pin.encode() not in e.body for e in receiver.events())
    assert all(pin not in str(d) for d in sbx.controls.deliveries())
    assert api.post(f"/api/v1/cards/{proxy}/pin", json={"pin": "12"}).status_code == 400
    api.post(f"/api/v1/cards/{proxy}/status", json={"status": "LOST"})
    forbidden = api.post(f"/api/v1/cards/{proxy}/pin", json={"pin": "1234"})
    assert forbidden.status_code == 400
    assert forbidden.json()["code"] == "card_status_forbids_pin"
    assert pin not in forbidden.text


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
    assert all(pin.encode() not in p.read_bytes() for p in files)
    assert not violations, violations


def test_unknown_card_is_404(api: ContractClient) -> None:
    """Every card operation on an unknown proxy is card_not_found."""
    for response in (
        api.get("/api/v1/cards/cproxy0000000000001"),
        api.post("/api/v1/cards/cproxy0000000000001/status", json={"status": "ACTIVE"}),
        api.post("/api/v1/cards/cproxy0000000000001/pin", json={"pin": "1234"}),
        api.post("/api/v1/cards/cproxy0000000000001/replace", json={"operation": "RENEW"}),
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
