"""tools/release.py's pieces, fast: the version, the index's answers, the archive checks, and
the README quick-start finder the round trip relies on."""

from __future__ import annotations

import socket
import threading
import urllib.request
import zipfile
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import ClassVar

import pytest
from packaging.version import Version

from . import _support
from ._support import free_port, load_release_tool, quick_start


@pytest.fixture(scope="module")
def release() -> ModuleType:
    return load_release_tool()


def test_contract_version_is_info_version(release: ModuleType, tmp_path: Path) -> None:
    """Only `info.version` counts, quoted or not, wherever other `version:` keys appear."""
    (tmp_path / "openapi.yaml").write_text(
        "openapi: 3.1.0\n"
        "x-tooling:\n  version: 9.9.9\n"
        "info:\n  title: T\n  description: |\n    version: 8.8.8\n\n    more\n"
        "  version: '1.4.2'\n"
        "components:\n  version: 7.7.7\n"
    )
    assert release.contract_version(tmp_path) == "1.4.2"


def test_contract_version_missing_is_an_error(release: ModuleType, tmp_path: Path) -> None:
    """No info.version, no release."""
    (tmp_path / "openapi.yaml").write_text("openapi: 3.1.0\ninfo:\n  title: T\n")
    with pytest.raises(release.ReleaseError, match=r"no info\.version"):
        release.contract_version(tmp_path)


@pytest.mark.parametrize(
    ("upload", "simple"),
    [
        ("https://upload.pypi.org/legacy/", "https://pypi.org/simple/"),
        ("https://test.pypi.org/legacy/", "https://test.pypi.org/simple/"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080/simple/"),
        ("http://127.0.0.1:8080/", "http://127.0.0.1:8080/simple/"),
        ("https://nexus.example/repository/pypi-internal/", "https://nexus.example/repository/pypi-internal/simple/"),
        ("https://gitlab.example/api/v4/projects/7/packages/pypi", "https://gitlab.example/api/v4/projects/7/packages/pypi/simple/"),
    ],
)  # fmt: skip
def test_simple_index_url(release: ModuleType, upload: str, simple: str) -> None:
    """The simple index is derived from TWINE_REPOSITORY_URL."""
    assert simple == release.simple_index_url(upload)


def test_simple_index_url_refuses_other_schemes(release: ModuleType) -> None:
    """A file: or bare URL cannot be asked anything."""
    with pytest.raises(release.ReleaseError, match="not an http"):
        release.simple_index_url("file:///srv/packages")


def test_published_versions(release: ModuleType) -> None:
    """Versions come from the linked file names of this project only, names normalized."""
    page = """<!DOCTYPE html><html><body>
    <a href="../../packages/qolo_client-1.0.0-py3-none-any.whl#sha256=ab">qolo_client-1.0.0-py3-none-any.whl</a>
    <a href="/files/Qolo.Client-1.1.0.tar.gz">Qolo.Client-1.1.0.tar.gz</a>
    <a href="/files/qolo_client-1.2.0.tar.gz"></a>
    <a href="/files/qolo_sandbox-2.0.0.tar.gz">qolo_sandbox-2.0.0.tar.gz</a>
    <a href="/files/README">README</a>
    </body></html>"""  # noqa: E501
    assert {Version("1.0.0"), Version("1.1.0"), Version("1.2.0")} == release.published_versions(
        page, "qolo-client"
    )


class _Index(BaseHTTPRequestHandler):
    """Answers /simple/<name>/ from a class-level table: path -> (status, headers, body)."""

    answers: ClassVar[dict[str, tuple[int, dict[str, str], str]]] = {}

    def do_GET(self) -> None:
        status, headers, body = self.answers.get(self.path, (404, {}, "not found"))
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


@pytest.fixture
def fake_index() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Index)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/simple/"
    finally:
        server.shutdown()
        server.server_close()
        _Index.answers = {}


def test_unpublished_version_passes(release: ModuleType, fake_index: str) -> None:
    """A 404 (unknown project) and a page with other versions both mean "not published"."""
    _Index.answers = {
        "/simple/qolo-sandbox/": (200, {}, '<a href="x">qolo_sandbox-0.9.0.tar.gz</a>'),
    }
    release._refuse_published_version(fake_index, "1.0.0")


