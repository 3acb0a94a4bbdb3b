"""End to end through the published client, `qolo.Client`, against the target.

Every HTTP exchange the client makes (its login included) passes a transport that checks the
response against openapi.yaml, so this proves both that the client speaks the contract and
that the deployment answers a real client's calls within it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import httpx
import pytest

import qolo
from conformance.contract import exchange_errors
from conformance.suite._support import Credential, card_body
from qolo_api.api.cards import (
    create_card,
    get_card,
    list_cards,
    replace_card,
    set_pin,
    status_card,
)
from qolo_api.api.notifications import (
    create_notification,
    delete_notification_by_id,
    get_notification_by_id,
    list_notifications,
    update_notification_by_id,
)
from qolo_api.models import (
    CardStatus,
    CardStatusRequest,
    CreateCardRequest,
    NotificationRequest,
    NotificationUpdateRequest,
    ReplaceCardRequest,
    SetPinRequest,
)


class ContractTransport(httpx.BaseTransport):
    """Wraps the real transport; records every response that contradicts the contract."""

    def __init__(self, violations: list[str]) -> None:
        self._inner = httpx.HTTPTransport()
        self._violations = violations
        self.exchanges = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        response = self._inner.handle_request(request)
        content = response.read()
        self.exchanges += 1
        self._violations.extend(
            exchange_errors(
                request.method,
                request.url.path,
                request.content,
                response.status_code,
                {k.lower(): v for k, v in response.headers.items()},
                content,
            )
        )
        return httpx.Response(
            response.status_code,
            headers=response.headers,
            content=content,
            request=request,
            extensions=response.extensions,
        )

    def close(self) -> None:
        self._inner.close()


@pytest.fixture
def client(
    base_url: str, cred: Credential, violations: list[str]
) -> Iterator[tuple[qolo.Client, ContractTransport]]:
    transport = ContractTransport(violations)
    with qolo.Client(
        base_url=base_url, loginid=cred.loginid, apikey=cred.apikey, transport=transport
    ) as qc:
        yield qc, transport


def test_card_life_cycle_through_the_client(
    client: tuple[qolo.Client, ContractTransport], cred: Credential
) -> None:
    """Login, create, get, list, activate, suspend, set PIN, replace — all within the contract."""
    qc, transport = client
    body = CreateCardRequest.from_dict(card_body(cred.program_guid))
    created = qolo.unwrap(create_card.sync(client=qc, body=body))
    proxy = created.card.card_proxy
    assert created.card.card_status == CardStatus.PENDING

    fetched = qolo.unwrap(get_card.sync(proxy, client=qc))
    assert fetched.card_proxy == proxy
    assert fetched.mask_card_pan == created.card.mask_card_pan

    person = created.person.person_guid
    mine = list(qolo.paginate(list_cards.sync, client=qc, limit=1, person_guid=person))
    assert [c.card_proxy for c in mine] == [proxy]

    for target in (CardStatus.ACTIVE, CardStatus.SUSPEND, CardStatus.ACTIVE):
        request = CardStatusRequest(status=target)
        moved = qolo.unwrap(status_card.sync(proxy, client=qc, body=request))
        assert moved.card_status == target

    pinned = qolo.unwrap(set_pin.sync(proxy, client=qc, body=SetPinRequest(pin="4821")))
    assert pinned.pin_set is True

    replace = ReplaceCardRequest.from_dict({"operation": "REPLACE"})
    new = qolo.unwrap(replace_card.sync(proxy, client=qc, body=replace))
    assert new.card_proxy != proxy
    assert new.replaced_card_proxy == proxy
    old = qolo.unwrap(get_card.sync(proxy, client=qc))
    assert old.card_status == CardStatus.CLOSED

    with pytest.raises(qolo.NotFoundError):
        get_card.sync("cproxyconformancemissing", client=qc)
    lost = qolo.unwrap(
        status_card.sync(new.card_proxy, client=qc, body=CardStatusRequest(status=CardStatus.LOST))
    )
    assert lost.card_status == CardStatus.LOST
    back = CardStatusRequest(status=CardStatus.ACTIVE)
    with pytest.raises(qolo.BadRequestError) as refused:
        status_card.sync(new.card_proxy, client=qc, body=back)
    assert refused.value.code == "invalid_status_transition"
    assert transport.exchanges >= 10


def test_subscriptions_through_the_client(
    client: tuple[qolo.Client, ContractTransport], cred: Credential
) -> None:
    """Create, list, get, update and delete a webhook subscription with the client."""
    qc, _ = client
    body = NotificationRequest.from_dict(
        {
            "program_guid": cred.program_guid,
            "url": "http://127.0.0.1:9/conformance-e2e",
            "secret": "whsec_conformance_" + uuid.uuid4().hex,
            "event_type": ["card.created", "card.status"],
        }
    )
    created = qolo.unwrap(create_notification.sync(client=qc, body=body))
    guid = created.notification_guid
    listed = list(qolo.paginate(list_notifications.sync, client=qc, limit=1))
    assert guid in {n.notification_guid for n in listed}
    got = qolo.unwrap(get_notification_by_id.sync(guid, client=qc))
    assert got.url == created.url
    change = NotificationUpdateRequest.from_dict(
        {
            "program_guid": cred.program_guid,
            "url": "http://127.0.0.1:9/conformance-e2e-v2",
            "event_type": ["all"],
        }
    )
    updated = qolo.unwrap(update_notification_by_id.sync(guid, client=qc, body=change))
    assert updated.url.endswith("-v2")
    delete_notification_by_id.sync(guid, client=qc)
    with pytest.raises(qolo.NotFoundError):
        get_notification_by_id.sync(guid, client=qc)
