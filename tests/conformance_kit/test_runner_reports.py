"""What the runner leaves behind: its report folder, its reports' contents, the deployment's data.

Each test runs the real runner (`python -m conformance`) against a real sandbox, started here as
a deployment would be met (QOLO_BASE_URL and credentials, no controls) or by the runner itself,
and looks at what is left afterwards: the files beside the reports, the secrets in the reports,
the subscriptions on the deployment, and what `summary.md` says failed.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from conformance.names import NOWHERE_URL
from qolo_sandbox.testing import Sandbox, start_sandbox
from tests.conformance_kit.kit_runner import HERE, ROOT, run_kit

QUICK = ("--profile", "quick")


def _only(*operation_ids: str) -> tuple[str, ...]:
    """The quick profile's schemathesis part on a few operations (no links: no stateful phase)."""
    return (
        *QUICK,
        "--only",
        "schemathesis",
        "--phases",
        "examples,fuzzing",
        *(f"--st-arg=--include-operation-id={name}" for name in operation_ids),
    )


def _run(
    args: tuple[str, ...], reports: Path, target: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The runner, with `target`'s environment (none: it starts a sandbox), untraced."""
    return run_kit(args, reports, target)


def _deployment(sbx: Sandbox) -> dict[str, str]:
    """The environment that names `sbx` as a real deployment."""
    return {
        "QOLO_BASE_URL": sbx.base_url,
        "QOLO_LOGINID": sbx.credential.loginid,
        "QOLO_APIKEY": sbx.credential.apikey,
        "QOLO_PROGRAM_GUID": sbx.credential.program_guid,
    }


@pytest.fixture
def mutants_importable(monkeypatch: pytest.MonkeyPatch) -> None:
    """The sandbox subprocess imports `qolo_mutants` from this folder."""
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join(p for p in (str(HERE), os.environ.get("PYTHONPATH")) if p)
    )


def _client(sbx: Sandbox) -> httpx.Client:
    login = httpx.post(
        f"{sbx.base_url}/api/v1/auth/login",
        json={"loginid": sbx.credential.loginid, "apikey": sbx.credential.apikey},
    )
    token = login.json()["access_token"]
    return httpx.Client(base_url=sbx.base_url, headers={"Authorization": f"Bearer {token}"})


def _listed(client: httpx.Client, path: str) -> list[dict[str, Any]]:
    answer = client.get(path, params={"limit": 1000})
    assert answer.status_code == 200, answer.text
    data: list[dict[str, Any]] = answer.json()["data"]
    return data


# -- 1. the report folder -----------------------------------------------------------------------


def _a_used_folder(reports: Path) -> None:
    reports.mkdir()
    (reports / "notes.txt").write_text("mine", "utf-8")
    (reports / "src").mkdir()
    (reports / "src" / "app.py").write_text("print('mine')\n", "utf-8")
    (reports / "schemathesis-junit.xml").write_text("stale", "utf-8")
    (reports / "summary.md").write_text("stale", "utf-8")


def test_a_config_error_deletes_nothing(tmp_path: Path) -> None:
    """A run that stops on its configuration touches nothing in the report folder."""
    reports = tmp_path / "reports"
    _a_used_folder(reports)
    target = {"QOLO_BASE_URL": "http://127.0.0.1:9", "QOLO_LOGINID": "x", "QOLO_APIKEY": "y"}
    result = _run(QUICK, reports, target)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "nothing was run" in result.stdout
    assert sorted(p.name for p in reports.rglob("*")) == [
        "app.py",
        "notes.txt",
        "schemathesis-junit.xml",
        "src",
        "summary.md",
    ]


@pytest.mark.slow
def test_a_run_deletes_only_the_kits_own_files(tmp_path: Path) -> None:
    """Other files in the report folder survive a run; the kit's stale reports do not."""
    reports = tmp_path / "reports"
    _a_used_folder(reports)
    result = _run((*QUICK, "--only", "suite", "-k", "test_401"), reports)
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    assert (reports / "notes.txt").read_text("utf-8") == "mine"
    assert (reports / "src" / "app.py").exists()
    assert not (reports / "schemathesis-junit.xml").exists(), "a stale report of another run"
    assert (reports / "summary.md").read_text("utf-8") != "stale"


