"""End to end through the published client, `qolo.Client`, against the target.

Every HTTP exchange the client makes (its login included) passes a transport that checks the
response against openapi.yaml (schema, formats, the secrets policy) and against the reference's
samples (`conformance.corpus.agreement_errors`), so this proves both that the client speaks the
contract and that the deployment answers a real client's calls within it. What only the sandbox
promises (the contract's choice fields: a card's `pin_set`, `replaced_card_proxy`, `person_guid`;
a new card being VIRTUAL) is checked only against the sandbox.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from uuid import UUID

import httpx
import pytest

import qolo
from conformance.contract import exchange_errors, operation_for, operation_id
from conformance.corpus import agreement_errors
from conformance.targeted_suite._support import (
    REFUSED_URL,
    Credential,
    Subscriptions,
    card_body,
    is_sandbox,
    webhook_url,
)
from qolo_api.api.cards import (
    create_card,
    get_card,
    issuance_type,
    list_cards,
    replace_card,
    set_pin,
    status_card,
    update_digital_package,
    validate_card,
)
from qolo_api.api.notifications import (
    create_notification,
    delete_notification_by_id,
    get_notification_by_id,
    list_notifications,
    update_notification_by_id,
)
from qolo_api.models import (
    Card,
    CardStatus,
    CardStatusRequest,
    CardTrackingDetail,
    CreateCardRequest,
    CreateCardResponse,
    DigitalPackageRequest,
    FulfillmentOrderInfo,
    IssuanceType,
    IssuanceTypeRequest,
    NotificationRequest,
    NotificationUpdateRequest,
    OrderType,
    Person,
    ReplaceCardRequest,
    SetPinRequest,
    ShippingMethod,
    ValidateCardRequest,
)
from qolo_api.types import Unset

EMPTY_GUID = UUID(int=0)


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
        self._violations.extend(
            _corpus_errors(request.method, request.url.path, response.status_code, content)
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


def _corpus_errors(method: str, path: str, status: int, content: bytes) -> list[str]:
    """Where the response disagrees with the reference's sample for its operation and status."""
    operation = operation_for(method, path)
    name = operation_id(operation) if operation is not None else None
    if name is None or not content:
        return []
    try:
        body = json.loads(content)
    except ValueError:
        return []  # exchange_errors reports a body that is not JSON
    return [f"{method} {path} -> {status}: {line}" for line in agreement_errors(name, status, body)]


@pytest.fixture
def client(
    base_url: str, cred: Credential, violations: list[str]
) -> Iterator[tuple[qolo.Client, ContractTransport]]:
    transport = ContractTransport(violations)
    with qolo.Client(
        base_url=base_url, loginid=cred.loginid, apikey=cred.apikey, transport=transport
    ) as qc:
        yield qc, transport


def _person_guid(created: CreateCardResponse) -> UUID | None:
    """The new person's guid, when the answer gives one (the reference's sample shows zeros)."""
    person = created.person
    if not isinstance(person, Person) or isinstance(person.person_guid, Unset):
        return None
    return None if person.person_guid == EMPTY_GUID else person.person_guid


def _tracking(card: Card) -> CardTrackingDetail:
    detail = card.card_tracking_detail
    assert isinstance(detail, CardTrackingDetail), f"no card_tracking_detail: {detail!r}"
    return detail


