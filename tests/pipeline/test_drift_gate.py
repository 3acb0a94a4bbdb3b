"""The drift gate fails on a stale generated/ and passes on a fresh one."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.slow
INPUTS = ["openapi.yaml", "generator-config.yml", "generator-templates", "generated"]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of what the generator reads and writes, to make stale on purpose."""
    for name in INPUTS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, tmp_path / name)
    return tmp_path


def _check(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "tools" / "regenerate.py"), "--check", "--root", str(root)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_fresh_generated_passes(project: Path) -> None:
    """The committed generated/ is exactly what the inputs produce."""
    result = _check(project)
    assert result.returncode == 0, result.stderr
    assert "up to date" in result.stdout


def test_hand_edit_fails_and_says_how_to_fix(project: Path) -> None:
    """Editing a generated file by hand is caught, with the command that fixes it."""
    card = project / "generated" / "qolo_api" / "models" / "card.py"
    card.write_text(card.read_text() + "\n# a hand edit\n")
    result = _check(project)
    assert result.returncode == 1
    assert "changed: models/card.py" in result.stderr
    assert "nox -s regenerate" in result.stderr


def test_contract_change_without_regeneration_fails(project: Path) -> None:
    """A new schema in the contract that generated/ lacks is caught."""
    contract = project / "openapi.yaml"
    contract.write_text(
        contract.read_text().replace(
            "  schemas:\n",
            "  schemas:\n    Loyalty:\n      type: object\n      examples: [{points: 1}]\n"
            "      properties:\n        points:\n          type: integer\n",
            1,
        )
    )
    result = _check(project)
    assert result.returncode == 1
    assert "missing: models/loyalty.py" in result.stderr


def test_template_change_without_regeneration_fails(project: Path) -> None:
    """Templates are an input too."""
    errors = project / "generator-templates" / "errors.py.jinja"
    errors.write_text(errors.read_text().replace("Unexpected response body", "Odd response body"))
    result = _check(project)
    assert result.returncode == 1
    assert "changed: errors.py" in result.stderr


def test_new_webhook_without_regeneration_fails(project: Path) -> None:
    """The webhook event map is generated from the contract, so a new webhook makes it stale."""
    contract = project / "openapi.yaml"
    text = contract.read_text()
    assert "\nwebhooks:\n" in text
    contract.write_text(
        text.replace(
            "\nwebhooks:\n",
            "\nwebhooks:\n  card.closed:\n    post:\n      operationId: CardClosedWebhook\n"
            "      requestBody:\n        required: true\n        content:\n"
            "          application/json:\n            schema:\n"
            "              $ref: '#/components/schemas/WebhookEvent'\n"
            "      responses:\n        '200':\n          description: ok\n",
            1,
        )
    )
    result = _check(project)
    assert result.returncode == 1, result.stderr
    assert "changed: webhook_events.py" in result.stderr
    assert '"card.closed": WebhookEvent' in result.stderr


def test_leftover_file_fails(project: Path) -> None:
    """A module the contract no longer produces must not linger in generated/."""
    (project / "generated" / "qolo_api" / "models" / "obsolete.py").write_text("x = 1\n")
    result = _check(project)
    assert result.returncode == 1
    assert "not generated any more: models/obsolete.py" in result.stderr


def test_missing_generated_package_fails(project: Path) -> None:
    """No generated/qolo_api at all is the stalest of all, not a pass."""
    shutil.rmtree(project / "generated" / "qolo_api")
    result = _check(project)
    assert result.returncode == 1
    assert "missing: __init__.py" in result.stderr


def test_a_file_that_is_not_python_is_checked_too(project: Path) -> None:
    """Every generated file counts: the PEP 561 marker is part of the package."""
    (project / "generated" / "qolo_api" / "py.typed").unlink()
    result = _check(project)
    assert result.returncode == 1
    assert "missing: py.typed" in result.stderr
