# Generated from openapi.yaml by tools/regenerate.py (openapi-python-client) — do not edit.
# Change the contract or generator-templates/, then run `nox -s regenerate`.
from typing import Any

import httpx

from ...client import AsyncOperationClient, ResponseHooks, SyncOperationClient
from ...models.notification_list import NotificationList
from ...models.problem import Problem
from ...types import UNSET, Response, Unset, parse_status


def _get_kwargs(
    *,
    limit: int | Unset = 100,
    start_index: int | Unset = 0,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["limit"] = limit

    params["start_index"] = start_index

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/notifications",
        "params": params,
        "extensions": {
            "openapi_operation": "list_notifications",
        },
    }

    return _kwargs


def _parse_response(*, client: ResponseHooks, response: httpx.Response) -> NotificationList | Problem | None:
    if response.status_code == 200:
        response_200 = NotificationList.from_dict(response.json())

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


def _build_response(*, client: ResponseHooks, response: httpx.Response) -> Response[NotificationList | Problem]:
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
    limit: int | Unset = 100,
    start_index: int | Unset = 0,
) -> Response[NotificationList | Problem]:
    """List webhook subscriptions

     Lists the subscriptions of the caller's program, oldest first, with the same offset paging
    and envelope as `ListCards`. The reference has no list operation for subscriptions. A
    read-only token's answer omits each subscription's `headers`.

    Args:
        limit (int | Unset):  Default: 100.
        start_index (int | Unset):  Default: 0.

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
        Response[NotificationList | Problem]: With `qolo.Client`, `parsed` is the
            `NotificationList`. With the generated client, `parsed` may also be the `Problem` of a
            documented error status, or None for an undocumented status or an unreadable error body.
    """

    kwargs = _get_kwargs(
        limit=limit,
        start_index=start_index,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: SyncOperationClient,
    limit: int | Unset = 100,
    start_index: int | Unset = 0,
) -> NotificationList | Problem | None:
    """List webhook subscriptions

     Lists the subscriptions of the caller's program, oldest first, with the same offset paging
    and envelope as `ListCards`. The reference has no list operation for subscriptions. A
    read-only token's answer omits each subscription's `headers`.

    Args:
        limit (int | Unset):  Default: 100.
        start_index (int | Unset):  Default: 0.

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
        NotificationList | Problem | None: With `qolo.Client`, the `NotificationList`;
            `qolo.unwrap` narrows the type to it. With the generated client, also the `Problem` of a
            documented error status, or None for an undocumented status or an unreadable error body.
    """

    return sync_detailed(
        client=client,
        limit=limit,
        start_index=start_index,
    ).parsed


async def asyncio_detailed(
    *,
    client: AsyncOperationClient,
    limit: int | Unset = 100,
    start_index: int | Unset = 0,
) -> Response[NotificationList | Problem]:
    """List webhook subscriptions

     Lists the subscriptions of the caller's program, oldest first, with the same offset paging
    and envelope as `ListCards`. The reference has no list operation for subscriptions. A
    read-only token's answer omits each subscription's `headers`.

    Args:
        limit (int | Unset):  Default: 100.
        start_index (int | Unset):  Default: 0.

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
        Response[NotificationList | Problem]: With `qolo.AsyncClient`, `parsed` is the
            `NotificationList`. With the generated client, `parsed` may also be the `Problem` of a
            documented error status, or None for an undocumented status or an unreadable error body.
    """

    kwargs = _get_kwargs(
        limit=limit,
        start_index=start_index,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AsyncOperationClient,
    limit: int | Unset = 100,
    start_index: int | Unset = 0,
) -> NotificationList | Problem | None:
    """List webhook subscriptions

     Lists the subscriptions of the caller's program, oldest first, with the same offset paging
    and envelope as `ListCards`. The reference has no list operation for subscriptions. A
    read-only token's answer omits each subscription's `headers`.

    Args:
        limit (int | Unset):  Default: 100.
        start_index (int | Unset):  Default: 0.

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
        NotificationList | Problem | None: With `qolo.AsyncClient`, the `NotificationList`;
            `qolo.unwrap` narrows the type to it. With the generated client, also the `Problem` of a
            documented error status, or None for an undocumented status or an unreadable error body.
    """

    return (
        await asyncio_detailed(
            client=client,
            limit=limit,
            start_index=start_index,
        )
    ).parsed