def test_card_life_cycle_through_the_client(
    client: tuple[qolo.Client, ContractTransport], cred: Credential
) -> None:
    """Login, create, get, list, validate, order the plastic, set the art, activate, suspend,
    set a PIN, replace: all within the contract."""
    qc, transport = client
    # No fulfillment_data: the sandbox issues a VIRTUAL card (on the platform, the program says).
    body = CreateCardRequest.from_dict(card_body(cred.program_guid))
    created = qolo.unwrap(create_card.sync(client=qc, body=body))
    proxy = created.card.card_proxy
    assert created.card.card_status == CardStatus.PENDING

    fetched = qolo.unwrap(get_card.sync(proxy, client=qc))
    assert fetched.card_proxy == proxy
    assert fetched.mask_card_pan == created.card.mask_card_pan

    person = _person_guid(created)
    if is_sandbox():
        assert person is not None, "the sandbox answers the new person's guid"
        assert fetched.person_guid == person
    if person is not None:
        mine = list(qolo.paginate(list_cards.sync, client=qc, limit=1, person_guid=person))
        assert [c.card_proxy for c in mine] == [proxy]

    expiry = fetched.expiration_date
    assert isinstance(expiry, str), "the card has no expiration_date to validate it with"
    matched = qolo.unwrap(
        validate_card.sync(
            client=qc, body=ValidateCardRequest(card_proxy=proxy, expiration_date=expiry)
        )
    )
    assert matched.card_proxy == proxy
    wrong = "0101" if expiry != "0101" else "0202"
    with pytest.raises(qolo.NotFoundError):
        validate_card.sync(
            client=qc, body=ValidateCardRequest(card_proxy=proxy, expiration_date=wrong)
        )

    if is_sandbox():
        assert fetched.issuance_type == IssuanceType.VIRTUAL, "no fulfillment_data: VIRTUAL"
    plastic = IssuanceTypeRequest(
        issuance_type=IssuanceType.FULL,
        fulfillment_order_info=FulfillmentOrderInfo(
            shipping_method=ShippingMethod.STDMAIL, order_type=OrderType.DTC
        ),
    )
    full = qolo.unwrap(issuance_type.sync(proxy, client=qc, body=plastic))
    assert (full.card_proxy, full.issuance_type) == (proxy, IssuanceType.FULL)
    # Asking again for the type the card has is a no-op; FULL -> VIRTUAL is not allowed.
    again = qolo.unwrap(issuance_type.sync(proxy, client=qc, body=plastic))
    assert again.issuance_type == IssuanceType.FULL
    back_to_virtual = IssuanceTypeRequest(issuance_type=IssuanceType.VIRTUAL)
    with pytest.raises(qolo.BadRequestError) as not_allowed:
        issuance_type.sync(proxy, client=qc, body=back_to_virtual)
    assert not_allowed.value.code == "issuance_type_change_not_allowed"

    art = uuid.uuid4()
    package = qolo.unwrap(
        update_digital_package.sync(
            client=qc,
            body=DigitalPackageRequest(
                card_proxy=proxy, digital_package_guid=art, comment="conformance"
            ),
        )
    )
    if not isinstance(package.digital_package_guid, Unset):
        assert package.digital_package_guid == art
    if is_sandbox():
        shown = _tracking(qolo.unwrap(get_card.sync(proxy, client=qc))).digital_package_id
        assert shown == str(art), f"card_tracking_detail.digital_package_id is {shown!r}"

    for target in (CardStatus.ACTIVE, CardStatus.SUSPEND, CardStatus.ACTIVE):
        request = CardStatusRequest(status=target)
        moved = qolo.unwrap(status_card.sync(proxy, client=qc, body=request))
        assert moved.card_status == target

    pin = SetPinRequest(pin="4821", reason_code="CARDHOLDER_SET", comment="conformance")
    pinned = qolo.unwrap(set_pin.sync(proxy, client=qc, body=pin))
    # The answer echoes the request; whether it may carry the PIN is the secrets policy's call
    # (strict: never; reference: only the PIN just sent), checked by the transport.
    assert (pinned.reason_code, pinned.comment) == ("CARDHOLDER_SET", "conformance")
    if is_sandbox():
        assert qolo.unwrap(get_card.sync(proxy, client=qc)).pin_set is True

    replace = ReplaceCardRequest.from_dict({"operation": "REPLACE"})
    new = qolo.unwrap(replace_card.sync(proxy, client=qc, body=replace))
    assert new.card_proxy != proxy
    assert new.card_status == CardStatus.PENDING
    if is_sandbox():
        assert new.replaced_card_proxy == proxy
    old = qolo.unwrap(get_card.sync(proxy, client=qc))
    assert old.card_status == CardStatus.ACTIVE, "without `status` the old card keeps its own"

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
    # Every call went through the contract-checking transport: at least the 17 above that run
    # against any deployment (a login, the person's list and the sandbox's own look-ups come
    # on top of them).
    assert transport.exchanges >= 17


def test_subscriptions_through_the_client(
    client: tuple[qolo.Client, ContractTransport],
    cred: Credential,
    subscriptions: Subscriptions,
) -> None:
    """Create, list, get, update and delete a webhook subscription with the client.

    Its URL is the suite's (`webhook_url`); a deployment that refuses it skips the test.
    """
    qc, _ = client
    body = NotificationRequest.from_dict(
        {
            "program_guid": cred.program_guid,
            "url": webhook_url(),
            "secret": "whsec_conformance_" + uuid.uuid4().hex,
            "event_type": ["card.created", "card.status"],
        }
    )
    try:
        created = qolo.unwrap(create_notification.sync(client=qc, body=body))
    except qolo.BadRequestError as refused:
        if refused.code == "webhook_url_refused":
            pytest.skip(REFUSED_URL)
        raise
    guid = created.notification_guid
    subscriptions.remember(str(guid))
    listed = list(qolo.paginate(list_notifications.sync, client=qc, limit=1))
    assert guid in {n.notification_guid for n in listed}
    got = qolo.unwrap(get_notification_by_id.sync(guid, client=qc))
    assert got.url == created.url
    moved = webhook_url() + ("&" if "?" in webhook_url() else "?") + "conformance=v2"
    change = NotificationUpdateRequest.from_dict(
        {
            "notification_guid": str(guid),
            "program_guid": cred.program_guid,
            "url": moved,
            "event_type": ["all"],
        }
    )
    updated = qolo.unwrap(update_notification_by_id.sync(guid, client=qc, body=change))
    assert isinstance(updated.url, str), "the update answered no url"
    assert updated.url == moved, "the update did not move the subscription's url"
    delete_notification_by_id.sync(guid, client=qc)
    with pytest.raises(qolo.NotFoundError):
        get_notification_by_id.sync(guid, client=qc)
