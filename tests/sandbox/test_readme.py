"""sandbox/README.md, the partners' manual, against the code it describes.

Everything is listed from the code: the controls and their body fields from `CONTROLS`, the
fault kinds from `FAULT_KINDS`, the options from the command's parser. A control, fault kind
or option added without its line in the README fails here, and so does a control or variable
the README names that the code does not have.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from qolo_sandbox import _controls

from ._support import cli_options, environment_name

SANDBOX = Path(__file__).resolve().parents[2] / "sandbox"
README = SANDBOX / "README.md"
# A control's path is a regular expression; the README writes each of its named groups as a
# placeholder such as `{notification_guid}`.
_GROUP = re.compile(r"\(\?P<\w+>[^()]*\)")
_PLACEHOLDER = re.compile(r"\{\w+\}")
_CONTROL_WRITTEN = re.compile(r"`(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS) (/_sandbox/[^`\s]*)`")
_VARIABLE = re.compile(r"QOLO_SANDBOX_[A-Z][A-Z0-9_]*")


def _readme() -> str:
    return README.read_text("utf-8")


def _as_written(control: _controls.Control) -> re.Pattern[str]:
    """`METHOD /path` in backticks, as the README writes `control`."""
    literals = _GROUP.split(control.path.pattern)
    # Plain text between the groups: anything else would need this test taught to write it.
    assert all(re.escape(text) == text for text in literals), control.path.pattern
    path = r"\{\w+\}".join(literals)
    return re.compile(f"`{control.method} {path}`")


@pytest.mark.parametrize(
    "control", _controls.CONTROLS, ids=lambda c: f"{c.method} {c.path.pattern}"
)
def test_every_control_is_in_the_readme(control: _controls.Control) -> None:
    assert _as_written(control).search(_readme()), (
        f"sandbox/README.md does not describe {control.method} {control.path.pattern}"
    )


def test_the_readme_names_no_control_that_does_not_exist() -> None:
    written = _CONTROL_WRITTEN.findall(_readme())
    assert written
    for method, path in written:
        sample = _PLACEHOLDER.sub("6f1c2a9e-3b7d-4e5f-8a9b-0c1d2e3f4a5b", path)
        assert any(c.method == method and c.path.fullmatch(sample) for c in _controls.CONTROLS), (
            f"sandbox/README.md names `{method} {path}`, which is no control"
        )


@pytest.mark.parametrize("kind", _controls.FAULT_KINDS)
def test_every_fault_kind_is_in_the_readme(kind: str) -> None:
    assert f"`{kind}`" in _readme()


@pytest.mark.parametrize(
    "field",
    sorted({name for c in _controls.CONTROLS for name in c.body.schema.get("properties", {})}),
)
def test_every_field_of_a_control_body_is_in_the_readme(field: str) -> None:
    assert f"`{field}`" in _readme()


@pytest.mark.parametrize("option", sorted(cli_options()))
def test_every_option_is_in_the_readme_with_its_variable(option: str) -> None:
    """On one line (the options table's row): the option and its QOLO_SANDBOX_ variable."""
    named = re.compile(f"`{re.escape(option)}[` ]")
    variable = f"`{environment_name(option)}`"
    rows = [line for line in _readme().splitlines() if named.search(line)]
    assert any(variable in row for row in rows), (
        f"sandbox/README.md has no line with `{option}` and {variable}"
    )


def test_the_readme_names_no_variable_the_command_does_not_read() -> None:
    twins = {environment_name(option) for option in cli_options()}
    assert set(_VARIABLE.findall(_readme())) <= twins


def test_the_package_readme_is_this_file() -> None:
    """PyPI shows the `readme` of sandbox/pyproject.toml; hatchling puts it in the sdist."""
    with (SANDBOX / "pyproject.toml").open("rb") as handle:
        assert tomllib.load(handle)["project"]["readme"] == "README.md"
