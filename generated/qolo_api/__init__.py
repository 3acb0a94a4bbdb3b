# Generated from openapi.yaml by tools/regenerate.py (openapi-python-client) — do not edit.
# Change the contract or generator-templates/, then run `nox -s regenerate`.
"""A client library for accessing Qolo Card Issuing API"""

from .client import AuthenticatedClient, Client

# The contract's info.version this package was generated from (the client has its own version).
__contract_version__ = "2.4.0"

__all__ = (
    "__contract_version__",
    "AuthenticatedClient",
    "Client",
)
