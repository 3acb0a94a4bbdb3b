"""What tools/regenerate.py adds after the generator: the banner and the webhook event map."""

from __future__ import annotations

import copy
import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from qolo_api import models
from qolo_api.webhook_events import EVENT_MODELS

from .conftest import ROOT

PACKAGE = ROOT / "generated" / "qolo_api"


def _load_regenerate() -> ModuleType:
    spec = importlib.util.spec_from_file_location("regenerate", ROOT / "tools" / "regenerate.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("regenerate", module)
    spec.loader.exec_module(module)
    return module


regenerate = _load_regenerate()


def _webhook_schema(contract: dict[str, Any], event_type: str) -> str:
    body = contract["webhooks"][event_type]["post"]["requestBody"]["content"]["application/json"]
    name: str = body["schema"]["$ref"].removeprefix("#/components/schemas/")
    return name


def test_event_map_covers_every_webhook_of_the_contract(contract: dict[str, Any]) -> None:
    """Every event type under `webhooks:` has its model, and the map invents none."""
    assert len(contract["webhooks"]) >= 7
    assert sorted(contract["webhooks"]) == sorted(EVENT_MODELS)


def test_event_map_gives_each_event_the_model_of_its_webhook_body(
    contract: dict[str, Any],
) -> None:
    """The model is the one the webhook's request body names, and parses its example."""
    for event_type, model in EVENT_MODELS.items():
        name = _webhook_schema(contract, event_type)
        assert getattr(models, name) is model, event_type
        example = copy.deepcopy(contract["components"]["schemas"][name]["examples"][0])
        example["event_type"] = event_type
        assert model.from_dict(example).event_type == event_type


def test_event_map_fails_generation_for_a_webhook_without_a_model(
    contract: dict[str, Any],
) -> None:
    """A webhook whose body is no generated model stops the generation, it is not skipped."""
    broken = copy.deepcopy(contract)
    body = broken["webhooks"]["card.created"]["post"]["requestBody"]["content"]
    body["application/json"]["schema"] = {"$ref": "#/components/schemas/Nowhere"}
    with pytest.raises(SystemExit, match=r"webhook 'card\.created'"):
        regenerate.event_models(broken, PACKAGE)


def test_event_map_fails_generation_when_the_const_disagrees(contract: dict[str, Any]) -> None:
    """A webhook named `card.created` whose payload says another event type is a contract bug."""
    broken = copy.deepcopy(contract)
    broken["webhooks"]["card.lost"] = broken["webhooks"]["card.created"]
    with pytest.raises(SystemExit, match=r"webhook 'card\.lost'"):
        regenerate.event_models(broken, PACKAGE)


def test_event_map_follows_a_new_webhook(contract: dict[str, Any]) -> None:
    """A webhook added to the contract appears in the map without any other change."""
    grown = copy.deepcopy(contract)
    grown["webhooks"]["card.closed"] = grown["webhooks"]["ping"]
    mapping = regenerate.event_models(grown, PACKAGE)
    assert mapping["card.closed"] == "WebhookEvent"
    assert set(mapping) == set(contract["webhooks"]) | {"card.closed"}


def test_banner_is_added_to_every_module(tmp_path: Path) -> None:
    """The banner comes from tools/regenerate.py, on top of whatever the generator wrote."""
    (tmp_path / "api").mkdir()
    (tmp_path / "api" / "__init__.py").write_text('"""Docstring."""\n')
    (tmp_path / "py.typed").write_text("")
    regenerate.add_banner(tmp_path)
    assert (
        tmp_path / "api" / "__init__.py"
    ).read_text() == regenerate.BANNER + '"""Docstring."""\n'
    assert (tmp_path / "py.typed").read_text() == ""


def test_no_template_carries_the_banner() -> None:
    """The banner is added in one place; templates forked only for it are gone."""
    templates = ROOT / "generator-templates"
    assert not (templates / "_banner.jinja").exists()
    for name in ("api_init", "endpoint_init", "models_init", "literal_enum"):
        assert not (templates / f"{name}.py.jinja").exists(), name
    for template in templates.rglob("*.jinja"):
        assert "do not edit" not in template.read_text(), template


def test_every_remaining_fork_is_explained_in_the_readme() -> None:
    """generator-templates/README.md lists each forked template and why it is forked."""
    readme = (ROOT / "generator-templates" / "README.md").read_text()
    forks = [
        str(path.relative_to(ROOT / "generator-templates"))
        for path in (ROOT / "generator-templates").rglob("*.jinja")
        if not path.name.startswith("_")
    ]
    assert forks
    for fork in forks:
        assert f"`{fork}`" in readme or f"`{Path(fork).name}`" in readme, fork
