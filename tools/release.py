"""Build, check and publish the two distributions, `qolo-client` and `qolo-sandbox`.

    python tools/release.py build     # sdist + wheel of both into dist/; each sdist must rebuild
                                      # the same wheel
    python tools/release.py check     # twine check --strict, then what each archive may contain
    python tools/release.py publish   # refuse a stale generated/, a dirty tree, a disagreement
                                      # or a published version; then build, check and upload
    python tools/release.py record-contract  # contract/released/openapi-<info.version>.yaml:
                                      # the baseline of the breaking-change gate
    python tools/release.py agree [--tag v2.0.1]  # the tag, the version, CHANGELOG.md and the
                                      # recorded contract agree (release.yml, and publish)

Both distributions carry the release version, pyproject.toml's `[project] version` (the
client's own semantic version; sandbox/pyproject.toml must say the same); the contract's
`info.version` travels separately, as `qolo_api.__contract_version__`. `check` fails when an
archive says otherwise.
`publish` uploads to the index twine's own environment names: TWINE_REPOSITORY_URL, or
TWINE_REPOSITORY naming a section of ~/.pypirc (one of the two is required here, so nothing goes
to the public PyPI by accident), TWINE_USERNAME and TWINE_PASSWORD. It
reads the index's PEP 503 simple page, `<TWINE_REPOSITORY_URL without /legacy>/simple/<name>/`
(or `--simple-url`), to refuse a version that is already there, and refuses when it cannot tell.
"""

from __future__ import annotations

import argparse
import ast
import base64
import configparser
import email.message
import email.parser
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import tomllib
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from http.client import HTTPMessage
from pathlib import Path, PurePosixPath
from typing import IO

from packaging.requirements import Requirement
from packaging.utils import (
    InvalidSdistFilename,
    InvalidWheelFilename,
    NormalizedName,
    canonicalize_name,
    parse_sdist_filename,
    parse_wheel_filename,
)
from packaging.version import InvalidVersion, Version

ROOT = Path(__file__).resolve().parent.parent
# Path parts no archive may contain: tests, caches, bytecode, editor and VCS litter.
JUNK_PARTS = frozenset(
    {
        "tests",
        "test",
        "__pycache__",
        ".ruff_cache",
        ".mypy_cache",
        ".pytest_cache",
        ".hypothesis",
        ".nox",
        ".git",
        ".venv",
        ".DS_Store",
    }
)
JUNK_SUFFIXES = (".pyc", ".pyo", ".orig", ".rej", ".swp", ".sqlite3", ".db")
# The client's runtime dependencies, by distribution name, with the modules each provides.
CLIENT_DEPENDENCIES: dict[str, frozenset[str]] = {
    "httpx": frozenset({"httpx"}),
    "attrs": frozenset({"attrs", "attr"}),
}
# Declared but imported only by a dependency, each with why it is worth declaring anyway.
CLIENT_INDIRECT_DEPENDENCIES: dict[str, str] = {
    # httpcore 1.0.x runs `import sniffio` four times per async request; anyio 4.16 no longer
    # brings sniffio, and each failed import walks sys.path, a visible share of a loopback call
    # (figures: bench/README.md). Installed, the import is a dict lookup.
    "sniffio": "httpcore imports it on every async request",
}
KNOWN_SIMPLE_PAGES = {
    "upload.pypi.org": "https://pypi.org/simple/",
    "test.pypi.org": "https://test.pypi.org/simple/",
}


@dataclass(frozen=True, slots=True)
class Distribution:
    """One of the two distributions this repository publishes."""

    name: str  # the project name partners `pip install`
    source: str  # its folder, relative to the repository root
    packages: tuple[str, ...]  # the import packages its wheel holds

    @property
    def stem(self) -> str:
        """The file-name form of the name (`qolo_client`)."""
        return self.name.replace("-", "_")

    def sdist(self, dist: Path, version: str) -> Path:
        return dist / f"{self.stem}-{version}.tar.gz"

    def wheel(self, dist: Path, version: str) -> Path:
        return dist / f"{self.stem}-{version}-py3-none-any.whl"