def test_published_version_is_refused(release: ModuleType, fake_index: str) -> None:
    """A version already on the index is refused with the way forward."""
    _Index.answers = {
        "/simple/qolo-sandbox/": (200, {}, '<a href="x">qolo_sandbox-1.0.0.tar.gz</a>'),
    }
    with pytest.raises(release.ReleaseError) as refused:
        release._refuse_published_version(fake_index, "1.0.0")
    assert "qolo-sandbox 1.0.0 is already on the index" in str(refused.value)
    assert "Bump the version in pyproject.toml" in str(refused.value)


def test_published_version_is_refused_however_it_is_spelled(
    release: ModuleType, fake_index: str
) -> None:
    """1.0 and 1.0.0 are one version to an index: the comparison is of versions, not text."""
    _Index.answers = {
        "/simple/qolo-client/": (200, {}, '<a href="x">qolo_client-1.0.0.tar.gz</a>'),
    }
    with pytest.raises(release.ReleaseError, match=r"qolo-client 1\.0 is already on the index"):
        release._refuse_published_version(fake_index, "1.0")


@pytest.mark.parametrize(
    ("answer", "says"),
    [
        ((500, {}, "boom"), "answered 500"),
        ((401, {}, "who are you"), "answered 401"),
        ((303, {"Location": "https://pypi.org/simple/qolo-client/"}, ""), "to https://pypi.org"),
    ],
)
def test_cannot_tell_is_a_refusal(
    release: ModuleType, fake_index: str, answer: tuple[int, dict[str, str], str], says: str
) -> None:
    """An index that errors, wants credentials or redirects elsewhere blocks the upload."""
    _Index.answers = {"/simple/qolo-client/": answer}
    with pytest.raises(release.ReleaseError, match="cannot tell") as refused:
        release._refuse_published_version(fake_index, "1.0.0")
    assert says in str(refused.value)


def test_unreachable_index_is_a_refusal(release: ModuleType) -> None:
    """Nothing listening: refuse rather than guess."""
    with pytest.raises(release.ReleaseError, match="cannot tell"):
        release._refuse_published_version(f"http://127.0.0.1:{free_port()}/simple/", "1.0.0")


