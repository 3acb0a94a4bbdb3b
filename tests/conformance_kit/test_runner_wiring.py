"""How the runner calls each tool and what it keeps of the answer, with the tools stood in for.

The end-to-end runs (`test_runner_reports.py`, `test_mutants.py`) prove the whole; these
prove, in milliseconds, the runner's own decisions around each tool: against a deployment
Login is never fuzzed (and the summary says so), every credential is redacted, the JUnit
reports kept are redacted, the bodies' NDJSON stays in a private folder deleted afterwards;
and each tool's exit status, whoever ran it, is what the verdict reads.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import Any

import httpx
import pytest

from conformance import cleanup, run
from conformance.report import ST_EVENTS, ST_JUNIT, SUITE_JUNIT

PAN = "5340920000000007"
CVV = "731"
APIKEY = "apikey-of-the-partner-0123"
TOKEN = "token-of-the-run-4567"
GUID = "00000000-0000-4000-8000-000000000001"


def _target(*, sandbox: bool) -> run.Target:
    return run.Target(
        base_url="http://127.0.0.1:9",
        loginid="partner",
        apikey=APIKEY,
        program_guid=GUID,
        sandbox=sandbox,
        extra_env={} if sandbox else {run.TOKEN_ENV: TOKEN},
    )


def _failing_junit(path: Path) -> None:
    """A JUnit failure quoting a card (by field) and a CVV and the API key (by value)."""
    path.write_text(
        '<testsuites><testsuite name="s" tests="1" failures="1"><testcase name="GET /c">'
        f'<failure message="m">- ST108 Response violates schema\n\n    {CVV} is not of type '
        f'"string"\n    {{"card_number": "{PAN}"}} curl -d apikey={APIKEY}</failure>'
        "</testcase></testsuite></testsuites>",
        "utf-8",
    )


class Called:
    """What the stand-in tool was called with."""

    command: list[str]
    credentials: Collection[str]
    private: Path | None


def _standing_in(
    monkeypatch: pytest.MonkeyPatch, write: Callable[[list[str]], None], code: int
) -> Called:
    """Both ways of running a tool (redacted, or plain for the sandbox) replaced by `write`."""
    called = Called()

    def redacted(command: Sequence[str], **kwargs: Any) -> int:
        called.command = list(command)
        called.credentials = kwargs["credentials"]
        called.private = kwargs.get("private")
        write(called.command)
        return code

    def plain(command: Sequence[str], **kwargs: Any) -> int:
        called.command = list(command)
        write(called.command)
        return code

    monkeypatch.setattr(run, "call_redacted", redacted)
    monkeypatch.setattr(subprocess, "call", plain)  # what the runner calls for the sandbox
    return called


def _value(command: list[str], option: str) -> Path:
    return Path(command[command.index(option) + 1])


def _schemathesis_writes(command: list[str]) -> None:
    events = _value(command, "--report-ndjson-path")
    answer = {"response": {"body": {"card": {"cvx2": CVV, "card_number": PAN}}}}
    events.write_text(json.dumps(answer) + "\n", "utf-8")
    _failing_junit(_value(command, "--report-junit-path"))


def test_against_a_deployment_schemathesis_keeps_no_secret(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    monkeypatch.setenv("QOLO_OTHER_APIKEY", "other-key-of-the-env-89")
    called = _standing_in(monkeypatch, _schemathesis_writes, 1)
    args = run.parse_args(["--profile", "quick"])
    result = run._run_schemathesis(args, _target(sandbox=False), reports)
    assert not result.ok
    assert result.exit_code == 1
    # Every check, the profile's phases, and a config whose phases reuse no partner's ids.
    assert called.command[called.command.index("--checks") + 1] == "all"
    assert called.command[called.command.index("--phases") + 1] == "examples,fuzzing,stateful"
    config = _value(called.command, "--config-file")
    assert config.name == "schemathesis-deployment.toml"
    assert config.parent == called.private
    # Login is not fuzzed (random credentials lock the account out), and the summary says so.
    excluded = called.command.index("--exclude-operation-id")
    assert called.command[excluded + 1] == "Login"
    assert any("Login not fuzzed" in line for line in result.skipped), result.skipped
    assert {APIKEY, TOKEN, "other-key-of-the-env-89"} <= set(called.credentials)
    # The bodies were written in a private folder, deleted; the kept JUnit is redacted.
    assert called.private is not None
    assert not called.private.exists()
    assert not (reports / ST_EVENTS).exists()
    assert _value(called.command, "--report-ndjson-path").parent == called.private
    kept = (reports / ST_JUNIT).read_text("utf-8")
    for secret in (PAN, APIKEY):
        assert secret not in kept
    assert f"{CVV} is not" not in kept
    assert "is not of type" in kept


def test_against_the_sandbox_schemathesis_fuzzes_login_and_its_exit_status_counts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    called = _standing_in(monkeypatch, _schemathesis_writes, 1)
    args = run.parse_args(["--profile", "quick"])
    result = run._run_schemathesis(args, _target(sandbox=True), tmp_path)
    assert "--exclude-operation-id" not in called.command
    assert _value(called.command, "--config-file") == run.CONFIG
    assert result.exit_code == 1
    assert not result.ok
    assert result.failures == 1


def _suite_writes(command: list[str]) -> None:
    junit = Path(next(arg for arg in command if arg.startswith("--junitxml=")).split("=", 1)[1])
    _failing_junit(junit)


@pytest.mark.parametrize("sandbox", [False, True], ids=["deployment", "sandbox"])
def test_the_suites_exit_status_counts_and_its_report_keeps_no_credential(
    sandbox: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    called = _standing_in(monkeypatch, _suite_writes, 1)
    args = run.parse_args(["--profile", "quick"])
    result = run._run_suite(args, _target(sandbox=sandbox), tmp_path)
    assert result.exit_code == 1
    assert not result.ok
    counting = called.command.index("conformance.pytest_counts")  # pytest's own counts
    assert called.command[counting - 1] == "-p"
    if not sandbox:
        assert {APIKEY, TOKEN} <= set(called.credentials)
        kept = (tmp_path / SUITE_JUNIT).read_text("utf-8")
        assert APIKEY not in kept
        assert PAN not in kept


@pytest.mark.parametrize(
    ("status", "body"),
    [(200, {"token_type": "Bearer"}), (200, {"access_token": ""}), (401, {"code": "x"})],
    ids=["no-token", "empty-token", "refused"],
)
def test_a_first_login_without_a_token_stops_the_run(
    status: int, body: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only a 200 with an access token lets the run go on (exit 2 otherwise: nothing run)."""
    answer = httpx.Response(status, json=body)
    monkeypatch.setattr(httpx, "post", lambda *args, **kwargs: answer)
    assert run._first_login(_target(sandbox=False)) is None
    monkeypatch.setattr(
        httpx, "post", lambda *args, **kwargs: httpx.Response(200, json={"access_token": "t"})
    )
    assert run._first_login(_target(sandbox=False)) == "t"


