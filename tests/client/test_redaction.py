"""No secret (API key, token, PIN) in any log record, repr, exception message or traceback."""

from __future__ import annotations

import logging
import traceback

import pytest

import qolo
from qolo_api.api.cards import create_card, get_card, list_cards, set_pin
from qolo_api.models import LoginRequest, SetPinRequest
from qolo_sandbox.testing import Sandbox

from ._support import ClientFactory, card_request

PIN = "482913"


def test_no_secret_anywhere_across_a_full_flow(
    sbx: Sandbox, make_client: ClientFactory, caplog: pytest.LogCaptureFixture
) -> None:
    """Login, create, set a PIN, 401 refresh, failures, bad credentials: every text checked."""
    texts: list[str] = []
    tokens: set[str] = set()
    apikey = sbx.credential.apikey
    wrong_key = "sk_sandbox_this_one_is_wrong_0001"

    def failure(exc: BaseException) -> None:
        texts.extend([str(exc), repr(exc), "".join(traceback.format_exception(exc))])

    with caplog.at_level(logging.DEBUG):  # every logger: qolo, httpx, httpcore
        client = make_client()
        texts.append(repr(client))
        created = qolo.unwrap(
            create_card.sync(client=client, body=card_request(sbx.credential.program_guid))
        )
        tokens.add(client._auth._token.value if client._auth._token else "")
        request = SetPinRequest(pin=PIN, comment="onboarding")
        texts.append(repr(request))
        card = qolo.unwrap(
            set_pin.sync(client=client, card_proxy=created.card.card_proxy, body=request)
        )
        assert card.pin_set is True
        texts.append(repr(card))
        sbx.controls.advance_clock(43200 + 1)  # token refused: refresh and replay
        list_cards.sync(client=client)
        tokens.add(client._auth._token.value if client._auth._token else "")
        texts.append(repr(client._auth))
        with pytest.raises(qolo.NotFoundError) as not_found:
            get_card.sync(client=client, card_proxy="cproxy_nope")
        failure(not_found.value)
        with pytest.raises(qolo.BadRequestError) as bad_pin:
            set_pin.sync(
                client=client, card_proxy=created.card.card_proxy, body=SetPinRequest(pin="12x")
            )
        failure(bad_pin.value)
        bad = make_client(apikey=wrong_key)
        texts.append(repr(bad))
        texts.append(repr(LoginRequest(loginid="x", apikey=wrong_key)))
        with pytest.raises(qolo.AuthenticationError) as refused:
            list_cards.sync(client=bad)
        failure(refused.value)
    texts.extend(record.getMessage() for record in caplog.records)
    texts.extend(caplog.text.splitlines())

    assert len(tokens - {""}) == 2
    assert any("-> 401" in t for t in texts)
    everything = "\n".join(texts)
    for secret in [apikey, wrong_key, PIN, "12x", *tokens - {""}]:
        assert secret not in everything
