# Generated from openapi.yaml by tools/regenerate.py (openapi-python-client) — do not edit.
# Change the contract or generator-templates/, then run `nox -s regenerate`.
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

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

if TYPE_CHECKING:
    from ..models.field_error import FieldError


T = TypeVar("T", bound="Problem")


@_attrs_define
class Problem:
    """An RFC 9457 problem document, the body of every 4xx and 5xx response. Branch on `code`
    (stable, machine-readable), show `detail` to humans, quote `request_id` to support. A
    choice: the platform does not publish its error body, and a standard one lets every
    client handle errors one way.

        Attributes:
            type_ (str): A URI naming the problem type (RFC 9457).
            title (str): The HTTP reason phrase of `status` (RFC 9457).
            status (int): The HTTP status code (RFC 9457).
            code (str): Stable machine-readable code, so clients never parse prose. Known values:
                `validation_error`, `invalid_json`, `unsupported_media_type`, `invalid_token`,
                `invalid_credentials`, `not_found`, `card_not_found`, `person_not_found`,
                `program_not_found`, `wallet_not_found`, `notification_not_found`,
                `method_not_allowed`, `method_not_allowed_for_token`, `invalid_status_transition`,
                `card_not_replaceable`, `card_needs_new_number`, `card_proxy_taken`, `card_status_forbids_pin`,
                `person_details_required`, `card_ambiguous`, `issuance_type_change_not_allowed`,
                `idempotency_key_reused`, `idempotency_request_in_flight`, `rate_limited`,
                `malformed_request`, `body_too_deep`, `body_too_large`, `integer_out_of_range`,
                `header_too_large`, `request_timeout`, `internal_error`. New codes may be added.
            request_id (str): The request's id, as in the `X-Request-Id` header, to quote to support.
            detail (str | Unset): What went wrong, for humans (RFC 9457).
            instance (str | Unset): The request path that failed (RFC 9457), a card number in it masked as `mask_card_pan`
                is.
            errors (list[FieldError] | Unset): For 400 validation errors, one entry per bad field, so a form can show each;
                at most 100 (`detail` counts them all).
    """

    type_: str
    title: str
    status: int
    code: str
    request_id: str
    detail: str | Unset = UNSET
    instance: str | Unset = UNSET
    errors: list[FieldError] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict, repr=redacted_free_form)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        title = self.title

        status = self.status

        code = self.code

        request_id = self.request_id

        detail = self.detail

        instance = self.instance

        errors: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.errors, Unset):
            errors = []
            for errors_item_data in self.errors:
                errors_item = errors_item_data.to_dict()
                errors.append(errors_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "title": title,
                "status": status,
                "code": code,
                "request_id": request_id,
            }
        )
        if detail is not UNSET:
            field_dict["detail"] = detail
        if instance is not UNSET:
            field_dict["instance"] = instance
        if errors is not UNSET:
            field_dict["errors"] = errors

        return RedactedDict(field_dict, frozenset())

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.field_error import FieldError  # noqa: PLC0415

        d = nulls_absent(
            src_dict,
            (
                "detail",
                "instance",
                "errors",
            ),
        )
        type_ = d.pop("type")
        if not isinstance(type_, str):
            raise WrongType("type is not a string")

        title = d.pop("title")
        if not isinstance(title, str):
            raise WrongType("title is not a string")

        status = d.pop("status")
        if isinstance(status, float) and status.is_integer():  # JSON Schema: 3.0 is an integer
            status = int(status)
        if not isinstance(status, int) or isinstance(status, bool):
            raise WrongType("status is not an integer")

        code = d.pop("code")
        if not isinstance(code, str):
            raise WrongType("code is not a string")

        request_id = d.pop("request_id")
        if not isinstance(request_id, str):
            raise WrongType("request_id is not a string")

        detail = d.pop("detail", UNSET)
        if not isinstance(detail, str) and detail is not UNSET:
            raise WrongType("detail is not a string")

        instance = d.pop("instance", UNSET)
        if not isinstance(instance, str) and instance is not UNSET:
            raise WrongType("instance is not a string")

        _errors_json = d.pop("errors", UNSET)
        if not isinstance(_errors_json, list) and _errors_json is not UNSET:
            raise WrongType("errors has the wrong JSON type")
        _errors = _errors_json
        errors: list[FieldError] | Unset = UNSET
        if _errors is not UNSET:
            errors = []
            for errors_item_data in _errors:
                errors_item = FieldError.from_dict(errors_item_data)

                errors.append(errors_item)

        problem = cls(
            type_=type_,
            title=title,
            status=status,
            code=code,
            request_id=request_id,
            detail=detail,
            instance=instance,
            errors=errors,
        )

        problem.additional_properties = d
        return problem

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
