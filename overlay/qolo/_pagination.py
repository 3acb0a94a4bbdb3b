"""Iterate every item of an offset-paged list operation, one page at a time.

Any generated operation whose success model is the platform's page envelope
(`count`, `start_index`, `end_index`, `has_more`, `data`) and that takes `start_index=` works:
the next page starts at the previous page's `end_index`, until `has_more` is false.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping, Sequence
from typing import ParamSpec, Protocol, TypeVar

from qolo_api.models import Problem

from ._exceptions import QoloError

__all__ = ["Page", "apaginate", "paginate"]

T_co = TypeVar("T_co", covariant=True)
#: The operation's parameters: mypy checks the client, the filters and `limit` given to
#: `paginate` against the operation itself, as it would a direct call.
P = ParamSpec("P")


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


def _first_index(kwargs: Mapping[str, object]) -> int:
    """Where the first page starts: the caller's `start_index`, else (or if UNSET) 0."""
    given = kwargs.get("start_index")
    return given if isinstance(given, int) and not isinstance(given, bool) else 0


def paginate(
    operation: Callable[P, Page[T_co] | Problem | None],
    /,
    *args: P.args,
    **kwargs: P.kwargs,
) -> Iterator[T_co]:
    """Yield every item of `operation`'s pages, fetching each page when the previous is used up.

    ```python
    for card in qolo.paginate(list_cards.sync, client=client, limit=100, person_guid=guid):
        ...
    ```

    The arguments (the client, filters, `limit`, a first `start_index`) are the operation's own,
    type-checked against it, and passed to every call with `start_index` moved on. Pages follow
    by offset, as the platform pages: changing what the listing returns while iterating
    (updating the cards a status filter selects, creating cards) skips or repeats items;
    collect first.
    """
    fetch: Callable[..., Page[T_co] | Problem | None] = operation
    start = _first_index(kwargs)
    while True:
        page = _check(fetch(*args, **{**kwargs, "start_index": start}), start)
        yield from page.data
        if not page.has_more:
            return
        start = page.end_index


async def apaginate(
    operation: Callable[P, Awaitable[Page[T_co] | Problem | None]],
    /,
    *args: P.args,
    **kwargs: P.kwargs,
) -> AsyncIterator[T_co]:
    """The async twin of `paginate`: `async for card in qolo.apaginate(list_cards.asyncio, ...)`."""
    fetch: Callable[..., Awaitable[Page[T_co] | Problem | None]] = operation
    start = _first_index(kwargs)
    while True:
        page = _check(await fetch(*args, **{**kwargs, "start_index": start}), start)
        for item in page.data:
            yield item
        if not page.has_more:
            return
        start = page.end_index