# -- 2. no secrets in the persisted reports -----------------------------------------------------

_BASE64 = re.compile(rb"[A-Za-z0-9+/]{16,}={0,2}")


def _readable(data: bytes) -> bytes:
    """The file, plus every base64 run in it decoded (how schemathesis stores bodies)."""
    decoded = [data]
    for match in _BASE64.finditer(data):
        chunk = match.group()
        try:
            decoded.append(base64.b64decode(chunk + b"=" * (-len(chunk) % 4)))
        except (binascii.Error, ValueError):
            continue
    return b"\n".join(decoded)


@pytest.mark.slow
def test_no_card_secret_reaches_a_persisted_report(
    tmp_path: Path, mutants_importable: None
) -> None:
    """Against a deployment whose cards carry PAN and CVV, no report file holds one."""
    reports = tmp_path / "reports"
    with start_sandbox(controls=False, app="qolo_mutants:platform_like") as sbx:
        result = _run(_only("CreateCard"), reports, _deployment(sbx))
        with _client(sbx) as client:
            proxies = [card["card_proxy"] for card in _listed(client, "/api/v1/cards")]
            pans = {client.get(f"/api/v1/cards/{p}").json()["card_number"] for p in proxies}
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    assert "reference secrets policy" in output
    assert pans, "the deployment created no card: nothing was tested"
    leaked = {
        str(path.relative_to(reports)): sorted(pan for pan in pans if pan.encode() in text)
        for path in reports.rglob("*")
        if path.is_file()
        for text in [_readable(path.read_bytes())]
    }
    assert {name: found for name, found in leaked.items() if found} == {}
    summary = (reports / "summary.md").read_text("utf-8")
    match = re.search(r"with (\d+) generated cases", summary)
    assert match is not None, summary
    assert int(match.group(1)) > 0, summary


@pytest.mark.slow
def test_no_card_secret_reaches_the_console(tmp_path: Path, mutants_importable: None) -> None:
    """A deployment's failing answers quote its PAN and CVV: CI's log of the run shows neither,
    nor the API key, and still shows the violation (the field, the expected type)."""
    reports = tmp_path / "reports"
    with start_sandbox(controls=False, app="qolo_mutants:platform_quoting_secrets") as sbx:
        result = _run(_only("CreateCard", "GetCard"), reports, _deployment(sbx))
        with _client(sbx) as client:
            proxies = [card["card_proxy"] for card in _listed(client, "/api/v1/cards")]
            pans = {client.get(f"/api/v1/cards/{p}").json()["card_number"] for p in proxies}
    output = result.stdout + result.stderr
    assert result.returncode == 1, output[-4000:]
    assert pans, "the deployment created no card: nothing was tested"
    assert "Schema at /components/schemas/Card/properties/cvx2" in output, output[-4000:]
    assert "is not of type" in output
    assert [pan for pan in pans if pan in output] == []
    assert re.findall(r"(?<![0-9])731(?![0-9])", output) == []
    assert sbx.credential.apikey not in output
    assert "<redacted>" in output


# -- 3. a deployment that refuses the kit's webhook URLs ----------------------------------------


@pytest.mark.slow
def test_a_deployment_that_refuses_the_kits_webhook_urls_conforms(tmp_path: Path) -> None:
    """400 `webhook_url_refused` (the contract's answer to a URL its rules refuse) is no failure."""
    with start_sandbox(controls=False, extra_args=("--webhook-allow", "hooks.example.com")) as sbx:
        result = _run(_only("CreateNotification"), tmp_path / "reports", _deployment(sbx))
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    assert "a business-rule 400 (webhook_url_refused)" in output


# -- 4. a deployment with a rate limit ----------------------------------------------------------