CLIENT = Distribution("qolo-client", ".", ("qolo_api", "qolo"))
SANDBOX = Distribution("qolo-sandbox", "sandbox", ("qolo_sandbox",))
DISTRIBUTIONS = (CLIENT, SANDBOX)


class ReleaseError(Exception):
    """A step failed, or publishing was refused; the message says why and what to do."""


# -- the version ---------------------------------------------------------------------------------


def release_version(root: Path = ROOT) -> str:
    """pyproject.toml's `[project] version`: the version both distributions are released as."""
    versions = {}
    for distribution in DISTRIBUTIONS:
        path = root / distribution.source / "pyproject.toml"
        value = tomllib.loads(path.read_text(encoding="utf-8"))["project"].get("version")
        try:
            versions[distribution.name] = str(Version(str(value)))
        except InvalidVersion:
            raise ReleaseError(f"{path}: [project] version {value!r} is not a version") from None
    if len(set(versions.values())) != 1:
        raise ReleaseError(
            "qolo-client and qolo-sandbox are released together under one version, but their "
            f"pyproject.toml files say {versions}"
        )
    return versions[CLIENT.name]


def contract_version(root: Path = ROOT) -> str:
    """openapi.yaml's `info.version`: the contract's own version (`__contract_version__`).

    Read line by line (the release tools need no YAML parser): the first `version:` key indented
    two spaces inside the top-level `info:` mapping.
    """
    in_info = False
    for line in (root / "openapi.yaml").read_text(encoding="utf-8").splitlines():
        if line and not line[0].isspace():
            in_info = line.rstrip() == "info:"
            continue
        if in_info and line.startswith("  version:"):
            value = line.partition(":")[2].split(" #")[0].strip().strip("'\"")
            try:
                return str(Version(value))
            except InvalidVersion:
                raise ReleaseError(
                    f"openapi.yaml: info.version {value!r} is not a version"
                ) from None
    raise ReleaseError("openapi.yaml has no info.version")


# -- build ---------------------------------------------------------------------------------------


def _run(command: Sequence[str | Path], *, what: str) -> str:
    """Run a command; on failure raise with its output, which is otherwise kept quiet."""
    result = subprocess.run(
        [str(part) for part in command], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise ReleaseError(
            f"{what} failed (exit {result.returncode}):\n{result.stdout}{result.stderr}"
        )
    return result.stdout


def _build_command(*args: str | Path) -> list[str | Path]:
    # uv makes the isolated build environments in a fraction of pip's time when it is around.
    installer = ["--installer", "uv"] if shutil.which("uv") else []
    return [sys.executable, "-m", "build", *installer, *args]


def _archive_members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist() if not name.endswith("/")}


def build(root: Path = ROOT, dist: Path | None = None) -> list[Path]:
    """Build both sdists and wheels into dist/; prove each unpacked sdist builds itself again
    and the same wheel (what a downstream packager does with it)."""
    dist = dist or root / "dist"
    dist.mkdir(parents=True, exist_ok=True)
    for old in [*dist.glob("qolo_client-*"), *dist.glob("qolo_sandbox-*")]:
        old.unlink()
    built: list[Path] = []
    for distribution in DISTRIBUTIONS:
        with tempfile.TemporaryDirectory(prefix="qolo-release-") as tmp:
            report = Path(tmp) / "report.json"
            source = root / distribution.source
            _run(
                _build_command("--sdist", "--wheel", "--report", report, "--outdir", dist, source),
                what=f"building {distribution.name}",
            )
            artifacts = {
                a["kind"]: Path(a["path"]) for a in json.loads(report.read_text())["artifacts"]
            }
            sdist, wheel = (dist / artifacts[k].name for k in ("sdist", "wheel"))
            rebuilt_dir = Path(tmp) / "from-sdist"
            with tarfile.open(sdist) as archive:
                archive.extractall(Path(tmp) / "unpacked", filter="data")
            (unpacked,) = (Path(tmp) / "unpacked").iterdir()
            _run(
                _build_command("--sdist", "--wheel", "--outdir", rebuilt_dir, unpacked),
                what=f"building {distribution.name} from its unpacked sdist {sdist.name} "
                "(is the sdist self-contained?)",
            )
            direct, rebuilt = _archive_members(wheel), _archive_members(rebuilt_dir / wheel.name)
            if direct != rebuilt:
                differing = sorted(
                    name
                    for name in direct.keys() | rebuilt.keys()
                    if direct.get(name) != rebuilt.get(name)
                )
                raise ReleaseError(
                    f"{distribution.name}: the wheel built from {sdist.name} differs from the "
                    f"one built from the source tree in: {', '.join(differing)}"
                )
            built += [sdist, wheel]
            print(
                f"built {sdist.name} and {wheel.name} "
                "(its unpacked sdist builds itself and the same wheel)",
                flush=True,
            )
    return built


