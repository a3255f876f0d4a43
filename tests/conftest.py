"""Shared fixtures: a throw-away copy of the project, cold or already built, and headless Chromium
for the browser tests."""

import os
import shutil
from pathlib import Path

import pytest

from reportbuild.cache import cache_folder
from tests.chromium import Tabs, launch, playwright_for_chromium
from tests.helpers import REPORTS, ROOT, copy_project, run_build


@pytest.fixture(scope="session")
def reports() -> Path:
    """The project's reports/, brought up to date by the build script, as `make reports` would:
    the one full build of a test run (cached, so quick when nothing changed; test workers that
    ask at the same time take turns through the build's lock)."""
    build = run_build(ROOT, cwd=ROOT)
    if build.returncode != 0:
        pytest.fail(f"the build failed, so the reports cannot be checked:\n{build.stderr}")
    return REPORTS


@pytest.fixture
def project(request, tmp_path) -> Path:
    """A throw-away copy of the project, never built; for a test marked `built`, a copy as
    `make reports` leaves it, reports and build cache too, so that a first build it needs
    only as a starting point costs nothing."""
    project = copy_project(tmp_path / "project")
    if request.node.get_closest_marker("built"):
        reports = request.getfixturevalue("reports")
        shutil.copytree(reports, project / "reports")
        shutil.copytree(cache_folder(reports), cache_folder(project / "reports"))
    return project


# Module scope: while Playwright's sync API runs, it keeps an event loop going in the test's thread,
# which the build and notebook tests (asyncio.run) cannot share; and it runs one at a time.
@pytest.fixture(scope="module")
def playwright():
    with playwright_for_chromium() as playwright:
        yield playwright


@pytest.fixture(scope="module")
def browser(playwright):
    """Debian's Chromium, headless, for every browser test of a module."""
    chromium = launch(playwright)
    yield chromium
    chromium.close()


@pytest.fixture(scope="module")
def tabs(browser) -> Tabs:
    return Tabs(browser)


def pytest_xdist_auto_num_workers(config) -> int:
    """One test process per core, and one more: about a third of the suite's time is spent
    waiting (for kernels, browsers and builds in other processes), which the extra one fills
    (on 2 cores: 155 s against 164 s)."""
    return (os.cpu_count() or 1) + 1
