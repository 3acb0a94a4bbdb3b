# Generated from openapi.yaml by openapi-python-client with generator-templates/ — do not edit.
# Change the contract or the templates, then run `nox -s regenerate`.

"""A client library for accessing Qolo Card Issuing API"""

from .client import AuthenticatedClient, Client

# The contract's info.version: the single source of the distribution's version.
__version__ = "2.0.0"

__all__ = (
    "__version__",
    "AuthenticatedClient",
    "Client",
)
