"""Test controls: faults, clock, stats, reset; absent without --controls."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import httpx
import pytest

from qolo_sandbox import _controls
from qolo_sandbox._config import Config, CredentialSpec
from qolo_sandbox._contract import load_contract
from qolo_sandbox._store import Store
from qolo_sandbox.app import SandboxApp
from qolo_sandbox.testing import PROGRAM_A, Sandbox, start_sandbox

from ._support import ContractClient, login


def test_error_before_write_creates_nothing(sbx: Sandbox, api: ContractClient) -> None:
    """An injected 5xx happens before the write: no card, and the key stays usable."""
    sbx.controls.inject_fault(kind="error_before_write", count=1, status=503, methods=["POST"])
    key = str(uuid.uuid4())
    failed = api.create_card(key)
    assert failed.status_code == 503
    assert failed.json()["code"] == "internal_error"
    assert api.get("/api/v1/cards").json()["count"] == 0
    assert api.create_card(key).status_code == 201
    assert api.get("/api/v1/cards").json()["count"] == 1


@pytest.mark.parametrize("status", [509, 520, 599])
def test_an_injected_status_python_does_not_name_is_a_problem(
    sbx: Sandbox, api: ContractClient, status: int
) -> None:
    """A gateway's 520 (which the client's docs promise is a ServerError) can be injected: the
    sandbox answers it as a problem document titled by its class, not with a crash."""
    sbx.controls.inject_fault(kind="error_before_write", count=1, status=status, methods=["GET"])
    answer = api.get("/api/v1/cards")
    assert answer.status_code == status
    assert answer.json()["status"] == status
    assert answer.json()["title"] == "Internal Server Error"
    assert answer.json()["request_id"] == answer.headers["x-request-id"]


def test_drop_after_write_is_a_transport_error(sbx: Sandbox, api: ContractClient) -> None:
    """The write commits, the client sees no response; a retry with the key replays it."""
    sbx.controls.inject_fault(kind="drop_after_write", count=1, path_prefix="/api/v1/cards")
    key = str(uuid.uuid4())
    with pytest.raises(httpx.TransportError):
        api.create_card(key)
    assert api.get("/api/v1/cards").json()["count"] == 1
    retry = api.create_card(key)
    assert retry.status_code == 201
    assert retry.headers["idempotent-replayed"] == "true"
    assert api.get("/api/v1/cards").json()["count"] == 1


def test_latency_fault_delays(sbx: Sandbox, api: ContractClient) -> None:
    """Latency is added to matching requests only."""
    # 1.2 s, so that the undelayed GET has a whole second (it takes milliseconds, but a busy
    # two-core machine can stall one for more than the 0.4 s this used to allow).
    sbx.controls.inject_fault(kind="latency", latency_ms=1200, count=1, methods=["GET"])
    started = time.monotonic()
    assert api.get("/api/v1/cards").status_code == 200
    assert time.monotonic() - started >= 1.2
    started = time.monotonic()
    api.get("/api/v1/cards")
    assert time.monotonic() - started < 1.0


def test_rate_limit_fault_is_a_proper_429(sbx: Sandbox, api: ContractClient) -> None:
    """An injected 429 carries Retry-After and the RateLimit headers; the count runs out."""
    sbx.controls.inject_fault(kind="rate_limit", count=2)
    answers = [api.get("/api/v1/cards") for _ in range(3)]
    assert [r.status_code for r in answers] == [429, 429, 200]
    assert answers[0].headers["retry-after"] == "1"
    assert "ratelimit-remaining" in answers[0].headers
    assert sbx.controls.faults() == []


def test_rate_fault_and_clear(sbx: Sandbox, api: ContractClient) -> None:
    """A rate of 1.0 hits every request until the faults are cleared."""
    sbx.controls.inject_fault(kind="error_before_write", rate=1.0, status=500)
    assert all(api.get("/api/v1/cards").status_code == 500 for _ in range(3))
    sbx.controls.clear_faults()
    assert api.get("/api/v1/cards").status_code == 200


def test_faults_never_touch_controls(sbx: Sandbox) -> None:
    """Faults apply to /api/ only, so the controls keep working."""
    sbx.controls.inject_fault(kind="error_before_write", rate=1.0)
    assert "requests" in sbx.controls.stats()
    sbx.controls.clear_faults()


def test_bad_fault_is_rejected(sbx: Sandbox) -> None:
    """Fault specs are checked."""
    response = httpx.post(f"{sbx.base_url}/_sandbox/faults", json={"kind": "meteor", "count": 1})
    assert response.status_code == 400


def test_stats_count_logins_and_reset_forgets(sbx: Sandbox, api: ContractClient) -> None:
    """Stats count successful logins; reset empties the data but keeps tokens valid."""
    assert sbx.controls.stats()["logins"] == 1
    api.create_card()
    sbx.controls.advance_clock(100)
    sbx.controls.reset()
    assert sbx.controls.stats()["logins"] == 0
    assert api.get("/api/v1/cards").json()["count"] == 0
    assert sbx.controls.deliveries() == []


def test_clock_reports_and_advances(sbx: Sandbox) -> None:
    """POST /_sandbox/clock moves time forward and answers the new time."""
    before = sbx.controls.now()
    after = sbx.controls.advance_clock(86400)
    assert after[:10] > before[:10]


def test_controls_are_404_without_the_flag() -> None:
    """Without --controls, /_sandbox/ is an ordinary unknown path."""
    with start_sandbox(controls=False) as sbx:
        response = httpx.post(f"{sbx.base_url}/_sandbox/clock", json={"advance_seconds": 10})
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize("seconds", [1e308, 4e9, -1, "10", True, None, [1]])
def test_clock_refuses_unusable_advances(sbx: Sandbox, seconds: object) -> None:
    """A non-number, negative or beyond-100-years advance is a 400; the clock still works."""
    response = httpx.post(f"{sbx.base_url}/_sandbox/clock", json={"advance_seconds": seconds})
    assert response.status_code == 400
    assert "advance_seconds" in response.json()["error"]
    assert httpx.get(f"{sbx.base_url}/_sandbox/clock").json()["offset_seconds"] == 0


def test_clock_offset_is_bounded_in_total(sbx: Sandbox) -> None:
    """Steps that are each allowed may not add up to more than 100 years either."""
    year = 366 * 24 * 3600
    sbx.controls.advance_clock(90 * year)
    response = httpx.post(f"{sbx.base_url}/_sandbox/clock", json={"advance_seconds": 20 * year})
    assert response.status_code == 400
    assert httpx.get(f"{sbx.base_url}/_sandbox/clock").status_code == 200


def test_an_unusable_persisted_clock_offset_is_ignored(tmp_path: Path) -> None:
    """A database holding an absurd offset (from an older sandbox) does not break start-up."""
    db = str(tmp_path / "sandbox.db")
    store = Store(db)
    store.set_meta("clock_offset", "1e308")
    store.close()
    app = SandboxApp(Config(db=db, credentials=[CredentialSpec("x", "y", PROGRAM_A)]))
    try:
        assert app.services.clock.offset == 0.0
        assert app.services.clock.iso()
    finally:
        app.services.store.close()


@pytest.mark.parametrize(
    "spec",
    [
        {"kind": "latency", "count": 1, "latency_ms": 1e308},
        {"kind": "latency", "count": 1, "latency_ms": -5},
        {"kind": "latency", "count": 1, "latency_ms": "9"},
        {"kind": "latency", "count": True},
        {"kind": "latency", "count": 10**30},
        {"kind": "latency", "count": 1.5},
        {"kind": "latency", "rate": "0.5"},
        {"kind": "latency", "rate": True},
        {"kind": "latency", "rate": 1.5},
        {"kind": "rate_limit", "count": 1, "status": 10**6},
        {"kind": "error_before_write", "count": 1, "status": [503]},
        {"kind": "error_before_write", "count": 1, "status": 404},
        {"kind": "latency", "count": 1, "methods": "GET"},
        {"kind": "latency", "count": 1, "methods": [1]},
        {"kind": "latency", "count": 1, "path_prefix": 5},
        {"kind": "latency", "count": 1, "phase": "later"},
        {"kind": "rate_limit", "count": 1, "phase": "handler"},
        {"kind": "latency", "count": 1, "latncy_ms": 5},
    ],
)
def test_bad_fault_fields_are_400(sbx: Sandbox, spec: dict[str, object]) -> None:
    """Every fault field is typed and bounded: a bad one is a JSON 400 and adds nothing."""
    response = httpx.post(f"{sbx.base_url}/_sandbox/faults", json=spec)
    assert response.status_code == 400, response.text
    assert isinstance(response.json()["error"], str)
    assert sbx.controls.faults() == []


@pytest.mark.parametrize(
    ("spec", "rule"),
    [
        ({"kind": "meteor", "count": 1}, "kind must be one of"),
        ({"count": 1}, "kind must be one of"),
        ({"kind": "latency"}, "give exactly one of count or rate"),
        ({"kind": "latency", "count": 1, "rate": 0.5}, "give exactly one of count or rate"),
        ({"kind": "latency", "count": 1, "latncy_ms": 5}, "unknown fields: latncy_ms"),
        ({"kind": "error_before_write", "count": 1, "status": 404}, "from 500 to 599"),
        ({"kind": "latency", "count": 0}, "count must be an integer from 1 to"),
    ],
)
def test_a_refused_fault_names_the_rule_it_breaks(
    sbx: Sandbox, spec: dict[str, object], rule: str
) -> None:
    """The 400 quotes the fault schema's description of the rule, not a generic message."""
    response = httpx.post(f"{sbx.base_url}/_sandbox/faults", json=spec)
    assert response.status_code == 400
    assert rule in response.json()["error"]


