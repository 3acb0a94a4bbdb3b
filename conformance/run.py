"""The conformance runner: `python -m conformance [options]` (what `nox -s conformance` runs).

1. Resolve the target: with `--deployment`, `QOLO_BASE_URL` + `QOLO_LOGINID` + `QOLO_APIKEY` +
   `QOLO_PROGRAM_GUID` name a deployment (nothing is started); otherwise a fresh sandbox is
   started on a free loopback port with its test controls on, and stopped at the end. Exported
   variables alone never aim a run at a deployment (a partner's shell has them for the
   client): `QOLO_BASE_URL` set without `--deployment` stops the run before anything is sent.
   Then log in once, before anything else: if that login is refused (or gives no token) the
   run stops at once, with one line naming the variable to check and exit status 2, so a typo
   in `QOLO_APIKEY` costs one failed login, not dozens (which would lock a real account out).
   Against a deployment, the suite reuses that token (`QOLO_CONFORMANCE_TOKEN`); schemathesis
   logs in once more through its own dynamic auth.
2. Run schemathesis (the pinned CLI of this interpreter) over every operation with
   `conformance/schemathesis.toml`, our hooks and checks; its output streams live (against a
   deployment, with secrets redacted: `conformance.console`).
3. Run the targeted pytest suite in `conformance/targeted_suite/` against the same target,
   after schemathesis; with `--suite-beside` (a sandbox the runner started only), beside it on
   a fresh sandbox of its own. `--profile` sizes the schemathesis part (`conformance.profiles`).
4. Print a one-paragraph summary and exit non-zero if either part failed. It counts what the
   tools count (pytest's own summary numbers, schemathesis's skipped scenarios), names each
   skip's reason, and explains in one line each number that could read like a hidden failure.

Both parts judge secrets in responses by one policy (`--secrets`, exported to them as
`QOLO_CONFORMANCE_SECRETS`): `strict` for the sandbox we started (it never sends a secret),
`reference` for a real deployment (the platform sends the card's PAN and CVV and echoes the PIN
where the contract declares them; they must be consistent). See `conformance.contract`.

Reports land in `reports/conformance/` (`--report-dir`): schemathesis JUnit, NDJSON and HTML, the
suite's JUnit, and `summary.md` (the paragraph, every failure and every skip with its reason).
Against a deployment the NDJSON and HTML, which hold every body (its PANs and CVVs), are not
kept, and the JUnit reports' secret fields are redacted (`_run_schemathesis`).
Once the configuration is valid, an earlier run's reports there are deleted; nothing else in
the folder is touched (`conformance.report.KIT_FILES`).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

import httpx

from conformance.cleanup import created_subscriptions, sweep
from conformance.console import call_redacted
from conformance.names import (
    COUNTS_ENV,
    FILTERED_ENV,
    ROOT,
    SECRETS_ENV,
    SECRETS_POLICIES,
    WEBHOOK_URL_ENV,
    secret_field_names,
)
from conformance.profiles import PROFILES, Profile, deployment_config, stateful_config
from conformance.receiver import Receiver
from conformance.report import (
    FILTERED_LOG,
    ST_EVENTS,
    ST_HTML,
    ST_JUNIT,
    SUITE_COUNTS,
    SUITE_JUNIT,
    SUITE_OUTPUT,
    StResult,
    SuiteResult,
    clear_kit_files,
    read_schemathesis,
    read_suite,
    redact,
    secret_values,
)
from conformance.summary import Run, report_run

__all__ = ["Target", "main", "parse_args"]

CONFIG = ROOT / "conformance" / "schemathesis.toml"
SUITE = ROOT / "conformance" / "targeted_suite"
DEFAULT_REPORTS = ROOT / "reports" / "conformance"
SANDBOX_APP = "qolo_sandbox.app:create_app"
# Seconds before the sandbox's first webhook retry: short, so the retry test takes seconds.
SANDBOX_WEBHOOK_RETRY_BASE = 0.2
# Seconds the sandbox may take to start: it starts in 1-2 s, but on a CI runner shared by other
# jobs the default 30 s was seen to run out (an import of the whole app under load).
SANDBOX_START_TIMEOUT = 120.0
# The runner's own token for the suite's main credential (exported for a deployment only: the
# sandbox's clock test expires every token older than itself, so there the suite logs in per test).
TOKEN_ENV = "QOLO_CONFORMANCE_TOKEN"
# The exit status when nothing was run: the target is misconfigured (a missing or malformed
# variable, an unusable report folder) or its first login failed. 1 is for a deployment that
# does not conform, so CI can tell the two apart.
NOTHING_RUN = 2


@dataclass(slots=True)
class Target:
    """Where the run goes and as whom; `sandbox` is true only for a sandbox we started.

    `secrets` is the secrets policy responses are judged by (`strict` or `reference`).
    """

    base_url: str
    loginid: str
    apikey: str = field(repr=False)
    program_guid: str
    sandbox: bool
    # The other credentials' keys, and against a deployment the runner's token.
    extra_env: dict[str, str] = field(default_factory=dict, repr=False)
    secrets: str = "strict"

    def env(self) -> dict[str, str]:
        """The variables schemathesis's config, our hooks and checks, and the suite read."""
        return {
            "QOLO_BASE_URL": self.base_url,
            "QOLO_LOGINID": self.loginid,
            "QOLO_APIKEY": self.apikey,
            "QOLO_PROGRAM_GUID": self.program_guid,
            "QOLO_CONFORMANCE_SANDBOX": "1" if self.sandbox else "0",
            SECRETS_ENV: self.secrets,
            **self.extra_env,
        }


