"""`qolo.Client` and `qolo.AsyncClient`: the generated `AuthenticatedClient`, made safe.

Each is a `qolo_api.AuthenticatedClient`, so every generated operation accepts it, and returns
from `get_httpx_client()` / `get_async_httpx_client()` an httpx client assembled from generic
layers, outermost first:

1. `_HTTPClient.send` (the one edge): gives a creating POST its idempotency key once per
   logical call, turns httpx transport errors into `APIConnectionError` / `APITimeoutError`,
   every non-2xx response into the typed `APIStatusError` subclass (each keeping only detached,
   redacted copies of the request and response) and a body that cannot be decoded into one of
   those, and gives every error the call's `idempotency_key` and `outcome_unknown` (whether any
   attempt may have reached the server: the retry layer marks the request), an error of the
   login made on the way included;
2. `TokenAuth` (`_auth.py`): lazy, single-flight login; the bearer header; 401 → refresh once
   and replay;
3. `RetryTransport` (`_retry.py`): backoff, `Retry-After`, per-attempt DEBUG logging, marking
   attempts whose outcome is unknown, and a DELETE's 404 after such an attempt counted as done;
4. the real transport (`httpx.HTTPTransport`, or the one passed in, e.g. `httpx.MockTransport`).

Nothing here knows any endpoint: the generated request extensions say which header carries the
idempotency key. A 2xx body that breaks the contract is the generated `_build_response`'s to
find; it raises what the client's `_response_body_error` hook returns, here the typed
`APIResponseValidationError`.

The generated operations' `raise_on_unexpected_status` is always False here and cannot be set:
every non-2xx status already raises its typed error at the edge, so all it could still do is
raise the generated `UnexpectedStatus`, with the raw body (card numbers) in its message, for a
2xx status the contract does not document. Such a call returns None instead, and `unwrap`
raises a `QoloError` with `outcome_unknown` set.
"""

from __future__ import annotations

import asyncio
import math
import os
import threading
import time
import uuid
from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import Any, Self, TypeVar

import httpx

from qolo_api import AuthenticatedClient
from qolo_api import Client as _PlainClient
from qolo_api.api.auth import login as _login_op
from qolo_api.models import LoginRequest, LoginResponse, Problem

from ._auth import TokenAuth
from ._config import (
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    ENV_APIKEY,
    ENV_BASE_URL,
    ENV_LOGINID,
    EXT_IDEMPOTENCY_HEADER,
    RetryPolicy,
    Secret,
)
from ._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    QoloError,
    response_validation_error,
    status_error,
    undecodable_error,
)
from ._retry import (
    AsyncRetryTransport,
    RetryTransport,
    attempt_outcome_unknown,
    idempotency_key,
    outcome_unknown,
)

__all__ = ["AsyncClient", "Client", "unwrap"]

T = TypeVar("T")


def _add_idempotency_key(request: httpx.Request) -> str | None:
    """Give a creating request its key, once per logical call; the key (None: not a create)."""
    header = request.extensions.get(EXT_IDEMPOTENCY_HEADER)
    if isinstance(header, str) and header not in request.headers:
        request.headers[header] = str(uuid.uuid4())
    return idempotency_key(request)


def _unknown(request: httpx.Request, last: httpx.Response | Exception) -> bool:
    """Whether the call may have taken effect: an attempt so far, or the `last` one, says so."""
    return outcome_unknown(request) or attempt_outcome_unknown(last)


def _connection_error(
    exc: httpx.TransportError, request: httpx.Request, key: str | None
) -> APIConnectionError:
    """The typed error for a transport failure; the httpx error it chains keeps no secret either."""
    error: APIConnectionError
    unknown = _unknown(request, exc)
    if isinstance(exc, httpx.TimeoutException):
        error = APITimeoutError(
            f"Request timed out: {type(exc).__name__}.",
            request=request,
            idempotency_key=key,
            outcome_unknown=unknown,
        )
    else:
        error = APIConnectionError(
            f"Connection error: {type(exc).__name__}.",
            request=request,
            idempotency_key=key,
            outcome_unknown=unknown,
        )
    exc.request = error.request  # the detached copy: `__cause__` is serialised too
    return error


