"""The clients measurement 1 times without a network, each paired with raw httpx.

Every pair has its own `httpx.MockTransport` answering one realistic body; both sides of a pair
go through that transport, so they differ only in what the client does around httpx. The raw
side is a keep-alive `httpx.Client` with a preset credential header that calls `.json()`:

- `qolo.Client` and openapi-python-client's `AuthenticatedClient`, both `get_card.sync` on the
  sandbox's own GetCard body;
- two Stainless-generated SDKs: `lithic` (`cards.retrieve`, a Lithic Card) and `openai`
  (`models.retrieve`, a Model), each with `max_retries=0` and an `http_client` over the mock.

Every base URL is a `.invalid` host and every transport refuses any other host, so nothing
here can reach a network. The transports count the calls they answer, so a side that skipped
its request (a cache) or sent two (a retry) is caught before its figures are used.
"""

from __future__ import annotations

import contextlib
import importlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

import httpx

import qolo
from qolo_api.api.cards import get_card
from qolo_api.client import AuthenticatedClient

__all__ = ["Pair", "open_pairs"]

# A Lithic Card as its API documents one (a virtual card with a funding account): hand-written
# for this benchmark, with no PAN or CVV, as `cards.retrieve` returns it by default.
LITHIC_CARD: dict[str, Any] = {
    "token": "7ef7d65c-9023-4da3-b113-3b8583fd7951",
    "account_token": "f3f4918c-dc7e-4b8e-a2cb-5b2a1e3a8d5e",
    "card_program_token": "5e9483eb-8103-4e16-9794-2106111b2eca",
    "created": "2026-11-30T21:14:05Z",
    "funding": {
        "token": "b0f0d91a-3697-46d8-85f3-20f0a585cbea",
        "created": "2026-11-02T10:00:00Z",
        "last_four": "6789",
        "state": "ENABLED",
        "type": "DEPOSITORY_CHECKING",
        "account_name": "Operating",
        "nickname": None,
    },
    "last_four": "4242",
    "pin_status": "OK",
    "spend_limit": 100000,
    "spend_limit_duration": "MONTHLY",
    "state": "OPEN",
    "tags": {},
    "type": "VIRTUAL",
    "auth_rule_tokens": [],
    "cardholder_currency": "USD",
    "exp_month": "11",
    "exp_year": "2029",
    "hostname": "",
    "memo": "travel",
    "pending_commands": [],
    "product_id": None,
    "substatus": None,
}
OPENAI_MODEL: dict[str, Any] = {
    "id": "gpt-4o-mini",
    "object": "model",
    "created": 1721172741,
    "owned_by": "system",
}
TOKEN = "bench-token"


@dataclass(slots=True)
class _Mock:
    """A transport that answers `body` on `path` for `host` only, and counts those answers."""

    host: str
    path: str
    body: bytes
    answered: int = 0
    transport: httpx.MockTransport = field(init=False)

    def __post_init__(self) -> None:
        self.transport = httpx.MockTransport(self._answer)

    def _answer(self, request: httpx.Request) -> httpx.Response:
        if request.url.host != self.host:
            raise RuntimeError(f"benchmark request left its mock host: {request.url.host}")
        if request.url.path.endswith("/auth/login"):  # qolo.Client's first call
            token = {"access_token": TOKEN, "token_type": "Bearer", "expires_in": 43200}
            return httpx.Response(200, json=token)
        if request.url.path != self.path:
            return httpx.Response(404, json={"message": "not the benchmark's path"})
        self.answered += 1
        return httpx.Response(200, content=self.body, headers={"content-type": "application/json"})

    def raw_client(self, authorization: str) -> httpx.Client:
        return httpx.Client(
            base_url=f"http://{self.host}",
            headers={"Authorization": authorization},
            transport=self.transport,
        )


@dataclass(slots=True)
class Pair:
    """A client's call and raw httpx's call for the same body over the same transport."""

    label: str  # for the results table: what is called, through what
    kind: Literal["qolo", "generated", "stainless"]
    through_client: Callable[[], object]
    through_httpx: Callable[[], object]
    mock: _Mock
    is_expected: Callable[[object], bool]  # does the client's answer hold the benchmark's body?

    def answered(self) -> int:
        """Calls the transport answered so far, both sides together."""
        return self.mock.answered