def _default_seed() -> int:
    with CONFIG.open("rb") as handle:
        return int(tomllib.load(handle)["seed"])


ENVIRONMENT = """\
environment (read with --deployment; without it a fresh sandbox is started and all are set):
  QOLO_BASE_URL          the deployment's base URL, e.g. https://api.example.com
  QOLO_LOGINID           the main read-write credential's login id
  QOLO_APIKEY            ... and its API key
  QOLO_PROGRAM_GUID      the program the main credential issues cards in
  QOLO_READONLY_LOGINID  a read-only credential: the read-only tests skip without it
  QOLO_READONLY_APIKEY   ... and its API key
  QOLO_OTHER_LOGINID     a credential of another program: the tenancy tests skip without it
  QOLO_OTHER_APIKEY      ... and its API key
  QOLO_CONFORMANCE_WEBHOOK_URL  the receiver URL schemathesis's subscriptions name (default: one
                         that refuses connections); a deployment with a webhook allow list
                         needs one it allows
  QOLO_CONFORMANCE_PROFILE  the --profile when none is given (CI: quick on pull requests)
"""


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m conformance",
        description="Check a running Qolo API deployment (default: a fresh sandbox) against "
        "openapi.yaml. Target a deployment with --deployment and QOLO_BASE_URL, QOLO_LOGINID, "
        "QOLO_APIKEY and QOLO_PROGRAM_GUID (see below).",
        epilog=ENVIRONMENT,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--deployment",
        action="store_true",
        help="test the deployment QOLO_BASE_URL names (see below) instead of a fresh sandbox. "
        "It writes there: cards it creates cannot be deleted (the subscriptions it creates are)",
    )
    parser.add_argument(
        "--seed", type=int, default=_default_seed(), help="schemathesis seed (default: config's)"
    )
    parser.add_argument(
        "--profile",
        choices=tuple(PROFILES),
        default=os.environ.get("QOLO_CONFORMANCE_PROFILE") or "default",
        help="the schemathesis budget: quick (pull requests: examples, fuzzing and stateful, "
        "10 cases per operation), default (all four phases, schemathesis's budget), deep "
        "(nightly: 300 cases per operation, stateful scenarios up to 20 steps). Every check "
        "and the whole suite run in each. See conformance/profiles.py",
    )
    parser.add_argument(
        "--max-examples",
        type=int,
        default=None,
        help="cases per operation and phase (default: the profile's)",
    )
    parser.add_argument(
        "--phases",
        default=None,
        help="schemathesis phases, comma-separated (default: the profile's)",
    )
    parser.add_argument("--checks", default="all", help="schemathesis checks (default: all)")
    parser.add_argument(
        "--only",
        choices=("schemathesis", "suite"),
        default=None,
        help="run one part only (default: both)",
    )
    parser.add_argument("-k", dest="suite_k", default=None, help="pytest -k for the suite")
    parser.add_argument(
        "--suite-beside",
        action="store_true",
        help="against the sandbox the runner starts, run the suite beside schemathesis on a "
        "fresh sandbox of its own (default: after it): shorter on idle cores, longer on a "
        "machine whose cores are already busy",
    )
    parser.add_argument(
        "--secrets",
        choices=SECRETS_POLICIES,
        default=None,
        help="how secrets in responses are judged. strict: no PAN, CVV, PIN, API key or webhook "
        "secret in any response, as a field or an echo (the sandbox's promise). reference: the "
        "secret fields the contract declares in a response's schema (a card's card_number and "
        "cvx2, SetPIN's pin) are allowed there if consistent (a Luhn-valid card_number that "
        "agrees with mask_card_pan, a 3- or 4-digit cvx2, the pin the request sent); anything "
        "else is a leak. Default: strict for the sandbox the runner starts, reference for a "
        "deployment (--deployment)",
    )
    parser.add_argument(
        "--report-dir",
        type=Path,
        default=DEFAULT_REPORTS,
        help=f"where the reports go (default {DEFAULT_REPORTS.relative_to(ROOT)}); a run deletes "
        "there only the files an earlier run of the kit wrote, nothing else",
    )
    parser.add_argument(
        "--app",
        default=SANDBOX_APP,
        help="ASGI app factory the sandbox runs (module:function); for the suite's own tests",
    )
    parser.add_argument(
        "--st-arg",
        action="append",
        default=[],
        help="an extra argument for `st run` (repeatable), e.g. --st-arg=--workers=2",
    )
    args = parser.parse_args(argv)
    if args.profile not in PROFILES:  # from QOLO_CONFORMANCE_PROFILE: argparse checks no default
        parser.error(
            f"QOLO_CONFORMANCE_PROFILE={args.profile!r} is not a profile "
            f"(choose from {', '.join(PROFILES)})"
        )
    profile: Profile = PROFILES[args.profile]
    if args.phases is None:
        args.phases = ",".join(profile.phases)
    if args.max_examples is None:
        args.max_examples = profile.max_examples
    return args