def _login_error_for_call(error: QoloError, request: httpx.Request, key: str | None) -> None:
    """An error of the login made on the way to `request` says what became of the call."""
    error.idempotency_key = key
    error.outcome_unknown = outcome_unknown(request)


class _HTTPClient(httpx.Client):
    """An `httpx.Client` whose `send` raises the typed errors (see the module docstring)."""

    def send(
        self, request: httpx.Request, *, stream: bool = False, **kwargs: Any
    ) -> httpx.Response:
        key = _add_idempotency_key(request)
        try:
            response = super().send(request, stream=True, **kwargs)
        except httpx.TransportError as exc:
            raise _connection_error(exc, request, key) from exc
        except QoloError as exc:  # the auth flow's login failed
            _login_error_for_call(exc, request, key)
            raise
        if stream and response.is_success:
            return response
        try:
            response.read()
        except httpx.TransportError as exc:  # the answer broke off
            response.close()
            raise _connection_error(exc, request, key) from exc
        except httpx.DecodingError as exc:
            response.close()
            unknown = _unknown(request, response)
            raise undecodable_error(
                response, exc, idempotency_key=key, outcome_unknown=unknown
            ) from exc
        if not response.is_success:
            response.close()
            unknown = _unknown(request, response)
            raise status_error(response, idempotency_key=key, outcome_unknown=unknown)
        return response


class _AsyncHTTPClient(httpx.AsyncClient):
    """The async twin of `_HTTPClient`."""

    async def send(
        self, request: httpx.Request, *, stream: bool = False, **kwargs: Any
    ) -> httpx.Response:
        key = _add_idempotency_key(request)
        try:
            response = await super().send(request, stream=True, **kwargs)
        except httpx.TransportError as exc:
            raise _connection_error(exc, request, key) from exc
        except QoloError as exc:  # the auth flow's login failed
            _login_error_for_call(exc, request, key)
            raise
        if stream and response.is_success:
            return response
        try:
            await response.aread()
        except httpx.TransportError as exc:  # the answer broke off
            await response.aclose()
            raise _connection_error(exc, request, key) from exc
        except httpx.DecodingError as exc:
            await response.aclose()
            unknown = _unknown(request, response)
            raise undecodable_error(
                response, exc, idempotency_key=key, outcome_unknown=unknown
            ) from exc
        if not response.is_success:
            await response.aclose()
            unknown = _unknown(request, response)
            raise status_error(response, idempotency_key=key, outcome_unknown=unknown)
        return response


def _setting(value: str | None, env: str, what: str) -> str:
    if value is None:
        value = os.environ.get(env)
    if not value:
        raise ValueError(f"{what} is required: pass {what}= or set the {env} environment variable")
    return value


def _timeout(value: float | httpx.Timeout | None) -> httpx.Timeout:
    if isinstance(value, httpx.Timeout):
        return value
    return httpx.Timeout(value)


def _login_result(response: Any) -> LoginResponse:
    """The login's token, or the typed error for a 2xx that cannot be used as one."""
    parsed, status, headers = response.parsed, int(response.status_code), response.headers
    del response  # its repr shows the body, the token: keep it out of tracebacks' locals
    if not isinstance(parsed, LoginResponse):
        raise QoloError(f"the login answered {status} without a token")
    lifetime = parsed.expires_in
    if (
        isinstance(lifetime, bool)
        or not isinstance(lifetime, int | float)
        or not math.isfinite(lifetime)
        or lifetime <= 0
    ):
        raise APIResponseValidationError(
            f"{status} login response breaks the contract: "
            "expires_in is not a positive number of seconds",
            response=httpx.Response(status, headers=headers),
            cause=ValueError("expires_in must be a positive number"),
        )
    return parsed


