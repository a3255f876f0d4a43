"""The reports as a reader from a phone meets them: the answer on the first screen, a page short
enough to read, no code or build words, verdicts that list what was checked, citations that lead
to their sources. Claim pages are the reports with a short answer."""

import re

import pytest
from bs4 import BeautifulSoup

from explainer.contract import GRADING_PAGE
from tests.chromium import PHONE, Visit
from tests.helpers import NOTEBOOK_PAGES

CLAIM_PAGES = [page for page in NOTEBOOK_PAGES if page != GRADING_PAGE]
WORD_BUDGET = 900
# What a reader should never read: identifiers, file names, notebook talk, build commands.
CODE_WORDS = re.compile(
    r"\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b"  # CONSTANT_NAMES
    r"|\b[a-z][a-z0-9]*_[a-z0-9_]+\b"  # snake_case names
    r"|\b[\w-]+\.(?:py|csv|ipynb|json|j2)\b"  # file names
    r"|\bdata/|\bnotebooks?\s+\d+|(?<!fat-)\bcells?\b|\bmake (?:reports|test)\b|\bcontent hash\b"
    r"|\bassert\b",
    re.IGNORECASE,
)
# An author-year mention: "Aytekin 2023", "Hall (2008)", "Segar and colleagues (2006)".
AUTHOR_YEAR = re.compile(
    r"\b[A-Z][\w'-]+(?: (?:and|&) [A-Z][\w-]+| et al\.| and colleagues(?:'s?)?|'s)?"
    r"(?: [\w'-]+){0,2},? \(?(?:19|20)\d\d\)?"
)

NAME = re.compile(r"[A-Z][\w-]+")
URL = re.compile(r"https?://\S+")


def page(reports, name) -> BeautifulSoup:
    return BeautifulSoup((reports / f"{name}.html").read_text(encoding="utf-8"), "html.parser")


def reading_text(main) -> str:
    """The words a reader reads without opening anything: no folded detail, code, contents box,
    Sources list, heading ¶ links, charts or a switcher's controls (their words are labels, not
    prose), and of a switcher's scenarios only the one shown at first; nor the origin notes of
    traced numbers and terms, shown only on a tap."""
    for element in main.select("details, ol.sources, nav.toc, a.anchor-link, pre, figure.chart, "
                               ".switcher > legend, .switcher > label, "
                               ".switcher > .scenario:not(.default), .origin"):
        element.decompose()
    return main.get_text(" ", strip=True)


@pytest.mark.parametrize("name", CLAIM_PAGES)
def test_the_short_answer_comes_first_with_a_verdict_for_every_claim(reports, name):
    main = page(reports, name).find("main")
    answer = main.select_one("section.short-answer")
    assert answer, f"{name}: no short answer"
    first = main.find(["section", "nav", "details", "ul"], recursive=False)
    assert first is answer, f"{name}: {first.name}.{first.get('class')} comes before the answer"
    claims = [a["data-claim"] for a in answer.select("[data-claim]")]
    assert claims and len(answer.select(".verdict-sentence")) == len(claims)
    assert answer.select_one("figure.chart"), f"{name}: the short answer has no chart"
    for badge in answer.select(".verdict-sentence a.badge"):
        assert badge["href"].startswith("00_overview.html#"), "a badge must link to How we grade"


@pytest.mark.parametrize("name", CLAIM_PAGES)
def test_page_stays_within_its_reading_budget(reports, name):
    words = len(reading_text(page(reports, name).find("main")).split())
    assert words <= WORD_BUDGET, f"{name}: {words} visible words, over {WORD_BUDGET}"


@pytest.mark.parametrize("name", ["02_does_weight_loss_reveal_them", "03_can_you_spot_reduce",
                                  "04_how_fast_to_lose_weight"])
def test_every_scenario_sentence_is_plain_and_says_it_is_the_models(reports, name):
    """Each switcher option's sentence, shown or not, by the page's own rules for prose (without
    the origin notes of its traced numbers)."""
    soup = page(reports, name)
    for note in soup.select(".switcher p.says .origin"):
        note.decompose()
    sentences = [said.get_text(" ", strip=True) for said in soup.select(".switcher p.says")]
    assert len(sentences) >= 3
    for sentence in sentences:
        assert sentence.endswith(".") and len(sentence.split()) <= 40, sentence
        assert "model" in sentence.lower(), f"not said to be the model's: {sentence}"
        assert not CODE_WORDS.search(sentence), sentence
        assert not re.search(r"\ba (?:8|11|18)\b", sentence), f"'a' before a vowel: {sentence}"


