"""reports/index.html, the home page: the article's claims in order, each with its verdict, reason
and report; and reports/about.html, the one page with the build facts."""

import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE = TEMPLATES / "index" / "index.html.j2"
ABOUT = TEMPLATES / "index" / "about.html.j2"
GLOSSARY = TEMPLATES / "index" / "glossary.html.j2"
STYLESHEET = TEMPLATES / "report" / "static" / "report.css"


def verdict_scale() -> list[str]:
    """The verdicts from best to worst supported, as data/datapackage.json allows them."""
    from explainer import data

    fields = data.resource("claims")["schema"]["fields"]
    return next(f for f in fields if f["name"] == "verdict")["constraints"]["enum"]


def article_parts(rows: list[dict]) -> list[dict]:
    """Claims grouped by the article section they stand under: [{section, claims}], in order."""
    parts = []
    for row in rows:
        if not parts or parts[-1]["section"] != row["section"]:
            parts.append({"section": row["section"], "claims": []})
        parts[-1]["claims"].append(row)
    return parts


def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATE.parent), autoescape=select_autoescape(["html", "j2"])
    )


def grading_link(links: list[dict]):
    """The "How we grade" page among the built reports, or None."""
    from explainer.verdicts import GRADING_PAGE

    return next((link for link in links if link["href"] == f"{GRADING_PAGE}.html"), None)


def render(claims, reports: list[tuple[Path, str]]) -> str:
    """The home page. `reports` are (notebook path, title) pairs of the reports that exist."""
    from explainer.provenance import counted
    from explainer.verdicts import summary_sentence, verdict_slug

    titles = {path.stem: title for path, title in reports}
    rows = [
        {**row, "href": f"{row['notebook']}.html" if row["notebook"] in titles else None,
         "report_title": titles.get(row["notebook"]), "slug": verdict_slug(row["verdict"])}
        for row in claims
    ]
    counts = {verdict: sum(row["verdict"] == verdict for row in rows)
              for verdict in verdict_scale()}

    def count(number, verdict):  # a count of the claims listed on the page
        graded = "" if verdict is None else f" graded “{verdict}”"
        return counted(number, f"the claims{graded} in the list on this page")

    links = [{"href": f"{path.stem}.html", "title": title} for path, title in reports]
    return _environment().get_template(TEMPLATE.name).render(
        parts=article_parts(rows),
        claim_count=count(len(rows), None),
        summary=summary_sentence(counts, count),
        description="An evidence check of a popular fitness article about back dimples, claim "
                    f"by claim. {summary_sentence(counts)}",
        reports=links,
        grading=grading_link(links),
        css=STYLESHEET.read_text(encoding="utf-8"),
    )


def page_metadata(name: str, claims: list[dict]) -> dict:
    """What a report says about itself to search engines and link previews: a description from
    its claims and verdicts, and a schema.org ClaimReview (JSON-LD) for each claim it grades."""
    import json

    from explainer import data
    from explainer.verdicts import claim_review

    graded = [row for row in claims if row["notebook"] == name]
    reviews = {row["notebook"]: row["reviewed"] for row in data.rows("page_reviews")}
    if name not in reviews:
        raise KeyError(f"data/page_reviews.csv has no row for {name}: add the date its evidence "
                       "was last reviewed")
    reviewed = reviews[name]
    description = " ".join(f"Claim {row['id']}, “{row['label']}”: {row['verdict']}. "
                           f"{row['summary']}" for row in graded) or (
        "How we grade the claims of a popular fitness article about back dimples, and what each "
        "verdict means.")
    markup = [json.dumps(claim_review(row, verdict_scale(), reviewed), ensure_ascii=False,
                         indent=1).replace("</", "<\\/") for row in graded]
    return {"description": description, "claim_reviews": markup, "reviewed": reviewed}


def render_glossary(reports: list[tuple[Path, str]], out: Path) -> str:
    """The glossary and subject index: every glossary term, in plain words, and every key topic,
    A to Z, each with links to the sections of the built pages that mention it."""
    from explainer import data
    from explainer.provenance import term_slug

    sections = [section for path, title in reports
                for section in page_sections(out / f"{path.stem}.html", title)]
    entries = [*data.rows("glossary"), *({"term": row["topic"], "aliases": row["aliases"],
                                         "meaning": None} for row in data.rows("topics"))]
    terms = []
    for row in sorted(entries, key=lambda row: row["term"].lower()):
        aliases = [alias for alias in (row["aliases"] or "").split("|") if alias]
        spellings = "|".join(map(re.escape, [row["term"], *aliases]))
        mention = re.compile(rf"(?<![\w-])(?:{spellings})(?![\w-])", re.IGNORECASE)
        places: dict[str, dict] = {}  # page -> the sections of it that mention the term
        for place, text in sections:
            if mention.search(text):
                page = places.setdefault(place["page"], {"page": place["page"],
                                                         "href": place["href"].split("#")[0],
                                                         "sections": []})
                if place["section"]:
                    page["sections"].append(place)
        terms.append({**row, "slug": term_slug(row["term"]), "aliases": aliases,
                      "places": list(places.values())})
    links = [{"href": f"{path.stem}.html"} for path, _ in reports]
    return _environment().get_template(GLOSSARY.name).render(
        terms=terms, grading=grading_link(links), css=STYLESHEET.read_text(encoding="utf-8"))


def page_sections(page: Path, title: str) -> list[tuple[dict, str]]:
    """A built report's sections as ({href, page, section}, the text a reader reads there): the
    part before the first heading (the short answer) and each h2, without charts, code, notes of
    traced numbers and the Sources list."""
    from bs4 import BeautifulSoup

    main = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").main
    for element in main.select("svg, pre, details.code, .origin, ol.sources, nav.toc, "
                               "a.anchor-link"):
        element.decompose()
    place = {"href": page.name, "page": title, "section": None}
    found: dict[str, tuple[dict, list[str]]] = {page.name: (place, [])}
    for node in main.descendants:
        if getattr(node, "name", None) == "h2" and node.get("id"):
            place = {"href": f"{page.name}#{node['id']}", "page": title,
                     "section": node.get_text(" ", strip=True)}
            found[place["href"]] = (place, [])
        elif isinstance(node, str):
            found[place["href"]][1].append(node)
    return [(place, " ".join(" ".join(texts).split())) for place, texts in found.values()
            if place["section"] != "Sources"]


def render_about(reports: list[tuple[Path, str]], build_key: str) -> str:
    """The colophon: who made the pages, when each page's evidence was last reviewed, the
    licence, how to cite, how to report an error, what the pages are not; then the build facts."""
    from explainer import data
    from explainer.provenance import recorded

    titles = {path.stem: title for path, title in reports}
    log = "our review log (the table “When each page's evidence was last reviewed”)"
    reviews = [{**row, "title": titles[row["notebook"]], "href": f"{row['notebook']}.html",
                "date": recorded(row["reviewed"], log)}
               for row in data.rows("page_reviews") if row["notebook"] in titles]
    links = [{"href": f"{path.stem}.html"} for path, _ in reports]
    return _environment().get_template(ABOUT.name).render(
        reviews=reviews,
        latest=max((row["reviewed"] for row in reviews), default=""),
        grading=grading_link(links),
        css=STYLESHEET.read_text(encoding="utf-8"),
        build_hash=build_key[:12],
    )
