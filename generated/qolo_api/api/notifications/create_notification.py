# Generated from openapi.yaml by tools/regenerate.py (openapi-python-client) — do not edit.
# Change the contract or generator-templates/, then run `nox -s regenerate`.
from typing import Any

import httpx

from ...client import AsyncOperationClient, ResponseHooks, SyncOperationClient
from ...models.notification import Notification
from ...models.notification_request import NotificationRequest
from ...models.problem import Problem
from ...types import UNSET, Response, Unset, parse_status


def _get_kwargs(
    *,
    body: NotificationRequest,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["IdempotencyKey"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/notifications",
        "extensions": {
            "openapi_operation": "create_notification",
            "openapi_idempotency_header": "IdempotencyKey",
        },
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: ResponseHooks, response: httpx.Response) -> Notification | Problem | None:
    if response.status_code == 201:
        response_201 = Notification.from_dict(response.json())

        return response_201

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

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = Problem.from_dict(response.json())

        return response_415

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

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
    *,
    client: SyncOperationClient,
    body: NotificationRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[Notification | Problem]:
    """Subscribe to webhooks

     Subscribes `url` to `event_type` events of `program_guid`. The reference shows only the
    update of a subscription; this create (and list, get and delete) is this contract's, with
    the reference's fields, so partners and tests can manage subscriptions end to end.

    The URL is checked when a subscription is created or updated, and again before every
    ping and delivery (a name may resolve elsewhere by then): a refused URL is 400
    `webhook_url_refused`, whose `detail` names the rule. A URL may not carry a user name or
    password (send credentials in `headers`); the sandbox never delivers to its own address
    (any host that resolves to its machine, with its port); a sandbox started with
    `--webhook-allow` delivers only to the hosts and networks listed. Only the receiver's
    status counts: the sandbox reads at most 64 KiB of its answer, never decompressed.

    On subscribe the platform pings the URL (an HTTPS POST of a signed `ping` event) before
    it saves the subscription: a successful answer within 5 seconds makes it `active`,
    anything else saves it inactive (the reference's event-processing page). A subscription
    that was never active is not activated by fixing the receiver or by an update: the
    reference says to contact Qolo (the sandbox's stand-in is its test control `POST
    /_sandbox/notifications/{notification_guid}/activate`). Make sure the receiver answers
    before you subscribe. Deliveries are signed with `secret`, which is write-only: it is
    never returned.

    Args:
        idempotency_key (str | Unset):
        body (NotificationRequest): What `CreateNotification` (this contract's operation) takes:
            the fields of the
            reference's update. `secret` is required here so every delivery can be signed.
            Undeclared properties are refused.

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
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: SyncOperationClient,
    body: NotificationRequest,
    idempotency_key: str | Unset = UNSET,
) -> Notification | Problem | None:
    """Subscribe to webhooks

     Subscribes `url` to `event_type` events of `program_guid`. The reference shows only the
    update of a subscription; this create (and list, get and delete) is this contract's, with
    the reference's fields, so partners and tests can manage subscriptions end to end.

    The URL is checked when a subscription is created or updated, and again before every
    ping and delivery (a name may resolve elsewhere by then): a refused URL is 400
    `webhook_url_refused`, whose `detail` names the rule. A URL may not carry a user name or
    password (send credentials in `headers`); the sandbox never delivers to its own address
    (any host that resolves to its machine, with its port); a sandbox started with
    `--webhook-allow` delivers only to the hosts and networks listed. Only the receiver's
    status counts: the sandbox reads at most 64 KiB of its answer, never decompressed.

    On subscribe the platform pings the URL (an HTTPS POST of a signed `ping` event) before
    it saves the subscription: a successful answer within 5 seconds makes it `active`,
    anything else saves it inactive (the reference's event-processing page). A subscription
    that was never active is not activated by fixing the receiver or by an update: the
    reference says to contact Qolo (the sandbox's stand-in is its test control `POST
    /_sandbox/notifications/{notification_guid}/activate`). Make sure the receiver answers
    before you subscribe. Deliveries are signed with `secret`, which is write-only: it is
    never returned.

    Args:
        idempotency_key (str | Unset):
        body (NotificationRequest): What `CreateNotification` (this contract's operation) takes:
            the fields of the
            reference's update. `secret` is required here so every delivery can be signed.
            Undeclared properties are refused.

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
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AsyncOperationClient,
    body: NotificationRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[Notification | Problem]:
    """Subscribe to webhooks

     Subscribes `url` to `event_type` events of `program_guid`. The reference shows only the
    update of a subscription; this create (and list, get and delete) is this contract's, with
    the reference's fields, so partners and tests can manage subscriptions end to end.

    The URL is checked when a subscription is created or updated, and again before every
    ping and delivery (a name may resolve elsewhere by then): a refused URL is 400
    `webhook_url_refused`, whose `detail` names the rule. A URL may not carry a user name or
    password (send credentials in `headers`); the sandbox never delivers to its own address
    (any host that resolves to its machine, with its port); a sandbox started with
    `--webhook-allow` delivers only to the hosts and networks listed. Only the receiver's
    status counts: the sandbox reads at most 64 KiB of its answer, never decompressed.

    On subscribe the platform pings the URL (an HTTPS POST of a signed `ping` event) before
    it saves the subscription: a successful answer within 5 seconds makes it `active`,
    anything else saves it inactive (the reference's event-processing page). A subscription
    that was never active is not activated by fixing the receiver or by an update: the
    reference says to contact Qolo (the sandbox's stand-in is its test control `POST
    /_sandbox/notifications/{notification_guid}/activate`). Make sure the receiver answers
    before you subscribe. Deliveries are signed with `secret`, which is write-only: it is
    never returned.

    Args:
        idempotency_key (str | Unset):
        body (NotificationRequest): What `CreateNotification` (this contract's operation) takes:
            the fields of the
            reference's update. `secret` is required here so every delivery can be signed.
            Undeclared properties are refused.

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
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AsyncOperationClient,
    body: NotificationRequest,
    idempotency_key: str | Unset = UNSET,
) -> Notification | Problem | None:
    """Subscribe to webhooks

     Subscribes `url` to `event_type` events of `program_guid`. The reference shows only the
    update of a subscription; this create (and list, get and delete) is this contract's, with
    the reference's fields, so partners and tests can manage subscriptions end to end.

    The URL is checked when a subscription is created or updated, and again before every
    ping and delivery (a name may resolve elsewhere by then): a refused URL is 400
    `webhook_url_refused`, whose `detail` names the rule. A URL may not carry a user name or
    password (send credentials in `headers`); the sandbox never delivers to its own address
    (any host that resolves to its machine, with its port); a sandbox started with
    `--webhook-allow` delivers only to the hosts and networks listed. Only the receiver's
    status counts: the sandbox reads at most 64 KiB of its answer, never decompressed.

    On subscribe the platform pings the URL (an HTTPS POST of a signed `ping` event) before
    it saves the subscription: a successful answer within 5 seconds makes it `active`,
    anything else saves it inactive (the reference's event-processing page). A subscription
    that was never active is not activated by fixing the receiver or by an update: the
    reference says to contact Qolo (the sandbox's stand-in is its test control `POST
    /_sandbox/notifications/{notification_guid}/activate`). Make sure the receiver answers
    before you subscribe. Deliveries are signed with `secret`, which is write-only: it is
    never returned.

    Args:
        idempotency_key (str | Unset):
        body (NotificationRequest): What `CreateNotification` (this contract's operation) takes:
            the fields of the
            reference's update. `secret` is required here so every delivery can be signed.
            Undeclared properties are refused.

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
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
