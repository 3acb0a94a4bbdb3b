# Generated from openapi.yaml by tools/regenerate.py (openapi-python-client) — do not edit.
# Change the contract or generator-templates/, then run `nox -s regenerate`.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import (
    RedactedDict,
    WrongType,
    redacted,
)

T = TypeVar("T", bound="LoginRequest")


@_attrs_define
class LoginRequest:
    """
    Attributes:
        loginid (str): The credential's login id.
        apikey (str): The credential's API key. Secret.
    """

    loginid: str
    apikey: str = _attrs_field(repr=redacted)

    def to_dict(self) -> dict[str, Any]:
        loginid = self.loginid

        apikey = self.apikey

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "loginid": loginid,
                "apikey": apikey,
            }
        )

        return RedactedDict(
            field_dict,
            frozenset(
                {
                    "apikey",
                }
            ),
        )

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        loginid = d.pop("loginid")
        if not isinstance(loginid, str):
            raise WrongType("loginid is not a string")

        apikey = d.pop("apikey")
        if not isinstance(apikey, str):
            raise WrongType("apikey is not a string")

        login_request = cls(
            loginid=loginid,
            apikey=apikey,
        )

        return login_request
