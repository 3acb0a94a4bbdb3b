# Generated from openapi.yaml by tools/regenerate.py (openapi-python-client) — do not edit.
# Change the contract or generator-templates/, then run `nox -s regenerate`.
from enum import StrEnum


class WebhookEventType(StrEnum):
    ACCOUNT_ACTIVATED = "account.activated"
    ACCOUNT_CLOSED = "account.closed"
    ACCOUNT_CREATED = "account.created"
    ACCOUNT_INSTRUMENT_CREATED = "account.instrument.created"
    ACCOUNT_STATUS = "account.status"
    ALL = "all"
    AUTH_APPROVED = "auth.approved"
    AUTH_DECLINED = "auth.declined"
    AUTH_REFUNDED = "auth.refunded"
    AUTH_REVERSED = "auth.reversed"
    BANKEFT_CREDIT_RECEIVED = "bankeft.credit.received"
    BANKEFT_CREDIT_RETURNED = "bankeft.credit.returned"
    BANKEFT_CREDIT_REVERSED = "bankeft.credit.reversed"
    BANKEFT_DEBIT_RECEIVED = "bankeft.debit.received"
    BANKEFT_DEBIT_RETURNED = "bankeft.debit.returned"
    BANKEFT_DEBIT_REVERSED = "bankeft.debit.reversed"
    CARD = "card"
    CARD_ACTIVATED = "card.activated"
    CARD_CREATED = "card.created"
    CARD_FULFILMENT = "card.fulfilment"
    CARD_PIN_CHANGED = "card.pin.changed"
    CARD_REPLACED = "card.replaced"
    CARD_STATUS = "card.status"
    CHECK_CLEARED = "check.cleared"
    COMPANY_CREATED = "company.created"
    COMPANY_UPDATED = "company.updated"
    OUTSIDE_INSTRUMENT_CREATED = "outside.instrument.created"
    OUTSIDE_INSTRUMENT_UPDATED = "outside.instrument.updated"
    PAYMENT_FAILURE = "payment.failure"
    PAYMENT_SUCCESS = "payment.success"
    PERSON_CREATED = "person.created"
    PERSON_UPDATED = "person.updated"
    PERSON_VERIFICATION_SUCCESS = "person.verification.success"
    REALTIMEPAYMENT = "realtimepayment"
    TRANSFER_SUCCESS = "transfer.success"
    WALLET_CREATED = "wallet.created"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> "WebhookEventType | None":
        """Keep a value this client does not know yet instead of failing.

        The platform adds enum values without a version bump; the value round-trips unchanged.
        """
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        return member
