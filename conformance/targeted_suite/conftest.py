"""Fixtures: the target from the runner's environment, contract-checking HTTP clients.

The runner exports `QOLO_BASE_URL`, `QOLO_LOGINID`, `QOLO_APIKEY`, `QOLO_PROGRAM_GUID` and,
for a sandbox it started, `QOLO_CONFORMANCE_SANDBOX=1` plus a read-only credential
(`QOLO_READONLY_*`) and one of another program (`QOLO_OTHER_*`); for a deployment, the token
of its own first login (`QOLO_CONFORMANCE_TOKEN`), which the `token` fixture reuses. Against any
other deployment the tests that need sandbox controls skip and say why; so do tests whose extra
credential is not given. An extra credential logs in once per run (`extra_logins`): a wrong key
costs one refused login, and every test that needs it fails with one line naming the variable.
Every subscription a test creates is deleted after it, pass or fail (`subscriptions`). Inside a
test, `is_sandbox()` guards what only the sandbox promises (the contract's choice fields, such
as a card's `pin_set`).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator

import httpx
import pytest

from conformance.targeted_suite._support import (
    ApiClient,
    Credential,
    ExtraLogins,
    Subscriptions,
    is_sandbox,
    login,
)
from qolo_sandbox.testing import Controls


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "sandbox_only(capability): needs what only the sandbox the runner starts offers, named"
        " in the skip reason against any other target",
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if is_sandbox():
        return
    for item in items:
        needs = [str(m.args[0]) for m in item.iter_markers("sandbox_only") if m.args]
        if needs or item.get_closest_marker("sandbox_only"):
            what = " and ".join(needs) or "its test controls"
            reason = f"needs the sandbox's {what}; the target is an external deployment"
            item.add_marker(pytest.mark.skip(reason=reason))


def _env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        pytest.fail(f"{name} is not set: run the suite through `python -m conformance`")
    return value


@pytest.fixture(scope="session")
def base_url() -> str:
    return _env("QOLO_BASE_URL").rstrip("/")


@pytest.fixture(scope="session")
def cred() -> Credential:
    """The main read-write credential."""
    return Credential(
        _env("QOLO_LOGINID"), _env("QOLO_APIKEY"), program_guid=_env("QOLO_PROGRAM_GUID")
    )


def _optional(prefix: str, why: str) -> Credential:
    loginid, apikey = os.environ.get(f"{prefix}_LOGINID"), os.environ.get(f"{prefix}_APIKEY")
    if not loginid or not apikey:
        pytest.skip(f"no {why} credential: set {prefix}_LOGINID and {prefix}_APIKEY")
    return Credential(loginid, apikey)


@pytest.fixture(scope="session")
def extra_logins(base_url: str) -> ExtraLogins:
    return ExtraLogins(base_url)


@pytest.fixture(scope="session")
def read_only_cred() -> Credential:
    return _optional("QOLO_READONLY", "read-only")


@pytest.fixture(scope="session")
def other_cred() -> Credential:
    return _optional("QOLO_OTHER", "other-program")


@pytest.fixture
def read_only_token(extra_logins: ExtraLogins, read_only_cred: Credential) -> str:
    """The read-only credential's token (one login per run)."""
    return extra_logins.token("QOLO_READONLY", read_only_cred, "the read-only tests")


@pytest.fixture
def other_token(extra_logins: ExtraLogins, other_cred: Credential) -> str:
    """The other program's credential's token (one login per run)."""
    return extra_logins.token("QOLO_OTHER", other_cred, "the tenancy tests")


@pytest.fixture
def token(base_url: str, cred: Credential) -> str:
    """The runner's token against a deployment; against the sandbox, one login per test.

    Against a deployment the runner has already logged in once (and stopped if that failed), and
    exports the token as `QOLO_CONFORMANCE_TOKEN`: the suite does not log the main credential in
    again, so no stray failure counts toward the account's lockout. In the sandbox the
    expired-token test moves the clock past older tokens, so each test logs in afresh.
    """
    shared = os.environ.get("QOLO_CONFORMANCE_TOKEN")
    if shared and not is_sandbox():
        return shared
    return login(base_url, cred)


@pytest.fixture
def violations() -> Iterator[list[str]]:
    """Every contract violation seen by this test's clients; the test fails if any."""
    found: list[str] = []
    yield found
    assert not found, "responses that contradict openapi.yaml:\n" + "\n".join(found)


@pytest.fixture
def make_api(base_url: str, violations: list[str]) -> Iterator[Callable[..., ApiClient]]:
    """Contract-checking clients: `make(token)`; `make(token, retry=False)` keeps 429s."""
    clients: list[ApiClient] = []

    def make(token: str | None = None, *, retry: bool = True) -> ApiClient:
        client = ApiClient(base_url, violations, token, retry=retry)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def api(make_api: Callable[..., ApiClient], token: str) -> ApiClient:
    """The main credential's token; every response checked against the contract."""
    return make_api(token)


@pytest.fixture
def controls(base_url: str) -> Iterator[Controls]:
    """The sandbox's `/_sandbox/` controls (only for `sandbox_only` tests); faults cleared after."""
    handle = Controls(base_url)
    yield handle
    handle.clear_faults()
    handle.close()


@pytest.fixture
def subscriptions(base_url: str, token: str) -> Iterator[Subscriptions]:
    """The test's subscriptions, each deleted after the test whether it passed or not.

    The deletes go through a client of their own (a failing one must not hide the test's own
    failure, and 404 is fine: the test may have deleted it already).
    """
    made = Subscriptions()
    yield made
    with ApiClient(base_url, [], token) as cleaner:
        for guid in made.guids:
            with contextlib.suppress(httpx.HTTPError):
                cleaner.delete(f"/api/v1/notifications/{guid}")
