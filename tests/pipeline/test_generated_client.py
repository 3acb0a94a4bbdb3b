"""The generated client parses what the contract promises, and tolerates what it may add."""

from __future__ import annotations

import copy
import datetime
import importlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

import qolo_api
from qolo_api import AuthenticatedClient, models
from qolo_api.api.cards import create_card, get_card
from qolo_api.models import Card, CardStatus, Notification

from .conftest import ROOT

DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}")


def _normalise(value: Any) -> Any:
    """Compare date-times by instant: the client re-renders `Z` as `+00:00`."""
    if isinstance(value, dict):
        return {key: _normalise(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_normalise(item) for item in value]
    if isinstance(value, str) and DATE_TIME.match(value):
        parsed = datetime.datetime.fromisoformat(value)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=datetime.UTC)
    return value


def _schema_examples(contract: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    for name, schema in contract["components"]["schemas"].items():
        for example in schema.get("examples", []):
            yield name, example


def test_every_schema_has_an_example(contract: dict[str, Any]) -> None:
    """Each component schema carries an example, so the round trip below covers all of them."""
    missing = [
        name
        for name, schema in contract["components"]["schemas"].items()
        if not schema.get("examples") and "enum" not in schema
    ]
    assert missing == []


def test_every_schema_example_round_trips(contract: dict[str, Any]) -> None:
    """from_dict(example).to_dict() gives the example back, for every schema in the contract."""
    checked = 0
    for name, example in _schema_examples(contract):
        model = getattr(models, name)
        parsed = model.from_dict(copy.deepcopy(example))
        assert _normalise(parsed.to_dict()) == _normalise(example), name
        checked += 1
    for name, schema in contract["components"]["schemas"].items():
        for value in schema.get("enum", []):
            assert getattr(models, name)(value).value == value
            checked += 1
    assert checked >= len(contract["components"]["schemas"])


def _card(contract: dict[str, Any]) -> dict[str, Any]:
    examples = contract["components"]["schemas"]["Card"]["examples"]
    return dict(copy.deepcopy(examples[0]))


def test_response_with_an_extra_field_parses_and_keeps_it(contract: dict[str, Any]) -> None:
    """A field the platform adds later (no version bump) is kept, not rejected or lost."""
    body = _card(contract) | {"loyalty_tier": {"name": "gold", "since": "2027-01-01"}}
    card = Card.from_dict(body)
    assert card.additional_properties["loyalty_tier"] == {"name": "gold", "since": "2027-01-01"}
    assert card.to_dict()["loyalty_tier"] == body["loyalty_tier"]


def test_unknown_nested_fields_are_kept(contract: dict[str, Any]) -> None:
    """A field the platform adds inside a nested object survives parsing and `to_dict()`."""
    body = _card(contract)
    body["card_tracking_detail"] = {**body["card_tracking_detail"], "carrier_eta": "2027-01-02"}
    body["status_change_nonmon_detail"] = {"nonmon_guid": "3df16cd2", "reason": {"code": "LOST"}}
    round_tripped = Card.from_dict(copy.deepcopy(body)).to_dict()
    assert round_tripped["card_tracking_detail"]["carrier_eta"] == "2027-01-02"
    assert round_tripped["status_change_nonmon_detail"] == body["status_change_nonmon_detail"]


def test_unknown_enum_value_parses_and_round_trips(contract: dict[str, Any]) -> None:
    """A card status this client does not know yet is kept as is."""
    card = Card.from_dict(_card(contract) | {"card_status": "VELVET_LOCKED"})
    assert card.card_status == "VELVET_LOCKED"
    assert card.card_status.value == "VELVET_LOCKED"
    assert card.card_status != CardStatus.ACTIVE
    assert card.to_dict()["card_status"] == "VELVET_LOCKED"
    assert CardStatus("ACTIVE") is CardStatus.ACTIVE


def test_unknown_enum_value_inside_a_list_parses(contract: dict[str, Any]) -> None:
    """Unknown event types in a subscription (lists of enums) parse too."""
    body = copy.deepcopy(contract["components"]["schemas"]["Notification"]["examples"][0])
    body["event_type"] = ["card.created", "wallet.frozen"]
    notification = Notification.from_dict(body)
    assert isinstance(notification.event_type, list)
    assert [e.value for e in notification.event_type] == ["card.created", "wallet.frozen"]


def _client(handler: httpx.MockTransport) -> AuthenticatedClient:
    return AuthenticatedClient(
        base_url="https://api.invalid", token="t", httpx_args={"transport": handler}
    )


@pytest.mark.parametrize(
    ("status", "body"),
    [(520, b"<html>origin error</html>"), (599, b""), (502, b"Bad gateway")],
)
def test_status_outside_httpstatus_or_non_problem_body_does_not_crash(
    status: int, body: bytes
) -> None:
    """A gateway's 520 page or a bare 502 gives a response, not a ValueError or KeyError."""
    transport = httpx.MockTransport(lambda request: httpx.Response(status, content=body))
    response = get_card.sync_detailed("cproxy0000000000001", client=_client(transport))
    assert response.status_code == status
    assert response.parsed is None
    assert response.content == body


def test_documented_error_still_parses_as_problem(contract: dict[str, Any]) -> None:
    """The tolerance above does not hide real problem documents."""
    problem = contract["components"]["schemas"]["Problem"]["examples"][0]
    transport = httpx.MockTransport(lambda request: httpx.Response(404, json=problem))
    response = get_card.sync_detailed("cproxy0000000000042", client=_client(transport))
    assert isinstance(response.parsed, models.Problem)
    assert response.parsed.code == "card_not_found"


def test_broken_success_body_still_raises() -> None:
    """Tolerance is for error bodies only: a 200 that breaks the contract raises, typed."""
    # `card_proxy` is the one field a card always has.
    body = {"mask_card_pan": "x"}
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json=body))
    with pytest.raises(qolo_api.errors.UnexpectedResponseBody) as excinfo:
        get_card.sync_detailed("cproxy0000000000001", client=_client(transport))
    error = excinfo.value
    assert error.status_code == 200
    assert error.content == b'{"mask_card_pan":"x"}'
    assert isinstance(error.__cause__, KeyError)
    assert '"x"' not in str(error)


