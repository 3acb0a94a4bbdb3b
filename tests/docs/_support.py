"""What the docs tests need: the built site served on loopback, a link crawler, a browser.

Each helper is small enough to be proven in test_support.py to catch what it is meant to catch:
a broken link, a console error, a request that leaves the machine.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import shutil
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright, Request, Response

ROOT = Path(__file__).resolve().parents[2]
SITE = Path(os.environ.get("QOLO_DOCS_SITE", ROOT / "docs" / "_build"))
# A closed network makes Chromium's background services fail noisily or hang: turn them off.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def docs_tool() -> Any:
    """tools/docs.py as a module (tools/ is not a package)."""
    spec = importlib.util.spec_from_file_location("docs_tool", ROOT / "tools" / "docs.py")
    assert spec is not None
    assert spec.loader is not None
    if spec.name not in sys.modules:
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # its dataclasses look their module up while defined
        spec.loader.exec_module(module)
    return sys.modules[spec.name]


def chromium_path() -> str | None:
    """QOLO_CHROMIUM, else the system's Chromium (Debian's package), else None."""
    return os.environ.get("QOLO_CHROMIUM") or shutil.which("chromium")


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output for failures."""


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve `directory` on a free loopback port; yield its base URL (ending in `/`)."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


class _Links(HTMLParser):
    """Every href/src of a page, and every id a fragment can point at."""

    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in ("href", "src"):
                self.targets.append(value)
            elif name in ("id", "name"):
                self.ids.add(value)


@dataclass
class Crawl:
    """What a crawl of a site found: pages, broken links, and links into fragments."""

    pages: dict[str, set[str]] = field(default_factory=dict)  # HTML page -> its ids
    broken: list[tuple[str, str, str]] = field(default_factory=list)  # (from, to, why)
    fragments: list[tuple[str, str, str]] = field(default_factory=list)  # (from, page, fragment)


def _fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as error:
        return error.code, "", b""


def crawl(start: str) -> Crawl:
    """Follow every link under `start`'s origin and folder, breadth first, each URL once."""
    origin = urlsplit(start)
    base = start.rsplit("/", 1)[0] + "/"
    found = Crawl()
    seen = {start}
    queue = [(start, start)]
    while queue:
        referrer, url = queue.pop(0)
        status, content_type, body = _fetch(url)
        if status != 200:
            found.broken.append((referrer, url, str(status)))
            continue
        if content_type != "text/html":
            continue
        parser = _Links()
        parser.feed(body.decode("utf-8", "replace"))
        found.pages[url] = parser.ids
        for target in parser.targets:
            absolute, fragment = urldefrag(urljoin(url, target))
            parts = urlsplit(absolute)
            if parts.scheme not in ("http", "https") or parts.netloc != origin.netloc:
                continue  # another site, data:, mailto: - not the site's own links
            if not absolute.startswith(base):
                found.broken.append((url, absolute, "outside the site"))
                continue
            if fragment:
                found.fragments.append((url, absolute, fragment))
            if absolute not in seen:
                seen.add(absolute)
                queue.append((url, absolute))
    return found


@dataclass
class PageProblems:
    """Everything a page did wrong while it loaded: console errors, failures, remote requests."""

    site: str
    problems: list[str] = field(default_factory=list)

    def watch(self, page: Page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("requestfailed", self._failed)
        page.on("request", self._request)
        page.on("response", self._response)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.problems.append(f"console error: {message.text}")

    def _failed(self, request: Request) -> None:
        self.problems.append(f"request failed: {request.url} ({request.failure})")

    def _request(self, request: Request) -> None:
        local = request.url.startswith((self.site, "data:", f"blob:{self.site}"))
        if not local:
            self.problems.append(f"request leaves the site: {request.url}")

    def _response(self, response: Response) -> None:
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url}")


def launch(playwright: Playwright, executable: str) -> Browser:
    """The system Chromium, headless, with a fresh profile (Playwright makes one per launch)."""
    return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
