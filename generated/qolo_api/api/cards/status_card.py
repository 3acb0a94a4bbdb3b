# Generated from openapi.yaml by tools/regenerate.py (openapi-python-client) — do not edit.
# Change the contract or generator-templates/, then run `nox -s regenerate`.
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AsyncOperationClient, ResponseHooks, SyncOperationClient
from ...models.card import Card
from ...models.card_status_request import CardStatusRequest
from ...models.problem import Problem
from ...types import Response, parse_status


def _get_kwargs(
    card_proxy: str,
    *,
    body: CardStatusRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/cards/{card_proxy}/status".format(
            card_proxy=quote(str(card_proxy), safe=""),
        ),
        "extensions": {
            "openapi_operation": "status_card",
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
    body: CardStatusRequest,
) -> Response[Card | Problem]:
    """Change a card's status

     Moves a card to `status` and returns the updated card. The platform's reference does not
    publish its transition rules, only that `override_status` bypasses them (and is ignored
    for an activation); this contract's rules are:

    | from | allowed targets |
    |---|---|
    | `PENDING` | `ACTIVE`, `SUSPEND`, `LOST`, `STOLEN`, `DAMAGED`, `CLOSED`, `FCLOSED` |
    | `ACTIVE` | `SUSPEND`, `LOST`, `STOLEN`, `DAMAGED`, `CLOSED`, `FCLOSED`, `FORGET` |
    | `SUSPEND` | `ACTIVE`, `LOST`, `STOLEN`, `DAMAGED`, `CLOSED`, `FCLOSED`, `FORGET` |
    | `DAMAGED` | `ACTIVE`, `SUSPEND`, `CLOSED`, `FCLOSED` |
    | `LOST`, `STOLEN` | `CLOSED`, `FCLOSED` |
    | `CLOSED`, `FCLOSED`, `FORGET` | none (terminal) |

    Setting the status a card already has is a successful no-op, so the call is safe to
    retry. Any other move outside the table answers 400 with `code`
    `invalid_status_transition`. `override_status: true` allows a move outside the table,
    except out of a status the reference makes final (see `CardStatus`): a `LOST` or `STOLEN`
    card is blocked for good and `CLOSED` is permanent (as are `FCLOSED` and `FORGET` here),
    so from those the table alone decides, override or not. `PENDING` → `ACTIVE` emits
    `card.activated`; every other change emits `card.status`.

    Args:
        card_proxy (str):
        body (CardStatusRequest): What `StatusCard` takes. `status` is required (a choice: the
            reference marks nothing,
            and a status change without a status means nothing); undeclared properties are refused.

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
    body: CardStatusRequest,
) -> Card | Problem | None:
    """Change a card's status

     Moves a card to `status` and returns the updated card. The platform's reference does not
    publish its transition rules, only that `override_status` bypasses them (and is ignored
    for an activation); this contract's rules are:

    | from | allowed targets |
    |---|---|
    | `PENDING` | `ACTIVE`, `SUSPEND`, `LOST`, `STOLEN`, `DAMAGED`, `CLOSED`, `FCLOSED` |
    | `ACTIVE` | `SUSPEND`, `LOST`, `STOLEN`, `DAMAGED`, `CLOSED`, `FCLOSED`, `FORGET` |
    | `SUSPEND` | `ACTIVE`, `LOST`, `STOLEN`, `DAMAGED`, `CLOSED`, `FCLOSED`, `FORGET` |
    | `DAMAGED` | `ACTIVE`, `SUSPEND`, `CLOSED`, `FCLOSED` |
    | `LOST`, `STOLEN` | `CLOSED`, `FCLOSED` |
    | `CLOSED`, `FCLOSED`, `FORGET` | none (terminal) |

    Setting the status a card already has is a successful no-op, so the call is safe to
    retry. Any other move outside the table answers 400 with `code`
    `invalid_status_transition`. `override_status: true` allows a move outside the table,
    except out of a status the reference makes final (see `CardStatus`): a `LOST` or `STOLEN`
    card is blocked for good and `CLOSED` is permanent (as are `FCLOSED` and `FORGET` here),
    so from those the table alone decides, override or not. `PENDING` → `ACTIVE` emits
    `card.activated`; every other change emits `card.status`.

    Args:
        card_proxy (str):
        body (CardStatusRequest): What `StatusCard` takes. `status` is required (a choice: the
            reference marks nothing,
            and a status change without a status means nothing); undeclared properties are refused.

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
    body: CardStatusRequest,
) -> Response[Card | Problem]:
    """Change a card's status

     Moves a card to `status` and returns the updated card. The platform's reference does not
    publish its transition rules, only that `override_status` bypasses them (and is ignored
    for an activation); this contract's rules are:

    | from | allowed targets |
    |---|---|
    | `PENDING` | `ACTIVE`, `SUSPEND`, `LOST`, `STOLEN`, `DAMAGED`, `CLOSED`, `FCLOSED` |
    | `ACTIVE` | `SUSPEND`, `LOST`, `STOLEN`, `DAMAGED`, `CLOSED`, `FCLOSED`, `FORGET` |
    | `SUSPEND` | `ACTIVE`, `LOST`, `STOLEN`, `DAMAGED`, `CLOSED`, `FCLOSED`, `FORGET` |
    | `DAMAGED` | `ACTIVE`, `SUSPEND`, `CLOSED`, `FCLOSED` |
    | `LOST`, `STOLEN` | `CLOSED`, `FCLOSED` |
    | `CLOSED`, `FCLOSED`, `FORGET` | none (terminal) |

    Setting the status a card already has is a successful no-op, so the call is safe to
    retry. Any other move outside the table answers 400 with `code`
    `invalid_status_transition`. `override_status: true` allows a move outside the table,
    except out of a status the reference makes final (see `CardStatus`): a `LOST` or `STOLEN`
    card is blocked for good and `CLOSED` is permanent (as are `FCLOSED` and `FORGET` here),
    so from those the table alone decides, override or not. `PENDING` → `ACTIVE` emits
    `card.activated`; every other change emits `card.status`.

    Args:
        card_proxy (str):
        body (CardStatusRequest): What `StatusCard` takes. `status` is required (a choice: the
            reference marks nothing,
            and a status change without a status means nothing); undeclared properties are refused.

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
    body: CardStatusRequest,
) -> Card | Problem | None:
    """Change a card's status

     Moves a card to `status` and returns the updated card. The platform's reference does not
    publish its transition rules, only that `override_status` bypasses them (and is ignored
    for an activation); this contract's rules are:

    | from | allowed targets |
    |---|---|
    | `PENDING` | `ACTIVE`, `SUSPEND`, `LOST`, `STOLEN`, `DAMAGED`, `CLOSED`, `FCLOSED` |
    | `ACTIVE` | `SUSPEND`, `LOST`, `STOLEN`, `DAMAGED`, `CLOSED`, `FCLOSED`, `FORGET` |
    | `SUSPEND` | `ACTIVE`, `LOST`, `STOLEN`, `DAMAGED`, `CLOSED`, `FCLOSED`, `FORGET` |
    | `DAMAGED` | `ACTIVE`, `SUSPEND`, `CLOSED`, `FCLOSED` |
    | `LOST`, `STOLEN` | `CLOSED`, `FCLOSED` |
    | `CLOSED`, `FCLOSED`, `FORGET` | none (terminal) |

    Setting the status a card already has is a successful no-op, so the call is safe to
    retry. Any other move outside the table answers 400 with `code`
    `invalid_status_transition`. `override_status: true` allows a move outside the table,
    except out of a status the reference makes final (see `CardStatus`): a `LOST` or `STOLEN`
    card is blocked for good and `CLOSED` is permanent (as are `FCLOSED` and `FORGET` here),
    so from those the table alone decides, override or not. `PENDING` → `ACTIVE` emits
    `card.activated`; every other change emits `card.status`.

    Args:
        card_proxy (str):
        body (CardStatusRequest): What `StatusCard` takes. `status` is required (a choice: the
            reference marks nothing,
            and a status change without a status means nothing); undeclared properties are refused.

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
