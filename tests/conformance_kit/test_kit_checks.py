"""The kit's own checks fail when they should, on synthetic responses (no server).

`conformance.checks` are schemathesis checks `(ctx, response, case)`; these tests hand them
stand-ins with the few attributes they read, so each rule is seen to pass a good response and
to fail a bad one with a message naming the field. The mutant runs (`test_mutants.py`) prove the
same checks are wired into a real run.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import pytest

from conformance import checks, hooks
from conformance.contract import (
    SECRETS_ENV,
    api,
    find_secrets,
    idempotent_creates,
    luhn_valid,
    sent_secrets,
)
from conformance.corpus import Sample, agreement_errors
from conformance.names import NOWHERE_URL, WEBHOOK_URL_ENV

CARD_PROXY = "cproxy0000000000001"
PAN = "5340920000000007"  # the reference's sample: Luhn-valid, mask 534092XXXXXX0007
GOOD_CARD: dict[str, Any] = {
    "card_proxy": CARD_PROXY,
    "mask_card_pan": "534092XXXXXX0007",
    "wallet_guid": "05a28e5a-01a6-4a3e-8ce3-ca30fc09e5ae",
    "issuance_type": "FULL",
    "card_status": "PENDING",
    "expiration_date": "2912",
    "activation_date": "0001-01-01T00:00:00",
    "logical_expiration_date": "0001-01-01T00:00:00",
    "card_tracking_detail": {
        "card_requested": "2026-12-02T08:30:00.123",
        "card_shipment_date": "0001-01-01T00:00:00",
    },
    "sys_utcinserted": "2026-12-02T08:30:00.123",
    "sys_utcupdated": "2026-12-02T08:30:00.1234567",
}
CARD_SCHEMA = {"$ref": "#/components/schemas/Card"}


def _operation(method: str, template: str) -> Any:
    """The contract's operation, as schemathesis loaded it (what a real case carries)."""
    operations = (result.ok() for result in api().get_all_operations())
    return next(op for op in operations if (op.method.upper(), op.path) == (method, template))


def _case(method: str, path: str, body: Any = None) -> Any:
    operation = _operation(method, path)
    return SimpleNamespace(
        method=method, path=path, body=body, path_parameters={}, headers={}, operation=operation
    )


def _response(status: int, body: Any, media_type: str = "application/json") -> Any:
    return SimpleNamespace(
        status_code=status,
        headers={"content-type": [media_type]},
        content=json.dumps(body).encode(),
        request=SimpleNamespace(headers={}),
    )


def _get_card(card: dict[str, Any]) -> tuple[Any, Any]:
    return _response(200, card), _case("GET", "/api/v1/cards/{card_proxy}")


# -- response_formats --------------------------------------------------------------------------


def test_formats_pass_the_platforms_date_times() -> None:
    """Offset-less date-times, 7-digit fractions and `0001-01-01T00:00:00` are date-times."""
    response, case = _get_card(GOOD_CARD)
    assert checks.response_formats(None, response, case) is None


@pytest.mark.parametrize(
    ("field", "value", "named"),
    [
        ("wallet_guid", "not-a-uuid", "wallet_guid: the value is not a 'uuid'"),
        ("sys_utcinserted", "yesterday", "sys_utcinserted: the value is not a 'date-time'"),
        (
            "activation_date",
            "2026-02-30T10:00:00",
            "activation_date: the value is not a 'date-time'",
        ),
        (
            "activation_date",
            "2026-02-03T10:00:61",
            "activation_date: the value is not a 'date-time'",
        ),
        (
            "sys_utcupdated",
            "2026-02-03T10:00:00+24:00",
            "sys_utcupdated: the value is not a 'date-time'",
        ),
    ],
    ids=["bad-uuid", "not-a-date", "february-30th", "second-61", "offset-24h"],
)
def test_formats_fail_naming_the_field(field: str, value: str, named: str) -> None:
    """A bad uuid or a non-date in a date-time field fails, naming the field and the format,
    never the value (a report or CI log must not carry what a response held)."""
    response, case = _get_card({**GOOD_CARD, field: value})
    with pytest.raises(AssertionError) as failure:
        checks.response_formats(None, response, case)
    assert named in str(failure.value)
    assert value not in str(failure.value)
    assert "the contract's 200 body" in str(failure.value)


