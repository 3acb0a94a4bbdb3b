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
exception never keeps the live request or response, only the redacted, detached copies that
`_redaction.py` makes. Which exception a response or a failure becomes is `_translate.py`'s.
"""

from __future__ import annotations

import contextlib
from typing import Any

import httpx

from qolo_api.models import FieldError, Problem
from qolo_api.types import Unset

from ._config import REQUEST_ID_HEADER
from ._headers import parse_retry_after
from ._redaction import detach_parse_error, detach_request, detach_response

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
]


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

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle and copy without calling `__init__`, whose context is keyword-only.

        `Exception`'s own reduction calls `cls(*args)`, which these classes refuse: a pickled
        error would fail to load (a process pool would report a broken pool instead of it).
        """
        return _rebuild, (type(self), self.args, self.__dict__)


def _rebuild(cls: type[QoloError], args: tuple[object, ...], state: dict[str, Any]) -> QoloError:
    """A `QoloError` from its pickled parts: `args` and attributes as they were."""
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


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
            problem.request_id if problem is not None else None
        ) or response.headers.get(REQUEST_ID_HEADER)

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
        """One entry per invalid field, at most 100 (the problem's `detail` counts them all;
        empty when the problem names none)."""
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
    """415: the body was not `application/json`, was compressed, or was not UTF-8."""


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
        cause: the parse error (also `__cause__`), e.g. `KeyError('mask_card_pan')`, or a
            `JSONDecodeError` saying where the body stopped being JSON (without the body).
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
        self.cause = detach_parse_error(cause)  # a JSONDecodeError quotes the whole body


class WebhookVerificationError(QoloError):
    """A webhook delivery is not authentic, too old, or not an event; never echoes the secret."""
