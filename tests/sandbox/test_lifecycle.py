"""Start-up, persistence across restarts, crash recovery of webhooks, graceful shutdown."""

from __future__ import annotations

import json
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from qolo_sandbox import _cli, _connection
from qolo_sandbox._config import CredentialSpec
from qolo_sandbox.testing import PROGRAM_A, Credential, Sandbox, start_sandbox

from ._support import ContractClient, Receiver, cli_options, environment_name, login


def test_restart_keeps_data_and_tokens(tmp_path: Path) -> None:
    """With --db, cards and tokens survive a restart."""
    violations: list[str] = []
    with start_sandbox(db=tmp_path / "s.db") as sbx:
        token = login(sbx.base_url, sbx.credential)
        with ContractClient(sbx.base_url, violations, token) as api:
            proxy = api.create_card().json()["card"]["card_proxy"]
        sbx.restart()
        with ContractClient(sbx.base_url, violations, token) as api:
            assert api.get(f"/api/v1/cards/{proxy}").status_code == 200
            assert api.get("/api/v1/cards").json()["count"] == 1
    assert not violations, violations


def test_a_read_only_token_stays_read_only_after_a_restart(tmp_path: Path) -> None:
    """A token read back from the database keeps its credential's rights: read-only still
    reads and may not write."""
    violations: list[str] = []
    with start_sandbox(db=tmp_path / "s.db") as sbx:
        token = login(sbx.base_url, sbx.read_only_credential)
        sbx.restart()
        with ContractClient(sbx.base_url, violations, token) as reader:
            assert reader.get("/api/v1/cards").status_code == 200
            refused = reader.create_card()
            assert refused.status_code == 405
            assert refused.json()["code"] == "method_not_allowed_for_token"
            assert reader.get("/api/v1/cards").json()["count"] == 0
    assert not violations, violations


def test_reset_forgets_the_clock_offset_for_good(tmp_path: Path) -> None:
    """`reset` rewinds the clock, also in the database: a restart after it does not bring the
    old offset back (the offset was a day; the check allows an hour of slow test)."""
    with start_sandbox(db=tmp_path / "s.db", controls=True) as sbx:
        sbx.controls.advance_clock(86400)
        sbx.controls.reset()
        sbx.restart()
        now = datetime.fromisoformat(sbx.controls.now()).timestamp()
        assert abs(now - time.time()) < 3600


def test_pending_deliveries_survive_a_crash(tmp_path: Path, receiver: Receiver) -> None:
    """Kill -9 with deliveries pending; after a restart on the same db they are delivered."""
    receiver.statuses = [200, 500]  # the ping succeeds, the first delivery fails
    violations: list[str] = []
    with start_sandbox(db=tmp_path / "s.db", webhook_retry_base=3600) as sbx:
        token = login(sbx.base_url, sbx.credential)
        with ContractClient(sbx.base_url, violations, token) as api:
            sub = api.post(
                "/api/v1/notifications",
                json={
                    "program_guid": PROGRAM_A,
                    "url": receiver.url,
                    "secret": "s" * 16,
                    "event_type": ["all"],
                },
            ).json()
            assert sub["active"] is True
            api.create_card()
        receiver.wait_for(lambda: len(receiver.events()) == 1)
        receiver.wait_for(lambda: len(sbx.controls.deliveries()[0]["attempts"]) == 1)
        sbx.kill()
        sbx.start()
        delivery = sbx.controls.deliveries()[0]
        assert delivery["state"] == "pending"
        time.sleep(0.3)
        assert len(receiver.events()) == 1  # the retry waits for its (clock) time
        sbx.controls.advance_clock(3600)
        receiver.wait_for(lambda: sbx.controls.deliveries()[0]["state"] == "delivered")
        events = receiver.events()
        assert len(events) == 2
        assert json.loads(events[0].body)["event_id"] == json.loads(events[1].body)["event_id"]
    assert not violations, violations


