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
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[NotificationList | Problem]
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
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        NotificationList | Problem
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
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[NotificationList | Problem]
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
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        NotificationList | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            limit=limit,
            start_index=start_index,
        )
    ).parsed