def test_formats_inside_a_nullable_object_are_checked() -> None:
    """A date-time inside `card_tracking_detail` (anyOf object/null) is judged at the value."""
    tracking = {"card_requested": "soon", "card_shipment_date": "0001-01-01T00:00:00"}
    response, case = _get_card({**GOOD_CARD, "card_tracking_detail": tracking})
    with pytest.raises(AssertionError) as failure:
        checks.response_formats(None, response, case)
    assert "card_tracking_detail/card_requested: the value is not a 'date-time'" in str(
        failure.value
    )


def test_formats_leave_structure_to_schemathesis() -> None:
    """A structural error (a number for a string) is response_schema_conformance's, not ours."""
    response, case = _get_card({**GOOD_CARD, "expiration_date": 2912})
    assert checks.response_formats(None, response, case) is None


def test_formats_of_a_problem_are_checked_too() -> None:
    """Every documented body is judged: here a 404 problem."""
    problem = {
        "type": "https://qvapikeybank.qolopay.com/problems/card_not_found",
        "title": "Not Found",
        "status": 404,
        "code": "card_not_found",
        "request_id": "req_1",
    }
    response = _response(404, problem, "application/problem+json")
    assert (
        checks.response_formats(None, response, _case("GET", "/api/v1/cards/{card_proxy}")) is None
    )


# -- the secrets policy ------------------------------------------------------------------------