# -- check ---------------------------------------------------------------------------------------


def _junk(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(JUNK_PARTS & set(path.parts)) or path.name.endswith(JUNK_SUFFIXES)


def _metadata(text: str) -> email.message.Message:
    return email.parser.Parser().parsestr(text)


def _imported_modules(source: str, filename: str) -> set[str]:
    """Top-level names of the absolute imports in a module."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.Import):
            names.update(alias.name.partition(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.partition(".")[0])
    return names


def _check_wheel(
    distribution: Distribution, wheel: Path, version: str
) -> tuple[list[str], email.message.Message | None]:
    members = _archive_members(wheel)
    info = f"{distribution.stem}-{version}.dist-info"
    problems = [f"{name}: does not belong in a wheel" for name in members if _junk(name)]
    allowed = {*distribution.packages, info}
    problems += [
        f"{name}: outside {', '.join(sorted(allowed))}"
        for name in members
        if PurePosixPath(name).parts[0] not in allowed
    ]
    for package in distribution.packages:
        for required in ("__init__.py", "py.typed"):
            if f"{package}/{required}" not in members:
                problems.append(f"{package}/{required} is missing")
    if not any(name.startswith(f"{info}/licenses/") for name in members):
        problems.append(f"{info}/licenses/ is empty: the MIT licence must travel with the code")
    if f"{info}/METADATA" not in members:
        return [*problems, f"{info}/METADATA is missing"], None
    metadata = _metadata(members[f"{info}/METADATA"].decode())
    if metadata["Name"] != distribution.name or metadata["Version"] != version:
        problems.append(
            f"METADATA says {metadata['Name']} {metadata['Version']}, "
            f"expected {distribution.name} {version} (pyproject.toml's version)"
        )
    return [f"{wheel.name}: {p}" for p in problems], metadata


def _check_client_dependencies(wheel: Path, metadata: email.message.Message) -> list[str]:
    """Requires-Dist is httpx + attrs + the indirect ones, and nothing else is imported."""
    declared = {
        canonicalize_name(Requirement(r).name) for r in metadata.get_all("Requires-Dist", [])
    }
    problems = []
    expected = set(CLIENT_DEPENDENCIES) | set(CLIENT_INDIRECT_DEPENDENCIES)
    if declared != expected:
        problems.append(
            f"Requires-Dist names {sorted(declared)}, expected exactly {sorted(expected)}"
        )
    provided = set().union(*CLIENT_DEPENDENCIES.values(), CLIENT.packages, sys.stdlib_module_names)
    imported: dict[str, str] = {}
    for name, data in _archive_members(wheel).items():
        if name.endswith(".py"):
            for module in _imported_modules(data.decode(), name):
                imported.setdefault(module, name)
    problems += [
        f"{where} imports {module}, which is not a declared dependency"
        for module, where in sorted(imported.items())
        if module not in provided
    ]
    problems += [
        f"{dependency} is declared but never imported"
        for dependency, modules in CLIENT_DEPENDENCIES.items()
        if not modules & imported.keys()
    ]
    return [f"{wheel.name}: {p}" for p in problems]


def _check_contract_version(wheel: Path, root: Path) -> list[str]:
    """The client records the contract it was generated from (`qolo_api.__contract_version__`)."""
    source = _archive_members(wheel).get("qolo_api/__init__.py", b"").decode()
    expected = f'__contract_version__ = "{contract_version(root)}"'
    if expected not in source:
        return [f"{wheel.name}: qolo_api/__init__.py lacks `{expected}` (run nox -s regenerate)"]
    return []


def _check_sandbox_wheel(wheel: Path, version: str, root: Path) -> list[str]:
    members = _archive_members(wheel)
    problems = []
    packaged = members.get("qolo_sandbox/openapi.yaml")
    if packaged is None:
        problems.append("qolo_sandbox/openapi.yaml is missing")
    elif packaged != (root / "openapi.yaml").read_bytes():
        problems.append("qolo_sandbox/openapi.yaml differs from the repository's openapi.yaml")
    entry_points = configparser.ConfigParser(delimiters=("=",))
    entry_points.read_string(
        members.get(f"qolo_sandbox-{version}.dist-info/entry_points.txt", b"").decode()
    )
    if not entry_points.has_option("console_scripts", "qolo-sandbox"):
        problems.append("it declares no `qolo-sandbox` console script")
    return [f"{wheel.name}: {p}" for p in problems]


def _check_sdist(distribution: Distribution, sdist: Path, version: str, root: Path) -> list[str]:
    """Self-contained (no links), no junk, the right version, and only its own sources."""
    problems = []
    top = f"{distribution.stem}-{version}"
    with tarfile.open(sdist) as archive:
        members = archive.getmembers()
        files: dict[str, bytes] = {}
        for member in members:
            name = member.name.removeprefix(f"{top}/")
            if not member.name.startswith(f"{top}/") and member.name != top:
                problems.append(f"{member.name}: outside {top}/")
            if member.issym() or member.islnk():
                problems.append(f"{name}: a link ({member.linkname}), not a file")
            elif _junk(name):
                problems.append(f"{name}: does not belong in an sdist")
            elif member.isfile():
                handle = archive.extractfile(member)
                files[name] = handle.read() if handle else b""
    if distribution is CLIENT:
        problems += [
            f"{name}: the client's sdist holds only the client's sources"
            for name in files
            if name.startswith(("sandbox/", "conformance/", "bench/", "examples/"))
        ]
    else:
        packaged = files.get("qolo_sandbox/openapi.yaml")
        if packaged != (root / "openapi.yaml").read_bytes():
            problems.append(
                "qolo_sandbox/openapi.yaml is missing or differs from the repository's openapi.yaml"
            )
    pkg_info = _metadata(files.get("PKG-INFO", b"").decode())
    if pkg_info["Version"] != version:
        problems.append(f"PKG-INFO says version {pkg_info['Version']}, expected {version}")
    return [f"{sdist.name}: {p}" for p in problems]


def check(root: Path = ROOT, dist: Path | None = None) -> None:
    """Everything a partner's `pip install` relies on, checked in the built archives."""
    dist = dist or root / "dist"
    version = release_version(root)
    expected = [
        path
        for distribution in DISTRIBUTIONS
        for path in (distribution.sdist(dist, version), distribution.wheel(dist, version))
    ]
    missing = [path.name for path in expected if not path.is_file()]
    if missing:
        present = sorted(p.name for p in dist.glob("qolo_*")) if dist.is_dir() else []
        raise ReleaseError(
            f"missing in {dist}: {', '.join(missing)} (version {version} is pyproject.toml's "
            f"version; found: {', '.join(present) or 'nothing'}). "
            "Run `python tools/release.py build` first; a version mismatch means a distribution "
            "does not take its version from its pyproject.toml."
        )
    problems: list[str] = []
    result = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", *map(str, expected)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )
    if result.returncode != 0:
        problems.append(f"twine check --strict failed:\n{result.stdout}{result.stderr}")
    for distribution in DISTRIBUTIONS:
        wheel = distribution.wheel(dist, version)
        wheel_problems, metadata = _check_wheel(distribution, wheel, version)
        problems += wheel_problems
        if distribution is CLIENT and metadata is not None:
            problems += _check_client_dependencies(wheel, metadata)
            problems += _check_contract_version(wheel, root)
        if distribution is SANDBOX:
            problems += _check_sandbox_wheel(wheel, version, root)
        problems += _check_sdist(distribution, distribution.sdist(dist, version), version, root)
    if problems:
        raise ReleaseError("the built distributions fail their checks:\n- " + "\n- ".join(problems))
    print(
        f"checked qolo-client {version} and qolo-sandbox {version} (contract "
        f"{contract_version(root)}): {len(expected)} archives"
    )


# -- the recorded contract and the agreement of versions -----------------------------------------

RELEASED_CONTRACTS = Path("contract/released")


def released_contract(root: Path, version: str) -> Path:
    """Where the contract of `version` is kept once released: the breaking-change gate's base."""
    return root / RELEASED_CONTRACTS / f"openapi-{version}.yaml"


def record_contract(root: Path = ROOT) -> Path:
    """Keep openapi.yaml as the released contract of its info.version; never overwrite one."""
    version = contract_version(root)
    target = released_contract(root, version)
    contract = (root / "openapi.yaml").read_bytes()
    if target.exists():
        if target.read_bytes() != contract:
            raise ReleaseError(
                f"{target.relative_to(root)} already records contract {version}, and openapi.yaml "
                "differs from it: a released contract never changes; bump info.version"
            )
        print(f"contract {version} is already recorded in {target.relative_to(root)}")
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(contract)
    print(f"recorded contract {version} in {target.relative_to(root)}: commit it with the release")
    return target


def agree(root: Path = ROOT, tag: str | None = None) -> None:
    """The tag (if any), the packages' version, CHANGELOG.md and the recorded contract agree."""
    version = release_version(root)
    problems = []
    if tag is not None and tag.removeprefix("v") != version:
        problems.append(
            f"the tag {tag!r} is not the packages' version {version} (pyproject.toml): tag "
            f"v{version}, or change the version"
        )
    changelog = (root / "CHANGELOG.md").read_text(encoding="utf-8")
    if not re.search(rf"(?m)^## {re.escape(version)}(?![\d.])", changelog):
        problems.append(f"CHANGELOG.md has no entry `## {version}` for this release")
    if re.search(r"(?im)^## \[?unreleased\b", changelog):  # `## [Unreleased]` too
        problems.append(
            f"CHANGELOG.md still has a `## Unreleased` section: name it `## {version} — …` "
            "(or move its lines into that entry)"
        )
    contract = contract_version(root)
    recorded = released_contract(root, contract)
    if not recorded.exists():
        problems.append(
            f"contract {contract} is not recorded in {RELEASED_CONTRACTS}/: run `python "
            "tools/release.py record-contract` and commit (the breaking-change gate's next base)"
        )
    elif recorded.read_bytes() != (root / "openapi.yaml").read_bytes():
        problems.append(
            f"openapi.yaml differs from the recorded contract {contract} ({recorded.name}): a "
            "contract change needs a new info.version"
        )
    if problems:
        raise ReleaseError("refusing to release:\n- " + "\n- ".join(problems))
    print(f"release {version} (contract {contract}): the tag, CHANGELOG.md and the contract agree")


def _tag_from_environment() -> str | None:
    """The tag a CI run was started by (GitHub Actions' variables), if any."""
    if os.environ.get("GITHUB_REF_TYPE") == "tag":
        return os.environ.get("GITHUB_REF_NAME")
    return None


# -- publish -------------------------------------------------------------------------------------


def simple_index_url(repository_url: str) -> str:
    """The PEP 503 simple index that belongs to twine's upload URL."""
    parts = urllib.parse.urlsplit(repository_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ReleaseError(f"the upload URL {repository_url!r} is not an http(s) URL")
    if parts.hostname in KNOWN_SIMPLE_PAGES:
        return KNOWN_SIMPLE_PAGES[parts.hostname]
    path = parts.path.rstrip("/")
    for suffix in ("/legacy", "/simple"):
        path = path.removesuffix(suffix)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, f"{path}/simple/", "", ""))


