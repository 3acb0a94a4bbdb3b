"""Copies of requests and responses that are safe to keep (inside exceptions).

Exceptions are serialised by error reporters (Sentry and the like: attributes, pickles), so an
exception never keeps the live request or response, only detached copies: the request's method,
URL and headers with `Authorization`, `Proxy-Authorization`, `Cookie` and every header the caller
gave the client (`headers=`, `with_headers`: an API gateway's key, say) redacted, and *no body*
(a login body holds the API key, a SetPIN body the PIN); the response's status, headers
(`Set-Cookie` redacted) and body with every secret property masked, bound to that request copy.

The platform's responses carry secrets: its cards hold the full card number and the CVV, and its
SetPIN answer echoes the PIN. The values of the contract's secret properties
(`qolo_api.types.SECRET_FIELDS`, derived from the contract by the generator) are replaced before
a body is kept, and so is what looks like a secret inside its strings (an error message quoting
the request, a JSON answer wrapped in a string). A body that is not JSON has no properties to
find: one that begins like a JSON document (a broken or cut-off answer, its secrets anywhere in
it) is not kept at all, and any other text (a gateway's HTML page) is kept with what looks like
a secret masked (a run of digits as long as a card number, the value after a secret property's
name).

The error of a failed parse is kept too (as an exception's cause), and the json module's errors
quote the whole body (`JSONDecodeError.doc`, `UnicodeDecodeError.object`): `detach_parse_error`
takes the body out of them, keeping where the parse broke.
"""

from __future__ import annotations

import contextlib
import json
import re
from typing import Any

import httpx

from qolo_api.types import SECRET_FIELDS

from ._config import (
    EXT_GIVEN_HEADERS,
    EXT_IDEMPOTENCY_HEADER,
    EXT_OPERATION,
    REDACTED,
    REDACTED_HEADERS,
)

__all__ = [
    "detach_parse_error",
    "detach_request",
    "detach_response",
    "drop_frames",
    "redact_body",
]

#: Headers that describe the body's encoding on the wire, not the decoded body a copy holds.
_FRAMING_HEADERS = frozenset({"content-encoding", "content-length", "transfer-encoding"})
#: Request extensions worth keeping (the operation's name, its idempotency header's name, and the
#: names of the caller's headers, so that a copy of a copy masks them too).
_KEPT_EXTENSIONS = (EXT_OPERATION, EXT_IDEMPOTENCY_HEADER, EXT_GIVEN_HEADERS)

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
    if isinstance(value, str):
        return _masked_string(value)
    return value


def _masked_string(text: str) -> str:
    """A JSON string with what looks like a secret masked: an error's message may quote the
    request (`card 5340920000006448 is invalid`, `cvx2=123`), or a gateway may wrap a whole
    JSON answer in one string. A run of digits touching a letter (a card proxy's) is kept."""
    if not any(c.isdigit() for c in text):
        return text
    text = _CARD_NUMBER_IN_STRING.sub(REDACTED, text)
    return _SECRET_VALUE_IN_STRING.sub(r"\1" + REDACTED, text)


def redact_body(content: bytes) -> bytes:
    """`content` with every secret property's value masked (see the module docstring for a
    body that is not JSON)."""
    if not content:
        return content
    try:
        document = json.loads(content)
    except ValueError:  # UnicodeDecodeError included
        return _redact_text(content)
    masked = _masked(document)
    if masked == document:
        return content
    return json.dumps(masked, separators=(",", ":")).encode()


# What may come before a JSON document's first character: white space, byte order marks, and
# the zero bytes of UTF-16 and UTF-32 (the json module reads those encodings too).
_JSON_LEAD = b" \t\r\n\x00\xef\xbb\xbf\xfe\xff"
# A card number: 12 digits or more, single spaces or dashes allowed between them.
_CARD_NUMBER = re.compile(rb"(?<![0-9])[0-9](?:[ -]?[0-9]){11,}(?![0-9])")
# A secret property's name, as a word, then `:`, `=` or `>` and its value up to a delimiter:
# `cvx2=123`, `"pin": "1234"`, `<pin>1234<`.
_SECRET_VALUE = re.compile(
    rb"(?<![A-Za-z0-9_])((?:"
    + b"|".join(re.escape(name.encode()) for name in sorted(SECRET_FIELDS, key=len, reverse=True))
    + rb")[\"']?\s*[:=>]\s*[\"']?)[^\s\"'&,;<>{}\[\]]+",
    re.IGNORECASE,  # `PIN: 1234`, `<Pin>1234<`: a page's spelling is its own
)

