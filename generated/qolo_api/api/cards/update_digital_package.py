# Generated from openapi.yaml by tools/regenerate.py (openapi-python-client) — do not edit.
# Change the contract or generator-templates/, then run `nox -s regenerate`.
from typing import Any

import httpx

from ...client import AsyncOperationClient, ResponseHooks, SyncOperationClient
from ...models.digital_package import DigitalPackage
from ...models.digital_package_request import DigitalPackageRequest
from ...models.problem import Problem
from ...types import Response, parse_status


def _get_kwargs(
    *,
    body: DigitalPackageRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/cards/digitalpackage",
        "extensions": {
            "openapi_operation": "update_digital_package",
        },
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: ResponseHooks, response: httpx.Response) -> DigitalPackage | Problem | None:
    if response.status_code == 201:
        response_201 = DigitalPackage.from_dict(response.json())

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


def _build_response(*, client: ResponseHooks, response: httpx.Response) -> Response[DigitalPackage | Problem]:
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
    body: DigitalPackageRequest,
) -> Response[DigitalPackage | Problem]:
    """Set a card's mobile-wallet art

     Sets or replaces the digital package of the card `card_proxy`: the card art shown when
    the card is added to a mobile wallet (the values are given by Qolo). Cards already in a
    mobile wallet keep their art until they are added again. Answers 201 with the package
    details (the reference's status for this update). The card's
    `card_tracking_detail.digital_package_id` shows the package from then on. Setting the
    same package again is harmless, so the call is safe to retry.

    Args:
        body (DigitalPackageRequest): What `UpdateDigitalPackage` takes, as JSON (the reference
            gives the body no media type;
            JSON is this contract's choice, like every other body). Undeclared properties are
            refused (a choice).

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
        Response[DigitalPackage | Problem]: With `qolo.Client`, `parsed` is the
            `DigitalPackage`. With the generated client, `parsed` may also be the `Problem` of a
            documented error status, or None for an undocumented status or an unreadable error body.
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
    body: DigitalPackageRequest,
) -> DigitalPackage | Problem | None:
    """Set a card's mobile-wallet art

     Sets or replaces the digital package of the card `card_proxy`: the card art shown when
    the card is added to a mobile wallet (the values are given by Qolo). Cards already in a
    mobile wallet keep their art until they are added again. Answers 201 with the package
    details (the reference's status for this update). The card's
    `card_tracking_detail.digital_package_id` shows the package from then on. Setting the
    same package again is harmless, so the call is safe to retry.

    Args:
        body (DigitalPackageRequest): What `UpdateDigitalPackage` takes, as JSON (the reference
            gives the body no media type;
            JSON is this contract's choice, like every other body). Undeclared properties are
            refused (a choice).

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
        DigitalPackage | Problem | None: With `qolo.Client`, the `DigitalPackage`; `qolo.unwrap`
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
    body: DigitalPackageRequest,
) -> Response[DigitalPackage | Problem]:
    """Set a card's mobile-wallet art

     Sets or replaces the digital package of the card `card_proxy`: the card art shown when
    the card is added to a mobile wallet (the values are given by Qolo). Cards already in a
    mobile wallet keep their art until they are added again. Answers 201 with the package
    details (the reference's status for this update). The card's
    `card_tracking_detail.digital_package_id` shows the package from then on. Setting the
    same package again is harmless, so the call is safe to retry.

    Args:
        body (DigitalPackageRequest): What `UpdateDigitalPackage` takes, as JSON (the reference
            gives the body no media type;
            JSON is this contract's choice, like every other body). Undeclared properties are
            refused (a choice).

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
        Response[DigitalPackage | Problem]: With `qolo.AsyncClient`, `parsed` is the
            `DigitalPackage`. With the generated client, `parsed` may also be the `Problem` of a
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
    body: DigitalPackageRequest,
) -> DigitalPackage | Problem | None:
    """Set a card's mobile-wallet art

     Sets or replaces the digital package of the card `card_proxy`: the card art shown when
    the card is added to a mobile wallet (the values are given by Qolo). Cards already in a
    mobile wallet keep their art until they are added again. Answers 201 with the package
    details (the reference's status for this update). The card's
    `card_tracking_detail.digital_package_id` shows the package from then on. Setting the
    same package again is harmless, so the call is safe to retry.

    Args:
        body (DigitalPackageRequest): What `UpdateDigitalPackage` takes, as JSON (the reference
            gives the body no media type;
            JSON is this contract's choice, like every other body). Undeclared properties are
            refused (a choice).

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
        DigitalPackage | Problem | None: With `qolo.AsyncClient`, the `DigitalPackage`;
            `qolo.unwrap` narrows the type to it. With the generated client, also the `Problem` of a
            documented error status, or None for an undocumented status or an unreadable error body.
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
