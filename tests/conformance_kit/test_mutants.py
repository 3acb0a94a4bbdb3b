"""The conformance suite can fail: broken sandboxes are caught, and named.

Each mutant (`qolo_mutants.py`) breaks one promise of the contract in an ASGI wrapper around the
real sandbox. The real runner (`python -m conformance`) runs against it with the pull requests'
budget, `--profile quick`, on the part and operations the mutant breaks, and must exit non-zero
and name the operation and the broken rule: so the quick profile is proven to catch every one.
The unmodified app wrapped the same way (`identity`) must pass every one of those runs, and the
whole quick run, so every failure is the mutant's doing.

The secrets policy is proved both ways: under `--secrets reference` a sandbox that behaves like
the platform (`platform_like`: consistent PAN and CVV on cards, the PIN echoed) passes, and one
whose `card_number` is inconsistent is still caught; under the sandbox's default, `strict`, the
same platform-like answers are leaks.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any, cast

import pytest

from tests.conformance_kit.kit_runner import run_kit

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent

QUICK = ("--profile", "quick")


def quick_on(*operation_ids: str) -> tuple[str, ...]:
    """The quick profile's schemathesis part on the operations a mutant breaks.

    Its stateful phase is left out here: it follows links between operations, and one operation
    has none (schemathesis fails such a run as "Missing Open API links").
    """
    return (
        *QUICK,
        "--only",
        "schemathesis",
        "--phases",
        "examples,fuzzing",
        *(f"--st-arg=--include-operation-id={name}" for name in operation_ids),
    )


CREATE = quick_on("CreateCard")
LOGIN = quick_on("Login")
LIST = quick_on("ListCards")
SUITE_FLOWS = (*QUICK, "--only", "suite", "-k", "life_cycle or idempotent")
# The quick profile leaves the coverage phase (its unexpected methods) out: the suite's 405 tests
# are what catch a 405 without `Allow` there.
SUITE_405 = (*QUICK, "--only", "suite", "-k", "test_405")
REFERENCE = ("--secrets", "reference")
# The suite's tests of subscriptions, tokens and webhook events: one run catches each mutant of
# the group, and one control run covers them all.
SUITE_EVENTS = (
    *QUICK,
    "--only",
    "suite",
    "-k",
    "test_subscriptions.py or card_changes_arrive or only_its_event_types or for_its_lifetime",
)
# The suite's tests of the cards' rules (status, replacement, PIN, the list's filter, ValidateCard,
# concurrent duplicates, HEAD): one run of them all catches each of the cards group's mutants.
CARD_TESTS = (
    "final_statuses",
    "compromised_card",
    "replace_moves",
    "other_programs_cards",
    "card_status_gives",
    "whole_card_number",
    "status_forbids",
    "concurrent_creates",
    "head_is_get",
)
SUITE_CARDS = (*QUICK, "--only", "suite", "-k", " or ".join(CARD_TESTS))
# Round 2: the suite's webhook tests of subscriptions' updates and deletes, the event class and
# the events' envelope; one run catches each mutant of the group, one control covers them.
EVENTS2_TESTS = (
    "card_changes_arrive",
    "deleted_subscription",
    "switched_off",
    "rotated_secret",
    "its_own_id",
    "created_at_is_when",
    "card_class_subscription",
)
SUITE_EVENTS2 = (*QUICK, "--only", "suite", "-k", " or ".join(EVENTS2_TESTS))
# Round 2: the suite's tests of tenancy, replacement, ValidateCard, the login throttle, 429s, the
# body limit, the expiry, the wallet filter and the read-only token's answers.
CARD_TESTS2 = (
    "other_programs",
    "idempotent_replay_returns",
    "read_only_token_gets_405",
    "replace_gives_a_new_card_number",
    "identity_factors",
    "read_only_token_may_validate",
    "right_key_logs_in",
    "rate_limited_create",
    "over_the_limit",
    "months_until_expire",
    "by_wallet",
)
SUITE_CARDS2 = (*QUICK, "--only", "suite", "-k", " or ".join(CARD_TESTS2))

MUTANTS = [
    pytest.param(
        "drop_card_proxy",
        CREATE,
        ["POST /api/v1/cards", "Response violates schema", '"card_proxy" is a required property'],
        id="missing-required-field",
    ),
    pytest.param(
        "replay_creates_twice",
        CREATE,
        ["POST /api/v1/cards", "idempotent replay returned a different body"],
        id="replay-creates-second-card",
    ),
    pytest.param(
        "replay_creates_twice",
        SUITE_FLOWS,
        ["test_idempotent_replay_returns_the_first_response", "the replay is not the first"],
        id="replay-creates-second-card-suite",
    ),
    pytest.param(
        "no_www_authenticate",
        LOGIN,
        ["401 without a `WWW-Authenticate: Bearer` challenge", "POST /api/v1/auth/login"],
        id="401-without-www-authenticate",
    ),
    pytest.param(
        "server_error_on_bad_input",
        LIST,
        ["GET /api/v1/cards", "Server error"],
        id="5xx-on-bad-input",
    ),
    pytest.param(
        "no_allow",
        SUITE_405,
        ["test_405_carries_allow", "405 without Allow"],
        id="405-without-allow",
    ),
    pytest.param(
        "rejects_every_token",
        LIST,
        ["Authentication failed", "401"],
        id="every-secured-call-401",
    ),
    pytest.param(
        "refuses_some_valid_tokens",
        LIST,
        ["GET /api/v1/cards", "Schema-valid request rejected", "[401]"],
        id="valid-token-sometimes-401",
    ),
    pytest.param(
        "leaks_card_number",
        CREATE,
        ["leaks a secret", "secret field 'card_number'"],
        id="full-pan-in-card",
    ),
    pytest.param(
        "echo_pin",
        SUITE_FLOWS,
        ["test_card_life_cycle_through_the_client", "leaks a secret", "/pin"],
        id="pin-echoed",
    ),
    pytest.param(
        "platform_like",
        CREATE,
        ["strict secrets policy", "secret field 'card_number'", "secret field 'cvx2'"],
        id="platform-secrets-under-strict",
    ),
    pytest.param(
        "inconsistent_card_number",
        (*CREATE, *REFERENCE),
        ["POST /api/v1/cards", "reference secrets policy", "a card_number that fails the Luhn"],
        id="luhn-invalid-pan-under-reference",
    ),
    pytest.param(
        "inconsistent_card_number",
        (*SUITE_FLOWS, *REFERENCE),
        ["test_card_life_cycle_through_the_client", "a card_number that fails the Luhn check"],
        id="luhn-invalid-pan-under-reference-suite",
    ),
    pytest.param(
        "leaks_card_number",
        (*CREATE, *REFERENCE),
        ["POST /api/v1/cards", "a card_number that disagrees with mask_card_pan"],
        id="pan-disagreeing-with-mask-under-reference",
    ),
    pytest.param(
        "numeric_expiry",
        CREATE,
        [
            "POST /api/v1/cards",
            "agrees_with_reference_samples",
            "CreateCard.response.201.json: /card/expiration_date: the reference shows a string, "
            "the response has",
        ],
        id="card-field-of-another-kind-than-the-reference",
    ),
    pytest.param(
        "malformed_formats",
        CREATE,
        [
            "POST /api/v1/cards",
            "response_formats",
            "card/wallet_guid: the value is not a 'uuid'",
            "card/sys_utcupdated: the value is not a 'date-time'",
        ],
        id="bad-uuid-and-date-time",
    ),
    pytest.param(
        "key_reuse_replays_except_cards",
        SUITE_EVENTS,
        [
            "test_subscription_key_reused_with_another_body_is_422",
            "422 idempotency_key_reused expected, got 201 (a replay of the first)",
        ],
        id="subscription-key-reused-replays",
    ),
    pytest.param(
        "token_expires_early",
        SUITE_EVENTS,
        [
            "test_a_token_works_for_its_lifetime_then_is_401",
            "into its 43200 s lifetime (expires_in) was refused: 401",
        ],
        id="token-refused-before-expires-in",
    ),
    pytest.param(
        "read_only_sees_subscription_headers",
        SUITE_EVENTS,
        [
            "test_read_only_token_never_sees_subscription_headers",
            "the read-only token's GetNotificationById shows the subscription's headers",
        ],
        id="read-only-sees-subscription-headers",
    ),
    pytest.param(
        "stale_previous_status",
        SUITE_EVENTS,
        [
            "test_card_changes_arrive_signed_and_shaped",
            "status events as (event_type, previous_status, card_status)",
            "got [('card.activated', 'ACTIVE', 'ACTIVE')",
        ],
        id="previous-status-is-the-new-one",
    ),
    pytest.param(
        "event_filter_ignored",
        SUITE_EVENTS,
        [
            "test_subscription_gets_only_its_event_types",
            "the subscription to ['card.created'] also got ['card.activated']",
        ],
        id="event-type-filter-ignored",
    ),
    # cards
    pytest.param(
        "status_reopens_terminal",
        SUITE_CARDS,
        [
            "test_final_statuses_stay_final[CLOSED]",
            "CLOSED -> ACTIVE: 400 invalid_status_transition expected, got 200",
        ],
        id="closed-card-reopened",
    ),
    pytest.param(
        "override_reopens_final",
        SUITE_CARDS,
        [
            "test_final_statuses_stay_final[LOST]",
            "LOST -> ACTIVE with override_status: 400 invalid_status_transition expected, got 200",
        ],
        id="override-reopens-final-status",
    ),
    pytest.param(
        "renews_compromised_cards",
        SUITE_CARDS,
        [
            "test_a_compromised_card_is_not_renewed",
            "RENEW of a LOST card: 400 card_needs_new_number expected, got 200",
        ],
        id="lost-card-renewed",
    ),
    pytest.param(
        "replace_ignores_status",
        SUITE_CARDS,
        [
            "test_replace_moves_the_old_card_to_status",
            "replaced with status LOST, the old card is ACTIVE",
        ],
        id="replace-ignores-status",
    ),
    pytest.param(
        "replace_across_programs",
        SUITE_CARDS,
        ["test_other_programs_cards_are_404", "/replace: 404 expected, got 200"],
        id="replace-across-programs",
    ),
    pytest.param(
        "list_ignores_card_status",
        SUITE_CARDS,
        [
            "test_list_by_card_status_gives_only_cards_in_it",
            "card_status=SUSPEND lists the person's cards in ['PENDING', 'SUSPEND']",
        ],
        id="list-ignores-card-status",
    ),
    pytest.param(
        "validate_pan_by_bin_and_last4",
        SUITE_CARDS,
        [
            "test_validate_compares_the_whole_card_number",
            "ValidateCard matched two different card numbers",
            "the full number is not compared",
        ],
        id="validate-by-bin-and-last-four",
    ),
    pytest.param(
        "pin_on_any_status",
        SUITE_CARDS,
        [
            "test_pin_is_refused_where_the_status_forbids_it",
            "SetPIN on a LOST card: 400 card_status_forbids_pin expected, got 200",
        ],
        id="pin-on-any-status",
    ),
    pytest.param(
        "idempotency_race",
        SUITE_CARDS,
        [
            "test_concurrent_creates_with_one_key_create_one_card",
            "two concurrent creates with one key answered 2 different cards",
        ],
        id="concurrent-duplicates-create-two",
    ),
    pytest.param(
        "head_refused",
        SUITE_CARDS,
        ["test_head_is_get_without_the_body", "HEAD /api/v1/cards?limit=1: 200 expected"],
        id="head-refused",
    ),
    # -- round 2: events --
    pytest.param(
        "delete_keeps_delivering",
        SUITE_EVENTS2,
        [
            "test_deleted_subscription_gets_no_more_events",
            "the deleted subscription still got ['card.created']",
        ],
        id="deleted-subscription-still-delivered",
    ),
    pytest.param(
        "secret_rotation_ignored",
        SUITE_EVENTS2,
        [
            "test_rotated_secret_signs_the_next_deliveries",
            "card.created after the secret was rotated is still signed with the old secret",
        ],
        id="rotated-secret-ignored",
    ),
    pytest.param(
        "deactivate_ignored",
        SUITE_EVENTS2,
        [
            "test_switched_off_subscription_gets_nothing",
            "the subscription switched off (active: false) still got ['ping', 'card.created']",
        ],
        id="switched-off-subscription-still-delivered",
    ),
    pytest.param(
        "event_id_per_card_and_type",
        SUITE_EVENTS2,
        [
            "test_each_event_has_its_own_id",
            "3 card.status events of one card carry 1 distinct event_id(s)",
        ],
        id="event-id-repeated-per-card-and-type",
    ),
    pytest.param(
        "card_class_ignored",
        SUITE_EVENTS2,
        [
            "test_card_class_subscription_gets_every_card_event",
            "the subscription to ['card'] never got ['card.activated', 'card.created'",
        ],
        id="card-class-subscription-gets-nothing",
    ),
    pytest.param(
        "created_at_is_the_cards",
        SUITE_EVENTS2,
        [
            "test_event_created_at_is_when_it_happened",
            "created_at is not when the event happened",
        ],
        id="created-at-is-the-cards-creation",
    ),
    pytest.param(
        "issuance_noop_reorders_plastic",
        SUITE_EVENTS2,
        [
            "test_card_changes_arrive_signed_and_shaped",
            "one card.fulfilment expected, 2 arrived",
        ],
        id="issuance-no-op-orders-plastic-again",
    ),
    pytest.param(
        "program_from_body",
        SUITE_CARDS2,
        [
            "test_other_programs_cards_are_404",
            "POST /api/v1/cards: 404 expected, got 201",
            "test_other_programs_subscriptions_are_404",
            "POST /api/v1/notifications: 404 expected, got 201",
        ],
        id="create-in-the-bodys-program",
    ),
    pytest.param(
        "replace_keeps_pan",
        SUITE_CARDS2,
        [
            "test_replace_gives_a_new_card_number_and_renew_keeps_it",
            "two REPLACEs in a row kept the card's mask_card_pan",
        ],
        id="replace-keeps-the-number",
    ),
    pytest.param(
        "validate_ignores_identity_factors",
        SUITE_CARDS2,
        [
            "test_validate_matches_the_identity_factors",
            "a wrong birth_date: 404 card_not_found expected, got 200",
        ],
        id="validate-ignores-identity-factors",
    ),
    pytest.param(
        "read_only_validate_refused",
        SUITE_CARDS2,
        [
            "test_read_only_token_may_validate",
            "the read-only token's ValidateCard: 200 expected, got 405",
        ],
        id="read-only-validate-refused",
    ),
    pytest.param(
        "login_lockout",
        SUITE_CARDS2,
        [
            "test_the_right_key_logs_in_after_failed_logins",
            "the right key was refused: 429 rate_limited",
        ],
        id="right-key-locked-out",
    ),
    pytest.param(
        "rate_limited_after_the_work",
        SUITE_CARDS2,
        [
            "test_a_rate_limited_create_did_nothing",
            "the 429'd CreateCard issued 1 card(s)",
        ],
        id="429-after-the-work",
    ),
    pytest.param(
        "html_413",
        SUITE_CARDS2,
        [
            "test_a_body_over_the_limit_is_a_413_problem",
            "POST /api/v1/cards/validate: 413 is 'text/html'",
        ],
        id="413-not-a-problem",
    ),
    pytest.param(
        "months_until_expire_ignored",
        SUITE_CARDS2,
        [
            "test_months_until_expire_sets_the_expiry",
            "expire 0 months apart (108 expected)",
        ],
        id="months-until-expire-ignored",
    ),
    pytest.param(
        "list_ignores_wallet_guid",
        SUITE_CARDS2,
        [
            "test_list_by_wallet_gives_only_the_wallets_cards",
            "wallet_guid of a new wallet with one card lists",
        ],
        id="list-ignores-wallet-guid",
    ),
    pytest.param(
        "replayed_header_on_every_create",
        SUITE_CARDS2,
        [
            "test_idempotent_replay_returns_the_first_response",
            "the first create with a fresh key says Idempotent-Replayed: 'true'",
        ],
        id="first-create-marked-replayed",
    ),
    pytest.param(
        "read_only_empty_allow",
        SUITE_CARDS2,
        [
            "test_read_only_token_gets_405_on_writes",
            "the read-only token's 405 has an empty Allow",
        ],
        id="read-only-405-empty-allow",
    ),
]


def _run(
    app: str | None,
    args: tuple[str, ...],
    tmp_path: Path,
    target: dict[str, str] | None = None,
    *,
    traced: bool = False,
) -> subprocess.CompletedProcess[str]:
    """The runner against a sandbox it starts with `app`, or (`app=None`) the `target` env.

    Not under coverage unless `traced` (its COVERAGE_ and COV_CORE_ variables left out): the
    tracer made every run half as slow again, and these runs prove verdicts. The one traced
    run, the whole quick profile against the unmodified sandbox, still measures the runner,
    the suite and the receiver, which only these tests run.
    """
    app_args = ("--app", f"qolo_mutants:{app}") if app else ()
    return run_kit((*app_args, *args), tmp_path / "reports", target, traced=traced)


@pytest.mark.slow
@pytest.mark.parametrize(("mutant", "args", "named"), MUTANTS)
def test_mutant_is_caught_and_named(
    mutant: str, args: tuple[str, ...], named: list[str], tmp_path: Path
) -> None:
    """The runner fails against the mutant, and its output names the operation and the rule."""
    result = _run(mutant, args, tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"{mutant} was not caught:\n{output[-4000:]}"
    missing = [text for text in named if text not in output]
    assert not missing, f"{mutant} failed the run without naming {missing}:\n{output[-6000:]}"
    summary = (tmp_path / "reports" / "summary.md").read_text("utf-8")
    assert "FAILED" in summary


# Every distinct run a mutant is caught with, and the whole quick run (both parts, every
# operation), with the suite beside schemathesis too.
CONTROLS: list[tuple[str, ...]] = sorted(
    {cast("tuple[str, ...]", param.values[1]) for param in MUTANTS}
    | {QUICK, (*QUICK, "--suite-beside")}
)


@pytest.mark.slow
@pytest.mark.parametrize("args", CONTROLS, ids=[" ".join(args) for args in CONTROLS])
def test_unmodified_sandbox_passes_the_same_runs(args: tuple[str, ...], tmp_path: Path) -> None:
    """The control: the same wrapper with no change passes every run that catches a mutant."""
    result = _run("identity", args, tmp_path, traced=args == QUICK)
    assert result.returncode == 0, (result.stdout + result.stderr)[-6000:]


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [(*CREATE, *REFERENCE), (*SUITE_FLOWS, *REFERENCE)],
    ids=["examples", "suite"],
)
def test_platform_like_secrets_pass_under_reference(args: tuple[str, ...], tmp_path: Path) -> None:
    """The reference policy's control: consistent PAN and CVV on cards and the PIN echoed pass."""
    result = _run("platform_like", args, tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    assert "reference secrets policy" in output


@pytest.mark.slow
def test_auth_and_media_type_tests_do_not_assume_an_order_of_checks(tmp_path: Path) -> None:
    """A deployment that validates a create's body before its token or media type passes.

    The 401 and 415 tests send valid bodies, so they hold whichever check comes first.
    """
    result = _run("validating_gateway", ("--only", "suite", "-k", "test_401 or test_415"), tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    assert "15 passed" in output, output[-3000:]


def _as_deployment(sbx: Any, apikey: str) -> dict[str, str]:
    """The environment that names `sbx` as a real deployment (no controls, no extra logins)."""
    return {
        "QOLO_BASE_URL": sbx.base_url,
        "QOLO_LOGINID": sbx.credential.loginid,
        "QOLO_APIKEY": apikey,
        "QOLO_PROGRAM_GUID": sbx.credential.program_guid,
    }


@pytest.mark.parametrize(
    ("target", "why"),
    [
        (
            {"QOLO_BASE_URL": "http://127.0.0.1:9", "QOLO_LOGINID": "x", "QOLO_APIKEY": "y"},
            "QOLO_BASE_URL is set, so these are required too: QOLO_PROGRAM_GUID",
        ),
        (
            {
                "QOLO_BASE_URL": "http://127.0.0.1:9",
                "QOLO_LOGINID": "x",
                "QOLO_APIKEY": "y",
                "QOLO_PROGRAM_GUID": "notaguid",
            },
            "QOLO_PROGRAM_GUID='notaguid' is not a UUID: check it",
        ),
    ],
    ids=["missing-variable", "program-not-a-uuid"],
)
def test_a_misconfigured_target_runs_nothing_and_exits_2(
    target: dict[str, str], why: str, tmp_path: Path
) -> None:
    """A setup mistake is exit 2 with one line, never 1 (a deployment that does not conform)."""
    result = _run(None, (), tmp_path, target)
    output = result.stdout + result.stderr
    assert result.returncode == 2, output[-3000:]
    assert output.splitlines()[-1] == f"conformance: {why}; nothing was run.", output[-3000:]
    assert "Traceback" not in output


def test_exported_variables_alone_never_aim_the_run_at_a_deployment(tmp_path: Path) -> None:
    """A partner's shell exports QOLO_BASE_URL for the client; the README's main command, run
    there, must not fuzz that deployment (it creates cards nobody can delete): it stops, exit 2,
    before any request, and says how to choose."""
    from qolo_sandbox.testing import start_sandbox

    with start_sandbox(controls=True) as sbx:
        target = _as_deployment(sbx, sbx.credential.apikey)
        result = run_kit((), tmp_path / "reports", target, deployment=False)
        stats = sbx.controls.stats()
    output = result.stdout + result.stderr
    assert result.returncode == 2, output[-3000:]
    assert output.splitlines()[-1] == (
        "conformance: QOLO_BASE_URL is set but --deployment is not: pass --deployment to test "
        "that deployment, or unset QOLO_BASE_URL to test a fresh sandbox; nothing was run."
    ), output[-3000:]
    assert (stats["logins"], stats["failed_logins"]) == (0, 0), stats


def test_deployment_without_a_base_url_runs_nothing(tmp_path: Path) -> None:
    """`--deployment` with nothing to name the deployment: exit 2, no sandbox started instead."""
    result = run_kit(("--deployment",), tmp_path / "reports", {}, deployment=False)
    output = result.stdout + result.stderr
    assert result.returncode == 2, output[-3000:]
    assert output.splitlines()[-1].startswith("conformance: --deployment needs QOLO_BASE_URL")
    assert "sandbox" not in output.lower().replace("a fresh sandbox", "")


@pytest.mark.slow
def test_a_wrong_api_key_costs_one_login_and_stops_the_run(tmp_path: Path) -> None:
    """A typo in QOLO_APIKEY: one refused login, one line naming the variable, exit 2, nothing run.

    Each part used to log in on its own, dozens of times, and locked a real account out.
    """
    from qolo_sandbox.testing import start_sandbox

    with start_sandbox(controls=True) as sbx:
        target = _as_deployment(sbx, sbx.credential.apikey + "-typo")
        result = _run(None, (), tmp_path, target)
        stats = sbx.controls.stats()
    output = result.stdout + result.stderr
    assert result.returncode == 2, output[-6000:]
    line = (
        f"conformance: the login as QOLO_LOGINID={sbx.credential.loginid!r} was refused "
        "(401 invalid_credentials): check QOLO_APIKEY (and QOLO_LOGINID); nothing else was run."
    )
    assert line in output.splitlines(), output[-6000:]
    assert "conformance: schemathesis" not in output
    assert "targeted suite" not in output
    assert (stats["failed_logins"], stats["logins"]) == (1, 0), stats


@pytest.mark.slow
def test_the_whole_suite_passes_a_conforming_deployment(tmp_path: Path) -> None:
    """The embedded sandbox named by QOLO_BASE_URL, as a partner's CI names its deployment:
    every test passes or is skipped as sandbox-only, none assumes the runner's own sandbox."""
    from qolo_sandbox.testing import start_sandbox

    with start_sandbox(controls=True) as sbx:
        read_only = sbx.read_only_credential
        target = {
            **_as_deployment(sbx, sbx.credential.apikey),
            "QOLO_READONLY_LOGINID": read_only.loginid,
            "QOLO_READONLY_APIKEY": read_only.apikey,
        }
        result = _run(None, ("--only", "suite"), tmp_path, target)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    assert re.search(r"collected 79 tests: \d+ passed, \d+ skipped, in", output), output[-3000:]


@pytest.mark.slow
def test_the_suite_reuses_the_runners_login(tmp_path: Path) -> None:
    """Against a deployment the suite's tests use the runner's token: one login in all."""
    from qolo_sandbox.testing import start_sandbox

    with start_sandbox(controls=True) as sbx:
        target = _as_deployment(sbx, sbx.credential.apikey)
        args = ("--only", "suite", "-k", "test_405 or test_415 or unknown_card")
        result = _run(None, args, tmp_path, target)
        stats = sbx.controls.stats()
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    assert "9 passed" in output, output[-3000:]
    assert (stats["failed_logins"], stats["logins"]) == (0, 1), stats
