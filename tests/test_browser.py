"""Every report and the index page in a real browser: headless Chromium, driven by Playwright.

The session builds the project's reports/ with the build script (cached, so quick when nothing
changed). With SCREENSHOTS=<folder>, the sideways-scrolling test also saves a full-page screenshot
of each page there, at desktop and phone width, for people to look at (outside reports/, which
holds only what readers get). Without Chromium these tests are skipped, unless REQUIRE_BROWSER=1
(as in CI), when they fail instead (see chromium.py).
"""

import os
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from tests.chromium import PHONE, Visit
from tests.helpers import PAGES, SITE_PAGES

pytestmark = pytest.mark.browser

# Boxes that scroll sideways (tables, figures, outputs), code blocks excepted.
SIDEWAYS_SCROLLERS_BESIDES_CODE = """() => [...document.querySelectorAll('main *')]
    .filter(e => !e.closest('pre, details.code'))
    .filter(e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX))
    .filter(e => e.scrollWidth > e.clientWidth + 1)
    .map(e => `${e.tagName}.${e.className}: ${e.scrollWidth} px in ${e.clientWidth} px`)"""
SCREENSHOTS = os.environ.get("SCREENSHOTS")  # a folder for full-page screenshots, if set


# One load of each page for all the tests of this module (each leaves the page as it found it).
@pytest.fixture(scope="module", params=PAGES)
def visit(request, tabs, reports):
    path = reports / f"{request.param}.html"
    assert path.exists(), f"{path.name} was not built"
    opened = Visit(tabs, path)
    yield opened
    opened.close()


def test_page_loads_offline_without_errors(visit):
    assert visit.errors == []
    assert visit.foreign_requests() == []
    assert visit.failed == []


def test_every_chart_and_image_has_alt_text(visit):
    images = visit.page.eval_on_selector_all(
        "img", "els => els.map(e => ({alt: e.alt.trim(), width: e.naturalWidth, src: e.src}))"
    )
    for image in images:
        assert image["width"] > 0, f"image does not decode: {image['src'][:80]}"
        assert image["alt"], f"image without alt text: {image['src'][:80]}"
    charts = visit.page.eval_on_selector_all(
        "figure.chart", "els => els.map(e => ({id: e.id, svgs: [...e.querySelectorAll('svg')]"
        ".map(s => [s.getAttribute('role'), (s.getAttribute('aria-label') || '').trim(),"
        " s.getBoundingClientRect().width]), hidden: e.closest('.scenario') !== null &&"
        " getComputedStyle(e.closest('.scenario')).display === 'none'}))")
    if visit.path.stem not in SITE_PAGES:
        assert charts, "a notebook report without a single chart"
    for chart in charts:
        assert chart["id"].startswith("fig-"), chart
        (_, desktop_alt, shown), (_, phone_alt, hidden) = chart["svgs"]
        assert all(role == "img" for role, _, _ in chart["svgs"]) and desktop_alt == phone_alt
        assert desktop_alt, f"{chart['id']}: no alt text"
        if chart["hidden"]:  # a switcher's scenario not picked: neither variant shows
            assert shown == hidden == 0, f"{chart['id']}: shown, though not picked"
        else:
            assert shown > 0 and hidden == 0, f"{chart['id']}: desktop variant not the one shown"


def test_ids_are_unique(visit):
    ids = visit.page.eval_on_selector_all("[id]", "els => els.map(e => e.id)")
    assert len(ids) == len(set(ids))


def test_every_link_between_pages_resolves(visit):
    hrefs = visit.page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    assert hrefs
    for href in hrefs:
        url = urlsplit(href)
        if url.scheme in ("http", "https", "data"):
            continue  # references to papers, opened by the reader, never fetched by the page;
            # a chart's data, downloaded from the page itself
        assert url.scheme == "file", href
        target = Path(unquote(url.path))
        assert target.exists(), f"broken link to {target.name}"
        if url.fragment:
            assert has_anchor(target, url.fragment), href


def has_anchor(page: Path, fragment: str) -> bool:
    """Whether `page` has the element a #fragment names: its id as written, or percent-decoded
    (the order in which browsers look it up)."""
    ids = element_ids(page)
    return fragment in ids or unquote(fragment) in ids


@cache
def element_ids(page: Path) -> frozenset[str]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return frozenset(tag["id"] for tag in soup.find_all(id=True))


def test_show_code_opens_the_folded_code(visit):
    folded = visit.page.locator("details.code")
    if visit.path.stem in SITE_PAGES:
        assert folded.count() == 0
        return
    first = folded.first
    assert not first.locator("pre").first.is_visible()
    summary = first.locator("summary", has_text="Show code")
    summary.click()
    try:
        assert first.get_attribute("open") is not None
        assert first.locator("pre").first.is_visible()
    finally:
        summary.click()


def test_no_sideways_scrolling_at_phone_width(visit, tabs):
    phone = Visit(tabs, visit.path, viewport=PHONE)
    try:
        width = phone.page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"the page is {width} px wide on a 390 px screen"
        assert phone.page.evaluate(SIDEWAYS_SCROLLERS_BESIDES_CODE) == []
        if SCREENSHOTS:
            folder = Path(SCREENSHOTS)
            folder.mkdir(parents=True, exist_ok=True)
            visit.page.screenshot(path=folder / f"{visit.path.stem}.png", full_page=True)
            phone.page.screenshot(path=folder / f"{visit.path.stem}-phone.png", full_page=True)
    finally:
        phone.close()


def test_print_stylesheet_hides_navigation_and_code(visit):
    hidden_in_print = "header.site, nav.pager, nav.toc, details.code"
    visit.page.emulate_media(media="print")
    try:
        assert visit.page.locator(hidden_in_print).count() > 0, "no navigation or code on the page"
        shown = visit.page.eval_on_selector_all(
            hidden_in_print,
            "els => els.filter(e => getComputedStyle(e).display !== 'none')"
            "          .map(e => `${e.tagName.toLowerCase()}.${e.className}`)",
        )
    finally:
        visit.page.emulate_media(media="screen")
    assert shown == [], f"still shown in print: {shown}"
