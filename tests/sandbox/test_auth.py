"""Login, bearer tokens, read-only credentials, program scoping and rate limits."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from types import SimpleNamespace

import httpx
import pytest

from qolo_sandbox import _rate_limit
from qolo_sandbox._auth import Authenticator
from qolo_sandbox._clock import Clock
from qolo_sandbox._config import CredentialSpec
from qolo_sandbox._problems import ApiError
from qolo_sandbox._store import Store
from qolo_sandbox.testing import PROGRAM_A, PROGRAM_B, Sandbox, start_sandbox

from ._support import NEW_PERSON, ContractClient, login


def test_login_returns_a_long_random_token(sbx: Sandbox, anon: ContractClient) -> None:
    """A login gives an opaque bearer token of at least 256 bits and its lifetime."""
    cred = sbx.credential
    bodies = [
        anon.post("/api/v1/auth/login", json={"loginid": cred.loginid, "apikey": cred.apikey})
        for _ in range(2)
    ]
    tokens = [b.json()["access_token"] for b in bodies]
    assert all(b.status_code == 200 for b in bodies)
    assert tokens[0] != tokens[1]
    assert all(len(t) >= 43 for t in tokens)  # 32 bytes, URL-safe base64
    assert bodies[0].json()["token_type"] == "Bearer"
    assert bodies[0].json()["expires_in"] == 43200
    assert bodies[0].headers["cache-control"] == "no-store"  # a token is a secret
    assert sbx.controls.stats()["logins"] == 2


def test_wrong_apikey_is_401(sbx: Sandbox, anon: ContractClient) -> None:
    """A wrong key is refused with a Bearer challenge and no token."""
    response = anon.post(
        "/api/v1/auth/login", json={"loginid": sbx.credential.loginid, "apikey": "wrong"}
    )
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_credentials"
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert "access_token" not in response.text


def test_token_errors_follow_rfc6750(anon: ContractClient) -> None:
    """No token, a malformed header and an unknown token give the right challenges."""
    none = anon.get("/api/v1/cards")
    assert none.status_code == 401
    assert none.headers["www-authenticate"] == 'Bearer realm="qolo"'
    malformed = anon.get("/api/v1/cards", headers={"Authorization": "Basic abc"})
    assert malformed.status_code == 401
    assert 'error="invalid_request"' in malformed.headers["www-authenticate"]
    unknown = anon.get("/api/v1/cards", headers={"Authorization": "Bearer nope"})
    assert unknown.status_code == 401
    assert 'error="invalid_token"' in unknown.headers["www-authenticate"]


def test_token_expires_by_the_sandbox_clock(sbx: Sandbox, api: ContractClient) -> None:
    """A token works until its TTL passes on the sandbox clock, then gets 401 invalid_token."""
    assert api.get("/api/v1/cards").status_code == 200
    sbx.controls.advance_clock(43200 - 60)
    assert api.get("/api/v1/cards").status_code == 200
    sbx.controls.advance_clock(61)
    expired = api.get("/api/v1/cards")
    assert expired.status_code == 401
    assert 'error="invalid_token"' in expired.headers["www-authenticate"]


def test_a_token_is_refused_once_expires_in_seconds_have_passed(
    sbx: Sandbox, anon: ContractClient
) -> None:
    """`expires_in` is the token's whole life: `expires_in` seconds after the login it is
    refused, not a moment later. (Any real time the test takes only adds to the age.)"""
    cred = sbx.credential
    answer = anon.post("/api/v1/auth/login", json={"loginid": cred.loginid, "apikey": cred.apikey})
    header = {"Authorization": f"Bearer {answer.json()['access_token']}"}
    sbx.controls.advance_clock(answer.json()["expires_in"])
    refused = anon.get("/api/v1/cards", headers=header)
    assert refused.status_code == 401
    assert 'error="invalid_token"' in refused.headers["www-authenticate"]


def test_the_bearer_scheme_is_case_insensitive(sbx: Sandbox, anon: ContractClient) -> None:
    """RFC 6750 (by RFC 9110) compares the auth scheme without case: `bearer` works too."""
    token = login(sbx.base_url, sbx.credential)
    for scheme in ("bearer", "BEARER", "Bearer"):
        response = anon.get("/api/v1/cards", headers={"Authorization": f"{scheme} {token}"})
        assert response.status_code == 200, scheme


def test_failed_logins_are_throttled_but_the_right_key_always_logs_in(
    sbx: Sandbox, anon: ContractClient
) -> None:
    """Five wrong keys, then 429 with Retry-After; the right key still logs in at once."""
    cred = sbx.credential
    wrong = {"loginid": cred.loginid, "apikey": "x"}
    statuses = [anon.post("/api/v1/auth/login", json=wrong).status_code for _ in range(8)]
    assert statuses == [401] * 5 + [429] * 3
    throttled = anon.post("/api/v1/auth/login", json=wrong)
    assert throttled.json()["code"] == "rate_limited"
    assert 1 <= int(throttled.headers["retry-after"]) <= 12
    good = {"loginid": cred.loginid, "apikey": cred.apikey}
    assert anon.post("/api/v1/auth/login", json=good).status_code == 200
    # A success refills nothing; the clock does, one try every 12 s.
    assert anon.post("/api/v1/auth/login", json=wrong).status_code == 429
    sbx.controls.advance_clock(12)
    assert anon.post("/api/v1/auth/login", json=wrong).status_code == 401
    assert anon.post("/api/v1/auth/login", json=wrong).status_code == 429


def test_unknown_login_ids_are_throttled_alike(anon: ContractClient) -> None:
    """An unknown login id gets the same 401s then 429s: the throttle tells no id apart."""
    wrong = {"loginid": "nobody-" + "x" * 8, "apikey": "x"}
    statuses = [anon.post("/api/v1/auth/login", json=wrong).status_code for _ in range(7)]
    assert statuses == [401] * 5 + [429] * 2


def test_retry_after_says_when_a_wrong_key_is_counted_again(
    sbx: Sandbox, anon: ContractClient
) -> None:
    """A throttled login's `Retry-After` is when the per-id bucket (5 a minute, one every 12 s)
    holds a try again: moved on that far (sandbox clock), a wrong key is a 401 again."""
    wrong = {"loginid": "retry-after-" + "x" * 8, "apikey": "x"}
    for _ in range(5):
        assert anon.post("/api/v1/auth/login", json=wrong).status_code == 401
    throttled = anon.post("/api/v1/auth/login", json=wrong)
    assert throttled.status_code == 429
    wait = int(throttled.headers["retry-after"])
    assert 2 <= wait <= 12  # one try refills in 12 s; the test cannot have taken 10 of them
    sbx.controls.advance_clock(wait)
    assert anon.post("/api/v1/auth/login", json=wrong).status_code == 401
    assert anon.post("/api/v1/auth/login", json=wrong).status_code == 429


def test_the_rate_limit_counts_each_credential_per_second(monkeypatch: pytest.MonkeyPatch) -> None:
    """`--rate-limit N`: N requests of a credential in one second, the next is 429 with the
    headers; another credential has its own N; the next second starts afresh."""
    now = [1000.25]
    # Only the limiter's own `time` is replaced: nothing else in the process sees the stub.
    monkeypatch.setattr(_rate_limit, "time", SimpleNamespace(monotonic=lambda: now[0]))
    limiter = _rate_limit.RateLimiter(3)
    for _ in range(3):
        limiter.check(1)
    with pytest.raises(ApiError) as refused:
        limiter.check(1)
    assert refused.value.status == 429
    assert refused.value.headers == {
        "Retry-After": "1",
        "RateLimit-Limit": "3",
        "RateLimit-Remaining": "0",
        "RateLimit-Reset": "1",
    }
    for _ in range(3):
        limiter.check(2)
    now[0] = 1001.0
    for _ in range(3):
        limiter.check(1)
    with pytest.raises(ApiError):
        limiter.check(1)


def test_junk_login_ids_neither_reset_the_throttle_nor_escape_the_total(
    sbx: Sandbox, anon: ContractClient
) -> None:
    """2,000 made-up ids: at most 100 + 10/s of them get a 401, the real id stays throttled.

    2,000 is twenty times the total's burst, and takes seconds rather than the better part of a
    minute (10,000 did, under coverage): a per-id throttle alone would let all of them reach 401.
    """
    cred = sbx.credential
    wrong = {"loginid": cred.loginid, "apikey": "x"}
    for _ in range(5):
        anon.post("/api/v1/auth/login", json=wrong)
    assert anon.post("/api/v1/auth/login", json=wrong).status_code == 429
    started = time.monotonic()
    statuses = _junk_logins(sbx.base_url, 2_000)
    elapsed = time.monotonic() - started
    assert statuses[401] + statuses[429] == 2_000, statuses
    assert statuses[401] <= 100 + 10 * (elapsed + 1), (statuses, elapsed)
    assert anon.post("/api/v1/auth/login", json=wrong).status_code == 429
    good = {"loginid": cred.loginid, "apikey": cred.apikey}
    assert anon.post("/api/v1/auth/login", json=good).status_code == 200


def _junk_logins(base_url: str, count: int) -> Counter[int]:
    """`count` failed logins with distinct made-up ids, from 8 threads; statuses counted."""
    statuses: Counter[int] = Counter()
    lock = threading.Lock()

    def run(start: int) -> None:
        with httpx.Client(base_url=base_url, timeout=30.0) as http:
            for n in range(start, count, 8):
                body = {"loginid": f"junk-{n}", "apikey": "x"}
                status = http.post("/api/v1/auth/login", json=body).status_code
                with lock:
                    statuses[status] += 1

    threads = [threading.Thread(target=run, args=(start,)) for start in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def test_read_only_token_cannot_write(
    sbx: Sandbox, api: ContractClient, make_client: Callable[..., ContractClient]
) -> None:
    """A read-only credential reads, but every write is 405 method_not_allowed_for_token."""
    card = api.create_card().json()["card"]
    ro = make_client(sbx.read_only_credential)
    assert ro.get(f"/api/v1/cards/{card['card_proxy']}").status_code == 200
    created = ro.create_card()
    assert created.status_code == 405
    assert created.json()["code"] == "method_not_allowed_for_token"
    assert created.headers["allow"] == "GET, HEAD"  # what this token may do here
    assert created.json()["detail"].endswith("read-only; with it, use GET, HEAD here.")
    status = ro.post(f"/api/v1/cards/{card['card_proxy']}/status", json={"status": "ACTIVE"})
    assert status.status_code == 405
    # A path that only writes: the token may use nothing, so Allow names the path's methods
    # (an empty Allow is dropped or refused by many tools: Prism reports it missing).
    assert status.headers["allow"] == "POST"
    assert "read-only" in status.json()["detail"]
    assert api.get(f"/api/v1/cards/{card['card_proxy']}").json()["card_status"] == "PENDING"
    assert api.get("/api/v1/cards").json()["count"] == 1


def test_other_programs_resources_are_404(
    sbx: Sandbox, api: ContractClient, make_client: Callable[..., ContractClient], receiver: object
) -> None:
    """A token sees only its program: another program's card or subscription is not found."""
    other = make_client(next(c for c in sbx.credentials if c.program_guid == PROGRAM_B))
    theirs = other.post(
        "/api/v1/cards", json={"program_guid": PROGRAM_B, "person": NEW_PERSON}
    ).json()["card"]
    assert other.get(f"/api/v1/cards/{theirs['card_proxy']}").status_code == 200
    response = api.get(f"/api/v1/cards/{theirs['card_proxy']}")
    assert response.status_code == 404
    assert response.json()["code"] == "card_not_found"
    assert (
        api.post(
            f"/api/v1/cards/{theirs['card_proxy']}/status", json={"status": "ACTIVE"}
        ).status_code
        == 404
    )
    assert api.get("/api/v1/cards").json()["count"] == 0
    wrong_program = api.post(
        "/api/v1/cards", json={"program_guid": PROGRAM_B, "person": NEW_PERSON}
    )
    assert wrong_program.status_code == 404
    assert wrong_program.json()["code"] == "program_not_found"
    sub = other.post(
        "/api/v1/notifications",
        json={
            "program_guid": PROGRAM_B,
            "url": "http://127.0.0.1:9/none",
            "secret": "s" * 20,
            "event_type": ["all"],
        },
    ).json()
    guid = sub["notification_guid"]
    assert api.get(f"/api/v1/notifications/{guid}").status_code == 404
    assert api.delete(f"/api/v1/notifications/{guid}").status_code == 404
    assert other.get(f"/api/v1/notifications/{guid}").status_code == 200