@pytest.fixture(params=["strict", "reference"])
def policy(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The policy the runner would export to the checks."""
    value = str(request.param)
    monkeypatch.setenv(SECRETS_ENV, value)
    return value


def _secrets_failure(response: Any, case: Any) -> str | None:
    try:
        checks.no_secrets_in_responses(None, response, case)
    except AssertionError as failure:
        return str(failure)
    return None


def test_the_sandboxs_card_passes_both_policies(policy: str) -> None:
    """A card without secrets is fine under either policy."""
    assert _secrets_failure(*_get_card(GOOD_CARD)) is None


def test_a_consistent_pan_and_cvv_pass_only_the_reference_policy(policy: str) -> None:
    """The platform's card: a leak for `strict`, allowed (consistent) for `reference`."""
    failure = _secrets_failure(*_get_card({**GOOD_CARD, "card_number": PAN, "cvx2": "123"}))
    if policy == "strict":
        assert failure is not None
        assert "secret field 'card_number'" in failure
        assert "secret field 'cvx2'" in failure
        assert PAN not in failure, "a leak message must not repeat the secret"
    else:
        assert failure is None


@pytest.mark.parametrize(
    ("changes", "rule"),
    [
        ({"card_number": "5340920000000008"}, "a card_number that fails the Luhn check"),
        ({"card_number": "5340 9200 0000 0007"}, "a card_number that is not all digits"),
        ({"card_number": "4111111111111111"}, "a card_number that disagrees with mask_card_pan"),
        # Luhn-valid, the mask's last four, another BIN: the first six disagree.
        ({"card_number": "4111190000000007"}, "a card_number that disagrees with mask_card_pan"),
        ({"card_number": PAN, "cvx2": "12a"}, "a cvx2 that is not 3 or 4 digits"),
        ({"card_number": PAN, "cvx2": "12345"}, "a cvx2 that is not 3 or 4 digits"),
    ],
    ids=["luhn", "not-digits", "mask", "mask-bin", "cvx2-letters", "cvx2-five-digits"],
)
def test_an_inconsistent_card_secret_fails_the_reference_policy(
    monkeypatch: pytest.MonkeyPatch, changes: dict[str, str], rule: str
) -> None:
    """Under `reference` a declared secret must be consistent, or it is a leak."""
    monkeypatch.setenv(SECRETS_ENV, "reference")
    failure = _secrets_failure(*_get_card({**GOOD_CARD, **changes}))
    assert failure is not None
    assert rule in failure
    assert "reference secrets policy" in failure


@pytest.mark.parametrize("name", ["apikey", "secret", "APIKEY"])
def test_an_api_key_or_webhook_secret_is_a_leak_even_where_a_schema_declares_it(
    name: str,
) -> None:
    """The credential's key and a subscription's signing secret are in no response under any
    policy: a response schema that declared one a password would not make it allowed."""
    schema = {"type": "object", "properties": {name: {"type": "string", "format": "password"}}}
    leaks = find_secrets({name: "whsec_0123456789"}, policy="reference", schema=schema)
    assert leaks == [f"/{name} (secret field {name!r}, which the contract does not declare here)"]


@pytest.mark.parametrize(
    "name", ["pin", "apikey", "secret", "cvv", "cvv2", "cvx2", "card_pan", "pan", "card_number"]
)
def test_every_secret_field_name_is_a_leak_under_strict(name: str) -> None:
    """The names the platform's samples and the contract use for secrets (`SECRET_FIELDS`)."""
    assert find_secrets({"card": {name: "5340920000000007"}}) == [
        f"/card/{name} (secret field {name!r})"
    ]


def test_luhn() -> None:
    """The reference's sample PAN passes; one changed digit fails."""
    assert luhn_valid(PAN)
    assert luhn_valid("4111111111111111")
    assert not luhn_valid("5340920000000008")


def test_secret_fields_where_the_contract_declares_none_are_leaks(policy: str) -> None:
    """`cvx2` on a subscription, an API key or a webhook secret: leaks under both policies."""
    subscription = {
        "notification_guid": "3c9b8a7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d",
        "url": "https://partner.example.com/qolo/webhooks",
        "cvx2": "123",
        "secret": "whsec_5b1e0c8f2d9a4c7e8f1a2b3c4d5e6f70",
    }
    case = _case("GET", "/api/v1/notifications/{notification_guid}")
    failure = _secrets_failure(_response(200, subscription), case)
    assert failure is not None
    assert "/cvx2" in failure
    assert "/secret" in failure
    login = {"access_token": "qtok_x", "token_type": "Bearer", "expires_in": 1, "apikey": "k" * 8}
    failure = _secrets_failure(_response(200, login), _case("POST", "/api/v1/auth/login"))
    assert failure is not None
    assert "/apikey" in failure


def test_the_pin_echo(policy: str) -> None:
    """SetPIN's `pin`: never under `strict`; under `reference` only the PIN the request sent."""
    case = _case("POST", "/api/v1/cards/{card_proxy}/pin", {"pin": "4821"})
    echoed = _secrets_failure(_response(200, {"reason_code": None, "pin": "4821"}), case)
    other = _secrets_failure(_response(200, {"reason_code": None, "pin": "1234"}), case)
    assert other is not None
    if policy == "strict":
        assert echoed is not None
        assert "secret field 'pin'" in echoed
    else:
        assert echoed is None
        assert "a pin that is not the one the request set" in other


def test_a_sent_secret_elsewhere_is_a_leak(policy: str) -> None:
    """The PIN echoed in another field, or quoted in a problem's prose, leaks under both."""
    case = _case("POST", "/api/v1/cards/{card_proxy}/pin", {"pin": "482193"})
    in_comment = _secrets_failure(_response(200, {"comment": "482193"}), case)
    assert in_comment is not None
    assert "/comment (echoes the request's pin)" in in_comment
    problem = {
        "type": "https://qvapikeybank.qolopay.com/problems/validation_error",
        "title": "Bad Request",
        "status": 400,
        "code": "validation_error",
        "detail": "PIN 482193 is too weak",
        "request_id": "req_1",
    }
    quoted = _secrets_failure(_response(400, problem, "application/problem+json"), case)
    assert quoted is not None
    assert "/detail (quotes the request's pin)" in quoted


def test_sent_secrets_come_from_the_contract() -> None:
    """The request fields looked for are the ones the contract declares secret."""
    body = {"card_proxy": "cproxy1", "card_number": PAN, "cvx2": "123", "ssn_last4": "12"}
    sent = sent_secrets(_operation("POST", "/api/v1/cards/validate"), body)
    assert sent == {"card_number": PAN, "cvx2": "123"}  # "12" is too short to mean anything
    headers_too = {"secret": "whsec_abcdefgh12345678", "headers": "whsec_abcdefgh12345678"}
    assert sent_secrets(_operation("POST", "/api/v1/notifications"), headers_too) == {}


def test_events_are_judged_by_their_schema() -> None:
    """A webhook event's card may carry the declared secrets under `reference` only."""
    event = {"event_type": "card.created", "data": {"card": {**GOOD_CARD, "card_number": PAN}}}
    schema = {"$ref": "#/components/schemas/CardCreatedEvent"}
    assert find_secrets(event, policy="reference", schema=schema) == []
    assert find_secrets(event, policy="strict", schema=schema) == [
        "/data/card/card_number (secret field 'card_number')"
    ]
    with_pin = {"event_type": "card.pin.changed", "data": {"card": {**GOOD_CARD, "pin": "4821"}}}
    assert find_secrets(with_pin, {"pin": "4821"}, policy="reference", schema=schema) == [
        "/data/card/pin (secret field 'pin', which the contract does not declare here)"
    ]


# -- the reference's samples -------------------------------------------------------------------


def test_a_response_like_the_samples_agrees() -> None:
    """A StatusCard answer with the samples' kinds (date-times with or without offset) passes."""
    assert agreement_errors("StatusCard", 200, GOOD_CARD) == []
    response, _ = _get_card(GOOD_CARD)
    case = _case("POST", "/api/v1/cards/{card_proxy}/status")
    assert checks.agrees_with_reference_samples(None, response, case) is None


def test_nulls_and_missing_fields_agree() -> None:
    """Null on either side, and a property only one side has, are not disagreements."""
    card = {**GOOD_CARD, "card_tracking_detail": None, "mask_card_pan": None}
    del card["expiration_date"]
    assert agreement_errors("StatusCard", 200, card) == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"card_tracking_detail": {"card_requested": 12}},
            "StatusCard.response.200.json: /card_tracking_detail/card_requested: "
            "the reference shows a date-time, the response has 12",
        ),
        (
            {"card_tracking_detail": "shipped"},
            "StatusCard.response.200.json: /card_tracking_detail: "
            'the reference shows an object, the response has "shipped"',
        ),
        (
            {"expiration_date": 2912},
            "StatusCard.response.200.json: /expiration_date: "
            "the reference shows a string, the response has 2912",
        ),
        (
            {"sys_utcinserted": "2026-12-02"},
            "StatusCard.response.200.json: /sys_utcinserted: "
            'the reference shows a date-time, the response has "2026-12-02"',
        ),
        (
            {"card_number": 5340920000000007},
            "StatusCard.response.200.json: /card_number: "
            "the reference shows a string, the response has a number",
        ),
    ],
    ids=["date-time-as-number", "object-as-string", "string-as-number", "date-only", "secret"],
)
def test_a_response_unlike_the_samples_fails_naming_the_field(
    changes: dict[str, Any], message: str
) -> None:
    """The failure names the operation, the sample file and the JSON pointer (no secret)."""
    assert message in agreement_errors("StatusCard", 200, {**GOOD_CARD, **changes})
    response = _response(200, {**GOOD_CARD, **changes})
    case = _case("POST", "/api/v1/cards/{card_proxy}/status")
    with pytest.raises(AssertionError) as failure:
        checks.agrees_with_reference_samples(None, response, case)
    assert str(failure.value).startswith("StatusCard 200 disagrees with the reference's sample")
    assert message in str(failure.value)