def test_the_client_chooses_the_broken_body_exception() -> None:
    """`_response_body_error` is the hook a wrapping client overrides to raise its own type."""

    class Broken(Exception):
        pass

    class WrappingClient(AuthenticatedClient):
        def _response_body_error(self, response: httpx.Response, cause: Exception) -> Exception:
            return Broken(response.status_code)

    transport = httpx.MockTransport(lambda request: httpx.Response(200, text="<html>"))
    client = WrappingClient(
        base_url="http://qolo.test", token="t", httpx_args={"transport": transport}
    )
    with pytest.raises(Broken) as excinfo:
        get_card.sync_detailed("cproxy0000000000001", client=client)
    assert excinfo.value.args == (200,)
    assert isinstance(excinfo.value.__cause__, ValueError)


def _secret_properties(contract: dict[str, Any]) -> Iterator[tuple[str, str, Any]]:
    for name, schema in contract["components"]["schemas"].items():
        for prop, spec in schema.get("properties", {}).items():
            if spec.get("format") == "password" or spec.get("writeOnly"):
                example = schema["examples"][0]
                yield name, prop, example


def test_secret_fields_are_redacted_in_reprs(contract: dict[str, Any]) -> None:
    """Every password / writeOnly property of the contract shows as <redacted> in reprs."""
    found = 0
    for name, prop, example in _secret_properties(contract):
        secret = f"s3cret-{name}-{prop}"
        instance = getattr(models, name).from_dict({**copy.deepcopy(example), prop: secret})
        assert secret not in repr(instance), f"{name}.{prop} leaks in repr"
        assert f"{prop}=<redacted>" in repr(instance)
        found += 1
    # apikey, access_token, both PINs, both subscription secrets, the PANs, CVVs and the SSN
    assert found >= 11


