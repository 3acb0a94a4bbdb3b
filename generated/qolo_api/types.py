# Generated from openapi.yaml by tools/regenerate.py (openapi-python-client) — do not edit.
# Change the contract or generator-templates/, then run `nox -s regenerate`.
"""Contains some shared types for properties"""

import datetime
from collections.abc import Mapping, MutableMapping
from http import HTTPStatus
from typing import IO, Any, BinaryIO, Generic, Literal, SupportsIndex, TypeVar

from attrs import define, field


class Unset:
    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "UNSET"

    def __reduce__(self) -> str:
        """Copies and pickles are the module's singleton (`is UNSET` keeps working)."""
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


class WrongType(TypeError):
    """A value of the wrong JSON type in a body: its message names the field and the type it
    should have, never the value (which may be a secret)."""


class BadValue(ValueError):
    """A string that is not what its field's format says (a uuid, a date, a date-time): its
    message names the field and the format, never the value (the parser's own message quotes
    it, and it may be a secret)."""


def nulls_absent(src_dict: Mapping[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    """A copy of a JSON object without a null in any of `keys`, the optional properties the
    contract does not make nullable: the platform (.NET) may send null for a value it does not
    have, and refusing the whole answer over it would fail the caller. Read as left out."""
    d = dict(src_dict)
    if None in d.values():
        for key in keys:
            if key in d and d[key] is None:
                del d[key]
    return d


def redacted(value: object) -> str:
    """The repr of a secret field: says whether it is set, never what it is."""
    return "<unset>" if isinstance(value, Unset) else "<redacted>"


class _Never(datetime.datetime):
    """The type of `NEVER`: a falsy year-1 UTC instant that serialises as the platform spells it.

    Arithmetic, `replace()` and the constructor give plain datetimes, so a value derived from
    `NEVER` (a real instant) is never mistaken for it.
    """

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        return datetime.datetime(*args, **kwargs)

    def replace(self, *args: Any, **kwargs: Any) -> Any:
        return datetime.datetime(1, 1, 1, tzinfo=datetime.UTC).replace(*args, **kwargs)

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NEVER"

    def isoformat(self, sep: str = "T", timespec: str = "auto") -> str:
        """`0001-01-01T00:00:00`, the platform's own spelling, so `to_dict()` round-trips it."""
        return datetime.datetime(1, 1, 1).isoformat(sep, timespec)

    def __reduce__(self) -> str:
        """Copies and pickles are the module's singleton (`is NEVER` keeps working)."""
        return "NEVER"

    def __reduce_ex__(self, protocol: SupportsIndex) -> str:
        """datetime defines its own `__reduce_ex__`, which pickle and copy call before `__reduce__`."""
        return "NEVER"


NEVER: datetime.datetime = datetime.datetime.__new__(_Never, 1, 1, 1, tzinfo=datetime.UTC)
"""The platform's "not set" time (DateTime.MinValue). Falsy, so `if value:` reads "is set"."""


@define(frozen=True)
class NoContent:
    """The type of `NO_CONTENT`: a success that has no body, told apart from None, which is
    what the generated client alone returns for a status it could not read."""

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NO_CONTENT"

    def __reduce__(self) -> str:
        """Copies and pickles are the module's singleton (`is NO_CONTENT` keeps working)."""
        return "NO_CONTENT"


NO_CONTENT = NoContent()
"""The result of an operation whose success has no body (DeleteNotificationById's 204)."""


def parse_datetime(value: str) -> datetime.datetime:
    """A date-time from the platform, always aware: an offset-less value is UTC, year 1 is `NEVER`.

    Mixing naive and aware datetimes makes comparisons raise `TypeError`.
    """
    parsed = datetime.datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.UTC)
    return NEVER if parsed == NEVER else parsed


class RedactedDict(dict[str, Any]):
    """`to_dict()` of a model with secret fields or additional properties: a plain dict whose
    repr masks the value of every secret property (`secret_keys`, and any key named in
    `SECRET_FIELDS` at any depth: free-form data has no types to say which values are secret).

    The generated operations pass it to httpx as the JSON body, so a traceback rendered with
    its local variables shows `'apikey': '<redacted>'`, never the key, the PIN or a secret.
    """

    def __init__(self, data: Mapping[str, Any], secret_keys: frozenset[str]) -> None:
        super().__init__(data)
        self.secret_keys = secret_keys

    def __repr__(self) -> str:
        return _masked_repr(self)

    __str__ = __repr__


def redacted_free_form(value: object) -> str:
    """The repr of free-form data (a model's additional properties): the value of every key
    named in `SECRET_FIELDS`, at any depth of its dicts and lists, is `<redacted>`.

    An event this client cannot type (a new event type, or a known one in a new shape) keeps
    its payload as such data, and a card in it carries the full card number and CVV.
    """
    return _masked_repr(value)


_MAX_REPR_DEPTH = 64


def _masked_repr(value: object, depth: int = 0) -> str:
    if isinstance(value, dict | list | tuple) and depth > _MAX_REPR_DEPTH:
        return "..."  # deeper than any body; also ends a container that holds itself
    if isinstance(value, dict):
        hidden = SECRET_FIELDS | getattr(value, "secret_keys", frozenset())
        items = (
            f"{key!r}: {'<redacted>' if key in hidden else _masked_repr(item, depth + 1)}"
            for key, item in value.items()
        )
        return "{" + ", ".join(items) + "}"
    if isinstance(value, list | tuple):
        items_text = ", ".join(_masked_repr(item, depth + 1) for item in value)
        if isinstance(value, list):
            return f"[{items_text}]"
        return f"({items_text},)" if len(value) == 1 else f"({items_text})"
    return repr(value)


def _size(content: bytes) -> str:
    return f"<{len(content)} bytes>"


@define
class Response(Generic[T]):
    """A response from an endpoint. Its repr shows the body's size, not the body (it may hold
    card data); `parsed` is the body with its secrets masked."""

    status_code: HTTPStatus | int
    content: bytes = field(repr=_size)
    headers: MutableMapping[str, str]
    parsed: T | None


#: The names of the properties that carry secrets (API key, token, PIN, PAN, CVV, webhook secret
#: and headers): models show them as <redacted>, and so must anything that keeps a raw body.
SECRET_FIELDS: frozenset[str] = frozenset(
    {
        "access_token",
        "apikey",
        "pin",
        "secret",
        "headers",
        "card_number",
        "cvx2",
        "ssn_last4",
    }
)


__all__ = [
    "NEVER",
    "SECRET_FIELDS",
    "UNSET",
    "File",
    "FileTypes",
    "RedactedDict",
    "RequestFiles",
    "Response",
    "BadValue",
    "Unset",
    "WrongType",
    "parse_datetime",
    "parse_status",
    "redacted",
    "redacted_free_form",
]
