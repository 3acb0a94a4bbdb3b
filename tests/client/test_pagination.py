"""`qolo.paginate` / `qolo.apaginate` over any offset-paged list operation."""

from __future__ import annotations

import asyncio
import dataclasses
import itertools
import logging

import pytest

import qolo
from qolo_api.api.cards import create_card, list_cards
from qolo_api.api.notifications import list_notifications
from qolo_sandbox.testing import Sandbox

from ._support import AsyncClientFactory, ClientFactory, card_request


def list_calls(caplog: pytest.LogCaptureFixture) -> int:
    return len([r for r in caplog.records if "list_cards GET" in r.getMessage()])


def test_paginate_fetches_pages_lazily(
    sbx: Sandbox, make_client: ClientFactory, caplog: pytest.LogCaptureFixture
) -> None:
    """7 cards in pages of 3: all 7 in order from 3 calls; taking 2 fetches only 1 page."""
    client = make_client()
    proxies = [
        qolo.unwrap(
            create_card.sync(client=client, body=card_request(sbx.credential.program_guid, n))
        ).card.card_proxy
        for n in range(7)
    ]
    with caplog.at_level(logging.DEBUG, logger="qolo"):
        assert [
            c.card_proxy for c in qolo.paginate(list_cards.sync, client=client, limit=3)
        ] == proxies
        assert list_calls(caplog) == 3
        caplog.clear()
        first_two = list(
            itertools.islice(qolo.paginate(list_cards.sync, client=client, limit=3), 2)
        )
        assert [c.card_proxy for c in first_two] == proxies[:2]
        assert list_calls(caplog) == 1


def test_paginate_works_for_any_list_operation(sbx: Sandbox, make_client: ClientFactory) -> None:
    """The same helper pages notifications (an empty list is one call, no items)."""
    assert list(qolo.paginate(list_notifications.sync, client=make_client())) == []


def test_apaginate(sbx: Sandbox, make_async_client: AsyncClientFactory) -> None:
    """The async twin yields the same items."""

    async def main() -> None:
        async with make_async_client() as client:
            proxies = [
                qolo.unwrap(
                    await create_card.asyncio(
                        client=client, body=card_request(sbx.credential.program_guid, n)
                    )
                ).card.card_proxy
                for n in range(5)
            ]
            items = [c async for c in qolo.apaginate(list_cards.asyncio, client=client, limit=2)]
            assert [c.card_proxy for c in items] == proxies  # each once, in order

    asyncio.run(main())


def test_paginate_starts_where_asked(sbx: Sandbox, make_client: ClientFactory) -> None:
    """A `start_index` given to `paginate` is the first page's; the pages after it follow."""
    client = make_client()
    proxies = [
        qolo.unwrap(
            create_card.sync(client=client, body=card_request(sbx.credential.program_guid, n))
        ).card.card_proxy
        for n in range(5)
    ]
    listed = qolo.paginate(list_cards.sync, client=client, limit=2, start_index=1)
    assert [c.card_proxy for c in listed] == proxies[1:]


def test_paginate_checks_the_operations_arguments() -> None:
    """mypy checks what `paginate` passes on against the operation, as a direct call (the
    ignores below would be unused otherwise, an error under --strict): the wrong client, a
    misspelt filter. At run time both fail on the first call."""
    sync = qolo.Client(base_url="http://x", loginid="l", apikey="k")
    aclient = qolo.AsyncClient(base_url="http://x", loginid="l", apikey="k")
    with pytest.raises(TypeError, match="card_stauts"):
        next(qolo.paginate(list_cards.sync, client=sync, card_stauts="ACTIVE"))  # type: ignore[call-arg]
    with pytest.raises(AttributeError, match="get_httpx_client"):
        next(qolo.paginate(list_cards.sync, client=aclient))  # type: ignore[arg-type]
    sync.close()


@dataclasses.dataclass(frozen=True)
class _Page:
    data: list[str]
    has_more: bool
    end_index: int


def test_a_page_that_does_not_advance_raises_instead_of_looping() -> None:
    """A page that says there is more but ends where it started would be fetched forever: it
    raises `QoloError` (a broken listing), after yielding the items before it."""
    pages = {0: _Page(["a", "b"], True, 2), 2: _Page([], True, 2)}
    starts: list[int] = []

    def list_things(*, start_index: int = 0) -> _Page:
        starts.append(start_index)
        assert len(starts) <= 5, "paginate keeps asking for the same page"
        return pages[start_index]

    items: list[str] = []
    with pytest.raises(qolo.QoloError, match=r"start_index=2 does not advance \(end_index=2\)"):
        items.extend(qolo.paginate(list_things))
    assert items == ["a", "b"]
    assert starts == [0, 2]
