"""`qolo.Client` and `qolo.AsyncClient`: plain classes composed of generic layers.

A generated operation takes any object with what it uses (`qolo_api.client.SyncOperationClient`
and `AsyncOperationClient`: the httpx client to send with, and two hooks for answers that do
not become a model). The httpx client a `qolo` client hands out is assembled from generic
layers, outermost first:

1. `EdgeClient.send` (`_edge.py`, the one edge): idempotency keys, and every failure of a call
   as a typed `QoloError` saying `outcome_unknown` and `idempotency_key`;
2. `TokenAuth` (`_auth.py`): lazy, single-flight login; the bearer header; 401 → refresh once
   and replay;
3. `RetryTransport` (`_retry.py`): backoff, `Retry-After`, per-attempt DEBUG logging, marking
   attempts whose outcome is unknown, and a DELETE's 404 after such an attempt counted as done;
4. the real transport (`httpx.HTTPTransport`; for `AsyncClient` one `httpx.AsyncHTTPTransport`
   per event loop, `_per_loop.py`), or the one passed in, e.g. `httpx.MockTransport`.

The login goes through a second httpx client over the same real transport, without auth and
with every attempt retryable but a throttled one (`_login.py`). A copy (`with_headers`,
`with_timeout`) builds both httpx clients of its own, from its own options, and shares only the
token state with the client it copies (`TokenAuth.with_login`). Nothing here knows any
endpoint: the generated request extensions say which header carries the idempotency key.

The hooks: a 2xx body that breaks the contract, and a 2xx status the contract does not
document for the operation, raise the typed `APIResponseValidationError` (every non-2xx status
already raised its typed error at the edge). So an operation returns its success model, or
`NO_CONTENT` for a documented success without a body, and `unwrap` only narrows the type.
"""

from __future__ import annotations

import abc
import asyncio
import dataclasses
import ssl
import threading
import time
from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import Any, Generic, Self, TypeVar

import httpx

from qolo_api.models import Problem

from ._auth import TokenAuth
from ._config import DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT, EXT_GIVEN_HEADERS
from ._edge import AsyncEdgeClient, EdgeClient
from ._exceptions import QoloError
from ._headers import idempotency_key
from ._login import AsyncLogin, SyncLogin
from ._options import ClientOptions, checked_headers, checked_timeout
from ._per_loop import PerLoopTransport
from ._policy import RetryPolicy
from ._redaction import drop_frames
from ._retry import AsyncRetryTransport, RetryTransport
from ._translate import response_validation_error, undocumented_status_error

__all__ = ["AsyncClient", "Client", "unwrap"]

T = TypeVar("T")
_Transport = TypeVar("_Transport", bound=httpx.BaseTransport | httpx.AsyncBaseTransport)
_Sleep = TypeVar("_Sleep", bound=Callable[[float], object])
_Http = TypeVar("_Http", bound=httpx.Client | httpx.AsyncClient)


