"""Webhook subscriptions' promises that hold for any deployment.

A subscription points at the suite's receiver URL (`webhook_url`) and is deleted after its test
(`subscriptions`); a deployment that refuses that URL skips the test. A test finds its own
subscription again by its guid or by a tag of its own in `headers`, never by the program's
totals: a deployment's program has other subscriptions. A header value the tests set is never
quoted in a message (`headers` may carry a partner's credentials).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

from conformance.targeted_suite._support import (
    ApiClient,
    Credential,
    Subscriptions,
    describe,
    expect,
    idem,
    notification_body,
)


def _listed(client: ApiClient, what: str) -> list[dict[str, Any]]:
    """Every subscription `ListNotifications` gives, following `end_index` page by page."""
    found: list[dict[str, Any]] = []
    start = 0
    while True:
        query = {"limit": 1000, "start_index": start}
        page = expect(client.get("/api/v1/notifications", params=query), 200, what)
        found += page["data"]
        if not page["has_more"]:
            return found
        end = page["end_index"]
        assert end > start, f"{what}: has_more at start_index {start}, but end_index {end}"
        start = end


def _tag() -> str:
    """A `headers` line no other subscription has, shaped like a partner's credential."""
    return f"Authorization: Bearer conformance-{uuid.uuid4().hex}"


def test_subscription_key_reused_with_another_body_is_422(
    api: ApiClient, cred: Credential, subscriptions: Subscriptions
) -> None:
    """The `IdempotencyKey` rules hold for CreateNotification as for every create.

    openapi.yaml `components.parameters.IdempotencyKey` ("the same key with a different body is
    rejected with 422") and CreateNotification's 422 (`IdempotencyKeyReused`): a key reused
    with another body is 422 `idempotency_key_reused`, neither a replay of the first answer nor
    a second subscription. The second body carries a tag of its own in `headers`, by which a
    subscription it created would be found in the program's list.
    """
    key = idem()
    body = notification_body(cred.program_guid, event_type=["card.created"])
    first = api.post("/api/v1/notifications", json=body, headers=key)
    subscriptions.skip_if_refused(first)
    subscriptions.remember(expect(first, 201))
    tag = _tag()
    other = {**body, "event_type": ["all"], "headers": tag}
    reused = api.post("/api/v1/notifications", json=other, headers=key)
    if reused.is_success:
        subscriptions.remember(reused.json())  # wrongly created: still deleted after
    got = describe(reused)
    replayed = " (a replay of the first)" if reused.headers.get("idempotent-replayed") else ""
    assert got == "422 idempotency_key_reused", (
        "CreateNotification with a reused IdempotencyKey and another body: "
        f"422 idempotency_key_reused expected, got {got}{replayed}"
    )
    listed = _listed(api, "ListNotifications")
    made = [str(n.get("notification_guid")) for n in listed if n.get("headers") == tag]
    assert not made, f"the refused create made subscription(s) {made}"


def test_read_only_token_never_sees_subscription_headers(
    read_only_token: str,
    api: ApiClient,
    make_api: Callable[..., ApiClient],
    cred: Credential,
    subscriptions: Subscriptions,
) -> None:
    """A read-only token's GetNotificationById and ListNotifications omit `headers`.

    openapi.yaml `Notification.headers` ("a read-only token's answer omits them") and the
    descriptions of GetNotificationById and ListNotifications: the headers may carry the
    partner's credentials. The read-write token creates a subscription with `headers`; the
    read-only token reads it alone and in the list, where no subscription may show any
    (`null` shows nothing, so it passes), and the value appears nowhere in either answer.
    """
    tag = _tag()
    made = subscriptions.create(api, notification_body(cred.program_guid, headers=tag))
    guid = str(made["notification_guid"])
    reader = make_api(read_only_token)
    alone = reader.get(f"/api/v1/notifications/{guid}")
    got = expect(alone, 200, "the read-only token's GetNotificationById")
    # Judged apart from the assert, whose rewriting would quote the value.
    shows = got.get("headers") is not None or tag in alone.text
    assert not shows, "the read-only token's GetNotificationById shows the subscription's headers"
    listed = _listed(reader, "the read-only token's ListNotifications")
    mine = [n for n in listed if n.get("notification_guid") == guid]
    assert mine, "the read-only token's ListNotifications does not list the new subscription"
    shown = [
        str(n.get("notification_guid"))
        for n in listed
        if n.get("headers") is not None or tag in json.dumps(n)
    ]
    assert not shown, (
        f"the read-only token's ListNotifications shows the headers of subscription(s) {shown}"
    )
