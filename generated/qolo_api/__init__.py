# Generated from openapi.yaml by tools/regenerate.py (openapi-python-client) — do not edit.
# Change the contract or generator-templates/, then run `nox -s regenerate`.
"""A client library for accessing Qolo Card Issuing API"""

from .client import AuthenticatedClient, Client

# The contract's info.version: the single source of the distribution's version.
__version__ = "2.0.0"

__all__ = (
    "__version__",
    "AuthenticatedClient",
    "Client",
)
