# Generated from openapi.yaml by tools/regenerate.py (openapi-python-client) — do not edit.
# Change the contract or generator-templates/, then run `nox -s regenerate`.
from typing import Any

import httpx

from ...client import AsyncOperationClient, ResponseHooks, SyncOperationClient
from ...models.card import Card
from ...models.problem import Problem
from ...models.validate_card_request import ValidateCardRequest
from ...types import Response, parse_status


def _get_kwargs(
    *,
    body: ValidateCardRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/cards/validate",
        "extensions": {
            "openapi_operation": "validate_card",
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
    *,
    client: SyncOperationClient,
    body: ValidateCardRequest,
) -> Response[Card | Problem]:
    """Validate a card's details

     Checks card details a cardholder gave (card number, CVV, expiry, or the proxy or last
    digits, plus optional identity factors such as the date of birth, the postal code or the
    last four digits of the SSN) and answers the card when every given detail matches one
    card of the caller's program.

    The reference names the fields and the statuses; the matching rules are this contract's:
    the request must identify the card by `card_proxy`, `card_number` or `card_lastX` (else
    400 `validation_error`); any detail that does not match, or no such card, is 404
    `card_not_found` (which detail failed is not said, so the call cannot be used to guess
    them one by one); details matching several cards are 400 `card_ambiguous`. The sandbox
    keeps no CVV and no SSN: it checks `cvx2` and `ssn_last4` for shape only (3 or 4
    digits); a `cvx2` or `ssn_last4` of the wrong shape is a mismatch like any other (404).
    `iin` is compared with the card's BIN; `journal_entry` is recorded, not matched. Nothing
    changes and no event is sent, so a read-only token may call it (`x-qolo-changes-nothing`:
    a POST only because card numbers and CVVs must not travel in a URL).

    Args:
        body (ValidateCardRequest): The card details to check. Give `card_proxy`, `card_number` or
            `card_lastX` to identify
            the card, plus any other detail to check; undeclared properties are refused (a choice).

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
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: SyncOperationClient,
    body: ValidateCardRequest,
) -> Card | Problem | None:
    """Validate a card's details

     Checks card details a cardholder gave (card number, CVV, expiry, or the proxy or last
    digits, plus optional identity factors such as the date of birth, the postal code or the
    last four digits of the SSN) and answers the card when every given detail matches one
    card of the caller's program.

    The reference names the fields and the statuses; the matching rules are this contract's:
    the request must identify the card by `card_proxy`, `card_number` or `card_lastX` (else
    400 `validation_error`); any detail that does not match, or no such card, is 404
    `card_not_found` (which detail failed is not said, so the call cannot be used to guess
    them one by one); details matching several cards are 400 `card_ambiguous`. The sandbox
    keeps no CVV and no SSN: it checks `cvx2` and `ssn_last4` for shape only (3 or 4
    digits); a `cvx2` or `ssn_last4` of the wrong shape is a mismatch like any other (404).
    `iin` is compared with the card's BIN; `journal_entry` is recorded, not matched. Nothing
    changes and no event is sent, so a read-only token may call it (`x-qolo-changes-nothing`:
    a POST only because card numbers and CVVs must not travel in a URL).

    Args:
        body (ValidateCardRequest): The card details to check. Give `card_proxy`, `card_number` or
            `card_lastX` to identify
            the card, plus any other detail to check; undeclared properties are refused (a choice).

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
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AsyncOperationClient,
    body: ValidateCardRequest,
) -> Response[Card | Problem]:
    """Validate a card's details

     Checks card details a cardholder gave (card number, CVV, expiry, or the proxy or last
    digits, plus optional identity factors such as the date of birth, the postal code or the
    last four digits of the SSN) and answers the card when every given detail matches one
    card of the caller's program.

    The reference names the fields and the statuses; the matching rules are this contract's:
    the request must identify the card by `card_proxy`, `card_number` or `card_lastX` (else
    400 `validation_error`); any detail that does not match, or no such card, is 404
    `card_not_found` (which detail failed is not said, so the call cannot be used to guess
    them one by one); details matching several cards are 400 `card_ambiguous`. The sandbox
    keeps no CVV and no SSN: it checks `cvx2` and `ssn_last4` for shape only (3 or 4
    digits); a `cvx2` or `ssn_last4` of the wrong shape is a mismatch like any other (404).
    `iin` is compared with the card's BIN; `journal_entry` is recorded, not matched. Nothing
    changes and no event is sent, so a read-only token may call it (`x-qolo-changes-nothing`:
    a POST only because card numbers and CVVs must not travel in a URL).

    Args:
        body (ValidateCardRequest): The card details to check. Give `card_proxy`, `card_number` or
            `card_lastX` to identify
            the card, plus any other detail to check; undeclared properties are refused (a choice).

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
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AsyncOperationClient,
    body: ValidateCardRequest,
) -> Card | Problem | None:
    """Validate a card's details

     Checks card details a cardholder gave (card number, CVV, expiry, or the proxy or last
    digits, plus optional identity factors such as the date of birth, the postal code or the
    last four digits of the SSN) and answers the card when every given detail matches one
    card of the caller's program.

    The reference names the fields and the statuses; the matching rules are this contract's:
    the request must identify the card by `card_proxy`, `card_number` or `card_lastX` (else
    400 `validation_error`); any detail that does not match, or no such card, is 404
    `card_not_found` (which detail failed is not said, so the call cannot be used to guess
    them one by one); details matching several cards are 400 `card_ambiguous`. The sandbox
    keeps no CVV and no SSN: it checks `cvx2` and `ssn_last4` for shape only (3 or 4
    digits); a `cvx2` or `ssn_last4` of the wrong shape is a mismatch like any other (404).
    `iin` is compared with the card's BIN; `journal_entry` is recorded, not matched. Nothing
    changes and no event is sent, so a read-only token may call it (`x-qolo-changes-nothing`:
    a POST only because card numbers and CVVs must not travel in a URL).

    Args:
        body (ValidateCardRequest): The card details to check. Give `card_proxy`, `card_number` or
            `card_lastX` to identify
            the card, plus any other detail to check; undeclared properties are refused (a choice).

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
            client=client,
            body=body,
        )
    ).parsed
