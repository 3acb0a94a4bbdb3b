# Generated from openapi.yaml by tools/regenerate.py (openapi-python-client) — do not edit.
# Change the contract or generator-templates/, then run `nox -s regenerate`.
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AsyncOperationClient, ResponseHooks, SyncOperationClient
from ...models.card import Card
from ...models.issuance_type_request import IssuanceTypeRequest
from ...models.problem import Problem
from ...types import Response, parse_status


def _get_kwargs(
    card_proxy: str,
    *,
    body: IssuanceTypeRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/cards/{card_proxy}/issuance_type".format(
            card_proxy=quote(str(card_proxy), safe=""),
        ),
        "extensions": {
            "openapi_operation": "issuance_type",
        },
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: ResponseHooks, response: httpx.Response) -> Card | Problem | None:
    if response.status_code == 200:
        response_200 = Card.from_dict(response.json())

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


def _build_response(*, client: ResponseHooks, response: httpx.Response) -> Response[Card | Problem]:
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
    card_proxy: str,
    *,
    client: SyncOperationClient,
    body: IssuanceTypeRequest,
) -> Response[Card | Problem]:
    """Turn a virtual card into a plastic one

     Changes the card's issuance type. The platform allows only `VIRTUAL` → `FULL` (a
    reloadable plastic card) at this time: any other change is 400
    `issuance_type_change_not_allowed`, and asking for the type the card already has is a
    successful no-op (safe to retry). The plastic is produced from `fulfillment_order_info`,
    `fourth_line` and `iin_brand` (omitted: the program's configuration). Returns the card
    details and emits `card.fulfilment`.

    Args:
        card_proxy (str):
        body (IssuanceTypeRequest): What `issuance_type` takes; undeclared properties are refused
            (a choice).

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
        Response[Card | Problem]: With `qolo.Client`, `parsed` is the `Card`. With the generated
            client, `parsed` may also be the `Problem` of a documented error status, or None for an
            undocumented status or an unreadable error body.
    """

    kwargs = _get_kwargs(
        card_proxy=card_proxy,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    card_proxy: str,
    *,
    client: SyncOperationClient,
    body: IssuanceTypeRequest,
) -> Card | Problem | None:
    """Turn a virtual card into a plastic one

     Changes the card's issuance type. The platform allows only `VIRTUAL` → `FULL` (a
    reloadable plastic card) at this time: any other change is 400
    `issuance_type_change_not_allowed`, and asking for the type the card already has is a
    successful no-op (safe to retry). The plastic is produced from `fulfillment_order_info`,
    `fourth_line` and `iin_brand` (omitted: the program's configuration). Returns the card
    details and emits `card.fulfilment`.

    Args:
        card_proxy (str):
        body (IssuanceTypeRequest): What `issuance_type` takes; undeclared properties are refused
            (a choice).

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
        Card | Problem | None: With `qolo.Client`, the `Card`; `qolo.unwrap` narrows the type to
            it. With the generated client, also the `Problem` of a documented error status, or None
            for an undocumented status or an unreadable error body.
    """

    return sync_detailed(
        card_proxy=card_proxy,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    card_proxy: str,
    *,
    client: AsyncOperationClient,
    body: IssuanceTypeRequest,
) -> Response[Card | Problem]:
    """Turn a virtual card into a plastic one

     Changes the card's issuance type. The platform allows only `VIRTUAL` → `FULL` (a
    reloadable plastic card) at this time: any other change is 400
    `issuance_type_change_not_allowed`, and asking for the type the card already has is a
    successful no-op (safe to retry). The plastic is produced from `fulfillment_order_info`,
    `fourth_line` and `iin_brand` (omitted: the program's configuration). Returns the card
    details and emits `card.fulfilment`.

    Args:
        card_proxy (str):
        body (IssuanceTypeRequest): What `issuance_type` takes; undeclared properties are refused
            (a choice).

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
        Response[Card | Problem]: With `qolo.AsyncClient`, `parsed` is the `Card`. With the
            generated client, `parsed` may also be the `Problem` of a documented error status, or
            None for an undocumented status or an unreadable error body.
    """

    kwargs = _get_kwargs(
        card_proxy=card_proxy,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    card_proxy: str,
    *,
    client: AsyncOperationClient,
    body: IssuanceTypeRequest,
) -> Card | Problem | None:
    """Turn a virtual card into a plastic one

     Changes the card's issuance type. The platform allows only `VIRTUAL` → `FULL` (a
    reloadable plastic card) at this time: any other change is 400
    `issuance_type_change_not_allowed`, and asking for the type the card already has is a
    successful no-op (safe to retry). The plastic is produced from `fulfillment_order_info`,
    `fourth_line` and `iin_brand` (omitted: the program's configuration). Returns the card
    details and emits `card.fulfilment`.

    Args:
        card_proxy (str):
        body (IssuanceTypeRequest): What `issuance_type` takes; undeclared properties are refused
            (a choice).

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
        Card | Problem | None: With `qolo.AsyncClient`, the `Card`; `qolo.unwrap` narrows the
            type to it. With the generated client, also the `Problem` of a documented error status,
            or None for an undocumented status or an unreadable error body.
    """

    return (
        await asyncio_detailed(
            card_proxy=card_proxy,
            client=client,
            body=body,
        )
    ).parsed