def _give_up(why: str) -> NoReturn:
    """Stop before anything runs: one line, and the exit status that says nothing was run."""
    print(f"conformance: {why}; nothing was run.", flush=True)
    raise SystemExit(NOTHING_RUN)


def _external_target(deployment: bool) -> Target | None:
    """The deployment `--deployment` names through the environment; None: start a sandbox."""
    base_url = os.environ.get("QOLO_BASE_URL")
    if not deployment:
        if base_url:
            _give_up(
                "QOLO_BASE_URL is set but --deployment is not: pass --deployment "
                "to test that deployment, or unset QOLO_BASE_URL to test a fresh sandbox"
            )
        return None
    if not base_url:
        _give_up(
            "--deployment needs QOLO_BASE_URL (and QOLO_LOGINID, QOLO_APIKEY, "
            "QOLO_PROGRAM_GUID) to name the deployment"
        )
    missing = [
        name
        for name in ("QOLO_LOGINID", "QOLO_APIKEY", "QOLO_PROGRAM_GUID")
        if not os.environ.get(name)
    ]
    if missing:
        _give_up(f"QOLO_BASE_URL is set, so these are required too: {', '.join(missing)}")
    program_guid = os.environ["QOLO_PROGRAM_GUID"]
    try:
        uuid.UUID(program_guid)
    except ValueError:
        _give_up(f"QOLO_PROGRAM_GUID={program_guid!r} is not a UUID: check it")
    return Target(
        base_url=base_url.rstrip("/"),
        loginid=os.environ["QOLO_LOGINID"],
        apikey=os.environ["QOLO_APIKEY"],
        program_guid=os.environ["QOLO_PROGRAM_GUID"],
        sandbox=False,
    )