def test_a_token_exported_in_the_shell_never_reaches_the_tools(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The tools get the runner's own token against a deployment, and none against its sandbox
    (whose clock test expires tokens older than itself)."""
    monkeypatch.setenv(run.TOKEN_ENV, "a-stale-token-of-another-run")
    assert run.TOKEN_ENV not in run._child_env(_target(sandbox=True))
    assert run._child_env(_target(sandbox=False))[run.TOKEN_ENV] == TOKEN


def test_the_sweep_counts_only_the_subscriptions_it_deleted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A DELETE the deployment refuses is said to have failed, not counted as done; 404 (already
    gone) is done; nothing else is deleted."""
    answers = {"a": 204, "b": 500, "c": 404}
    sent: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(f"{request.method} {request.url.path}")
        return httpx.Response(answers[request.url.path.rsplit("/", 1)[1]])

    real = httpx.Client
    monkeypatch.setattr(
        httpx, "Client", lambda **kwargs: real(transport=httpx.MockTransport(handler), **kwargs)
    )
    line = cleanup.sweep("http://deployment.test", TOKEN, ["a", "b", "c"])
    assert "deleted 2 webhook subscriptions" in line
    assert "(1 could not be deleted)" in line
    assert sent == [f"DELETE /api/v1/notifications/{guid}" for guid in "abc"]
