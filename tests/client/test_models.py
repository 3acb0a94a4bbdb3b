"""The generated models against a real sandbox: what the reference allows, the client carries."""

from __future__ import annotations

import copy
import json
import pickle
from uuid import UUID

import pytest

import qolo
from qolo_api.api.cards import create_card, get_card, list_cards, status_card
from qolo_api.models import (
    Card,
    CardStatus,
    CardStatusRequest,
    CreateCardRequest,
    CreateCardResponse,
    Person,
)
from qolo_api.types import UNSET
from qolo_sandbox.testing import Sandbox

from ._support import ClientFactory, card_request


def test_a_person_s_nulls_go_out_and_come_back_as_none(
    sbx: Sandbox, make_client: ClientFactory
) -> None:
    """PersonDTO's nullable fields: sent as JSON null, answered as null, typed `None`."""
    body = CreateCardRequest(
        program_guid=UUID(sbx.credential.program_guid),
        person=Person(
            first_name="Ada", last_name="Lovelace", middle_name=None, email=None, mobile_number=None
        ),
    )
    assert body.to_dict()["person"] | {"first_name": "", "last_name": ""} == {
        "first_name": "",
        "last_name": "",
        "middle_name": None,
        "email": None,
        "mobile_number": None,
    }
    with make_client() as client:
        created = create_card.sync(client=client, body=body)
        assert isinstance(created, CreateCardResponse)
        person = created.person
        assert isinstance(person, Person)
        assert (person.middle_name, person.email, person.mobile_number) == (None, None, None)
        assert (person.first_name, person.last_name) == ("Ada", "Lovelace")
        assert get_card.sync(client=client, card_proxy=created.card.card_proxy) is not None


def _pickled(model: object) -> object:
    return pickle.loads(pickle.dumps(model))  # noqa: S301 - our own bytes


@pytest.mark.parametrize(
    "clone", [copy.copy, copy.deepcopy, _pickled], ids=["copy", "deepcopy", "pickle"]
)
def test_a_copied_model_still_knows_what_is_not_set(
    sbx: Sandbox, make_client: ClientFactory, clone: object
) -> None:
    """A cloned request template is sent as is; a cached response equals and dumps as JSON."""
    assert callable(clone)
    template = CreateCardRequest(
        program_guid=UUID(sbx.credential.program_guid),
        person=Person(first_name="Ada", last_name="Lovelace"),
    )
    body = clone(template)
    assert body.months_until_expire is UNSET
    assert body.to_dict() == template.to_dict()
    with make_client() as client:
        created = create_card.sync(client=client, body=body)
        assert isinstance(created, CreateCardResponse)
        card = get_card.sync(client=client, card_proxy=created.card.card_proxy)
    assert isinstance(card, Card)
    cached = clone(card)
    assert cached == card
    assert json.loads(json.dumps(cached.to_dict())) == card.to_dict()


def test_a_plain_string_for_an_enum_is_sent_as_its_value(
    sbx: Sandbox, make_client: ClientFactory
) -> None:
    """Untyped callers pass "ACTIVE" (it equals CardStatus.ACTIVE): sent, not AttributeError;
    None is a ValueError naming the enum."""
    with make_client() as client:
        created = qolo.unwrap(
            create_card.sync(client=client, body=card_request(sbx.credential.program_guid))
        )
        body = CardStatusRequest(status="ACTIVE")  # type: ignore[arg-type]
        changed = qolo.unwrap(status_card.sync(created.card.card_proxy, client=client, body=body))
        assert changed.card_status == CardStatus.ACTIVE
        page = qolo.unwrap(list_cards.sync(client=client, card_status="ACTIVE"))  # type: ignore[arg-type]
        assert created.card.card_proxy in [card.card_proxy for card in page.data]
    with pytest.raises(ValueError, match="CardStatus"):
        CardStatusRequest(status=None).to_dict()  # type: ignore[arg-type]
