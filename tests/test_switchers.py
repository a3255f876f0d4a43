"""The reports' scenario switchers in a real browser: every option by click and by arrow key, one
chart shown at a time with its own sentence, nothing loaded and no script, the default in print."""

import re

import pytest
from playwright.sync_api import expect

from tests.chromium import PHONE, Visit

pytestmark = pytest.mark.browser

PAGES_WITH_SWITCHERS = ["02_does_weight_loss_reveal_them", "03_can_you_spot_reduce",
                        "04_how_fast_to_lose_weight"]
# What the reader sees of a switcher: the panels shown and, in each, the chart variant shown.
SHOWN = """sw => [...sw.querySelectorAll(':scope > .scenario')]
    .filter(panel => getComputedStyle(panel).display !== 'none')
    .map(panel => ({
        sentence: panel.querySelector('p.says').innerText,
        figure: panel.querySelector('figure.chart').id,
        svgs: [...panel.querySelectorAll('svg')].filter(s => s.getBoundingClientRect().width > 0)
            .map(s => s.id),
    }))"""


@pytest.fixture(params=PAGES_WITH_SWITCHERS)
def page(request, tabs, reports):
    visit = Visit(tabs, reports / f"{request.param}.html")
    visit.open_folds()
    yield visit.page
    assert visit.page.locator("script:not([type='application/ld+json'])").count() == 0, \
        "a page with a script"
    assert visit.foreign_requests() == [], "the page loaded more than itself"
    visit.close()


def options(page):
    return page.locator("fieldset.switcher > input[type=radio]")


def pick(page, number: int):
    """Click option `number`'s label, as a reader does (the input itself is drawn by its label)."""
    option = options(page).nth(number)
    page.locator(f"label[for='{option.get_attribute('id')}']").click()
    return option


def shown(page) -> dict:
    """The one panel shown, and its chart; fails if none or several are shown."""
    panels = page.locator("fieldset.switcher").evaluate(SHOWN)
    assert len(panels) == 1, f"{len(panels)} scenarios shown at once"
    assert len(panels[0]["svgs"]) == 1, f"{panels[0]['figure']}: not exactly one chart variant"
    return panels[0]


def test_the_page_has_one_switcher_of_three_to_six_options_the_default_checked(page):
    assert page.locator("fieldset.switcher").count() == 1
    count = options(page).count()
    assert 3 <= count <= 6
    checked = page.locator("fieldset.switcher > input:checked")
    assert checked.count() == 1
    panel = page.locator("fieldset.switcher > .scenario.default")
    assert shown(page)["figure"] == panel.locator("figure.chart").get_attribute("id")


def test_clicking_each_option_shows_its_own_chart_and_sentence(page):
    seen = [shown(page)]
    for number in range(options(page).count()):
        option = pick(page, number)
        expect(option).to_be_checked()
        now = shown(page)
        assert now["figure"] == f"{page.locator('fieldset.switcher').get_attribute('id')}-" \
                                f"{number + 1}", "the chart shown is not the option's"
        if now["figure"] != seen[-1]["figure"]:
            assert now["sentence"] != seen[-1]["sentence"], "the sentence did not change"
        seen.append(now)
    assert len({panel["figure"] for panel in seen}) == options(page).count()
    assert len({panel["sentence"] for panel in seen}) == options(page).count()


def test_arrow_keys_move_through_every_option_with_a_visible_focus(page):
    count = options(page).count()
    pick(page, 0).focus()
    for number in [*range(1, count), 0]:  # right to the last, then round to the first
        before = shown(page)
        page.keyboard.press("ArrowRight")
        option = options(page).nth(number)
        expect(option).to_be_checked()
        expect(option).to_be_focused()
        now = shown(page)
        assert now["figure"] != before["figure"] and now["sentence"] != before["sentence"]
        label = page.locator(f"label[for='{option.get_attribute('id')}']")
        outline = label.evaluate("l => getComputedStyle(l).outlineStyle")
        assert outline not in ("", "none"), "no visible focus on the option's label"
    page.keyboard.press("ArrowLeft")
    expect(options(page).nth(count - 1)).to_be_checked()


def test_the_picked_option_shows_without_colour_too(page):
    picked = page.locator("fieldset.switcher > input:checked + label")
    assert picked.evaluate("l => getComputedStyle(l, '::before').content").startswith('"✓')
    other = page.locator("fieldset.switcher > input:not(:checked) + label").first
    assert other.evaluate("l => getComputedStyle(l, '::before').content") == "none"


def test_a_screen_reader_hears_the_label_the_sentence_and_the_charts_alt_text(page):
    for number in range(options(page).count()):
        # Picked, as when a reader reaches it: a hidden panel would be read with the notes of its
        # traced numbers, which a shown one opens only on a tap.
        option = pick(page, number)
        label = page.locator(f"label[for='{option.get_attribute('id')}']").inner_text()
        expect(option).to_have_accessible_name(label)
        panel = page.locator("fieldset.switcher > .scenario").nth(number)
        sentence = panel.locator("p.says").inner_text()
        alt = panel.locator(".chart-desktop svg").get_attribute("aria-label")
        expect(option).to_have_accessible_description(same_words(f"{sentence} {alt}"))


def same_words(text: str) -> re.Pattern:
    """`text`, word for word and sign for sign, however the spaces between them fall (an
    accessible description puts one after a traced number, before the full stop that ends it)."""
    words = r"\s*".join(map(re.escape, re.findall(r"\w+|[^\w\s]", text)))
    return re.compile(rf"^\s*{words}\s*$")


def test_each_scenario_has_its_own_data_download(page):
    links = page.locator("fieldset.switcher figure.chart .download-panel a[download]")
    assert links.count() == options(page).count()
    hrefs = [links.nth(n).get_attribute("href") for n in range(links.count())]
    assert all(href.startswith("data:text/csv") for href in hrefs)
    assert len(set(hrefs)) == len(hrefs), "two scenarios download the same numbers"


def test_print_shows_the_default_scenario_whichever_is_checked(page):
    default = page.locator("fieldset.switcher > .scenario.default figure.chart").get_attribute("id")
    other = page.locator("fieldset.switcher > .scenario:not(.default)").first
    pick(page, 0 if options(page).nth(1).is_checked() else 1)
    assert shown(page)["figure"] != default
    page.emulate_media(media="print")
    assert shown(page)["figure"] == default
    assert options(page).first.evaluate("i => getComputedStyle(i.nextElementSibling).display") \
        == "none", "the options print"
    assert not other.is_visible()


@pytest.mark.parametrize("name", PAGES_WITH_SWITCHERS)
def test_a_phone_shows_each_scenarios_phone_chart(tabs, reports, name):
    visit = Visit(tabs, reports / f"{name}.html", viewport=PHONE)
    page = visit.page
    try:
        visit.open_folds()
        for number in range(options(page).count()):
            pick(page, number)
            figure = shown(page)
            assert figure["svgs"] == [f"{figure['figure']}-p"]
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"the page is {width} px wide on a 390 px screen"
    finally:
        visit.close()
