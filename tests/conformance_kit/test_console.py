"""`conformance.console.call_redacted`: a child's console shown without the deployment's secrets."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conformance.console import call_redacted

FIELDS = frozenset({"card_number", "cvx2", "apikey"})
SCRIPT = """
print("progress: logged in with sk_live_key_0001 and token tok_0002")
print('early body {"card_number": "5340920000000007", "cvx2": "731"}')
print("E   assert {'card_number': '5340920000000008', 'cvx2': '732'} == {}")
print("=== FAILURES ===")
print("731 is not of type string")
print("Value: 4929")
print("report at PRIVATE/events.ndjson")
"""


def _run(tmp_path: Path, *, hold: bool, recorded: frozenset[str] = frozenset()) -> int:
    private = tmp_path / "private"
    script = SCRIPT.replace("PRIVATE", str(private))
    return call_redacted(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        env={"PATH": ""},
        fields=FIELDS,
        credentials={"sk_live_key_0001", "tok_0002"},
        private=private,
        recorded=lambda: recorded,
        hold=hold,
    )


def _run_script(script: str, tmp_path: Path, *, recorded: set[str]) -> int:
    """`call_redacted` over a child running `script`, no credentials, these values recorded."""
    return call_redacted(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        env={"PATH": ""},
        fields=FIELDS,
        credentials=set(),
        recorded=lambda: recorded,
    )


def test_held_failures_are_redacted_with_what_the_run_recorded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Progress lines lose credentials and named fields at once; the failure section, printed
    when the child exits, also loses the values the run recorded (a CVV quoted alone)."""
    assert _run(tmp_path, hold=True, recorded=frozenset({"731", "4929"})) == 0
    shown = capsys.readouterr().out
    for secret in ("sk_live_key_0001", "tok_0002", "5340920000000007", "731", "4929"):
        assert secret not in shown
    assert '"card_number": "<redacted>"' in shown
    assert "<redacted> is not of type string" in shown
    assert "report at (deleted after the run) events.ndjson" in shown


def test_streamed_output_loses_credentials_and_named_fields(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without a record to read (the targeted suite), every line streams, redacted by name and
    by credential; nothing is held."""
    assert _run(tmp_path, hold=False) == 0
    shown = capsys.readouterr().out
    for secret in ("sk_live_key_0001", "tok_0002", "5340920000000007", "5340920000000008", "732"):
        assert secret not in shown
    assert "{'card_number': '<redacted>', 'cvx2': '<redacted>'}" in shown  # pytest's repr
    assert "731 is not of type string" in shown  # not recorded: only a name would mark it


@pytest.mark.parametrize("rule", ["=== FAILURES ===", "==== ERRORS ====", "== SUMMARY =="])
def test_every_section_rule_holds_what_follows_and_the_exit_status_is_the_childs(
    rule: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """schemathesis quotes answers after any of its section rules, not only FAILURES: a CVV
    quoted alone there is redacted by its recorded value; its exit status is passed on."""
    script = f"print('progress'); print({rule!r}); print('Value: 731'); raise SystemExit(3)"
    code = _run_script(script, tmp_path, recorded={"731"})
    shown = capsys.readouterr().out
    assert code == 3
    assert "731" not in shown
    assert "Value: <redacted>" in shown


def test_coloured_output_is_redacted_as_plain_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--st-arg=--force-color` styles schemathesis's rules and values even into a pipe: a bold
    rule still holds what follows, and a CVV wrapped in colour codes is still found."""
    script = (
        "print('\\x1b[1m=== FAILURES ===\\x1b[0m');"
        "print('Value: \\x1b[31m731\\x1b[0m');"
        'print(\'\\x1b[32m{"cvx2": "732"}\\x1b[0m\')'
    )
    code = _run_script(script, tmp_path, recorded={"731"})
    shown = capsys.readouterr().out
    assert code == 0
    assert "731" not in shown
    assert "732" not in shown
    assert "Value: <redacted>" in shown
    assert "=== FAILURES ===" in shown
