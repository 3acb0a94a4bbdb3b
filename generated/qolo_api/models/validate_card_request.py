# Generated from openapi.yaml by tools/regenerate.py (openapi-python-client) — do not edit.
# Change the contract or generator-templates/, then run `nox -s regenerate`.
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import (
    UNSET,
    BadValue,
    RedactedDict,
    Unset,
    WrongType,
    nulls_absent,
    redacted,
)

if TYPE_CHECKING:
    from ..models.journal_entry import JournalEntry


T = TypeVar("T", bound="ValidateCardRequest")


@_attrs_define
class ValidateCardRequest:
    """The card details to check. Give `card_proxy`, `card_number` or `card_lastX` to identify
    the card, plus any other detail to check; undeclared properties are refused (a choice).

        Attributes:
            card_number (None | str | Unset): The full card number. Secret.
            cvx2 (None | str | Unset): The CVV. Secret.
            expiration_date (None | str | Unset): Expiry as YYMM.
            card_proxy (None | str | Unset):
            card_last_x (None | str | Unset): The last digits of the card number.
            ssn_last4 (None | str | Unset): The SSN's last four digits, an optional second factor. Secret.
            birth_date (None | str | Unset): The date of birth, yyyy-MM-dd, an optional second factor.
            postal_code (None | str | Unset): The address's postal code
            client_reference_id (None | str | Unset): The partner's id of the person, an optional second factor.
            person_guid (UUID | Unset): The cardholder.
            program_guid (None | Unset | UUID): The card's program.
            journal_entry (JournalEntry | Unset): Who asks for a validation, for the platform's journal (fields from the
                reference's sample).
            iin (None | str | Unset): The card's issuer identification number.
    """

    card_number: None | str | Unset = _attrs_field(default=UNSET, repr=redacted)
    cvx2: None | str | Unset = _attrs_field(default=UNSET, repr=redacted)
    expiration_date: None | str | Unset = UNSET
    card_proxy: None | str | Unset = UNSET
    card_last_x: None | str | Unset = UNSET
    ssn_last4: None | str | Unset = _attrs_field(default=UNSET, repr=redacted)
    birth_date: None | str | Unset = UNSET
    postal_code: None | str | Unset = UNSET
    client_reference_id: None | str | Unset = UNSET
    person_guid: UUID | Unset = UNSET
    program_guid: None | Unset | UUID = UNSET
    journal_entry: JournalEntry | Unset = UNSET
    iin: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        card_number: None | str | Unset
        if isinstance(self.card_number, Unset):
            card_number = UNSET
        else:
            card_number = self.card_number

        cvx2: None | str | Unset
        if isinstance(self.cvx2, Unset):
            cvx2 = UNSET
        else:
            cvx2 = self.cvx2

        expiration_date: None | str | Unset
        if isinstance(self.expiration_date, Unset):
            expiration_date = UNSET
        else:
            expiration_date = self.expiration_date

        card_proxy: None | str | Unset
        if isinstance(self.card_proxy, Unset):
            card_proxy = UNSET
        else:
            card_proxy = self.card_proxy

        card_last_x: None | str | Unset
        if isinstance(self.card_last_x, Unset):
            card_last_x = UNSET
        else:
            card_last_x = self.card_last_x

        ssn_last4: None | str | Unset
        if isinstance(self.ssn_last4, Unset):
            ssn_last4 = UNSET
        else:
            ssn_last4 = self.ssn_last4

        birth_date: None | str | Unset
        if isinstance(self.birth_date, Unset):
            birth_date = UNSET
        else:
            birth_date = self.birth_date

        postal_code: None | str | Unset
        if isinstance(self.postal_code, Unset):
            postal_code = UNSET
        else:
            postal_code = self.postal_code

        client_reference_id: None | str | Unset
        if isinstance(self.client_reference_id, Unset):
            client_reference_id = UNSET
        else:
            client_reference_id = self.client_reference_id

        person_guid: str | Unset = UNSET
        if not isinstance(self.person_guid, Unset):
            person_guid = str(self.person_guid)

        program_guid: None | str | Unset
        if isinstance(self.program_guid, Unset):
            program_guid = UNSET
        elif isinstance(self.program_guid, UUID):
            program_guid = str(self.program_guid)
        else:
            program_guid = self.program_guid

        journal_entry: dict[str, Any] | Unset = UNSET
        if not isinstance(self.journal_entry, Unset):
            journal_entry = self.journal_entry.to_dict()

        iin: None | str | Unset
        if isinstance(self.iin, Unset):
            iin = UNSET
        else:
            iin = self.iin

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if card_number is not UNSET:
            field_dict["card_number"] = card_number
        if cvx2 is not UNSET:
            field_dict["cvx2"] = cvx2
        if expiration_date is not UNSET:
            field_dict["expiration_date"] = expiration_date
        if card_proxy is not UNSET:
            field_dict["card_proxy"] = card_proxy
        if card_last_x is not UNSET:
            field_dict["card_lastX"] = card_last_x
        if ssn_last4 is not UNSET:
            field_dict["ssn_last4"] = ssn_last4
        if birth_date is not UNSET:
            field_dict["birth_date"] = birth_date
        if postal_code is not UNSET:
            field_dict["postal_code"] = postal_code
        if client_reference_id is not UNSET:
            field_dict["client_reference_id"] = client_reference_id
        if person_guid is not UNSET:
            field_dict["person_guid"] = person_guid
        if program_guid is not UNSET:
            field_dict["program_guid"] = program_guid
        if journal_entry is not UNSET:
            field_dict["journal_entry"] = journal_entry
        if iin is not UNSET:
            field_dict["iin"] = iin

        return RedactedDict(
            field_dict,
            frozenset(
                {
                    "card_number",
                    "cvx2",
                    "ssn_last4",
                }
            ),
        )

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.journal_entry import JournalEntry  # noqa: PLC0415

        d = nulls_absent(
            src_dict,
            (
                "person_guid",
                "journal_entry",
            ),
        )

        def _parse_card_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if not isinstance(data, str):
                raise WrongType("card_number is not a string")

            return cast(None | str | Unset, data)

        card_number = _parse_card_number(d.pop("card_number", UNSET))

        def _parse_cvx2(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if not isinstance(data, str):
                raise WrongType("cvx2 is not a string")

            return cast(None | str | Unset, data)

        cvx2 = _parse_cvx2(d.pop("cvx2", UNSET))

        def _parse_expiration_date(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if not isinstance(data, str):
                raise WrongType("expiration_date is not a string")

            return cast(None | str | Unset, data)

        expiration_date = _parse_expiration_date(d.pop("expiration_date", UNSET))

        def _parse_card_proxy(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if not isinstance(data, str):
                raise WrongType("card_proxy is not a string")

            return cast(None | str | Unset, data)

        card_proxy = _parse_card_proxy(d.pop("card_proxy", UNSET))

        def _parse_card_last_x(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if not isinstance(data, str):
                raise WrongType("card_lastX is not a string")

            return cast(None | str | Unset, data)

        card_last_x = _parse_card_last_x(d.pop("card_lastX", UNSET))

        def _parse_ssn_last4(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if not isinstance(data, str):
                raise WrongType("ssn_last4 is not a string")

            return cast(None | str | Unset, data)

        ssn_last4 = _parse_ssn_last4(d.pop("ssn_last4", UNSET))

        def _parse_birth_date(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if not isinstance(data, str):
                raise WrongType("birth_date is not a string")

            return cast(None | str | Unset, data)

        birth_date = _parse_birth_date(d.pop("birth_date", UNSET))

        def _parse_postal_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if not isinstance(data, str):
                raise WrongType("postal_code is not a string")

            return cast(None | str | Unset, data)

        postal_code = _parse_postal_code(d.pop("postal_code", UNSET))

        def _parse_client_reference_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if not isinstance(data, str):
                raise WrongType("client_reference_id is not a string")

            return cast(None | str | Unset, data)

        client_reference_id = _parse_client_reference_id(d.pop("client_reference_id", UNSET))

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

        def _parse_program_guid(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if not isinstance(data, str):
                raise WrongType("program_guid has the wrong JSON type")
            try:
                program_guid_type_0 = UUID(data)
            except ValueError:
                raise BadValue("program_guid is not a uuid") from None

            return program_guid_type_0

        program_guid = _parse_program_guid(d.pop("program_guid", UNSET))

        _journal_entry_json = d.pop("journal_entry", UNSET)
        if not isinstance(_journal_entry_json, dict) and _journal_entry_json is not UNSET:
            raise WrongType("journal_entry has the wrong JSON type")
        _journal_entry = _journal_entry_json
        journal_entry: JournalEntry | Unset
        if isinstance(_journal_entry, Unset):
            journal_entry = UNSET
        else:
            journal_entry = JournalEntry.from_dict(_journal_entry)

        def _parse_iin(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if not isinstance(data, str):
                raise WrongType("iin is not a string")

            return cast(None | str | Unset, data)

        iin = _parse_iin(d.pop("iin", UNSET))

        validate_card_request = cls(
            card_number=card_number,
            cvx2=cvx2,
            expiration_date=expiration_date,
            card_proxy=card_proxy,
            card_last_x=card_last_x,
            ssn_last4=ssn_last4,
            birth_date=birth_date,
            postal_code=postal_code,
            client_reference_id=client_reference_id,
            person_guid=person_guid,
            program_guid=program_guid,
            journal_entry=journal_entry,
            iin=iin,
        )

        return validate_card_request