def throttles_each_replay_once(config: Any) -> Any:
    """The sandbox, throttled as the contract allows any call to be: a create's first resend
    (an `IdempotencyKey` seen before, with the same token) is 429 with `Retry-After: 1`, the next
    one goes through. (Resends with another token or none are schemathesis's auth checks.)

    A `--rate-limit` sandbox does the same when the replay is its second's last request, which
    a run reaches by chance only; this reaches it on every replay. (`--app` factory.)
    """
    from qolo_sandbox.app import create_app

    app = create_app(config)
    seen: set[tuple[bytes, bytes]] = set()
    throttled: set[tuple[bytes, bytes]] = set()
    problem = json.dumps(
        {
            "type": "https://qvapikeybank.qolopay.com/problems/rate_limited",
            "title": "Too Many Requests",
            "status": 429,
            "code": "rate_limited",
            "request_id": "req_throttled",
        }
    ).encode()

    async def throttling(scope: Any, receive: Any, send: Any) -> None:
        headers = dict(scope.get("headers") or [])
        key = (headers.get(b"idempotencykey", b""), headers.get(b"authorization", b""))
        if scope["type"] == "http" and scope["method"] == "POST" and all(key):
            if key in seen and key not in throttled:
                throttled.add(key)
                answer = [
                    (b"content-type", b"application/problem+json"),
                    (b"retry-after", b"1"),
                    (b"content-length", str(len(problem)).encode()),
                ]
                await send({"type": "http.response.start", "status": 429, "headers": answer})
                await send({"type": "http.response.body", "body": problem})
                return
            seen.add(key)
        await app(scope, receive, send)

    return throttling


@pytest.mark.slow
def test_a_throttled_replay_is_sent_again_after_retry_after(
    tmp_path: Path, mutants_importable: None
) -> None:
    """The replay honours a 429's Retry-After before it is judged."""
    app = "test_runner_reports:throttles_each_replay_once"
    with start_sandbox(controls=False, app=app) as sbx:
        args = (*_only("CreateCard"), "--max-examples", "3")
        result = _run(args, tmp_path / "reports", _deployment(sbx))
    output = result.stdout + result.stderr
    assert "idempotent replay" not in output, output[-4000:]
    assert result.returncode == 0, output[-4000:]
    assert "0 failing" in output


# -- 5. the kit's subscriptions are swept ---------------------------------------------------------


@pytest.fixture
def deployment() -> Iterator[Sandbox]:
    with start_sandbox(controls=False) as sbx:
        yield sbx


@pytest.mark.slow
def test_the_runs_subscriptions_are_deleted_and_no_other(
    tmp_path: Path, deployment: Sandbox
) -> None:
    """After the run only the subscriptions it did not create are left: a partner's, and
    another run's at the kit's own URL (two kit runs on one program must not undo each other)."""
    partner = "http://127.0.0.1:9/partner/qolo/webhooks"
    with _client(deployment) as client:
        for n, url in enumerate((partner, NOWHERE_URL)):
            created = client.post(
                "/api/v1/notifications",
                json={
                    "program_guid": deployment.credential.program_guid,
                    "url": url,
                    "event_type": ["card.created"],
                    "secret": "whsec_partner_0123456789abcdef",
                },
                headers={"IdempotencyKey": f"earlier-subscription-{n}"},
            )
            assert created.status_code == 201, created.text
        result = _run(_only("CreateNotification"), tmp_path / "reports", _deployment(deployment))
        left = [s["url"] for s in _listed(client, "/api/v1/notifications")]
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    assert sorted(left) == sorted([partner, NOWHERE_URL])
    match = re.search(r"deleted (\d+) webhook subscriptions schemathesis created", output)
    assert match is not None, output[-3000:]
    assert int(match.group(1)) > 0, output[-3000:]
    summary = (tmp_path / "reports" / "summary.md").read_text("utf-8")
    assert "cannot be deleted" in summary


# -- 6. what failed, in summary.md ---------------------------------------------------------------


