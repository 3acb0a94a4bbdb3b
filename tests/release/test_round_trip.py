"""The release round trip against a real package index on loopback.

`tools/release.py publish` (what `nox -s publish` runs) uploads both distributions to a
pypiserver the test starts; a fresh virtualenv installs them from that index only; the installed
`qolo-sandbox` command serves; the README's quick start runs against it. Publishing runs in a
scratch git repository holding a snapshot of the working tree, never in the working copy.
"""

from __future__ import annotations

import doctest
import email.parser
import os
import queue
import re
import subprocess
import sys
import threading
import urllib.request
import venv
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from ._support import (
    ROOT,
    Index,
    git,
    load_release_tool,
    quick_start,
    running_index,
    snapshot_repository,
    stop,
)

pytestmark = [pytest.mark.slow, pytest.mark.timeout(280)]

BIN = "Scripts" if sys.platform == "win32" else "bin"


@pytest.fixture(scope="module")
def version() -> str:
    """pyproject.toml's version: what both distributions must be published as."""
    return str(load_release_tool().release_version(ROOT))


@pytest.fixture(scope="module")
def contract_version() -> str:
    """The contract's info.version: what the installed client says it was generated from."""
    return str(load_release_tool().contract_version(ROOT))


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory, version: str) -> Path:
    """A clean scratch repository: the working tree as it is now, committed, as its release would
    be cut (lines gathered under `## Unreleased` named for the version, as `agree` requires)."""
    repo = snapshot_repository(tmp_path_factory.mktemp("release") / "repo")
    changelog = repo / "CHANGELOG.md"
    text, count = re.subn(
        r"(?m)^## Unreleased$", f"## {version} — this tree", changelog.read_text("utf-8")
    )
    if count:
        changelog.write_text(text, "utf-8")
        git(repo, "commit", "-q", "-am", f"name the unreleased changes {version}")
    return repo


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Index]:
    """A pypiserver on 127.0.0.1 serving (and accepting uploads into) an empty folder."""
    folder = tmp_path_factory.mktemp("index")
    with running_index(folder / "packages", folder / "pypiserver.log") as running:
        yield running