@contextlib.contextmanager
def _sandbox_target(app: str, *, quiet: bool = False) -> Iterator[Target]:
    """A fresh sandbox and its credentials; the read-only and program-B ones for the suite."""
    from qolo_sandbox.testing import start_sandbox

    if not quiet:
        print(f"conformance: starting the sandbox ({app}) ...", flush=True)
    with start_sandbox(
        controls=True,
        app=app,
        webhook_retry_base=SANDBOX_WEBHOOK_RETRY_BASE,
        timeout=SANDBOX_START_TIMEOUT,
    ) as sbx:
        main_cred = sbx.credential
        read_only = sbx.read_only_credential
        other = next(c for c in sbx.credentials if c.program_guid != main_cred.program_guid)
        if not quiet:
            print(f"conformance: sandbox listening on {sbx.base_url}", flush=True)
        yield Target(
            base_url=sbx.base_url,
            loginid=main_cred.loginid,
            apikey=main_cred.apikey,
            program_guid=main_cred.program_guid,
            sandbox=True,
            extra_env={
                "QOLO_READONLY_LOGINID": read_only.loginid,
                "QOLO_READONLY_APIKEY": read_only.apikey,
                "QOLO_OTHER_LOGINID": other.loginid,
                "QOLO_OTHER_APIKEY": other.apikey,
            },
        )


def _first_login(target: Target) -> str | None:
    """Log in once as the main credential: the token, or None after printing why not.

    Every later login (schemathesis's, the suite's) would fail the same way, and against a real
    deployment a few dozen failures lock the account out for everyone; so one is all we send.
    """
    who = f"the login as QOLO_LOGINID={target.loginid!r}"
    try:
        response = httpx.post(
            f"{target.base_url}/api/v1/auth/login",
            json={"loginid": target.loginid, "apikey": target.apikey},
            timeout=httpx.Timeout(15.0, connect=5.0),
        )
    except httpx.HTTPError as exc:
        why = f"{who} could not reach QOLO_BASE_URL={target.base_url!r} ({exc}): check it"
    else:
        token = None
        if response.status_code == 200:
            with contextlib.suppress(ValueError, AttributeError, TypeError):
                token = response.json().get("access_token")
            if isinstance(token, str) and token:
                return token
            why = f"{who} answered 200 without an access_token: check QOLO_BASE_URL"
        else:
            code = ""
            with contextlib.suppress(ValueError, AttributeError, TypeError):
                code = str(response.json().get("code") or "")
            answer = f"{response.status_code} {code}".strip()
            if response.status_code in (401, 403, 429):
                retry = response.headers.get("retry-after")
                wait = f", retry after {retry} s" if response.status_code == 429 and retry else ""
                why = f"{who} was refused ({answer}{wait}): check QOLO_APIKEY (and QOLO_LOGINID)"
            else:
                why = f"{who} failed ({answer}): check QOLO_BASE_URL"
    print(f"conformance: {why}; nothing else was run.", flush=True)
    return None


def _reset_sandbox(target: Target) -> None:
    """Between the parts: the suite starts from empty data, as a fresh sandbox would."""
    if target.sandbox:
        from qolo_sandbox.testing import Controls

        controls = Controls(target.base_url)
        try:
            controls.reset()
        finally:
            controls.close()


def _child_env(target: Target) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != TOKEN_ENV}  # only the runner's own
    env.update(target.env())
    # `conformance.hooks` must import in the schemathesis process, whatever its cwd.
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p
    )
    env.setdefault("PYTHONUNBUFFERED", "1")
    return env


def _run_schemathesis(args: argparse.Namespace, target: Target, reports: Path) -> StResult:
    """schemathesis over every operation; its numbers, read back from its reports.

    Its NDJSON and HTML reports hold every request and response body: against a deployment
    (real card numbers, CVVs, PINs, webhook secrets) they go to a private temporary folder that
    is deleted once they are counted, and the JUnit report kept is redacted (`report.redact`).
    """
    private = None if target.sandbox else Path(tempfile.mkdtemp(prefix="qolo-conformance-"))
    try:
        return _schemathesis(args, target, reports, private or reports, private is not None)
    finally:
        if private is not None:
            shutil.rmtree(private, ignore_errors=True)


