# Generated from openapi.yaml by tools/regenerate.py (openapi-python-client) — do not edit.
# Change the contract or generator-templates/, then run `nox -s regenerate`.
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AsyncOperationClient, ResponseHooks, SyncOperationClient
from ...models.card import Card
from ...models.problem import Problem
from ...models.replace_card_request import ReplaceCardRequest
from ...types import UNSET, Response, Unset, parse_status


def _get_kwargs(
    card_proxy: str,
    *,
    body: ReplaceCardRequest,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["IdempotencyKey"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/cards/{card_proxy}/replace".format(
            card_proxy=quote(str(card_proxy), safe=""),
        ),
        "extensions": {
            "openapi_operation": "replace_card",
            "openapi_idempotency_header": "IdempotencyKey",
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
    body: ReplaceCardRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[Card | Problem]:
    """Replace or renew a card

     Issues a new card in place of this one and returns the new card (200, as the platform
    documents it). `REPLACE` gives the new card a new PAN (for lost, stolen or compromised
    cards); `RENEW` keeps the PAN with a new expiry (for expiring or damaged cards; what each
    value does is this contract's reading, the reference shows only the two names). A card
    that is, or would become, `LOST` or `STOLEN` is never renewed with its compromised
    number: `RENEW` answers 400 `card_needs_new_number` (use `REPLACE`). The old
    card moves to `status` under the transition rules of `StatusCard` (`ReplaceCardStatus`
    has no closing statuses); omitted, or equal to the old card's status, the old card keeps
    its status, so it stays usable until the new one is activated (the reference shows no
    default: a choice). The new card starts `PENDING` with `replaced_card_proxy` naming the
    old one, and expires after `card_months_until_expire` months (0, null or omitted: the
    program's expiry). A card in a terminal status cannot be replaced (400,
    `card_not_replaceable`); a `new_card_proxy` already in use is 400 `card_proxy_taken`.
    The new card is a created resource, so this operation takes an `IdempotencyKey`. Emits
    `card.replaced`.

    Args:
        card_proxy (str):
        idempotency_key (str | Unset):
        body (ReplaceCardRequest): What `ReplaceCard` takes. `operation` is required (a choice:
            the reference marks
            nothing, and REPLACE and RENEW differ in what they do to the PAN); undeclared properties
            are refused.

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
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    card_proxy: str,
    *,
    client: SyncOperationClient,
    body: ReplaceCardRequest,
    idempotency_key: str | Unset = UNSET,
) -> Card | Problem | None:
    """Replace or renew a card

     Issues a new card in place of this one and returns the new card (200, as the platform
    documents it). `REPLACE` gives the new card a new PAN (for lost, stolen or compromised
    cards); `RENEW` keeps the PAN with a new expiry (for expiring or damaged cards; what each
    value does is this contract's reading, the reference shows only the two names). A card
    that is, or would become, `LOST` or `STOLEN` is never renewed with its compromised
    number: `RENEW` answers 400 `card_needs_new_number` (use `REPLACE`). The old
    card moves to `status` under the transition rules of `StatusCard` (`ReplaceCardStatus`
    has no closing statuses); omitted, or equal to the old card's status, the old card keeps
    its status, so it stays usable until the new one is activated (the reference shows no
    default: a choice). The new card starts `PENDING` with `replaced_card_proxy` naming the
    old one, and expires after `card_months_until_expire` months (0, null or omitted: the
    program's expiry). A card in a terminal status cannot be replaced (400,
    `card_not_replaceable`); a `new_card_proxy` already in use is 400 `card_proxy_taken`.
    The new card is a created resource, so this operation takes an `IdempotencyKey`. Emits
    `card.replaced`.

    Args:
        card_proxy (str):
        idempotency_key (str | Unset):
        body (ReplaceCardRequest): What `ReplaceCard` takes. `operation` is required (a choice:
            the reference marks
            nothing, and REPLACE and RENEW differ in what they do to the PAN); undeclared properties
            are refused.

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
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    card_proxy: str,
    *,
    client: AsyncOperationClient,
    body: ReplaceCardRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[Card | Problem]:
    """Replace or renew a card

     Issues a new card in place of this one and returns the new card (200, as the platform
    documents it). `REPLACE` gives the new card a new PAN (for lost, stolen or compromised
    cards); `RENEW` keeps the PAN with a new expiry (for expiring or damaged cards; what each
    value does is this contract's reading, the reference shows only the two names). A card
    that is, or would become, `LOST` or `STOLEN` is never renewed with its compromised
    number: `RENEW` answers 400 `card_needs_new_number` (use `REPLACE`). The old
    card moves to `status` under the transition rules of `StatusCard` (`ReplaceCardStatus`
    has no closing statuses); omitted, or equal to the old card's status, the old card keeps
    its status, so it stays usable until the new one is activated (the reference shows no
    default: a choice). The new card starts `PENDING` with `replaced_card_proxy` naming the
    old one, and expires after `card_months_until_expire` months (0, null or omitted: the
    program's expiry). A card in a terminal status cannot be replaced (400,
    `card_not_replaceable`); a `new_card_proxy` already in use is 400 `card_proxy_taken`.
    The new card is a created resource, so this operation takes an `IdempotencyKey`. Emits
    `card.replaced`.

    Args:
        card_proxy (str):
        idempotency_key (str | Unset):
        body (ReplaceCardRequest): What `ReplaceCard` takes. `operation` is required (a choice:
            the reference marks
            nothing, and REPLACE and RENEW differ in what they do to the PAN); undeclared properties
            are refused.

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
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    card_proxy: str,
    *,
    client: AsyncOperationClient,
    body: ReplaceCardRequest,
    idempotency_key: str | Unset = UNSET,
) -> Card | Problem | None:
    """Replace or renew a card

     Issues a new card in place of this one and returns the new card (200, as the platform
    documents it). `REPLACE` gives the new card a new PAN (for lost, stolen or compromised
    cards); `RENEW` keeps the PAN with a new expiry (for expiring or damaged cards; what each
    value does is this contract's reading, the reference shows only the two names). A card
    that is, or would become, `LOST` or `STOLEN` is never renewed with its compromised
    number: `RENEW` answers 400 `card_needs_new_number` (use `REPLACE`). The old
    card moves to `status` under the transition rules of `StatusCard` (`ReplaceCardStatus`
    has no closing statuses); omitted, or equal to the old card's status, the old card keeps
    its status, so it stays usable until the new one is activated (the reference shows no
    default: a choice). The new card starts `PENDING` with `replaced_card_proxy` naming the
    old one, and expires after `card_months_until_expire` months (0, null or omitted: the
    program's expiry). A card in a terminal status cannot be replaced (400,
    `card_not_replaceable`); a `new_card_proxy` already in use is 400 `card_proxy_taken`.
    The new card is a created resource, so this operation takes an `IdempotencyKey`. Emits
    `card.replaced`.

    Args:
        card_proxy (str):
        idempotency_key (str | Unset):
        body (ReplaceCardRequest): What `ReplaceCard` takes. `operation` is required (a choice:
            the reference marks
            nothing, and REPLACE and RENEW differ in what they do to the PAN); undeclared properties
            are refused.

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
            idempotency_key=idempotency_key,
        )
    ).parsed
