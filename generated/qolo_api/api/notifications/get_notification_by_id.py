# Generated from openapi.yaml by tools/regenerate.py (openapi-python-client) — do not edit.
# Change the contract or generator-templates/, then run `nox -s regenerate`.
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ...client import AsyncOperationClient, ResponseHooks, SyncOperationClient
from ...models.notification import Notification
from ...models.problem import Problem
from ...types import Response, parse_status


def _get_kwargs(
    notification_guid: UUID,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/notifications/{notification_guid}".format(
            notification_guid=quote(str(notification_guid), safe=""),
        ),
        "extensions": {
            "openapi_operation": "get_notification_by_id",
        },
    }

    return _kwargs


def _parse_response(*, client: ResponseHooks, response: httpx.Response) -> Notification | Problem | None:
    if response.status_code == 200:
        response_200 = Notification.from_dict(response.json())

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


def _build_response(*, client: ResponseHooks, response: httpx.Response) -> Response[Notification | Problem]:
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
    notification_guid: UUID,
    *,
    client: SyncOperationClient,
) -> Response[Notification | Problem]:
    """Get a webhook subscription

     Returns one subscription of the caller's program; another program's is 404. The reference
    has no page for reading a subscription; this one mirrors its update. A read-only token's
    answer omits its `headers`, which may carry the partner's credentials.

    Args:
        notification_guid (UUID):

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
        Response[Notification | Problem]: With `qolo.Client`, `parsed` is the `Notification`.
            With the generated client, `parsed` may also be the `Problem` of a documented error
            status, or None for an undocumented status or an unreadable error body.
    """

    kwargs = _get_kwargs(
        notification_guid=notification_guid,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    notification_guid: UUID,
    *,
    client: SyncOperationClient,
) -> Notification | Problem | None:
    """Get a webhook subscription

     Returns one subscription of the caller's program; another program's is 404. The reference
    has no page for reading a subscription; this one mirrors its update. A read-only token's
    answer omits its `headers`, which may carry the partner's credentials.

    Args:
        notification_guid (UUID):

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
        Notification | Problem | None: With `qolo.Client`, the `Notification`; `qolo.unwrap`
            narrows the type to it. With the generated client, also the `Problem` of a documented
            error status, or None for an undocumented status or an unreadable error body.
    """

    return sync_detailed(
        notification_guid=notification_guid,
        client=client,
    ).parsed


async def asyncio_detailed(
    notification_guid: UUID,
    *,
    client: AsyncOperationClient,
) -> Response[Notification | Problem]:
    """Get a webhook subscription

     Returns one subscription of the caller's program; another program's is 404. The reference
    has no page for reading a subscription; this one mirrors its update. A read-only token's
    answer omits its `headers`, which may carry the partner's credentials.

    Args:
        notification_guid (UUID):

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
        Response[Notification | Problem]: With `qolo.AsyncClient`, `parsed` is the
            `Notification`. With the generated client, `parsed` may also be the `Problem` of a
            documented error status, or None for an undocumented status or an unreadable error body.
    """

    kwargs = _get_kwargs(
        notification_guid=notification_guid,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    notification_guid: UUID,
    *,
    client: AsyncOperationClient,
) -> Notification | Problem | None:
    """Get a webhook subscription

     Returns one subscription of the caller's program; another program's is 404. The reference
    has no page for reading a subscription; this one mirrors its update. A read-only token's
    answer omits its `headers`, which may carry the partner's credentials.

    Args:
        notification_guid (UUID):

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
        Notification | Problem | None: With `qolo.AsyncClient`, the `Notification`;
            `qolo.unwrap` narrows the type to it. With the generated client, also the `Problem` of a
            documented error status, or None for an undocumented status or an unreadable error body.
    """

    return (
        await asyncio_detailed(
            notification_guid=notification_guid,
            client=client,
        )
    ).parsed
