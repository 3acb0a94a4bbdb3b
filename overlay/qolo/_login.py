"""The login a client's `TokenAuth` makes, through the client's login httpx client.

That httpx client has no auth and retries every attempt but a throttled one (a login creates
nothing; a 429 to it most likely means a wrong key, see `RetryPolicy`). The login
operation is the generated one; what it uses of its `client=` is given here, so a broken login
200 raises the typed error, which keeps no copy of the body and no frames of the failed parse:
a login body that breaks the contract may still carry the access token, and error reporters
capture locals.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Generic, TypeVar

import httpx

from qolo_api.api.auth import login as login_operation
from qolo_api.models import LoginRequest, LoginResponse, Problem
from qolo_api.types import Response

from ._exceptions import APIResponseValidationError, QoloError
from ._options import ClientOptions
from ._redaction import drop_frames
from ._translate import response_validation_error

__all__ = ["AsyncLogin", "SyncLogin"]

_Http = TypeVar("_Http", httpx.Client, httpx.AsyncClient)
# What can follow `Bearer ` in a header: RFC 6750's token is visible ASCII.
_TOKEN = re.compile(r"[\x21-\x7E]+")


def _token_of(response: Response[LoginResponse | Problem]) -> LoginResponse:
    """The login's token, or the typed error for a 2xx that cannot be used as one."""
    parsed, status, headers = response.parsed, int(response.status_code), response.headers
    del response  # it holds the raw body, the token: keep it out of tracebacks' locals
    if not isinstance(parsed, LoginResponse):
        raise QoloError(f"the login answered {status} without a token")
    # The model checked the types (a string, an integer); what a bearer header needs is left.
    token, lifetime = parsed.access_token, parsed.expires_in
    if not _TOKEN.fullmatch(token):
        # a blank would go out as `Bearer ` and come back as a 401 that blames the
        # credentials, which were accepted
        what = "access_token is not a token (visible ASCII characters)"
    elif lifetime <= 0:
        what = "expires_in is not a positive number of seconds"
    else:
        return parsed
    del parsed, token  # the token may be there after all: not in tracebacks' locals
    raise APIResponseValidationError(
        f"{status} login response breaks the contract: {what}",
        response=httpx.Response(status, headers=headers),
        cause=ValueError(what),
    )


class _LoginHooks(Generic[_Http]):
    """The credentials, the httpx client to log in through, and what the login operation asks
    of its client when an answer is not a token."""

    def __init__(self, options: ClientOptions, http: Callable[[], _Http]) -> None:
        self._options = options
        self._http: Callable[[], _Http] = http

    def _body(self) -> LoginRequest:
        return LoginRequest(loginid=self._options.loginid, apikey=self._options.apikey.reveal())

    def _response_body_error(self, response: httpx.Response, cause: Exception) -> Exception:
        drop_frames(cause)  # the frames of the parse (and of its chain) hold the token
        return response_validation_error(response, cause, keep_body=False)

    def _unexpected_status_error(self, response: httpx.Response) -> None:
        """An undocumented 2xx returns no model: no token, which `_token_of` says."""


class SyncLogin(_LoginHooks[httpx.Client]):
    """Logs in with the client's credentials through `http()`; call it for a token."""

    def get_httpx_client(self) -> httpx.Client:
        return self._http()

    def __call__(self) -> LoginResponse:
        return _token_of(login_operation.sync_detailed(client=self, body=self._body()))


class AsyncLogin(_LoginHooks[httpx.AsyncClient]):
    """The async twin of `SyncLogin`."""

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        return self._http()

    async def __call__(self) -> LoginResponse:
        response = await login_operation.asyncio_detailed(client=self, body=self._body())
        return _token_of(response)