def _raw_json(client: httpx.Client, path: str) -> Callable[[], object]:
    def call() -> object:
        response = client.get(path)
        response.raise_for_status()
        return response.json()

    return call


def _qolo(stack: contextlib.ExitStack, body: bytes, proxy: str) -> Pair:
    mock = _Mock("qolo.bench.invalid", f"/api/v1/cards/{proxy}", body)
    client = stack.enter_context(
        qolo.Client(
            base_url=f"http://{mock.host}", loginid="l", apikey="k", transport=mock.transport
        )
    )
    raw = stack.enter_context(mock.raw_client(f"Bearer {TOKEN}"))
    return Pair(
        "qolo.Client get_card.sync",
        "qolo",
        lambda: get_card.sync(proxy, client=client),
        _raw_json(raw, mock.path),
        mock,
        lambda card: getattr(card, "card_proxy", None) == proxy,
    )


def _generated(stack: contextlib.ExitStack, body: bytes, proxy: str) -> Pair:
    mock = _Mock("generated.bench.invalid", f"/api/v1/cards/{proxy}", body)
    client = stack.enter_context(
        AuthenticatedClient(
            base_url=f"http://{mock.host}", token=TOKEN, httpx_args={"transport": mock.transport}
        )
    )
    raw = stack.enter_context(mock.raw_client(f"Bearer {TOKEN}"))
    return Pair(
        "generated AuthenticatedClient get_card.sync",
        "generated",
        lambda: get_card.sync(proxy, client=client),
        _raw_json(raw, mock.path),
        mock,
        lambda card: getattr(card, "card_proxy", None) == proxy,
    )


def _lithic(stack: contextlib.ExitStack) -> Pair:
    # Imported here: only the bench environment installs the peers (typed as Any for mypy).
    lithic: Any = importlib.import_module("lithic")
    card = LITHIC_CARD["token"]
    mock = _Mock("lithic.bench.invalid", f"/v1/cards/{card}", json.dumps(LITHIC_CARD).encode())
    http_client = httpx.Client(transport=mock.transport)
    client = lithic.Lithic(
        api_key=TOKEN, base_url=f"http://{mock.host}", http_client=http_client, max_retries=0
    )
    stack.callback(client.close)
    raw = stack.enter_context(mock.raw_client(TOKEN))  # Lithic sends the bare API key
    return Pair(
        "lithic (Stainless) cards.retrieve",
        "stainless",
        lambda: client.cards.retrieve(card),
        _raw_json(raw, mock.path),
        mock,
        lambda answer: getattr(answer, "token", None) == card,
    )


def _openai(stack: contextlib.ExitStack) -> Pair:
    openai: Any = importlib.import_module("openai")
    model = OPENAI_MODEL["id"]
    mock = _Mock("openai.bench.invalid", f"/v1/models/{model}", json.dumps(OPENAI_MODEL).encode())
    http_client = httpx.Client(transport=mock.transport)
    client = openai.OpenAI(
        api_key=TOKEN,
        base_url=f"http://{mock.host}/v1",
        http_client=http_client,
        max_retries=0,
        organization=None,
        project=None,
    )
    stack.callback(client.close)
    raw = stack.enter_context(mock.raw_client(f"Bearer {TOKEN}"))
    return Pair(
        "openai (Stainless) models.retrieve",
        "stainless",
        lambda: client.models.retrieve(model),
        _raw_json(raw, mock.path),
        mock,
        lambda answer: getattr(answer, "id", None) == model,
    )


def _check(pair: Pair) -> None:
    """One call on each side must answer the benchmark's body, once each."""
    before = pair.answered()
    if not pair.is_expected(pair.through_client()):
        raise RuntimeError(f"{pair.label}: unexpected answer")
    if not isinstance(pair.through_httpx(), dict):
        raise RuntimeError(f"{pair.label}: raw httpx did not parse a JSON object")
    if pair.answered() - before != 2:
        raise RuntimeError(f"{pair.label}: {pair.answered() - before} requests for 2 calls")


@contextlib.contextmanager
def open_pairs(qolo_body: bytes, proxy: str) -> Iterator[list[Pair]]:
    """The four pairs, each checked once, all closed on exit."""
    with contextlib.ExitStack() as stack:
        pairs = [
            _qolo(stack, qolo_body, proxy),
            _generated(stack, qolo_body, proxy),
            _lithic(stack),
            _openai(stack),
        ]
        for pair in pairs:
            _check(pair)
        yield pairs
