"""ValidateCard: one card of the caller's program that every given detail matches, or 404."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from qolo_sandbox._cards import luhn_check_digit
from qolo_sandbox.testing import PROGRAM_A, PROGRAM_B, Sandbox, start_sandbox

from ._support import ContractClient, login

# The person of the reference's CreateCard sample: every identity factor ValidateCard checks.
PERSON = {
    "first_name": "John",
    "last_name": "Smith",
    "birth_date": "1975-02-28",
    "base_address": {"city": "Fort Lauderdale", "postal_code": "33309", "country": "USA"},
    "client_reference_id": "OM39125",
}
URL = "/api/v1/cards/validate"


def _issue(api: ContractClient) -> dict[str, Any]:
    response = api.post("/api/v1/cards", json={"program_guid": PROGRAM_A, "person": PERSON})
    assert response.status_code == 201, response.text
    card: dict[str, Any] = response.json()["card"]
    return card


def _details(card: dict[str, Any]) -> dict[str, Any]:
    """Every detail of `card` and its person that ValidateCard compares."""
    return {
        "card_proxy": card["card_proxy"],
        "card_lastX": card["mask_card_pan"][-4:],
        "expiration_date": card["expiration_date"],
        "person_guid": card["person_guid"],
        "program_guid": PROGRAM_A,
        "iin": card["base_iin"],
        "birth_date": PERSON["birth_date"],
        "postal_code": "33309",
        "client_reference_id": "OM39125",
        "cvx2": "123",
        "ssn_last4": "6789",
        "journal_entry": {"card_proxy": card["card_proxy"], "source_code": "IVR"},
    }


def test_every_matching_detail_answers_the_card(api: ContractClient) -> None:
    """All details of one card (and its person) match: 200 with that card, as GetCard has it."""
    card = _issue(api)
    _issue(api)  # another card of the same person data must not get in the way
    response = api.post(URL, json=_details(card))
    assert response.status_code == 200, response.text
    assert response.json() == api.get(f"/api/v1/cards/{card['card_proxy']}").json()
    suffix = {"card_proxy": card["card_proxy"], "card_lastX": card["mask_card_pan"][-2:]}
    assert api.post(URL, json=suffix).status_code == 200


@pytest.mark.parametrize(
    ("name", "wrong"),
    [
        ("card_proxy", "cproxy0000000000001"),
        ("card_lastX", "12345"),
        ("card_number", "5340920000000000"),
        ("expiration_date", "0001"),
        ("person_guid", "0b6f3c55-6a43-4c1e-9d43-6c0f2f1f9a10"),
        ("program_guid", PROGRAM_B),
        ("iin", "411111"),
        ("birth_date", "1975-02-27"),
        ("postal_code", "33310"),
        ("client_reference_id", "OM39126"),
    ],
)
def test_any_mismatch_is_a_404_that_names_nothing(
    api: ContractClient, name: str, wrong: str
) -> None:
    """One wrong detail: 404 card_not_found, the same answer whichever detail it was."""
    card = _issue(api)
    details = _details(card)
    response = api.post(URL, json={**details, name: wrong})
    assert response.status_code == 404, response.text
    problem = response.json()
    assert (problem["code"], problem["detail"]) == ("card_not_found", "Card not found")
    assert "errors" not in problem
    assert api.post(URL, json={"card_proxy": "nope"}).json()["detail"] == problem["detail"]


def test_details_matching_several_cards_are_ambiguous(api: ContractClient) -> None:
    """A renewal keeps the PAN: its last four match both cards (400); the proxy picks one."""
    old = _issue(api)
    new = api.post(f"/api/v1/cards/{old['card_proxy']}/replace", json={"operation": "RENEW"})
    assert new.status_code == 200
    last4 = old["mask_card_pan"][-4:]
    response = api.post(URL, json={"card_lastX": last4, "birth_date": PERSON["birth_date"]})
    assert response.status_code == 400
    assert response.json()["code"] == "card_ambiguous"
    picked = api.post(URL, json={"card_lastX": last4, "card_proxy": new.json()["card_proxy"]})
    assert picked.status_code == 200
    assert picked.json()["card_proxy"] == new.json()["card_proxy"]


def test_without_an_identifier_it_is_a_400(api: ContractClient) -> None:
    """No card_proxy, card_number or card_lastX: 400 validation_error naming the three."""
    card = _issue(api)
    details = {k: v for k, v in _details(card).items() if k not in ("card_proxy", "card_lastX")}
    response = api.post(URL, json={**details, "card_number": None})
    assert response.status_code == 400
    problem = response.json()
    assert problem["code"] == "validation_error"
    assert [e["field"] for e in problem["errors"]] == ["/card_proxy", "/card_number", "/card_lastX"]


@pytest.mark.parametrize(
    ("name", "value", "ok"),
    [
        ("cvx2", "123", True),
        ("cvx2", "1234", True),
        ("cvx2", "12", False),
        ("cvx2", "12345", False),
        ("cvx2", "12a", False),
        ("ssn_last4", "0042", True),
        ("ssn_last4", "042", False),
        ("ssn_last4", "string", False),
    ],
)
def test_cvx2_and_ssn_are_checked_for_shape(
    api: ContractClient, name: str, value: str, ok: bool
) -> None:
    """The sandbox keeps no CVV or SSN: a well-formed one matches, another is no card's (404)."""
    card = _issue(api)
    response = api.post(URL, json={"card_proxy": card["card_proxy"], name: value})
    if ok:
        assert response.status_code == 200, response.text
        return
    assert response.status_code == 404
    assert response.json()["code"] == "card_not_found"
    problem = response.json()
    del problem["request_id"]  # random hex: it may contain the digits by chance
    assert value not in json.dumps(problem)  # a secret is never echoed