class _LoginClient(_PlainClient):
    """The unauthenticated client the login goes through; a broken 200 raises the typed error.

    That error keeps no copy of the body and no frames of the failed parse: a login body that
    breaks the contract may still carry the access token, and error reporters capture locals.
    """

    def _response_body_error(self, response: httpx.Response, cause: Exception) -> Exception:
        cause.__traceback__ = None
        return response_validation_error(response, cause, keep_body=False)


class _BaseClient(AuthenticatedClient):
    """What `Client` and `AsyncClient` share: settings, the token, repr and the `with_*` copies."""

    def __init__(
        self,
        *,
        base_url: str | None,
        loginid: str | None,
        apikey: str | None,
        timeout: float | httpx.Timeout | None,
        max_retries: int,
        headers: dict[str, str] | None,
        verify: bool | str,
        proxy: str | None,
        auth: TokenAuth | None,
    ) -> None:
        self._options: dict[str, Any] = {
            "base_url": base_url,
            "loginid": loginid,
            "timeout": timeout,
            "max_retries": max_retries,
            "headers": headers,
            "verify": verify,
            "proxy": proxy,
        }
        resolved_url = _setting(base_url, ENV_BASE_URL, "base_url").rstrip("/")
        self.loginid = _setting(loginid, ENV_LOGINID, "loginid")
        self._apikey = Secret(_setting(apikey, ENV_APIKEY, "apikey"))
        self._policy = RetryPolicy(max_retries=max_retries)
        self._proxy = proxy
        self._build_lock = threading.Lock()
        super().__init__(
            base_url=resolved_url,
            token="",  # never used: TokenAuth sets the header per request
            timeout=_timeout(timeout),
            headers=dict(headers or {}),
            verify_ssl=verify,
            raise_on_unexpected_status=False,  # see the module docstring
        )
        self._auth = auth or TokenAuth(login=self._sync_login, alogin=self._async_login)

    def __eq__(self, other: object) -> bool:
        """Clients are identities, not values (attrs would compare their settings)."""
        return self is other

    def __setattr__(self, name: str, value: object) -> None:
        if name == "raise_on_unexpected_status" and value is not False:
            raise AttributeError(
                "raise_on_unexpected_status is always False with a qolo client: every error "
                "status raises its typed qolo error (see qolo.QoloError)"
            )
        super().__setattr__(name, value)

    @property
    def base_url(self) -> str:
        return self._base_url

    @property
    def max_retries(self) -> int:
        return self._policy.max_retries

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self._base_url!r}, loginid={self.loginid!r})"

    def _response_body_error(self, response: httpx.Response, cause: Exception) -> Exception:
        """What a generated operation raises for a 2xx body that breaks the contract.

        The failed parse's frames are dropped: their locals hold the body, with the card number
        and CVV the platform's cards carry, and error reporters capture locals.
        """
        cause.__traceback__ = None
        key = idempotency_key(response.request)
        return response_validation_error(response, cause, idempotency_key=key)

    def _login_body(self) -> LoginRequest:
        return LoginRequest(loginid=self.loginid, apikey=self._apikey.reveal())

    def _sync_login(self) -> LoginResponse:
        raise TypeError(f"{type(self).__name__} cannot log in synchronously")

    async def _async_login(self) -> LoginResponse:
        raise TypeError(f"{type(self).__name__} cannot log in asynchronously")

    def invalidate_token(self) -> None:
        """Forget the current token: the next call logs in again."""
        self._auth.invalidate()

    def _copy(self, **changes: Any) -> Self:
        # the API key lives only in its `Secret`, never in a plain attribute
        options = {**self._options, "apikey": self._apikey.reveal(), **changes}
        factory: Any = type(self)
        copy: Self = factory(**options, _auth=self._auth)
        return copy

    def with_headers(self, headers: dict[str, str]) -> Self:
        """A client like this one that also sends `headers`; it shares this client's token."""
        return self._copy(headers={**self._headers, **headers})

    def with_cookies(self, cookies: dict[str, str]) -> Self:
        """Not supported: the API does not use cookies."""
        raise TypeError("the Qolo API does not use cookies")

    def with_timeout(self, timeout: httpx.Timeout) -> Self:
        """A client like this one with another timeout; it shares this client's token."""
        return self._copy(timeout=timeout)


