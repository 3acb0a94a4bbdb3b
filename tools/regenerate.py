"""Generate `generated/qolo_api` from openapi.yaml, or check that the committed copy is fresh.

    python tools/regenerate.py            # regenerate generated/qolo_api from scratch
    python tools/regenerate.py --check    # the drift gate: exit 1 if generated/ is stale

Both modes generate into a temporary folder first, so a failed generation never leaves a
half-written package behind, and the check compares byte for byte what the contract, the config
and the templates produce with what is committed.

Two things the generator cannot do are done here, after it ran, so no template is forked for
them: every generated module gets the "do not edit" banner, and `webhook_events.py` maps each
event type of the contract's `webhooks:` section (which the generator ignores) to its model.
"""

from __future__ import annotations

import argparse
import difflib
import filecmp
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "qolo_api"
BANNER = (
    "# Generated from openapi.yaml by tools/regenerate.py (openapi-python-client) — do not edit.\n"
    "# Change the contract or generator-templates/, then run `nox -s regenerate`.\n"
)
EVENTS_MODULE = "webhook_events.py"


def generate(into: Path, *, root: Path = ROOT) -> Path:
    """Run the pinned generator with --fail-on-warning and return the generated package folder."""
    out = into / PACKAGE
    command = [
        sys.executable,
        "-m",
        "openapi_python_client",
        "generate",
        "--path",
        str(root / "openapi.yaml"),
        "--config",
        str(root / "generator-config.yml"),
        "--custom-template-path",
        str(root / "generator-templates"),
        "--meta",
        "none",
        "--output-path",
        str(out),
        "--fail-on-warning",
    ]
    # The generator's post-hooks call `ruff` from PATH: make it this environment's pinned ruff.
    path = os.pathsep.join([sysconfig.get_path("scripts"), os.environ.get("PATH", "")])
    env = {**os.environ, "PATH": path}
    result = subprocess.run(command, capture_output=True, text=True, cwd=into, env=env)
    if result.returncode != 0 or not (out / "__init__.py").exists():
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"openapi-python-client failed (exit {result.returncode})")
    # The generator writes the PEP 561 marker only when it also writes project metadata; we
    # generate the bare package (--meta none), so the marker is part of this step instead.
    (out / "py.typed").write_text("")
    contract = yaml.safe_load((root / "openapi.yaml").read_text(encoding="utf-8"))
    if contract.get("webhooks"):
        write_event_models(contract, out)
    add_banner(out)
    return out


def add_banner(package: Path) -> None:
    """Put the banner on top of every generated module (the post-hooks have formatted them)."""
    for module in package.rglob("*.py"):
        module.write_text(BANNER + module.read_text(encoding="utf-8"), encoding="utf-8")


def _exported_models(package: Path) -> set[str]:
    init = (package / "models" / "__init__.py").read_text(encoding="utf-8")
    return set(re.findall(r"^from \.\w+ import (\w+)$", init, re.MULTILINE))


def event_models(contract: dict[str, Any], package: Path) -> dict[str, str]:
    """Event type → generated model class, one per webhook of the contract, checked both ways.

    A webhook is named by its event type; its payload schema's `event_type`, when it is a
    `const`, must say the same, and the generator must have exported a model of that name.
    """
    schemas = contract.get("components", {}).get("schemas", {})
    exported = _exported_models(package)
    found: dict[str, str] = {}
    for event_type, item in contract.get("webhooks", {}).items():
        body = item["post"]["requestBody"]["content"]["application/json"]["schema"]
        name = body.get("$ref", "").removeprefix("#/components/schemas/")
        if name not in schemas:
            raise SystemExit(f"webhook {event_type!r}: its body is not a components/schemas $ref")
        const = schemas[name].get("properties", {}).get("event_type", {}).get("const")
        if const not in (None, event_type):
            raise SystemExit(f"webhook {event_type!r}: {name}.event_type is the const {const!r}")
        if name not in exported:
            raise SystemExit(f"webhook {event_type!r}: no generated model named {name}")
        found[event_type] = name
    return dict(sorted(found.items()))


def write_event_models(contract: dict[str, Any], package: Path) -> None:
    """Write `webhook_events.py`, formatted as the post-hooks format the rest, by the same ruff."""
    events = package / EVENTS_MODULE
    events.write_text(event_models_module(contract, package), encoding="utf-8")
    ruff = Path(sysconfig.get_path("scripts")) / "ruff"
    flags = ["--isolated", "--no-cache", "--line-length", "120", "--target-version", "py311"]
    subprocess.run([str(ruff), "format", *flags, "--quiet", str(events)], check=True)


def event_models_module(contract: dict[str, Any], package: Path) -> str:
    """The source of `webhook_events.py`, before formatting."""
    mapping = event_models(contract, package)
    classes = sorted(set(mapping.values()))
    lines = [
        '"""Each webhook event type of the contract and the model of its payload."""',
        "",
        "from collections.abc import Mapping",
        "",
        "from .models import (",
        *(f"    {name}," for name in classes),
        ")",
        "",
        "#: Any of the models above; each has `from_dict`, `to_dict` and `event_type`.",
        f"EventModel = {' | '.join(classes)}",
        "",
        "#: The contract's `webhooks:` event types, each with the model its body parses as.",
        "EVENT_MODELS: Mapping[str, type[EventModel]] = {",
        *(f'    "{event_type}": {name},' for event_type, name in mapping.items()),
        "}",
        "",
        '__all__ = ["EVENT_MODELS", "EventModel"]',
        "",
    ]
    return "\n".join(lines)


def _tree(folder: Path) -> dict[str, Path]:
    return {
        str(p.relative_to(folder)): p
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def differences(fresh: Path, committed: Path) -> list[str]:
    """Human-readable differences between a fresh generation and the committed package."""
    new, old = _tree(fresh), _tree(committed) if committed.exists() else {}
    problems = [f"missing: {name}" for name in sorted(new.keys() - old.keys())]
    problems += [f"not generated any more: {name}" for name in sorted(old.keys() - new.keys())]
    for name in sorted(new.keys() & old.keys()):
        if not filecmp.cmp(new[name], old[name], shallow=False):
            diff = difflib.unified_diff(
                old[name].read_text().splitlines(),
                new[name].read_text().splitlines(),
                f"committed/{name}",
                f"fresh/{name}",
                lineterm="",
                n=1,
            )
            problems.append(f"changed: {name}\n" + "\n".join(list(diff)[:40]))
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if generated/ is stale")
    parser.add_argument("--root", type=Path, default=ROOT, help="project root (for tests)")
    args = parser.parse_args(argv)
    committed = args.root / "generated" / PACKAGE
    with tempfile.TemporaryDirectory(prefix="qolo-regenerate-") as tmp:
        fresh = generate(Path(tmp), root=args.root)
        if args.check:
            problems = differences(fresh, committed)
            if problems:
                print("\n".join(problems), file=sys.stderr)
                print(
                    f"\ngenerated/{PACKAGE} is stale: it differs from what openapi.yaml, "
                    "generator-config.yml and generator-templates/ produce "
                    f"({len(problems)} file(s)). Run `nox -s regenerate` and commit the result.",
                    file=sys.stderr,
                )
                return 1
            print(f"generated/{PACKAGE} is up to date with the contract.")
            return 0
        shutil.rmtree(committed, ignore_errors=True)
        committed.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(fresh, committed)
        print(f"regenerated generated/{PACKAGE} ({len(_tree(committed))} files)")
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
