"""`--profile` and its environment twin, which CI uses to run the quick profile on pull requests."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from conformance.profiles import PROFILES, deployment_config, stateful_config
from conformance.run import CONFIG, parse_args


def test_environment_picks_the_profile_and_the_flag_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    """QOLO_CONFORMANCE_PROFILE is the default; an explicit --profile overrides it."""
    monkeypatch.setenv("QOLO_CONFORMANCE_PROFILE", "quick")
    quick = parse_args([])
    assert quick.profile == "quick"
    assert quick.max_examples == PROFILES["quick"].max_examples
    assert quick.phases == ",".join(PROFILES["quick"].phases)
    assert parse_args(["--profile", "deep"]).profile == "deep"
    monkeypatch.delenv("QOLO_CONFORMANCE_PROFILE")
    assert parse_args([]).profile == "default"


def test_unknown_profile_in_the_environment_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A misspelt profile stops with a usage error naming the variable, not a KeyError."""
    monkeypatch.setenv("QOLO_CONFORMANCE_PROFILE", "quik")
    with pytest.raises(SystemExit) as stopped:
        parse_args([])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "QOLO_CONFORMANCE_PROFILE='quik' is not a profile" in err
    assert "quick, default, deep" in err


def test_profiles_are_what_the_help_and_the_readme_promise() -> None:
    """quick: examples, fuzzing and stateful, 10 cases; default: all four phases at
    schemathesis's budget; deep: all four, 300 cases, stateful scenarios up to 20 steps. A
    phase dropped from a profile would silently go untested in every CI run that uses it."""
    assert [(p.name, p.phases, p.max_examples, p.max_steps) for p in PROFILES.values()] == [
        ("quick", ("examples", "fuzzing", "stateful"), 10, None),
        ("default", ("examples", "coverage", "fuzzing", "stateful"), None, None),
        ("deep", ("examples", "coverage", "fuzzing", "stateful"), 300, 20),
    ]


def test_a_deployments_config_reuses_no_value_read_in_an_answer(tmp_path: Path) -> None:
    """Against a deployment ListCards lists a partner's cards: no phase may build cases from it."""
    config = deployment_config(CONFIG, tmp_path)
    phases = tomllib.loads(config.read_text("utf-8"))["phases"]
    for phase in ("examples", "coverage", "fuzzing"):
        assert phases[phase]["extra-data-sources"]["responses"] is False, phase
    assert (
        tomllib.loads(CONFIG.read_text("utf-8"))["seed"]
        == tomllib.loads(config.read_text("utf-8"))["seed"]
    )


def test_deeps_config_sets_the_stateful_steps(tmp_path: Path) -> None:
    config = stateful_config(CONFIG, 20, tmp_path)
    assert tomllib.loads(config.read_text("utf-8"))["phases"]["stateful"]["max-steps"] == 20
