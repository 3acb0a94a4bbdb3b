"""The public face: exact names, typing marker, construction from arguments or environment."""

from __future__ import annotations

import asyncio
import importlib
import ssl
import warnings
from collections.abc import Callable
from importlib.metadata import version as _installed
from pathlib import Path
from typing import Any

import certifi
import httpx
import pytest

import qolo
import qolo_api
from qolo_api import AuthenticatedClient
from qolo_api.api.cards import list_cards
from qolo_api.client import AsyncOperationClient, SyncOperationClient
from qolo_sandbox.testing import Sandbox

from ._support import serve_loopback

PUBLIC = [
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "NEVER",
    "NO_CONTENT",
    "APIConnectionError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncClient",
    "AuthenticationError",
    "BadRequestError",
    "Client",
    "IdempotencyConflictError",
    "MethodNotAllowedError",
    "NotFoundError",
    "Page",
    "QoloError",
    "RateLimitError",
    "ServerError",
    "UnsupportedMediaTypeError",
    "WebhookVerificationError",
    "apaginate",
    "paginate",
    "unwrap",
    "webhooks",
]
PRIVATE_MODULES = [
    "_auth",
    "_client",
    "_config",
    "_edge",
    "_exceptions",
    "_headers",
    "_logging",
    "_login",
    "_options",
    "_outcomes",
    "_pagination",
    "_policy",
    "_redaction",
    "_retry",
    "_translate",
]


def test_all_is_exactly_the_public_names() -> None:
    """`qolo.__all__` lists every public name, and only those."""
    assert qolo.__all__ == PUBLIC
    assert {name for name in vars(qolo) if not name.startswith("_")} == set(PUBLIC)


@pytest.mark.parametrize("name", [*PRIVATE_MODULES, "webhooks"])
def test_every_module_declares_all(name: str) -> None:
    """Each module says what it exports, and exports exist."""
    module = importlib.import_module(f"qolo.{name}")
    assert all(hasattr(module, export) for export in module.__all__)


def test_py_typed_is_shipped() -> None:
    """The package is marked as typed."""
    assert (Path(qolo.__file__).parent / "py.typed").is_file()


def test_clients_are_plain_operation_clients_with_safe_reprs() -> None:
    """Both clients are what generated operations take, and never show the key."""
    sync = qolo.Client(base_url="http://qolo.test/", loginid="partner", apikey="sk_live_secret")
    asyn = qolo.AsyncClient(base_url="http://qolo.test", loginid="partner", apikey="sk_live_secret")
    as_sync: SyncOperationClient = sync  # mypy --strict checks that both fit the protocols
    as_async: AsyncOperationClient = asyn
    assert as_sync.get_httpx_client() is sync.get_httpx_client()
    assert isinstance(as_async.get_async_httpx_client(), httpx.AsyncClient)
    assert repr(sync) == "Client(base_url='http://qolo.test', loginid='partner')"
    assert repr(asyn) == "AsyncClient(base_url='http://qolo.test', loginid='partner')"
    assert sync.max_retries == 2
    assert sync.get_httpx_client().timeout == qolo.DEFAULT_TIMEOUT
    sync.close()


def test_clients_are_identities_without_the_generated_clients_extras() -> None:
    """A client hashes and compares by identity, and has none of what would bypass its layers."""
    client = qolo.Client(base_url="http://qolo.test", loginid="l", apikey="k")
    copy = client.with_headers({"X-A": "1"})
    assert len({client, copy, client}) == 2
    assert client == client
    assert client != copy
    assert not isinstance(client, AuthenticatedClient)
    removed = ["set_httpx_client", "with_cookies", "token", "prefix", "get_async_httpx_client"]
    for name in removed:
        assert not hasattr(client, name), name
    assert not hasattr(qolo.AsyncClient, "get_httpx_client")


