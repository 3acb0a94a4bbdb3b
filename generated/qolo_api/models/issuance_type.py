# Generated from openapi.yaml by tools/regenerate.py (openapi-python-client) — do not edit.
# Change the contract or generator-templates/, then run `nox -s regenerate`.
from enum import StrEnum


class IssuanceType(StrEnum):
    FULL = "FULL"
    ONETIMELOAD = "ONETIMELOAD"
    OTHER = "OTHER"
    TOKEN = "TOKEN"
    VIRTUAL = "VIRTUAL"
    VIRTUALONETIME = "VIRTUALONETIME"
    VIRTUALTOKENALLOWED = "VIRTUALTOKENALLOWED"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> "IssuanceType | None":
        """Keep a value this client does not know yet instead of failing.

        The platform adds enum values without a version bump; the value round-trips unchanged.
        """
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        return member
