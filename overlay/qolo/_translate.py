"""Translating what went wrong with a call into the typed exceptions of `_exceptions.py`.

The edge (`_edge.py`) and the clients' response hooks call these, and nothing else builds a
`QoloError` from an httpx response or error. Messages name the status, the problem's `code` and
`detail` and the request id, never a request's headers or body.
"""

from __future__ import annotations

import json
import re
from http import HTTPStatus
from typing import Any

import httpx

from qolo_api.models import Problem
from qolo_api.types import BadValue, Unset, WrongType

from ._config import EXT_OPERATION, REQUEST_ID_HEADER
from ._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    IdempotencyConflictError,
    MethodNotAllowedError,
    NotFoundError,
    QoloError,
    RateLimitError,
    ServerError,
    UnsupportedMediaTypeError,
)
from ._redaction import detach_response, drop_frames

__all__ = [
    "UndocumentedStatus",
    "connection_error",
    "response_validation_error",
    "status_error",
    "undecodable_error",
    "undocumented_status_error",
]

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


# `//user:password@` in a URL an httpx error may quote (a proxy's, say): never repeated.
_USERINFO = re.compile(r"//[^/@\s]*@")


def _error_class(status: int) -> type[APIStatusError]:
    if status in _BY_STATUS:
        return _BY_STATUS[status]
    if 500 <= status <= 599:
        return ServerError
    return APIStatusError


def _parse(response: httpx.Response) -> tuple[Any, Problem | None]:
    """The body and the problem document in it, if any.

    A body with a `code` that lacks only the members the response itself tells (`type`,
    `title`, `status`, `request_id`: a gateway or a proxy may drop or never add them) is still
    read as a problem, those members taken from the response, so its `code`, `detail` and
    `errors` are not lost. A `code` is never invented.
    """
    try:
        body = json.loads(response.content) if response.content else None
    except ValueError:
        return None, None
    if not isinstance(body, dict):
        return body, None
    try:
        return body, Problem.from_dict(body)
    except (KeyError, ValueError, TypeError):
        pass
    if not isinstance(body.get("code"), str):
        return body, None
    told = {
        "type": "about:blank",
        "title": _phrase(response.status_code),
        "status": response.status_code,
        "request_id": response.headers.get(REQUEST_ID_HEADER, ""),
    }
    try:
        return body, Problem.from_dict({**told, **{k: v for k, v in body.items() if v is not None}})
    except (KeyError, ValueError, TypeError):
        return body, None


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown Status"


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
        text = f"{status} {_phrase(status)}"
        request_id = response.headers.get(REQUEST_ID_HEADER)
    if request_id:
        text += f" (request_id={request_id})"
    return text


def status_error(
    response: httpx.Response, *, idempotency_key: str | None = None, outcome_unknown: bool = False
) -> APIStatusError:
    """The typed exception for a non-2xx `response` whose body has been read.

    `body` and `problem` are parsed from the redacted copy the exception keeps, so a secret an
    error body echoes (a PAN, a CVV, a PIN) is masked in them as it is in `response`.
    """
    response = detach_response(response)
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

    The message names the missing field (a `KeyError` carries the contract's field name), the
    field of a wrong type or of a string its format refuses (`WrongType`, `BadValue`), or else
    the error's type; never the body's values. `keep_body=False` keeps no copy of the body (it must
    be given for a body that was never read, e.g. one that could not be decoded).
    """
    if isinstance(cause, KeyError) and cause.args and isinstance(cause.args[0], str):
        problem = f"no field {cause.args[0]!r}"
    elif isinstance(cause, (WrongType, BadValue)):  # the field and its type, never the value
        problem = str(cause)
    else:
        problem = type(cause).__name__
    text = f"{response.status_code} response body breaks the contract: {problem}"
    request_id = response.headers.get(REQUEST_ID_HEADER)
    if request_id:
        text += f" (request_id={request_id})"
    return APIResponseValidationError(
        text, response=response, cause=cause, keep_body=keep_body, idempotency_key=idempotency_key
    )


class UndocumentedStatus(Exception):
    """The cause of the error for a 2xx status the operation does not document."""


def undocumented_status_error(
    response: httpx.Response, *, idempotency_key: str | None = None
) -> APIResponseValidationError:
    """The typed exception for a 2xx the contract does not document for the operation (a 200
    where it documents 201): success of a kind the client cannot read, so the outcome is unknown.
    """
    operation = response.request.extensions.get(EXT_OPERATION)
    of = f" for {operation}" if isinstance(operation, str) else ""
    cause = UndocumentedStatus(f"the contract documents no {response.status_code}{of}")
    text = f"{response.status_code} response breaks the contract: {cause}"
    request_id = response.headers.get(REQUEST_ID_HEADER)
    if request_id:
        text += f" (request_id={request_id})"
    return APIResponseValidationError(
        text, response=response, cause=cause, idempotency_key=idempotency_key
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
    keeps a body. The httpx error, chained as the cause, keeps only the detached request, and
    neither it nor the zlib error under it keeps its frames: the decoder's hold the raw body in
    their locals (`data`), as it came, and a body mislabelled as compressed is plain text.
    """
    drop_frames(cause)
    copy = detach_response(response, keep_body=False)
    cause.request = copy.request
    if response.is_success:
        return response_validation_error(
            copy, cause, keep_body=False, idempotency_key=idempotency_key
        )
    return status_error(copy, idempotency_key=idempotency_key, outcome_unknown=outcome_unknown)


def connection_error(
    exc: httpx.RequestError,
    request: httpx.Request,
    *,
    idempotency_key: str | None,
    outcome_unknown: bool,
) -> APIConnectionError:
    """The typed error for a transport failure; the httpx error it chains keeps no secret either.

    Nor does it keep its frames: a transport breaks where the request is being written or read,
    and those frames' locals hold it (httpcore's `chunk`: a login's API key, a PIN, a card
    number), which error reporters capture. The message says what broke and where.
    """
    cls = APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
    what = "Request timed out" if cls is APITimeoutError else "Connection error"
    reason = _USERINFO.sub("//", str(exc)).strip().rstrip(".")
    url = request.url
    target = f"{request.method} {url.scheme}://{url.host}"
    target += f":{url.port}{url.path}" if url.port else url.path
    error = cls(
        f"{what}: {type(exc).__name__}{': ' + reason if reason else ''} ({target}).",
        request=request,
        idempotency_key=idempotency_key,
        outcome_unknown=outcome_unknown,
    )
    exc.request = error.request  # the detached copy: `__cause__` is serialised too
    drop_frames(exc)
    return error