def test_a_whole_float_count_is_an_integer(sbx: Sandbox) -> None:
    """JSON Schema's integer: `2.0` is accepted and stored as 2, as before the schema."""
    spec = {"kind": "latency", "count": 2.0, "latency_ms": 0}
    response = httpx.post(f"{sbx.base_url}/_sandbox/faults", json=spec)
    assert response.status_code == 201
    assert response.json()["count"] == 2
    sbx.controls.clear_faults()


def test_the_activate_control_never_answers_the_headers(sbx: Sandbox, api: ContractClient) -> None:
    """The controls ask for no token: the subscription they answer leaves out its `headers`,
    which may carry the partner's credentials (the API hides them even from read-only tokens)."""
    secret = "Authorization: Basic cGFydG5lcjpzZWNyZXQ="
    body = {
        "program_guid": PROGRAM_A,
        "url": "http://127.0.0.1:9/nothing",  # the ping fails: saved inactive
        "secret": "whsec_0123456789abcdef",
        "event_type": ["all"],
        "headers": secret,
    }
    created = api.post("/api/v1/notifications", json=body)
    assert created.status_code == 201, created.text
    guid = created.json()["notification_guid"]
    answer = httpx.post(f"{sbx.base_url}/_sandbox/notifications/{guid}/activate")
    assert answer.status_code == 200
    assert answer.json()["active"] is True
    assert "headers" not in answer.json()
    assert "cGFydG5lcjpzZWNyZXQ=" not in answer.text
    assert api.get(f"/api/v1/notifications/{guid}").json()["headers"] == secret  # still saved


