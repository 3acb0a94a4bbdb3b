# Generated from openapi.yaml by tools/regenerate.py (openapi-python-client) — do not edit.
# Change the contract or generator-templates/, then run `nox -s regenerate`.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.card_status import CardStatus
from ..types import (
    UNSET,
    Unset,
    WrongType,
    nulls_absent,
)

T = TypeVar("T", bound="CardStatusRequest")


@_attrs_define
class CardStatusRequest:
    """What `StatusCard` takes. `status` is required (a choice: the reference marks nothing,
    and a status change without a status means nothing); undeclared properties are refused.

        Attributes:
            status (CardStatus): A card's status. New cards are `PENDING`; `ACTIVE` cards work; `SUSPEND` is a temporary
                block (lock); `LOST` and `STOLEN` cards are blocked for good and must be replaced;
                `DAMAGED` cards work online and must be reissued; `CLOSED` is permanent; `FCLOSED` and
                `FORGET` allow no transactions either (the reference's card-status guide). See
                `StatusCard` for the transitions.
            reason_code (None | str | Unset): Optional information from the partner.
            reason_description (None | str | Unset): Optional information from the partner.
            override_status (bool | Unset): Bypass the status-change rules; ignored for an activation. Default: False.
    """

    status: CardStatus
    reason_code: None | str | Unset = UNSET
    reason_description: None | str | Unset = UNSET
    override_status: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        status = CardStatus(self.status).value

        reason_code: None | str | Unset
        if isinstance(self.reason_code, Unset):
            reason_code = UNSET
        else:
            reason_code = self.reason_code

        reason_description: None | str | Unset
        if isinstance(self.reason_description, Unset):
            reason_description = UNSET
        else:
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
        d = nulls_absent(src_dict, ("override_status",))
        _status_json = d.pop("status")
        if not isinstance(_status_json, str):
            raise WrongType("status has the wrong JSON type")
        status = CardStatus(_status_json)

        def _parse_reason_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if not isinstance(data, str):
                raise WrongType("reason_code is not a string")

            return cast(None | str | Unset, data)

        reason_code = _parse_reason_code(d.pop("reason_code", UNSET))

        def _parse_reason_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if not isinstance(data, str):
                raise WrongType("reason_description is not a string")

            return cast(None | str | Unset, data)

        reason_description = _parse_reason_description(d.pop("reason_description", UNSET))

        override_status = d.pop("override_status", UNSET)
        if not isinstance(override_status, bool) and override_status is not UNSET:
            raise WrongType("override_status is not a boolean")

        card_status_request = cls(
            status=status,
            reason_code=reason_code,
            reason_description=reason_description,
            override_status=override_status,
        )

        return card_status_request
