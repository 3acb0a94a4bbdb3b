# Generated from openapi.yaml by openapi-python-client with generator-templates/ — do not edit.
# Change the contract or the templates, then run `nox -s regenerate`.
"""Contains some shared types for properties"""

from collections.abc import Mapping, MutableMapping
from http import HTTPStatus
from typing import IO, Any, BinaryIO, Generic, Literal, TypeVar

from attrs import define


class Unset:
    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Unset = Unset()

# The types that `httpx.Client(files=)` can accept, copied from that library.
FileContent = IO[bytes] | bytes | str
FileTypes = (
    # (filename, file (or bytes), content_type)
    tuple[str | None, FileContent, str | None]
    # (filename, file (or bytes), content_type, headers)
    | tuple[str | None, FileContent, str | None, Mapping[str, str]]
)
RequestFiles = list[tuple[str, FileTypes]]


@define
class File:
    """Contains information for file uploads"""

    payload: BinaryIO
    file_name: str | None = None
    mime_type: str | None = None

    def to_tuple(self) -> FileTypes:
        """Return a tuple representation that httpx will accept for multipart/form-data"""
        return self.file_name, self.payload, self.mime_type


T = TypeVar("T")


def parse_status(code: int) -> HTTPStatus | int:
    """The standard `HTTPStatus` for `code`, or the bare int for codes outside it (a gateway's 520)."""
    try:
        return HTTPStatus(code)
    except ValueError:
        return code


def redacted(value: object) -> str:
    """The repr of a secret field: says whether it is set, never what it is."""
    return "<unset>" if isinstance(value, Unset) else "<redacted>"


class RedactedDict(dict[str, Any]):
    """`to_dict()` of a model with secret fields: a plain dict whose repr masks their values.

    The generated operations pass it to httpx as the JSON body, so a traceback rendered with
    its local variables shows `'apikey': '<redacted>'`, never the key, the PIN or a secret.
    """

    def __init__(self, data: Mapping[str, Any], secret_keys: frozenset[str]) -> None:
        super().__init__(data)
        self.secret_keys = secret_keys

    def __repr__(self) -> str:
        items = (f"{key!r}: {'<redacted>' if key in self.secret_keys else repr(value)}" for key, value in self.items())
        return "{" + ", ".join(items) + "}"

    __str__ = __repr__


@define
class Response(Generic[T]):
    """A response from an endpoint"""

    status_code: HTTPStatus | int
    content: bytes
    headers: MutableMapping[str, str]
    parsed: T | None


__all__ = [
    "UNSET",
    "File",
    "FileTypes",
    "RedactedDict",
    "RequestFiles",
    "Response",
    "Unset",
    "parse_status",
    "redacted",
]