def test_arrays_compare_their_first_elements() -> None:
    """Through arrays, the first elements are compared (synthetic sample)."""
    sample = Sample(
        file="ListThings.response.200.json",
        operation="ListThings",
        kind="response",
        status=200,
        partial=False,
        sources=(),
        body={"data": [{"at": "0001-01-01T00:00:00", "n": 1}]},
    )
    good = {"data": [{"at": "2026-12-02T08:30:00Z", "n": 2.5}, {"at": 3}]}
    assert agreement_errors("ListThings", 200, good, [sample]) == []
    bad = {"data": [{"at": "2026-12-02T08:30:00", "n": True}]}
    assert agreement_errors("ListThings", 200, bad, [sample]) == [
        "ListThings.response.200.json: /data/0/n: the reference shows a number, "
        "the response has true"
    ]
    assert agreement_errors("ListThings", 201, bad, [sample]) == [], "another status"


# -- hooks --------------------------------------------------------------------------------------


def test_idempotent_creates_are_the_operations_with_the_header() -> None:
    """Derived from the contract: the operations that declare the `IdempotencyKey` parameter."""
    assert idempotent_creates() == {
        ("POST", "/api/v1/cards"),
        ("POST", "/api/v1/cards/{card_proxy}/replace"),
        ("POST", "/api/v1/notifications"),
    }


