# Generated from openapi.yaml by openapi-python-client with generator-templates/ — do not edit.
# Change the contract or the templates, then run `nox -s regenerate`.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define

T = TypeVar("T", bound="PersonReference")


@_attrs_define
class PersonReference:
    """An existing person of the caller's program.

    Attributes:
        person_guid (UUID):
    """

    person_guid: UUID

    def to_dict(self) -> dict[str, Any]:
        person_guid = str(self.person_guid)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "person_guid": person_guid,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        person_guid = UUID(d.pop("person_guid"))

        person_reference = cls(
            person_guid=person_guid,
        )

        return person_reference
