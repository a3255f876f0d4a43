"""Charts look the same where DejaVu Sans is not installed: in a Chromium whose fontconfig knows
only matplotlib's STIX fonts, every chart text is as wide as in a Chromium with DejaVu installed,
and none runs outside its figure, at phone and at desktop width.
"""

import os
from pathlib import Path

import pytest
from matplotlib import get_data_path

from tests.chromium import DESKTOP, PHONE, SHOWN_CHARTS, TEXT_OUTSIDE, Tabs, evaluate, launch
from tests.helpers import NOTEBOOK_PAGES

pytestmark = pytest.mark.browser

TEXT_WIDTHS = "() => " + SHOWN_CHARTS + """
  .flatMap(svg => [...svg.querySelectorAll('text')].map(t => t.getBoundingClientRect().width))"""
WIDTHS_AND_TEXT_OUTSIDE = f"() => [({TEXT_WIDTHS})(), ({TEXT_OUTSIDE})()]"  # one page load


def fontconfig_without_dejavu(folder: Path) -> Path:
    """A fontconfig file whose only fonts are matplotlib's STIX fonts; the system's rendering
    settings (conf.d) stay, so that only the fonts differ."""
    for font in (Path(get_data_path()) / "fonts" / "ttf").glob("STIX*.ttf"):
        (folder / font.name).symlink_to(font)
    config = folder / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
        f"<fontconfig><dir>{folder}</dir><cachedir>{folder / 'cache'}</cachedir>"
        '<include ignore_missing="yes">/etc/fonts/conf.d</include></fontconfig>\n')
    return config


@pytest.fixture(scope="module")
def tabs_without_dejavu(playwright, tmp_path_factory):
    """Tabs of a second Chromium, whose fontconfig knows no DejaVu."""
    config = fontconfig_without_dejavu(tmp_path_factory.mktemp("fonts"))
    chromium = launch(playwright, env={**os.environ, "FONTCONFIG_FILE": str(config)})
    yield Tabs(chromium)
    chromium.close()


@pytest.mark.usefixtures("reports")
@pytest.mark.parametrize("page", NOTEBOOK_PAGES)
def test_charts_look_the_same_without_dejavu(tabs, tabs_without_dejavu, page):
    for viewport in (PHONE, DESKTOP):
        widths, outside = evaluate(tabs_without_dejavu, page, viewport, WIDTHS_AND_TEXT_OUTSIDE)
        assert widths == pytest.approx(evaluate(tabs, page, viewport, TEXT_WIDTHS), abs=0.5)
        assert outside == [], viewport
