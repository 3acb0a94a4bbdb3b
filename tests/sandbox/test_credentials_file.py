"""The `--credentials` file: every mistake stops the start, in one line naming the entry and the
field; none is read as something else (a string "false" as true, a misspelt `readonly` as
absent, a second entry for a login id in place of the first)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from qolo_sandbox import _cli
from qolo_sandbox._contract import load_contract
from qolo_sandbox.testing import PROGRAM_A, PROGRAM_B

# Distinctive values: no message may repeat them (a key is a secret, and so may a typo be).
APIKEY = "sk_secret_" + "7" * 24
GOOD: dict[str, Any] = {"loginid": "partner-a", "apikey": APIKEY, "program_guid": PROGRAM_A}


def _write(tmp_path: Path, entries: Any) -> Path:
    path = tmp_path / "credentials.json"
    path.write_text(entries if isinstance(entries, str) else json.dumps(entries), "utf-8")
    return path


def _refusal(path: Path) -> str:
    with pytest.raises(SystemExit) as exited:
        _cli._load_credentials(str(path))
    message = exited.value.code
    assert isinstance(message, str)  # a message, which `SystemExit` prints, and exit status 1
    return message


# Each a list of entries and the entry (counted from 1) and field its message must name.
_BAD_ENTRIES: dict[str, tuple[list[Any], int, str]] = {
    "read_only a string": ([{**GOOD, "read_only": "false"}], 1, '"read_only" is a string'),
    "read_only a number": ([{**GOOD, "read_only": 0}], 1, '"read_only" is a number'),
    "read_only null": ([{**GOOD, "read_only": None}], 1, '"read_only" is null'),
    "a misspelt read_only": ([{**GOOD, "readonly": True}], 1, 'unknown field "readonly"'),
    "an unknown field": ([GOOD, {**GOOD, "loginid": "b", "scope": "x"}], 2, '"scope"'),
    "a login id twice": (
        [GOOD, {**GOOD, "program_guid": PROGRAM_B}],
        2,
        'field "loginid" repeats entry 1\'s',
    ),
    "no loginid": ([{"apikey": APIKEY, "program_guid": PROGRAM_A}], 1, '"loginid" is missing'),
    "no apikey": ([{"loginid": "a", "program_guid": PROGRAM_A}], 1, '"apikey" is missing'),
    "no program_guid": ([{"loginid": "a", "apikey": APIKEY}], 1, '"program_guid" is missing'),
    "an empty loginid": ([{**GOOD, "loginid": ""}], 1, '"loginid" is empty'),
    "an empty apikey": ([{**GOOD, "apikey": ""}], 1, '"apikey" is empty'),
    "a long loginid": ([{**GOOD, "loginid": "p" * 200}], 1, '"loginid" is 200 characters'),
    "a long apikey": ([{**GOOD, "apikey": "k" * 257}], 1, '"apikey" is 257 characters'),
    "a number for a loginid": ([{**GOOD, "loginid": 42}], 1, '"loginid" is a number'),
    "a list for an apikey": ([{**GOOD, "apikey": [APIKEY]}], 1, '"apikey" is a list'),
    "no UUID": ([{**GOOD, "program_guid": "program-a"}], 1, '"program_guid" is not a UUID'),
    "a short UUID": ([{**GOOD, "program_guid": PROGRAM_A[:-1]}], 1, '"program_guid" is not'),
    "a number for a UUID": ([{**GOOD, "program_guid": 7}], 1, '"program_guid" is a number'),
    "an entry that is no object": ([GOOD, [APIKEY]], 2, "is a list, not an object"),
}


@pytest.mark.parametrize(
    ("entries", "number", "problem"), _BAD_ENTRIES.values(), ids=_BAD_ENTRIES.keys()
)
def test_a_bad_entry_is_refused_naming_the_entry_and_field(
    tmp_path: Path, entries: list[Any], number: int, problem: str
) -> None:
    path = _write(tmp_path, entries)
    message = _refusal(path)
    assert message.startswith(f"qolo-sandbox: --credentials {path}, entry {number} of "), message
    assert problem in message, message
    assert "\n" not in message
    for value in (APIKEY, "p" * 100, "program-a"):
        assert value not in message


def test_a_field_given_twice_in_one_entry_is_refused(tmp_path: Path) -> None:
    """`json` keeps the last of two: `"read_only": true, "read_only": false` is read-write."""
    twice = json.dumps({**GOOD, "read_only": True}).removesuffix("}") + ', "read_only": false}'
    path = _write(tmp_path, f"[{twice}]")
    assert 'entry 1 of 1: field "read_only" is given twice' in _refusal(path)


def test_a_lone_surrogate_is_refused(tmp_path: Path) -> None:
    """JSON's `\\ud800` decodes to no Unicode text: the database could not store it."""
    path = _write(tmp_path, json.dumps([{**GOOD, "loginid": "a\ud800"}]))  # "a\\ud800"
    assert 'entry 1 of 1: field "loginid" is not Unicode text' in _refusal(path)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("[]", "is an empty list"),
        (json.dumps(GOOD), "is an object, not a JSON list of credentials"),
        ("[{", "is not JSON"),
        ("[" * 100_000, "is not JSON"),
    ],
    ids=["empty", "an object", "broken", "too deep"],
)
def test_a_file_that_is_no_list_of_credentials_is_refused(
    tmp_path: Path, content: str, problem: str
) -> None:
    path = _write(tmp_path, content)
    message = _refusal(path)
    assert message.startswith(f"qolo-sandbox: --credentials {path} {problem}"), message