def test_publish_needs_twine_repository_url(
    release: ModuleType, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Without TWINE_REPOSITORY_URL nothing is uploaded anywhere (not even to PyPI)."""
    monkeypatch.delenv("TWINE_REPOSITORY_URL", raising=False)
    monkeypatch.delenv("TWINE_REPOSITORY", raising=False)
    with pytest.raises(release.ReleaseError, match="neither TWINE_REPOSITORY_URL nor"):
        release.publish(tmp_path)


def test_upload_url_follows_twines_variables(
    release: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """TWINE_REPOSITORY_URL wins; TWINE_REPOSITORY names a ~/.pypirc section, as for twine."""
    pypirc = tmp_path / ".pypirc"
    pypirc.write_text(
        "[distutils]\nindex-servers = internal\n\n"
        "[internal]\nrepository = https://pkgs.example/legacy/\nusername = ci\n",
        "utf-8",
    )
    monkeypatch.setenv("TWINE_REPOSITORY", "internal")
    monkeypatch.delenv("TWINE_REPOSITORY_URL", raising=False)
    assert release.upload_url(pypirc) == "https://pkgs.example/legacy/"
    assert release.simple_index_url(release.upload_url(pypirc)) == "https://pkgs.example/simple/"
    monkeypatch.setenv("TWINE_REPOSITORY", "testpypi")
    assert release.upload_url(pypirc) == "https://test.pypi.org/legacy/"
    monkeypatch.setenv("TWINE_REPOSITORY", "nowhere")
    with pytest.raises(release.ReleaseError, match=r"no \[nowhere\] section"):
        release.upload_url(pypirc)
    monkeypatch.setenv("TWINE_REPOSITORY_URL", "http://127.0.0.1:1/legacy/")
    assert release.upload_url(pypirc) == "http://127.0.0.1:1/legacy/"


def _wheel(path: Path, members: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return path


CLIENT_METADATA = (
    "Metadata-Version: 2.4\nName: qolo-client\nVersion: 1.0.0\n"
    "Requires-Dist: httpx<0.29,>=0.28\nRequires-Dist: attrs>=23.1\nRequires-Dist: sniffio>=1.3\n"
)


def test_client_wheel_checks_pass_on_a_good_wheel(release: ModuleType, tmp_path: Path) -> None:
    """Both packages, their py.typed, and imports covered by Requires-Dist: no problems."""
    wheel = _wheel(
        tmp_path / "qolo_client-1.0.0-py3-none-any.whl",
        {
            "qolo_api/__init__.py": "import httpx\nfrom attrs import define\n",
            "qolo_api/py.typed": "",
            "qolo/__init__.py": "import json\nfrom qolo_api import client\nfrom . import x\n",
            "qolo/py.typed": "",
            "qolo_client-1.0.0.dist-info/METADATA": CLIENT_METADATA,
            "qolo_client-1.0.0.dist-info/licenses/LICENSE": "MIT License",
        },
    )
    problems, metadata = release._check_wheel(release.CLIENT, wheel, "1.0.0")
    assert problems == []
    assert release._check_client_dependencies(wheel, metadata) == []


def test_client_wheel_checks_catch_what_must_not_ship(release: ModuleType, tmp_path: Path) -> None:
    """Tests, caches, bytecode, the sandbox, a missing py.typed and an undeclared import."""
    wheel = _wheel(
        tmp_path / "qolo_client-1.0.0-py3-none-any.whl",
        {
            "qolo_api/__init__.py": "import httpx\nfrom attrs import define\n",
            "qolo_api/py.typed": "",
            "qolo/__init__.py": "from dateutil import parser\n",
            "qolo/__pycache__/__init__.cpython-311.pyc": "",
            "qolo/tests/test_x.py": "",
            "qolo_sandbox/__init__.py": "",
            "qolo_client-1.0.0.dist-info/METADATA": CLIENT_METADATA + "Requires-Dist: uvicorn\n",
        },
    )
    problems, metadata = release._check_wheel(release.CLIENT, wheel, "1.0.0")
    text = "\n".join(problems + release._check_client_dependencies(wheel, metadata))
    assert "qolo/py.typed is missing" in text
    assert "licenses/ is empty" in text
    assert "qolo/__pycache__/__init__.cpython-311.pyc: does not belong" in text
    assert "qolo/tests/test_x.py: does not belong" in text
    assert "qolo_sandbox/__init__.py: outside" in text
    assert "imports dateutil, which is not a declared dependency" in text
    assert "expected exactly ['attrs', 'httpx', 'sniffio']" in text


def test_wheel_version_must_be_the_release_version(release: ModuleType, tmp_path: Path) -> None:
    """A wheel whose METADATA version is not pyproject.toml's fails."""
    wheel = _wheel(
        tmp_path / "qolo_sandbox-1.0.0-py3-none-any.whl",
        {
            "qolo_sandbox/__init__.py": "",
            "qolo_sandbox/py.typed": "",
            "qolo_sandbox-1.0.0.dist-info/METADATA": (
                "Metadata-Version: 2.4\nName: qolo-sandbox\nVersion: 0.9.0\n"
            ),
        },
    )
    problems, _ = release._check_wheel(release.SANDBOX, wheel, "1.0.0")
    assert any("expected qolo-sandbox 1.0.0 (pyproject.toml's version)" in p for p in problems)


README = """# project

## Quick start

```bash
pip install qolo-client qolo-sandbox
```

```python
# a comment, not a heading
print("card", 1)
```

```text
card ...
```

## Another section

```python
print("not this one")
```
"""


def test_quick_start_finds_code_and_promised_output() -> None:
    """The first python block under the heading, and the text block right after it."""
    found = quick_start(README)
    assert found is not None
    assert found.heading == "Quick start"
    assert found.code == '# a comment, not a heading\nprint("card", 1)\n'
    assert found.expected_output == "card ...\n"


def test_quick_start_without_output_block() -> None:
    """No text block right after the code: no promised output."""
    found = quick_start(README.replace("```text\ncard ...\n```\n", "Prose.\n"))
    assert found is not None
    assert found.expected_output is None


def test_quick_start_missing() -> None:
    """No quick-start heading, or no python block under it: nothing found."""
    assert quick_start("# project\n\n```python\nprint(1)\n```\n") is None
    assert quick_start("# p\n\n## Quick start\n\nProse.\n\n## Next\n\n```python\nx\n```\n") is None


def test_the_index_starts_on_another_port_when_its_own_is_taken(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A port taken between its choice and pypiserver's bind costs a retry, not the round trip."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        ports = iter([taken.getsockname()[1], free_port()])
        monkeypatch.setattr(_support, "free_port", lambda: next(ports))
        with _support.running_index(tmp_path / "packages", tmp_path / "index.log") as index:
            assert str(taken.getsockname()[1]) not in index.url
            with urllib.request.urlopen(index.simple_url, timeout=5) as answer:
                assert answer.status == 200