@pytest.mark.parametrize("name", CLAIM_PAGES)
def test_every_claim_on_the_page_has_a_verdict_listing_its_checks(reports, name):
    main = page(reports, name).find("main")
    asked = {a["data-claim"] for a in main.select("section.short-answer [data-claim]")}
    checked = {}
    for block in main.select(".verdict-checks"):
        checked.setdefault(block["data-claim"], []).extend(block.select("ul.checks li"))
    assert set(checked) == asked, f"{name}: verdicts for claims {sorted(checked)}, not {asked}"
    assert all(checked.values()), f"{name}: a verdict lists no checks"


@pytest.mark.parametrize("name", CLAIM_PAGES + ["00_overview"])
def test_every_citation_leads_to_its_sources_entry(reports, name):
    main = page(reports, name).find("main")
    entries = {item["id"] for item in main.select("ol.sources li[id]")}
    for link in main.select('a[href^="#source-"]'):
        assert link["href"][1:] in entries, f"{name}: {link.get_text()} cites a missing source"
    text = reading_text(page(reports, name).find("main"))
    links = [a.get_text(" ", strip=True) for a in main.select('a[href^="#source-"]')]
    for mention in AUTHOR_YEAR.findall(text):
        year, names = re.search(r"(?:19|20)\d\d", mention)[0], set(NAME.findall(mention))
        assert any(year in link and names & set(NAME.findall(link)) for link in links), (
            f"{name}: {mention!r} is not linked to its source")


@pytest.mark.browser
@pytest.mark.parametrize("name", CLAIM_PAGES)
def test_verdict_sentence_is_on_the_first_phone_screen(tabs, reports, name):
    visit = Visit(tabs, reports / f"{name}.html", viewport=PHONE)
    try:
        bottom = visit.page.eval_on_selector(
            ".short-answer .verdict-sentence", "e => e.getBoundingClientRect().bottom")
    finally:
        visit.close()
    assert bottom <= PHONE["height"], f"{name}: the verdict ends {bottom:.0f} px down"


@pytest.mark.browser
@pytest.mark.parametrize("name", [*CLAIM_PAGES, "00_overview", "index"])
def test_visible_text_has_no_code_or_build_words(tabs, reports, name):
    visit = Visit(tabs, reports / f"{name}.html")
    try:
        # Closed <details> give only their summary; the Sources list is titles in others' words.
        text = visit.page.evaluate("""() => {
            document.querySelectorAll('ol.sources').forEach(list => list.remove());
            return document.body.innerText; }""")
    finally:
        visit.close()
    found = sorted(set(CODE_WORDS.findall(URL.sub(" ", text))))
    assert not found, f"{name}: a reader sees {found}"


@pytest.mark.browser
def test_folded_detail_prints_open(tabs, reports):
    visit = Visit(tabs, reports / f"{CLAIM_PAGES[0]}.html")
    try:
        detail = visit.page.locator("details.more").first.locator(":scope > :not(summary)").first
        assert not detail.is_visible(), "folded detail shows on screen"
        visit.page.emulate_media(media="print")
        assert detail.is_visible(), "folded detail is missing from the printout"
    finally:
        visit.close()


def test_home_page_summary_says_the_verdict_tally_and_no_more(reports):
    from explainer import data
    from explainer.verdicts import summary_sentence

    claims = data.rows("claims")
    scale = data.allowed_values("claims", "verdict")
    counts = {verdict: sum(row["verdict"] == verdict for row in claims) for verdict in scale}
    main = page(reports, "index").find("main")
    for note in main.select(".origin"):
        note.decompose()
    text = " ".join(main.get_text(" ", strip=True).split())
    assert summary_sentence(counts) in text.replace(" ,", ",").replace(" .", ".")
    assert sum(counts.values()) == len(claims)