class _BaseClient(abc.ABC, Generic[_Transport, _Sleep, _Http]):
    """What `Client` and `AsyncClient` share: the constructor, options, token, hooks, copies."""

    def __init__(
        self,
        *,
        base_url: str | None = None,
        loginid: str | None = None,
        apikey: str | None = None,
        timeout: float | httpx.Timeout | None = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        headers: dict[str, str] | None = None,
        verify: bool | str | ssl.SSLContext = True,
        proxy: str | None = None,
        transport: _Transport | None = None,
        sleep: _Sleep | None = None,
    ) -> None:
        options = ClientOptions.resolve(
            base_url=base_url,
            loginid=loginid,
            apikey=apikey,
            timeout=timeout,
            max_retries=max_retries,
            headers=headers,
            verify=verify,
            proxy=proxy,
        )
        self._setup(options, transport, sleep, original=None)

    def _setup(
        self,
        options: ClientOptions,
        transport: _Transport | None,
        sleep: _Sleep | None,
        *,
        original: TokenAuth | None,
    ) -> None:
        self._options = options
        self._transport = transport
        self._sleep = sleep
        self._lock = threading.Lock()
        self._https: tuple[_Http, _Http] | None = None  # the calls' and the login's, once built
        self._closed = False
        self._auth = self._token_auth(original)

    def __repr__(self) -> str:
        options = self._options
        return f"{type(self).__name__}(base_url={options.base_url!r}, loginid={options.loginid!r})"

    @property
    def base_url(self) -> str:
        return self._options.base_url

    @property
    def loginid(self) -> str:
        return self._options.loginid

    @property
    def max_retries(self) -> int:
        return self._options.retry.max_retries

    def invalidate_token(self) -> None:
        """Forget the current token, and a refused login: the next call logs in again."""
        self._auth.invalidate()

    def with_headers(self, headers: dict[str, str]) -> Self:
        """A client like this one that also sends `headers` (its login too); it shares this
        client's token. A header named as one of this client's, in any case, replaces it.

        As with `headers=`, their values are masked in reprs and in the request copies that
        errors keep. The copy has connections of its own: make it once, not per call, and close
        it (or use it in a `with` block) like any client; closing this one leaves it open.
        """
        options = self._options
        sent = options.headers.with_given(checked_headers(headers))
        return self._copy(dataclasses.replace(options, headers=sent))

    def with_timeout(self, timeout: float | httpx.Timeout | None) -> Self:
        """A client like this one with another timeout (its login's too); it shares this
        client's token.

        Like `with_headers`, the copy has connections of its own, to make once and close.
        """
        return self._copy(dataclasses.replace(self._options, timeout=checked_timeout(timeout)))

    def _copy(self, options: ClientOptions) -> Self:
        copy = object.__new__(type(self))
        copy._setup(options, self._transport, self._sleep, original=self._auth)
        return copy

    # -- what a generated operation asks of its client (see qolo_api.client.ResponseHooks) --

    def _response_body_error(self, response: httpx.Response, cause: Exception) -> Exception:
        """What a generated operation raises for a 2xx body that breaks the contract.

        The failed parse's frames are dropped, and those of every error chained to it (a value
        the model refuses `from None` keeps the parser's error as its context): their locals
        hold the body, with the card number and CVV the platform's cards carry, and error
        reporters capture locals.
        """
        drop_frames(cause)
        key = idempotency_key(response.request)
        return response_validation_error(response, cause, idempotency_key=key)

    def _unexpected_status_error(self, response: httpx.Response) -> Exception:
        """An undocumented 2xx (other statuses raised before): the contract is broken, and
        the operation may have taken effect. Raised at the call, with the status named."""
        return undocumented_status_error(
            response, idempotency_key=idempotency_key(response.request)
        )

    # -- the httpx clients, built on first use around one real transport --

    def _built(self) -> tuple[_Http, _Http]:
        with self._lock:
            if self._https is None:
                if self._closed:  # as httpx says it of a client closed after use
                    raise RuntimeError("Cannot send a request, as the client has been closed.")
                options = self._options
                inner = self._transport or self._real_transport(options)
                login_policy = dataclasses.replace(options.retry, retry_throttled=False)
                self._https = (
                    self._http(inner, auth=self._auth, policy=options.retry, login=False),
                    # a login creates nothing, so it is always safe to repeat; but not when
                    # throttled (see RetryPolicy)
                    self._http(inner, auth=None, policy=login_policy, login=True),
                )
            return self._https

    def _login_http(self) -> _Http:
        return (self._https or self._built())[1]

    def _http_args(self, auth: TokenAuth | None) -> dict[str, Any]:
        options = self._options
        return {
            "base_url": options.base_url,
            "headers": options.headers,
            "timeout": options.timeout,
            "auth": auth,
            "follow_redirects": False,
        }

    def _given_headers(self) -> frozenset[str]:
        """The names of the headers the caller gave, which every request names to
        `detach_request` (in its `EXT_GIVEN_HEADERS` extension) so that errors mask them."""
        return self._options.headers.supplied

    @abc.abstractmethod
    def _token_auth(self, original: TokenAuth | None) -> TokenAuth:
        """This client's auth, logging in through its own `_login_http()` (its headers, its
        timeout, its connections), with the token state of `original` (the auth of the client
        this one copies, which may be closed by now), or a new one."""

    @abc.abstractmethod
    def _real_transport(self, options: ClientOptions) -> _Transport:
        """The transport to the network when none was passed in."""

    @abc.abstractmethod
    def _http(
        self, inner: _Transport, *, auth: TokenAuth | None, policy: RetryPolicy, login: bool
    ) -> _Http:
        """An edge httpx client over a retry layer over `inner`; `login`: the login's (every
        attempt safe to repeat; `inner` is the calls' too, and closed with them)."""


