# Generated from openapi.yaml by tools/regenerate.py (openapi-python-client) — do not edit.
# Change the contract or generator-templates/, then run `nox -s regenerate`.
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ...client import AsyncOperationClient, ResponseHooks, SyncOperationClient
from ...models.problem import Problem
from ...types import NO_CONTENT, NoContent, Response, parse_status


def _get_kwargs(
    notification_guid: UUID,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/api/v1/notifications/{notification_guid}".format(
            notification_guid=quote(str(notification_guid), safe=""),
        ),
        "extensions": {
            "openapi_operation": "delete_notification_by_id",
        },
    }

    return _kwargs


def _parse_response(*, client: ResponseHooks, response: httpx.Response) -> NoContent | Problem | None:
    if response.status_code == 204:
        return NO_CONTENT
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


def _build_response(*, client: ResponseHooks, response: httpx.Response) -> Response[NoContent | Problem]:
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
) -> Response[NoContent | Problem]:
    """Delete a webhook subscription

     Deletes the subscription; no further events are delivered to it. Answers 204 with no
    body. The reference has no page for deleting a subscription.

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
        Response[NoContent | Problem]: With `qolo.Client`, `parsed` is `qolo.NO_CONTENT` (a
            `NoContent`: the success has no body). With the generated client, `parsed` may also be
            the `Problem` of a documented error status, or None for an undocumented status or an
            unreadable error body.
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
) -> NoContent | Problem | None:
    """Delete a webhook subscription

     Deletes the subscription; no further events are delivered to it. Answers 204 with no
    body. The reference has no page for deleting a subscription.

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
        NoContent | Problem | None: With `qolo.Client`, `qolo.NO_CONTENT` (a `NoContent`: the
            success has no body); `qolo.unwrap` narrows the type to it. With the generated client,
            also the `Problem` of a documented error status, or None for an undocumented status or
            an unreadable error body.
    """

    return sync_detailed(
        notification_guid=notification_guid,
        client=client,
    ).parsed


async def asyncio_detailed(
    notification_guid: UUID,
    *,
    client: AsyncOperationClient,
) -> Response[NoContent | Problem]:
    """Delete a webhook subscription

     Deletes the subscription; no further events are delivered to it. Answers 204 with no
    body. The reference has no page for deleting a subscription.

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
        Response[NoContent | Problem]: With `qolo.AsyncClient`, `parsed` is `qolo.NO_CONTENT` (a
            `NoContent`: the success has no body). With the generated client, `parsed` may also be
            the `Problem` of a documented error status, or None for an undocumented status or an
            unreadable error body.
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
) -> NoContent | Problem | None:
    """Delete a webhook subscription

     Deletes the subscription; no further events are delivered to it. Answers 204 with no
    body. The reference has no page for deleting a subscription.

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
        NoContent | Problem | None: With `qolo.AsyncClient`, `qolo.NO_CONTENT` (a `NoContent`:
            the success has no body); `qolo.unwrap` narrows the type to it. With the generated
            client, also the `Problem` of a documented error status, or None for an undocumented
            status or an unreadable error body.
    """

    return (
        await asyncio_detailed(
            notification_guid=notification_guid,
            client=client,
        )
    ).parsed
