"""The settings a client is built from, resolved once (arguments, then the environment)."""

from __future__ import annotations

import os
import re
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field

import httpx

from ._config import ENV_APIKEY, ENV_BASE_URL, ENV_LOGINID, REDACTED, USER_AGENT, Secret
from ._policy import RetryPolicy

__all__ = ["ClientHeaders", "ClientOptions", "checked_headers", "checked_timeout"]


def _setting(value: str | None, env: str, what: str) -> str:
    if value is None:
        value = os.environ.get(env)
    if not value:
        raise ValueError(f"{what} is required: pass {what}= or set the {env} environment variable")
    return value


def checked_timeout(timeout: float | httpx.Timeout | None) -> httpx.Timeout:
    """`timeout` as an `httpx.Timeout`: seconds (a number >= 0) or None for no limit, or a
    Timeout whose every part is one. Checked here, not at the first call's socket."""
    if isinstance(timeout, httpx.Timeout):
        parts: tuple[object, ...] = (timeout.connect, timeout.read, timeout.write, timeout.pool)
    else:
        parts = (timeout,)
    if not all(_seconds(part) for part in parts):
        raise ValueError(
            "timeout must be seconds (0 to a year), None, or an httpx.Timeout of those"
        )
    return timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)


def _seconds(value: object) -> bool:
    """None, or a number of seconds a socket takes: finite, >= 0, under a year (an `inf` or a
    `1e300` overflows the clock at the first call)."""
    return value is None or (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and 0 <= value <= _MAX_TIMEOUT  # NaN fails both comparisons
    )


_MAX_TIMEOUT = 365 * 24 * 3600


def checked_headers(headers: dict[str, str]) -> dict[str, str]:
    """Headers HTTP can carry: a token for a name, visible ASCII (and spaces) for a value.
    Refused here, naming the header (never its value: it may be a credential)."""
    for name, value in headers.items():
        if not isinstance(name, str) or not _TOKEN.fullmatch(name):
            raise ValueError(f"header name {name!r} is not an HTTP token")
        if not isinstance(value, str) or not _FIELD_VALUE.fullmatch(value):
            raise ValueError(
                f"header {name}: its value must be visible ASCII, spaces only inside it"
            )
    return headers


# RFC 9110: a field name is a token; a value visible ASCII with inner spaces or tabs only (h11
# refuses a leading or trailing one, quoting the value in its error).
_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
_FIELD_VALUE = re.compile(r"(?:[\x21-\x7E](?:[\x20-\x7E\t]*[\x21-\x7E])?)?")


class ClientHeaders(dict[str, str]):
    """The headers every request of a client carries: ours, then those the caller gave.

    A header the caller gave replaces ours (or, for a copy, the original's) of the same name in
    any case: header names are case-insensitive, and httpx would send `User-Agent` and
    `user-agent` both. Any header the caller gave (`headers=`, `with_headers`) may be a
    credential, an API gateway's key (`X-Api-Key`, `Ocp-Apim-Subscription-Key`): its value never
    shows in a repr, and `supplied` names them (lowercase) for the copies an exception keeps to
    mask.
    """

    def __init__(self, ours: Mapping[str, str], given: Mapping[str, str]) -> None:
        super().__init__()
        spelt: dict[str, str] = {}  # lowercase name -> the name as last given
        for headers in (ours, given):
            for name, value in headers.items():
                if (replaced := spelt.get(name.lower())) is not None:
                    del self[replaced]
                spelt[name.lower()] = name
                self[name] = value
        earlier = ours.supplied if isinstance(ours, ClientHeaders) else frozenset()
        self.supplied: frozenset[str] = earlier | {name.lower() for name in given}

    def with_given(self, given: Mapping[str, str]) -> ClientHeaders:
        """These headers and `given`, which win (over a name in any case), and are the caller's
        too."""
        return ClientHeaders(self, given)

    def __repr__(self) -> str:
        shown = (
            f"{name!r}: {REDACTED if name.lower() in self.supplied else value!r}"
            for name, value in self.items()
        )
        return "{" + ", ".join(shown) + "}"

    __str__ = __repr__


def _tls(verify: bool | str | ssl.SSLContext) -> bool | ssl.SSLContext:
    """A CA bundle's path as the TLS context httpx wants (it deprecates paths), built now, so
    a missing or unreadable bundle is an error naming it here, not at the first call."""
    if not isinstance(verify, str):
        return verify
    try:
        return ssl.create_default_context(cafile=verify)
    except (OSError, ssl.SSLError) as exc:
        raise ValueError(f"verify: cannot load a CA bundle from {verify!r}: {exc}") from exc


@dataclass(frozen=True, slots=True, eq=False)
class ClientOptions:
    """What `Client` and `AsyncClient` share, fixed for the client's life; copies replace it."""

    base_url: str
    loginid: str
    apikey: Secret  # never a plain attribute: reprs and error reporters must not show it
    timeout: httpx.Timeout
    headers: ClientHeaders  # its repr masks the values of the caller's
    verify: bool | ssl.SSLContext
    proxy: str | None = field(repr=False)  # a proxy URL may carry a password
    retry: RetryPolicy

    @classmethod
    def resolve(
        cls,
        *,
        base_url: str | None,
        loginid: str | None,
        apikey: str | None,
        timeout: float | httpx.Timeout | None,
        max_retries: int,
        headers: dict[str, str] | None,
        verify: bool | str | ssl.SSLContext,
        proxy: str | None,
    ) -> ClientOptions:
        """The options from a client's arguments; `None` credentials come from the environment.

        A `base_url` without `http://` or `https://`, or with credentials in it, is refused
        here, not at the first call.
        """
        url = _setting(base_url, ENV_BASE_URL, "base_url").rstrip("/")
        if not url.lower().startswith(("http://", "https://")):
            # not echoed: a URL may carry credentials
            raise ValueError("base_url must start with http:// or https://")
        if httpx.URL(url).userinfo:
            # The token replaces any Basic credentials the URL would give, so they would do
            # nothing but show in reprs, kept requests and frame locals.
            raise ValueError(
                "base_url must not carry credentials (user:password@): the client authenticates "
                "with loginid and apikey"
            )
        return cls(
            base_url=url,
            loginid=_setting(loginid, ENV_LOGINID, "loginid"),
            apikey=Secret(_setting(apikey, ENV_APIKEY, "apikey")),
            timeout=checked_timeout(timeout),
            # Ours first, so a caller's own User-Agent wins.
            headers=ClientHeaders({"User-Agent": USER_AGENT}, checked_headers(headers or {})),
            verify=_tls(verify),
            proxy=proxy,
            retry=RetryPolicy(max_retries=max_retries),
        )
