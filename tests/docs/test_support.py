"""The docs tests' own checks can fail: a broken link, a console error, a remote request."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext

from ._support import PageProblems, crawl, serve

pytestmark = pytest.mark.slow


def _site(tmp_path: Path) -> Path:
    (tmp_path / "index.html").write_text(
        '<a href="ok.html#here">ok</a> <a href="missing.html">gone</a>'
        ' <a href="ok.html#nowhere">no anchor</a> <a href="https://example.org/">away</a>'
    )
    (tmp_path / "ok.html").write_text('<h1 id="here">here</h1>')
    return tmp_path


def test_crawl_finds_a_broken_link_and_a_missing_fragment(tmp_path: Path) -> None:
    """A link to a missing page is broken; a fragment without its id is reported for checking."""
    with serve(_site(tmp_path)) as url:
        found = crawl(url + "index.html")
    assert [(url + "index.html", url + "missing.html", "404")] == found.broken
    assert {"here"} == found.pages[url + "ok.html"]
    assert {"here", "nowhere"} == {fragment for _, _, fragment in found.fragments}


def test_page_problems_catch_console_errors_and_remote_requests(
    context: BrowserContext, tmp_path: Path
) -> None:
    """A console error, a script error and a request off the machine are all reported."""
    (tmp_path / "bad.html").write_text(
        '<link rel="icon" href="data:,"><img src="http://203.0.113.7/x.png">'
        '<script>console.error("boom"); undefinedFunction();</script>'
    )
    with serve(tmp_path) as url:
        page = context.new_page()
        problems = PageProblems(url)
        problems.watch(page)
        page.goto(url + "bad.html", wait_until="domcontentloaded")
        page.wait_for_timeout(500)
    text = "\n".join(problems.problems)
    assert "console error: boom" in text
    assert "undefinedFunction" in text
    assert "request leaves the site: http://203.0.113.7/x.png" in text
