# Generated from openapi.yaml by tools/regenerate.py (openapi-python-client) — do not edit.
# Change the contract or generator-templates/, then run `nox -s regenerate`.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import (
    UNSET,
    BadValue,
    RedactedDict,
    Unset,
    WrongType,
    nulls_absent,
    redacted_free_form,
)

T = TypeVar("T", bound="JournalEntry")


@_attrs_define
class JournalEntry:
    """Who asks for a validation, for the platform's journal (fields from the reference's sample).

    Attributes:
        card_proxy (str | Unset):
        user_guid (UUID | Unset):
        source_code (str | Unset):
        company_guid (UUID | Unset):
    """

    card_proxy: str | Unset = UNSET
    user_guid: UUID | Unset = UNSET
    source_code: str | Unset = UNSET
    company_guid: UUID | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict, repr=redacted_free_form)

    def to_dict(self) -> dict[str, Any]:
        card_proxy = self.card_proxy

        user_guid: str | Unset = UNSET
        if not isinstance(self.user_guid, Unset):
            user_guid = str(self.user_guid)

        source_code = self.source_code

        company_guid: str | Unset = UNSET
        if not isinstance(self.company_guid, Unset):
            company_guid = str(self.company_guid)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if card_proxy is not UNSET:
            field_dict["card_proxy"] = card_proxy
        if user_guid is not UNSET:
            field_dict["user_guid"] = user_guid
        if source_code is not UNSET:
            field_dict["source_code"] = source_code
        if company_guid is not UNSET:
            field_dict["company_guid"] = company_guid

        return RedactedDict(field_dict, frozenset())

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = nulls_absent(
            src_dict,
            (
                "card_proxy",
                "user_guid",
                "source_code",
                "company_guid",
            ),
        )
        card_proxy = d.pop("card_proxy", UNSET)
        if not isinstance(card_proxy, str) and card_proxy is not UNSET:
            raise WrongType("card_proxy is not a string")

        _user_guid_json = d.pop("user_guid", UNSET)
        if not isinstance(_user_guid_json, str) and _user_guid_json is not UNSET:
            raise WrongType("user_guid has the wrong JSON type")
        try:
            _user_guid = _user_guid_json
            user_guid: UUID | Unset
            if isinstance(_user_guid, Unset):
                user_guid = UNSET
            else:
                user_guid = UUID(_user_guid)
        except ValueError:
            raise BadValue("user_guid is not a uuid") from None

        source_code = d.pop("source_code", UNSET)
        if not isinstance(source_code, str) and source_code is not UNSET:
            raise WrongType("source_code is not a string")

        _company_guid_json = d.pop("company_guid", UNSET)
        if not isinstance(_company_guid_json, str) and _company_guid_json is not UNSET:
            raise WrongType("company_guid has the wrong JSON type")
        try:
            _company_guid = _company_guid_json
            company_guid: UUID | Unset
            if isinstance(_company_guid, Unset):
                company_guid = UNSET
            else:
                company_guid = UUID(_company_guid)
        except ValueError:
            raise BadValue("company_guid is not a uuid") from None

        journal_entry = cls(
            card_proxy=card_proxy,
            user_guid=user_guid,
            source_code=source_code,
            company_guid=company_guid,
        )

        journal_entry.additional_properties = d
        return journal_entry

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
