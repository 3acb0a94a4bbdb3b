"""The sandbox accepts every request sample of the platform's reference (`reference/samples`).

Each sample is sent to its operation (method and path from the sample file, `{version}` = v1)
with the guids and proxies that name resources replaced by the sandbox's own: the caller's
program, a fresh card (issued to the reference's CreateCard person), its person and wallet.
The empty GUID stays: it means "a new person" or "the first wallet". Every other value is kept
as the reference published it, except ValidateCard's details (see `VALIDATE_DETAILS`).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from qolo_sandbox.testing import PROGRAM_A

from ._support import ContractClient

SAMPLES = Path(__file__).parents[2] / "reference" / "samples"
REQUESTS = sorted(SAMPLES.glob("*.request.json"))
EMPTY = "00000000-0000-0000-0000-000000000000"


def _sample(name: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((SAMPLES / name).read_text("utf-8"))
    return document


@dataclass(frozen=True)
class Fresh:
    """The sandbox's resources that stand in for the sample's."""

    card: dict[str, Any]
    person: dict[str, Any]

    @property
    def proxy(self) -> str:
        return str(self.card["card_proxy"])


# ValidateCard compares every detail it is given with the card, and the reference's sample is
# all placeholders ("string"): they become the fresh card's own details. The sandbox never
# reveals a PAN, so `card_number` is sent as null (not given); `cvx2` and `ssn_last4`, which
# the sandbox keeps neither of, get well-formed values (it checks only their shape, and "string"
# could be no card's).
VALIDATE_DETAILS: dict[str, Callable[[Fresh], Any]] = {
    "card_number": lambda fresh: None,
    "cvx2": lambda fresh: "123",
    "ssn_last4": lambda fresh: "6789",
    "expiration_date": lambda fresh: fresh.card["expiration_date"],
    "card_lastX": lambda fresh: fresh.card["mask_card_pan"][-4:],
    "birth_date": lambda fresh: fresh.person["birth_date"],
    "postal_code": lambda fresh: fresh.person["base_address"]["postal_code"],
    "client_reference_id": lambda fresh: fresh.person["client_reference_id"],
}


def _substitute(value: Any, key: str | None, fresh: Fresh) -> Any:
    """`value` with the sandbox's program, card, person and wallet in place of the sample's."""
    if isinstance(value, dict):
        return {k: _substitute(v, k, fresh) for k, v in value.items()}
    if isinstance(value, list):
        return [_substitute(item, None, fresh) for item in value]
    if key == "program_guid":
        return PROGRAM_A
    if key == "card_proxy":
        return fresh.proxy
    if key in ("person_guid", "wallet_guid") and value != EMPTY:
        return fresh.person["person_guid"] if key == "person_guid" else fresh.card["wallet_guid"]
    return value


def _fresh(api: ContractClient) -> Fresh:
    """A card for the person of the reference's CreateCard sample (a new one each time)."""
    person = _sample("CreateCard.request.json")["sample"]["person"]
    response = api.post("/api/v1/cards", json={"program_guid": PROGRAM_A, "person": person})
    assert response.status_code == 201, response.text
    created = response.json()
    return Fresh(created["card"], created["person"])


def _request(sample: dict[str, Any], fresh: Fresh) -> tuple[str, str, Any]:
    path = sample["path"].replace("{version}", "v1").replace("{card_proxy}", fresh.proxy)
    assert "{" not in path, f"a path parameter the test does not fill: {path}"
    body = _substitute(copy.deepcopy(sample["sample"]), None, fresh)
    return sample["method"], path, body


def test_the_corpus_has_request_samples() -> None:
    """The samples are where this module looks (an empty glob would test nothing)."""
    assert len(REQUESTS) >= 7
    assert all(_sample(p.name)["kind"] == "request" for p in REQUESTS)


@pytest.mark.parametrize("name", [p.name for p in REQUESTS])
def test_the_sandbox_accepts_the_sample(api: ContractClient, name: str) -> None:
    """The reference's request sample, on the sandbox's own resources, answers a 2xx."""
    sample = _sample(name)
    fresh = _fresh(api)
    method, path, body = _request(sample, fresh)
    if sample["operation"] == "ValidateCard":
        body.update((k, fill(fresh)) for k, fill in VALIDATE_DETAILS.items() if k in body)
    response = api.request(method, path, json=body)
    assert 200 <= response.status_code < 300, f"{name}: {response.status_code} {response.text}"


def test_the_literal_validate_sample_is_a_mismatch(api: ContractClient) -> None:
    """Unfilled, ValidateCard's sample passes the contract and matches no card: 404."""
    method, path, body = _request(_sample("ValidateCard.request.json"), _fresh(api))
    response = api.request(method, path, json=body)  # "string" is no PAN, CVV or expiry
    assert response.status_code == 404, response.text
    assert response.json()["code"] == "card_not_found"