def test_additional_properties_keep_secrets_out_of_reprs(contract: dict[str, Any]) -> None:
    """A model's additional properties mask every secret-named value, at any depth, in the
    model's repr and `to_dict()`'s, and still hold them for code that asks."""
    pan, cvv, pin = "5340920000007644", "917", "4821"
    found = 0
    for name, example in _schema_examples(contract):
        schema = contract["components"]["schemas"][name]
        if schema.get("additionalProperties") is False or "properties" not in schema:
            continue
        # a secret name the model does not type, at the top and deep in a list
        top = next(key for key in ("pin", "secret") if key not in schema["properties"])
        extra = {"legacy": {"cards": [{"card_number": pan, "cvx2": cvv}]}, top: pin}
        instance = getattr(models, name).from_dict({**copy.deepcopy(example), **extra})
        for text in (repr(instance), str(instance), repr(instance.to_dict())):
            for secret in (pan, f"'{cvv}'", f"'{pin}'"):
                assert secret not in text, f"{name} leaks {secret}"
        assert instance["legacy"]["cards"][0]["card_number"] == pan
        assert instance.to_dict()[top] == pin
        found += 1
    assert found >= 20


def test_requests_carry_operation_and_idempotency_metadata(contract: dict[str, Any]) -> None:
    """Exactly the operations that declare IdempotencyKey tell the overlay its header name."""
    declared = {
        operation["operationId"]
        for path in contract["paths"].values()
        for operation in path.values()
        if isinstance(operation, dict)
        and any(
            p.get("$ref", "").endswith("/IdempotencyKey") for p in operation.get("parameters", [])
        )
    }
    assert declared == {"CreateCard", "ReplaceCard", "CreateNotification"}
    for module_path in (ROOT / "generated" / "qolo_api" / "api").rglob("*.py"):
        if module_path.name == "__init__.py":
            continue
        module = importlib.import_module(
            f"qolo_api.api.{module_path.parent.name}.{module_path.stem}"
        )
        source = module_path.read_text()
        operation_id = re.search(r'"openapi_operation": "(\w+)"', source)
        assert operation_id, module_path
        has_header = '"openapi_idempotency_header": "IdempotencyKey"' in source
        creating = {_snake(name) for name in declared}
        assert has_header == (module.__name__.rsplit(".", 1)[1] in creating), module_path


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z][a-z])", "_", name).lower()


def test_extensions_reach_the_wire(contract: dict[str, Any]) -> None:
    """The metadata is on the httpx request the transport sees."""
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(500, json={})

    body = models.CreateCardRequest.from_dict(
        contract["components"]["schemas"]["CreateCardRequest"]["examples"][0]
    )
    create_card.sync_detailed(client=_client(httpx.MockTransport(handler)), body=body)
    assert seen[0].extensions["openapi_operation"] == "create_card"
    assert seen[0].extensions["openapi_idempotency_header"] == "IdempotencyKey"
    assert json.loads(seen[0].content)["program_guid"] == body.program_guid.__str__()


def test_every_generated_file_has_the_banner() -> None:
    """Nobody can mistake generated code for hand-written code."""
    files = list((ROOT / "generated" / "qolo_api").rglob("*.py"))
    assert len(files) > 40
    for path in files:
        first = path.read_text().splitlines()[0]
        assert first.startswith("# Generated from openapi.yaml"), path
        assert "do not edit" in first, path


def test_generated_never_imports_the_overlay() -> None:
    """The dependency points one way: qolo imports qolo_api, never the reverse."""
    offenders = [
        path
        for path in (ROOT / "generated").rglob("*.py")
        if re.search(r"^\s*(from|import)\s+qolo(\.|\s|$)", path.read_text(), re.M)
    ]
    assert offenders == []


def test_contract_version_is_info_version(contract: dict[str, Any]) -> None:
    """qolo_api.__contract_version__ records the info.version it was generated from."""
    assert contract["info"]["version"] == qolo_api.__contract_version__


def test_package_is_typed() -> None:
    """The PEP 561 marker ships, so partners' type checkers see the models."""
    assert (Path(qolo_api.__file__).parent / "py.typed").exists()
