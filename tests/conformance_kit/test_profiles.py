"""`--profile` and its environment twin, which CI uses to run the quick profile on pull requests."""

from __future__ import annotations

import pytest

from conformance.profiles import PROFILES
from conformance.run import parse_args


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