@pytest.mark.slow
def test_summary_names_the_violation_of_a_custom_check(tmp_path: Path) -> None:
    """A failing custom check's line says which field broke the rule, not only the check."""
    reports = tmp_path / "reports"
    result = _run(("--app", "qolo_mutants:leaks_card_number", *_only("CreateCard")), reports)
    assert result.returncode == 1, (result.stdout + result.stderr)[-4000:]
    failures = _failures(reports)
    assert any(
        "no_secrets_in_responses" in line and "secret field 'card_number'" in line
        for line in failures
    ), failures


@pytest.mark.slow
def test_summary_names_the_violation_of_a_suite_teardown(tmp_path: Path) -> None:
    """A suite test failed by its teardown's violation check carries the violation."""
    reports = tmp_path / "reports"
    args = ("--app", "qolo_mutants:drop_card_proxy", *QUICK, "--only", "suite", "-k", "life_cycle")
    result = _run(args, reports)
    assert result.returncode == 1, (result.stdout + result.stderr)[-4000:]
    failures = [line for line in _failures(reports) if "error:" in line]
    assert failures, _failures(reports)
    assert all("card_proxy" in line for line in failures), failures


@pytest.mark.slow
@pytest.mark.parametrize("beside", [False, True], ids=["after", "beside"])
def test_both_parts_run_and_a_suite_failure_fails_the_whole_run(
    beside: bool, tmp_path: Path
) -> None:
    """Without `--only` the suite runs too, after schemathesis or (`--suite-beside`) beside it,
    and its failure fails the run even though schemathesis's part passed. Every mutant run is of
    one part (`--only`), so only this shows the default run keeps the suite and its verdict."""
    reports = tmp_path / "reports"
    args = (
        "--app",
        "qolo_mutants:replace_ignores_status",
        *QUICK,
        "--phases",
        "examples,fuzzing",
        "--st-arg=--include-operation-id=ListNotifications",
        "-k",
        "replace_moves",
        *(("--suite-beside",) if beside else ()),
    )
    result = _run(args, reports)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output[-4000:]
    summary = (reports / "summary.md").read_text("utf-8")
    assert re.search(r"tested 1 operations .*, 0 failing, .*\(exit 0\)", summary), summary
    assert re.search(r"the targeted suite \(pytest\) collected \d+ tests: [1-9]\d* failed", summary)
    assert any("test_replace_moves_the_old_card_to_status" in line for line in _failures(reports))
    assert "FAILED in" in summary


def _failures(reports: Path) -> list[str]:
    """The lines of summary.md's Failures section."""
    text = (reports / "summary.md").read_text("utf-8")
    section = text.split("## Failures", 1)[1].split("## ", 1)[0]
    return [line[2:] for line in section.splitlines() if line.startswith("- ")]


def test_redact_hides_secret_fields_by_name_and_known_values(tmp_path: Path) -> None:
    """A JUnit payload's secret fields go by name; a known secret quoted elsewhere by value."""
    from conformance.names import secret_field_names
    from conformance.report import redact

    junit = tmp_path / "junit.xml"
    junit.write_text(
        '`{"card": {"card_number": "5340920000000007", "cvx2": "123", "pin": 4821}}`\n'
        "'5340920000000007' is not of type 'integer'\n",
        "utf-8",
    )
    redact(junit, secret_field_names(), {"5340920000000007"})
    text = junit.read_text("utf-8")
    assert "5340920000000007" not in text
    assert '"cvx2": "&lt;redacted&gt;"' in text
    assert '"pin": "&lt;redacted&gt;"' in text