def test_per_credential_rate_limit_loses_no_write() -> None:
    """Over N requests per second the sandbox answers 429 with headers, and every 201 is real."""
    violations: list[str] = []
    with start_sandbox(rate_limit=5) as sbx:
        token = login(sbx.base_url, sbx.credential)
        with ContractClient(sbx.base_url, violations, token) as client:
            answers = [client.create_card() for _ in range(15)]
            limited = [r for r in answers if r.status_code == 429]
            created = [r for r in answers if r.status_code == 201]
            assert limited
            assert created
            assert {"retry-after", "ratelimit-limit", "ratelimit-remaining", "ratelimit-reset"} <= (
                set(limited[0].headers)
            )
            assert limited[0].headers["ratelimit-limit"] == "5"
            listed = httpx.get(
                f"{sbx.base_url}/api/v1/cards?limit=1000",
                headers={"Authorization": f"Bearer {token}"},
            )
            if listed.status_code == 429:
                import time

                time.sleep(1.1)
                listed = client.get("/api/v1/cards", params={"limit": 1000})
            assert listed.json()["count"] == len(created)
    assert not violations, violations


def test_expired_tokens_leave_the_cache_at_the_next_login() -> None:
    """A long-lived sandbox keeps only live tokens in memory; a cached one still works."""
    clock = Clock()
    auth = Authenticator(Store(None), clock, ttl=60)
    auth.install([CredentialSpec("partner", "sk_partner_0123456789", PROGRAM_A)])
    first = [auth.login("partner", "sk_partner_0123456789") for _ in range(50)]
    assert len(auth._tokens) == 50
    clock.advance(61)
    live = auth.login("partner", "sk_partner_0123456789")
    assert len(auth._tokens) == 1
    assert auth.authenticate(f"Bearer {live}").program_guid == PROGRAM_A
    with pytest.raises(ApiError):
        auth.authenticate(f"Bearer {first[0]}")  # expired: still refused, from the database


def test_a_credentials_repr_hides_its_key(sbx: Sandbox) -> None:
    """A test's failure output or log shows which credential, never its key."""
    cred = sbx.credential
    assert cred.apikey not in repr(cred)
    assert cred.loginid in repr(cred)
