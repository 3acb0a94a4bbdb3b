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
    redacted_free_form,
)

T = TypeVar("T", bound="LoginResponse")


@_attrs_define
class LoginResponse:
    """The token and its lifetime. A choice: neither the guide nor the reference shows the
    login's response, so the OAuth 2 names are used.

        Attributes:
            access_token (str): The bearer token (OAuth 2's name). Secret; never log it.
            token_type (str): Always `Bearer` (OAuth 2's name).
            expires_in (int): The token's lifetime in seconds (43200 = the guide's 12 hours), so clients need not hard-code
                it.
    """

    access_token: str = _attrs_field(repr=redacted)
    token_type: str
    expires_in: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict, repr=redacted_free_form)

    def to_dict(self) -> dict[str, Any]:
        access_token = self.access_token

        token_type = self.token_type

        expires_in = self.expires_in

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "access_token": access_token,
                "token_type": token_type,
                "expires_in": expires_in,
            }
        )

        return RedactedDict(
            field_dict,
            frozenset(
                {
                    "access_token",
                }
            ),
        )

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        access_token = d.pop("access_token")
        if not isinstance(access_token, str):
            raise WrongType("access_token is not a string")

        token_type = d.pop("token_type")
        if not isinstance(token_type, str):
            raise WrongType("token_type is not a string")

        expires_in = d.pop("expires_in")
        if isinstance(expires_in, float) and expires_in.is_integer():  # JSON Schema: 3.0 is an integer
            expires_in = int(expires_in)
        if not isinstance(expires_in, int) or isinstance(expires_in, bool):
            raise WrongType("expires_in is not an integer")

        login_response = cls(
            access_token=access_token,
            token_type=token_type,
            expires_in=expires_in,
        )

        login_response.additional_properties = d
        return login_response

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
