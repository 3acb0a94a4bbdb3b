"""Helpers shared by the client tests."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from typing import Any
from uuid import UUID

import httpx

import qolo
import qolo_api.api
from qolo_api.models import CreateCardRequest, Person

__all__ = [
    "CARD",
    "CREATED",
    "GENERATED_FUNCTIONS",
    "AsyncClientFactory",
    "ClientFactory",
    "card_request",
    "generated_operations",
    "login_ok",
    "mock_client",
    "no_async_sleep",
    "no_sleep",
]

ClientFactory = Callable[..., qolo.Client]
AsyncClientFactory = Callable[..., qolo.AsyncClient]

#: The four functions every generated operation module offers.
GENERATED_FUNCTIONS = ("sync", "sync_detailed", "asyncio", "asyncio_detailed")


def generated_operations() -> dict[str, Callable[..., Any]]:
    """Every generated operation function, by `module.function` (`create_card.sync`)."""
    found: dict[str, Callable[..., Any]] = {}
    for info in pkgutil.walk_packages(qolo_api.api.__path__, "qolo_api.api."):
        module = importlib.import_module(info.name)
        for name in GENERATED_FUNCTIONS:
            function = getattr(module, name, None)
            if function is not None:
                found[f"{info.name.rsplit('.', 1)[-1]}.{name}"] = function
    return found


def no_sleep(seconds: float) -> None:
    """Retries in tests do not wait."""


async def no_async_sleep(seconds: float) -> None:
    """Async retries in tests do not wait."""


def card_request(program_guid: str, n: int = 0) -> CreateCardRequest:
    """A valid create-card body for a new person."""
    return CreateCardRequest(
        program_guid=UUID(program_guid),
        person=Person(first_name="Ada", last_name=f"Lovelace{n}"),
    )


def login_ok() -> httpx.Response:
    """A mock login answer."""
    return httpx.Response(
        200, json={"access_token": "tok_mock", "token_type": "Bearer", "expires_in": 3600}
    )


CARD = {
    "card_proxy": "cproxy0000000000001",
    "mask_card_pan": "534092XXXXXX0007",
    "card_status": "PENDING",
    "expiration_date": "2911",
    "person_guid": "0b6f3c55-6a43-4c1e-9d43-6c0f2f1f9a10",
    "wallet_guid": "9d2e4f61-7a8b-4c3d-9e0f-1a2b3c4d5e6f",
    "program_guid": "6f1c2a9e-3b7d-4e5f-8a9b-0c1d2e3f4a5b",
    "sys_utcinserted": "2026-11-23T10:15:30Z",
    "sys_utcupdated": "2026-11-23T10:15:30Z",
}
CREATED = {
    "person": {"person_guid": "0b6f3c55-6a43-4c1e-9d43-6c0f2f1f9a10", "first_name": "Ada",
               "last_name": "Lovelace"},
    "program_guid": "6f1c2a9e-3b7d-4e5f-8a9b-0c1d2e3f4a5b",
    "card": CARD,
}  # fmt: skip


def mock_client(route: Callable[[httpx.Request], httpx.Response]) -> qolo.Client:
    """A client whose every request, the login included, `route` answers; no retries."""
    return qolo.Client(
        base_url="http://qolo.test",
        loginid="partner",
        apikey="sk_test_key",
        transport=httpx.MockTransport(route),
        max_retries=0,
    )
