# Generated from openapi.yaml by tools/regenerate.py (openapi-python-client) — do not edit.
# Change the contract or generator-templates/, then run `nox -s regenerate`.
from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.card_status import CardStatus
from ..models.issuance_type import IssuanceType
from ..types import (
    UNSET,
    BadValue,
    RedactedDict,
    Unset,
    WrongType,
    nulls_absent,
    parse_datetime,
    redacted,
    redacted_free_form,
)

if TYPE_CHECKING:
    from ..models.card_tracking_detail import CardTrackingDetail
    from ..models.status_change_nonmon_detail import StatusChangeNonmonDetail


T = TypeVar("T", bound="Card")


@_attrs_define
class Card:
    """A card, as the reference's samples show it (StatusCard, CreateCard, ReplaceCard). Only
    `card_proxy` is always sent. The platform's cards carry the full PAN (`card_number`) and
    the CVV (`cvx2`); the sandbox's never do.

        Attributes:
            card_proxy (str): The card's opaque identifier.
            card_number (None | str | Unset): The full card number (PAN). Secret; the sandbox never sends it.
            mask_card_pan (str | Unset): The PAN with all but the BIN and the last four digits masked, e.g.
                `534092XXXXXX0007`.
            wallet_guid (UUID | Unset):
            wallet_id (str | Unset): The wallet's platform id (the reference shows only a placeholder).
            issuance_type (IssuanceType | Unset): How the card is issued: `FULL` a reloadable plastic card, `VIRTUAL` a
                reloadable virtual
                card, `VIRTUALONETIME` a single-load virtual card, `ONETIMELOAD` a single-load plastic
                card, `VIRTUALTOKENALLOWED` a virtual card that may be tokenized, `TOKEN` a token,
                `OTHER` anything else.
            base_iin (str | Unset): The card's issuer identification number (BIN).
            card_condition (str | Unset): The condition of the plastic, e.g. `ORIGINAL` (the reference shows no list).
            card_status (CardStatus | Unset): A card's status. New cards are `PENDING`; `ACTIVE` cards work; `SUSPEND` is a
                temporary
                block (lock); `LOST` and `STOLEN` cards are blocked for good and must be replaced;
                `DAMAGED` cards work online and must be reissued; `CLOSED` is permanent; `FCLOSED` and
                `FORGET` allow no transactions either (the reference's card-status guide). See
                `StatusCard` for the transitions.
            activation_date (datetime.datetime | Unset): When the card was activated; `0001-01-01T00:00:00` if it was not.
            activation_method (str | Unset): How the card is activated, e.g. `ONLOAD` (the reference shows no list).
            expiration_date (str | Unset): Expiry as YYMM, e.g. `2212`.
            cvx2 (None | str | Unset): The card's CVV. Secret; the sandbox never sends it.
            logical_expiration_date (datetime.datetime | Unset): The card's logical expiry; `0001-01-01T00:00:00` when not
                set.
            person_card_status (str | Unset): The cardholder's status for this card, e.g. `ACTIVE` (the reference shows no
                list).
            card_tracking_detail (CardTrackingDetail | None | Unset):
            status_change_nonmon_detail (None | StatusChangeNonmonDetail | Unset):
            sys_utcinserted (datetime.datetime | Unset): When the card was created (UTC).
            sys_utcupdated (datetime.datetime | Unset): When the card last changed (UTC).
            person_guid (UUID | Unset): The cardholder. Not in the reference's samples; the sandbox sends it so a card leads
                to its person.
            program_guid (UUID | Unset): The card's program. Not in the reference's samples; the sandbox sends it so a card
                says where it belongs.
            pin_set (bool | Unset): Whether a PIN has been set. Not in the reference's samples; the sandbox sends it since
                it never returns the PIN.
            replaced_card_proxy (str | Unset): For a card issued by `ReplaceCard`, the card it replaced. Not in the
                reference's samples; the sandbox sends it to link the two.
    """

    card_proxy: str
    card_number: None | str | Unset = _attrs_field(default=UNSET, repr=redacted)
    mask_card_pan: str | Unset = UNSET
    wallet_guid: UUID | Unset = UNSET
    wallet_id: str | Unset = UNSET
    issuance_type: IssuanceType | Unset = UNSET
    base_iin: str | Unset = UNSET
    card_condition: str | Unset = UNSET
    card_status: CardStatus | Unset = UNSET
    activation_date: datetime.datetime | Unset = UNSET
    activation_method: str | Unset = UNSET
    expiration_date: str | Unset = UNSET
    cvx2: None | str | Unset = _attrs_field(default=UNSET, repr=redacted)
    logical_expiration_date: datetime.datetime | Unset = UNSET
    person_card_status: str | Unset = UNSET
    card_tracking_detail: CardTrackingDetail | None | Unset = UNSET
    status_change_nonmon_detail: None | StatusChangeNonmonDetail | Unset = UNSET
    sys_utcinserted: datetime.datetime | Unset = UNSET
    sys_utcupdated: datetime.datetime | Unset = UNSET
    person_guid: UUID | Unset = UNSET
    program_guid: UUID | Unset = UNSET
    pin_set: bool | Unset = UNSET
    replaced_card_proxy: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict, repr=redacted_free_form)

    def to_dict(self) -> dict[str, Any]:
        from ..models.card_tracking_detail import CardTrackingDetail  # noqa: PLC0415
        from ..models.status_change_nonmon_detail import StatusChangeNonmonDetail  # noqa: PLC0415

        card_proxy = self.card_proxy

        card_number: None | str | Unset
        if isinstance(self.card_number, Unset):
            card_number = UNSET
        else:
            card_number = self.card_number

        mask_card_pan = self.mask_card_pan

        wallet_guid: str | Unset = UNSET
        if not isinstance(self.wallet_guid, Unset):
            wallet_guid = str(self.wallet_guid)

        wallet_id = self.wallet_id

        issuance_type: str | Unset = UNSET
        if not isinstance(self.issuance_type, Unset):
            issuance_type = IssuanceType(self.issuance_type).value

        base_iin = self.base_iin

        card_condition = self.card_condition

        card_status: str | Unset = UNSET
        if not isinstance(self.card_status, Unset):
            card_status = CardStatus(self.card_status).value

        activation_date: str | Unset = UNSET
        if not isinstance(self.activation_date, Unset):
            activation_date = self.activation_date.isoformat()

        activation_method = self.activation_method

        expiration_date = self.expiration_date

        cvx2: None | str | Unset
        if isinstance(self.cvx2, Unset):
            cvx2 = UNSET
        else:
            cvx2 = self.cvx2

        logical_expiration_date: str | Unset = UNSET
        if not isinstance(self.logical_expiration_date, Unset):
            logical_expiration_date = self.logical_expiration_date.isoformat()

        person_card_status = self.person_card_status

        card_tracking_detail: dict[str, Any] | None | Unset
        if isinstance(self.card_tracking_detail, Unset):
            card_tracking_detail = UNSET
        elif isinstance(self.card_tracking_detail, CardTrackingDetail):
            card_tracking_detail = self.card_tracking_detail.to_dict()
        else:
            card_tracking_detail = self.card_tracking_detail

        status_change_nonmon_detail: dict[str, Any] | None | Unset
        if isinstance(self.status_change_nonmon_detail, Unset):
            status_change_nonmon_detail = UNSET
        elif isinstance(self.status_change_nonmon_detail, StatusChangeNonmonDetail):
            status_change_nonmon_detail = self.status_change_nonmon_detail.to_dict()
        else:
            status_change_nonmon_detail = self.status_change_nonmon_detail

        sys_utcinserted: str | Unset = UNSET
        if not isinstance(self.sys_utcinserted, Unset):
            sys_utcinserted = self.sys_utcinserted.isoformat()

        sys_utcupdated: str | Unset = UNSET
        if not isinstance(self.sys_utcupdated, Unset):
            sys_utcupdated = self.sys_utcupdated.isoformat()

        person_guid: str | Unset = UNSET
        if not isinstance(self.person_guid, Unset):
            person_guid = str(self.person_guid)

        program_guid: str | Unset = UNSET
        if not isinstance(self.program_guid, Unset):
            program_guid = str(self.program_guid)

        pin_set = self.pin_set

        replaced_card_proxy = self.replaced_card_proxy

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "card_proxy": card_proxy,
            }
        )
        if card_number is not UNSET:
            field_dict["card_number"] = card_number
        if mask_card_pan is not UNSET:
            field_dict["mask_card_pan"] = mask_card_pan
        if wallet_guid is not UNSET:
            field_dict["wallet_guid"] = wallet_guid
        if wallet_id is not UNSET:
            field_dict["wallet_id"] = wallet_id
        if issuance_type is not UNSET:
            field_dict["issuance_type"] = issuance_type
        if base_iin is not UNSET:
            field_dict["base_iin"] = base_iin
        if card_condition is not UNSET:
            field_dict["card_condition"] = card_condition
        if card_status is not UNSET:
            field_dict["card_status"] = card_status
        if activation_date is not UNSET:
            field_dict["activation_date"] = activation_date
        if activation_method is not UNSET:
            field_dict["activation_method"] = activation_method
        if expiration_date is not UNSET:
            field_dict["expiration_date"] = expiration_date
        if cvx2 is not UNSET:
            field_dict["cvx2"] = cvx2
        if logical_expiration_date is not UNSET:
            field_dict["logical_expiration_date"] = logical_expiration_date
        if person_card_status is not UNSET:
            field_dict["person_card_status"] = person_card_status
        if card_tracking_detail is not UNSET:
            field_dict["card_tracking_detail"] = card_tracking_detail
        if status_change_nonmon_detail is not UNSET:
            field_dict["status_change_nonmon_detail"] = status_change_nonmon_detail
        if sys_utcinserted is not UNSET:
            field_dict["sys_utcinserted"] = sys_utcinserted
        if sys_utcupdated is not UNSET:
            field_dict["sys_utcupdated"] = sys_utcupdated
        if person_guid is not UNSET:
            field_dict["person_guid"] = person_guid
        if program_guid is not UNSET:
            field_dict["program_guid"] = program_guid
        if pin_set is not UNSET:
            field_dict["pin_set"] = pin_set
        if replaced_card_proxy is not UNSET:
            field_dict["replaced_card_proxy"] = replaced_card_proxy

        return RedactedDict(
            field_dict,
            frozenset(
                {
                    "card_number",
                    "cvx2",
                }
            ),
        )

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.card_tracking_detail import CardTrackingDetail  # noqa: PLC0415
        from ..models.status_change_nonmon_detail import StatusChangeNonmonDetail  # noqa: PLC0415

        d = nulls_absent(
            src_dict,
            (
                "mask_card_pan",
                "wallet_guid",
                "wallet_id",
                "issuance_type",
                "base_iin",
                "card_condition",
                "card_status",
                "activation_date",
                "activation_method",
                "expiration_date",
                "logical_expiration_date",
                "person_card_status",
                "sys_utcinserted",
                "sys_utcupdated",
                "person_guid",
                "program_guid",
                "pin_set",
                "replaced_card_proxy",
            ),
        )
        card_proxy = d.pop("card_proxy")
        if not isinstance(card_proxy, str):
            raise WrongType("card_proxy is not a string")

        def _parse_card_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if not isinstance(data, str):
                raise WrongType("card_number is not a string")

            return cast(None | str | Unset, data)

        card_number = _parse_card_number(d.pop("card_number", UNSET))

        mask_card_pan = d.pop("mask_card_pan", UNSET)
        if not isinstance(mask_card_pan, str) and mask_card_pan is not UNSET:
            raise WrongType("mask_card_pan is not a string")

        _wallet_guid_json = d.pop("wallet_guid", UNSET)
        if not isinstance(_wallet_guid_json, str) and _wallet_guid_json is not UNSET:
            raise WrongType("wallet_guid has the wrong JSON type")
        try:
            _wallet_guid = _wallet_guid_json
            wallet_guid: UUID | Unset
            if isinstance(_wallet_guid, Unset):
                wallet_guid = UNSET
            else:
                wallet_guid = UUID(_wallet_guid)
        except ValueError:
            raise BadValue("wallet_guid is not a uuid") from None

        wallet_id = d.pop("wallet_id", UNSET)
        if not isinstance(wallet_id, str) and wallet_id is not UNSET:
            raise WrongType("wallet_id is not a string")

        _issuance_type_json = d.pop("issuance_type", UNSET)
        if not isinstance(_issuance_type_json, str) and _issuance_type_json is not UNSET:
            raise WrongType("issuance_type has the wrong JSON type")
        _issuance_type = _issuance_type_json
        issuance_type: IssuanceType | Unset
        if isinstance(_issuance_type, Unset):
            issuance_type = UNSET
        else:
            issuance_type = IssuanceType(_issuance_type)

        base_iin = d.pop("base_iin", UNSET)
        if not isinstance(base_iin, str) and base_iin is not UNSET:
            raise WrongType("base_iin is not a string")

        card_condition = d.pop("card_condition", UNSET)
        if not isinstance(card_condition, str) and card_condition is not UNSET:
            raise WrongType("card_condition is not a string")

        _card_status_json = d.pop("card_status", UNSET)
        if not isinstance(_card_status_json, str) and _card_status_json is not UNSET:
            raise WrongType("card_status has the wrong JSON type")
        _card_status = _card_status_json
        card_status: CardStatus | Unset
        if isinstance(_card_status, Unset):
            card_status = UNSET
        else:
            card_status = CardStatus(_card_status)

        _activation_date_json = d.pop("activation_date", UNSET)
        if not isinstance(_activation_date_json, str) and _activation_date_json is not UNSET:
            raise WrongType("activation_date has the wrong JSON type")
        try:
            _activation_date = _activation_date_json
            activation_date: datetime.datetime | Unset
            if isinstance(_activation_date, Unset):
                activation_date = UNSET
            else:
                activation_date = parse_datetime(_activation_date)
        except ValueError:
            raise BadValue("activation_date is not a date-time") from None

        activation_method = d.pop("activation_method", UNSET)
        if not isinstance(activation_method, str) and activation_method is not UNSET:
            raise WrongType("activation_method is not a string")

        expiration_date = d.pop("expiration_date", UNSET)
        if not isinstance(expiration_date, str) and expiration_date is not UNSET:
            raise WrongType("expiration_date is not a string")

        def _parse_cvx2(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if not isinstance(data, str):
                raise WrongType("cvx2 is not a string")

            return cast(None | str | Unset, data)

        cvx2 = _parse_cvx2(d.pop("cvx2", UNSET))

        _logical_expiration_date_json = d.pop("logical_expiration_date", UNSET)
        if not isinstance(_logical_expiration_date_json, str) and _logical_expiration_date_json is not UNSET:
            raise WrongType("logical_expiration_date has the wrong JSON type")
        try:
            _logical_expiration_date = _logical_expiration_date_json
            logical_expiration_date: datetime.datetime | Unset
            if isinstance(_logical_expiration_date, Unset):
                logical_expiration_date = UNSET
            else:
                logical_expiration_date = parse_datetime(_logical_expiration_date)
        except ValueError:
            raise BadValue("logical_expiration_date is not a date-time") from None

        person_card_status = d.pop("person_card_status", UNSET)
        if not isinstance(person_card_status, str) and person_card_status is not UNSET:
            raise WrongType("person_card_status is not a string")

        def _parse_card_tracking_detail(data: object) -> CardTrackingDetail | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if not isinstance(data, dict):
                raise WrongType("card_tracking_detail has the wrong JSON type")
            card_tracking_detail_type_0 = CardTrackingDetail.from_dict(data)

            return card_tracking_detail_type_0

        card_tracking_detail = _parse_card_tracking_detail(d.pop("card_tracking_detail", UNSET))

        def _parse_status_change_nonmon_detail(data: object) -> None | StatusChangeNonmonDetail | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if not isinstance(data, dict):
                raise WrongType("status_change_nonmon_detail has the wrong JSON type")
            status_change_nonmon_detail_type_0 = StatusChangeNonmonDetail.from_dict(data)

            return status_change_nonmon_detail_type_0

        status_change_nonmon_detail = _parse_status_change_nonmon_detail(d.pop("status_change_nonmon_detail", UNSET))

        _sys_utcinserted_json = d.pop("sys_utcinserted", UNSET)
        if not isinstance(_sys_utcinserted_json, str) and _sys_utcinserted_json is not UNSET:
            raise WrongType("sys_utcinserted has the wrong JSON type")
        try:
            _sys_utcinserted = _sys_utcinserted_json
            sys_utcinserted: datetime.datetime | Unset
            if isinstance(_sys_utcinserted, Unset):
                sys_utcinserted = UNSET
            else:
                sys_utcinserted = parse_datetime(_sys_utcinserted)
        except ValueError:
            raise BadValue("sys_utcinserted is not a date-time") from None

        _sys_utcupdated_json = d.pop("sys_utcupdated", UNSET)
        if not isinstance(_sys_utcupdated_json, str) and _sys_utcupdated_json is not UNSET:
            raise WrongType("sys_utcupdated has the wrong JSON type")
        try:
            _sys_utcupdated = _sys_utcupdated_json
            sys_utcupdated: datetime.datetime | Unset
            if isinstance(_sys_utcupdated, Unset):
                sys_utcupdated = UNSET
            else:
                sys_utcupdated = parse_datetime(_sys_utcupdated)
        except ValueError:
            raise BadValue("sys_utcupdated is not a date-time") from None

        _person_guid_json = d.pop("person_guid", UNSET)
        if not isinstance(_person_guid_json, str) and _person_guid_json is not UNSET:
            raise WrongType("person_guid has the wrong JSON type")
        try:
            _person_guid = _person_guid_json
            person_guid: UUID | Unset
            if isinstance(_person_guid, Unset):
                person_guid = UNSET
            else:
                person_guid = UUID(_person_guid)
        except ValueError:
            raise BadValue("person_guid is not a uuid") from None

        _program_guid_json = d.pop("program_guid", UNSET)
        if not isinstance(_program_guid_json, str) and _program_guid_json is not UNSET:
            raise WrongType("program_guid has the wrong JSON type")
        try:
            _program_guid = _program_guid_json
            program_guid: UUID | Unset
            if isinstance(_program_guid, Unset):
                program_guid = UNSET
            else:
                program_guid = UUID(_program_guid)
        except ValueError:
            raise BadValue("program_guid is not a uuid") from None

        pin_set = d.pop("pin_set", UNSET)
        if not isinstance(pin_set, bool) and pin_set is not UNSET:
            raise WrongType("pin_set is not a boolean")

        replaced_card_proxy = d.pop("replaced_card_proxy", UNSET)
        if not isinstance(replaced_card_proxy, str) and replaced_card_proxy is not UNSET:
            raise WrongType("replaced_card_proxy is not a string")

        card = cls(
            card_proxy=card_proxy,
            card_number=card_number,
            mask_card_pan=mask_card_pan,
            wallet_guid=wallet_guid,
            wallet_id=wallet_id,
            issuance_type=issuance_type,
            base_iin=base_iin,
            card_condition=card_condition,
            card_status=card_status,
            activation_date=activation_date,
            activation_method=activation_method,
            expiration_date=expiration_date,
            cvx2=cvx2,
            logical_expiration_date=logical_expiration_date,
            person_card_status=person_card_status,
            card_tracking_detail=card_tracking_detail,
            status_change_nonmon_detail=status_change_nonmon_detail,
            sys_utcinserted=sys_utcinserted,
            sys_utcupdated=sys_utcupdated,
            person_guid=person_guid,
            program_guid=program_guid,
            pin_set=pin_set,
            replaced_card_proxy=replaced_card_proxy,
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
