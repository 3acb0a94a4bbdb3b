"""The built docs in headless Chromium: the pages render, name the operations, link up, and
load nothing from the internet; a screenshot of each is kept (see the "docs screenshots" section
at the end of the test output).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import Browser, BrowserContext, Page, expect

from ._support import ROOT, PageProblems, crawl, docs_tool
from .conftest import BROWSER_TIMEOUT_MS, SCREENSHOTS

pytestmark = pytest.mark.slow

# Operations a reader looks for first, and their Redoc sections.
NAMED = {
    "Login": "tag/auth/operation/Login",
    "CreateCard": "tag/cards/operation/CreateCard",
    "StatusCard": "tag/cards/operation/StatusCard",
    "CardCreatedWebhook": "tag/notifications/operation/CardCreatedWebhook",
}


@pytest.fixture(scope="module")
def contract_operations() -> list[Any]:
    """Every operation and webhook event of openapi.yaml, as the site's builder sees them."""
    tool = docs_tool()
    return list(tool.operations(yaml.safe_load((ROOT / "openapi.yaml").read_text())))


def _open(context: BrowserContext, url: str, site_url: str) -> tuple[Page, PageProblems]:
    page = context.new_page()
    problems = PageProblems(site_url)
    problems.watch(page)
    page.goto(url, wait_until="load")
    return page, problems


def _screenshot(page: Page, site_dir: Path, name: str, record_property: Any) -> Path:
    path = site_dir / "screenshots" / f"{name}.png"
    path.parent.mkdir(exist_ok=True)
    page.screenshot(path=path)
    SCREENSHOTS.append(path)
    record_property(f"screenshot-{name}", str(path))
    print(f"[[ATTACHMENT|{path}]]")  # the junit-attachments convention, in system-out
    return path


def _redoc_ready(page: Page) -> None:
    """Redoc renders after the script runs: wait for the first operation's section."""
    page.wait_for_selector(f'[id="{NAMED["Login"]}"]', state="attached")


@pytest.fixture(scope="module")
def api_page(browser: Browser, site_url: str) -> Iterator[tuple[Page, PageProblems]]:
    """The rendered contract, opened once: Redoc takes seconds to draw it on a busy machine."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.set_default_timeout(BROWSER_TIMEOUT_MS)
    page, problems = _open(context, site_url + "api/index.html", site_url)
    _redoc_ready(page)
    yield page, problems
    context.close()


def _ids(page: Page) -> set[str]:
    return set(page.evaluate("Array.from(document.querySelectorAll('[id]'), e => e.id)"))


def test_home_page_renders_the_quick_start_and_every_operation(
    context: BrowserContext,
    site_url: str,
    site_dir: Path,
    contract_operations: list[Any],
    record_property: Any,
) -> None:
    """The home page shows the quick start and links every operation of the contract."""
    page, problems = _open(context, site_url + "index.html", site_url)
    expect(page.get_by_role("heading", name="Quick start")).to_be_visible()
    table = page.locator("#operations")
    for op in contract_operations:
        expect(table.get_by_role("link", name=op.operation_id, exact=True)).to_be_visible()
    _screenshot(page, site_dir, "index", record_property)
    assert problems.problems == []


def test_api_reference_renders_named_operations_with_their_labels(
    api_page: tuple[Page, PageProblems], site_url: str, site_dir: Path, record_property: Any
) -> None:
    """Redoc shows each named operation, its name and where it comes from (x-qolo-source)."""
    page, problems = api_page
    for name, anchor in NAMED.items():
        section = page.locator(f'[id="{anchor}"]')
        section.scroll_into_view_if_needed()
        expect(section.get_by_text(name, exact=True).first).to_be_visible()
        expect(section.get_by_text("Source:", exact=False).first).to_be_visible()
    create_card = page.locator(f'[id="{NAMED["CreateCard"]}"]')
    expect(create_card.get_by_role("link", name="reference page").first).to_have_attribute(
        "href", "https://devdocs.qolopay.com/openapi/qoloreference/operation/CreateCard"
    )
    for source in ("reference", "guide", "choice"):
        assert page.get_by_text(f"Source: {source}", exact=True).count() > 0, source
    heading = create_card.locator("h2", has_text="Issue a card").first
    heading.evaluate("element => element.scrollIntoView({block: 'start'})")  # for the screenshot
    expect(heading).to_be_in_viewport()
    _screenshot(page, site_dir, "api-create-card", record_property)
    assert problems.problems == []


def test_api_reference_has_every_operation_webhook_and_schema(
    api_page: tuple[Page, PageProblems], contract_operations: list[Any]
) -> None:
    """Every operationId of paths and webhooks, and every schema, has its rendered section."""
    page, problems = api_page
    ids = _ids(page)
    missing = [op.api_anchor for op in contract_operations if op.api_anchor not in ids]
    assert missing == []
    schemas = yaml.safe_load((ROOT / "openapi.yaml").read_text())["components"]["schemas"]
    assert [name for name in schemas if f"tag/schema-{name}" not in ids] == []
    assert any(op.webhook for op in contract_operations)
    assert problems.problems == []


def test_python_reference_renders_qolo_and_the_generated_operations(
    context: BrowserContext, site_url: str, site_dir: Path, record_property: Any
) -> None:
    """pdoc's pages show the client, its errors and a generated operation's functions."""
    page, problems = _open(context, site_url + "python/qolo.html", site_url)
    for name in ("Client", "AsyncClient", "APIStatusError", "paginate"):
        expect(page.locator(f'[id="{name}"]').first).to_be_visible()
    _screenshot(page, site_dir, "python-qolo", record_property)
    page.goto(site_url + "python/qolo_api/api/cards/create_card.html")
    for function in ("sync", "sync_detailed", "asyncio", "asyncio_detailed"):
        expect(page.locator(f'[id="{function}"]')).to_be_visible()
    page.get_by_role("link", name="HTTP API reference").click()
    _redoc_ready(page)
    assert problems.problems == []


def test_every_link_between_the_pages_resolves(
    api_page: tuple[Page, PageProblems], site_url: str
) -> None:
    """Every page, script and stylesheet a page links to answers 200, and every fragment exists."""
    found = crawl(site_url + "index.html")
    assert found.broken == []
    pages = {url.removeprefix(site_url) for url in found.pages}
    assert {"index.html", "api/index.html", "choices.html", "python/qolo.html"} <= pages
    api = site_url + "api/index.html"
    static = [(src, to, frag) for src, to, frag in found.fragments if to != api]
    assert [link for link in static if link[2] not in found.pages.get(link[1], set())] == []
    # Redoc draws its sections in the browser: check the home page's anchors there.
    page, problems = api_page
    ids = _ids(page)
    into_api = {frag for _, to, frag in found.fragments if to == api}
    assert into_api, "the home page links no operation into the API reference"
    assert sorted(into_api - ids) == []
    assert problems.problems == []
