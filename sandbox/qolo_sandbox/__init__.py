"""A local HTTP server that behaves like the Qolo card-issuing API as openapi.yaml describes it.

Run it with `qolo-sandbox` (see `--help`); start it from tests with `qolo_sandbox.testing`.
"""

from ._config import Config, CredentialSpec
from .app import SandboxApp, create_app

__all__ = ["Config", "CredentialSpec", "SandboxApp", "create_app"]
