# Generated from openapi.yaml by openapi-python-client with generator-templates/ — do not edit.
# Change the contract or the templates, then run `nox -s regenerate`.
from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.card_status import CardStatus
from ..models.issuance_type import IssuanceType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.card_tracking_detail import CardTrackingDetail


T = TypeVar("T", bound="Card")


@_attrs_define
class Card:
    """A card. Never carries the full PAN, the CVV or the PIN.

    Attributes:
        card_proxy (str): The card's opaque identifier.
        mask_card_pan (str): The PAN with all but the BIN and the last four digits masked.
        card_status (CardStatus): A card's status. New cards are `PENDING`; `ACTIVE` cards work; `SUSPEND` is a
            temporary
            block (lock); `LOST` and `STOLEN` cards are blocked for good and should be replaced;
            `DAMAGED` cards work online and should be renewed; `CLOSED` is permanent; `FCLOSED` is a
            forced (fraud or compliance) close; `FORGET` closes the card and marks its holder's data
            for erasure. See `StatusCard` for the transitions.
        expiration_date (str): Expiry as YYMM.
        person_guid (UUID):
        wallet_guid (UUID):
        program_guid (UUID):
        sys_utcinserted (datetime.datetime):
        sys_utcupdated (datetime.datetime):
        issuance_type (IssuanceType | Unset): How the card is issued.
        card_condition (str | Unset): The platform's condition of the plastic, e.g. `NEW`, `REPLACED`, `RENEWED`.
        activation_method (str | Unset): How the card was (or is to be) activated.
        pin_set (bool | Unset): Whether a PIN has been set. The PIN itself is never returned.
        replaced_card_proxy (str | Unset): For a card issued by `ReplaceCard`, the card it replaced.
        card_tracking_detail (CardTrackingDetail | Unset): Shipping progress of a physical card; empty until it ships.
    """

    card_proxy: str
    mask_card_pan: str
    card_status: CardStatus
    expiration_date: str
    person_guid: UUID
    wallet_guid: UUID
    program_guid: UUID
    sys_utcinserted: datetime.datetime
    sys_utcupdated: datetime.datetime
    issuance_type: IssuanceType | Unset = UNSET
    card_condition: str | Unset = UNSET
    activation_method: str | Unset = UNSET
    pin_set: bool | Unset = UNSET
    replaced_card_proxy: str | Unset = UNSET
    card_tracking_detail: CardTrackingDetail | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        card_proxy = self.card_proxy

        mask_card_pan = self.mask_card_pan

        card_status = self.card_status.value

        expiration_date = self.expiration_date

        person_guid = str(self.person_guid)

        wallet_guid = str(self.wallet_guid)

        program_guid = str(self.program_guid)

        sys_utcinserted = self.sys_utcinserted.isoformat()

        sys_utcupdated = self.sys_utcupdated.isoformat()

        issuance_type: str | Unset = UNSET
        if not isinstance(self.issuance_type, Unset):
            issuance_type = self.issuance_type.value

        card_condition = self.card_condition

        activation_method = self.activation_method

        pin_set = self.pin_set

        replaced_card_proxy = self.replaced_card_proxy

        card_tracking_detail: dict[str, Any] | Unset = UNSET
        if not isinstance(self.card_tracking_detail, Unset):
            card_tracking_detail = self.card_tracking_detail.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "card_proxy": card_proxy,
                "mask_card_pan": mask_card_pan,
                "card_status": card_status,
                "expiration_date": expiration_date,
                "person_guid": person_guid,
                "wallet_guid": wallet_guid,
                "program_guid": program_guid,
                "sys_utcinserted": sys_utcinserted,
                "sys_utcupdated": sys_utcupdated,
            }
        )
        if issuance_type is not UNSET:
            field_dict["issuance_type"] = issuance_type
        if card_condition is not UNSET:
            field_dict["card_condition"] = card_condition
        if activation_method is not UNSET:
            field_dict["activation_method"] = activation_method
        if pin_set is not UNSET:
            field_dict["pin_set"] = pin_set
        if replaced_card_proxy is not UNSET:
            field_dict["replaced_card_proxy"] = replaced_card_proxy
        if card_tracking_detail is not UNSET:
            field_dict["card_tracking_detail"] = card_tracking_detail

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.card_tracking_detail import CardTrackingDetail  # noqa: PLC0415

        d = dict(src_dict)
        card_proxy = d.pop("card_proxy")

        mask_card_pan = d.pop("mask_card_pan")

        card_status = CardStatus(d.pop("card_status"))

        expiration_date = d.pop("expiration_date")

        person_guid = UUID(d.pop("person_guid"))

        wallet_guid = UUID(d.pop("wallet_guid"))

        program_guid = UUID(d.pop("program_guid"))

        sys_utcinserted = datetime.datetime.fromisoformat(d.pop("sys_utcinserted"))

        sys_utcupdated = datetime.datetime.fromisoformat(d.pop("sys_utcupdated"))

        _issuance_type = d.pop("issuance_type", UNSET)
        issuance_type: IssuanceType | Unset
        if isinstance(_issuance_type, Unset):
            issuance_type = UNSET
        else:
            issuance_type = IssuanceType(_issuance_type)

        card_condition = d.pop("card_condition", UNSET)

        activation_method = d.pop("activation_method", UNSET)

        pin_set = d.pop("pin_set", UNSET)

        replaced_card_proxy = d.pop("replaced_card_proxy", UNSET)

        _card_tracking_detail = d.pop("card_tracking_detail", UNSET)
        card_tracking_detail: CardTrackingDetail | Unset
        if isinstance(_card_tracking_detail, Unset):
            card_tracking_detail = UNSET
        else:
            card_tracking_detail = CardTrackingDetail.from_dict(_card_tracking_detail)

        card = cls(
            card_proxy=card_proxy,
            mask_card_pan=mask_card_pan,
            card_status=card_status,
            expiration_date=expiration_date,
            person_guid=person_guid,
            wallet_guid=wallet_guid,
            program_guid=program_guid,
            sys_utcinserted=sys_utcinserted,
            sys_utcupdated=sys_utcupdated,
            issuance_type=issuance_type,
            card_condition=card_condition,
            activation_method=activation_method,
            pin_set=pin_set,
            replaced_card_proxy=replaced_card_proxy,
            card_tracking_detail=card_tracking_detail,
        )

        card.additional_properties = d
        return card

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