def test_validate_card_gets_the_targets_program(monkeypatch: pytest.MonkeyPatch) -> None:
    """A generated `program_guid` in a ValidateCard body becomes the target's program."""
    program = "6f1c2a9e-3b7d-4e5f-8a9b-0c1d2e3f4a5b"
    monkeypatch.setenv("QOLO_PROGRAM_GUID", program)
    case = _case("POST", "/api/v1/cards/validate", {"program_guid": str(_uuid(7))})
    hooks.before_call(None, case, {})
    assert case.body["program_guid"] == program
    negative = _case("POST", "/api/v1/cards/validate", {"program_guid": "not-a-uuid"})
    hooks.before_call(None, negative, {})
    assert negative.body["program_guid"] == "not-a-uuid", "negative data stays negative"


def test_update_notification_body_gets_the_paths_guid(monkeypatch: pytest.MonkeyPatch) -> None:
    """A generated `notification_guid` is the path's, or dropped when the path's is no uuid."""
    monkeypatch.setenv("QOLO_CONFORMANCE_SANDBOX", "1")
    path_guid = str(_uuid(1))
    case = _case(
        "PUT", "/api/v1/notifications/{notification_guid}", {"notification_guid": str(_uuid(2))}
    )
    case.path_parameters = {"notification_guid": path_guid}
    hooks.before_call(None, case, {})
    assert case.body["notification_guid"] == path_guid
    odd = _case(
        "PUT", "/api/v1/notifications/{notification_guid}", {"notification_guid": str(_uuid(2))}
    )
    odd.path_parameters = {"notification_guid": "%00"}
    hooks.before_call(None, odd, {})
    assert "notification_guid" not in odd.body


def _uuid(n: int) -> str:
    return f"00000000-0000-4000-8000-{n:012d}"


class RejectedPositiveData(Exception):
    """Stands in for schemathesis's failure of that name (the hook matches it by name)."""


def _rejected(case: Any, problem: dict[str, Any]) -> bool:
    """Whether `filter_failure` keeps a positive-data 400 with this problem."""
    response = _response(400, problem, "application/problem+json")
    return bool(hooks.filter_failure(None, RejectedPositiveData(), case, response))


