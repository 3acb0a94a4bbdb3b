"""After a run against a deployment: delete the webhook subscriptions schemathesis created.

schemathesis creates subscriptions (CreateNotification, and the stateful phase's links) and
leaves them; night after night they would pile up on the platform. Exactly those this run
created are deleted, read from its own record of the run (the NDJSON events), so no list
operation is needed (the contract's ListNotifications is a choice the platform may lack) and
no other run's or partner's subscription is touched. The suite deletes its own. Cards stay:
the contract has no operation that deletes one.
"""

from __future__ import annotations

import base64
import binascii
import json
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

__all__ = ["created_subscriptions", "sweep"]

# A throttled clean-up call is sent again after its `Retry-After`, at most this many times in
# all, each wait capped (the contract allows 429 on any call).
_THROTTLED_ATTEMPTS = 4
_MAX_RETRY_AFTER = 10.0
_SUBSCRIPTIONS = "/api/v1/notifications"
_CARDS_STAY = (
    "the cards it created stay: cards cannot be deleted (the contract has no such operation)"
)


def created_subscriptions(events: Path) -> list[str]:
    """The `notification_guid` of every subscription a CreateNotification created (201) in the
    schemathesis run recorded in `events`, in order, each once."""
    guids: dict[str, None] = {}
    if not events.exists():
        return []
    with events.open(encoding="utf-8") as handle:
        for line in handle:
            for interaction in _interactions(json.loads(line)):
                guid = _created(interaction)
                if guid is not None:
                    guids[guid] = None
    return list(guids)


def _interactions(node: Any) -> list[dict[str, Any]]:
    """Every recorded request/response pair in an NDJSON event, wherever it is nested."""
    found: list[dict[str, Any]] = []
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if isinstance(item.get("request"), dict) and isinstance(item.get("response"), dict):
                found.append(item)
            else:
                stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def _created(interaction: dict[str, Any]) -> str | None:
    request, response = interaction["request"], interaction["response"]
    if request.get("method") != "POST" or response.get("status_code") != 201:
        return None
    if urlsplit(str(request.get("uri", ""))).path.rstrip("/") != _SUBSCRIPTIONS:
        return None
    content = response.get("content")
    encoded = content.get("$base64") if isinstance(content, dict) else content
    try:
        body = json.loads(base64.b64decode(str(encoded), validate=True))
    except (binascii.Error, ValueError):
        return None
    guid = body.get("notification_guid") if isinstance(body, dict) else None
    return guid if isinstance(guid, str) else None


def sweep(base_url: str, token: str, guids: list[str]) -> str:
    """Delete the subscriptions `guids` (this run's); a line saying what was done."""
    if not guids:
        return f"clean-up: schemathesis left no webhook subscription; {_CARDS_STAY}"
    deleted = 0
    with httpx.Client(
        base_url=base_url,
        headers={"Authorization": f"Bearer {token}"},
        timeout=httpx.Timeout(15.0, connect=5.0),
    ) as client:
        for guid in guids:
            answer = _unthrottled(client, "DELETE", f"{_SUBSCRIPTIONS}/{guid}")
            deleted += answer is not None and answer.status_code in (204, 404)
    left = f" ({len(guids) - deleted} could not be deleted)" if deleted < len(guids) else ""
    return (
        f"clean-up: deleted {deleted} webhook subscriptions schemathesis created in this run"
        f"{left}, no other; {_CARDS_STAY}"
    )


def _unthrottled(client: httpx.Client, method: str, path: str) -> httpx.Response | None:
    """One clean-up call, sent again after each 429's `Retry-After` (bounded); None: no answer."""
    answer = None
    for _ in range(_THROTTLED_ATTEMPTS):
        try:
            answer = client.request(method, path)
        except httpx.HTTPError:
            return None
        if answer.status_code != 429:
            break
        try:
            wait = float(answer.headers.get("retry-after") or 1)
        except ValueError:
            wait = 1.0
        time.sleep(min(max(wait, 0.0), _MAX_RETRY_AFTER))
    return answer
