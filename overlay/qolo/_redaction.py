"""Copies of requests and responses that are safe to keep (inside exceptions).

Exceptions are serialised by error reporters (Sentry and the like: attributes, pickles), so an
exception never keeps the live request or response, only detached copies: the request's method,
URL and headers with `Authorization`, `Proxy-Authorization` and `Cookie` redacted and *no body*
(a login body holds the API key, a SetPIN body the PIN); the response's status, headers
(`Set-Cookie` redacted) and body with every secret property masked, bound to that request copy.

The platform's responses carry secrets: its cards hold the full card number and the CVV, and its
SetPIN answer echoes the PIN. The values of the contract's secret properties
(`qolo_api.types.SECRET_FIELDS`, derived from the contract by the generator) are replaced before
a body is kept.
"""

from __future__ import annotations

import contextlib
import json
from typing import Any

import httpx

from qolo_api.types import SECRET_FIELDS

from ._config import EXT_IDEMPOTENCY_HEADER, EXT_OPERATION, REDACTED, REDACTED_HEADERS

__all__ = ["detach_request", "detach_response", "redact_body"]

#: Headers that describe the body's encoding on the wire, not the decoded body a copy holds.
_FRAMING_HEADERS = frozenset({"content-encoding", "content-length", "transfer-encoding"})
#: Request extensions worth keeping (the operation's name and its idempotency header's name).
_KEPT_EXTENSIONS = (EXT_OPERATION, EXT_IDEMPOTENCY_HEADER)

_MAX_DEPTH = 64


def _masked(value: Any, depth: int = 0) -> Any:
    if depth > _MAX_DEPTH:
        return REDACTED  # deeper than any body of the contract: keep nothing
    if isinstance(value, dict):
        return {
            key: REDACTED
            if key in SECRET_FIELDS and item not in (None, "")
            else _masked(item, depth + 1)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_masked(item, depth + 1) for item in value]
    return value


def redact_body(content: bytes) -> bytes:
    """`content` with every secret property's value masked; unchanged if it is not JSON."""
    if not content:
        return content
    try:
        document = json.loads(content)
    except ValueError:
        return content
    masked = _masked(document)
    if masked == document:
        return content
    return json.dumps(masked, separators=(",", ":")).encode()


# Marks a response `detach_response` made (a key of its `extensions`).
_DETACHED = "qolo.detached"


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
    drops the body too (a login's holds the access token). A copy given again is returned as
    it is (an error's response is detached once, however many hands it passes).
    """
    if response.extensions.get(_DETACHED) and (keep_body or not response.content):
        return response
    try:
        request: httpx.Request | None = detach_request(response.request)
    except RuntimeError:  # a response built by hand, without a request
        request = None
    extensions: dict[str, Any] = {
        key: response.extensions[key]
        for key in ("http_version", "reason_phrase")
        if key in response.extensions
    }
    extensions[_DETACHED] = True
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
