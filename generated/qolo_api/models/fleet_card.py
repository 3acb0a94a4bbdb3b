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

T = TypeVar("T", bound="FleetCard")


@_attrs_define
class FleetCard:
    """Fleet-card settings; the reference shows one value of each field, not their lists.

    Attributes:
        assignment_type (str | Unset):
        restriction (str | Unset):
        product_prompts (str | Unset):
    """

    assignment_type: str | Unset = UNSET
    restriction: str | Unset = UNSET
    product_prompts: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict, repr=redacted_free_form)

    def to_dict(self) -> dict[str, Any]:
        assignment_type = self.assignment_type

        restriction = self.restriction

        product_prompts = self.product_prompts

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if assignment_type is not UNSET:
            field_dict["assignment_type"] = assignment_type
        if restriction is not UNSET:
            field_dict["restriction"] = restriction
        if product_prompts is not UNSET:
            field_dict["product_prompts"] = product_prompts

        return RedactedDict(field_dict, frozenset())

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = nulls_absent(
            src_dict,
            (
                "assignment_type",
                "restriction",
                "product_prompts",
            ),
        )
        assignment_type = d.pop("assignment_type", UNSET)
        if not isinstance(assignment_type, str) and assignment_type is not UNSET:
            raise WrongType("assignment_type is not a string")

        restriction = d.pop("restriction", UNSET)
        if not isinstance(restriction, str) and restriction is not UNSET:
            raise WrongType("restriction is not a string")

        product_prompts = d.pop("product_prompts", UNSET)
        if not isinstance(product_prompts, str) and product_prompts is not UNSET:
            raise WrongType("product_prompts is not a string")

        fleet_card = cls(
            assignment_type=assignment_type,
            restriction=restriction,
            product_prompts=product_prompts,
        )

        fleet_card.additional_properties = d
        return fleet_card

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
