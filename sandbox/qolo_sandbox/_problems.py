"""Problem documents (RFC 9457) as the contract's `Problem` schema describes them."""

from __future__ import annotations

import re
from http import HTTPStatus
from typing import Any

__all__ = ["PROBLEM_BASE", "ApiError", "FieldError", "masked_path", "problem_body", "reason_phrase"]

PROBLEM_BASE = "https://qvapikeybank.qolopay.com/problems/"
# RFC 9110's names where Python before 3.13 keeps RFC 7231's: the same sandbox must give the
# same title on every interpreter, and the contract's examples use these.
_RFC9110 = {
    413: "Content Too Large",
    414: "URI Too Long",
    416: "Range Not Satisfiable",
    422: "Unprocessable Content",
}


def reason_phrase(status: int) -> str:
    """The status's reason phrase as RFC 9110 names it; a status it does not name (a 520 the
    fault controls inject) gets its class's, as RFC 9110 tells a client to read it."""
    if status in _RFC9110:
        return _RFC9110[status]
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return HTTPStatus(status // 100 * 100).phrase


FieldError = dict[str, str]


class ApiError(Exception):
    """Raised anywhere in request handling; the app turns it into a problem response."""

    def __init__(
        self,
        status: int,
        code: str,
        detail: str,
        *,
        headers: dict[str, str] | None = None,
        errors: list[FieldError] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail
        self.headers = headers or {}
        self.errors = errors


# A card number (13 to 19 digits, maybe in groups) sent where a proxy goes would come back in
# `instance` (the request path), and clients log problem documents.
# Only a number standing alone in its segment: `cproxy0000000000001` is a proxy, not a PAN.
_CARD_NUMBER = re.compile(r"(?<![\w-])\d(?:[ -]?\d){12,18}(?![\w-])")


def masked_path(path: str) -> str:
    """`path` with every card number in it masked as `mask_card_pan` is (first 6, last 4)."""
    if not any(c.isdigit() for c in path):
        return path
    return _CARD_NUMBER.sub(_mask, path)


def _mask(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match.group())
    return digits[:6] + "X" * (len(digits) - 10) + digits[-4:]


def problem_body(
    status: int,
    code: str,
    detail: str,
    request_id: str,
    instance: str | None = None,
    errors: list[FieldError] | None = None,
) -> dict[str, Any]:
    """The problem document; `title` is the reason phrase so clients can show it as is."""
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + code,
        "title": reason_phrase(status),
        "status": status,
        "code": code,
        "detail": detail,
        "request_id": request_id,
    }
    if instance is not None:
        body["instance"] = masked_path(instance)
    if errors is not None:
        body["errors"] = errors
    return body
