"""The client's own version, the contract's version, and what must agree before a release."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import ModuleType

import pytest

import qolo_api
from qolo import _config

from ._support import load_release_tool


@pytest.fixture(scope="module")
def release() -> ModuleType:
    return load_release_tool()


def _project(root: Path, *, client: str = "2.1.0", sandbox: str = "2.1.0") -> Path:
    """A minimal tree: both pyproject.toml files, the contract, a CHANGELOG entry, the record."""
    (root / "sandbox").mkdir(parents=True)
    (root / "pyproject.toml").write_text(f'[project]\nname = "qolo-client"\nversion = "{client}"\n')
    (root / "sandbox" / "pyproject.toml").write_text(
        f'[project]\nname = "qolo-sandbox"\nversion = "{sandbox}"\n'
    )
    (root / "openapi.yaml").write_text("openapi: 3.1.0\ninfo:\n  title: T\n  version: 2.0.0\n")
    (root / "CHANGELOG.md").write_text(f"# Changelog\n\n## {client} — a client fix\n")
    recorded = root / "contract" / "released" / "openapi-2.0.0.yaml"
    recorded.parent.mkdir(parents=True)
    shutil.copyfile(root / "openapi.yaml", recorded)
    return root


def test_release_version_is_pyprojects_not_the_contracts(
    release: ModuleType, tmp_path: Path
) -> None:
    """A client-only release (2.1.0) keeps the contract at 2.0.0."""
    root = _project(tmp_path)
    assert release.release_version(root) == "2.1.0"
    assert release.contract_version(root) == "2.0.0"


def test_client_and_sandbox_versions_must_agree(release: ModuleType, tmp_path: Path) -> None:
    """The two distributions are released together, under one version."""
    root = _project(tmp_path, sandbox="2.0.9")
    with pytest.raises(release.ReleaseError, match="under one version"):
        release.release_version(root)


def test_agree_passes_a_matching_tag(release: ModuleType, tmp_path: Path) -> None:
    """Tag v2.1.0, version 2.1.0, its CHANGELOG entry and the recorded contract: agreed."""
    release.agree(_project(tmp_path), "v2.1.0")


@pytest.mark.parametrize("tag", ["v2.1.1", "2.0.0", "v2.1.0rc1", "v2.1", "v2.1.0.0"])
def test_agree_refuses_another_tag(release: ModuleType, tmp_path: Path, tag: str) -> None:
    """A tag that is not the packages' version is refused, naming both."""
    with pytest.raises(release.ReleaseError, match=f"the tag '{tag}' is not the packages' version"):
        release.agree(_project(tmp_path), tag)


def test_agree_refuses_a_release_without_changelog_entry(
    release: ModuleType, tmp_path: Path
) -> None:
    """No `## 2.1.0` in CHANGELOG.md, no release (a longer version or a sub-heading is not it)."""
    root = _project(tmp_path)
    (root / "CHANGELOG.md").write_text(
        "# Changelog\n\n## 2.1.01 — not this one\n\n### 2.1.0 — nor a sub-heading\n"
    )
    with pytest.raises(release.ReleaseError, match=r"no entry `## 2\.1\.0`"):
        release.agree(root, None)


def test_agree_refuses_a_leftover_unreleased_section(release: ModuleType, tmp_path: Path) -> None:
    """Lines gathered under `## Unreleased` belong to the release being cut: it must say so."""
    root = _project(tmp_path)
    changelog = root / "CHANGELOG.md"
    changelog.write_text(
        changelog.read_text().replace("# Changelog\n", "# Changelog\n\n## Unreleased\n")
    )
    with pytest.raises(release.ReleaseError, match=r"still has a `## Unreleased` section"):
        release.agree(root, None)


@pytest.mark.parametrize(
    "heading", ["## Unreleased — since 2.0.0", "## unreleased changes", "## [Unreleased]"]
)
def test_agree_refuses_any_unreleased_heading(
    release: ModuleType, tmp_path: Path, heading: str
) -> None:
    """The heading counts however it is spelled or continued, not only as a bare line."""
    root = _project(tmp_path)
    changelog = root / "CHANGELOG.md"
    changelog.write_text(
        changelog.read_text().replace("# Changelog\n", f"# Changelog\n\n{heading}\n")
    )
    with pytest.raises(release.ReleaseError, match=r"still has a `## Unreleased` section"):
        release.agree(root, None)