@pytest.mark.parametrize(
    ("spec", "rule"),
    [
        # Faults never apply to /_sandbox/, and the contract has only /api/v1/ paths.
        ({"path_prefix": "/_sandbox/"}, "path_prefix must be /api/, /api/v1 or start with"),
        ({"path_prefix": "/api/v2/"}, "path_prefix must be /api/, /api/v1 or start with"),
        ({"path_prefix": "/api/v1x"}, "path_prefix must be /api/, /api/v1 or start with"),
        ({"path_prefix": "/api"}, "path_prefix must be /api/, /api/v1 or start with"),
        ({"path_prefix": "/"}, "path_prefix must be /api/, /api/v1 or start with"),
        ({"methods": ["post", "FOO"]}, "methods must be a non-empty list of GET, HEAD"),
        ({"methods": ["OPTIONS"]}, "methods must be a non-empty list of GET, HEAD"),
        ({"methods": ["PATCH"]}, "methods must be a non-empty list of GET, HEAD"),
        ({"methods": []}, "methods must be a non-empty list of GET, HEAD"),
    ],
)
def test_a_fault_that_could_never_fire_is_refused(
    sbx: Sandbox, spec: dict[str, object], rule: str
) -> None:
    """A path no contract path starts with, a method no API request reaches the faults with,
    or an empty list of methods would arm a fault forever: each is a 400 naming the rule."""
    response = httpx.post(
        f"{sbx.base_url}/_sandbox/faults", json={"kind": "error_before_write", "count": 1, **spec}
    )
    assert response.status_code == 400, response.text
    assert rule in response.json()["error"]
    assert sbx.controls.faults() == []


