"""The exceptions the client raises.

Every failure of a call is a `QoloError`, never an httpx or a generated `qolo_api.errors` one::

    QoloError
    ├── APIConnectionError          the request did not get a response (refused, reset, dropped)
    │   └── APITimeoutError         ... because a timeout expired
    ├── APIStatusError              a non-2xx response; any status without a subclass (403, 3xx)
    │   ├── BadRequestError         400, with `errors` (the invalid fields)
    │   ├── AuthenticationError     401: wrong credentials, or a token refused twice
    │   ├── NotFoundError           404
    │   ├── MethodNotAllowedError   405, e.g. a read-only credential writing
    │   ├── IdempotencyConflictError  409 (same key still in flight) and 422 (key reused)
    │   ├── UnsupportedMediaTypeError 415
    │   ├── RateLimitError          429
    │   └── ServerError             any 5xx, 500 to 599 (a gateway's 520 too)
    ├── APIResponseValidationError  a 2xx response whose body breaks the contract (a required
    │                               field missing, not JSON); also a login 200 without a token
    └── WebhookVerificationError    a webhook delivery failed `qolo.webhooks.verify`

Every `QoloError` says two things about the call that raised it, whatever its class:

- `outcome_unknown` (bool): True when the call may have taken effect although it raised,
  because some attempt of it may have reached the server: the connection dropped or a read or
  write timed out after it was made, a 5xx answered, or a 409 (the same key still in flight),
  or a 2xx answer broke the contract (`APIResponseValidationError`, always True). False when
  it certainly did nothing: each attempt failed to connect, or was refused with any other
  4xx (400, 404, 408, 422, 429, ...).
  An error of the login the client made on the way (a refused key, a login timeout) is about
  the call too: False unless an earlier attempt of the call itself left its outcome unknown.
- `idempotency_key` (str or None): for a creating call (its operation takes an idempotency
  header, like `CreateCard`), the key every attempt sent; None for any other call. To finish a
  create whose outcome is unknown, call again with `idempotency_key=exc.idempotency_key`: if an
  earlier attempt created the resource the platform answers with that original (a replay,
  `Idempotent-Replayed: true`), otherwise it creates it now; never twice. Calling again
  without the key may create a second one.

Any `APIStatusError` has `retry_after` (the `Retry-After` header in seconds, or None): the
client waits up to 60 s before a retry, and raises at once, with `retry_after` set, when the
server asks for longer.

Messages name the status, the problem's `code` and `detail` and the request id, never a
request's headers or body, so they are safe to log. Context is keyword-only.

Exceptions are serialised by error reporters (Sentry and the like: attributes, pickles), so an
exception never keeps the live request or response. It keeps detached copies instead: the
request's method, URL and headers with `Authorization`, `Proxy-Authorization` and `Cookie`
redacted and *no body* (a login body holds the API key, a SetPIN body the PIN); the response's
status, headers (`Set-Cookie` redacted) and body with every secret property masked (the
platform's cards carry the card number and CVV), bound to that request copy.
"""

from __future__ import annotations

import contextlib
import json
from http import HTTPStatus
from typing import Any

import httpx

from qolo_api.models import FieldError, Problem
from qolo_api.types import Unset

from ._config import (
    EXT_IDEMPOTENCY_HEADER,
    EXT_OPERATION,
    REDACTED,
    REDACTED_HEADERS,
    REQUEST_ID_HEADER,
)
from ._redaction import redact_body
from ._retry import parse_retry_after

__all__ = [
    "APIConnectionError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "IdempotencyConflictError",
    "MethodNotAllowedError",
    "NotFoundError",
    "QoloError",
    "RateLimitError",
    "ServerError",
    "UnsupportedMediaTypeError",
    "WebhookVerificationError",
    "detach_request",
    "detach_response",
    "response_validation_error",
    "status_error",
    "undecodable_error",
]

#: Headers that describe the body's encoding on the wire, not the decoded body a copy holds.
_FRAMING_HEADERS = frozenset({"content-encoding", "content-length", "transfer-encoding"})
#: Request extensions worth keeping (the operation's name and its idempotency header's name).
_KEPT_EXTENSIONS = (EXT_OPERATION, EXT_IDEMPOTENCY_HEADER)


def _redacted_headers(headers: httpx.Headers) -> list[tuple[str, str]]:
    return [
        (key, REDACTED if key.lower() in REDACTED_HEADERS else value)
        for key, value in headers.multi_items()
        if key.lower() not in _FRAMING_HEADERS
    ]


def detach_request(request: httpx.Request) -> httpx.Request:
    """A copy of `request` safe to keep: method, URL and redacted headers, without the body."""
    extensions = {
        key: request.extensions[key] for key in _KEPT_EXTENSIONS if key in request.extensions
    }
    return httpx.Request(
        request.method,
        request.url,
        headers=_redacted_headers(request.headers),
        extensions=extensions,
    )