def test_the_login_limits_are_the_contracts() -> None:
    """The lengths a login accepts come from LoginRequest, so the file can never drift."""
    fields = load_contract().pointer("#/components/schemas/LoginRequest")["properties"]
    assert _cli._login_limits() == {
        name: (fields[name]["minLength"], fields[name]["maxLength"])
        for name in ("loginid", "apikey")
    }


def test_a_good_file_is_read_as_written(tmp_path: Path) -> None:
    """The limits themselves pass, read_only is optional, a UUID in capitals is made canonical."""
    limits = _cli._login_limits()
    entries = [
        {"loginid": "l" * limits["loginid"][1], "apikey": "k" * limits["apikey"][1],
         "program_guid": PROGRAM_A.upper()},
        {"loginid": "ops team", "apikey": APIKEY, "program_guid": PROGRAM_B, "read_only": True},
        {"loginid": "b", "apikey": APIKEY, "program_guid": PROGRAM_B, "read_only": False},
    ]  # fmt: skip
    loaded = _cli._load_credentials(str(_write(tmp_path, entries)))
    assert [(c.loginid, c.apikey, c.program_guid, c.read_only) for c in loaded] == [
        ("l" * limits["loginid"][1], "k" * limits["apikey"][1], PROGRAM_A, False),
        ("ops team", APIKEY, PROGRAM_B, True),
        ("b", APIKEY, PROGRAM_B, False),
    ]


def test_the_command_stops_in_one_line_on_standard_error(tmp_path: Path) -> None:
    """As every start-up mistake: status 1, one line, no traceback, nothing on stdout."""
    path = _write(tmp_path, [GOOD, {**GOOD, "loginid": "b", "read_only": "false"}])
    done = subprocess.run(
        [sys.executable, "-m", "qolo_sandbox", "--port", "0", "--credentials", str(path)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 1, done.stderr
    assert done.stdout == ""
    assert done.stderr == (
        f"qolo-sandbox: --credentials {path}, entry 2 of 2: "
        'field "read_only" is a string: use true or false (or leave it out)\n'
    )


def test_the_readme_states_the_contracts_limits() -> None:
    """sandbox/README.md gives the lengths in words; they must be the contract's."""
    readme = " ".join((Path(__file__).parents[2] / "sandbox" / "README.md").read_text().split())
    (id_low, id_high), (key_low, key_high) = _cli._login_limits().values()
    assert f"a login id of {id_low} to {id_high} characters" in readme
    assert f"a key of {key_low} to {key_high})" in readme