def test_redact_hides_a_short_secret_a_violation_quotes_without_its_name(tmp_path: Path) -> None:
    """schemathesis quotes a bad value without its field (`731 is not of type "string"`,
    `Value: 731`): a CVV or PIN seen in the recorded bodies goes too, as a whole token only
    (a longer number holding its digits stays), and so does a secret as XML escapes it."""
    from conformance.names import secret_field_names
    from conformance.report import read_schemathesis, redact, secret_values

    def recorded(body: object) -> dict[str, str]:  # as schemathesis's NDJSON keeps a body
        return {"$base64": base64.b64encode(json.dumps(body).encode()).decode()}

    events = tmp_path / "events.ndjson"
    answer = {"card": {"cvx2": "731", "pin": 4821}}
    sent = {"secret": "whsec_a&b<c", "pin": "0000"}
    interaction = {"request": {"body": recorded(sent)}, "response": {"content": recorded(answer)}}
    events.write_text(json.dumps({"interactions": {"x": interaction}}) + "\n", "utf-8")
    values = secret_values(events, secret_field_names())
    assert {"731", "4821"} <= values
    assert not {"0000", "whsec_a&b<c"} & values  # what the kit sent: the fuzzer's own
    values.add("whsec_a&b<c")  # as the runner adds its API key
    junit = tmp_path / "schemathesis-junit.xml"
    junit.write_text(
        '<testsuites><testsuite name="s" tests="1" failures="1"><testcase name="GET /x">'
        '<failure message="m">- ST108 Response violates schema\n\n'
        '    731 is not of type "string"\n\n    Value:\n        731\n'
        "    4821 and 17310 and whsec_a&amp;b&lt;c</failure></testcase></testsuite></testsuites>",
        "utf-8",
    )
    redact(junit, secret_field_names(), values)
    text = junit.read_text("utf-8")
    assert "731 is not" not in text
    assert "        731\n" not in text
    assert "4821" not in text
    assert "whsec_a&amp;b&lt;c" not in text
    assert "17310" in text  # a longer number is not a CVV
    summary = read_schemathesis(tmp_path, 1, 1.0)
    assert all("731" not in line for line in summary.failure_lines), summary.failure_lines


@pytest.mark.slow
def test_a_refused_first_login_keeps_the_previous_reports_and_own_files(
    tmp_path: Path, deployment: Sandbox
) -> None:
    """A wrong key runs nothing, so it deletes nothing: the last run's summary stays, and a file
    that only looks like the kit's (`schemathesis-max-steps-mine.toml`) stays always."""
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "summary.md").write_text("the last run", "utf-8")
    (reports / "schemathesis-max-steps-mine.toml").write_text("mine", "utf-8")
    wrong = {**_deployment(deployment), "QOLO_APIKEY": "sk_wrong_0123456789abcdef"}
    result = _run(QUICK, reports, wrong)
    assert result.returncode == 2, result.stdout[-2000:] + result.stderr[-2000:]
    assert (reports / "summary.md").read_text("utf-8") == "the last run"
    assert _run(_only("GetCard"), reports, _deployment(deployment)).returncode == 0
    assert (reports / "summary.md").read_text("utf-8") != "the last run"
    assert (reports / "schemathesis-max-steps-mine.toml").read_text("utf-8") == "mine"