def _schemathesis(
    args: argparse.Namespace, target: Target, reports: Path, raw: Path, secret: bool
) -> StResult:
    max_steps = PROFILES[args.profile].max_steps
    config = stateful_config(CONFIG, max_steps, reports) if max_steps else CONFIG
    if not target.sandbox:  # in the private folder: it is the run's, not a report
        config = deployment_config(config, raw)
    command = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "--config-file",
        str(config),
        "run",
        str(ROOT / "openapi.yaml"),
        "--url",
        target.base_url,
        "--seed",
        str(args.seed),
        "--phases",
        args.phases,
        "--checks",
        args.checks,
        "--generation-database",
        "none",
        "--report",
        "junit,ndjson,html",
        "--report-junit-path",
        str(reports / ST_JUNIT),
        "--report-ndjson-path",
        str(raw / ST_EVENTS),
        "--report-html-path",
        str(raw / ST_HTML),
    ]
    if args.max_examples is not None:
        command += ["--max-examples", str(args.max_examples)]
    skipped: list[str] = []
    if not target.sandbox:
        # Generated credentials against a real deployment can lock the account out.
        command += ["--exclude-operation-id", "Login"]
        skipped.append("schemathesis: Login not fuzzed (random credentials could lock the account)")
    command += args.st_arg
    print("conformance: schemathesis " + " ".join(command[3:]), flush=True)
    started = time.monotonic()
    env = {**_child_env(target), FILTERED_ENV: str(reports / FILTERED_LOG)}
    if secret:
        fields = secret_field_names()
        credentials = _credentials(target)
        code = call_redacted(
            command,
            cwd=ROOT,
            env=env,
            fields=fields,
            credentials=credentials,
            private=raw,
            recorded=lambda: secret_values(raw / ST_EVENTS, fields),
        )
        redact(reports / ST_JUNIT, fields, secret_values(raw / ST_EVENTS, fields) | credentials)
    else:
        code = subprocess.call(command, cwd=ROOT, env=env)
    result = read_schemathesis(reports, code, time.monotonic() - started, raw / ST_EVENTS)
    result.skipped.extend(skipped)
    if not target.sandbox:  # read before the private folder goes: what to delete after the run
        result.created_subscriptions = created_subscriptions(raw / ST_EVENTS)
    return result


def _credentials(target: Target) -> set[str]:
    """What no console line or kept report may show: every API key and the run's token."""
    names = ("QOLO_READONLY_APIKEY", "QOLO_OTHER_APIKEY", TOKEN_ENV)
    found = {target.apikey, *(target.extra_env.get(name, "") for name in names)}
    found |= {os.environ.get(name, "") for name in names}
    return {value for value in found if value}


def _run_suite(
    args: argparse.Namespace, target: Target, reports: Path, output: Path | None = None
) -> SuiteResult:
    """The targeted suite; its output streams live, or goes to `output` (a file) when given."""
    junit = reports / SUITE_JUNIT
    counts = reports / SUITE_COUNTS
    command = [
        sys.executable,
        "-m",
        "pytest",
        str(SUITE),
        "-p",
        "no:cacheprovider",
        "-p",
        "conformance.pytest_counts",
        "--rootdir",
        str(ROOT),
        f"--junitxml={junit}",
        "-o",
        "junit_family=xunit2",
        "-v",
        "--tb=short",
    ]
    if args.suite_k:
        command += ["-k", args.suite_k]
    print("conformance: targeted suite " + " ".join(command[3:]), flush=True)
    started = time.monotonic()
    env = {**_child_env(target), COUNTS_ENV: str(counts)}
    if target.sandbox:
        with open(output, "w", encoding="utf-8") if output else contextlib.nullcontext() as sink:
            code = subprocess.call(command, cwd=ROOT, env=env, stdout=sink, stderr=sink)
    else:  # pytest's report of a failure may quote what the deployment answered
        fields = secret_field_names()
        credentials = _credentials(target)
        code = call_redacted(
            command, cwd=ROOT, env=env, fields=fields, credentials=credentials, hold=False
        )
        redact(junit, fields, credentials)
    return read_suite(junit, counts, code, time.monotonic() - started)


