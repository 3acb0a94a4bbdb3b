"""Fixtures of the docs tests: the built site on loopback and a headless Chromium.

`nox -s docs` builds the site and then runs these. Without a browser they fail, saying how to
get one; QOLO_DOCS_SKIP_BROWSER=1 turns that failure into a skip that says so, for a machine
that cannot install Chromium.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, expect, sync_playwright

from ._support import SITE, chromium_path, launch, serve

SCREENSHOTS: list[Path] = []
# Redoc takes seconds to draw the contract on a busy two-core machine; Playwright's default
# waits (5 s for an expectation) are too short there.
BROWSER_TIMEOUT_MS = 60_000
expect.set_options(timeout=BROWSER_TIMEOUT_MS)


@pytest.fixture(scope="session")
def site_dir() -> Path:
    """The built site (docs/_build, or QOLO_DOCS_SITE)."""
    if not (SITE / "index.html").is_file():
        pytest.fail(f"no built docs in {SITE}: run `nox -s docs` (it builds, then tests)")
    return SITE


@pytest.fixture(scope="session")
def site_url(site_dir: Path) -> Iterator[str]:
    """The site served over HTTP on a free loopback port."""
    with serve(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless Chromium, driven by Playwright (its own browser download cannot work offline)."""
    executable = chromium_path()
    if executable is None:
        message = "no Chromium: `apt-get install chromium` (nox -s docs does it as root)"
        if os.environ.get("QOLO_DOCS_SKIP_BROWSER") == "1":
            pytest.skip(f"{message}; skipped because QOLO_DOCS_SKIP_BROWSER=1")
        pytest.fail(message)
    with sync_playwright() as playwright:
        browser = launch(playwright, executable)
        yield browser
        browser.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh browser context per test, at a desktop size."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.set_default_timeout(BROWSER_TIMEOUT_MS)
    yield context
    context.close()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Name every screenshot taken, so a CI log points at what the docs looked like."""
    if SCREENSHOTS:
        terminalreporter.section("docs screenshots")
        for path in SCREENSHOTS:
            terminalreporter.write_line(str(path))