def test_agree_command_checks_the_tag_of_the_ci_run(
    release: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`agree` without --tag reads the tag a GitHub Actions run was started by, and its exit
    status is the verdict (release.yml runs the command)."""
    root = str(_project(tmp_path))
    monkeypatch.setenv("GITHUB_REF_TYPE", "tag")
    monkeypatch.setenv("GITHUB_REF_NAME", "v2.1.0")
    assert release.main(["agree", "--root", root]) == 0
    monkeypatch.setenv("GITHUB_REF_NAME", "v2.1.1")
    assert release.main(["agree", "--root", root]) == 1


def test_publish_refuses_a_disagreement_before_asking_the_index(
    release: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """publish runs `agree` first: a leftover `## Unreleased` stops it before anything is
    looked up, built or uploaded."""
    root = _project(tmp_path)
    changelog = root / "CHANGELOG.md"
    changelog.write_text(changelog.read_text() + "\n## Unreleased\n")
    monkeypatch.setenv("TWINE_REPOSITORY_URL", "http://127.0.0.1:1/legacy/")
    monkeypatch.setattr(release, "_refuse_stale_generated", lambda root: None)
    monkeypatch.setattr(release, "_refuse_dirty_tree", lambda root: None)

    def too_far(*args: object) -> None:
        raise AssertionError("publish went past the agreement check")

    monkeypatch.setattr(release, "_refuse_published_version", too_far)
    monkeypatch.setattr(release, "build", too_far)
    with pytest.raises(release.ReleaseError, match=r"still has a `## Unreleased` section"):
        release.publish(root, tmp_path / "dist", tag="v2.1.0")


def test_agree_refuses_an_unrecorded_contract(release: ModuleType, tmp_path: Path) -> None:
    """A contract version without its record would leave the breaking-change gate no base."""
    root = _project(tmp_path)
    (root / "openapi.yaml").write_text("openapi: 3.1.0\ninfo:\n  title: T\n  version: 2.1.0\n")
    with pytest.raises(release.ReleaseError, match=r"contract 2\.1\.0 is not recorded"):
        release.agree(root, None)


def test_agree_refuses_a_changed_contract_under_its_old_version(
    release: ModuleType, tmp_path: Path
) -> None:
    """openapi.yaml may not differ from the recorded contract of the same info.version."""
    root = _project(tmp_path)
    with (root / "openapi.yaml").open("a") as contract:
        contract.write("paths: {}\n")
    with pytest.raises(release.ReleaseError, match=r"differs from the recorded contract 2\.0\.0"):
        release.agree(root, None)


def test_record_contract_writes_once(release: ModuleType, tmp_path: Path) -> None:
    """The record is openapi.yaml byte for byte, and a released record is never overwritten."""
    root = _project(tmp_path)
    (root / "openapi.yaml").write_text("openapi: 3.1.0\ninfo:\n  title: T\n  version: 2.2.0\n")
    target = release.record_contract(root)
    assert (root / "openapi.yaml").read_bytes() == target.read_bytes()
    assert target.name == "openapi-2.2.0.yaml"
    with (root / "openapi.yaml").open("a") as contract:
        contract.write("paths: {}\n")
    with pytest.raises(release.ReleaseError, match="a released contract never changes"):
        release.record_contract(root)


def test_user_agent_names_client_and_contract() -> None:
    """The platform sees which client, generated from which contract, is calling."""
    assert f"(contract {qolo_api.__contract_version__})" in _config.USER_AGENT
    assert _config.USER_AGENT.startswith("qolo-client/")


def test_both_distributions_carry_the_same_licence() -> None:
    """qolo-sandbox's LICENSE is a copy (a licence file must sit inside its project)."""
    root = Path(__file__).resolve().parents[2]
    assert (root / "sandbox" / "LICENSE").read_bytes() == (root / "LICENSE").read_bytes()