class _SuiteBeside(threading.Thread):
    """The suite against a sandbox of its own, in a thread, while schemathesis runs.

    Schemathesis keeps about one core busy (its engine is one Python thread) and the sandbox it
    calls part of another, so on idle cores the suite fits beside them and the run takes about
    as long as its longer part. On a shared 2-core machine whose cores were already busy it made
    the run longer (issue #14's measurements), so it is opt-in (`--suite-beside`). Its output
    goes to a file printed once schemathesis is done, so the two parts' output never interleave.
    """

    def __init__(self, args: argparse.Namespace, secrets: str, reports: Path) -> None:
        super().__init__(name="conformance-suite", daemon=True)
        self.args, self.secrets, self.reports = args, secrets, reports
        self.output = reports / SUITE_OUTPUT
        self.result: SuiteResult | None = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            with _sandbox_target(self.args.app, quiet=True) as target:
                target.secrets = self.secrets
                self.result = _run_suite(self.args, target, self.reports, self.output)
        except BaseException as exc:  # re-raised in the runner's thread by finish()
            self.error = exc

    def finish(self) -> SuiteResult:
        """Wait for the suite, print its output, and give its result (or raise its error)."""
        self.join()
        if self.output.exists():
            print(self.output.read_text("utf-8"), end="", flush=True)
        if self.error is not None:
            raise self.error
        assert self.result is not None
        return self.result


def _execute(args: argparse.Namespace, target: Target, reports: Path) -> int:
    started = time.monotonic()
    target.secrets = args.secrets or ("strict" if target.sandbox else "reference")
    print(f"conformance: {target.secrets} secrets policy", flush=True)
    token = _first_login(target)
    if token is None:
        return NOTHING_RUN
    _prepare_reports(reports, clear=True)
    if not target.sandbox:
        target.extra_env[TOKEN_ENV] = token
    st: StResult | None = None
    suite: SuiteResult | None = None
    # Both parts against a sandbox we start, asked for: the suite gets a fresh one of its own
    # and runs beside schemathesis. A deployment gets them in turn (one login throttle).
    beside = None
    if target.sandbox and args.only is None and args.suite_beside:
        beside = _SuiteBeside(args, target.secrets, reports)
        beside.start()
    with contextlib.ExitStack() as stack:
        if args.only != "suite":
            if target.sandbox and WEBHOOK_URL_ENV not in os.environ:
                receiver = stack.enter_context(Receiver())
                target.extra_env[WEBHOOK_URL_ENV] = receiver.url
            st = _run_schemathesis(args, target, reports)
    if beside is not None:
        suite = beside.finish()
    elif args.only != "schemathesis":
        target.extra_env.pop(WEBHOOK_URL_ENV, None)
        _reset_sandbox(target)
        suite = _run_suite(args, target, reports)
    # A sandbox we started is thrown away with what the run created; a deployment keeps it.
    if target.sandbox or st is None:
        cleaned = []
    else:
        cleaned = [sweep(target.base_url, token, st.created_subscriptions)]
    run = Run(
        where="a fresh embedded sandbox" if target.sandbox else target.base_url,
        sandbox=target.sandbox,
        secrets=target.secrets,
        profile=args.profile,
        max_examples=args.max_examples,
        seed=args.seed,
        phases=args.phases,
        elapsed=time.monotonic() - started,
    )
    return report_run(reports, run, st, suite, extra_notes=cleaned)


def _prepare_reports(reports: Path, *, clear: bool) -> None:
    """The report folder, created; with `clear` (once the configuration is valid and the first
    login worked), without an earlier run's reports.

    Only the kit's own files go (`conformance.report.KIT_FILES`): the folder may hold others.
    """
    try:
        reports.mkdir(parents=True, exist_ok=True)
        if clear:
            clear_kit_files(reports)
    except OSError as exc:
        _give_up(f"cannot use the report folder {str(reports)!r} ({exc.strerror})")


def _terminated(signum: int, frame: object) -> None:
    """SIGTERM (a cancelled CI job) ends the run as Ctrl-C would, through every `finally`: the
    private folder of a deployment's bodies is deleted, servers started are stopped."""
    raise SystemExit(128 + signum)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    reports: Path = args.report_dir.resolve()
    external = _external_target(args.deployment)
    if external is not None and args.app != SANDBOX_APP:
        _give_up("--app runs a sandbox; it cannot be combined with --deployment")
    _prepare_reports(reports, clear=False)
    signal.signal(signal.SIGTERM, _terminated)
    if external is not None:
        print(f"conformance: target {external.base_url} (nothing started)", flush=True)
        return _execute(args, external, reports)
    with _sandbox_target(args.app) as target:
        return _execute(args, target, reports)