def test_settings_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without arguments the client reads QOLO_BASE_URL, QOLO_LOGINID and QOLO_APIKEY."""
    monkeypatch.setenv("QOLO_BASE_URL", "http://env.test")
    monkeypatch.setenv("QOLO_LOGINID", "env-partner")
    monkeypatch.setenv("QOLO_APIKEY", "sk_env")
    with qolo.Client() as client:
        assert client.base_url == "http://env.test"
        assert client.loginid == "env-partner"
    monkeypatch.delenv("QOLO_APIKEY")
    with pytest.raises(ValueError, match="QOLO_APIKEY"):
        qolo.Client()


def test_negative_max_retries_is_refused() -> None:
    """`max_retries` must be >= 0."""
    with pytest.raises(ValueError, match="max_retries"):
        qolo.Client(base_url="http://x", loginid="l", apikey="k", max_retries=-1)


def test_a_client_closed_before_any_call_stays_closed() -> None:
    """close() before the first call: a call raises, as after use, instead of opening a pool
    nobody will close."""
    transport = httpx.MockTransport(lambda request: httpx.Response(500))
    client = qolo.Client(base_url="http://x", loginid="l", apikey="k", transport=transport)
    client.close()
    with pytest.raises(RuntimeError, match="has been closed"):
        list_cards.sync(client=client)
    aclient = qolo.AsyncClient(base_url="http://x", loginid="l", apikey="k")
    asyncio.run(aclient.aclose())
    with pytest.raises(RuntimeError, match="has been closed"):
        asyncio.run(list_cards.asyncio(client=aclient))


@pytest.mark.parametrize(
    ("setting", "error", "says"),
    [
        ({"max_retries": "2"}, TypeError, "max_retries must be an int"),
        ({"max_retries": True}, TypeError, "max_retries must be an int"),
        ({"timeout": "5"}, ValueError, "timeout must be seconds"),
        ({"timeout": -1}, ValueError, "timeout must be seconds"),
        ({"timeout": float("nan")}, ValueError, "timeout must be seconds"),
        ({"timeout": httpx.Timeout(5, read=-1)}, ValueError, "timeout must be seconds"),
        ({"headers": {"X-Partner": "h\u00e9llo"}}, ValueError, "header X-Partner: its value"),
        ({"headers": {"X Partner": "v"}}, ValueError, "is not an HTTP token"),
        ({"headers": {"X-Key": "secret\nInjected: 1"}}, ValueError, "header X-Key"),
        ({"headers": {"X-Key": "secret_key "}}, ValueError, "header X-Key"),
        ({"headers": {"X-Key": "\tsecret"}}, ValueError, "header X-Key"),
        ({"timeout": float("inf")}, ValueError, "timeout must be seconds"),
        ({"timeout": 1e300}, ValueError, "timeout must be seconds"),
        ({"timeout": httpx.Timeout(5, read=float("inf"))}, ValueError, "timeout must be seconds"),
    ],
)
def test_a_setting_http_cannot_use_is_refused_at_once(
    setting: dict[str, Any], error: type[Exception], says: str
) -> None:
    """Not at the first call's socket or encoder, and never quoting a header's value."""
    with pytest.raises(error, match=says) as excinfo:
        qolo.Client(base_url="http://x", loginid="l", apikey="k", **setting)
    assert "secret" not in str(excinfo.value)
    client = qolo.Client(base_url="http://x", loginid="l", apikey="k")
    if "timeout" in setting:
        with pytest.raises(error, match=says):
            client.with_timeout(setting["timeout"])
    if "headers" in setting:
        with pytest.raises(error, match=says):
            client.with_headers(setting["headers"])


def test_sync_and_async_are_not_mixed() -> None:
    """A sync client is no client of generated asyncio functions (and vice versa).

    mypy refuses both calls (the ignores below would be unused otherwise, an error with
    --strict); at run time they fail on the missing method.
    """
    client = qolo.Client(base_url="http://x", loginid="l", apikey="k")
    with pytest.raises(AttributeError, match="get_async_httpx_client"):
        asyncio.run(list_cards.asyncio(client=client))  # type: ignore[arg-type]
    aclient = qolo.AsyncClient(base_url="http://x", loginid="l", apikey="k")
    with pytest.raises(AttributeError, match="get_httpx_client"):
        list_cards.sync(client=aclient)  # type: ignore[arg-type]
    with pytest.raises(TypeError), aclient:  # type: ignore[attr-defined]
        pass


def _recording_transport(seen: list[httpx.Request]) -> httpx.MockTransport:
    """A platform that logs anyone in and lists no cards; every request lands in `seen`."""

    def route(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == "/api/v1/auth/login":
            return httpx.Response(
                200, json={"access_token": "t", "token_type": "Bearer", "expires_in": 60}
            )
        return httpx.Response(
            200, json={"count": 0, "start_index": 0, "end_index": 0, "has_more": False, "data": []}
        )

    return httpx.MockTransport(route)


def test_with_headers_shares_the_token() -> None:
    """A copy with extra headers sends them and reuses the original's token."""
    seen: list[httpx.Request] = []

    transport = _recording_transport(seen)
    with qolo.Client(base_url="http://x", loginid="l", apikey="k", transport=transport) as client:
        list_cards.sync(client=client)
        with client.with_headers({"X-Partner-Trace": "abc"}) as traced:
            list_cards.sync(client=traced)
    assert [r.url.path for r in seen].count("/api/v1/auth/login") == 1
    assert seen[-1].headers["X-Partner-Trace"] == "abc"


