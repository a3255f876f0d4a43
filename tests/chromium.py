"""Headless Chromium through Playwright, shared by the browser tests (test_browser.py, test_lab.py).

Without Chromium or Playwright these tests are skipped, unless REQUIRE_BROWSER=1 (as in CI), when
they fail instead.
"""

import os
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
DESKTOP = {"width": 1280, "height": 900}


def browser_missing(reason: str):
    """Skip the test, or fail it when REQUIRE_BROWSER=1 says the browser tests must run."""
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason}, and REQUIRE_BROWSER=1 says the browser tests must run")
    pytest.skip(f"{reason}; set REQUIRE_BROWSER=1 to make this a failure")


@contextmanager
def headless_chromium():
    """Debian's Chromium, headless, through Playwright's sync API."""
    if not CHROMIUM.exists():
        browser_missing(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        browser_missing("Playwright for Python is not installed (pip install -r requirements.txt)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
