"""Charts look the same where DejaVu Sans is not installed: in a Chromium whose fontconfig knows
only matplotlib's STIX fonts, no chart text runs outside its figure, at phone or desktop width.

(Its own module: Playwright's sync API runs one browser at a time per module's fixtures.)
"""

from pathlib import Path

import pytest
from chromium import DESKTOP, headless_chromium
from matplotlib import get_data_path
from test_browser import PHONE, reports  # noqa: F401  (reports: the session's build)
from test_chart_text import CHART_PAGES, TEXT_OUTSIDE, evaluate

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser_without_dejavu(tmp_path_factory):
    """Chromium whose fontconfig knows only matplotlib's STIX fonts: no DejaVu anywhere. The
    system's rendering settings (conf.d) stay, so that only the fonts differ."""
    fonts = tmp_path_factory.mktemp("fonts")
    for font in (Path(get_data_path()) / "fonts" / "ttf").glob("STIX*.ttf"):
        (fonts / font.name).symlink_to(font)
    config = fonts / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
        f"<fontconfig><dir>{fonts}</dir><cachedir>{fonts / 'cache'}</cachedir>"
        '<include ignore_missing="yes">/etc/fonts/conf.d</include></fontconfig>\n')
    with headless_chromium(env={"FONTCONFIG_FILE": str(config)}) as chromium:
        yield chromium


@pytest.mark.parametrize("page", CHART_PAGES)
def test_no_chart_text_runs_outside_its_figure_without_dejavu(browser_without_dejavu,
                                                             reports, page):  # noqa: F811
    for viewport in (PHONE, DESKTOP):
        assert evaluate(browser_without_dejavu, page, viewport, TEXT_OUTSIDE) == [], viewport