@pytest.mark.parametrize(
    "code",
    sorted(hooks.BUSINESS_RULE_CODES),
)
def test_business_rule_400s_are_not_failures(
    code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The contract's business-rule codes answer schema-valid data: dropped, and noted why."""
    log = tmp_path / "filtered.txt"
    monkeypatch.setenv(hooks.FILTERED_ENV, str(log))
    case = _case("POST", "/api/v1/cards", {"program_guid": _uuid(1), "person": {}})
    assert not _rejected(case, {"code": code})
    assert log.read_text("utf-8") == f"a business-rule 400 ({code})\n"


def test_every_business_rule_the_sandbox_refuses_with_is_a_business_rule_code() -> None:
    """The sandbox is the contract's reference: each 400 code its card and subscription handlers
    answer schema-valid data with (all but `validation_error`) is a business rule, and one the
    hook forgot would fail a conforming deployment. The contract's BadRequest names
    `integer_out_of_range` too (a bound no schema can state)."""
    handlers = Path(__file__).resolve().parents[2] / "sandbox" / "qolo_sandbox"
    raised = {
        code
        for name in ("_cards.py", "_subscriptions.py")
        for code in re.findall(r'ApiError\(\s*400,\s*"([a-z_]+)"', (handlers / name).read_text())
    }
    assert "card_ambiguous" in raised, "the sandbox's handlers were not read"
    assert raised - {"validation_error"} | {"integer_out_of_range"} == hooks.BUSINESS_RULE_CODES


def test_validate_card_without_identifier_is_not_a_failure_but_bad_shapes_are() -> None:
    """ValidateCard's 400 is dropped only for a body naming no card, when the errors say so."""
    missing = [{"field": f"/{name}"} for name in hooks.CARD_IDENTIFIERS]
    nothing = _case("POST", "/api/v1/cards/validate", {"expiration_date": "2912"})
    assert not _rejected(nothing, {"code": "validation_error", "errors": missing})
    shape = [{"field": "/cvx2", "message": "must be 3 or 4 digits"}]
    assert _rejected(nothing, {"code": "validation_error", "errors": shape})
    identified = _case("POST", "/api/v1/cards/validate", {"card_proxy": CARD_PROXY, "cvx2": "x"})
    assert _rejected(identified, {"code": "validation_error", "errors": missing + shape})
    elsewhere = _case("POST", "/api/v1/cards", {"program_guid": _uuid(1), "person": {}})
    assert _rejected(elsewhere, {"code": "validation_error", "errors": missing})


def test_a_400_to_a_body_that_breaks_the_request_schema_is_not_a_failure() -> None:
    """Error feedback can make "positive" bodies invalid (a pointer as a property): 400 is right."""
    program = _uuid(1)
    pointer_keys = {"/person/first_name": "0", "person": {}, "program_guid": program}
    invalid = _case("POST", "/api/v1/cards", pointer_keys)
    assert not _rejected(invalid, {"code": "validation_error"})
    valid = _case("POST", "/api/v1/cards", {"person": {}, "program_guid": program})
    assert _rejected(valid, {"code": "validation_error"})


def test_on_a_deployment_a_write_names_only_what_the_run_created(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A partner's card or subscription is never written: its id becomes one that names nothing
    (a 404); ids the run created pass; a malformed id (negative data) stays, for its 400."""
    monkeypatch.setenv("QOLO_CONFORMANCE_SANDBOX", "0")
    monkeypatch.setattr(hooks, "_created", set())
    created = _case("POST", "/api/v1/cards", {"program_guid": str(_uuid(1))})
    answer = httpx.Response(201, json={"card": {"card_proxy": "cproxyOURS"}, "person": {}})
    hooks.after_call(None, created, answer)
    ours = _case("POST", "/api/v1/cards/{card_proxy}/status", {"status": "ACTIVE"})
    ours.path_parameters = {"card_proxy": "cproxyOURS"}
    hooks.before_call(None, ours, {})
    assert ours.path_parameters["card_proxy"] == "cproxyOURS"
    theirs = _case("POST", "/api/v1/cards/{card_proxy}/status", {"status": "CLOSED"})
    theirs.path_parameters = {"card_proxy": "cproxyPARTNER"}
    hooks.before_call(None, theirs, {})
    assert theirs.path_parameters["card_proxy"] not in ("cproxyPARTNER", "cproxyOURS")
    malformed = _case("POST", "/api/v1/cards/{card_proxy}/status", {"status": "CLOSED"})
    malformed.path_parameters = {"card_proxy": "a/b%00"}
    hooks.before_call(None, malformed, {})
    assert malformed.path_parameters["card_proxy"] == "a/b%00"
    delete = _case("DELETE", "/api/v1/notifications/{notification_guid}", None)
    delete.path_parameters = {"notification_guid": str(_uuid(9))}
    hooks.before_call(None, delete, {})
    assert delete.path_parameters["notification_guid"] != str(_uuid(9))
    package = _case("POST", "/api/v1/cards/digitalpackage", {"card_proxy": "cproxyPARTNER"})
    hooks.before_call(None, package, {})
    assert package.body["card_proxy"] != "cproxyPARTNER"
    reading = _case("GET", "/api/v1/cards/{card_proxy}", None)
    reading.path_parameters = {"card_proxy": "cproxyPARTNER"}
    hooks.before_call(None, reading, {})
    assert reading.path_parameters["card_proxy"] == "cproxyPARTNER"


def test_webhook_urls_point_at_the_receiver_or_at_nowhere(monkeypatch: pytest.MonkeyPatch) -> None:
    """A deployment is never made to ping a host the fuzzer invented: without a receiver the
    URL is the `.invalid` one (it never resolves)."""
    monkeypatch.setenv("QOLO_CONFORMANCE_SANDBOX", "1")
    monkeypatch.delenv(WEBHOOK_URL_ENV, raising=False)
    invented = {"url": "https://fuzzed.example.com/x", "program_guid": _uuid(1)}
    case = _case("POST", "/api/v1/notifications", dict(invented))
    hooks.before_call(None, case, {})
    assert case.body["url"] == NOWHERE_URL
    monkeypatch.setenv(WEBHOOK_URL_ENV, "http://127.0.0.1:8123/qolo/webhooks")
    case = _case("POST", "/api/v1/notifications", dict(invented))
    hooks.before_call(None, case, {})
    assert case.body["url"] == "http://127.0.0.1:8123/qolo/webhooks"


def test_each_create_gets_a_fresh_key_and_a_malformed_one_stays(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A generated well-formed key is replaced (a reused one would be the contract's 422); a
    malformed one stays, so the 400 it must get is still checked; a replay keeps its key."""
    monkeypatch.setenv("QOLO_CONFORMANCE_SANDBOX", "1")
    keys = []
    for _ in range(2):
        case = _case("POST", "/api/v1/cards", {"program_guid": _uuid(1), "person": {}})
        case.headers = {"IdempotencyKey": "generated-key"}
        hooks.before_call(None, case, {})
        keys.append(case.headers["IdempotencyKey"])
    assert "generated-key" not in keys
    assert keys[0] != keys[1]
    malformed = _case("POST", "/api/v1/cards", {"program_guid": _uuid(1), "person": {}})
    malformed.headers = {"IdempotencyKey": "bad key"}
    hooks.before_call(None, malformed, {})
    assert malformed.headers["IdempotencyKey"] == "bad key"
    replay = _case("POST", "/api/v1/cards", {"program_guid": _uuid(1), "person": {}})
    replay.headers = {"IdempotencyKey": "the-first-key"}
    token = hooks.keep_idempotency_key.set(True)
    try:
        hooks.before_call(None, replay, {})
    finally:
        hooks.keep_idempotency_key.reset(token)
    assert replay.headers["IdempotencyKey"] == "the-first-key"