@pytest.mark.parametrize("status", [503, 500, 200])
def test_a_rate_limit_fault_takes_no_status_but_429(sbx: Sandbox, status: int) -> None:
    """A rate_limit fault always answers 429: echoing another status would be a lie."""
    spec = {"kind": "rate_limit", "count": 1, "status": status}
    response = httpx.post(f"{sbx.base_url}/_sandbox/faults", json=spec)
    assert response.status_code == 400, response.text
    assert "status must be 429 for rate_limit" in response.json()["error"]
    assert sbx.controls.faults() == []
    assert sbx.controls.inject_fault(kind="rate_limit", count=1, status=429)["status"] == 429
    sbx.controls.clear_faults()


@pytest.mark.parametrize(
    ("spec", "echoed"),
    [
        ({"path_prefix": "/api/"}, {"path_prefix": "/api/"}),
        ({"path_prefix": "/api/v1"}, {"path_prefix": "/api/v1"}),
        ({"path_prefix": "/api/v1/cards/"}, {"path_prefix": "/api/v1/cards/"}),
        ({"methods": ["head", "Put", "DELETE"]}, {"methods": ["HEAD", "PUT", "DELETE"]}),
        ({}, {"methods": None, "path_prefix": "/api/"}),
    ],
)
def test_a_fault_that_can_fire_is_echoed_as_it_will_fire(
    sbx: Sandbox, spec: dict[str, object], echoed: dict[str, object]
) -> None:
    """The 201 says what will happen: methods upper-cased (null: every method), the prefix."""
    spec = {"kind": "latency", "count": 1, "latency_ms": 0, **spec}
    response = httpx.post(f"{sbx.base_url}/_sandbox/faults", json=spec)
    assert response.status_code == 201, response.text
    assert {name: response.json()[name] for name in echoed} == echoed
    sbx.controls.clear_faults()


def test_a_head_fault_fires_on_head(sbx: Sandbox, api: ContractClient) -> None:
    """HEAD, answered as GET, meets the faults as HEAD: a fault for HEAD fires, not for GET."""
    sbx.controls.inject_fault(kind="error_before_write", count=1, methods=["HEAD"])
    assert api.get("/api/v1/cards").status_code == 200
    assert api.head("/api/v1/cards").status_code == 503
    assert sbx.controls.faults() == []


def test_the_fault_filters_match_the_contract() -> None:
    """FAULT_METHODS are the contract's methods and HEAD; every contract path is under the
    prefixes a fault may name."""
    contract = load_contract()
    methods = {m for route in contract.routes for m in route.operations}
    assert set(_controls.FAULT_METHODS) == methods | {"HEAD"}
    assert all(route.template.startswith("/api/v1/") for route in contract.routes)


def test_the_clock_refuses_unknown_fields(sbx: Sandbox) -> None:
    """Like the faults control: a misspelt or extra field is a 400, and the clock stays put."""
    response = httpx.post(
        f"{sbx.base_url}/_sandbox/clock", json={"advance_seconds": 1.5, "x": 1, "ahead": 2}
    )
    assert response.status_code == 400
    assert response.json() == {"error": "unknown fields: ahead, x"}
    assert httpx.get(f"{sbx.base_url}/_sandbox/clock").json()["offset_seconds"] == 0


def test_reset_rewinds_the_clock_and_revives_expired_tokens(
    sbx: Sandbox, api: ContractClient
) -> None:
    """A token keeps its expiry on the sandbox clock: expired on the advanced clock, it is valid
    again once a reset puts the clock back to real time, unless a login forgot it meanwhile
    (as sandbox/README.md says)."""
    sbx.controls.advance_clock(43_201)  # the session sandbox's tokens live 12 h
    assert api.get("/api/v1/cards").status_code == 401
    sbx.controls.reset()
    assert httpx.get(f"{sbx.base_url}/_sandbox/clock").json()["offset_seconds"] == 0
    assert api.get("/api/v1/cards").status_code == 200
    sbx.controls.advance_clock(43_201)
    login(sbx.base_url, sbx.credential)  # drops the tokens expired by now, api's included
    sbx.controls.reset()
    forgotten = api.get("/api/v1/cards")
    assert forgotten.status_code == 401
    assert "Unknown access token" in forgotten.json()["detail"]


def test_transport_refusals_under_the_controls_are_problems(sbx: Sandbox) -> None:
    """Only the controls' own refusals are `{"error": ...}`: a body too large for any request is
    the 413 problem document, as everywhere else."""
    body = b'{"advance_seconds": 1, "pad": "' + b"x" * (1024 * 1024) + b'"}'
    response = httpx.post(f"{sbx.base_url}/_sandbox/clock", content=body)
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "body_too_large"
