"""The platform's date-times: offset-less ones are UTC, and 0001-01-01T00:00:00 is NEVER."""

from __future__ import annotations

import copy
import datetime
import importlib
import pickle
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

import qolo
from qolo_api.models import Card
from qolo_api.types import NEVER, parse_datetime

from .conftest import ROOT

UTC = datetime.UTC
PLUS_TWO = datetime.timezone(datetime.timedelta(hours=2))
MIN_VALUE = "0001-01-01T00:00:00"


def _date_time_fields(contract: dict[str, Any]) -> list[str]:
    properties = contract["components"]["schemas"]["Card"]["properties"]
    fields = sorted(
        name for name, schema in properties.items() if schema.get("format") == "date-time"
    )
    assert fields, "the contract's Card has no date-time property left to test"
    return fields


def _card(contract: dict[str, Any], value: str) -> Card:
    """The contract's Card example with every date-time field set to `value`."""
    body = copy.deepcopy(contract["components"]["schemas"]["Card"]["examples"][0])
    return Card.from_dict(body | dict.fromkeys(_date_time_fields(contract), value))


def _date_times(contract: dict[str, Any], value: str) -> list[Any]:
    card = _card(contract, value)
    return [getattr(card, name) for name in _date_time_fields(contract)]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-05-01T10:11:12", datetime.datetime(2023, 5, 1, 10, 11, 12, tzinfo=UTC)),
        ("2023-05-01T10:11:12.123", datetime.datetime(2023, 5, 1, 10, 11, 12, 123000, tzinfo=UTC)),
        # .NET's DateTime "o" format: seven fractional digits (Python keeps six).
        (
            "2023-05-01T10:11:12.1234567",
            datetime.datetime(2023, 5, 1, 10, 11, 12, 123456, tzinfo=UTC),
        ),
    ],
)
def test_offset_less_time_parses_as_aware_utc(
    contract: dict[str, Any], value: str, expected: datetime.datetime
) -> None:
    """A date-time without an offset is the platform's UTC, never a naive datetime."""
    for parsed in _date_times(contract, value):
        assert expected == parsed
        assert datetime.timedelta(0) == parsed.utcoffset()


@pytest.mark.parametrize("value", [MIN_VALUE, "0001-01-01T00:00:00Z", "0001-01-01T00:00:00+00:00"])
def test_min_value_parses_to_never(contract: dict[str, Any], value: str) -> None:
    """DateTime.MinValue is NEVER: falsy, == NEVER, and serialised as the platform spells it."""
    card = _card(contract, value)
    for name in _date_time_fields(contract):
        parsed = getattr(card, name)
        assert NEVER is parsed
        assert False is bool(parsed)
        assert parsed == qolo.NEVER
        assert repr(parsed) == "NEVER"
        assert card.to_dict()[name] == MIN_VALUE


def test_never_is_the_year_one_utc_instant() -> None:
    """NEVER compares, hashes and sorts as 0001-01-01T00:00:00Z, and qolo re-exports it."""
    year_one = datetime.datetime(1, 1, 1, tzinfo=UTC)
    assert year_one == NEVER
    assert hash(year_one) == hash(NEVER)
    assert NEVER is qolo.NEVER
    assert NEVER.isoformat() == MIN_VALUE
    assert str(NEVER) == "0001-01-01 00:00:00"


def test_values_derived_from_never_are_plain_datetimes() -> None:
    """Arithmetic and replace() on NEVER give real, truthy instants, not more NEVERs."""
    for derived in [NEVER + datetime.timedelta(days=1), NEVER.replace(year=2023)]:
        assert datetime.datetime is type(derived)
        assert True is bool(derived)
    assert datetime.datetime(2023, 1, 1, tzinfo=UTC) == NEVER.replace(year=2023)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-05-01T10:11:12Z", datetime.datetime(2023, 5, 1, 10, 11, 12, tzinfo=UTC)),
        ("2023-05-01T10:11:12+02:00", datetime.datetime(2023, 5, 1, 8, 11, 12, tzinfo=UTC)),
        (
            "2023-05-01T10:11:12.5-05:30",
            datetime.datetime(2023, 5, 1, 15, 41, 12, 500000, tzinfo=UTC),
        ),
    ],
)
def test_time_with_an_offset_keeps_its_instant(
    contract: dict[str, Any], value: str, expected: datetime.datetime
) -> None:
    """A date-time that carries an offset is the same instant, offset kept, not forced to UTC."""
    for parsed in _date_times(contract, value):
        assert expected == parsed
        assert datetime.datetime.fromisoformat(value).utcoffset() == parsed.utcoffset()


def test_comparisons_between_parsed_values_never_raise(contract: dict[str, Any]) -> None:
    """Offset-less, Z, +02:00 and NEVER values all compare and sort (no naive/aware TypeError)."""
    texts = ["2023-05-01T10:11:12", "2023-05-01T10:11:13Z", "2023-05-01T10:11:11+02:00", MIN_VALUE]
    cards = [_card(contract, text) for text in texts]
    expected = [
        NEVER,
        datetime.datetime(2023, 5, 1, 8, 11, 11, tzinfo=UTC),
        datetime.datetime(2023, 5, 1, 10, 11, 12, tzinfo=UTC),
        datetime.datetime(2023, 5, 1, 10, 11, 13, tzinfo=UTC),
    ]
    for name in _date_time_fields(contract):
        parsed = [getattr(card, name) for card in cards]
        assert expected == sorted(parsed)
        assert True is (NEVER < parsed[0] < parsed[1])
        assert False is (parsed[2] < NEVER)


@pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
def test_never_survives_pickle(contract: dict[str, Any], protocol: int) -> None:
    """A pickled NEVER, alone or inside a parsed card, unpickles as NEVER itself."""
    card = _card(contract, MIN_VALUE)
    restored = pickle.loads(pickle.dumps(card, protocol=protocol))  # noqa: S301 -- our own bytes
    assert NEVER is pickle.loads(pickle.dumps(NEVER, protocol=protocol))  # noqa: S301
    for name in _date_time_fields(contract):
        assert NEVER is getattr(restored, name)


def test_never_survives_copy_and_deepcopy(contract: dict[str, Any]) -> None:
    """copy and deepcopy of NEVER, or of a card holding it, give NEVER itself."""
    card = copy.deepcopy(_card(contract, MIN_VALUE))
    assert NEVER is copy.copy(NEVER)
    assert NEVER is copy.deepcopy(NEVER)
    for name in _date_time_fields(contract):
        assert NEVER is getattr(card, name)


def test_parse_datetime_is_exported_from_the_generated_types() -> None:
    """parse_datetime and NEVER are public names of qolo_api.types."""
    types = importlib.import_module("qolo_api.types")
    assert {"NEVER", "parse_datetime"} <= set(types.__all__)
    assert NEVER is parse_datetime(MIN_VALUE)


# A contract with a date-time in every shape the generator constructs one: required, optional,
# nullable (`type: [string, 'null']`), inside anyOf, as array items, and as a bare response body.
PROBE_CONTRACT: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "date-time probe", "version": "0.0.1"},
    "paths": {
        "/stamp": {
            "get": {
                "operationId": "getStamp",
                "responses": {
                    "200": {
                        "description": "A bare date-time.",
                        "content": {
                            "application/json": {
                                "schema": {"type": "string", "format": "date-time"}
                            }
                        },
                    }
                },
            }
        }
    },
    "components": {
        "schemas": {
            "Stamps": {
                "type": "object",
                "required": ["plain", "nullable"],
                "properties": {
                    "plain": {"type": "string", "format": "date-time"},
                    "optional": {"type": "string", "format": "date-time"},
                    "nullable": {"type": ["string", "null"], "format": "date-time"},
                    "either": {
                        "anyOf": [{"type": "string", "format": "date-time"}, {"type": "integer"}]
                    },
                    "many": {"type": "array", "items": {"type": "string", "format": "date-time"}},
                },
            }
        }
    },
}
PROBE_PACKAGE = "datetime_probe_api"


@pytest.fixture
def probe(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    """The package our templates generate from PROBE_CONTRACT, importable under its own name."""
    root = tmp_path / "project"
    root.mkdir()
    (root / "openapi.yaml").write_text(yaml.safe_dump(PROBE_CONTRACT, sort_keys=False))
    shutil.copy2(ROOT / "generator-config.yml", root / "generator-config.yml")
    shutil.copytree(ROOT / "generator-templates", root / "generator-templates")
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "regenerate.py"), "--root", str(root)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    shutil.copytree(root / "generated" / "qolo_api", tmp_path / "site" / PROBE_PACKAGE)
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    yield importlib.import_module(PROBE_PACKAGE)
    for name in [name for name in sys.modules if name.split(".")[0] == PROBE_PACKAGE]:
        del sys.modules[name]


@pytest.mark.slow
def test_every_generated_date_time_uses_parse_datetime(probe: ModuleType) -> None:
    """Required, optional, nullable, anyOf, array and response-body date-times all use it."""
    assert probe.__file__ is not None
    package = Path(probe.__file__).parent
    sources = {str(path.relative_to(package)): path.read_text() for path in package.rglob("*.py")}
    parsers = [name for name, text in sources.items() if "datetime.datetime.fromisoformat(" in text]
    assert parsers == ["types.py"]  # parse_datetime itself
    assert sources["models/stamps.py"].count("parse_datetime(") == 5
    assert sources["api/default/get_stamp.py"].count("parse_datetime(response.json())") == 1

    models = importlib.import_module(f"{PROBE_PACKAGE}.models")
    never = importlib.import_module(f"{PROBE_PACKAGE}.types").NEVER
    stamps = models.Stamps.from_dict(
        {
            "plain": "2023-05-01T10:11:12",
            "optional": MIN_VALUE,
            "nullable": MIN_VALUE,
            "either": "2023-05-01T10:11:12+02:00",
            "many": ["2023-05-01T10:11:12.1234567", MIN_VALUE],
        }
    )
    twelve = datetime.datetime(2023, 5, 1, 10, 11, 12, tzinfo=UTC)
    assert twelve == stamps.plain
    assert never is stamps.optional
    assert never is stamps.nullable
    assert never is stamps.many[1]
    assert datetime.datetime(2023, 5, 1, 10, 11, 12, tzinfo=PLUS_TWO) == stamps.either
    assert stamps.either.tzinfo == PLUS_TWO
    assert twelve.replace(microsecond=123456) == stamps.many[0]
    assert stamps.to_dict()["nullable"] == MIN_VALUE
    assert None is models.Stamps.from_dict({"plain": MIN_VALUE, "nullable": None}).nullable
