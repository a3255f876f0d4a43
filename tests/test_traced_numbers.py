"""Every number a reader sees is one tap from where it comes from, and every technical term from
its meaning: checked in headless Chromium on every page, over all of its text (folded detail and
every scenario of a switcher included), at phone and desktop width."""

import re

import pytest

from explainer import data, provenance
from tests.chromium import DESKTOP, PHONE, Visit
from tests.helpers import NOTEBOOK_PAGES, PAGES

pytestmark = pytest.mark.browser


# Text that carries no number of ours, so needs no origin. Kept short on purpose:
# - chart text (svg): each chart's source line and data download trace what it plots;
# - code, the Sources list and citation links (years and DOIs name a source, they are not data);
# - the contents list, which repeats the headings (checked where they stand);
# - a chart's Table and Sources tabs: every row of the table is one tap (the Sources tab) from its
#   source and locator, or from the model that made it, which is the origin of each of its
#   numbers (test_chart_tabs checks every row has one and every source link resolves).
UNTRACED_PLACES = ("svg, pre, code, details.code, ol.sources, nav.toc, .claim-number, "
                   "a[href^='#source-'], a[href^='https://doi.org/'], "
                   ".chart-tabs > .table-panel, .chart-tabs > .sources-panel")
# Numbers that are names, not quantities: claim numbers, vertebrae (L5, S1), "1RM" and the
# "3500-kcal rule" (as the subject index names it; its pages trace the number).
NAMES = (r"\\bclaims? \\d+(?:(?:,| to| and|-)\\s*\\d+)*|\\b[LTS]\\d\\b|\\b1RM\\b"
         r"|\\b3,?500-kcal rule\\b")

UNTRACED_NUMBERS = f"""() => {{
    const names = new RegExp("{NAMES}", "gi");
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const found = [];
    for (let node; (node = walker.nextNode());) {{
        const parent = node.parentElement;
        if (parent.closest("{UNTRACED_PLACES}, .num, .term, table.traced")) continue;
        const text = node.textContent.replace(names, "");
        if (/\\d/.test(text)) found.push(text.trim().slice(0, 80));
    }}
    return found;
}}"""

TRACED = """() => [...document.querySelectorAll('.num, .term')].map(e => ({
    text: e.firstChild ? e.firstChild.textContent : '',
    tabindex: e.getAttribute('tabindex'),
    origin: (e.querySelector(':scope > .origin') || {textContent: ''}).textContent.trim(),
    links: [...e.querySelectorAll(':scope > .origin a')].map(a => a.getAttribute('href')),
}))"""


@pytest.fixture(params=PAGES)
def page_name(request, reports):
    assert (reports / f"{request.param}.html").exists(), f"{request.param}.html was not built"
    return request.param


def test_every_number_in_reader_text_is_traced(tabs, reports, page_name):
    visit = Visit(tabs, reports / f"{page_name}.html")
    try:
        untraced = visit.page.evaluate(UNTRACED_NUMBERS)
        traced = visit.page.evaluate(TRACED)
        sources = {link for number in traced for link in number["links"] if link.startswith("#")}
        missing = [link for link in sorted(sources)
                   if not visit.page.locator(f"[id='{link[1:]}']").count()]
    finally:
        visit.close()
    assert not untraced, f"{page_name}: numbers with no origin: {untraced}"
    for number in traced:
        assert number["tabindex"] == "0", f"{page_name}: {number['text']!r} cannot be focused"
        assert number["origin"], f"{page_name}: {number['text']!r} has an empty origin"
    assert not missing, f"{page_name}: origins link to sources not on the page: {missing}"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_tap_or_the_keyboard_shows_a_numbers_origin_on_screen(tabs, reports, viewport):
    visit = Visit(tabs, reports / "03_can_you_spot_reduce.html", viewport=viewport)
    try:
        number = visit.page.locator("section.short-answer .num, main p .num").first
        origin = number.locator(":scope > .origin")
        assert not origin.is_visible(), "an origin shows before it is asked for"
        number.focus()  # what a tap or the Tab key does
        assert origin.is_visible(), "focus does not show the origin"
        box = origin.bounding_box()
        assert 0 <= box["x"] and box["x"] + box["width"] <= viewport["width"], box
        assert re.search(r"\w", origin.inner_text())
        visit.page.mouse.click(2, 2)
        number.blur()
        number.hover()
        assert origin.is_visible(), "hovering does not show the origin"
    finally:
        visit.close()


def glossary_words() -> dict[str, re.Pattern]:
    """Each glossary term, as a pattern for it or any of its other spellings."""
    patterns = {}
    for row in data.rows("glossary"):
        spellings = [row["term"], *(row["aliases"] or "").split("|")]
        words = "|".join(re.escape(s.strip()) for s in spellings if s.strip())
        patterns[row["term"]] = re.compile(rf"(?<![\w-])(?:{words})(?![\w-])", re.IGNORECASE)
    return patterns


@pytest.mark.parametrize("name", NOTEBOOK_PAGES)
def test_every_glossary_term_on_a_page_is_explained_there(tabs, reports, name):
    # A chart's table repeats the words of our data tables (what was measured, as the source
    # puts it); the page's prose, which reads the chart, explains the terms.
    visit = Visit(tabs, reports / f"{name}.html")
    try:
        text = visit.page.evaluate("""() => {
            const copy = document.querySelector('main').cloneNode(true);
            copy.querySelectorAll('svg, pre, code, details.code, ol.sources, .origin, ' +
                                  '.chart-tabs > .table-panel')
                .forEach(e => e.remove());
            return copy.textContent; }""")
        links = visit.page.eval_on_selector_all(
            "a[href^='glossary.html#']", "links => links.map(a => a.getAttribute('href'))")
    finally:
        visit.close()
    for term, pattern in glossary_words().items():
        if pattern.search(text):
            assert f"glossary.html#{provenance.term_slug(term)}" in links, (
                f"{name}: uses {term!r} without explaining it (report.term) or linking its entry")
