"""The generated operations' docstrings say what a call raises and returns, with either client.

A partner passes `qolo.Client` (or `qolo.AsyncClient`) as `client=` and reads the operation's
docstring: with it, every failure is a `qolo.QoloError` and only the success model comes back.
The generated client alone raises and returns something else, and the docstring says so too.
"""

from __future__ import annotations

import importlib
import inspect
import re
import types
import typing

import httpx
import pytest

import qolo
from qolo_api import errors

from ._support import generated_operations

# An entry of a Google-style section: `    name: text`, its continuation lines indented deeper.
ENTRY = re.compile(r"^    (\S[^:\n]*): (.*(?:\n {8}.*)*)", re.MULTILINE)
BACKTICKED = re.compile(r"`([\w.]+)`")


OPERATIONS = generated_operations()


def _section(doc: str, title: str) -> dict[str, str]:
    """The entries of the docstring's `title:` section, name → text (one line)."""
    match = re.search(rf"^{title}:\n((?:    .*\n?)+)", doc, re.MULTILINE)
    assert match, f"no {title} section"
    return {name: " ".join(text.split()) for name, text in ENTRY.findall(match.group(1))}


def _resolve(dotted: str) -> object:
    module, _, name = dotted.rpartition(".")
    return getattr(importlib.import_module(module), name)


def _names(annotation: object) -> set[str]:
    """The names of the types in a return annotation (`Response[A | B]` gives Response, A, B)."""
    if annotation is type(None):
        return {"None"}
    args = typing.get_args(annotation)
    origin = typing.get_origin(annotation)
    names = set().union(*(_names(arg) for arg in args)) if args else set()
    if origin is None:
        names.add(getattr(annotation, "__name__", repr(annotation)))
    elif origin not in (typing.Union, types.UnionType):
        names.add(origin.__name__)
    return names


def test_every_operation_is_covered() -> None:
    """The walk finds the generated operations (a rename would empty the checks below)."""
    assert len(OPERATIONS) >= 4 * 15
    assert "create_card.sync" in OPERATIONS
    assert "delete_notification_by_id.asyncio_detailed" in OPERATIONS


@pytest.mark.parametrize("name", sorted(OPERATIONS))
def test_raises_names_the_qolo_errors_and_the_generated_clients(name: str) -> None:
    """With the qolo client of the function's kind every failure is a `qolo.QoloError`, and the
    docstring names its subclasses; what the generated client alone raises is marked as its."""
    function = OPERATIONS[name]
    doc = inspect.getdoc(function) or ""
    assert "Client.raise_on_unexpected_status is True" not in doc  # upstream's prose is gone
    raises = _section(doc, "Raises")
    ours = "`qolo.AsyncClient`" if name.split(".")[1].startswith("asyncio") else "`qolo.Client`"
    assert raises["qolo.QoloError"].startswith(f"With {ours},"), raises["qolo.QoloError"]
    cited = set(BACKTICKED.findall(raises["qolo.QoloError"]))
    for needed in ("APIStatusError", "APIConnectionError", "APITimeoutError"):
        assert needed in cited, needed
    assert "APIResponseValidationError" in cited
    for error in cited - {ours.strip("`")}:
        assert issubclass(getattr(qolo, error), qolo.QoloError), error
    generated = {key: text for key, text in raises.items() if key != "qolo.QoloError"}
    assert set(generated) == {
        "qolo_api.errors.UnexpectedStatus",
        "qolo_api.errors.UnexpectedResponseBody",
        "httpx.HTTPError",
    }
    assert _resolve("qolo_api.errors.UnexpectedStatus") is errors.UnexpectedStatus
    for key, text in generated.items():
        raised = _resolve(key)
        assert isinstance(raised, type), key
        assert issubclass(raised, Exception), key
        assert text.startswith("With the generated client"), key
    assert "`raise_on_unexpected_status`" in generated["qolo_api.errors.UnexpectedStatus"]
    assert "`httpx.TimeoutException`" in generated["httpx.HTTPError"]
    assert issubclass(httpx.TimeoutException, httpx.HTTPError)


@pytest.mark.parametrize("name", sorted(OPERATIONS))
def test_returns_is_the_success_with_a_qolo_client(name: str) -> None:
    """Returns is the annotation; with a qolo client, only its success types (no `Problem`, no
    None); with the generated client, also the `Problem` of an error status, or None."""
    function = OPERATIONS[name]
    doc = inspect.getdoc(function) or ""
    returns = _section(doc, "Returns")
    assert len(returns) == 1, returns
    ((shown, text),) = returns.items()
    annotation = typing.get_type_hints(function)["return"]
    assert set(re.findall(r"\w+", shown)) == _names(annotation), shown
    ours, _, theirs = text.partition(" With the generated client, ")
    assert theirs, text
    detailed = name.endswith("_detailed")
    client = "`qolo.AsyncClient`" if name.split(".")[1].startswith("asyncio") else "`qolo.Client`"
    assert ours.startswith(f"With {client}, {'`parsed` is ' if detailed else ''}"), ours
    success = _names(annotation) - {"Response", "Problem", "None"}
    assert success, "no success type"
    assert "Problem" not in ours, ours
    assert "None" not in ours, ours
    cited = set(BACKTICKED.findall(ours)) - {client.strip("`"), "parsed", "qolo.unwrap"}
    assert cited <= success | {"qolo.NO_CONTENT"}, ours
    for model in success:
        assert f"`{model}`" in ours, model
    if "Problem" in _names(annotation):
        assert "`Problem`" in theirs
    assert "None" in theirs
