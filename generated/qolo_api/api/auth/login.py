# Generated from openapi.yaml by tools/regenerate.py (openapi-python-client) — do not edit.
# Change the contract or generator-templates/, then run `nox -s regenerate`.
from typing import Any

import httpx

from ...client import AsyncOperationClient, ResponseHooks, SyncOperationClient
from ...models.login_request import LoginRequest
from ...models.login_response import LoginResponse
from ...models.problem import Problem
from ...types import Response, parse_status


def _get_kwargs(
    *,
    body: LoginRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/auth/login",
        "extensions": {
            "openapi_operation": "login",
        },
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: ResponseHooks, response: httpx.Response) -> LoginResponse | Problem | None:
    if response.status_code == 200:
        response_200 = LoginResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 405:
        response_405 = Problem.from_dict(response.json())

        return response_405

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = Problem.from_dict(response.json())

        return response_415

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    if 500 <= response.status_code <= 599:
        response_5xx = Problem.from_dict(response.json())

        return response_5xx

    error = client._unexpected_status_error(response)
    if error is not None:
        raise error
    return None


def _build_response(*, client: ResponseHooks, response: httpx.Response) -> Response[LoginResponse | Problem]:
    try:
        parsed = _parse_response(client=client, response=response)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        if response.is_success:
            raise client._response_body_error(response, exc) from exc
        parsed = None
    return Response(
        status_code=parse_status(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=parsed,
    )


def sync_detailed(
    *,
    client: SyncOperationClient,
    body: LoginRequest,
) -> Response[LoginResponse | Problem]:
    """Get a bearer token

     Exchanges a `loginid` and `apikey` for a bearer token that is valid for 12 hours and gives
    access to every resource of the credential's program (the guide). Reuse the token for its
    whole lifetime; do not log in per call. The guide names neither the method nor the
    response fields, and the reference has no page for this operation: this contract uses
    POST and the OAuth 2 names (`access_token`, `token_type`, `expires_in`), stating the
    lifetime in seconds so clients need not hard-code 12 h.

    Failed logins are throttled (the 429; its rule is this contract's): the right key always
    logs in, whatever anyone's failed attempts, so nobody can lock a partner out; a wrong
    key beyond the budget of its login id (5, refilling 5 a minute), or of all login ids
    together (100, refilling 10 a second), is answered 429 with `Retry-After` instead of
    401. Made-up login ids neither reset nor evade the budgets.

    Args:
        body (LoginRequest):

    Raises:
        qolo.QoloError: With `qolo.Client`, on any failure: `APIStatusError` (a subclass per
            status, e.g. `NotFoundError`) for a non-2xx status, `APIConnectionError`
            (`APITimeoutError` on a timeout) when no answer came, `APIResponseValidationError` for a
            2xx that breaks the contract.
        qolo_api.errors.UnexpectedStatus: With the generated client, for an undocumented status
            if `raise_on_unexpected_status` is set.
        qolo_api.errors.UnexpectedResponseBody: With the generated client, for a 2xx body that
            does not parse.
        httpx.HTTPError: With the generated client, when the request fails (e.g.
            `httpx.TimeoutException`).

    Returns:
        Response[LoginResponse | Problem]: With `qolo.Client`, `parsed` is the `LoginResponse`.
            With the generated client, `parsed` may also be the `Problem` of a documented error
            status, or None for an undocumented status or an unreadable error body.
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: SyncOperationClient,
    body: LoginRequest,
) -> LoginResponse | Problem | None:
    """Get a bearer token

     Exchanges a `loginid` and `apikey` for a bearer token that is valid for 12 hours and gives
    access to every resource of the credential's program (the guide). Reuse the token for its
    whole lifetime; do not log in per call. The guide names neither the method nor the
    response fields, and the reference has no page for this operation: this contract uses
    POST and the OAuth 2 names (`access_token`, `token_type`, `expires_in`), stating the
    lifetime in seconds so clients need not hard-code 12 h.

    Failed logins are throttled (the 429; its rule is this contract's): the right key always
    logs in, whatever anyone's failed attempts, so nobody can lock a partner out; a wrong
    key beyond the budget of its login id (5, refilling 5 a minute), or of all login ids
    together (100, refilling 10 a second), is answered 429 with `Retry-After` instead of
    401. Made-up login ids neither reset nor evade the budgets.

    Args:
        body (LoginRequest):

    Raises:
        qolo.QoloError: With `qolo.Client`, on any failure: `APIStatusError` (a subclass per
            status, e.g. `NotFoundError`) for a non-2xx status, `APIConnectionError`
            (`APITimeoutError` on a timeout) when no answer came, `APIResponseValidationError` for a
            2xx that breaks the contract.
        qolo_api.errors.UnexpectedStatus: With the generated client, for an undocumented status
            if `raise_on_unexpected_status` is set.
        qolo_api.errors.UnexpectedResponseBody: With the generated client, for a 2xx body that
            does not parse.
        httpx.HTTPError: With the generated client, when the request fails (e.g.
            `httpx.TimeoutException`).

    Returns:
        LoginResponse | Problem | None: With `qolo.Client`, the `LoginResponse`; `qolo.unwrap`
            narrows the type to it. With the generated client, also the `Problem` of a documented
            error status, or None for an undocumented status or an unreadable error body.
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AsyncOperationClient,
    body: LoginRequest,
) -> Response[LoginResponse | Problem]:
    """Get a bearer token

     Exchanges a `loginid` and `apikey` for a bearer token that is valid for 12 hours and gives
    access to every resource of the credential's program (the guide). Reuse the token for its
    whole lifetime; do not log in per call. The guide names neither the method nor the
    response fields, and the reference has no page for this operation: this contract uses
    POST and the OAuth 2 names (`access_token`, `token_type`, `expires_in`), stating the
    lifetime in seconds so clients need not hard-code 12 h.

    Failed logins are throttled (the 429; its rule is this contract's): the right key always
    logs in, whatever anyone's failed attempts, so nobody can lock a partner out; a wrong
    key beyond the budget of its login id (5, refilling 5 a minute), or of all login ids
    together (100, refilling 10 a second), is answered 429 with `Retry-After` instead of
    401. Made-up login ids neither reset nor evade the budgets.

    Args:
        body (LoginRequest):

    Raises:
        qolo.QoloError: With `qolo.AsyncClient`, on any failure: `APIStatusError` (a subclass
            per status, e.g. `NotFoundError`) for a non-2xx status, `APIConnectionError`
            (`APITimeoutError` on a timeout) when no answer came, `APIResponseValidationError` for a
            2xx that breaks the contract.
        qolo_api.errors.UnexpectedStatus: With the generated client, for an undocumented status
            if `raise_on_unexpected_status` is set.
        qolo_api.errors.UnexpectedResponseBody: With the generated client, for a 2xx body that
            does not parse.
        httpx.HTTPError: With the generated client, when the request fails (e.g.
            `httpx.TimeoutException`).

    Returns:
        Response[LoginResponse | Problem]: With `qolo.AsyncClient`, `parsed` is the
            `LoginResponse`. With the generated client, `parsed` may also be the `Problem` of a
            documented error status, or None for an undocumented status or an unreadable error body.
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AsyncOperationClient,
    body: LoginRequest,
) -> LoginResponse | Problem | None:
    """Get a bearer token

     Exchanges a `loginid` and `apikey` for a bearer token that is valid for 12 hours and gives
    access to every resource of the credential's program (the guide). Reuse the token for its
    whole lifetime; do not log in per call. The guide names neither the method nor the
    response fields, and the reference has no page for this operation: this contract uses
    POST and the OAuth 2 names (`access_token`, `token_type`, `expires_in`), stating the
    lifetime in seconds so clients need not hard-code 12 h.

    Failed logins are throttled (the 429; its rule is this contract's): the right key always
    logs in, whatever anyone's failed attempts, so nobody can lock a partner out; a wrong
    key beyond the budget of its login id (5, refilling 5 a minute), or of all login ids
    together (100, refilling 10 a second), is answered 429 with `Retry-After` instead of
    401. Made-up login ids neither reset nor evade the budgets.

    Args:
        body (LoginRequest):

    Raises:
        qolo.QoloError: With `qolo.AsyncClient`, on any failure: `APIStatusError` (a subclass
            per status, e.g. `NotFoundError`) for a non-2xx status, `APIConnectionError`
            (`APITimeoutError` on a timeout) when no answer came, `APIResponseValidationError` for a
            2xx that breaks the contract.
        qolo_api.errors.UnexpectedStatus: With the generated client, for an undocumented status
            if `raise_on_unexpected_status` is set.
        qolo_api.errors.UnexpectedResponseBody: With the generated client, for a 2xx body that
            does not parse.
        httpx.HTTPError: With the generated client, when the request fails (e.g.
            `httpx.TimeoutException`).

    Returns:
        LoginResponse | Problem | None: With `qolo.AsyncClient`, the `LoginResponse`;
            `qolo.unwrap` narrows the type to it. With the generated client, also the `Problem` of a
            documented error status, or None for an undocumented status or an unreadable error body.
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
