"""The generated operations' return types are what they return: never `Any`.

A documented success without a body (DeleteNotificationById's 204) returns `NO_CONTENT`, so it
is typed `NoContent`, and `qolo.unwrap` gives `NoContent` under mypy --strict, not `Any`. The
`assert_type` calls below are checked by mypy (`nox -s typecheck` covers tests/); at run time
the annotations are checked too.
"""

from __future__ import annotations

import asyncio
import types
import typing
from typing import Any, assert_type
from uuid import UUID

import httpx
import pytest

import qolo
from qolo_api.api.notifications import delete_notification_by_id
from qolo_api.models import Problem
from qolo_api.types import NO_CONTENT, NoContent, Response

from ._support import GENERATED_FUNCTIONS, generated_operations, login_ok

GUID = UUID("5b0f4a3e-9c1d-4e2f-8a7b-6c5d4e3f2a10")


OPERATIONS = generated_operations()


def _members(annotation: object) -> set[object]:
    """Every type a return annotation names (`Response[A | None]` gives Response, A, NoneType)."""
    args = typing.get_args(annotation)
    origin = typing.get_origin(annotation)
    found = set().union(*(_members(arg) for arg in args)) if args else set()
    if origin is None:
        found.add(annotation)
    elif origin not in (typing.Union, types.UnionType):
        found.add(origin)
    return found


@pytest.mark.parametrize("name", sorted(OPERATIONS))
def test_no_operation_returns_any(name: str) -> None:
    """Every response of the contract is typed: a 2xx without a body as `NoContent`."""
    returned = _members(typing.get_type_hints(OPERATIONS[name])["return"])
    assert Any not in returned, name


@pytest.mark.parametrize("name", [f"delete_notification_by_id.{f}" for f in GENERATED_FUNCTIONS])
def test_a_success_without_a_body_is_typed_no_content(name: str) -> None:
    """The 204 of DeleteNotificationById is `NoContent`, in every variant of the operation."""
    assert NoContent in _members(typing.get_type_hints(OPERATIONS[name])["return"])


def _platform(request: httpx.Request) -> httpx.Response:
    if request.url.path == "/api/v1/auth/login":
        return login_ok()
    assert request.method == "DELETE"
    return httpx.Response(204)


def test_unwrap_of_a_delete_is_no_content() -> None:
    """mypy --strict sees `NoContent` where the call returns `NO_CONTENT` (it saw `Any`)."""
    transport = httpx.MockTransport(_platform)
    with qolo.Client(base_url="http://x", loginid="l", apikey="k", transport=transport) as client:
        deleted = assert_type(
            qolo.unwrap(delete_notification_by_id.sync(GUID, client=client)), NoContent
        )
        detailed = assert_type(
            delete_notification_by_id.sync_detailed(GUID, client=client),
            Response[NoContent | Problem],
        )
    assert deleted is NO_CONTENT
    assert detailed.parsed is NO_CONTENT


def test_unwrap_of_an_async_delete_is_no_content() -> None:
    """The same for the asyncio variants."""

    async def run() -> tuple[NoContent, Response[NoContent | Problem]]:
        transport = httpx.MockTransport(_platform)
        async with qolo.AsyncClient(
            base_url="http://x", loginid="l", apikey="k", transport=transport
        ) as client:
            deleted = assert_type(
                qolo.unwrap(await delete_notification_by_id.asyncio(GUID, client=client)),
                NoContent,
            )
            detailed = assert_type(
                await delete_notification_by_id.asyncio_detailed(GUID, client=client),
                Response[NoContent | Problem],
            )
        return deleted, detailed

    deleted, detailed = asyncio.run(run())
    assert deleted is NO_CONTENT
    assert detailed.parsed is NO_CONTENT
