"""After a run against a deployment: delete the webhook subscriptions the kit itself created.

schemathesis and the suite subscribe the kit's own URLs and would leave them on the platform
night after night. Only those go (`conformance.names.is_kit_webhook_url`); cards stay, as the
contract has no operation that deletes one.
"""

from __future__ import annotations

import time

import httpx

from conformance.names import is_kit_webhook_url

__all__ = ["sweep"]

# A throttled clean-up call is sent again after its `Retry-After`, at most this many times in
# all, each wait capped (the contract allows 429 on any call).
_THROTTLED_ATTEMPTS = 4
_MAX_RETRY_AFTER = 10.0
_SUBSCRIPTIONS = "/api/v1/notifications"


def sweep(base_url: str, token: str) -> str:
    """Delete the webhook subscriptions the kit left on a deployment; a line saying what it did.

    schemathesis and the suite subscribe the kit's own URLs (`is_kit_webhook_url`: its `.invalid`
    host, its loopback receivers) and leave them there; those, and no other, are deleted. Cards
    cannot be: the contract has no operation for it, so the line says they stay.
    """
    cards = (
        "the cards it created stay: cards cannot be deleted (the contract has no such operation)"
    )
    with httpx.Client(
        base_url=base_url,
        headers={"Authorization": f"Bearer {token}"},
        timeout=httpx.Timeout(15.0, connect=5.0),
    ) as client:
        kit: list[str] = []
        start = 0
        while True:
            page = _unthrottled(
                client, "GET", _SUBSCRIPTIONS, params={"limit": 1000, "start_index": start}
            )
            if page is None or page.status_code != 200:
                why = "no answer" if page is None else f"HTTP {page.status_code}"
                return (
                    f"clean-up: could not list the program's webhook subscriptions ({why}), so "
                    f"the kit's may remain; {cards}"
                )
            body = page.json()
            kit += [
                str(item.get("notification_guid"))
                for item in body.get("data") or []
                if isinstance(item, dict) and is_kit_webhook_url(item.get("url"))
            ]
            end = body.get("end_index")
            if not body.get("has_more") or not isinstance(end, int) or end <= start:
                break
            start = end
        deleted = 0
        for guid in kit:
            answer = _unthrottled(client, "DELETE", f"{_SUBSCRIPTIONS}/{guid}")
            deleted += answer is not None and answer.status_code in (204, 404)
    left = f" ({len(kit) - deleted} could not be deleted)" if deleted < len(kit) else ""
    return (
        f"clean-up: deleted {deleted} webhook subscriptions at the kit's own receiver URLs{left},"
        f" no other; {cards}"
    )


def _unthrottled(
    client: httpx.Client, method: str, path: str, params: dict[str, int] | None = None
) -> httpx.Response | None:
    """One clean-up call, sent again after each 429's `Retry-After` (bounded); None: no answer."""
    answer = None
    for _ in range(_THROTTLED_ATTEMPTS):
        try:
            answer = client.request(method, path, params=params)
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
