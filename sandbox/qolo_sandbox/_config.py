"""The sandbox's settings: plain values, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "DEFAULT_TOKEN_TTL",
    "DEFAULT_WEBHOOK_RETRY_BASE",
    "Config",
    "CredentialSpec",
]

DEFAULT_TOKEN_TTL = 43200
DEFAULT_WEBHOOK_RETRY_BASE = 30.0
WEBHOOK_MAX_RETRIES = 6
WEBHOOK_TIMEOUT = 5.0
IDEMPOTENCY_RETENTION = 24 * 3600
LOGIN_FAILURE_LIMIT = 5
LOGIN_FAILURE_WINDOW = 60


@dataclass(frozen=True, slots=True)
class CredentialSpec:
    """One partner credential; `read_only` tokens may only read."""

    loginid: str
    apikey: str
    program_guid: str
    read_only: bool = False


@dataclass(slots=True)
class Config:
    """Everything the app factory needs; the CLI builds it from options and the environment."""

    db: str | None = None
    credentials: list[CredentialSpec] = field(default_factory=list)
    token_ttl: int = DEFAULT_TOKEN_TTL
    rate_limit: int | None = None
    controls: bool = False
    webhook_retry_base: float = DEFAULT_WEBHOOK_RETRY_BASE
    webhook_poll_interval: float = 0.05
