"""The generated models against a real sandbox: what the reference allows, the client carries."""

from __future__ import annotations

from uuid import UUID

from qolo_api.api.cards import create_card, get_card
from qolo_api.models import CreateCardRequest, CreateCardResponse, Person
from qolo_sandbox.testing import Sandbox

from ._support import ClientFactory


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