class Client(_BaseClient[httpx.BaseTransport, Callable[[float], None], EdgeClient]):
    """The synchronous Qolo client; pass it as `client=` to any generated `sync` function.

    ```python
    import qolo
    from qolo_api.api.cards import get_card

    with qolo.Client(base_url="https://...", loginid="...", apikey="...") as client:
        card = get_card.sync(client=client, card_proxy="cproxy0000000000001")
    ```

    Args:
        base_url, loginid, apikey: where and who; each defaults to its environment variable
            (`QOLO_BASE_URL`, `QOLO_LOGINID`, `QOLO_APIKEY`). `base_url` must start with
            `http://` or `https://` and carry no `user:password@` (ValueError otherwise).
        timeout: seconds (or an `httpx.Timeout`) per attempt; 30 s (connect 10 s) by default.
        max_retries: retries after the first attempt (default 2; 0 disables).
        headers: extra headers for every request; one named as ours (`User-Agent`), in any
            case, replaces it. Their values are masked in reprs and in the request copies that
            errors keep (one may be a gateway's key).
        verify: TLS verification: True (the system's CAs via certifi, as httpx), False, an
            `ssl.SSLContext`, or the path of a CA bundle (checked when the client is built).
        proxy: an HTTP(S) proxy URL (environment proxies are not used).
        transport: the transport under the retry layer (e.g. `httpx.MockTransport` in tests).
        sleep: how to wait between retries (`time.sleep`); inject a no-op in tests.

    Non-2xx responses raise `qolo.APIStatusError` subclasses and a 2xx body that breaks the
    contract `qolo.APIResponseValidationError`, so a generated `sync` function returns the
    success model. The token is fetched on the first call and reused.

    Every error says whether the call may have taken effect anyway (`exc.outcome_unknown`) and,
    for a creating call, the idempotency key it sent (`exc.idempotency_key`): to finish such a
    create, call it again with `idempotency_key=exc.idempotency_key`, which returns the
    original if it was created. A DELETE whose answer was lost (a dropped connection, a 5xx)
    and whose retry gets 404 returns as deleted (204): the resource is gone either way. A
    `Retry-After` longer than 60 s is not retried: the error is raised at once with
    `retry_after`.
    """

    def get_httpx_client(self) -> httpx.Client:
        """The httpx client every generated `sync` / `sync_detailed` call goes through."""
        return (self._https or self._built())[0]

    def close(self) -> None:
        """Close the connections; the client cannot be used afterwards, and calls in flight
        (another thread's, waiting for a retry or the login) send nothing more."""
        self._closed = True
        if self._https is not None:
            for http in self._https:  # the calls' (it closes the shared pool) and the login's
                http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None = None,
        exc: BaseException | None = None,
        tb: TracebackType | None = None,
    ) -> None:
        self.close()

    def _token_auth(self, original: TokenAuth | None) -> TokenAuth:
        login = SyncLogin(self._options, self._login_http)
        if original is None:
            return TokenAuth(login=login)
        return original.with_login(login=login)

    def _real_transport(self, options: ClientOptions) -> httpx.BaseTransport:
        return httpx.HTTPTransport(verify=options.verify, proxy=options.proxy)

    def _http(
        self,
        inner: httpx.BaseTransport,
        *,
        auth: TokenAuth | None,
        policy: RetryPolicy,
        login: bool,
    ) -> EdgeClient:
        sleep = self._sleep or time.sleep
        retrying = RetryTransport(
            inner, policy=policy, sleep=sleep, always_safe=login, owns_transport=not login
        )
        hooks: dict[str, list[Callable[[httpx.Request], None]]] = {}
        if names := self._given_headers():

            def name_given_headers(request: httpx.Request) -> None:
                request.extensions[EXT_GIVEN_HEADERS] = names

            hooks["request"] = [name_given_headers]
        return EdgeClient(transport=retrying, event_hooks=hooks, **self._http_args(auth))


