"""Every block a reader sees besides the charts: the short answer, the verdict checks, folded
detail, citations, tables, the sources list, and the small helpers that turn numbers into the
words of the prose.

Blocks return an IPython display object, so a notebook cell ends with one call. The HTML carries
CSS classes (answers, verdict-checks, more, sources) that the report template styles; JupyterLab
shows it plainly.
"""

import re
from html import escape, unescape

import pandas as pd
from IPython.display import HTML, Markdown

from explainer import data
from explainer.contract import GRADING_PAGE
from explainer.provenance import Check, modelled, sourced, term  # noqa: F401 (for the notebooks)
from explainer.verdicts import verdict_slug


def claim(claim_id: int) -> dict:
    """One row of data/claims.csv as a dict."""
    for row in data.rows("claims"):
        if row["id"] == claim_id:
            return row
    raise KeyError(f"no claim {claim_id} in data/claims.csv")


SHORT_ANSWER_WORDS = 120
TAG = re.compile(r"<[^>]+>")
ORIGIN = re.compile(r'<span class="origin"[^>]*>.*?</span>(?=</(?:span|dfn)>)', re.S)


def verdict_badge(verdict: str) -> str:
    """A verdict as a badge that links to its definition on the grading page."""
    slug = verdict_slug(verdict)
    return (f'<a class="badge verdict-{slug}" href="{GRADING_PAGE}.ipynb#{slug}">'
            f"{escape(verdict)}</a>")


def _verdict_line(row: dict) -> str:
    return (f'<p class="verdict-sentence">{verdict_badge(row["verdict"])} '
            f'{escape(row["summary"])}</p>')


def short_answer(claim_ids, why: str) -> HTML:
    """The answer first: each claim in our words, its verdict badge and verdict sentence, then
    `why`, at most 120 words of plain explanation (HTML, written by us: links are allowed)."""
    words = len(plain_text(why).split())
    if words > SHORT_ANSWER_WORDS:
        raise ValueError(f"short answer for claims {claim_ids}: {words} words, over "
                         f"{SHORT_ANSWER_WORDS}")
    answers = "".join(
        f'<div class="answer" data-claim="{row["id"]}">'
        f'<p class="claim-text"><strong>Claim {row["id"]}:</strong> {escape(row["claim"])}</p>'
        f"{_verdict_line(row)}</div>"
        for row in map(claim, claim_ids)
    )
    return HTML(f'<div class="answers">{answers}<p class="why">{why}</p></div>')


def verdict_checks(claim_id: int, verdict: str, checks: list[Check]) -> HTML:
    """Assert that the claim's verdict in claims.csv is `verdict` and that every check holds, then
    list the checks in plain words (HTML, with their numbers traced): the words shown are the
    conditions asserted."""
    row = claim(claim_id)
    if row["verdict"] != verdict:
        raise AssertionError(f"claim {claim_id}: claims.csv says {row['verdict']!r}, the checks "
                             f"were written for {verdict!r}")
    failed = [plain_text(check.statement) for check in checks if not bool(check.holds)]
    if failed:
        raise AssertionError(f"claim {claim_id} ({verdict}): no longer true: " + "; ".join(failed))
    items = "".join(f"<li>{check.statement}</li>" for check in checks)
    return HTML(
        f'<div class="verdict-checks" data-claim="{claim_id}">'
        f'<p><strong>Claim {claim_id}:</strong> {verdict_badge(verdict)}</p>'
        f'<ul class="checks">{items}</ul></div>'
    )


def plain_text(html: str) -> str:
    """What a reader reads of `html`: its text without tags or the notes of traced numbers."""
    return unescape(TAG.sub(" ", ORIGIN.sub("", html))).replace("  ", " ").strip()


def more_detail(content, summary: str = "More detail"):
    """Fold `content` (Markdown text, or an HTML block) into a <details> a reader can open."""
    head = f'<details class="more"><summary>{escape(summary)}</summary>'
    if isinstance(content, HTML):
        return HTML(f"{head}{content.data}</details>")
    return Markdown(f"{head}\n\n{content}\n\n</details>")


