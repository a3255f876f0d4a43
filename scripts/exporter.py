"""Turn an executed notebook into one self-contained HTML report with the project's template.

The template (templates/report/) renders the cells; `tidy_report` then rearranges the page for a
reader: the verdict badges go under the title, a table of contents follows the title's cell, the
lab template's empty wrapper markup goes, and wide output tables get their column names on every
cell so that phones can show them row by row.
"""

import re
from functools import cache
from pathlib import Path

from bs4 import BeautifulSoup
from figure_html import chart_font_faces, figure_html
from nbconvert import HTMLExporter
from traitlets.config import Config

TEMPLATES = Path(__file__).resolve().parent / "templates"

# Cell tags, as in Jupyter Book: drop a whole cell, only its code, or only its output.
REMOVE_TAGS = {
    "remove_cell_tags": {"remove-cell"},
    "remove_input_tags": {"remove-input"},
    "remove_all_outputs_tags": {"remove-output"},
}

NOTEBOOK_LINK = re.compile(r'href="(\d\d_[A-Za-z0-9_]+)\.ipynb(#[^"]*)?"')

# Wrappers the lab template puts around every cell: empty ones go, the others give up their content.
EMPTY_WRAPPERS = "div.jp-Collapser"
PASS_THROUGH_WRAPPERS = (
    "div.jp-Cell-inputWrapper, div.jp-InputArea, div.jp-Cell-outputWrapper, div.jp-OutputArea, "
    "div.jp-OutputArea-child, div.jp-CodeMirrorEditor, div.cm-editor"
)

# From this many columns a table is too wide for a phone: report.css stacks its rows there.
WIDE_TABLE_COLUMNS = 5


@cache
def _exporter() -> HTMLExporter:
    config = Config()
    config.TagRemovePreprocessor.update({"enabled": True, **REMOVE_TAGS})
    config.HTMLExporter.exclude_input_prompt = True
    config.HTMLExporter.exclude_output_prompt = True
    # report.css styles the code; the lab template's Pygments CSS needs JupyterLab's variables.
    config.CSSHTMLHeaderPreprocessor.enabled = False
    exporter = HTMLExporter(
        config=config, template_name="report", extra_template_basedirs=[str(TEMPLATES)]
    )
    exporter.register_filter("figure_html", figure_html)
    exporter.register_filter("chart_font_faces", chart_font_faces)
    return exporter


def export_html(notebook, context: dict) -> str:
    """HTML for `notebook`; `context` (title, verdicts, prev/next links) is what the page adds."""
    html, _ = _exporter().from_notebook_node(
        notebook, resources={"metadata": {"name": context["title"]}, "report": context}
    )
    html = NOTEBOOK_LINK.sub(lambda m: f'href="{m[1]}.html{m[2] or ""}"', html)
    return tidy_report(html)


def tidy_report(html: str) -> str:
    """The reader-facing rearrangements of a rendered report (see the module docstring)."""
    soup = BeautifulSoup(html, "html.parser")
    main = soup.find("main")
    _drop_lab_wrappers(main)
    title = main.find("h1")
    _subtitle_as_paragraph(title)
    if title:
        badges = main.find("ul", class_="verdict-badges")
        if badges:
            title.insert_after(badges.extract())
        contents = table_of_contents(soup, main)
        if contents:
            (title.find_parent("div", class_="jp-Cell") or title).insert_after(contents)
    for table in main.select(".jp-OutputArea-output table"):
        _label_wide_table(table)
    return str(soup)


def _subtitle_as_paragraph(title) -> None:
    """A heading right under the title that skips a level (# Title, then ### subtitle) is a
    subtitle, not a section: a paragraph, so the page's outline skips no level."""
    subtitle = title.find_next_sibling() if title else None
    if subtitle is not None and subtitle.name in ("h3", "h4", "h5", "h6"):
        subtitle.name = "p"
        subtitle["class"] = ["subtitle"]
        del subtitle["id"]
        for anchor in subtitle.select("a.anchor-link"):
            anchor.decompose()


def _drop_lab_wrappers(main) -> None:
    for element in main.select(EMPTY_WRAPPERS):
        element.decompose()
    for element in main.select(PASS_THROUGH_WRAPPERS):
        element.unwrap()
    for cell in main.select("div.jp-Cell[id]"):
        del cell["id"]  # "cell-id=…": nothing links to cells


def heading_text(heading) -> str:
    """A heading's words, without the ¶ anchor link nbconvert appends."""
    return "".join(
        str(part) if isinstance(part, str) else part.get_text()
        for part in heading.children
        if getattr(part, "name", None) != "a" or "anchor-link" not in part.get("class", [])
    ).strip()


def table_of_contents(soup, main):
    """'On this page': a link to every second-level heading, or None when there are fewer than 2."""
    headings = [h for h in main.find_all("h2") if h.get("id")]
    if len(headings) < 2:
        return None
    nav = soup.new_tag("nav", attrs={"class": "toc", "aria-label": "On this page"})
    label = soup.new_tag("p")
    label.string = "On this page"
    entries = soup.new_tag("ol")
    for heading in headings:
        link = soup.new_tag("a", href=f"#{heading['id']}")
        link.string = heading_text(heading)
        item = soup.new_tag("li")
        item.append(link)
        entries.append(item)
    nav.extend([label, entries])
    return nav


def _label_wide_table(table) -> None:
    """Mark a table of many columns `stacked` and give each cell its column name (data-label)."""
    header_rows = table.select("thead > tr")
    if len(header_rows) != 1:
        return  # several header rows: no one name per column
    labels = [cell.get_text(" ", strip=True) for cell in header_rows[0].find_all(["th", "td"])]
    if len(labels) < WIDE_TABLE_COLUMNS:
        return
    table["class"] = [*table.get("class", []), "stacked"]
    for row in table.select("tbody > tr"):
        for label, cell in zip(labels, row.find_all(["th", "td"], recursive=False), strict=False):
            if label:
                cell["data-label"] = label
