"""Fixtures of the client tests: a real sandbox on loopback and clients wired to it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

import qolo
from qolo_sandbox.testing import Sandbox, start_sandbox

from ._support import AsyncClientFactory, ClientFactory, no_async_sleep, no_sleep


@pytest.fixture(scope="session")
def sandbox() -> Iterator[Sandbox]:
    """One sandbox for the client tests (reset before every test that uses it)."""
    with start_sandbox(controls=True) as sbx:
        yield sbx


@pytest.fixture
def sbx(sandbox: Sandbox) -> Sandbox:
    """The session sandbox with no data, faults, clock offset or counters."""
    sandbox.controls.reset()
    return sandbox


@pytest.fixture
def make_client(sbx: Sandbox) -> Iterator[ClientFactory]:
    """Build `qolo.Client`s for the sandbox (closed after the test); retries do not sleep."""
    clients: list[qolo.Client] = []

    def make(**kwargs: Any) -> qolo.Client:
        options: dict[str, Any] = {
            "base_url": sbx.base_url,
            "loginid": sbx.credential.loginid,
            "apikey": sbx.credential.apikey,
            "sleep": no_sleep,
            "timeout": 10.0,
        }
        options.update(kwargs)
        client = qolo.Client(**options)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def make_async_client(sbx: Sandbox) -> AsyncClientFactory:
    """Build `qolo.AsyncClient`s for the sandbox; retries do not sleep (close them yourself)."""

    def make(**kwargs: Any) -> qolo.AsyncClient:
        options: dict[str, Any] = {
            "base_url": sbx.base_url,
            "loginid": sbx.credential.loginid,
            "apikey": sbx.credential.apikey,
            "sleep": no_async_sleep,
            "timeout": 10.0,
        }
        options.update(kwargs)
        return qolo.AsyncClient(**options)

    return make
