"""Put the contract into the sdist as a real file, in place of the repository's symlink.

In the repository `qolo_sandbox/openapi.yaml` links to `../openapi.yaml`; an unpacked sdist has
the file itself and nothing above it, so the link is resolved only where it exists (a static
`force-include` of `../openapi.yaml` made an unpacked sdist unable to build another).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

CONTRACT = "qolo_sandbox/openapi.yaml"


class ContractHook(BuildHookInterface):  # type: ignore[misc]  # hatchling is untyped here
    """Force-include the contract the symlink points at, when it is a symlink."""

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        packaged = Path(self.root, CONTRACT)
        if packaged.is_symlink():
            build_data["force_include"][str(packaged.resolve(strict=True))] = CONTRACT
