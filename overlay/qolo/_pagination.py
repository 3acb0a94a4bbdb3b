"""Iterate every item of an offset-paged list operation, one page at a time.

Any generated operation whose success model is the platform's page envelope
(`count`, `start_index`, `end_index`, `has_more`, `data`) and that takes `start_index=` works:
the next page starts at the previous page's `end_index`, until `has_more` is false.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from typing import Any, Protocol, TypeVar

from qolo_api.models import Problem

from ._exceptions import QoloError

__all__ = ["Page", "apaginate", "paginate"]

T_co = TypeVar("T_co", covariant=True)


class Page(Protocol[T_co]):
    """The page envelope of the platform's list operations."""

    @property
    def data(self) -> Sequence[T_co]: ...

    @property
    def has_more(self) -> bool: ...

    @property
    def end_index(self) -> int: ...


def _check(page: Page[T_co] | Problem | None, start: int) -> Page[T_co]:
    if page is None or isinstance(page, Problem):
        raise QoloError("the list operation returned no page")
    if page.has_more and page.end_index <= start:
        raise QoloError(
            f"the page at start_index={start} does not advance (end_index={page.end_index})"
        )
    return page


def paginate(
    operation: Callable[..., Page[T_co] | Problem | None],
    /,
    *,
    start_index: int = 0,
    **kwargs: Any,
) -> Iterator[T_co]:
    """Yield every item of `operation`'s pages, fetching each page when the previous is used up.

    ```python
    for card in qolo.paginate(list_cards.sync, client=client, limit=100, person_guid=guid):
        ...
    ```

    `kwargs` (the client, filters, `limit`) are passed to every call unchanged. Pages follow by
    offset, as the platform pages: changing what the listing returns while iterating (updating
    the cards a status filter selects, creating cards) skips or repeats items; collect first.
    """
    start = start_index
    while True:
        page = _check(operation(start_index=start, **kwargs), start)
        yield from page.data
        if not page.has_more:
            return
        start = page.end_index


async def apaginate(
    operation: Callable[..., Awaitable[Page[T_co] | Problem | None]],
    /,
    *,
    start_index: int = 0,
    **kwargs: Any,
) -> AsyncIterator[T_co]:
    """The async twin of `paginate`: `async for card in qolo.apaginate(list_cards.asyncio, ...)`."""
    start = start_index
    while True:
        page = _check(await operation(start_index=start, **kwargs), start)
        for item in page.data:
            yield item
        if not page.has_more:
            return
        start = page.end_index
