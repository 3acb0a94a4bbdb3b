"""The sandbox's settings: plain values, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "DEFAULT_IDLE_TIMEOUT",
    "DEFAULT_REQUEST_TIMEOUT",
    "DEFAULT_TOKEN_TTL",
    "DEFAULT_WEBHOOK_RETRY_BASE",
    "MAX_BODY_BYTES",
    "MAX_HEADER_BYTES",
    "MAX_JSON_DEPTH",
    "Config",
    "CredentialSpec",
]

DEFAULT_TOKEN_TTL = 43200
DEFAULT_WEBHOOK_RETRY_BASE = 30.0
WEBHOOK_MAX_RETRIES = 6
WEBHOOK_TIMEOUT = 5.0
# At most this much of a receiver's answer is read (never decompressed); the rest is dropped.
WEBHOOK_MAX_RESPONSE_BYTES = 64 * 1024
IDEMPOTENCY_RETENTION = 24 * 3600

# Failed logins (see `_auth.LoginThrottle`): per login id, a bucket of 5 that refills one every
# 12 s (5 a minute); in total, a bucket of 100 that refills 10 a second.
LOGIN_FAILURE_LIMIT = 5
LOGIN_FAILURE_WINDOW = 60
LOGIN_TOTAL_FAILURE_BURST = 100
LOGIN_TOTAL_FAILURES_PER_SECOND = 10.0
# Login ids are hashed into this many buckets: a fixed size that no flood of ids can evict.
LOGIN_BUCKETS = 4096

# Transport limits (`_cli`'s protocol and `app`): a request's header section, its body, and how
# deep a JSON body may nest (the contract's bodies nest 4 levels; jsonschema-rs stops at 256).
MAX_HEADER_BYTES = 16 * 1024
MAX_BODY_BYTES = 1024 * 1024
MAX_JSON_DEPTH = 32
# An open connection with no request in progress is closed after DEFAULT_IDLE_TIMEOUT seconds;
# a request must arrive whole (headers and body) within DEFAULT_REQUEST_TIMEOUT of its first byte.
DEFAULT_IDLE_TIMEOUT = 5.0
DEFAULT_REQUEST_TIMEOUT = 10.0


@dataclass(frozen=True, slots=True)
class CredentialSpec:
    """One partner credential; `read_only` tokens may only read."""

    loginid: str
    apikey: str = field(repr=False)  # a test's failure output or log must not show the key
    program_guid: str
    read_only: bool = False


@dataclass(slots=True)
class Config:
    """Everything the app factory needs; the CLI builds it from options and the environment.

    `listen_port` is where the sandbox itself accepts connections (the CLI sets it once the
    socket is bound): webhooks are never delivered there. `webhook_allow` is the parsed
    `--webhook-allow` list; empty, every receiver but the sandbox itself is allowed.
    """

    db: str | None = None
    credentials: list[CredentialSpec] = field(default_factory=list)
    token_ttl: int = DEFAULT_TOKEN_TTL
    rate_limit: int | None = None
    controls: bool = False
    webhook_retry_base: float = DEFAULT_WEBHOOK_RETRY_BASE
    webhook_poll_interval: float = 0.05
    listen_port: int | None = None
    webhook_allow: tuple[str, ...] = ()
