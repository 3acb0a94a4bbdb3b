# Generated from openapi.yaml by tools/regenerate.py (openapi-python-client) — do not edit.
# Change the contract or generator-templates/, then run `nox -s regenerate`.
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..models.replace_card_operation import ReplaceCardOperation
from ..models.replace_card_status import ReplaceCardStatus
from ..types import (
    UNSET,
    BadValue,
    Unset,
    WrongType,
    nulls_absent,
)

if TYPE_CHECKING:
    from ..models.replace_fulfillment_order_info import ReplaceFulfillmentOrderInfo


T = TypeVar("T", bound="ReplaceCardRequest")


@_attrs_define
class ReplaceCardRequest:
    """What `ReplaceCard` takes. `operation` is required (a choice: the reference marks
    nothing, and REPLACE and RENEW differ in what they do to the PAN); undeclared properties
    are refused.

        Attributes:
            operation (ReplaceCardOperation): `REPLACE` issues a new PAN; `RENEW` keeps the PAN with a new expiry (the
                reissue a
                `DAMAGED` card needs; never for a `LOST` or `STOLEN` one). The two values are
                the reference's; what each does is this contract's reading of their names (the
                reference shows only the enum), and the sandbox behaves so.
            reason_code (None | str | Unset): Why the card is replaced.
            status (ReplaceCardStatus | Unset): The status the replaced card moves to. No closing status is offered.
            new_card_proxy (None | str | Unset): A proxy of the partner's choosing for the new card, unique across the
                platform (a
                taken one is 400 `card_proxy_taken`, and so are `validate` and `digitalpackage`, which
                name the API's own paths under `/api/v1/cards/`); null or omitted, one is assigned.
                The length and characters allowed are this contract's (the reference gives none).
            replace_fulfillment_order_info (ReplaceFulfillmentOrderInfo | Unset): The replacement plastic's production and
                shipping order, with the fields of the
                reference's sample (the page collapses the schema); further properties are kept.
            card_months_until_expire (int | None | Unset): The new card expires this many months from today; 0, null or
                omitted, the
                program's expiry. The upper bound of 120 is this contract's.
            revenue_account_guid (None | Unset | UUID): The account that collects shipping-fee revenue, when fees apply.
            inventory_manager_guid (None | Unset | UUID): An inventory manager (a person) to bulk-ship the new card to, at
                that person's address.
    """

    operation: ReplaceCardOperation
    reason_code: None | str | Unset = UNSET
    status: ReplaceCardStatus | Unset = UNSET
    new_card_proxy: None | str | Unset = UNSET
    replace_fulfillment_order_info: ReplaceFulfillmentOrderInfo | Unset = UNSET
    card_months_until_expire: int | None | Unset = UNSET
    revenue_account_guid: None | Unset | UUID = UNSET
    inventory_manager_guid: None | Unset | UUID = UNSET

    def to_dict(self) -> dict[str, Any]:
        operation = ReplaceCardOperation(self.operation).value

        reason_code: None | str | Unset
        if isinstance(self.reason_code, Unset):
            reason_code = UNSET
        else:
            reason_code = self.reason_code

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = ReplaceCardStatus(self.status).value

        new_card_proxy: None | str | Unset
        if isinstance(self.new_card_proxy, Unset):
            new_card_proxy = UNSET
        else:
            new_card_proxy = self.new_card_proxy

        replace_fulfillment_order_info: dict[str, Any] | Unset = UNSET
        if not isinstance(self.replace_fulfillment_order_info, Unset):
            replace_fulfillment_order_info = self.replace_fulfillment_order_info.to_dict()

        card_months_until_expire: int | None | Unset
        if isinstance(self.card_months_until_expire, Unset):
            card_months_until_expire = UNSET
        else:
            card_months_until_expire = self.card_months_until_expire

        revenue_account_guid: None | str | Unset
        if isinstance(self.revenue_account_guid, Unset):
            revenue_account_guid = UNSET
        elif isinstance(self.revenue_account_guid, UUID):
            revenue_account_guid = str(self.revenue_account_guid)
        else:
            revenue_account_guid = self.revenue_account_guid

        inventory_manager_guid: None | str | Unset
        if isinstance(self.inventory_manager_guid, Unset):
            inventory_manager_guid = UNSET
        elif isinstance(self.inventory_manager_guid, UUID):
            inventory_manager_guid = str(self.inventory_manager_guid)
        else:
            inventory_manager_guid = self.inventory_manager_guid

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "operation": operation,
            }
        )
        if reason_code is not UNSET:
            field_dict["reason_code"] = reason_code
        if status is not UNSET:
            field_dict["status"] = status
        if new_card_proxy is not UNSET:
            field_dict["new_card_proxy"] = new_card_proxy
        if replace_fulfillment_order_info is not UNSET:
            field_dict["replace_fulfillment_order_info"] = replace_fulfillment_order_info
        if card_months_until_expire is not UNSET:
            field_dict["card_months_until_expire"] = card_months_until_expire
        if revenue_account_guid is not UNSET:
            field_dict["revenue_account_guid"] = revenue_account_guid
        if inventory_manager_guid is not UNSET:
            field_dict["inventory_manager_guid"] = inventory_manager_guid

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.replace_fulfillment_order_info import ReplaceFulfillmentOrderInfo  # noqa: PLC0415

        d = nulls_absent(
            src_dict,
            (
                "status",
                "replace_fulfillment_order_info",
            ),
        )
        _operation_json = d.pop("operation")
        if not isinstance(_operation_json, str):
            raise WrongType("operation has the wrong JSON type")
        operation = ReplaceCardOperation(_operation_json)

        def _parse_reason_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if not isinstance(data, str):
                raise WrongType("reason_code is not a string")

            return cast(None | str | Unset, data)

        reason_code = _parse_reason_code(d.pop("reason_code", UNSET))

        _status_json = d.pop("status", UNSET)
        if not isinstance(_status_json, str) and _status_json is not UNSET:
            raise WrongType("status has the wrong JSON type")
        _status = _status_json
        status: ReplaceCardStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = ReplaceCardStatus(_status)

        def _parse_new_card_proxy(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if not isinstance(data, str):
                raise WrongType("new_card_proxy is not a string")

            return cast(None | str | Unset, data)

        new_card_proxy = _parse_new_card_proxy(d.pop("new_card_proxy", UNSET))

        _replace_fulfillment_order_info_json = d.pop("replace_fulfillment_order_info", UNSET)
        if (
            not isinstance(_replace_fulfillment_order_info_json, dict)
            and _replace_fulfillment_order_info_json is not UNSET
        ):
            raise WrongType("replace_fulfillment_order_info has the wrong JSON type")
        _replace_fulfillment_order_info = _replace_fulfillment_order_info_json
        replace_fulfillment_order_info: ReplaceFulfillmentOrderInfo | Unset
        if isinstance(_replace_fulfillment_order_info, Unset):
            replace_fulfillment_order_info = UNSET
        else:
            replace_fulfillment_order_info = ReplaceFulfillmentOrderInfo.from_dict(_replace_fulfillment_order_info)

        def _parse_card_months_until_expire(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if isinstance(data, float) and data.is_integer():  # JSON Schema: 3.0 is an integer
                data = int(data)
            if not isinstance(data, int) or isinstance(data, bool):
                raise WrongType("card_months_until_expire is not an integer")

            return cast(int | None | Unset, data)

        card_months_until_expire = _parse_card_months_until_expire(d.pop("card_months_until_expire", UNSET))

        def _parse_revenue_account_guid(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if not isinstance(data, str):
                raise WrongType("revenue_account_guid has the wrong JSON type")
            try:
                revenue_account_guid_type_0 = UUID(data)
            except ValueError:
                raise BadValue("revenue_account_guid is not a uuid") from None

            return revenue_account_guid_type_0

        revenue_account_guid = _parse_revenue_account_guid(d.pop("revenue_account_guid", UNSET))

        def _parse_inventory_manager_guid(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if not isinstance(data, str):
                raise WrongType("inventory_manager_guid has the wrong JSON type")
            try:
                inventory_manager_guid_type_0 = UUID(data)
            except ValueError:
                raise BadValue("inventory_manager_guid is not a uuid") from None

            return inventory_manager_guid_type_0

        inventory_manager_guid = _parse_inventory_manager_guid(d.pop("inventory_manager_guid", UNSET))

        replace_card_request = cls(
            operation=operation,
            reason_code=reason_code,
            status=status,
            new_card_proxy=new_card_proxy,
            replace_fulfillment_order_info=replace_fulfillment_order_info,
            card_months_until_expire=card_months_until_expire,
            revenue_account_guid=revenue_account_guid,
            inventory_manager_guid=inventory_manager_guid,
        )

        return replace_card_request
