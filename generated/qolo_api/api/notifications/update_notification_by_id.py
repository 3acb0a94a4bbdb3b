# Generated from openapi.yaml by tools/regenerate.py (openapi-python-client) — do not edit.
# Change the contract or generator-templates/, then run `nox -s regenerate`.
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ...client import AsyncOperationClient, ResponseHooks, SyncOperationClient
from ...models.notification import Notification
from ...models.notification_update_request import NotificationUpdateRequest
from ...models.problem import Problem
from ...types import Response, parse_status


def _get_kwargs(
    notification_guid: UUID,
    *,
    body: NotificationUpdateRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/api/v1/notifications/{notification_guid}".format(
            notification_guid=quote(str(notification_guid), safe=""),
        ),
        "extensions": {
            "openapi_operation": "update_notification_by_id",
        },
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
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
    body: NotificationUpdateRequest,
) -> Response[Notification | Problem]:
    """Update a webhook subscription

     Replaces the subscription's `url`, `headers`, `event_type` and, when given, `secret`
    (null or omitted: the current secret is kept); `program_guid` must be the subscription's
    own, and `notification_guid`, when given, the one in the path. The reference's page
    shows the fields but not the method, the path literal or the responses: PUT on the
    subscription's path and a 200 with the subscription are this contract's.

    `active: false` turns the subscription off (no deliveries, no ping). Otherwise, for a
    subscription that has been active before, the platform pings the URL again and sets
    `active` from the answer, as on create. A subscription that was never active stays
    inactive whatever the update says: contact Qolo to activate it (the reference's rule;
    see `CreateNotification`). The new `url` is checked as on create, ping or not.

    Args:
        notification_guid (UUID):
        body (NotificationUpdateRequest): What `UpdateNotificationById` takes; undeclared
            properties are refused (a choice).

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
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    notification_guid: UUID,
    *,
    client: SyncOperationClient,
    body: NotificationUpdateRequest,
) -> Notification | Problem | None:
    """Update a webhook subscription

     Replaces the subscription's `url`, `headers`, `event_type` and, when given, `secret`
    (null or omitted: the current secret is kept); `program_guid` must be the subscription's
    own, and `notification_guid`, when given, the one in the path. The reference's page
    shows the fields but not the method, the path literal or the responses: PUT on the
    subscription's path and a 200 with the subscription are this contract's.

    `active: false` turns the subscription off (no deliveries, no ping). Otherwise, for a
    subscription that has been active before, the platform pings the URL again and sets
    `active` from the answer, as on create. A subscription that was never active stays
    inactive whatever the update says: contact Qolo to activate it (the reference's rule;
    see `CreateNotification`). The new `url` is checked as on create, ping or not.

    Args:
        notification_guid (UUID):
        body (NotificationUpdateRequest): What `UpdateNotificationById` takes; undeclared
            properties are refused (a choice).

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
        body=body,
    ).parsed


async def asyncio_detailed(
    notification_guid: UUID,
    *,
    client: AsyncOperationClient,
    body: NotificationUpdateRequest,
) -> Response[Notification | Problem]:
    """Update a webhook subscription

     Replaces the subscription's `url`, `headers`, `event_type` and, when given, `secret`
    (null or omitted: the current secret is kept); `program_guid` must be the subscription's
    own, and `notification_guid`, when given, the one in the path. The reference's page
    shows the fields but not the method, the path literal or the responses: PUT on the
    subscription's path and a 200 with the subscription are this contract's.

    `active: false` turns the subscription off (no deliveries, no ping). Otherwise, for a
    subscription that has been active before, the platform pings the URL again and sets
    `active` from the answer, as on create. A subscription that was never active stays
    inactive whatever the update says: contact Qolo to activate it (the reference's rule;
    see `CreateNotification`). The new `url` is checked as on create, ping or not.

    Args:
        notification_guid (UUID):
        body (NotificationUpdateRequest): What `UpdateNotificationById` takes; undeclared
            properties are refused (a choice).

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
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    notification_guid: UUID,
    *,
    client: AsyncOperationClient,
    body: NotificationUpdateRequest,
) -> Notification | Problem | None:
    """Update a webhook subscription

     Replaces the subscription's `url`, `headers`, `event_type` and, when given, `secret`
    (null or omitted: the current secret is kept); `program_guid` must be the subscription's
    own, and `notification_guid`, when given, the one in the path. The reference's page
    shows the fields but not the method, the path literal or the responses: PUT on the
    subscription's path and a 200 with the subscription are this contract's.

    `active: false` turns the subscription off (no deliveries, no ping). Otherwise, for a
    subscription that has been active before, the platform pings the URL again and sets
    `active` from the answer, as on create. A subscription that was never active stays
    inactive whatever the update says: contact Qolo to activate it (the reference's rule;
    see `CreateNotification`). The new `url` is checked as on create, ping or not.

    Args:
        notification_guid (UUID):
        body (NotificationUpdateRequest): What `UpdateNotificationById` takes; undeclared
            properties are refused (a choice).

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
            body=body,
        )
    ).parsed
