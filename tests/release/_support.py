"""Helpers for the release tests: tools/release.py as a module, a scratch repository, a real
package index on loopback, and the README's quick start."""

from __future__ import annotations

import contextlib
import http.client
import importlib.util
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
QUICK_START_HEADING = re.compile(r"quick[- ]?start|getting started|using the client", re.I)
OUTPUT_FENCES = {"text", "output"}


def load_release_tool() -> ModuleType:
    """tools/release.py, imported from its file (tools/ is not a package)."""
    spec = importlib.util.spec_from_file_location("qolo_release_tool", ROOT / "tools/release.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def git(repo: Path, *args: str) -> str:
    """Run git in a scratch repository (never in the developer's working copy)."""
    result = subprocess.run(
        [
            "git",
            "-c",
            "user.name=release-test",
            "-c",
            "user.email=release-test@example.invalid",
            "-c",
            "commit.gpgsign=false",
            "-C",
            str(repo),
            *args,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def snapshot_repository(into: Path) -> Path:
    """A clean git repository holding the working tree as it is now.

    The files git would commit (tracked and untracked, minus .gitignore'd ones, symlinks kept
    as symlinks) are copied and committed, so `publish` sees a clean tree with the developer's
    current changes, and the refusal tests can dirty it without touching the real checkout.
    """
    listed = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        capture_output=True,
        check=True,
    ).stdout.decode()
    into.mkdir(parents=True)
    for name in sorted({n for n in listed.split("\0") if n}):
        source, target = ROOT / name, into / name
        if not source.is_symlink() and not source.exists():
            continue  # deleted in the working tree, not yet committed
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            target.symlink_to(os.readlink(source))
        else:
            shutil.copy2(source, target)
    git(into, "init", "-q")
    git(into, "add", "-A")
    git(into, "commit", "-q", "-m", "snapshot of the working tree")
    return into


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass(frozen=True)
class Index:
    """A running pypiserver: uploads at `url`, PEP 503 pages at `simple_url`, files in `folder`."""

    url: str
    simple_url: str
    folder: Path


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError, http.client.HTTPException):
        # HTTPException: a poll of a port nobody listens on yet can, rarely, connect to itself
        # (Linux picks the source port from the same range), and reads its own request back.
        return False


@contextlib.contextmanager
def running_index(folder: Path, log: Path) -> Iterator[Index]:
    """pypiserver on 127.0.0.1: anyone may upload (`-a . -P .`), never redirects to PyPI."""
    folder.mkdir(parents=True, exist_ok=True)
    process, url = _start_index(folder, log)
    try:
        yield Index(url=url, simple_url=f"{url}simple/", folder=folder)
    finally:
        stop(process)


def _start_index(folder: Path, log: Path, tries: int = 3) -> tuple[subprocess.Popen[bytes], str]:
    """pypiserver answering on a free port. The port is free when chosen, not when pypiserver
    binds it: another process may take it in between, so a server that exits before it answers
    is started again on another port."""
    for _ in range(tries):
        url = f"http://127.0.0.1:{(port := free_port())}/"
        with log.open("w") as log_file:
            process = subprocess.Popen(
                [sys.executable, "-m", "pypiserver", "run", "--host", "127.0.0.1", "--port",
                 str(port), "-a", ".", "-P", ".", "--disable-fallback", str(folder)],
                stdout=log_file,
                stderr=subprocess.STDOUT,
            )  # fmt: skip
        deadline = time.monotonic() + 30
        while not _answers(f"{url}simple/"):
            if process.poll() is not None:
                break  # exited: its port was taken (or it cannot start: the last try says)
            if time.monotonic() > deadline:
                stop(process)
                raise RuntimeError(f"pypiserver did not answer in 30 s:\n{log.read_text()}")
            time.sleep(0.1)
        else:
            return process, url
    raise RuntimeError(f"pypiserver did not start in {tries} tries:\n{log.read_text()}")


def stop(process: subprocess.Popen[str] | subprocess.Popen[bytes]) -> None:
    """Terminate a process we started, killing it if it does not stop in time."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@dataclass(frozen=True)
class QuickStart:
    """The README's quick-start code, and the output the README shows for it (if it does)."""

    heading: str
    code: str
    expected_output: str | None


def quick_start(readme: str) -> QuickStart | None:
    """The first ```python block under the README's quick-start heading.

    The heading is the first one matching "Quick start" (or "Getting started", "Using the
    client"); the block must sit in that section. A ```text or ```output block right after it
    (nothing but blank lines between) is the output it promises, `...` matching anything.
    """
    heading: str | None = None
    level = 0
    fence: str | None = None
    body: list[str] = []
    blocks: list[tuple[str, str, bool]] = []  # info string, body, right after the previous block
    adjacent = directly = False
    for line in readme.splitlines():
        if fence is not None:
            if line.strip() == "```":
                blocks.append((fence, "\n".join(body) + "\n", directly))
                fence, body, adjacent = None, [], True
            else:
                body.append(line)
            continue
        match = re.match(r"(#{1,6})\s+(.*)", line)
        if match:
            if heading is not None and len(match.group(1)) <= level:
                break
            if heading is None and QUICK_START_HEADING.search(match.group(2)):
                heading, level = match.group(2).strip(), len(match.group(1))
            adjacent = False
        elif heading is not None and line.startswith("```"):
            fence, directly = line[3:].strip().lower(), adjacent
        elif line.strip():
            adjacent = False
    if heading is None:
        return None
    for position, (info, code, _) in enumerate(blocks):
        if info in ("python", "py"):
            after = blocks[position + 1] if position + 1 < len(blocks) else None
            expected = after[1] if after and after[2] and after[0] in OUTPUT_FENCES else None
            return QuickStart(heading=heading, code=code, expected_output=expected)
    return None