class AsyncClient(
    _BaseClient[httpx.AsyncBaseTransport, Callable[[float], Awaitable[None]], AsyncEdgeClient]
):
    """The asynchronous Qolo client; pass it as `client=` to any generated `asyncio` function.

    ```python
    async with qolo.AsyncClient() as client:  # QOLO_BASE_URL, QOLO_LOGINID, QOLO_APIKEY
        card = await get_card.asyncio(client=client, card_proxy="cproxy0000000000001")
    ```

    Takes the same arguments as `qolo.Client`, with an `httpx.AsyncBaseTransport` and an async
    `sleep` (`asyncio.sleep`).
    """

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        """The httpx client every generated `asyncio` / `asyncio_detailed` call goes through."""
        return (self._https or self._built())[0]

    async def aclose(self) -> None:
        """Close the connections; the client cannot be used afterwards, and calls in flight
        send nothing more. Only the running event loop's connections can be closed: those of
        other loops are let go (their sockets freed by the garbage collector)."""
        self._closed = True
        if self._https is not None:
            for http in self._https:
                await http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None = None,
        exc: BaseException | None = None,
        tb: TracebackType | None = None,
    ) -> None:
        await self.aclose()

    def _token_auth(self, original: TokenAuth | None) -> TokenAuth:
        alogin = AsyncLogin(self._options, self._login_http)
        if original is None:
            return TokenAuth(alogin=alogin)
        return original.with_login(alogin=alogin)

    def _real_transport(self, options: ClientOptions) -> httpx.AsyncBaseTransport:
        # One TLS context for every loop's pool: making one costs tens of milliseconds.
        tls = options.verify
        if not isinstance(tls, ssl.SSLContext):
            tls = httpx.create_ssl_context(verify=tls)
        return PerLoopTransport(lambda: httpx.AsyncHTTPTransport(verify=tls, proxy=options.proxy))

    def _http(
        self,
        inner: httpx.AsyncBaseTransport,
        *,
        auth: TokenAuth | None,
        policy: RetryPolicy,
        login: bool,
    ) -> AsyncEdgeClient:
        sleep = self._sleep or asyncio.sleep
        retrying = AsyncRetryTransport(
            inner, policy=policy, sleep=sleep, always_safe=login, owns_transport=not login
        )
        hooks: dict[str, list[Callable[[httpx.Request], Awaitable[None]]]] = {}
        if names := self._given_headers():

            async def name_given_headers(request: httpx.Request) -> None:
                request.extensions[EXT_GIVEN_HEADERS] = names

            hooks["request"] = [name_given_headers]
        return AsyncEdgeClient(transport=retrying, event_hooks=hooks, **self._http_args(auth))


def unwrap(result: T | Problem | None) -> T:
    """The success model of a generated `sync` / `asyncio` call, typed without `Problem | None`.

    With a `qolo` client every error status, and every 2xx the contract does not document,
    raises, so this only narrows the type:
    `card = qolo.unwrap(get_card.sync(client=client, card_proxy=proxy))`. A success without a
    body (DeleteNotificationById's 204) is `qolo.NO_CONTENT`, which passes through. None or a
    `Problem` (which the generated client alone returns for a status it could not read) raises
    `QoloError` with `outcome_unknown` set: whatever answered, it may have done the work.
    """
    if result is None or isinstance(result, Problem):
        raise QoloError("the operation returned no success model", outcome_unknown=True)
    return result
