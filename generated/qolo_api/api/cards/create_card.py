# Generated from openapi.yaml by tools/regenerate.py (openapi-python-client) — do not edit.
# Change the contract or generator-templates/, then run `nox -s regenerate`.
from typing import Any

import httpx

from ...client import AsyncOperationClient, ResponseHooks, SyncOperationClient
from ...models.create_card_request import CreateCardRequest
from ...models.create_card_response import CreateCardResponse
from ...models.problem import Problem
from ...types import UNSET, Response, Unset, parse_status


def _get_kwargs(
    *,
    body: CreateCardRequest,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["IdempotencyKey"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/cards",
        "extensions": {
            "openapi_operation": "create_card",
            "openapi_idempotency_header": "IdempotencyKey",
        },
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: ResponseHooks, response: httpx.Response) -> CreateCardResponse | Problem | None:
    if response.status_code == 201:
        response_201 = CreateCardResponse.from_dict(response.json())

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


def _build_response(*, client: ResponseHooks, response: httpx.Response) -> Response[CreateCardResponse | Problem]:
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
    body: CreateCardRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[CreateCardResponse | Problem]:
    """Issue a card

     Issues a card in `program_guid`. For a new person, send the whole `person` (at least
    `first_name` and `last_name`) without a `person_guid`, or with the empty GUID
    `00000000-0000-0000-0000-000000000000` as the reference's sample does: the platform
    creates the person with a wallet, an account and the card. For an existing person, send
    its `person_guid` (other person fields are then ignored), and `wallet_guid` to choose the
    wallet (omitted or empty: the person's first wallet). The new card starts `PENDING`;
    activate it with `StatusCard`. `months_until_expire` 0 or omitted means the program's
    configured expiry (36 months in the sandbox).

    Answers 201 with the wrapper `{person, program_guid, card, fulfillment_data}`; 404 when
    the program, the person or the wallet does not exist in the caller's program; 400
    `person_details_required` for a new person without a first and last name. Send an
    `IdempotencyKey` so a retry can never issue a second card.

    Args:
        idempotency_key (str | Unset):
        body (CreateCardRequest): What `CreateCard` takes. Undeclared properties are refused (a
            choice: the reference
            lists every field, and a misspelt one would otherwise be dropped silently).

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
        Response[CreateCardResponse | Problem]: With `qolo.Client`, `parsed` is the
            `CreateCardResponse`. With the generated client, `parsed` may also be the `Problem` of a
            documented error status, or None for an undocumented status or an unreadable error body.
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
    body: CreateCardRequest,
    idempotency_key: str | Unset = UNSET,
) -> CreateCardResponse | Problem | None:
    """Issue a card

     Issues a card in `program_guid`. For a new person, send the whole `person` (at least
    `first_name` and `last_name`) without a `person_guid`, or with the empty GUID
    `00000000-0000-0000-0000-000000000000` as the reference's sample does: the platform
    creates the person with a wallet, an account and the card. For an existing person, send
    its `person_guid` (other person fields are then ignored), and `wallet_guid` to choose the
    wallet (omitted or empty: the person's first wallet). The new card starts `PENDING`;
    activate it with `StatusCard`. `months_until_expire` 0 or omitted means the program's
    configured expiry (36 months in the sandbox).

    Answers 201 with the wrapper `{person, program_guid, card, fulfillment_data}`; 404 when
    the program, the person or the wallet does not exist in the caller's program; 400
    `person_details_required` for a new person without a first and last name. Send an
    `IdempotencyKey` so a retry can never issue a second card.

    Args:
        idempotency_key (str | Unset):
        body (CreateCardRequest): What `CreateCard` takes. Undeclared properties are refused (a
            choice: the reference
            lists every field, and a misspelt one would otherwise be dropped silently).

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
        CreateCardResponse | Problem | None: With `qolo.Client`, the `CreateCardResponse`;
            `qolo.unwrap` narrows the type to it. With the generated client, also the `Problem` of a
            documented error status, or None for an undocumented status or an unreadable error body.
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AsyncOperationClient,
    body: CreateCardRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[CreateCardResponse | Problem]:
    """Issue a card

     Issues a card in `program_guid`. For a new person, send the whole `person` (at least
    `first_name` and `last_name`) without a `person_guid`, or with the empty GUID
    `00000000-0000-0000-0000-000000000000` as the reference's sample does: the platform
    creates the person with a wallet, an account and the card. For an existing person, send
    its `person_guid` (other person fields are then ignored), and `wallet_guid` to choose the
    wallet (omitted or empty: the person's first wallet). The new card starts `PENDING`;
    activate it with `StatusCard`. `months_until_expire` 0 or omitted means the program's
    configured expiry (36 months in the sandbox).

    Answers 201 with the wrapper `{person, program_guid, card, fulfillment_data}`; 404 when
    the program, the person or the wallet does not exist in the caller's program; 400
    `person_details_required` for a new person without a first and last name. Send an
    `IdempotencyKey` so a retry can never issue a second card.

    Args:
        idempotency_key (str | Unset):
        body (CreateCardRequest): What `CreateCard` takes. Undeclared properties are refused (a
            choice: the reference
            lists every field, and a misspelt one would otherwise be dropped silently).

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
        Response[CreateCardResponse | Problem]: With `qolo.AsyncClient`, `parsed` is the
            `CreateCardResponse`. With the generated client, `parsed` may also be the `Problem` of a
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
    body: CreateCardRequest,
    idempotency_key: str | Unset = UNSET,
) -> CreateCardResponse | Problem | None:
    """Issue a card

     Issues a card in `program_guid`. For a new person, send the whole `person` (at least
    `first_name` and `last_name`) without a `person_guid`, or with the empty GUID
    `00000000-0000-0000-0000-000000000000` as the reference's sample does: the platform
    creates the person with a wallet, an account and the card. For an existing person, send
    its `person_guid` (other person fields are then ignored), and `wallet_guid` to choose the
    wallet (omitted or empty: the person's first wallet). The new card starts `PENDING`;
    activate it with `StatusCard`. `months_until_expire` 0 or omitted means the program's
    configured expiry (36 months in the sandbox).

    Answers 201 with the wrapper `{person, program_guid, card, fulfillment_data}`; 404 when
    the program, the person or the wallet does not exist in the caller's program; 400
    `person_details_required` for a new person without a first and last name. Send an
    `IdempotencyKey` so a retry can never issue a second card.

    Args:
        idempotency_key (str | Unset):
        body (CreateCardRequest): What `CreateCard` takes. Undeclared properties are refused (a
            choice: the reference
            lists every field, and a misspelt one would otherwise be dropped silently).

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
        CreateCardResponse | Problem | None: With `qolo.AsyncClient`, the `CreateCardResponse`;
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
