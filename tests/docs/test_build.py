"""tools/docs.py without a browser: the labels it folds into the contract, and its pins."""

from __future__ import annotations

import os
from typing import Any

import pytest

from ._support import docs_tool

PAGE = "https://devdocs.qolopay.com/openapi/qoloreference/operation/CreateCard"


def _contract() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "paths": {
            "/cards": {
                "post": {
                    "operationId": "CreateCard",
                    "tags": ["cards"],
                    "x-qolo-source": "reference",
                    "x-qolo-page": PAGE,
                    "x-qolo-responses": {"201": "reference", "429": "choice"},
                    "description": "Issues a card.",
                    "requestBody": {
                        "content": {
                            "application/json": {
                                "example": {"x-qolo-source": "a payload, not a label"}
                            }
                        }
                    },
                    "responses": {
                        "201": {"description": "Issued."},
                        "429": {"$ref": "#/components/responses/TooMany"},
                    },
                }
            }
        },
        "webhooks": {
            "card.created": {
                "post": {"operationId": "CardCreatedWebhook", "x-qolo-source": "choice"}
            }
        },
        "components": {
            "responses": {"TooMany": {"description": "Slow down."}},
            "schemas": {
                "Card": {
                    "x-qolo-source": "guide",
                    "properties": {
                        "pin": {"x-qolo-source": "choice", "description": "Secret."},
                        "proxy": {
                            "x-qolo-source": "reference",
                            "x-qolo-page": PAGE,
                            "maxLength": 64,
                            "x-qolo-choices": {"maxLength": "Ours: the reference gives none."},
                        },
                    },
                }
            },
        },
    }


def test_operation_label_names_it_and_links_its_reference_page() -> None:
    """An operation's description starts with its operationId, source and reference page."""
    op = docs_tool().fold_labels(_contract())["paths"]["/cards"]["post"]
    first_line = op["description"].splitlines()[0]
    assert f"`CreateCard` · **Source: reference** ([reference page]({PAGE}))" == first_line
    assert op["description"].endswith("Issues a card.")


def test_schemas_properties_and_webhooks_are_labelled() -> None:
    """Every element with x-qolo-source says so, with or without a description of its own."""
    folded = docs_tool().fold_labels(_contract())
    card = folded["components"]["schemas"]["Card"]
    assert card["description"] == "**Source: guide**"
    assert card["properties"]["pin"]["description"] == "**Source: choice**\n\nSecret."
    assert card["properties"]["proxy"]["description"] == (
        f"**Source: reference** ([reference page]({PAGE})); "
        "ours: `maxLength` (Ours: the reference gives none.)"
    )
    webhook = folded["webhooks"]["card.created"]["post"]
    assert webhook["description"] == "`CardCreatedWebhook` · **Source: choice**"


def test_response_statuses_get_their_own_labelled_copy() -> None:
    """A status labelled by x-qolo-responses gets a copy; the shared response is untouched."""
    contract = _contract()
    folded = docs_tool().fold_labels(contract)
    responses = folded["paths"]["/cards"]["post"]["responses"]
    assert responses["429"]["description"] == "Slow down.\n\n**Source: choice**"
    assert (
        f"Issued.\n\n**Source: reference** ([reference page]({PAGE}))"
        == (responses["201"]["description"])
    )
    assert folded["components"]["responses"]["TooMany"]["description"] == "Slow down."
    assert contract["paths"]["/cards"]["post"]["description"] == "Issues a card."


def test_examples_are_payloads_not_elements() -> None:
    """A key named like a label inside an example is left as it is."""
    folded = docs_tool().fold_labels(_contract())
    content = folded["paths"]["/cards"]["post"]["requestBody"]["content"]["application/json"]
    assert content["example"] == {"x-qolo-source": "a payload, not a label"}


def test_every_operation_maps_to_its_generated_module() -> None:
    """Each operation of the real contract finds its qolo_api module; webhooks have none."""
    tool = docs_tool()
    import yaml

    operations = tool.operations(yaml.safe_load((tool.ROOT / "openapi.yaml").read_text()))
    assert [op.operation_id for op in operations if not op.webhook and not op.python_module] == []
    assert all(op.python_module is None for op in operations if op.webhook)
    assert "qolo_api.api.cards.create_card" in {op.python_module for op in operations}


def test_offline_bundle_refuses_a_bundle_that_changed() -> None:
    """A Redoc bundle without the one known remote address fails the build instead of passing."""
    tool = docs_tool()
    assert b"cdn.redoc" not in tool.offline_bundle(b"x" + tool.REDOC_REMOTE_LOGO + b"y")
    with pytest.raises(SystemExit, match="look for what it loads"):
        tool.offline_bundle(b"no remote logo here")


def test_quick_start_is_the_readmes_using_the_client_section() -> None:
    """The home page's quick start is the README's, up to what the client does for you."""
    readme = (
        "# x\n\n## Using the client\n\n```python\nimport qolo\n```\n\n"
        "**What it does for you**\n\n- retries\n\n## The sandbox\n"
    )
    assert docs_tool().quick_start(readme) == "## Quick start\n\n```python\nimport qolo\n```\n"
    without_list = readme.replace("**What it does for you**\n\n- retries\n\n", "")
    assert "## The sandbox" not in docs_tool().quick_start(without_list)
    with pytest.raises(SystemExit, match="no `## Using the client` section"):
        docs_tool().quick_start("# x\n")


def test_every_schema_gets_a_section_after_the_operations() -> None:
    """Each component schema becomes a Redoc section of its own, grouped after the operations."""
    document = docs_tool().schema_pages({**_contract(), "tags": [{"name": "cards"}]})
    card = next(tag for tag in document["tags"] if tag["name"] == "schema-Card")
    assert card["description"] == '<SchemaDefinition schemaRef="#/components/schemas/Card" />'
    groups = [(group["name"], group["tags"]) for group in document["x-tagGroups"]]
    assert groups == [("Operations and webhooks", ["cards"]), ("Schemas", ["schema-Card"])]


def test_a_registry_with_credentials_is_asked_with_basic_auth_and_never_shown(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """npm's registry setting (any case) may carry `user:password@`: the request sends it as
    Basic auth, as npm does, and a message shows `<credentials>` in its place."""
    tool = docs_tool()
    for name in [n for n in os.environ if n.lower() == "npm_config_registry"]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("NPM_CONFIG_REGISTRY", "https://ci-user:s3cr%40t@npm.example.test/")
    url = tool._registry() + "redoc/-/redoc.tgz"
    request = tool._request(url)
    assert request.full_url == "https://npm.example.test/redoc/-/redoc.tgz"
    assert request.get_header("Authorization") == "Basic Y2ktdXNlcjpzM2NyQHQ="  # ci-user:s3cr@t
    assert (
        tool._without_credentials(url) == "https://<credentials>@npm.example.test/redoc/-/redoc.tgz"
    )
    monkeypatch.delenv("NPM_CONFIG_REGISTRY")
    assert tool._registry() == "https://registry.npmjs.org"