def detach_response(response: httpx.Response, *, keep_body: bool = True) -> httpx.Response:
    """A copy of a read `response` safe to keep: status, redacted headers and decoded body.

    It is bound to the detached copy of its request and has no connection and no history (the
    history of an auth flow holds the earlier requests, with their tokens). `keep_body=False`
    drops the body too (a login's holds the access token).
    """
    try:
        request: httpx.Request | None = detach_request(response.request)
    except RuntimeError:  # a response built by hand, without a request
        request = None
    extensions: dict[str, Any] = {
        key: response.extensions[key]
        for key in ("http_version", "reason_phrase")
        if key in response.extensions
    }
    copy = httpx.Response(
        response.status_code,
        headers=_redacted_headers(response.headers),
        content=redact_body(response.content) if keep_body else b"",
        request=request,
        extensions=extensions,
    )
    with contextlib.suppress(RuntimeError):  # `elapsed` is unset on a response never sent
        copy.elapsed = response.elapsed
    return copy


class QoloError(Exception):
    """The base of every exception this package raises.

    Attributes:
        outcome_unknown: whether the failed call may have taken effect anyway (see above).
        idempotency_key: the key a creating call sent on every attempt; None for other calls.
    """

    def __init__(
        self, *args: object, idempotency_key: str | None = None, outcome_unknown: bool = False
    ) -> None:
        super().__init__(*args)
        self.idempotency_key = idempotency_key
        self.outcome_unknown = outcome_unknown


class APIConnectionError(QoloError):
    """No response: the connection failed, was reset or dropped, or the server went away."""

    def __init__(
        self,
        message: str = "Connection error.",
        *,
        request: httpx.Request,
        idempotency_key: str | None = None,
        outcome_unknown: bool = False,
    ) -> None:
        super().__init__(message, idempotency_key=idempotency_key, outcome_unknown=outcome_unknown)
        self.request = detach_request(request)


class APITimeoutError(APIConnectionError):
    """No response in time (connect, read, write or pool timeout)."""

    def __init__(
        self,
        message: str = "Request timed out.",
        *,
        request: httpx.Request,
        idempotency_key: str | None = None,
        outcome_unknown: bool = False,
    ) -> None:
        super().__init__(
            message,
            request=request,
            idempotency_key=idempotency_key,
            outcome_unknown=outcome_unknown,
        )


class APIStatusError(QoloError):
    """A response with a non-2xx status.

    Attributes:
        status_code: the HTTP status.
        problem: the parsed RFC 9457 problem document, or None when the body is not one.
        body: the body parsed as JSON, or None when it is not JSON.
        request_id: the platform's request id (from the problem or `X-Request-Id`); quote it
            to support.
        response: a detached copy of the `httpx.Response` (status, headers, body; see above).
        request: the response's detached request (method, URL, redacted headers, no body).
        outcome_unknown, idempotency_key: as for every `QoloError`.
    """

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body: object | None,
        problem: Problem | None,
        idempotency_key: str | None = None,
        outcome_unknown: bool = False,
    ) -> None:
        super().__init__(message, idempotency_key=idempotency_key, outcome_unknown=outcome_unknown)
        self.response = detach_response(response)
        self.request = self.response.request
        self.status_code = response.status_code
        self.body = body
        self.problem = problem
        self.request_id: str | None = (
            problem.request_id if problem is not None else response.headers.get(REQUEST_ID_HEADER)
        )

    @property
    def code(self) -> str | None:
        """The problem's stable machine-readable `code`, if the body was a problem document."""
        return self.problem.code if self.problem is not None else None

    @property
    def retry_after(self) -> float | None:
        """`Retry-After` in seconds, from either form (seconds or an HTTP date); None if absent.

        A 429 or 503 whose `Retry-After` is longer than the retry cap (60 s) is raised at once,
        not retried: this says how long the server asked to wait.
        """
        return parse_retry_after(self.response.headers.get("Retry-After"))


class BadRequestError(APIStatusError):
    """400: the request is invalid; `errors` lists the invalid fields."""

    @property
    def errors(self) -> list[FieldError]:
        """One entry per invalid field (empty when the problem names none)."""
        if self.problem is None or isinstance(self.problem.errors, Unset):
            return []
        return list(self.problem.errors)


class AuthenticationError(APIStatusError):
    """401: the credentials were refused, or a fresh token was refused too."""


class NotFoundError(APIStatusError):
    """404: no such resource in the caller's program (or no such path)."""


class MethodNotAllowedError(APIStatusError):
    """405: the method is not allowed here, or not for this credential (read-only)."""


class UnsupportedMediaTypeError(APIStatusError):
    """415: the body was not `application/json`."""


class IdempotencyConflictError(APIStatusError):
    """409 (the same key is still in flight) or 422 (the key was used with another body)."""


class RateLimitError(APIStatusError):
    """429: too many requests; `retry_after` is the server's advice in seconds, if any."""


class ServerError(APIStatusError):
    """Any 5xx status (500 to 599, a gateway's 520 too): the platform or a gateway failed."""


