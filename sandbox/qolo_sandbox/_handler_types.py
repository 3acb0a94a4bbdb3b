"""What a handler receives and returns; kept apart so handler modules do not import the app."""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import orjson

from ._auth import Authenticator, Principal
from ._clock import Clock
from ._config import Config
from ._idempotency import Claim, Idempotency
from ._receivers import Policy
from ._store import Store

__all__ = ["Handler", "Request", "Response", "Services", "page"]


@dataclass(slots=True)
class Response:
    """A JSON response (or an empty one for 204)."""

    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    media_type: str = "application/json"


@dataclass(slots=True)
class Services:
    """Shared state of one running sandbox."""

    config: Config
    store: Store
    clock: Clock
    auth: Authenticator
    idempotency: Idempotency
    wake_worker: Callable[[], None] = lambda: None
    # Where webhooks may go (`_receivers`): never the sandbox itself, `--webhook-allow`.
    receivers: Policy = field(default_factory=Policy)
    # Proxies a card cannot have: the literal paths beside `{card_proxy}` (`validate`, ...).
    shadowed_proxies: frozenset[str] = frozenset()


@dataclass(slots=True)
class Request:
    """A request that passed routing, authentication and validation."""

    services: Services
    request_id: str
    method: str
    path: str
    params: dict[str, Any]
    body: Any
    principal: Principal | None
    claim: Claim | None = None

    @property
    def program_guid(self) -> str:
        assert self.principal is not None
        return self.principal.program_guid

    def respond(self, conn: sqlite3.Connection | None, status: int, payload: Any) -> Response:
        """Serialize `payload`; under an idempotency claim, store it in the caller's transaction.

        Passing the open transaction's connection is what makes "created" and "remembered"
        commit together.
        """
        body = orjson.dumps(payload)
        if self.claim is not None and conn is not None:
            self.services.idempotency.complete(conn, self.claim, status, {}, body)
        return Response(status, body)


def page(count: int, start: int, data: list[dict[str, Any]]) -> dict[str, Any]:
    """The platform's offset-paging envelope; `end_index` is the next page's `start_index`."""
    end = start + len(data)
    return {
        "count": count,
        "start_index": start,
        "end_index": end,
        "has_more": end < count,
        "data": data,
    }


Handler = Callable[[Request], Awaitable[Response]]
