"""What the runner shares with the processes it starts: paths and environment variable names.

Standard library and PyYAML only: the runner imports this instead of the modules that use the names
(`conformance.contract`, `hooks`, `pytest_counts`), which bring schemathesis and pytest and
cost it seconds of start-up on every run (issue #14).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "CONTRACT",
    "COUNTS_ENV",
    "FILTERED_ENV",
    "NOWHERE_URL",
    "RECEIVER_PATH",
    "ROOT",
    "SECRETS_ENV",
    "SECRETS_POLICIES",
    "SECRET_FIELDS",
    "WEBHOOK_URL_ENV",
    "contract_version",
    "secret_field_names",
]

ROOT = Path(__file__).resolve().parent.parent
CONTRACT = ROOT / "openapi.yaml"
SECRETS_POLICIES = ("strict", "reference")
# How the runner tells the checks and the suite (its subprocesses) which secrets policy applies.
SECRETS_ENV = "QOLO_CONFORMANCE_SECRETS"
# Where `hooks.filter_failure` notes each failure it drops (set by the runner; unset: not noted).
FILTERED_ENV = "QOLO_CONFORMANCE_FILTERED"
# Where the suite's pytest plugin (`conformance.pytest_counts`) writes its outcome counts.
COUNTS_ENV = "QOLO_CONFORMANCE_SUITE_COUNTS"
# Field names of secrets: the contract's writeOnly ones and card secrets, including the names the
# platform's own reference samples use (`card_number`, `cvx2`). Under the `strict` policy none
# may appear in a response; under `reference`, only where the response schema declares it.
SECRET_FIELDS = frozenset(
    {"pin", "apikey", "secret", "cvv", "cvv2", "cvx2", "card_pan", "pan", "card_number"}
)
# Where the kit points the webhook subscriptions it creates: a `.invalid` host (RFC 6761: it never
# resolves) when no receiver answers, else one of its receivers (`conformance.receiver`), which
# listen on 127.0.0.1 at this path.
NOWHERE_URL = "https://conformance-receiver.invalid/webhook"
# A receiver the target allows, for the kit's subscriptions (the runner sets it to its own
# receiver for the embedded sandbox); unset, they point at NOWHERE_URL.
WEBHOOK_URL_ENV = "QOLO_CONFORMANCE_WEBHOOK_URL"
RECEIVER_PATH = "/qolo/webhooks"


def _load_contract() -> Any:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with CONTRACT.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=loader)  # noqa: S506 (a safe loader)


@functools.cache
def secret_field_names() -> frozenset[str]:
    """`SECRET_FIELDS` and every property the contract marks secret (password or writeOnly).

    What a report must never show the value of: the contract adds `access_token` and
    `ssn_last4` to the names the checks look for.
    """
    found = set(SECRET_FIELDS)
    stack: list[Any] = [_load_contract()]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for name, prop in (node.get("properties") or {}).items():
                if isinstance(prop, dict) and (
                    prop.get("format") == "password" or prop.get("writeOnly") is True
                ):
                    found.add(str(name).lower())
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return frozenset(found)


def contract_version() -> str:
    """The contract's `info.version` (libyaml's parser when present: a quarter of the time)."""
    return str(_load_contract()["info"]["version"])