class APIResponseValidationError(QoloError):
    """A 2xx response whose body does not parse as the contract's model for it.

    The platform (or something in between: a proxy, a captive portal) broke the contract, so the
    call's outcome is unknown: do not assume it failed. A login answering 200 without a token is
    one too, not an `AuthenticationError`: the credentials were not refused.

    Attributes:
        status_code: the HTTP status.
        response: a detached copy of the `httpx.Response` (as for `APIStatusError`).
        request: the response's detached request (None when the check ran after the call, as
            for a login whose `expires_in` is unusable).
        request_id: the `X-Request-Id` header, if any; quote it to support.
        cause: the parse error (also `__cause__`), e.g. `KeyError('mask_card_pan')`.
        outcome_unknown: True (the call may well have succeeded), unless the broken answer
            was the login's on the way to the call (see above).
        idempotency_key: as for every `QoloError`.
    """

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        cause: Exception,
        keep_body: bool = True,
        idempotency_key: str | None = None,
    ) -> None:
        super().__init__(message, idempotency_key=idempotency_key, outcome_unknown=True)
        self.response = detach_response(response, keep_body=keep_body)
        self.request: httpx.Request | None = None
        with contextlib.suppress(RuntimeError):  # a response checked after the call has none
            self.request = self.response.request
        self.status_code = response.status_code
        self.request_id: str | None = response.headers.get(REQUEST_ID_HEADER)
        self.cause = cause


class WebhookVerificationError(QoloError):
    """A webhook delivery is not authentic, too old, or not an event; never echoes the secret."""


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    404: NotFoundError,
    405: MethodNotAllowedError,
    409: IdempotencyConflictError,
    415: UnsupportedMediaTypeError,
    422: IdempotencyConflictError,
    429: RateLimitError,
}


def _error_class(status: int) -> type[APIStatusError]:
    if status in _BY_STATUS:
        return _BY_STATUS[status]
    if 500 <= status <= 599:
        return ServerError
    return APIStatusError


def _parse(response: httpx.Response) -> tuple[Any, Problem | None]:
    try:
        body = json.loads(response.content) if response.content else None
    except ValueError:
        return None, None
    if not isinstance(body, dict):
        return body, None
    try:
        return body, Problem.from_dict(body)
    except (KeyError, ValueError, TypeError):
        return body, None


def _message(response: httpx.Response, problem: Problem | None) -> str:
    status = response.status_code
    if problem is not None:
        text = f"{status} {problem.code}"
        if isinstance(problem.detail, str) and problem.detail:
            text += f": {problem.detail}"
        fields = [e.field for e in problem.errors] if not isinstance(problem.errors, Unset) else []
        if fields:
            text += f" (fields: {', '.join(repr(f) for f in fields)})"
        request_id: str | None = problem.request_id
    else:
        try:
            phrase = HTTPStatus(status).phrase
        except ValueError:
            phrase = "Unknown Status"
        text = f"{status} {phrase}"
        request_id = response.headers.get(REQUEST_ID_HEADER)
    if request_id:
        text += f" (request_id={request_id})"
    return text


def status_error(
    response: httpx.Response, *, idempotency_key: str | None = None, outcome_unknown: bool = False
) -> APIStatusError:
    """The typed exception for a non-2xx `response` whose body has been read."""
    body, problem = _parse(response)
    cls = _error_class(response.status_code)
    return cls(
        _message(response, problem),
        response=response,
        body=body,
        problem=problem,
        idempotency_key=idempotency_key,
        outcome_unknown=outcome_unknown,
    )


def response_validation_error(
    response: httpx.Response,
    cause: Exception,
    *,
    keep_body: bool = True,
    idempotency_key: str | None = None,
) -> APIResponseValidationError:
    """The typed exception for a 2xx `response` whose body failed to parse with `cause`.

    The message names the missing field (a `KeyError` carries the contract's field name) or the
    error's type, never the body's values. `keep_body=False` keeps no copy of the body (it must
    be given for a body that was never read, e.g. one that could not be decoded).
    """
    if isinstance(cause, KeyError) and cause.args and isinstance(cause.args[0], str):
        problem = f"no field {cause.args[0]!r}"
    else:
        problem = type(cause).__name__
    text = f"{response.status_code} response body breaks the contract: {problem}"
    request_id = response.headers.get(REQUEST_ID_HEADER)
    if request_id:
        text += f" (request_id={request_id})"
    return APIResponseValidationError(
        text, response=response, cause=cause, keep_body=keep_body, idempotency_key=idempotency_key
    )


def undecodable_error(
    response: httpx.Response,
    cause: httpx.DecodingError,
    *,
    idempotency_key: str | None = None,
    outcome_unknown: bool = False,
) -> QoloError:
    """The typed exception for a `response` whose body could not be decoded (a broken gzip).

    A 2xx is an `APIResponseValidationError`, any other status its `APIStatusError`; neither
    keeps a body. The httpx error, chained as the cause, keeps only the detached request.
    """
    copy = detach_response(response, keep_body=False)
    cause.request = copy.request
    if response.is_success:
        return response_validation_error(
            copy, cause, keep_body=False, idempotency_key=idempotency_key
        )
    return status_error(copy, idempotency_key=idempotency_key, outcome_unknown=outcome_unknown)
