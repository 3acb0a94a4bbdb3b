"""The targeted suite against real deployments: what it says, sends, leaves and counts.

Each slow test runs the real runner (`python -m conformance --only suite`) against a sandbox
posing as a deployment (named by `QOLO_BASE_URL`, as a partner's CI names theirs), started the
way a shared one would be (`--rate-limit`, `--webhook-allow`) or wrapped so that one promise
breaks (the ASGI wrappers below, loaded in the sandbox as `test_suite_robustness:<factory>`):

- failure messages name statuses, codes and JSON pointers, never a body with a card number;
- subscriptions point at the schemathesis hooks' URL, a refused one skips naming the variable,
  and every subscription is deleted, even by a failing test;
- a rate-limited deployment passes: 429s are waited out (`Retry-After`), never judged;
- ListCards' paging is checked: ignoring `start_index` or `limit`, or an offset off by one, fails;
- a wrong extra API key costs one login, and the tests fail naming its variable;
- other traffic in the program does not fail the tests that count what they created.
"""

from __future__ import annotations

import importlib
import os
import re
import subprocess
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

import httpx
import pytest

from conformance.contract import SECRET_FIELDS
from conformance.targeted_suite import _support
from conformance.targeted_suite._support import (
    RetryAfterTransport,
    describe,
    expect,
    json_differences,
)
from qolo_sandbox._config import Config
from qolo_sandbox.app import create_app
from tests.conformance_kit.kit_runner import run_kit

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
PAN = "5340920000000007"  # the reference's sample card number (Luhn-valid)
CVV = "9731"

Scope = dict[str, Any]
ASGIApp = Any


# --- what the suite's messages say ----------------------------------------------------------


def _card_response(status: int) -> httpx.Response:
    body = {"card": {"card_proxy": "cproxy1", "card_number": PAN, "cvx2": CVV}}
    return httpx.Response(status, json=body, request=httpx.Request("POST", "http://x/api/v1/cards"))


def test_expect_names_status_and_code_never_the_body() -> None:
    """A wrong status is `201 expected, got 200`, with the problem's code when there is one."""
    with pytest.raises(AssertionError) as wrong:
        expect(_card_response(200), 201)
    assert str(wrong.value) == "POST /api/v1/cards: 201 expected, got 200"
    problem = httpx.Response(
        400,
        json={"code": "validation_error", "detail": f"card_number {PAN} is wrong"},
        request=httpx.Request("POST", "http://x/api/v1/cards"),
    )
    assert describe(problem) == "400 validation_error"


def test_json_differences_never_show_a_secret_value() -> None:
    """Pointers for every difference; values only for short words under non-secret fields."""
    before = {"card": {"card_number": PAN, "cvx2": CVV, "card_status": "PENDING", "n": 1}}
    after = {"card": {"card_number": "4111111111111111", "cvx2": "000", "card_status": "ACTIVE"}}
    lines = json_differences(before, after)
    assert lines == [
        "/card/card_number: differs",
        "/card/card_status: 'PENDING' became 'ACTIVE'",
        "/card/cvx2: differs",
        "/card/n: removed",
    ]
    assert {"card_number", "cvx2"} <= SECRET_FIELDS  # the kit's own list, not a new one