def cite(source_id: str, text: str) -> str:
    """An author-year mention linked to its entry in the page's Sources list."""
    data.cite(source_id)  # fails on an unknown source
    return f'<a class="cite" href="#source-{source_id}">{escape(text)}</a>'


def table(frame, headings: dict[str, str] | None = None, *, rows=None,
          model: str | None = None) -> HTML:
    """A table for readers: no index, text escaped and in full; `headings` picks the columns to
    show and names them readably (all columns, as they are, without it). Its caption traces every
    number in it: to `rows` of our tables (a DataFrame loaded with data.load), or to a `model`
    and its settings."""
    if (rows is None) == (model is None):
        raise ValueError("a table says where its numbers come from: rows=… or model=…")
    origin = sourced("Where these numbers come from", rows) if model is None else modelled(
        "Where these numbers come from", model)
    if headings:
        frame = frame[list(headings)].rename(columns=headings)
    head = "".join(f"<th>{escape(str(name))}</th>" for name in frame.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(str(value))}</td>" for value in row) + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return HTML(f'<table class="traced"><caption>{origin}</caption><thead><tr>{head}</tr></thead>'
                f"<tbody>{body}</tbody></table>")


def sources_list(source_ids) -> HTML:
    """The numbered Sources section: one entry per source_id, in the order given, with its link."""
    items = []
    for source_id in dict.fromkeys(source_ids):
        citation = data.cite(source_id)
        link = data.source_link(source_id)
        label = link
        if link and link.startswith("https://doi.org/"):
            label = "doi:" + link.removeprefix("https://doi.org/")
            citation = citation.removesuffix(" " + label)  # the DOI becomes the link itself
        entry = escape(citation)
        if link:
            entry += f' <a href="{escape(link)}">{escape(label)}</a>'
        items.append(f'<li id="source-{source_id}">{entry}</li>')
    return HTML('<ol class="sources">' + "".join(items) + "</ol>")


def one_in_n(percent: float) -> str:
    """A share as plain words, rounded to the nearest 'one in N': 24% -> 'one in four'."""
    words = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight",
             9: "nine", 10: "ten"}
    n = round(100 / percent)
    if n not in words:
        raise ValueError(f"{percent}% is not between one in two and one in ten")
    return f"one in {words[n]}"


def week_phrase(week: int | None, weeks: int) -> str:
    """'week N' for a week something first happens, or 'not within N weeks' when it never does."""
    return f"week {week}" if week is not None else f"not within {weeks} weeks"


def participant_count(studies) -> tuple[int, int]:
    """People in the studies behind these rows (each source_id once, its n_study), and how many of
    those studies give no size."""
    per_study = studies.drop_duplicates("source_id").n_study
    return int(per_study.sum()), int(per_study.isna().sum())


def studies_and_people(studies) -> str:
    """'6 studies with at least 339 participants (1 without a reported size)', for prose."""
    people, unknown = participant_count(studies)
    count = studies.source_id.nunique()
    text = f"{count} {'study' if count == 1 else 'studies'} with "
    if unknown:
        return text + f"at least {people} participants ({unknown} without a reported size)"
    return text + f"{people} participants"


def motive_studies_table(studies) -> HTML:
    """One row per motive study: first author and year, design, size (people or studies
    reviewed) and finding."""
    rows = []
    for row in studies.itertuples():
        size = (f"{row.participants} people" if pd.notna(row.participants)
                else f"{row.studies_reviewed} studies reviewed")
        rows.append({"Study": data.short_cite(row.source_id),
                     "Design": row.design, "Size": size, "Finding": row.finding})
    return table(pd.DataFrame(rows), rows=studies)


def chance_in_words(p_value) -> str:
    """A reported p-value ('<0.001', '0.017' or a number) as what it says about chance."""
    p = float(str(p_value).lstrip("<= "))
    if p <= 0.001:
        return "very unlikely to be chance"
    if p < 0.05:
        return "unlikely to be chance"
    return "could well be chance"
