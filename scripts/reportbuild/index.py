"""index: reports/index.html, the home page (the article's claims in order, each with its verdict,
reason and report), about.html (the one page with the build facts) and glossary.html."""

import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from explainer import data
from explainer.contract import ABOUT, GLOSSARY, GRADING_PAGE, HOME
from explainer.provenance import counted, recorded, term_slug
from explainer.verdicts import summary_sentence, tally, verdict_slug
from reportbuild import cache
from reportbuild.options import Options
from reportbuild.plan import checked_claims

INDEX_TEMPLATES = cache.TEMPLATES / "index"


def write_index(options: Options, manifest: cache.Manifest) -> str:
    """Write the home, about and glossary pages when their inputs changed; returns the status
    word."""
    out = options.out
    key = cache.combined({
        "reports": {path.stem: manifest.get(path.stem).get("export") for path in options.notebooks},
        "build": cache.tree_digest(cache.SCRIPTS),
        "explainer": cache.tree_digest(cache.EXPLAINER),  # the summary and its traced counts
        "data": {name: cache.file_digest(cache.DATA / name)
                 for name in ("claims.csv", "glossary.csv", "topics.csv", "page_reviews.csv",
                              "datapackage.json")},
    })
    pages = {name: out / f"{name}.html" for name in (HOME, ABOUT, GLOSSARY)}
    if not options.force and manifest.get(f"{HOME}.html").get("key") == key \
            and all(page.exists() for page in pages.values()):
        return "cached"
    built = [(path, manifest.get(path.stem).get("title", path.stem)) for path in options.notebooks
             if (out / f"{path.stem}.html").exists()]
    cache.write_atomic(pages[HOME], render(checked_claims(tuple(options.names)), built))
    cache.write_atomic(pages[ABOUT], render_about(built, key))
    cache.write_atomic(pages[GLOSSARY], render_glossary(built, manifest, out))
    manifest.record(f"{HOME}.html", key=key)
    return "written"


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
        loader=FileSystemLoader(INDEX_TEMPLATES), autoescape=select_autoescape(["html", "j2"])
    )


def grading_link(links: list[dict]):
    """The "How we grade" page among the built reports, or None."""
    return next((link for link in links if link["href"] == f"{GRADING_PAGE}.html"), None)


def render(claims, reports: list[tuple[Path, str]]) -> str:
    """The home page. `reports` are (notebook path, title) pairs of the reports that exist."""
    titles = {path.stem: title for path, title in reports}
    rows = [
        {**row, "href": f"{row['notebook']}.html" if row["notebook"] in titles else None,
         "report_title": titles.get(row["notebook"]), "slug": verdict_slug(row["verdict"])}
        for row in claims
    ]
    counts = tally((row["verdict"] for row in rows),
                   data.allowed_values("claims", "verdict", cache.DATAPACKAGE))

    def count(number, verdict):  # a count of the claims listed on the page
        graded = "" if verdict is None else f" graded “{verdict}”"
        return counted(number, f"the claims{graded} in the list on this page")

    links = [{"href": f"{path.stem}.html", "title": title} for path, title in reports]
    return _environment().get_template(f"{HOME}.html.j2").render(
        parts=article_parts(rows),
        claim_count=count(len(rows), None),
        summary=summary_sentence(counts, count),
        description="An evidence check of a popular fitness article about back dimples, claim "
                    f"by claim. {summary_sentence(counts)}",
        reports=links,
        grading=grading_link(links),
        css=cache.STYLESHEET.read_text(encoding="utf-8"),
    )


def render_glossary(reports: list[tuple[Path, str]], manifest: cache.Manifest, out: Path) -> str:
    """The glossary and subject index: every glossary term, in plain words, and every key topic,
    A to Z, each with links to the sections of the built pages that mention it (their words as
    page.finish found them, kept in the manifest)."""
    sections = [({"href": f"{path.stem}.html" + (f"#{id_}" if id_ else ""), "page": title,
                  "section": heading}, words)
                for path, title in reports
                for id_, heading, words in page_sections(path.stem, manifest, out)]
    entries = [*data.rows("glossary", cache.DATAPACKAGE),
               *({"term": row["topic"], "aliases": row["aliases"], "meaning": None}
                 for row in data.rows("topics", cache.DATAPACKAGE))]
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
    return _environment().get_template(f"{GLOSSARY}.html.j2").render(
        terms=terms, grading=grading_link(links), css=cache.STYLESHEET.read_text(encoding="utf-8"))


def page_sections(name: str, manifest: cache.Manifest, out: Path) -> list[list]:
    """The words of each section of a built report (page.FinishedPage.sections): as its export
    noted them in the manifest, or, where a damaged manifest lost them, read from the page."""
    sections = manifest.get(name).get("sections")
    if sections is None:
        from bs4 import BeautifulSoup

        from reportbuild.page import section_words

        page = BeautifulSoup((out / f"{name}.html").read_text(encoding="utf-8"), "html.parser")
        sections = section_words(page.main) if page.main else []
    return sections


def render_about(reports: list[tuple[Path, str]], build_key: str) -> str:
    """The colophon: who made the pages, when each page's evidence was last reviewed, the
    licence, how to cite, how to report an error, what the pages are not; then the build facts."""
    titles = {path.stem: title for path, title in reports}
    log = "our review log (the table “When each page's evidence was last reviewed”)"
    reviews = [{**row, "title": titles[row["notebook"]], "href": f"{row['notebook']}.html",
                "date": recorded(row["reviewed"], log)}
               for row in data.rows("page_reviews", cache.DATAPACKAGE)
               if row["notebook"] in titles]
    links = [{"href": f"{path.stem}.html"} for path, _ in reports]
    return _environment().get_template(f"{ABOUT}.html.j2").render(
        reviews=reviews,
        latest=max((row["reviewed"] for row in reviews), default=""),
        grading=grading_link(links),
        css=cache.STYLESHEET.read_text(encoding="utf-8"),
        build_hash=build_key[:12],
    )