def publish(repo: Path, index: Index) -> subprocess.CompletedProcess[str]:
    """`tools/release.py publish` in `repo`, to `index`, with twine's standard variables."""
    env = {
        **os.environ,
        "TWINE_REPOSITORY_URL": index.url,
        "TWINE_USERNAME": "release-test",
        "TWINE_PASSWORD": "unused-by-this-index",
    }
    return subprocess.run(
        [sys.executable, str(repo / "tools" / "release.py"), "publish"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )


def on_index(index: Index, name: str) -> str:
    with urllib.request.urlopen(f"{index.simple_url}{name}/", timeout=10) as response:
        return str(response.read().decode())


def test_publish_refuses_a_stale_generated_package(repo: Path, index: Index) -> None:
    """A contract bump without `nox -s regenerate` is refused, and nothing is uploaded."""
    contract = repo / "openapi.yaml"
    text = contract.read_text()
    bumped, count = re.subn(r"(?m)^(  version:[ ]*)\S+", r"\g<1>99.0.0", text, count=1)
    assert count == 1
    contract.write_text(bumped)
    git(repo, "commit", "-q", "-am", "bump the contract, forget to regenerate")
    before = sorted(index.folder.iterdir())
    try:
        result = publish(repo, index)
    finally:
        git(repo, "reset", "-q", "--hard", "HEAD~1")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "refusing to publish: generated/qolo_api is stale" in result.stderr
    assert "nox -s regenerate" in result.stderr
    assert before == sorted(index.folder.iterdir())


def test_publish_refuses_a_dirty_tree(repo: Path, index: Index) -> None:
    """An uncommitted file is refused by name, and nothing is uploaded."""
    stray = repo / "overlay" / "qolo" / "stray_edit.py"
    stray.write_text("# not committed\n")
    before = sorted(index.folder.iterdir())
    try:
        result = publish(repo, index)
    finally:
        stray.unlink()
    assert result.returncode == 1, result.stdout + result.stderr
    assert "refusing to publish: the working tree is dirty" in result.stderr
    assert "overlay/qolo/stray_edit.py" in result.stderr
    assert before == sorted(index.folder.iterdir())


def _requirements(wheels: list[Path]) -> list[str]:
    """The Requires-Dist lines of the wheels (extras resolved by pip)."""
    requirements: list[str] = []
    for wheel in wheels:
        with zipfile.ZipFile(wheel) as archive:
            metadata = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
            message = email.parser.Parser().parsestr(archive.read(metadata).decode())
        requirements += message.get_all("Requires-Dist", [])
    return requirements


def _isolated_env(**extra: str) -> dict[str, str]:
    """The environment without anything that points pip or Python at other places."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PIP_", "PYTHON", "VIRTUAL_ENV", "QOLO_", "UV_"))
    }
    return {**env, "PIP_CONFIG_FILE": os.devnull, "PIP_DISABLE_PIP_VERSION_CHECK": "1", **extra}


def _serve_sandbox(executable: Path, cwd: Path) -> tuple[subprocess.Popen[str], dict[str, str]]:
    """Start the installed `qolo-sandbox --port 0`; return it and the variables it prints."""
    process = subprocess.Popen(
        [str(executable), "--port", "0"],
        cwd=cwd,
        env=_isolated_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line)

    threading.Thread(target=pump, daemon=True).start()
    seen: list[str] = []
    try:
        while True:
            line = lines.get(timeout=30)
            seen.append(line)
            if line.startswith("QOLO_BASE_URL="):
                variables = dict(word.split("=", 1) for word in line.split())
                return process, variables
    except queue.Empty:
        stop(process)
        raise AssertionError(
            "qolo-sandbox printed no QOLO_BASE_URL line:\n" + "".join(seen)
        ) from None


def test_round_trip(
    repo: Path, index: Index, version: str, contract_version: str, tmp_path: Path
) -> None:
    """publish → fresh venv → pip install from that index only → sandbox → README quick start."""
    first = publish(repo, index)
    assert first.returncode == 0, first.stdout + first.stderr
    assert f"published qolo-client {version} and qolo-sandbox {version}" in first.stdout
    for name in ("qolo-client", "qolo-sandbox"):
        page = on_index(index, name)
        stem = name.replace("-", "_")
        assert f"{stem}-{version}.tar.gz" in page
        assert f"{stem}-{version}-py3-none-any.whl" in page

    again = publish(repo, index)
    assert again.returncode == 1, again.stdout + again.stderr
    assert f"refusing to publish: qolo-client {version} is already on the index" in again.stderr

    # A fresh virtualenv; its pip first fills the index with the runtime dependencies from the
    # normal index (the one pip is configured with), then installs from the local index only.
    fresh = tmp_path / "venv"
    venv.create(fresh, with_pip=True)
    python = fresh / BIN / "python"
    wheels = sorted((repo / "dist").glob(f"*-{version}-py3-none-any.whl"))
    assert len(wheels) == 2, wheels
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("\n".join(_requirements(wheels)) + "\n")
    download = subprocess.run(
        [str(python), "-m", "pip", "download", "--quiet", "--only-binary=:all:",
         "--dest", str(index.folder), "-r", str(requirements)],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    assert download.returncode == 0, download.stdout + download.stderr
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--no-cache-dir", "--index-url", index.simple_url,
         f"qolo-client=={version}", f"qolo-sandbox=={version}"],
        capture_output=True, text=True, timeout=180, check=False, env=_isolated_env(),
    )  # fmt: skip
    assert install.returncode == 0, install.stdout + install.stderr
    where = subprocess.run(
        [str(python), "-I", "-c",
         "import qolo, qolo_api, qolo_sandbox, importlib.metadata as m\n"
         "for module in (qolo, qolo_api, qolo_sandbox): print(module.__file__)\n"
         "import qolo._config\n"
         "print(m.version('qolo-client'), m.version('qolo-sandbox'),"
         " qolo_api.__contract_version__)\n"
         "print(qolo._config.USER_AGENT)"],
        cwd=tmp_path, capture_output=True, text=True, check=False, env=_isolated_env(),
    )  # fmt: skip
    assert where.returncode == 0, where.stderr
    *files, versions, user_agent = where.stdout.splitlines()
    assert all(Path(f).is_relative_to(fresh) for f in files), files
    assert versions.split() == [version, version, contract_version]
    assert user_agent.startswith(f"qolo-client/{version} (contract {contract_version}) ")

    readme = quick_start((repo / "README.md").read_text())
    assert readme is not None, "README.md has no quick-start section with a ```python block"
    script = tmp_path / "quick_start.py"
    script.write_text(readme.code)
    sandbox, variables = _serve_sandbox(fresh / BIN / "qolo-sandbox", tmp_path)
    try:
        assert set(variables) >= {"QOLO_BASE_URL", "QOLO_LOGINID", "QOLO_APIKEY"}
        run = subprocess.run(
            [str(python), "-I", str(script)],
            cwd=tmp_path,
            env=_isolated_env(**variables),
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        stop(sandbox)
    assert run.returncode == 0, f"the README quick start ({readme.heading}) failed:\n{run.stderr}"
    if readme.expected_output is not None:
        checker = doctest.OutputChecker()
        flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
        assert checker.check_output(readme.expected_output, run.stdout, flags), (
            f"the quick start printed:\n{run.stdout}\nthe README says:\n{readme.expected_output}"
        )
    else:
        assert run.stdout.strip(), "the quick start printed nothing"
