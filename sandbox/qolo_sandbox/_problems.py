"""Problem documents (RFC 9457) as the contract's `Problem` schema describes them."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

__all__ = ["PROBLEM_BASE", "ApiError", "FieldError", "problem_body"]

PROBLEM_BASE = "https://qvapikeybank.qolopay.com/problems/"

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
        "title": HTTPStatus(status).phrase,
        "status": status,
        "code": code,
        "detail": detail,
        "request_id": request_id,
    }
    if instance is not None:
        body["instance"] = instance
    if errors is not None:
        body["errors"] = errors
    return body