def test_sigterm_finishes_in_flight_requests(tmp_path: Path) -> None:
    """SIGTERM lets a running request complete and commit before the process exits."""
    violations: list[str] = []
    with start_sandbox(db=tmp_path / "s.db") as sbx:
        token = login(sbx.base_url, sbx.credential)
        sbx.controls.inject_fault(kind="latency", latency_ms=1000, count=1, methods=["POST"])
        result: list[httpx.Response] = []

        def create() -> None:
            with ContractClient(sbx.base_url, violations, token) as api:
                result.append(api.create_card())

        worker = threading.Thread(target=create)
        worker.start()
        # Stop once the create is in flight: the fault is used up when the request arrives, and
        # it then sleeps its second. (A fixed 0.4 s was too short on a busy machine: the stop
        # came before the create, which then found no server.)
        deadline = time.monotonic() + 10
        while sbx.controls.faults():
            assert time.monotonic() < deadline, "the create never reached the sandbox"
            time.sleep(0.01)
        assert sbx.stop() == 0  # a graceful stop on request is a success
        worker.join()
        assert result[0].status_code == 201
        sbx.start()
        with ContractClient(sbx.base_url, violations, token) as api:
            assert api.get("/api/v1/cards").json()["count"] == 1
    assert not violations, violations


def _start_cli(
    *args: str, stderr: Any = subprocess.DEVNULL
) -> tuple[subprocess.Popen[str], dict[str, str]]:
    """`python -m qolo_sandbox ARGS` and the environment line it prints at start-up."""
    process = subprocess.Popen(
        [sys.executable, "-m", "qolo_sandbox", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
    )
    assert process.stdout is not None
    process.stdout.readline()  # "listening on ..."
    env = dict(kv.split("=", 1) for kv in shlex.split(process.stdout.readline()))
    return process, env


def _credential(env: dict[str, str]) -> Credential:
    return Credential(env["QOLO_LOGINID"], env["QOLO_APIKEY"], env["QOLO_PROGRAM_GUID"])


def test_sigint_stops_cleanly_and_keeps_the_data(tmp_path: Path) -> None:
    """Ctrl-C (SIGINT) is a graceful stop too; the demo credential and the cards survive it."""
    db = str(tmp_path / "s.db")
    process, env = _start_cli("--db", db)
    try:
        token = login(env["QOLO_BASE_URL"], _credential(env))
        with ContractClient(env["QOLO_BASE_URL"], [], token) as api:
            assert api.create_card().status_code == 201
        process.send_signal(signal.SIGINT)
        assert process.wait(15) == 0
    finally:
        process.kill()
        process.wait()
    process, again = _start_cli("--db", db)
    try:
        assert (again["QOLO_LOGINID"], again["QOLO_APIKEY"]) == (
            env["QOLO_LOGINID"],
            env["QOLO_APIKEY"],
        )
        token = login(again["QOLO_BASE_URL"], _credential(env))
        with ContractClient(again["QOLO_BASE_URL"], [], token) as api:
            assert api.get("/api/v1/cards").json()["count"] == 1
    finally:
        process.terminate()
        process.wait(15)


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_a_stopped_sandbox_says_one_line_and_exits_0(tmp_path: Path, stop: signal.Signals) -> None:
    """Ctrl-C or SIGTERM: no traceback, one line saying it stopped, exit status 0."""
    errors = (tmp_path / "stderr.txt").open("w+")
    process, env = _start_cli(stderr=errors)
    try:
        assert httpx.get(env["QOLO_BASE_URL"] + "/api/v1/cards").status_code == 401
        process.send_signal(stop)
        out, _ = process.communicate(timeout=15)
    finally:
        process.kill()
        process.wait()
    errors.seek(0)
    assert process.returncode == 0
    assert out.splitlines() == [f"qolo-sandbox stopped ({stop.name})"]
    assert "Traceback" not in errors.read()


def test_a_credential_removed_from_the_file_stops_working(tmp_path: Path) -> None:
    """The credentials file is the truth: after a restart without B, B's login and token fail."""
    db = tmp_path / "s.db"
    a = Credential("partner-a", "sk_a_" + secrets.token_hex(8), PROGRAM_A, False)
    b = Credential("partner-b", "sk_b_" + secrets.token_hex(8), PROGRAM_A, False)
    with start_sandbox(db=db, credentials=[a, b]) as sbx:
        token_a, token_b = login(sbx.base_url, a), login(sbx.base_url, b)
    with start_sandbox(db=db, credentials=[a]) as sbx:
        url = sbx.base_url
        gone = httpx.post(
            f"{url}/api/v1/auth/login", json={"loginid": b.loginid, "apikey": b.apikey}
        )
        assert gone.status_code == 401
        stale = httpx.get(f"{url}/api/v1/cards", headers={"Authorization": f"Bearer {token_b}"})
        assert stale.status_code == 401
        kept = httpx.get(f"{url}/api/v1/cards", headers={"Authorization": f"Bearer {token_a}"})
        assert kept.status_code == 200


def test_token_ttl_option_and_its_environment_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    """--token-ttl sets the login's expires_in; QOLO_SANDBOX_TOKEN_TTL does the same."""
    with start_sandbox(token_ttl=90) as sbx:
        assert _login_body(sbx)["expires_in"] == 90
        sbx.controls.advance_clock(91)
        token = _login_body(sbx)["access_token"]
    monkeypatch.setenv("QOLO_SANDBOX_TOKEN_TTL", "120")
    with start_sandbox() as sbx:
        assert _login_body(sbx)["expires_in"] == 120
    assert token


def _login_body(sbx: Sandbox) -> dict[str, Any]:
    cred = sbx.credential
    response = httpx.post(
        f"{sbx.base_url}/api/v1/auth/login", json={"loginid": cred.loginid, "apikey": cred.apikey}
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_cli_an_empty_variable_is_an_unset_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """`QOLO_SANDBOX_PORT=` (a shell's way of clearing it) means the default, for every option:
    an empty host must not become "" (every interface), nor an empty port a usage error."""
    for action in _cli._parser()._actions:
        for flag in action.option_strings:
            if flag.startswith("--") and flag != "--help":
                name = flag[2:].upper().replace("-", "_")
                monkeypatch.setenv(f"QOLO_SANDBOX_{name}", "")
    args = _cli.parse_args([])
    assert (args.host, args.port, args.log_level) == ("127.0.0.1", 8000, "warning")
    assert (args.db, args.rate_limit, args.controls, args.access_log) == (None, None, False, False)
    assert args.webhook_allow == ()  # any receiver, as without the variable


@pytest.mark.parametrize(
    ("argv", "env"),
    [
        (["--token-ttl", "0"], {}),
        (["--rate-limit", "0"], {}),
        (["--token-ttl", "soon"], {}),
        ([], {"QOLO_SANDBOX_TOKEN_TTL": "-5"}),
        ([], {"QOLO_SANDBOX_RATE_LIMIT": "0"}),
        (["--webhook-retry-base", "-1"], {}),
        (["--log-level", "trace"], {}),  # uvicorn's trace logs bearer tokens
        (["--log-level", "loud"], {}),
        ([], {"QOLO_SANDBOX_LOG_LEVEL": "trace"}),
        (["--port", "70000"], {}),
        ([], {"QOLO_SANDBOX_PORT": "abc"}),
        ([], {"QOLO_SANDBOX_CONTROLS": "maybe"}),  # the controls reset and move time
        (["--controls"], {"QOLO_SANDBOX_CONTROLS": "maybe"}),  # refused even with the flag
        ([], {"QOLO_SANDBOX_ACCESS_LOG": "verbose"}),
        (["--access-log"], {"QOLO_SANDBOX_ACCESS_LOG": "2"}),
    ],
)
def test_cli_refuses_senseless_settings(
    argv: list[str], env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A TTL or rate limit below 1, or an unknown log level (flag or environment), is a usage
    error, not a broken server."""
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SystemExit) as exited:
        _cli.parse_args(argv)
    assert exited.value.code == 2


@pytest.mark.parametrize(
    ("argv", "env"),
    [
        (["--webhook-allow", ""], {}),  # --webhook-allow "$UNSET_VARIABLE"
        (["--webhook-allow=,"], {}),  # --webhook-allow "$A,$B", both unset
        (["--webhook-allow", " , "], {}),
        (["--webhook-allow", ""], {"QOLO_SANDBOX_WEBHOOK_ALLOW": "hooks.example.com"}),
        ([], {"QOLO_SANDBOX_WEBHOOK_ALLOW": ","}),  # an empty variable is unset; this is not
    ],
)
def test_cli_an_empty_webhook_allow_list_is_a_usage_error(
    argv: list[str],
    env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """No list allows every receiver: an allow list that lists nothing must not fail open."""
    monkeypatch.delenv("QOLO_SANDBOX_WEBHOOK_ALLOW", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SystemExit) as exited:
        _cli.parse_args(argv)
    assert exited.value.code == 2
    error = capsys.readouterr().err
    assert "error: argument --webhook-allow: " in error
    assert "lists no receiver" in error


def test_cli_log_levels_ignore_case() -> None:
    """`--log-level DEBUG` is `debug`, as uvicorn and `logging` both take it."""
    assert _cli.parse_args(["--log-level", "DEBUG"]).log_level == "debug"
    assert _cli.parse_args([]).log_level == "warning"


def test_cli_without_credentials_prints_a_demo_login(tmp_path: Path) -> None:
    """The command alone creates a demo credential and prints a copyable line that works."""
    process = subprocess.Popen(
        [sys.executable, "-m", "qolo_sandbox", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        url = re.search(r"listening on (http://\S+)", first)
        assert url is not None
        env = dict(kv.split("=", 1) for kv in shlex.split(process.stdout.readline()))
        assert env["QOLO_BASE_URL"] == url.group(1)
        assert env["QOLO_PROGRAM_GUID"] == PROGRAM_A  # the demo program is the contract's
        response = httpx.post(
            f"{env['QOLO_BASE_URL']}/api/v1/auth/login",
            json={"loginid": env["QOLO_LOGINID"], "apikey": env["QOLO_APIKEY"]},
        )
        assert response.status_code == 200
    finally:
        process.terminate()
        assert process.wait(15) in (0, -signal.SIGTERM)


def _exported(shell: str, line: str) -> dict[str, str]:
    """What `export <line>` sets the four variables to in `shell` (it must not fail)."""
    names = ("QOLO_BASE_URL", "QOLO_LOGINID", "QOLO_APIKEY", "QOLO_PROGRAM_GUID")
    script = f"export {line}\nprintf '%s\\0' " + " ".join(f'"${name}"' for name in names)
    done = subprocess.run(
        [shell, "-c", script], capture_output=True, text=True, timeout=10, check=False
    )
    assert done.returncode == 0, done.stderr
    assert not done.stderr
    return dict(zip(names, done.stdout.split("\0")[:-1], strict=True))


_SHELLS = [
    pytest.param(shell, marks=pytest.mark.skipif(not shutil.which(shell), reason=f"no {shell}"))
    for shell in ("sh", "bash")
]


@pytest.mark.parametrize("shell", _SHELLS)
@pytest.mark.parametrize(
    ("url", "loginid", "shown"),
    [
        ("http://127.0.0.1:8000", "demo-partner", True),
        ("http://[::1]:8000", "ops team's $HOME `id` *", False),
    ],
)
def test_cli_the_line_to_copy_exports_as_printed(
    shell: str, url: str, loginid: str, shown: bool
) -> None:
    """Every value is shell-quoted, and a key left out is empty: `export <line>` in sh or bash
    sets exactly the values (a `<placeholder>` was a redirection: bash exported nothing)."""
    credential = CredentialSpec(loginid, "sk_sandbox_" + secrets.token_hex(16), PROGRAM_A)
    line = _cli._copy_line(url, credential, show_apikey=shown)
    assert "\n" not in line
    assert _exported(shell, line) == {
        "QOLO_BASE_URL": url,
        "QOLO_LOGINID": loginid,
        "QOLO_APIKEY": credential.apikey if shown else "",
        "QOLO_PROGRAM_GUID": PROGRAM_A,
    }


@pytest.mark.parametrize("shell", _SHELLS)
def test_cli_never_prints_a_key_from_a_credentials_file(tmp_path: Path, shell: str) -> None:
    """With --credentials the start-up line leaves QOLO_APIKEY empty, says so on stderr, and
    still exports as printed (a login id with a space included)."""
    apikey = "sk_operator_" + secrets.token_hex(16)
    creds = tmp_path / "credentials.json"
    creds.write_text(
        json.dumps([{"loginid": "ops team", "apikey": apikey, "program_guid": PROGRAM_A}]),
        "utf-8",
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "qolo_sandbox", "--port", "0", "--credentials", str(creds)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    seen: list[str] = []
    try:
        assert process.stdout is not None
        while not (seen and seen[-1].startswith("QOLO_BASE_URL=")):
            line = process.stdout.readline()
            assert line, "".join(seen)
            seen.append(line)
        env = _exported(shell, seen[-1])
        assert env["QOLO_LOGINID"] == "ops team"
        assert env["QOLO_APIKEY"] == ""
        assert env["QOLO_PROGRAM_GUID"] == PROGRAM_A
        assert env["QOLO_BASE_URL"].startswith("http://127.0.0.1:")
        note = process.stdout.readline()  # stderr, printed right after the line
        assert note.startswith("qolo-sandbox: QOLO_APIKEY is left empty: a key from"), note
    finally:
        process.terminate()
        rest, _ = process.communicate(timeout=15)
    assert apikey not in "".join(seen) + note + rest


def test_cli_refuses_to_run_without_httptools(monkeypatch: pytest.MonkeyPatch) -> None:
    """httptools is required (drop_after_write needs it): no silent fallback to another parser."""
    monkeypatch.setitem(sys.modules, "uvicorn.protocols.http.httptools_impl", None)
    with pytest.raises(SystemExit, match="httptools"):
        _connection.guarded_protocol()


@pytest.mark.parametrize(("value", "on"), [("TRUE", True), ("on", True), ("0", False), ("", False)])
def test_cli_controls_from_the_environment(
    value: str, on: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QOLO_SANDBOX_CONTROLS", value)
    assert _cli.parse_args([]).controls is on
    assert _cli.parse_args(["--controls"]).controls is True


@pytest.mark.parametrize(
    ("value", "on"),
    [("1", True), ("Yes", True), (" on ", True), ("OFF", False), ("no", False), ("", False)],
)
def test_cli_access_log_from_the_environment(
    value: str, on: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """QOLO_SANDBOX_ACCESS_LOG reads like QOLO_SANDBOX_CONTROLS; the flag wins over an off."""
    monkeypatch.setenv("QOLO_SANDBOX_ACCESS_LOG", value)
    assert _cli.parse_args([]).access_log is on
    assert _cli.parse_args(["--access-log"]).access_log is True


# For each option, a value of its variable and what it parses to, which its default is not.
_FROM_THE_ENVIRONMENT: dict[str, tuple[str, object]] = {
    "--host": ("::1", "::1"),
    "--port": ("8123", 8123),
    "--db": ("sandbox.db", "sandbox.db"),
    "--credentials": ("credentials.json", "credentials.json"),
    "--token-ttl": ("90", 90),
    "--rate-limit": ("7", 7),
    "--controls": ("yes", True),
    "--webhook-retry-base": ("0.5", 0.5),
    "--webhook-allow": ("hooks.example.com, 10.0.0.0/8", ("hooks.example.com", "10.0.0.0/8")),
    "--idle-timeout": ("2.5", 2.5),
    "--request-timeout": ("4", 4.0),
    "--log-level": ("INFO", "info"),
    "--access-log": ("on", True),
}


def test_cli_every_option_has_an_environment_twin(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each option `--x-y` is also QOLO_SANDBOX_X_Y, as the README promises (CI, containers).

    The options come from the parser: a new one fails here until it has a variable too.
    """
    options = cli_options()
    assert set(options) == set(_FROM_THE_ENVIRONMENT)
    for option in options:
        monkeypatch.delenv(environment_name(option), raising=False)
    defaults = vars(_cli.parse_args([]))
    for option, dest in options.items():
        value, parsed = _FROM_THE_ENVIRONMENT[option]
        assert defaults[dest] != parsed, option
        with monkeypatch.context() as env:
            env.setenv(environment_name(option), value)
            assert getattr(_cli.parse_args([]), dest) == parsed, option


def test_cli_access_log_is_off_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QOLO_SANDBOX_ACCESS_LOG", raising=False)
    assert _cli.parse_args([]).access_log is False


def test_cli_access_log_variable_error_names_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A value that is neither on nor off is a usage error that says which variable and why."""
    monkeypatch.setenv("QOLO_SANDBOX_ACCESS_LOG", "verbose")
    with pytest.raises(SystemExit) as exited:
        _cli.parse_args([])
    assert exited.value.code == 2
    assert "QOLO_SANDBOX_ACCESS_LOG='verbose': use 1, true, yes or on" in capsys.readouterr().err


def test_cli_mistakes_are_one_line_not_a_traceback(tmp_path: Path) -> None:
    """A port in use, a missing credentials file or database folder: one line, exit 1."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        cases = {
            ("--port", str(port)): f"cannot listen on 127.0.0.1:{port}: Address already in use",
            ("--credentials", str(tmp_path / "none.json")): "cannot read --credentials",
            ("--db", str(tmp_path / "no" / "dir.db")): "cannot open --db",
        }
        for args, message in cases.items():
            done = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "qolo_sandbox",
                    *(("--port", "0") if "--port" not in args else ()),
                    *args,
                ],
                capture_output=True,
                text=True,
                timeout=30,
            )
            assert done.returncode == 1, done.stderr
            assert "Traceback" not in done.stderr, done.stderr
            assert done.stderr.startswith("qolo-sandbox: " + message), done.stderr
