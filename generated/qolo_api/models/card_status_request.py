# Generated from openapi.yaml by openapi-python-client with generator-templates/ — do not edit.
# Change the contract or the templates, then run `nox -s regenerate`.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.card_status import CardStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="CardStatusRequest")


@_attrs_define
class CardStatusRequest:
    """
    Attributes:
        status (CardStatus): A card's status. New cards are `PENDING`; `ACTIVE` cards work; `SUSPEND` is a temporary
            block (lock); `LOST` and `STOLEN` cards are blocked for good and should be replaced;
            `DAMAGED` cards work online and should be renewed; `CLOSED` is permanent; `FCLOSED` is a
            forced (fraud or compliance) close; `FORGET` closes the card and marks its holder's data
            for erasure. See `StatusCard` for the transitions.
        reason_code (str | Unset):
        reason_description (str | Unset):
        override_status (bool | Unset): Bypass the transition rules. Default: False.
    """

    status: CardStatus
    reason_code: str | Unset = UNSET
    reason_description: str | Unset = UNSET
    override_status: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        reason_code = self.reason_code

        reason_description = self.reason_description

        override_status = self.override_status

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "status": status,
            }
        )
        if reason_code is not UNSET:
            field_dict["reason_code"] = reason_code
        if reason_description is not UNSET:
            field_dict["reason_description"] = reason_description
        if override_status is not UNSET:
            field_dict["override_status"] = override_status

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status = CardStatus(d.pop("status"))

        reason_code = d.pop("reason_code", UNSET)

        reason_description = d.pop("reason_description", UNSET)

        override_status = d.pop("override_status", UNSET)

        card_status_request = cls(
            status=status,
            reason_code=reason_code,
            reason_description=reason_description,
            override_status=override_status,
        )

        return card_status_request