# The same, for the strings of a JSON body: a card number is not part of a word there
# (`cproxy0311739020901` is a card proxy, kept).
_CARD_NUMBER_IN_STRING = re.compile(r"(?<![0-9A-Za-z])[0-9](?:[ -]?[0-9]){11,}(?![0-9A-Za-z])")
_SECRET_VALUE_IN_STRING = re.compile(_SECRET_VALUE.pattern.decode(), re.IGNORECASE)


def _redact_text(content: bytes) -> bytes:
    """A body that is not JSON, safe to keep: nothing if it begins like JSON, else masked."""
    if content.lstrip(_JSON_LEAD)[:1] in (b"{", b"["):
        return b""
    if b"\x00" in content:  # UTF-16 or -32, or binary: digits the patterns cannot see
        return b""
    content = _CARD_NUMBER.sub(REDACTED.encode(), content)
    return _SECRET_VALUE.sub(rb"\1" + REDACTED.encode(), content)


_LINE = re.compile(r"[^\n]+")


def detach_parse_error(error: Exception) -> Exception:
    """`error` without the body it quotes; changed in place, as it is also a `__cause__`.

    A `JSONDecodeError` keeps where it broke (`pos`, `lineno`, `colno` and its message, also
    once unpickled) with its `doc` blanked up to there, line breaks kept; a `UnicodeDecodeError`
    keeps the bytes that could not be decoded and their position. Any other error is returned
    as it is: a model's parse error quotes at most the one value it could not read (a date),
    never a secret property's (a string, whatever it holds).
    """
    if isinstance(error, json.JSONDecodeError):
        error.doc = _LINE.sub(lambda line: " " * len(line[0]), error.doc[: error.pos])
    elif isinstance(error, UnicodeDecodeError):
        start, end = error.start, error.end
        error.object = b" " * start + bytes(error.object[start:end])
        error.args = (error.encoding, error.object, start, end, error.reason)
    return error


def drop_frames(error: BaseException) -> BaseException:
    """`error` and every exception chained to it (causes and contexts) without their frames;
    a context it suppressed (`raise ... from None`) is dropped too. Changed in place.

    A parse or decode error is raised where the body is in a local variable (a model's
    `from_dict` holds the whole card in `src_dict`, httpx's decoder the raw bytes in `data`),
    and error reporters capture the locals of every frame of the chain; a suppressed context
    is never shown, but it is still there to walk, and the parser's message quotes the value.
    """
    seen: set[int] = set()
    pending: list[BaseException] = [error]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        current.__traceback__ = None
        if current.__suppress_context__:
            current.__context__ = None
        pending += [e for e in (current.__cause__, current.__context__) if e is not None]
    return error


# Marks a response `detach_response` made (a key of its `extensions`).
_DETACHED = "qolo.detached"


def _redacted_headers(
    headers: httpx.Headers, secret: frozenset[str] = REDACTED_HEADERS
) -> list[tuple[str, str]]:
    return [
        (key, REDACTED if key.lower() in secret else value)
        for key, value in headers.multi_items()
        if key.lower() not in _FRAMING_HEADERS
    ]


def detach_request(request: httpx.Request) -> httpx.Request:
    """A copy of `request` safe to keep: method, URL and redacted headers, without the body.

    Besides `REDACTED_HEADERS`, the headers the caller gave the client are masked: the client's
    httpx clients name them in the `EXT_GIVEN_HEADERS` extension of every request they send.
    """
    extensions = {
        key: request.extensions[key] for key in _KEPT_EXTENSIONS if key in request.extensions
    }
    given = extensions.get(EXT_GIVEN_HEADERS)
    secret = REDACTED_HEADERS | given if isinstance(given, frozenset) else REDACTED_HEADERS
    return httpx.Request(
        request.method,
        request.url,
        headers=_redacted_headers(request.headers, secret),
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
