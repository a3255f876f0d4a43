"""Blocks every notebook shows the same way: the verdict, the claims table and the sources list.

Each returns an IPython display object, so a notebook cell ends with one call. The HTML carries CSS
classes (verdict, sources) that the report template styles; JupyterLab shows it plainly.
"""

from html import escape

from IPython.display import HTML

from explainer import data, paths


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
    """A link to another notebook (the report build turns .ipynb links into .html links)."""
    if not (paths.NOTEBOOKS / f"{notebook}.ipynb").exists():
        return f"{escape(text)} <em>(notebook to come)</em>"
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
