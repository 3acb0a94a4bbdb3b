# Generated from openapi.yaml by tools/regenerate.py (openapi-python-client) — do not edit.
# Change the contract or generator-templates/, then run `nox -s regenerate`.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import (
    UNSET,
    RedactedDict,
    Unset,
    WrongType,
    nulls_absent,
    redacted_free_form,
)

T = TypeVar("T", bound="StatusChangeNonmonDetail")


@_attrs_define
class StatusChangeNonmonDetail:
    """The non-monetary record of the card's last status change. The reference's sample is
    cut after its first field, so further properties are accepted and kept.

        Attributes:
            nonmon_guid (str | Unset): The record's id.
    """

    nonmon_guid: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict, repr=redacted_free_form)

    def to_dict(self) -> dict[str, Any]:
        nonmon_guid = self.nonmon_guid

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if nonmon_guid is not UNSET:
            field_dict["nonmon_guid"] = nonmon_guid

        return RedactedDict(field_dict, frozenset())

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = nulls_absent(src_dict, ("nonmon_guid",))
        nonmon_guid = d.pop("nonmon_guid", UNSET)
        if not isinstance(nonmon_guid, str) and nonmon_guid is not UNSET:
            raise WrongType("nonmon_guid is not a string")

        status_change_nonmon_detail = cls(
            nonmon_guid=nonmon_guid,
        )

        status_change_nonmon_detail.additional_properties = d
        return status_change_nonmon_detail

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