def test_read_only_tokens_may_validate_and_nothing_changes(
    sbx: Sandbox, api: ContractClient, make_client: Callable[..., ContractClient]
) -> None:
    """A read-only token gets the card; the card is unchanged and no event is written."""
    card = _issue(api)
    before = sbx.controls.deliveries()
    reader = make_client(sbx.read_only_credential)
    response = reader.post(URL, json=_details(card))
    assert response.status_code == 200, response.text
    assert api.get(f"/api/v1/cards/{card['card_proxy']}").json() == card
    assert sbx.controls.deliveries() == before
    stranger = make_client(next(c for c in sbx.credentials if c.program_guid == PROGRAM_B))
    assert stranger.post(URL, json={"card_proxy": card["card_proxy"]}).status_code == 404


def _plant_pan(db: Path, proxy: str) -> str:
    """Give the card `proxy` a PAN the test knows, stored as the sandbox stores one."""
    body = "534092" + "".join(str(b % 10) for b in os.urandom(9))
    pan = body + luhn_check_digit(body)
    salt = os.urandom(16)
    with sqlite3.connect(db) as conn:
        conn.execute(
            "UPDATE cards SET pan_last4 = ?, pan_digest = ? WHERE card_proxy = ?",
            (pan[-4:], salt + hashlib.sha256(salt + pan.encode()).digest(), proxy),
        )
    return pan


def test_the_card_number_is_checked_against_the_stored_digest(tmp_path: Path) -> None:
    """A card found by its full number; a number with the same BIN and last four is not it."""
    violations: list[str] = []
    db = tmp_path / "s.db"
    with (
        start_sandbox(db=db) as own,
        ContractClient(own.base_url, violations, login(own.base_url, own.credential)) as api,
    ):
        card = _issue(api)
        _issue(api)
        pan = _plant_pan(db, card["card_proxy"])
        found = api.post(URL, json={"card_number": pan, "cvx2": "999"})
        assert found.status_code == 200, found.text
        assert found.json()["card_proxy"] == card["card_proxy"]
        assert found.json()["mask_card_pan"] == f"534092XXXXXX{pan[-4:]}"
        assert pan not in found.text
        twin = pan[:6] + ("0" if pan[6] != "0" else "1") + pan[7:]
        assert api.post(URL, json={"card_number": twin}).status_code == 404
        both = _details(card)
        both.update(card_number=pan, card_lastX=pan[-3:])
        assert api.post(URL, json=both).status_code == 200
    assert not violations, violations
