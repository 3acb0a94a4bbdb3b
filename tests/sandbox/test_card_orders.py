"""issuance_type (a plastic for a virtual card) and UpdateDigitalPackage (mobile-wallet art)."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from qolo_sandbox._contract import load_contract
from qolo_sandbox.testing import PROGRAM_A, PROGRAM_B, Sandbox

from ._support import ContractClient, Receiver

NEVER = "0001-01-01T00:00:00"
PACKAGE = "a05ed577-3f52-4584-a35b-7241dbf7341c"
ORDER = {"shipping_method": "STDMAIL", "order_type": "DTC", "third_line": "ACME"}


def test_a_virtual_card_becomes_full_and_fulfilment_is_sent(
    sbx: Sandbox, api: ContractClient, receiver: Receiver
) -> None:
    """VIRTUAL -> FULL orders the plastic now and delivers card.fulfilment with the card."""
    subscription = {
        "program_guid": PROGRAM_A,
        "url": receiver.url,
        "secret": "whsec_0123456789abcdef",
        "event_type": ["card.fulfilment"],
    }
    assert api.post("/api/v1/notifications", json=subscription).json()["active"] is True
    card = api.create_card().json()["card"]
    assert card["issuance_type"] == "VIRTUAL"
    sbx.controls.advance_clock(60)
    response = api.post(
        f"/api/v1/cards/{card['card_proxy']}/issuance_type",
        json={
            "issuance_type": "FULL",
            "fourth_line": "FLEET 12",
            "iin_brand": "VISA",
            "fulfillment_order_info": ORDER,
        },
    )
    assert response.status_code == 200, response.text
    full = response.json()
    assert full["issuance_type"] == "FULL"
    assert full["card_tracking_detail"]["card_requested"] == full["sys_utcupdated"]
    assert full["sys_utcupdated"] > card["sys_utcupdated"]
    assert api.get(f"/api/v1/cards/{card['card_proxy']}").json() == full
    receiver.wait_for(lambda: len(receiver.events()) == 1)
    event = json.loads(receiver.events()[0].body)
    assert event["event_type"] == "card.fulfilment"
    assert event["data"] == {"card": full}
    validator = load_contract().schema_validator("CardFulfilmentEvent")
    assert not [e.message for e in validator.iter_errors(event)]
    # The order travels with the card: its replacement is a FULL card, ordered at once.
    new = api.post(f"/api/v1/cards/{card['card_proxy']}/replace", json={"operation": "REPLACE"})
    assert new.json()["issuance_type"] == "FULL"


@pytest.mark.parametrize(
    ("fulfillment", "target"),
    [
        ({"embossed_name": "ADA"}, "VIRTUAL"),  # FULL -> VIRTUAL
        (None, "VIRTUALONETIME"),  # VIRTUAL -> anything but FULL
        (None, "TOKEN"),
    ],
)
def test_other_changes_are_not_allowed(
    api: ContractClient, fulfillment: dict[str, str] | None, target: str
) -> None:
    """Only VIRTUAL -> FULL: anything else is 400 issuance_type_change_not_allowed, unchanged."""
    card = api.create_card(fulfillment_data=fulfillment).json()["card"]
    response = api.post(
        f"/api/v1/cards/{card['card_proxy']}/issuance_type", json={"issuance_type": target}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "issuance_type_change_not_allowed"
    assert api.get(f"/api/v1/cards/{card['card_proxy']}").json() == card


@pytest.mark.parametrize("fulfillment", [{"embossed_name": "ADA"}, None])
def test_the_current_type_is_a_no_op(
    sbx: Sandbox, api: ContractClient, fulfillment: dict[str, str] | None
) -> None:
    """Asking for the type the card has answers the card unchanged, with no event."""
    card = api.create_card(fulfillment_data=fulfillment).json()["card"]
    before = sbx.controls.deliveries()
    sbx.controls.advance_clock(60)
    response = api.post(
        f"/api/v1/cards/{card['card_proxy']}/issuance_type",
        json={"issuance_type": card["issuance_type"], "fulfillment_order_info": ORDER},
    )
    assert response.status_code == 200, response.text
    assert response.json() == card
    assert sbx.controls.deliveries() == before


def test_the_digital_package_is_set_and_shown_on_the_card(
    sbx: Sandbox, api: ContractClient
) -> None:
    """201 with {digital_package_guid, card_proxy, comment}; the card shows digital_package_id."""
    card = api.create_card().json()["card"]
    assert "digital_package_id" not in card["card_tracking_detail"]
    sbx.controls.advance_clock(60)
    body = {"card_proxy": card["card_proxy"], "digital_package_guid": PACKAGE.upper()}
    response = api.post("/api/v1/cards/digitalpackage", json={**body, "comment": "Holiday"})
    assert response.status_code == 201, response.text
    assert response.json() == {
        "digital_package_guid": PACKAGE,
        "card_proxy": card["card_proxy"],
        "comment": "Holiday",
    }
    shown = api.get(f"/api/v1/cards/{card['card_proxy']}").json()
    assert shown["card_tracking_detail"]["digital_package_id"] == PACKAGE
    assert shown["sys_utcupdated"] > card["sys_utcupdated"]
    sbx.controls.advance_clock(60)
    again = api.post("/api/v1/cards/digitalpackage", json=body)
    assert again.status_code == 201
    assert again.json()["comment"] is None
    assert api.get(f"/api/v1/cards/{card['card_proxy']}").json() == shown  # nothing changed


def test_the_digital_package_needs_a_card_of_the_program_and_a_writer(
    sbx: Sandbox, api: ContractClient, make_client: Callable[..., ContractClient]
) -> None:
    """Another program's card is 404 card_not_found; a read-only token gets 405."""
    card = api.create_card().json()["card"]
    body = {"card_proxy": card["card_proxy"], "digital_package_guid": PACKAGE}
    stranger = make_client(next(c for c in sbx.credentials if c.program_guid == PROGRAM_B))
    foreign = stranger.post("/api/v1/cards/digitalpackage", json=body)
    assert foreign.status_code == 404
    assert foreign.json()["code"] == "card_not_found"
    reader = make_client(sbx.read_only_credential)
    assert reader.post("/api/v1/cards/digitalpackage", json=body).status_code == 405
    issuance = {"issuance_type": "FULL"}
    assert (
        reader.post(f"/api/v1/cards/{card['card_proxy']}/issuance_type", json=issuance).status_code
        == 405
    )
    assert api.get(f"/api/v1/cards/{card['card_proxy']}").json() == card


def test_huge_whole_numbers_in_a_free_form_order_are_kept_not_a_500(api: ContractClient) -> None:
    """A whole number past 64 bits in an order is stored as the float it is (found by fuzzing)."""
    card = api.create_card().json()["card"]
    order = {"a": [-4.385383385812261e269, 2.0, 1e19]}
    response = api.post(
        f"/api/v1/cards/{card['card_proxy']}/issuance_type",
        json={"issuance_type": "FULL", "fulfillment_order_info": order},
    )
    assert response.status_code == 200, response.text
