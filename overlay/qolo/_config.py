"""Value objects and defaults of the client: plain data, no I/O and no behaviour."""

from __future__ import annotations

from importlib import metadata

import httpx

from qolo_api import __contract_version__

__all__ = [
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "ENV_APIKEY",
    "ENV_BASE_URL",
    "ENV_LOGINID",
    "EXT_GIVEN_HEADERS",
    "EXT_IDEMPOTENCY_HEADER",
    "EXT_OPERATION",
    "EXT_OUTCOME_UNKNOWN",
    "IDEMPOTENT_METHODS",
    "REDACTED",
    "REDACTED_HEADERS",
    "REQUEST_ID_HEADER",
    "RETRYABLE_STATUSES",
    "USER_AGENT",
    "Secret",
]

#: Every call gives up after this long without progress; `None` is never the default.
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
#: Retries after the first attempt; 0 disables retrying.
DEFAULT_MAX_RETRIES = 2

ENV_BASE_URL = "QOLO_BASE_URL"
ENV_LOGINID = "QOLO_LOGINID"
ENV_APIKEY = "QOLO_APIKEY"

#: Request extensions the generated operations set (see generator-templates/).
EXT_OPERATION = "openapi_operation"
EXT_IDEMPOTENCY_HEADER = "openapi_idempotency_header"
#: The request extension the retry layer sets once an attempt may have reached the server.
EXT_OUTCOME_UNKNOWN = "qolo_outcome_unknown"
#: The request extension naming (lowercase) the headers the caller gave the client (`headers=`,
#: `with_headers`): any may be a credential (an API gateway's key), so a kept copy masks them.
EXT_GIVEN_HEADERS = "qolo_given_headers"

REQUEST_ID_HEADER = "X-Request-Id"


def _installed_version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "unknown"


#: Says to the platform which client, and which contract it was generated from, is calling:
#: `qolo-client/2.0.1 (contract 2.0.0) python-httpx/0.28.1`. The client's version is its
#: distribution's, read once at import ("unknown" when run from a source tree not installed).
USER_AGENT = (
    f"qolo-client/{_installed_version('qolo-client')} (contract {__contract_version__}) "
    f"python-httpx/{httpx.__version__}"
)

#: Headers whose values an exception never keeps (lowercase), besides those the caller gave the
#: client (`EXT_GIVEN_HEADERS`); the idempotency key is not secret.
REDACTED_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie"})
#: What a redacted value reads as.
REDACTED = "<redacted>"

#: Methods that may always be retried; a POST only when it carries an idempotency key, or, without
#: one, after an attempt that did nothing (it could not connect, or was throttled: a 429).
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})
#: Statuses worth another attempt (plus every 5xx): timeout, in-flight duplicate, rate limit.
RETRYABLE_STATUSES = frozenset({408, 409, 429})


class Secret:
    """A string that never shows itself in a repr, str or f-string."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """The secret itself, for the one place that must send it."""
        return self._value

    def __repr__(self) -> str:
        return "<redacted>"

    __str__ = __repr__

    def __bool__(self) -> bool:
        return bool(self._value)
