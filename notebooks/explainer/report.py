"""Every block a reader sees besides the charts: the verdict, tables, the sources list, and the
small helpers that turn numbers into the words of the prose.

Blocks return an IPython display object, so a notebook cell ends with one call. The HTML carries
CSS classes (verdict, sources) that the report template styles; JupyterLab shows it plainly.
"""

from html import escape

import pandas as pd
from IPython.display import HTML

from explainer import data


def claim(claim_id: int) -> dict:
    """One row of data/claims.csv as a dict."""
    claims = data.load("claims")
    rows = claims[claims["id"] == claim_id]
    if rows.empty:
        raise KeyError(f"no claim {claim_id} in data/claims.csv")
    return rows.iloc[0].to_dict()


def verdict_slug(verdict: str) -> str:
    """'partly supported' -> 'partly-supported', for CSS classes."""
    return verdict.replace(" ", "-")


def verdict_box(claim_id: int) -> HTML:
    """The claim, its verdict and the one-line reason, as a highlighted box."""
    row = claim(claim_id)
    return HTML(
        f'<div class="verdict verdict-{verdict_slug(row["verdict"])}" data-claim="{claim_id}">'
        f"<p><strong>Claim {claim_id}:</strong> {escape(row['claim'])}</p>"
        f"<p><strong>Verdict: {escape(row['verdict'])}.</strong> {escape(row['summary'])}</p>"
        "</div>"
    )


def notebook_link(notebook: str, text: str) -> str:
    """A link to another notebook (the report build turns .ipynb links into .html links and checks
    that each one leads to a report)."""
    return f'<a href="{notebook}.ipynb">{escape(text)}</a>'


def claims_table() -> HTML:
    """Every claim in article order with its verdict and a link to the notebook that checks it."""
    rows = []
    for row in data.load("claims").sort_values("id").to_dict("records"):
        rows.append(
            "<tr>"
            f"<td>{row['id']}</td>"
            f"<td>{escape(row['claim'])}</td>"
            f'<td><span class="badge verdict-{verdict_slug(row["verdict"])}">'
            f"{escape(row['verdict'])}</span></td>"
            f"<td>{notebook_link(row['notebook'], row['notebook'][3:].replace('_', ' '))}</td>"
            "</tr>"
        )
    return HTML(
        '<table class="claims"><thead><tr><th>#</th><th>What the article says</th>'
        "<th>Verdict</th><th>Checked in</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
    )


def table(frame, headings: dict[str, str] | None = None) -> HTML:
    """A table for readers: no index, text escaped and in full; `headings` picks the columns to
    show and names them readably (all columns, as they are, without it)."""
    if headings:
        frame = frame[list(headings)].rename(columns=headings)
    head = "".join(f"<th>{escape(str(name))}</th>" for name in frame.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(str(value))}</td>" for value in row) + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return HTML(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


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


def verdict_counts_sentence(claims) -> str:
    """'2 supported, 4 partly supported, …' in the verdict scale's order (the allowed values of
    claims.csv's verdict column), for alt text and prose."""
    field = next(f for f in data.resource("claims")["schema"]["fields"] if f["name"] == "verdict")
    counts = claims["verdict"].value_counts()
    return ", ".join(f"{counts.get(v, 0)} {v}" for v in field["constraints"]["enum"])


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
    sources = data.load("sources").set_index("source_id")
    rows = []
    for row in studies.itertuples():
        source = sources.loc[row.source_id]
        size = (f"{row.participants} people" if pd.notna(row.participants)
                else f"{row.studies_reviewed} studies reviewed")
        rows.append({"Study": f"{source.authors.split()[0]} et al. {source.year}",
                     "Design": row.design, "Size": size, "Finding": row.finding})
    return table(pd.DataFrame(rows))
