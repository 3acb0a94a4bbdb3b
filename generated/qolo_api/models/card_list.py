# Generated from openapi.yaml by tools/regenerate.py (openapi-python-client) — do not edit.
# Change the contract or generator-templates/, then run `nox -s regenerate`.
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import (
    RedactedDict,
    WrongType,
    redacted_free_form,
)

if TYPE_CHECKING:
    from ..models.card import Card


T = TypeVar("T", bound="CardList")


@_attrs_define
class CardList:
    """One page of cards (`ListCards` is this contract's; the envelope is the platform's other lists').

    Attributes:
        count (int): Matching cards in all pages.
        start_index (int): The index of this page's first item.
        end_index (int): The index just past this page's last item; the next page's `start_index`.
        has_more (bool): Whether another page exists.
        data (list[Card]): The page's cards.
    """

    count: int
    start_index: int
    end_index: int
    has_more: bool
    data: list[Card]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict, repr=redacted_free_form)

    def to_dict(self) -> dict[str, Any]:
        count = self.count

        start_index = self.start_index

        end_index = self.end_index

        has_more = self.has_more

        data = []
        for data_item_data in self.data:
            data_item = data_item_data.to_dict()
            data.append(data_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "count": count,
                "start_index": start_index,
                "end_index": end_index,
                "has_more": has_more,
                "data": data,
            }
        )

        return RedactedDict(field_dict, frozenset())

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.card import Card  # noqa: PLC0415

        d = dict(src_dict)
        count = d.pop("count")
        if isinstance(count, float) and count.is_integer():  # JSON Schema: 3.0 is an integer
            count = int(count)
        if not isinstance(count, int) or isinstance(count, bool):
            raise WrongType("count is not an integer")

        start_index = d.pop("start_index")
        if isinstance(start_index, float) and start_index.is_integer():  # JSON Schema: 3.0 is an integer
            start_index = int(start_index)
        if not isinstance(start_index, int) or isinstance(start_index, bool):
            raise WrongType("start_index is not an integer")

        end_index = d.pop("end_index")
        if isinstance(end_index, float) and end_index.is_integer():  # JSON Schema: 3.0 is an integer
            end_index = int(end_index)
        if not isinstance(end_index, int) or isinstance(end_index, bool):
            raise WrongType("end_index is not an integer")

        has_more = d.pop("has_more")
        if not isinstance(has_more, bool):
            raise WrongType("has_more is not a boolean")

        _data_json = d.pop("data")
        if not isinstance(_data_json, list):
            raise WrongType("data has the wrong JSON type")
        data = []
        _data = _data_json
        for data_item_data in _data:
            data_item = Card.from_dict(data_item_data)

            data.append(data_item)

        card_list = cls(
            count=count,
            start_index=start_index,
            end_index=end_index,
            has_more=has_more,
            data=data,
        )

        card_list.additional_properties = d
        return card_list

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
