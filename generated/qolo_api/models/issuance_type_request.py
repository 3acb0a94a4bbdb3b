# Generated from openapi.yaml by tools/regenerate.py (openapi-python-client) — do not edit.
# Change the contract or generator-templates/, then run `nox -s regenerate`.
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.iin_brand import IinBrand
from ..models.issuance_type import IssuanceType
from ..types import (
    UNSET,
    Unset,
    WrongType,
    nulls_absent,
)

if TYPE_CHECKING:
    from ..models.fulfillment_order_info import FulfillmentOrderInfo


T = TypeVar("T", bound="IssuanceTypeRequest")


@_attrs_define
class IssuanceTypeRequest:
    """What `issuance_type` takes; undeclared properties are refused (a choice).

    Attributes:
        issuance_type (IssuanceType): How the card is issued: `FULL` a reloadable plastic card, `VIRTUAL` a reloadable
            virtual
            card, `VIRTUALONETIME` a single-load virtual card, `ONETIMELOAD` a single-load plastic
            card, `VIRTUALTOKENALLOWED` a virtual card that may be tokenized, `TOKEN` a token,
            `OTHER` anything else.
        fourth_line (None | str | Unset): A fourth line to print on the plastic; omitted, the program's, where it has
            one.
        iin_brand (IinBrand | Unset): The card scheme, when the program has several; omitted, the program's.
        fulfillment_order_info (FulfillmentOrderInfo | Unset): The plastic card's production and shipping order. The
            fields are those of the
            reference's sample (its page collapses the schema and cuts the sample after
            `message_4`), so further properties are accepted and kept.
    """

    issuance_type: IssuanceType
    fourth_line: None | str | Unset = UNSET
    iin_brand: IinBrand | Unset = UNSET
    fulfillment_order_info: FulfillmentOrderInfo | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        issuance_type = IssuanceType(self.issuance_type).value

        fourth_line: None | str | Unset
        if isinstance(self.fourth_line, Unset):
            fourth_line = UNSET
        else:
            fourth_line = self.fourth_line

        iin_brand: str | Unset = UNSET
        if not isinstance(self.iin_brand, Unset):
            iin_brand = IinBrand(self.iin_brand).value

        fulfillment_order_info: dict[str, Any] | Unset = UNSET
        if not isinstance(self.fulfillment_order_info, Unset):
            fulfillment_order_info = self.fulfillment_order_info.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "issuance_type": issuance_type,
            }
        )
        if fourth_line is not UNSET:
            field_dict["fourth_line"] = fourth_line
        if iin_brand is not UNSET:
            field_dict["iin_brand"] = iin_brand
        if fulfillment_order_info is not UNSET:
            field_dict["fulfillment_order_info"] = fulfillment_order_info

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.fulfillment_order_info import FulfillmentOrderInfo  # noqa: PLC0415

        d = nulls_absent(
            src_dict,
            (
                "iin_brand",
                "fulfillment_order_info",
            ),
        )
        _issuance_type_json = d.pop("issuance_type")
        if not isinstance(_issuance_type_json, str):
            raise WrongType("issuance_type has the wrong JSON type")
        issuance_type = IssuanceType(_issuance_type_json)

        def _parse_fourth_line(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if not isinstance(data, str):
                raise WrongType("fourth_line is not a string")

            return cast(None | str | Unset, data)

        fourth_line = _parse_fourth_line(d.pop("fourth_line", UNSET))

        _iin_brand_json = d.pop("iin_brand", UNSET)
        if not isinstance(_iin_brand_json, str) and _iin_brand_json is not UNSET:
            raise WrongType("iin_brand has the wrong JSON type")
        _iin_brand = _iin_brand_json
        iin_brand: IinBrand | Unset
        if isinstance(_iin_brand, Unset):
            iin_brand = UNSET
        else:
            iin_brand = IinBrand(_iin_brand)

        _fulfillment_order_info_json = d.pop("fulfillment_order_info", UNSET)
        if not isinstance(_fulfillment_order_info_json, dict) and _fulfillment_order_info_json is not UNSET:
            raise WrongType("fulfillment_order_info has the wrong JSON type")
        _fulfillment_order_info = _fulfillment_order_info_json
        fulfillment_order_info: FulfillmentOrderInfo | Unset
        if isinstance(_fulfillment_order_info, Unset):
            fulfillment_order_info = UNSET
        else:
            fulfillment_order_info = FulfillmentOrderInfo.from_dict(_fulfillment_order_info)

        issuance_type_request = cls(
            issuance_type=issuance_type,
            fourth_line=fourth_line,
            iin_brand=iin_brand,
            fulfillment_order_info=fulfillment_order_info,
        )

        return issuance_type_request
