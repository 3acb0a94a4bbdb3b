"""The kit's header, problem and replay checks fail when they should, on synthetic responses.

The mutant runs (`test_mutants.py`) catch a missing header; these prove each check's finer rule
too (a challenge that is not Bearer, an `Allow` that lists the refused method, a `Retry-After`
that is no number, a problem whose `status` or `request_id` disagrees, a replay that is not
marked), none of which a mutant plants, and that every check is registered, so `--checks all`
runs it.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from schemathesis.checks import CHECKS

from conformance import checks, hooks
from tests.conformance_kit.test_kit_checks import RejectedPositiveData, _case, _uuid

REQUEST_ID = "req_01HZX3V8K2M4N6P8Q0R2S4T6VA"
PROBLEM: dict[str, Any] = {
    "type": "https://qvapikeybank.qolopay.com/problems/card_not_found",
    "title": "Not Found",
    "status": 404,
    "code": "card_not_found",
    "request_id": REQUEST_ID,
}
GET_CARD = ("GET", "/api/v1/cards/{card_proxy}")


def _answer(
    status: int,
    headers: dict[str, str] | None = None,
    body: Any = None,
    media_type: str = "application/problem+json",
    sent: dict[str, str] | None = None,
) -> Any:
    named = {"content-type": [media_type]} | {k.lower(): [v] for k, v in (headers or {}).items()}
    return SimpleNamespace(
        status_code=status,
        headers=named,
        content=b"" if body is None else json.dumps(body).encode(),
        request=SimpleNamespace(headers=sent or {}),
    )


def _fails(check: Any, response: Any, case: Any = None) -> str | None:
    """The check's message, or None when it passes."""
    try:
        check(None, response, case or _case(*GET_CARD))
    except AssertionError as exc:
        return str(exc)
    return None


def test_every_check_of_the_module_is_registered() -> None:
    """A check that lost its `@schemathesis.check` would silently never run."""
    assert set(checks.__all__) <= set(CHECKS.get_all_names())


@pytest.mark.parametrize(
    ("challenge", "ok"),
    [("Bearer", True), ('Bearer realm="qolo"', True), (None, False), ("Basic", False)],
)
def test_a_401_challenges_with_bearer(challenge: str | None, ok: bool) -> None:
    headers = {"WWW-Authenticate": challenge} if challenge else {}
    assert (_fails(checks.www_authenticate_on_401, _answer(401, headers, PROBLEM)) is None) is ok


@pytest.mark.parametrize(
    ("allow", "ok"), [("GET, HEAD", True), (None, False), ("GET, POST", False)]
)
def test_a_405_allows_other_methods_only(allow: str | None, ok: bool) -> None:
    case = _case("POST", "/api/v1/cards")
    answer = _answer(405, {"Allow": allow} if allow else {}, PROBLEM)
    assert (_fails(checks.allow_on_405, answer, case) is None) is ok


@pytest.mark.parametrize(
    ("status", "retry_after", "code", "ok"),
    [
        (429, "5", "rate_limited", True),
        (429, None, "rate_limited", False),
        (429, "soon", "rate_limited", False),
        (409, None, "idempotency_request_in_flight", False),
        (409, "1", "idempotency_request_in_flight", True),
        (409, None, "card_proxy_taken", True),
    ],
)
def test_a_429_or_in_flight_409_says_when_to_retry(
    status: int, retry_after: str | None, code: str, ok: bool
) -> None:
    headers = {"Retry-After": retry_after} if retry_after else {}
    answer = _answer(status, headers, {**PROBLEM, "status": status, "code": code})
    assert (_fails(checks.retry_after_on_429, answer) is None) is ok


def test_a_problem_matches_its_response() -> None:
    same = {"X-Request-Id": REQUEST_ID}
    assert _fails(checks.problem_details, _answer(404, same, PROBLEM)) is None
    typed = _fails(checks.problem_details, _answer(404, same, PROBLEM, "application/json"))
    assert typed is not None
    assert "not a problem" in typed
    status = _fails(checks.problem_details, _answer(404, same, {**PROBLEM, "status": 400}))
    assert status is not None
    assert "is not the HTTP 404" in status
    other = _fails(checks.problem_details, _answer(404, {"X-Request-Id": "req_other"}, PROBLEM))
    assert other is not None
    assert "differs from X-Request-Id" in other


def _replaying(status: int, body: Any, replayed: str | None) -> tuple[Any, Any, list[Any]]:
    """A create answered 201, and a case whose resend answers `status`, `body`, `replayed`."""
    calls: list[Any] = []
    headers = {"Idempotent-Replayed": replayed} if replayed else {}

    def call(**kwargs: Any) -> Any:
        calls.append(kwargs)
        return _answer(status, headers, body, "application/json")

    case = _case("POST", "/api/v1/cards", {"program_guid": _uuid(1), "person": {}})
    case.call = call
    first = _answer(201, {}, {"card_proxy": "a"}, "application/json", {"IdempotencyKey": "k1"})
    return first, case, calls


@pytest.mark.parametrize(
    ("status", "body", "replayed", "named"),
    [
        (201, {"card_proxy": "a"}, "true", None),
        (201, {"card_proxy": "a"}, None, "without `Idempotent-Replayed: true`"),
        (201, {"card_proxy": "b"}, "true", "returned a different body"),
        (200, {"card_proxy": "a"}, "true", "changed the status"),
    ],
)
def test_an_idempotent_replay_is_the_first_answer_marked_replayed(
    status: int, body: Any, replayed: str | None, named: str | None
) -> None:
    first, case, calls = _replaying(status, body, replayed)
    message = _fails(checks.idempotent_replay, first, case)
    assert calls == [{"headers": {"IdempotencyKey": "k1"}}]
    if named is None:
        assert message is None
    else:
        assert message is not None
        assert named in message


def _kept(failure: Exception, case: Any, response: Any) -> bool:
    return bool(hooks.filter_failure(None, failure, case, response))


def test_a_refused_well_formed_token_stays_a_failure() -> None:
    """A 401 to the login's own bearer token: valid calls must not be refused."""
    case = _case(*GET_CARD)
    token = _answer(401, {}, PROBLEM, sent={"Authorization": "Bearer abc.def-ghi_123="})
    assert _kept(RejectedPositiveData(), case, token)
    fuzzed = _answer(401, {}, PROBLEM, sent={"Authorization": "Bearer \x00"})
    assert not _kept(RejectedPositiveData(), case, fuzzed)


def test_only_a_rejection_of_valid_data_with_a_business_rule_400_is_dropped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another check's failure on such a 400, or that code on another status, stays."""
    monkeypatch.setenv(hooks.FILTERED_ENV, str(tmp_path / "filtered.txt"))
    case = _case("POST", "/api/v1/cards", {"program_guid": _uuid(1), "person": {}})
    rule = {**PROBLEM, "status": 400, "code": "card_ambiguous"}
    assert not _kept(RejectedPositiveData(), case, _answer(400, {}, rule))
    assert _kept(AssertionError("problem body"), case, _answer(400, {}, rule))
    assert _kept(RejectedPositiveData(), case, _answer(403, {}, {**rule, "status": 403}))
