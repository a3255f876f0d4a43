"""Accessibility checked by the field's tool: axe-core finds nothing wrong on any page, at phone and
desktop width, in the light and the dark colour scheme; and dark mode is really dark, charts too,
while print stays light.

axe's script is test tooling (axe-playwright-python ships it): it is put into the page under test
here, never into the reports, which stay free of scripts."""

import pytest

from explainer.charts import VERDICT_COLOURS
from tests.chromium import DESKTOP, ONLY_CONTRAST, PHONE, Visit, axe_script, axe_violations
from tests.helpers import PAGES

pytestmark = pytest.mark.browser

SCHEMES = ["light", "dark"]
VIEWPORTS = pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])


def in_scheme(page, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)


def back_to_default(visit: Visit) -> None:
    """The tab goes back to the system's scheme before the next test has it."""
    visit.page.emulate_media(color_scheme="null")
    visit.close()


@pytest.fixture(params=PAGES)
def page_name(request, reports):
    assert (reports / f"{request.param}.html").exists(), f"{request.param}.html was not built"
    return request.param


@VIEWPORTS
def test_axe_finds_no_violation_in_either_colour_scheme(tabs, reports, page_name, viewport):
    # One load per page and width; the scheme switches on the loaded page, as a reader's would.
    # Folded detail and code are opened first: axe checks only what is shown.
    visit = Visit(tabs, reports / f"{page_name}.html", viewport=viewport)
    try:
        visit.page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        visit.page.evaluate(axe_script())
        found = {}
        for scheme in SCHEMES:
            in_scheme(visit.page, scheme)
            found[scheme] = axe_violations(visit.page,
                                           options="" if scheme == "light" else ONLY_CONTRAST)
    finally:
        back_to_default(visit)
    assert not any(found.values()), (
        f"{page_name} at {viewport['width']} px: axe finds "
        + "; ".join(f"in {scheme} mode: {v}" for scheme, vs in found.items() for v in vs))


BADGES = """verdicts => {
    const box = document.createElement('p');
    box.id = 'badges-under-test';
    for (const verdict of verdicts) {
        const name = verdict.replaceAll(' ', '-');
        box.insertAdjacentHTML('beforeend',
            `<span class="badge verdict-${name}">${verdict}</span> ` +
            `<a class="badge verdict-${name}" href="#badges-under-test">${verdict}</a> `);
    }
    document.querySelector('main').prepend(box);
}"""


def test_every_verdict_badge_reads_in_both_schemes(tabs, reports):
    """Each verdict's badge, as text and as a link, passes contrast (4.5:1) in both schemes, where
    it is on a page today or not ("not supported" was a link at 4.35:1)."""
    visit = Visit(tabs, reports / "00_overview.html")
    try:
        visit.page.evaluate(BADGES, list(VERDICT_COLOURS))
        visit.page.evaluate(axe_script())
        found = {}
        for scheme in SCHEMES:
            in_scheme(visit.page, scheme)
            assert visit.page.locator("#badges-under-test .badge").count() == 2 * len(
                VERDICT_COLOURS)
            found[scheme] = axe_violations(visit.page, "'#badges-under-test'", ONLY_CONTRAST)
    finally:
        back_to_default(visit)
    assert not any(found.values()), f"verdict badges that do not read: {found}"


@VIEWPORTS
def test_a_numbers_origin_note_reads_in_both_schemes(tabs, reports, viewport):
    """The note that shows where a number comes from (hidden until a tap or focus, so not seen by
    the page-wide run) passes axe in both schemes, its links included."""
    visit = Visit(tabs, reports / "03_can_you_spot_reduce.html", viewport=viewport)
    try:
        number = visit.page.locator("main p .num:has(.origin a)").first
        number.focus()
        visit.page.evaluate(axe_script())
        found = {}
        for scheme in SCHEMES:
            in_scheme(visit.page, scheme)
            assert number.locator(":scope > .origin").is_visible()
            found[scheme] = axe_violations(visit.page, "document.activeElement")
    finally:
        back_to_default(visit)
    assert not any(found.values()), f"a number's origin note: {found}"


LOOK = """() => {
    const chart = document.querySelector('figure.chart svg');
    const visible = [...document.querySelectorAll('figure.chart svg')]
        .find(svg => svg.getBoundingClientRect().width > 0);
    const style = element => getComputedStyle(element);
    return {
        paper: style(document.body).backgroundColor, ink: style(document.body).color,
        chart: style(visible || chart).filter,
    };
}"""


def luminance(css_colour: str) -> float:
    """Relative luminance (WCAG) of an `rgb(r, g, b)` colour."""
    channels = [int(part) / 255 for part in
                css_colour[css_colour.index("(") + 1:-1].split(",")[:3]]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@VIEWPORTS
def test_dark_mode_darkens_the_page_and_its_charts_and_print_stays_light(tabs, reports,
                                                                         viewport):
    visit = Visit(tabs, reports / "03_can_you_spot_reduce.html", viewport=viewport)
    try:
        looks = {}
        for scheme in SCHEMES:
            in_scheme(visit.page, scheme)
            looks[scheme] = visit.page.evaluate(LOOK)
        visit.page.emulate_media(media="print", color_scheme="dark")
        looks["print"] = visit.page.evaluate(LOOK)
    finally:
        back_to_default(visit)
    light, dark, printed = looks["light"], looks["dark"], looks["print"]
    assert luminance(light["paper"]) > 0.9 and luminance(light["ink"]) < 0.05, light
    assert luminance(dark["paper"]) < 0.05 and luminance(dark["ink"]) > 0.6, dark
    # The charts (drawn dark on white) are turned dark too, not left as white boxes
    assert light["chart"] == "none", light
    assert dark["chart"] != light["chart"] and "invert" in dark["chart"], dark
    # Paper is light: print ignores the reader's screen setting
    assert printed == light, printed
