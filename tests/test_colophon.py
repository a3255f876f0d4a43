"""Who made the pages, when each was reviewed, how to cite them, and what they tell search engines
and link previews: a description on every page and a schema.org ClaimReview for every claim."""

import json
import re
from functools import cache
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from explainer import data
from explainer.provenance import term_slug
from tests.helpers import NOTEBOOK_PAGES, ROOT

NOTEBOOKS = NOTEBOOK_PAGES
REVIEWED = {row["notebook"]: row["reviewed"] for row in data.rows("page_reviews")}
SCALE = next(f for f in data.resource("claims")["schema"]["fields"]
             if f["name"] == "verdict")["constraints"]["enum"]


def soup(reports: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((reports / f"{name}.html").read_text(encoding="utf-8"), "html.parser")


parsed = cache(soup)  # for reading only


def test_every_page_has_a_review_date_and_every_date_a_page():
    assert sorted(REVIEWED) == NOTEBOOKS


@pytest.mark.parametrize("name", [*NOTEBOOKS, "index", "about", "glossary"])
def test_every_page_describes_itself_for_search_and_link_previews(reports, name):
    head = soup(reports, name).head
    description = head.find("meta", attrs={"name": "description"})["content"]
    assert len(description.split()) >= 8
    assert head.find("meta", property="og:title")["content"]
    assert head.find("meta", property="og:site_name")["content"] == "Back dimples, explained"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_every_claim_on_a_page_has_its_claim_review_with_our_verdict(reports, name):
    page = soup(reports, name)
    reviews = [json.loads(block.string)
               for block in page.find_all("script", type="application/ld+json")]
    assert not page.find_all("script", type=lambda kind: kind != "application/ld+json")
    graded = [row for row in data.rows("claims") if row["notebook"] == name]
    assert [review["claimReviewed"] for review in reviews] == [row["claim"] for row in graded]
    for review, row in zip(reviews, graded, strict=True):
        assert review["@type"] == "ClaimReview" and review["@context"] == "https://schema.org"
        rating = review["reviewRating"]
        assert rating["alternateName"] == row["verdict"]
        assert rating["ratingValue"] == len(SCALE) - SCALE.index(row["verdict"])
        assert (rating["worstRating"], rating["bestRating"]) == (1, len(SCALE))
        assert review["datePublished"] == REVIEWED[name]
        assert review["author"]["name"] == "Back dimples, explained"
        assert review["itemReviewed"]["appearance"]["name"]
    description = page.head.find("meta", attrs={"name": "description"})["content"]
    assert all(row["verdict"] in description for row in graded)


def test_the_grading_page_explains_the_rating_scale(reports):
    text = " ".join(soup(reports, "00_overview").get_text(" ").split())
    assert "rating from one (not supported) to four (supported)" in text
    assert SCALE[0] == "supported" and SCALE[-1] == "not supported" and len(SCALE) == 4


def test_the_colophon_says_who_when_how_to_cite_and_report_before_the_build_facts(reports):
    main = soup(reports, "about").main
    headings = [h.get("id") for h in main.find_all("h2")]
    assert headings == ["who", "reviewed", "cite", "licence", "errors", "not-advice", "how-made"]
    rows = main.select("table.reviews tbody tr")
    assert len(rows) == len(NOTEBOOKS)
    for row in rows:
        name = row.a["href"].removesuffix(".html")
        assert row.select_one(".num").contents[0] == REVIEWED[name]
    citation = main.select_one("pre.cite-as").get_text(" ")
    assert max(REVIEWED.values()) in citation


def test_citation_file_matches_the_latest_review():
    cff = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    for key in ("cff-version", "message", "title", "authors", "date-released", "license"):
        assert re.search(rf"^{key}:", cff, re.MULTILINE), f"CITATION.cff lacks {key}"
    released = re.search(r'^date-released: "(\d{4}-\d{2}-\d{2})"$', cff, re.MULTILINE)[1]
    assert released == max(REVIEWED.values())


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_every_report_offers_its_notebook_as_committed(reports, name):
    link = soup(reports, name).find("a", string="Download this notebook")
    assert link["href"] == f"notebooks/{name}.ipynb" and link.has_attr("download")
    copy = reports / link["href"]  # beside the report: it works when reports/ is published alone
    assert copy.read_bytes() == (ROOT / "notebooks" / f"{name}.ipynb").read_bytes()


def test_the_subject_index_links_each_term_to_sections_that_mention_it(reports):
    page = soup(reports, "glossary")
    entries = {dt["id"]: dt for dt in page.select("dl.glossary dt")}
    names = [row["term"] for row in data.rows("glossary")] + [
        row["topic"] for row in data.rows("topics")]
    assert len(entries) == len(names)
    linked = 0
    for name in names:
        spellings = [name, *(_row_aliases(name))]
        mention = re.compile("|".join(map(re.escape, spellings)), re.IGNORECASE)
        places = entries[term_slug(name)].find_next_sibling("dd", class_="places")
        if places is None or places.find_previous_sibling("dt") is not entries[term_slug(name)]:
            continue
        for link in places.select("a[href*='#']"):
            target, anchor = link["href"].split("#")
            assert mention.search(section_text(reports, target.removesuffix(".html"), anchor)), (
                f"{name!r} is indexed under {link['href']}, which does not mention it")
            linked += 1
    assert linked >= len(names)  # most terms come up in more than one section


@cache
def section_text(reports, name: str, anchor: str) -> str:
    """The words of a page's section, from its heading (id `anchor`) to the next, without the
    notes of traced numbers."""
    heading = parsed(reports, name).find(id=anchor)
    section = []
    for sibling in heading.find_all_next(string=True):
        if sibling.find_parent("h2") and sibling.find_parent("h2") is not heading:
            break
        if not sibling.find_parent(class_="origin"):
            section.append(sibling)
    return " ".join(" ".join(section).split())


def _row_aliases(name: str) -> list[str]:
    for row in [*data.rows("glossary"), *data.rows("topics")]:
        if name in (row.get("term"), row.get("topic")):
            return [alias for alias in (row["aliases"] or "").split("|") if alias]
    return []
