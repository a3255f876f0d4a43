"""Headless Chromium through Playwright, for the browser tests: conftest.py gives each test module
one Chromium, `Visit` loads a page into a tab kept open from load to load, and `axe_violations`
asks axe-core, the accessibility checker, what is wrong on it.

Without Chromium or Playwright these tests are skipped, unless REQUIRE_BROWSER=1 (as in CI), when
they fail instead.
"""

import os
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.helpers import REPORTS

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def browser_missing(reason: str):
    """Skip the test, or fail it when REQUIRE_BROWSER=1 says the browser tests must run."""
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason}, and REQUIRE_BROWSER=1 says the browser tests must run")
    pytest.skip(f"{reason}; set REQUIRE_BROWSER=1 to make this a failure")


@contextmanager
def playwright_for_chromium():
    """Playwright's sync API, once Debian's Chromium and Playwright for Python are both there."""
    if not CHROMIUM.exists():
        browser_missing(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        browser_missing("Playwright for Python is not installed (pip install -r requirements.txt)")
    with sync_playwright() as playwright:
        yield playwright


def launch(playwright, **options):
    """Debian's Chromium, headless."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                                      **options)


class Tabs:
    """A browser's tabs, each kept open when its page is done with, for the next page at that
    viewport: opening a tab takes about as long as loading a report into it."""

    def __init__(self, browser):
        self.browser, self.free = browser, {}

    def open(self, viewport):
        free = self.free.setdefault((viewport["width"], viewport["height"]), [])
        return free.pop() if free else self.browser.new_page(viewport=viewport)

    def done_with(self, tab) -> None:
        tab.emulate_media(media="null")  # screen again, for whatever loads next
        self.free[tab.viewport_size["width"], tab.viewport_size["height"]].append(tab)


class Visit:
    """One page load, with every console message, page error and request it caused."""

    def __init__(self, tabs: Tabs, path: Path, viewport=DESKTOP):
        self.path, self.tabs = path, tabs
        self.page = tabs.open(viewport)
        self.errors, self.requests, self.failed = [], [], []
        self.listeners = {
            "console": lambda m: m.type == "error" and self.errors.append(m.text),
            "pageerror": lambda error: self.errors.append(str(error)),
            "request": lambda request: self.requests.append(request.url),
            "requestfailed": lambda request: self.failed.append(request.url),
        }
        for event, listener in self.listeners.items():
            self.page.on(event, listener)
        self.page.goto(path.as_uri(), wait_until="load")

    def open_folds(self) -> None:
        """Open every folded section, as a reader who taps each one does (a switcher's options
        in a closed one cannot be clicked)."""
        self.page.evaluate("document.querySelectorAll('details.fold')"
                           ".forEach(fold => { fold.open = true; })")

    def foreign_requests(self) -> list[str]:
        """Requests for anything but the page itself and its own data: URIs."""
        own = self.path.as_uri()
        return [url for url in self.requests if url != own and not url.startswith("data:")]

    def close(self):
        for event, listener in self.listeners.items():
            self.page.remove_listener(event, listener)
        self.tabs.done_with(self.page)


# The charts a reader sees (a switcher's other scenarios and the other width's variant are hidden).
SHOWN_CHARTS = ("[...document.querySelectorAll('figure.chart svg')]"
                ".filter(svg => svg.getBoundingClientRect().width > 0)")
# Chart text whose box pokes out of its figure's box, by more than a pixel (test_chart_fonts.py).
TEXT_OUTSIDE = "() => " + SHOWN_CHARTS + """
  .flatMap(svg => {
    const f = svg.getBoundingClientRect();
    return [...svg.querySelectorAll('text')].map(t => [t, t.getBoundingClientRect()])
      .filter(([t, r]) => r.left < f.left - 1 || r.right > f.right + 1 || r.top < f.top - 1
                          || r.bottom > f.bottom + 1)
      .map(([t, r]) => `${svg.closest('figure').id}: "${t.textContent}" at ${r.left.toFixed(0)}`
                       + `-${r.right.toFixed(0)} px in ${f.left.toFixed(0)}-${f.right.toFixed(0)}`);
  })"""


def evaluate(tabs, page: str, viewport, script: str):
    visit = Visit(tabs, REPORTS / f"{page}.html", viewport)
    try:
        return visit.page.evaluate(script)
    finally:
        visit.close()


# ---- axe-core, the accessibility checker (test tooling, put into the page under test) ----------

def axe_script() -> str:
    try:
        from axe_playwright_python.base import AXE_SCRIPT
    except ImportError:
        pytest.fail("axe-playwright-python is not installed (make test installs it)")
    return AXE_SCRIPT


# axe reports only what fails: a third quicker than also collecting every pass.
ONLY_VIOLATIONS = "resultTypes: ['violations']"
# The colour scheme changes colours and nothing else: after a full check in the light scheme, the
# dark one needs only the colour rule (two thirds of axe's time on a page of charts).
ONLY_CONTRAST = "runOnly: ['color-contrast']"


def axe_violations(page, context="document", options="") -> list[str]:
    """What axe (already in the page) finds wrong: rule, impact and the first three places."""
    results = page.evaluate(f"axe.run({context}, {{{ONLY_VIOLATIONS}, {options}}})")
    return [f"{rule['id']} ({rule['impact']}): "
            + "; ".join(" ".join(node["target"]) for node in rule["nodes"][:3])
            + (f" and {len(rule['nodes']) - 3} more" if len(rule["nodes"]) > 3 else "")
            for rule in results["violations"]]