@pytest.mark.slow
def test_sigterm_deletes_the_private_folder_of_bodies(tmp_path: Path, deployment: Sandbox) -> None:
    """A cancelled CI job sends SIGTERM: the folder holding every body goes as on a normal end."""
    private_root = tmp_path / "tmp"
    private_root.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QOLO_", "COVERAGE_"))}
    env.update(_deployment(deployment))
    env["TMPDIR"] = str(private_root)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    runner = subprocess.Popen(
        [
            *(sys.executable, "-m", "conformance", "--report-dir", str(tmp_path / "r")),
            *("--deployment", *QUICK),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not list(private_root.glob("qolo-conformance-*/*")):
            assert runner.poll() is None, "the run ended before schemathesis wrote anything"
            assert time.monotonic() < deadline
            time.sleep(0.1)
        os.killpg(runner.pid, signal.SIGTERM)  # as CI cancels a job: the whole group
        assert runner.wait(30) != 0
    finally:
        if runner.poll() is None:
            os.killpg(runner.pid, signal.SIGKILL)
    assert not list(private_root.glob("qolo-conformance-*")), list(private_root.iterdir())


@pytest.mark.slow
def test_a_partners_cards_and_subscriptions_are_left_alone(
    tmp_path: Path, deployment: Sandbox
) -> None:
    """schemathesis reuses ids it reads in answers (ListCards lists the program's cards): on a
    deployment, a write to a card or subscription the run did not create names nothing instead.
    The partner's cards keep their status and type, its subscriptions their URL."""
    with _client(deployment) as client:
        cards = []
        for n in range(8):
            made = client.post(
                "/api/v1/cards",
                json={
                    "program_guid": deployment.credential.program_guid,
                    "person": {"first_name": "Partner", "last_name": f"Holder{n}"},
                },
                headers={"IdempotencyKey": f"partner-card-{n}"},
            )
            assert made.status_code == 201, made.text
            cards.append(made.json()["card"])
        hook = client.post(
            "/api/v1/notifications",
            json={
                "program_guid": deployment.credential.program_guid,
                "url": "http://127.0.0.1:9/partner/hook",
                "event_type": ["card.created"],
                "secret": "whsec_partner_0123456789abcdef",
            },
            headers={"IdempotencyKey": "partner-subscription"},
        )
        assert hook.status_code == 201, hook.text
        before = {c["card_proxy"]: (c["card_status"], c.get("issuance_type")) for c in cards}
        result = _run((*QUICK, "--only", "schemathesis"), tmp_path / "r", _deployment(deployment))
        after = {
            proxy: (
                client.get(f"/api/v1/cards/{proxy}").json()["card_status"],
                client.get(f"/api/v1/cards/{proxy}").json().get("issuance_type"),
            )
            for proxy in before
        }
        subscription = client.get(f"/api/v1/notifications/{hook.json()['notification_guid']}")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    assert after == before
    assert subscription.status_code == 200
    assert subscription.json()["url"] == "http://127.0.0.1:9/partner/hook"


def test_a_violation_whose_first_line_ends_in_a_colon_keeps_its_detail(tmp_path: Path) -> None:
    """`CreateCard 201 disagrees with the reference's sample:` names nothing by itself: the
    summary line carries the line after it too."""
    from conformance.report import read_schemathesis

    (tmp_path / "schemathesis-junit.xml").write_text(
        '<testsuites><testsuite name="s" tests="1" failures="1">'
        '<testcase name="POST /api/v1/cards">'
        '<failure message="m">- ST901 Custom check failed: `agrees_with_reference_samples`\n\n'
        "    CreateCard 201 disagrees with the reference's sample:\n"
        "    /card/expiration_date: the reference shows a string, the response has 2912\n"
        "</failure></testcase></testsuite></testsuites>",
        "utf-8",
    )
    lines = read_schemathesis(tmp_path, 1, 1.0).failure_lines
    assert any("sample: /card/expiration_date: the reference shows" in line for line in lines), (
        lines
    )


def test_operations_mostly_answered_429_are_named(tmp_path: Path) -> None:
    """A rate-limited deployment can pass while some operations were never really tested:
    those most of whose answers were 429 are named, for the summary's note."""
    from conformance.report import read_schemathesis

    def scenario(label: str, statuses: list[int]) -> str:
        interactions = {
            str(n): {"request": {}, "response": {"status_code": status}}
            for n, status in enumerate(statuses)
        }
        recorder = {"label": label, "cases": {}, "checks": {}, "interactions": interactions}
        return json.dumps({"ScenarioFinished": {"status": "success", "recorder": recorder}})

    events = tmp_path / "events.ndjson"
    events.write_text(
        scenario("GET /api/v1/cards/{card_proxy}", [429, 429, 429, 200])
        + "\n"
        + scenario("POST /api/v1/cards", [201, 429, 201, 400])
        + "\n",
        "utf-8",
    )
    result = read_schemathesis(tmp_path, 0, 1.0, events)
    assert result.throttled == ["GET /api/v1/cards/{card_proxy}"]