class _Links(HTMLParser):
    """The file names a simple page links to (anchor text, else the href's last segment)."""

    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []
        self._href: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._href, self._text = dict(attrs).get("href") or "", ""

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            href = urllib.parse.urlsplit(self._href).path.rsplit("/", 1)[-1]
            self.names.append(self._text.strip() or urllib.parse.unquote(href))
            self._href = None


def published_versions(page: str, name: str) -> set[Version]:
    """Versions of `name` that files linked from a simple page belong to."""
    parser = _Links()
    parser.feed(page)
    wanted = canonicalize_name(name)
    versions: set[Version] = set()
    for filename in parser.names:
        found: tuple[NormalizedName, Version]
        try:
            if filename.endswith(".whl"):
                found = parse_wheel_filename(filename)[:2]
            else:
                found = parse_sdist_filename(filename)
        except (InvalidWheelFilename, InvalidSdistFilename, InvalidVersion):
            continue
        if found[0] == wanted:
            versions.add(found[1])
    return versions


class _SameHostRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects on the index's own host only: a jump elsewhere (pypiserver's fallback
    to PyPI) would answer for a different index."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        if urllib.parse.urlsplit(newurl).netloc != urllib.parse.urlsplit(req.full_url).netloc:
            return None
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _fetch_simple_page(url: str) -> str | None:
    """The page's HTML, or None when the index says the project does not exist (404)."""
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise ReleaseError(f"the simple index URL {url!r} is not an http(s) URL")
    request = urllib.request.Request(url, headers={"Accept": "text/html"})  # noqa: S310 (http(s))
    username, password = os.environ.get("TWINE_USERNAME"), os.environ.get("TWINE_PASSWORD")
    public = {urllib.parse.urlsplit(page).hostname for page in KNOWN_SIMPLE_PAGES.values()}
    # A private index may want the uploader's credentials to read; PyPI's token stays private.
    if username and password and urllib.parse.urlsplit(url).hostname not in public:
        token = base64.b64encode(f"{username}:{password}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
    opener = urllib.request.build_opener(_SameHostRedirects())
    try:
        with opener.open(request, timeout=30) as response:
            body: bytes = response.read()
            return body.decode(response.headers.get_content_charset() or "utf-8")
    except urllib.error.HTTPError as exc:
        exc.close()
        if exc.code == 404:
            return None
        where = f" to {exc.headers.get('Location')}" if 300 <= exc.code < 400 else ""
        raise ReleaseError(
            f"refusing to publish: cannot tell whether the version is already on the index: "
            f"{url} answered {exc.code} {exc.reason}{where}. If the index's simple API is "
            "elsewhere, pass --simple-url (for pypiserver, run it with --disable-fallback)."
        ) from None
    except (urllib.error.URLError, OSError) as exc:
        raise ReleaseError(
            f"refusing to publish: cannot tell whether the version is already on the index: "
            f"{url} did not answer ({exc})."
        ) from None


def _refuse_stale_generated(root: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(root / "tools" / "regenerate.py"), "--check", "--root", str(root)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise ReleaseError(
            "refusing to publish: generated/qolo_api is stale or could not be checked "
            "(tools/regenerate.py --check failed):\n"
            f"{(result.stdout + result.stderr).strip()[-2000:]}\n"
            "Run `nox -s regenerate`, commit the result, and publish again."
        )


def _refuse_dirty_tree(root: Path) -> None:
    result = subprocess.run(
        ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=all"],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise ReleaseError(
            f"refusing to publish: cannot tell whether {root} is a clean git checkout "
            f"(git status failed: {result.stderr.strip()})"
        )
    changes = result.stdout.splitlines()
    if changes:
        listed = "\n  ".join(changes[:20]) + ("\n  ..." if len(changes) > 20 else "")
        raise ReleaseError(
            "refusing to publish: the working tree is dirty (a release is built from a commit, "
            f"so anyone can rebuild it):\n  {listed}\nCommit or remove these, then publish again."
        )


def _refuse_published_version(simple_url: str, version: str) -> None:
    for distribution in DISTRIBUTIONS:
        url = f"{simple_url.rstrip('/')}/{canonicalize_name(distribution.name)}/"
        page = _fetch_simple_page(url)
        if page is not None and Version(version) in published_versions(page, distribution.name):
            raise ReleaseError(
                f"refusing to publish: {distribution.name} {version} is already on the index "
                f"({url}); a version is published once. Bump the version in pyproject.toml and "
                "sandbox/pyproject.toml, add a CHANGELOG.md entry, commit, and publish again."
            )


# Where twine uploads for the two repository names it knows without a ~/.pypirc section.
_TWINE_DEFAULT_REPOSITORIES = {
    "pypi": "https://upload.pypi.org/legacy/",
    "testpypi": "https://test.pypi.org/legacy/",
}


def upload_url(pypirc: Path | None = None) -> str:
    """The URL twine will upload to, from its own environment variables (as twine reads them).

    TWINE_REPOSITORY_URL wins; else TWINE_REPOSITORY names a section of ~/.pypirc whose
    `repository` is the URL (`pypi` and `testpypi` have twine's defaults). Neither set is an
    error: an upload must name its index.
    """
    url = os.environ.get("TWINE_REPOSITORY_URL", "")
    if url:
        return url
    name = os.environ.get("TWINE_REPOSITORY", "")
    if not name:
        raise ReleaseError(
            "refusing to publish: neither TWINE_REPOSITORY_URL nor TWINE_REPOSITORY is set. Set "
            "TWINE_REPOSITORY_URL to the index's upload URL (with TWINE_USERNAME and "
            "TWINE_PASSWORD), e.g. https://upload.pypi.org/legacy/, or TWINE_REPOSITORY to a "
            "section of ~/.pypirc."
        )
    path = pypirc or Path("~/.pypirc").expanduser()
    config = configparser.RawConfigParser()
    config.read(path, encoding="utf-8")
    if config.has_option(name, "repository"):
        return config.get(name, "repository")
    if name in _TWINE_DEFAULT_REPOSITORIES:
        return _TWINE_DEFAULT_REPOSITORIES[name]
    raise ReleaseError(
        f"refusing to publish: TWINE_REPOSITORY={name!r}, but {path} has no [{name}] section "
        "with a `repository` URL."
    )


def publish(
    root: Path = ROOT,
    dist: Path | None = None,
    simple_url: str | None = None,
    tag: str | None = None,
) -> None:
    """Refuse what must not be released; otherwise build, check and upload both."""
    dist = dist or root / "dist"
    repository_url = upload_url()
    simple_url = simple_url or simple_index_url(repository_url)
    version = release_version(root)
    _refuse_stale_generated(root)
    _refuse_dirty_tree(root)
    agree(root, tag)
    _refuse_published_version(simple_url, version)
    build(root, dist)
    check(root, dist)
    files = [
        path
        for distribution in DISTRIBUTIONS
        for path in (distribution.sdist(dist, version), distribution.wheel(dist, version))
    ]
    result = subprocess.run(
        [sys.executable, "-m", "twine", "upload", "--non-interactive", "--disable-progress-bar"]
        + [str(path) for path in files],
        check=False,
    )
    if result.returncode != 0:
        raise ReleaseError(f"twine upload to {repository_url} failed (exit {result.returncode})")
    print(f"published qolo-client {version} and qolo-sandbox {version} to {repository_url}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "command", choices=["build", "check", "publish", "record-contract", "agree"]
    )
    parser.add_argument(
        "--tag",
        help="publish, agree: the release tag (v2.0.1), refused unless it is the packages' "
        "version; default: the tag a GitHub Actions run was started by",
    )
    parser.add_argument("--root", type=Path, default=ROOT, help="project root (for tests)")
    parser.add_argument("--dist", type=Path, help="where the archives go (default: ROOT/dist)")
    parser.add_argument(
        "--simple-url",
        help="publish: the index's PEP 503 simple URL, when it is not TWINE_REPOSITORY_URL's "
        "`/simple/`",
    )
    args = parser.parse_args(argv)
    root: Path = args.root.resolve()
    try:
        if args.command == "build":
            build(root, args.dist)
        elif args.command == "check":
            check(root, args.dist)
        elif args.command == "record-contract":
            record_contract(root)
        elif args.command == "agree":
            agree(root, args.tag or _tag_from_environment())
        else:
            publish(root, args.dist, args.simple_url, args.tag or _tag_from_environment())
    except ReleaseError as exc:
        print(f"release: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