class Client(_BaseClient):
    """The synchronous Qolo client; pass it as `client=` to any generated `sync` function.

    ```python
    import qolo
    from qolo_api.api.cards import get_card

    with qolo.Client(base_url="https://...", loginid="...", apikey="...") as client:
        card = get_card.sync(client=client, card_proxy="cproxy0000000000001")
    ```

    Args:
        base_url, loginid, apikey: where and who; each defaults to its environment variable
            (`QOLO_BASE_URL`, `QOLO_LOGINID`, `QOLO_APIKEY`).
        timeout: seconds (or an `httpx.Timeout`) per attempt; 30 s (connect 10 s) by default.
        max_retries: retries after the first attempt (default 2; 0 disables).
        headers: extra headers for every request.
        verify: TLS verification, as httpx takes it.
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

    def __init__(
        self,
        *,
        base_url: str | None = None,
        loginid: str | None = None,
        apikey: str | None = None,
        timeout: float | httpx.Timeout | None = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        headers: dict[str, str] | None = None,
        verify: bool | str = True,
        proxy: str | None = None,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        _auth: TokenAuth | None = None,
    ) -> None:
        self._transport = transport
        self._sleep = sleep
        self._inner: httpx.BaseTransport | None = None
        self._login_client: _LoginClient | None = None
        super().__init__(
            base_url=base_url,
            loginid=loginid,
            apikey=apikey,
            timeout=timeout,
            max_retries=max_retries,
            headers=headers,
            verify=verify,
            proxy=proxy,
            auth=_auth,
        )
        self._options.update(transport=transport, sleep=sleep)

    def _inner_transport(self) -> httpx.BaseTransport:
        if self._inner is None:
            self._inner = self._transport or httpx.HTTPTransport(
                verify=self._verify_ssl, proxy=self._proxy
            )
        return self._inner

    def _http(self, *, auth: httpx.Auth | None, always_safe: bool) -> _HTTPClient:
        transport = RetryTransport(
            self._inner_transport(), policy=self._policy, sleep=self._sleep, always_safe=always_safe
        )
        return _HTTPClient(
            base_url=self._base_url,
            headers=self._headers,
            timeout=self._timeout,
            auth=auth,
            transport=transport,
            follow_redirects=False,
        )

    def get_httpx_client(self) -> httpx.Client:
        """The httpx client every generated `sync` / `sync_detailed` call goes through."""
        client = self._client
        if client is None:
            with self._build_lock:
                if self._client is None:
                    self._client = self._http(auth=self._auth, always_safe=False)
                client = self._client
        return client

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        raise TypeError(
            "qolo.Client is synchronous: use qolo.AsyncClient with the generated asyncio functions"
        )

    def _sync_login(self) -> LoginResponse:
        with self._build_lock:
            if self._login_client is None:
                # a login creates nothing, so it may always be retried
                plain = _LoginClient(base_url=self._base_url)
                plain.set_httpx_client(self._http(auth=None, always_safe=True))
                self._login_client = plain
            login_client = self._login_client
        return _login_result(_login_op.sync_detailed(client=login_client, body=self._login_body()))

    def close(self) -> None:
        """Close the connections; the client cannot be used afterwards."""
        if self._client is not None:
            self._client.close()  # closes the retry transport, which closes the shared one
        elif self._inner is not None:
            self._inner.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None = None,
        exc: BaseException | None = None,
        tb: TracebackType | None = None,
    ) -> None:
        self.close()

    async def __aenter__(self) -> Self:
        raise TypeError("qolo.Client is synchronous: use `with`, or qolo.AsyncClient")

    async def __aexit__(self, *args: object) -> None:
        return None


class AsyncClient(_BaseClient):
    """The asynchronous Qolo client; pass it as `client=` to any generated `asyncio` function.

    ```python
    async with qolo.AsyncClient() as client:  # QOLO_BASE_URL, QOLO_LOGINID, QOLO_APIKEY
        card = await get_card.asyncio(client=client, card_proxy="cproxy0000000000001")
    ```

    Takes the same arguments as `qolo.Client`, with an `httpx.AsyncBaseTransport` and an async
    `sleep` (`asyncio.sleep`).
    """

    def __init__(
        self,
        *,
        base_url: str | None = None,
        loginid: str | None = None,
        apikey: str | None = None,
        timeout: float | httpx.Timeout | None = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        headers: dict[str, str] | None = None,
        verify: bool | str = True,
        proxy: str | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        _auth: TokenAuth | None = None,
    ) -> None:
        self._transport = transport
        self._sleep = sleep
        self._inner: httpx.AsyncBaseTransport | None = None
        self._login_client: _LoginClient | None = None
        super().__init__(
            base_url=base_url,
            loginid=loginid,
            apikey=apikey,
            timeout=timeout,
            max_retries=max_retries,
            headers=headers,
            verify=verify,
            proxy=proxy,
            auth=_auth,
        )
        self._options.update(transport=transport, sleep=sleep)

    def _inner_transport(self) -> httpx.AsyncBaseTransport:
        if self._inner is None:
            self._inner = self._transport or httpx.AsyncHTTPTransport(
                verify=self._verify_ssl, proxy=self._proxy
            )
        return self._inner

    def _http(self, *, auth: httpx.Auth | None, always_safe: bool) -> _AsyncHTTPClient:
        transport = AsyncRetryTransport(
            self._inner_transport(), policy=self._policy, sleep=self._sleep, always_safe=always_safe
        )
        return _AsyncHTTPClient(
            base_url=self._base_url,
            headers=self._headers,
            timeout=self._timeout,
            auth=auth,
            transport=transport,
            follow_redirects=False,
        )

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        """The httpx client every generated `asyncio` / `asyncio_detailed` call goes through."""
        client = self._async_client
        if client is None:
            with self._build_lock:
                if self._async_client is None:
                    self._async_client = self._http(auth=self._auth, always_safe=False)
                client = self._async_client
        return client

    def get_httpx_client(self) -> httpx.Client:
        raise TypeError(
            "qolo.AsyncClient is asynchronous: use qolo.Client with the generated sync functions"
        )

    async def _async_login(self) -> LoginResponse:
        with self._build_lock:
            if self._login_client is None:
                plain = _LoginClient(base_url=self._base_url)
                plain.set_async_httpx_client(self._http(auth=None, always_safe=True))
                self._login_client = plain
            login_client = self._login_client
        return _login_result(
            await _login_op.asyncio_detailed(client=login_client, body=self._login_body())
        )

    async def aclose(self) -> None:
        """Close the connections; the client cannot be used afterwards."""
        if self._async_client is not None:
            await self._async_client.aclose()
        elif self._inner is not None:
            await self._inner.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None = None,
        exc: BaseException | None = None,
        tb: TracebackType | None = None,
    ) -> None:
        await self.aclose()

    def __enter__(self) -> Self:
        raise TypeError("qolo.AsyncClient is asynchronous: use `async with`, or qolo.Client")

    def __exit__(self, *args: object) -> None:
        return None


def unwrap(result: T | Problem | None) -> T:
    """The success model of a generated `sync` / `asyncio` call, typed without `Problem | None`.

    With a `qolo` client every error status raises, so this only narrows the type:
    `card = qolo.unwrap(get_card.sync(client=client, card_proxy=proxy))`. It raises `QoloError`
    if the call returned no model (a 2xx status the contract does not document), with
    `outcome_unknown` set: whatever answered, it answered success.
    """
    if result is None or isinstance(result, Problem):
        raise QoloError("the operation returned no success model", outcome_unknown=True)
    return result
