"""Generate `generated/qolo_api` from openapi.yaml, or check that the committed copy is fresh.

    python tools/regenerate.py            # regenerate generated/qolo_api from scratch
    python tools/regenerate.py --check    # the drift gate: exit 1 if generated/ is stale

Both modes generate into a temporary folder first, so a failed generation never leaves a
half-written package behind, and the check compares byte for byte what the contract, the config
and the templates produce with what is committed.
"""

from __future__ import annotations

import argparse
import difflib
import filecmp
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "qolo_api"


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
    return out


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