def test_retry_after_is_waited_out_bounded_and_never_for_a_login(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A 429 with `Retry-After` is resent after it; too long a wait or a login's 429 is not."""
    slept: list[float] = []
    monkeypatch.setattr("conformance.targeted_suite._support.time.sleep", slept.append)
    answers = iter([429, 429, 200])

    def flaky(request: httpx.Request) -> httpx.Response:
        status = next(answers)
        return httpx.Response(status, headers={"Retry-After": "2"} if status == 429 else {})

    transport = RetryAfterTransport(httpx.MockTransport(flaky))
    with httpx.Client(transport=transport, base_url="http://x") as client:
        assert client.get("/api/v1/cards").status_code == 200
    assert slept == [2.0, 2.0]

    def throttled(request: httpx.Request) -> httpx.Response:
        return httpx.Response(429, headers={"Retry-After": "3600"})

    with httpx.Client(transport=RetryAfterTransport(httpx.MockTransport(throttled))) as client:
        assert client.get("http://x/api/v1/cards").status_code == 429
    login = RetryAfterTransport(
        httpx.MockTransport(lambda r: httpx.Response(429, headers={"Retry-After": "1"}))
    )
    answer = login.handle_request(httpx.Request("POST", "http://x/api/v1/auth/login"))
    assert answer.status_code == 429
    assert slept == [2.0, 2.0]


# --- deployments that break one promise (loaded in the sandbox subprocess) -------------------


def _listing_query(edit: Any) -> Any:
    """A sandbox whose ListCards sees the query `edit` makes of the one sent."""

    def factory(config: Config) -> ASGIApp:
        app = create_app(config)

        async def wrapped(scope: Scope, receive: Any, send: Any) -> None:
            if (
                scope["type"] == "http"
                and scope["method"] == "GET"
                and scope["path"] == "/api/v1/cards"
            ):
                query = dict(parse_qsl(scope["query_string"].decode("latin-1")))
                scope = {**scope, "query_string": urlencode(edit(query)).encode("latin-1")}
            await app(scope, receive, send)

        return wrapped

    return factory


def _without(name: str) -> Any:
    return lambda query: {k: v for k, v in query.items() if k != name}


def _one_further(query: dict[str, str]) -> dict[str, str]:
    if "start_index" in query:
        query["start_index"] = str(int(query["start_index"]) + 1)
    return query


ignores_start_index = _listing_query(_without("start_index"))
ignores_limit = _listing_query(_without("limit"))
off_by_one = _listing_query(_one_further)


def _mutants() -> Any:
    """`qolo_mutants`, whose wrapping helpers these reuse (beside this file on PYTHONPATH)."""
    return importlib.import_module("qolo_mutants")


def platform_like_but_created_is_200(config: Config) -> ASGIApp:
    """The platform's cards (full PAN, CVV), and a create answered 200 instead of 201."""
    mutants = _mutants()

    def secrets(card: dict[str, Any]) -> None:
        card["card_number"], card["cvx2"] = PAN, CVV

    inner = mutants._editing_cards(secrets)(config)

    def rewrite(scope: Scope, req: bytes, status: int, headers: Any, body: bytes) -> Any:
        if scope["method"] == "POST" and scope["path"] == "/api/v1/cards" and status == 201:
            status = 200
        return status, headers, body

    return mutants._rewriting(inner, rewrite)


def read_only_writes_look_accepted(config: Config) -> ASGIApp:
    """A read-only token's 405 on a subscription becomes a 204, as if the write were done."""
    mutants = _mutants()

    def rewrite(scope: Scope, req: bytes, status: int, headers: Any, body: bytes) -> Any:
        if status == 405 and str(scope["path"]).startswith("/api/v1/notifications/"):
            return 204, [(k, v) for k, v in headers if k.lower() != b"content-type"], b""
        return status, headers, body

    return mutants._rewriting(create_app(config), rewrite)


# --- running the suite ----------------------------------------------------------------------


def _run(
    args: tuple[str, ...], tmp_path: Path, target: dict[str, str] | None = None, app: str = ""
) -> subprocess.CompletedProcess[str]:
    """The runner's suite against `target` (a deployment) or a sandbox it starts with `app`."""
    app_args = ("--app", f"test_suite_robustness:{app}") if app else ()
    return run_kit((*app_args, "--only", "suite", *args), tmp_path / "reports", target)


@pytest.fixture
def importable(monkeypatch: pytest.MonkeyPatch) -> None:
    """The sandbox subprocesses `start_sandbox` starts can load this module's wrappers."""
    path = os.pathsep.join(p for p in (str(HERE), str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    monkeypatch.setenv("PYTHONPATH", path)


def _as_deployment(sbx: Any, **wrong: str) -> dict[str, str]:
    """`sbx` as a deployment with every credential (`wrong` overrides some variables)."""
    read_only = sbx.read_only_credential
    other = next(c for c in sbx.credentials if c.program_guid != sbx.credential.program_guid)
    return {
        "QOLO_BASE_URL": sbx.base_url,
        "QOLO_LOGINID": sbx.credential.loginid,
        "QOLO_APIKEY": sbx.credential.apikey,
        "QOLO_PROGRAM_GUID": sbx.credential.program_guid,
        "QOLO_READONLY_LOGINID": read_only.loginid,
        "QOLO_READONLY_APIKEY": read_only.apikey,
        "QOLO_OTHER_LOGINID": other.loginid,
        "QOLO_OTHER_APIKEY": other.apikey,
        **wrong,
    }


def _api(sbx: Any) -> httpx.Client:
    token = _support.login(
        sbx.base_url, _support.Credential(sbx.credential.loginid, sbx.credential.apikey)
    )
    return httpx.Client(base_url=sbx.base_url, headers={"Authorization": f"Bearer {token}"})


def _subscription_count(sbx: Any) -> int:
    with _api(sbx) as api:
        return int(api.get("/api/v1/notifications", params={"limit": 1}).json()["count"])


def _reports(tmp_path: Path) -> str:
    folder = tmp_path / "reports"
    return "".join(
        folder.joinpath(name).read_text("utf-8") for name in ("summary.md", "suite-junit.xml")
    )


def _standalone(value: str, text: str) -> bool:
    """Whether `text` holds `value` with no letter or digit either side (not inside a longer
    number or hex string)."""
    return re.search(rf"(?<![0-9A-Za-z]){re.escape(value)}(?![0-9A-Za-z])", text) is not None


@pytest.mark.slow
def test_failure_messages_carry_no_card_number_or_cvv(tmp_path: Path) -> None:
    """Tests failing on the platform's cards say `201 expected, got 200`, never the card."""
    result = _run(
        ("-k", "life_cycle or replay or read_only or other_programs_cards"),
        tmp_path,
        app="platform_like_but_created_is_200",
    )
    output = result.stdout + result.stderr + _reports(tmp_path)
    assert result.returncode == 1, output[-4000:]
    assert "201 expected, got 200" in output, output[-4000:]
    assert PAN not in output, "a failure message quotes a card number"
    # As a number of its own: its 4 digits turn up by chance in the JUnit timestamp's
    # microseconds or a request id's hex (about once in 1,500 runs).
    assert not _standalone(CVV, output), "a failure message quotes a CVV"


@pytest.mark.slow
def test_a_refused_webhook_url_skips_and_names_the_variable(
    importable: None, tmp_path: Path
) -> None:
    """A deployment with a webhook allow list: the subscription tests skip, saying what to set.

    The suite's URL is the hooks' `.invalid` one, never loopback, and it leaves nothing behind.
    """
    from qolo_sandbox.testing import start_sandbox

    with start_sandbox(controls=True, extra_args=["--webhook-allow", "hooks.example.com"]) as sbx:
        result = _run((), tmp_path, _as_deployment(sbx))
        left = _subscription_count(sbx)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    assert output.count("set QOLO_CONFORMANCE_WEBHOOK_URL to a receiver it allows") >= 5, output[
        -6000:
    ]
    assert left == 0, f"{left} subscriptions left behind"


@pytest.mark.slow
def test_failing_tests_still_delete_their_subscriptions(importable: None, tmp_path: Path) -> None:
    """The read-only PUT/DELETE tests fail on a deployment that fakes the write; none is left."""
    from qolo_sandbox.testing import start_sandbox

    with start_sandbox(
        controls=True, app="test_suite_robustness:read_only_writes_look_accepted"
    ) as sbx:
        result = _run(("-k", "read_only or subscription"), tmp_path, _as_deployment(sbx))
        left = _subscription_count(sbx)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output[-6000:]
    assert "405 expected, got 204" in output, output[-6000:]
    assert left == 0, f"{left} subscriptions left behind by failing tests"


@pytest.mark.slow
@pytest.mark.parametrize("per_second", [20])
def test_a_rate_limited_deployment_passes(per_second: int, tmp_path: Path) -> None:
    """Every 429 is waited out (`Retry-After`) and the real answer judged: the suite passes."""
    from qolo_sandbox.testing import start_sandbox

    with start_sandbox(controls=True, rate_limit=per_second) as sbx:
        result = _run((), tmp_path, _as_deployment(sbx))
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    assert "got 429" not in output


@pytest.mark.slow
@pytest.mark.parametrize(
    ("mutant", "named"),
    [
        ("ignores_start_index", "start_index=2, limit=2 says start_index 0"),
        ("off_by_one", "start_index=0, limit=2 says start_index 1"),
        ("ignores_limit", "start_index=0, limit=2 has 5 cards"),
    ],
)
def test_broken_paging_is_caught(mutant: str, named: str, tmp_path: Path) -> None:
    """ListCards that ignores `start_index` or `limit`, or is off by one, fails the paging test."""
    result = _run(("-k", "pages_of_cards"), tmp_path, app=mutant)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output[-4000:]
    assert "test_pages_of_cards_neither_overlap_nor_leave_gaps" in output
    assert named in output, output[-4000:]


@pytest.mark.slow
def test_paging_passes_the_unmodified_sandbox(tmp_path: Path) -> None:
    """The control: the same runner, the plain sandbox, the paging test passes."""
    result = _run(("-k", "pages_of_cards"), tmp_path)
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    assert "1 passed" in result.stdout


@pytest.mark.slow
@pytest.mark.parametrize(
    ("prefix", "tests", "expression"),
    [
        ("QOLO_READONLY", "the read-only tests", "read_only"),
        ("QOLO_OTHER", "the tenancy tests", "other_programs"),
    ],
)
def test_a_wrong_extra_key_costs_one_login(
    prefix: str, tests: str, expression: str, tmp_path: Path
) -> None:
    """Every test of that credential fails with one line naming it; one refused login, no card."""
    from qolo_sandbox.testing import start_sandbox

    with start_sandbox(controls=True) as sbx:
        target = _as_deployment(sbx)
        target[f"{prefix}_APIKEY"] += "-typo"
        result = _run(("-k", expression), tmp_path, target)
        stats = sbx.controls.stats()
        with _api(sbx) as api:
            cards = api.get("/api/v1/cards", params={"limit": 1}).json()["count"]
    output = result.stdout + result.stderr
    assert result.returncode == 1, output[-6000:]
    line = (
        f"the login as {prefix}_LOGINID={target[f'{prefix}_LOGINID']!r} was refused (401 "
        f"invalid_credentials): check {prefix}_APIKEY (and {prefix}_LOGINID); {tests} were not "
        "run, and the login was not tried again"
    )
    assert line in output, output[-6000:]
    assert stats["failed_logins"] == 1, stats
    assert cards == 0, f"{cards} cards created for tests that could not run"


@pytest.fixture
def busy_program() -> Iterator[Any]:
    """A sandbox whose program gets a new card every few milliseconds from someone else."""
    from qolo_sandbox.testing import start_sandbox

    with start_sandbox(controls=True) as sbx:
        stop = threading.Event()

        def traffic() -> None:
            with _api(sbx) as api:
                while not stop.wait(0.005):
                    api.post(
                        "/api/v1/cards",
                        json=_support.card_body(sbx.credential.program_guid),
                        headers={"IdempotencyKey": str(uuid.uuid4())},
                    )

        worker = threading.Thread(target=traffic, daemon=True)
        worker.start()
        try:
            yield sbx
        finally:
            stop.set()
            worker.join(10)


@pytest.mark.slow
def test_other_traffic_does_not_fail_the_counting_tests(busy_program: Any, tmp_path: Path) -> None:
    """Replay, 415, 422 and paging count the test's own person's cards, not the program's."""
    args = ("-k", "idempotent or 415 or key_reused or pages_of_cards")
    result = _run(args, tmp_path, _as_deployment(busy_program))
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    assert re.search(r"collected \d+ tests: 8 passed", output), output[-3000:]
