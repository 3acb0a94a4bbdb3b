"""The project's tasks: regenerate, lint, typecheck, tests, conformance, sandbox, build, publish.

A bare `nox` runs what CI runs (`nox.options.sessions`). Tool versions are pinned in
pyproject.toml's [dependency-groups]; each session installs only the groups it needs.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import nox

ROOT = Path(__file__).parent
PYPROJECT = nox.project.load_toml(ROOT / "pyproject.toml")
# The interpreter nox runs on: the README's commands must work with whatever Python >= 3.11 the
# machine has, and uv must never try to download another one (it cannot, offline).
PYTHON = f"{sys.version_info.major}.{sys.version_info.minor}"
os.environ.setdefault("UV_PYTHON_DOWNLOADS", "never")

nox.needs_version = ">=2025.2.9"
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.error_on_missing_interpreters = True
nox.options.reuse_venv = "yes"
nox.options.sessions = ["lint", "typecheck", "tests", "conformance", "docs"]

HAND_WRITTEN = [
    path
    for path in [
        "overlay",
        "sandbox",
        "conformance",
        "tests",
        "tools",
        "bench",
        "examples",
        "noxfile.py",
    ]
    if (ROOT / path).exists()
]


def _install_groups(session: nox.Session, *groups: str) -> None:
    for group in groups:
        session.install(*nox.project.dependency_groups(PYPROJECT, group))


def _install_project(session: nox.Session) -> None:
    """The client and the sandbox, editable, as the tests and conformance use them."""
    session.install("-e", ".", "-e", "./sandbox")


@nox.session(python=PYTHON)
def regenerate(session: nox.Session) -> None:
    """Regenerate generated/qolo_api from openapi.yaml (from scratch, --fail-on-warning)."""
    _install_groups(session, "generate")
    session.run("python", "tools/regenerate.py", *session.posargs)


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """Ruff, the contract's validity, provenance and style, and the drift gate on generated/."""
    _install_groups(session, "lint", "generate")
    session.run("ruff", "check", *HAND_WRITTEN)
    session.run("ruff", "format", "--check", *HAND_WRITTEN)
    session.run("openapi-spec-validator", "openapi.yaml")
    # Every element says where it comes from, and docs/choices.md is what the contract gives.
    session.run("python", "tools/provenance.py", "--check")
    _spectral(session)
    session.run("python", "tools/regenerate.py", "--check")


def _spectral(session: nox.Session) -> None:
    """Spectral's OpenAPI ruleset plus ours (.spectral.yaml), zero warnings allowed."""
    if shutil.which("npx") is None:
        if os.environ.get("CI"):
            session.error("the contract's style lint needs Node.js (npx) on PATH, and CI has none")
        session.warn("SKIPPED the contract's Spectral style lint: no Node.js (npx) on PATH")
        return
    session.run(
        "npx",
        "--yes",
        # Pinned: new Spectral releases add rules, which would fail an unchanged contract.
        "@stoplight/spectral-cli@6.16.3",
        "lint",
        "openapi.yaml",
        "--ruleset",
        ".spectral.yaml",
        "--fail-severity",
        "hint",
        external=True,
    )


@nox.session(python=PYTHON)
def typecheck(session: nox.Session) -> None:
    """mypy --strict on every hand-written module (generated/ is checked through its use)."""
    _install_groups(session, "typecheck", "conformance", "release", "docs")
    _install_project(session)
    session.run("mypy", *session.posargs, *HAND_WRITTEN)


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """The whole pytest suite: pipeline, sandbox, client, conformance self-tests, release."""
    _install_groups(session, "conformance", "release")
    _install_project(session)
    # tests/docs need the built site and a browser: `nox -s docs` builds and runs them.
    session.run("pytest", "--ignore=tests/docs", *session.posargs)


@nox.session(python=PYTHON)
def docs(session: nox.Session) -> None:
    """Build the API and Python reference into docs/_build, then test it in headless Chromium.

    `nox -s docs -- --no-test` only builds; other posargs go to pytest (tests/docs).
    """
    _install_groups(session, "docs")
    _install_project(session)
    posargs = list(session.posargs)
    build_only = "--no-test" in posargs
    vendor = Path(session.virtualenv.location) / "vendor"
    # The only step that needs a registry (npm's); the build after it is offline.
    session.run("python", "tools/docs.py", "fetch", "--cache", str(vendor))
    session.run("python", "tools/docs.py", "build", "--cache", str(vendor))
    if build_only:
        return
    _ensure_chromium(session)
    session.run("pytest", "tests/docs", *[arg for arg in posargs if arg != "--no-test"])


def _ensure_chromium(session: nox.Session) -> None:
    """The browser tests/docs drive, from Debian's packages when missing (as root)."""
    if shutil.which("chromium") or os.environ.get("QOLO_CHROMIUM"):
        return
    if os.geteuid() != 0:
        session.error("the docs tests need Chromium: `sudo apt-get install chromium`")
    env = {"DEBIAN_FRONTEND": "noninteractive"}
    session.run("apt-get", "update", "-qq", external=True, env=env)
    session.run("apt-get", "install", "-y", "-qq", "chromium", external=True, env=env)


@nox.session(python=PYTHON)
def sandbox(session: nox.Session) -> None:
    """Run the sandbox in the foreground: `nox -s sandbox -- --port 8000 --controls`."""
    session.install("-e", "./sandbox")
    session.run("qolo-sandbox", *session.posargs)


@nox.session(python=PYTHON)
def build(session: nox.Session) -> None:
    """Build qolo-client and qolo-sandbox (sdists and wheels) into dist/ and check them."""
    _install_groups(session, "release")
    session.run("python", "tools/release.py", "build")
    session.run("python", "tools/release.py", "check")


@nox.session(python=PYTHON)
def publish(session: nox.Session) -> None:
    """Refuse a stale, dirty or already published release; else build, check, twine upload."""
    _install_groups(session, "release", "generate")
    session.run("python", "tools/release.py", "publish", *session.posargs)


@nox.session(python=PYTHON)
def conformance(session: nox.Session) -> None:
    """Schemathesis and our own checks against a fresh sandbox (or QOLO_BASE_URL's deployment).

    `nox -s conformance -- --seed 7 --max-examples 20`; see `python -m conformance --help`.
    """
    _install_groups(session, "conformance")
    _install_project(session)
    session.run("python", "-m", "conformance", *session.posargs)


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Benchmarks, not tests: `nox -s bench -- --only 1,4 --rounds 5` (see bench/README.md)."""
    _install_groups(session, "bench")
    _install_project(session)
    _ensure_wrk(session)
    session.run("python", "-m", "bench", *session.posargs)


def _ensure_wrk(session: nox.Session) -> None:
    """The load generator of measurement 4, from Debian's packages when missing (as root)."""
    if session.run("which", "wrk", external=True, silent=True, success_codes=[0, 1]):
        return
    if os.geteuid() != 0:
        session.error("the sandbox throughput benchmark needs wrk: `sudo apt-get install wrk`")
    env = {"DEBIAN_FRONTEND": "noninteractive"}
    session.run("apt-get", "update", "-qq", external=True, env=env)
    session.run("apt-get", "install", "-y", "-qq", "wrk", external=True, env=env)