def test_user_agent_names_the_client_and_its_contract() -> None:
    """Every request, the login included, says which client and contract call; a caller's wins."""
    seen: list[httpx.Request] = []

    transport = _recording_transport(seen)
    with qolo.Client(base_url="http://x", loginid="l", apikey="k", transport=transport) as client:
        list_cards.sync(client=client)
        with client.with_headers({"User-Agent": "partner-app/1.0"}) as own:
            list_cards.sync(client=own)
    contract = qolo_api.__contract_version__
    assert [r.headers["User-Agent"].split(" python-httpx/")[0] for r in seen[:2]] == [
        f"qolo-client/{_installed('qolo-client')} (contract {contract})"
    ] * 2
    assert seen[-1].headers["User-Agent"] == "partner-app/1.0"


def test_a_user_agent_given_in_any_case_replaces_ours_on_the_wire() -> None:
    """`headers={"user-agent": ...}` is the one User-Agent the server gets, on the login too:
    header names are case-insensitive, and ours must not go out beside it."""
    with serve_loopback() as platform:
        given = {"user-agent": "partner-app/1.0"}
        client = qolo.Client(base_url=platform.base_url, loginid="l", apikey="k", headers=given)
        with client:
            list_cards.sync(client=client)
        plain = qolo.Client(base_url=platform.base_url, loginid="l", apikey="k")
        with plain, plain.with_headers({"USER-AGENT": "partner-app/2.0"}) as own:
            list_cards.sync(client=own)
    assert [request.values("User-Agent") for request in platform.received] == [
        ["partner-app/1.0"],
        ["partner-app/1.0"],
        ["partner-app/2.0"],
        ["partner-app/2.0"],
    ]


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_cookies_a_response_sets_are_not_kept(mode: str) -> None:
    """A `Set-Cookie` (from a proxy, say) is never sent back: the API uses bearer tokens only."""
    seen: list[httpx.Request] = []

    def route(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == "/api/v1/auth/login":
            return httpx.Response(
                200,
                json={"access_token": "t", "token_type": "Bearer", "expires_in": 60},
                headers={"Set-Cookie": "lb=node-1; Path=/"},
            )
        page = {"count": 0, "start_index": 0, "end_index": 0, "has_more": False, "data": []}
        return httpx.Response(200, json=page, headers={"Set-Cookie": "session=abc; Path=/"})

    options: dict[str, Any] = {"base_url": "http://qolo.test", "loginid": "l", "apikey": "k"}
    if mode == "sync":
        with qolo.Client(**options, transport=httpx.MockTransport(route)) as client:
            list_cards.sync(client=client)
            list_cards.sync(client=client)
            assert len(client.get_httpx_client().cookies) == 0
    else:

        async def main() -> None:
            transport = httpx.MockTransport(route)
            async with qolo.AsyncClient(**options, transport=transport) as client:
                await list_cards.asyncio(client=client)
                await list_cards.asyncio(client=client)

        asyncio.run(main())
    assert [r.url.path for r in seen].count("/api/v1/cards") == 2
    assert all("cookie" not in request.headers for request in seen)


def test_verify_takes_a_context_or_a_bundle_path_checked_at_once(
    sbx: Sandbox, make_client: Callable[..., qolo.Client]
) -> None:
    """A CA bundle path becomes a TLS context when the client is built (httpx deprecates
    paths, and a missing one used to surface at the first call as a bare FileNotFoundError)."""
    with pytest.raises(ValueError, match=r"verify: cannot load a CA bundle from '/nowhere/ca.pem'"):
        qolo.Client(base_url="https://qolo.test", loginid="l", apikey="k", verify="/nowhere/ca.pem")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # httpx's DeprecationWarning for a path would fail this
        for verify in (certifi.where(), ssl.create_default_context()):
            with make_client(verify=verify) as client:
                assert list_cards.sync(client=client) is not None
