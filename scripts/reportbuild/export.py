"""Turn an executed notebook into one self-contained HTML report with the project's template.

The template (templates/report/) decides the whole layout: the short answer first (the cells
tagged `short-answer`, in one section), then the table of contents; on a page without a short
answer, the verdict badges right under the title; each section's code behind one "Show code" at
its end; the pager. `ReportParts` only prepares what it places: it splits the title's heading from
the rest of its cell, marks where the short answer starts and ends, hands each section's code to
its last cell, lists the section headings for the contents, and gives each cell of a wide output
table its column name, so that phones can show such tables row by row. `short_anchors` then gives
every heading a short, stable id.
"""

import re
import threading
from functools import cache
from html import escape, unescape
from pathlib import Path

from nbconvert import HTMLExporter, TemplateExporter
from nbconvert.filters import Highlight2HTML, markdown2html
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
from nbconvert.preprocessors import Preprocessor
from nbformat.v4 import new_markdown_cell
from traitlets.config import Config

from explainer.contract import GRADING_PAGE
from explainer.verdicts import verdict_slug
from reportbuild.chart_html import chart_font_faces, figure_html, shared_chart_styles
from reportbuild.plan import BuildError, Job

TEMPLATES = Path(__file__).resolve().parent / "templates"
_ONE_AT_A_TIME = threading.Lock()

# Cell tags, as in Jupyter Book: drop a whole cell, only its code, or only its output.
REMOVE_TAGS = {
    "remove_cell_tags": {"remove-cell"},
    "remove_input_tags": {"remove-input"},
    "remove_all_outputs_tags": {"remove-output"},
}

NOTEBOOK_LINK = re.compile(r'href="(\d\d_[A-Za-z0-9_]+)\.ipynb(#[^"]*)?"')
REPORT_LINK = re.compile(r'href="(\d\d_[A-Za-z0-9_]+)\.html(?:#[^"]*)?"')
HEADING = re.compile(r'<h2 id="([^"]+)">(.*?)<a class="anchor-link"', re.DOTALL)
ANY_HEADING = re.compile(r'<h[1-4] id="([^"]+)">(.*?)<a class="anchor-link"', re.DOTALL)
ANCHOR_WORDS = 4
TAG = re.compile(r"<[^>]+>")
# From this many columns a table is too wide for a phone: report.css stacks its rows there.
WIDE_TABLE_COLUMNS = 5
TABLE = re.compile(r"<table(?P<attributes>[^>]*)>(?P<body>.*?)</table>", re.DOTALL)
HEADER_ROW = re.compile(r"<thead>\s*<tr[^>]*>(.*?)</tr>\s*</thead>", re.DOTALL)
HEADER_CELL = re.compile(r"<t[hd][^>]*>(.*?)</t[hd]>", re.DOTALL)
CLASS = re.compile(r'class="([^"]*)"')
BODY_CELL = re.compile(r"<t([hd])(?=[\s>])")
# A heading right under the title that skips a level (# Title, then ### subtitle) is a subtitle:
# a paragraph, so that the page's outline skips no level.
SUBTITLE = re.compile(r"\A\s*#{3,6} +(.+)\n?")


def plain_text(html: str) -> str:
    return " ".join(unescape(TAG.sub("", html)).split())


def label_wide_table(html: str) -> str:
    """Each table of many columns in `html` gets class `stacked` and, in every body cell, its
    column's name (data-label). Tables with several header rows have no one name per column."""

    def label(table: re.Match) -> str:
        rows = HEADER_ROW.findall(table["body"])
        labels = [plain_text(cell) for cell in HEADER_CELL.findall(rows[0])] if rows else []
        if len(rows) != 1 or len(labels) < WIDE_TABLE_COLUMNS:
            return table[0]
        head, tbody, body = table["body"].partition("<tbody>")
        rows = "</tr>".join(_label_cells(row, labels) for row in body.split("</tr>"))
        return f'<table{stacked(table["attributes"])}>{head}{tbody}{rows}</table>'

    return TABLE.sub(label, html)


def _label_cells(row: str, labels: list[str]) -> str:
    column = iter(labels)

    def labelled(cell: re.Match) -> str:
        name = next(column, "")
        return f'<t{cell[1]} data-label="{escape(name)}"' if name else cell[0]

    return BODY_CELL.sub(labelled, row)


def stacked(attributes: str) -> str:
    """A table's attributes with the class `stacked` added."""
    if CLASS.search(attributes):
        return CLASS.sub(lambda m: f'class="{m[1]} stacked"', attributes, count=1)
    return f' class="stacked"{attributes}'


class ReportParts(Preprocessor):
    """Prepares what the template places (see the module docstring); runs after tag removal."""

    def preprocess(self, nb, resources):
        title = next((i for i, cell in enumerate(nb.cells) if cell.cell_type == "markdown"
                      and cell.source.lstrip().startswith("# ")), None)
        if title is not None:
            heading, _, rest = nb.cells[title].source.lstrip().partition("\n")
            rest = SUBTITLE.sub(lambda m: f'<p class="subtitle">{escape(m[1])}</p>\n', rest)
            parts = [new_markdown_cell(heading)]
            if rest.strip():
                parts.append(new_markdown_cell(rest))
            parts[0].metadata["report"] = "title"
            parts[-1].metadata["report_contents"] = True  # the contents follow this cell
            nb.cells[title:title + 1] = parts
        short_answer = [cell for cell in nb.cells
                        if "short-answer" in cell.metadata.get("tags", [])]
        resources["report"]["short_answer"] = bool(short_answer)
        if short_answer:
            for cell in nb.cells:
                cell.metadata.pop("report_contents", None)
            short_answer[0].metadata["report_short_answer"] = "first"
            short_answer[-1].metadata["report_short_answer"] = "last"
            short_answer[-1].metadata["report_contents"] = True
        fold_code_by_section(nb.cells)
        resources["report"]["contents"] = [
            {"id": anchor, "text": plain_text(text)}
            for cell in nb.cells if cell.cell_type == "markdown"
            for anchor, text in HEADING.findall(markdown2html(_headings(cell.source)))
        ]
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                html = output.get("data", {}).get("text/html")
                if html and "<table" in html:
                    output.data["text/html"] = label_wide_table(html)
        return nb, resources


def fold_code_by_section(cells) -> None:
    """Each section's shown code (between second-level headings) moves, in order, to its last
    cell, which the template follows with one "Show code"."""
    sections = [[]]
    for cell in cells:
        if cell.cell_type == "markdown" and _headings(cell.source) and sections[-1]:
            sections.append([])
        sections[-1].append(cell)
    for section in sections:
        code = []
        for cell in section:
            transient = cell.metadata.setdefault("transient", {})
            if cell.cell_type == "code" and not transient.get("remove_source"):
                code.append(cell.source)
                transient["remove_source"] = True
        if code:
            section[-1].metadata["report_code"] = code


def slug(text: str, taken: set) -> str:
    """'What genes shape: where fat sits' -> 'what-genes-shape-where', unique among `taken`."""
    words = re.findall(r"[a-z0-9]+", text.lower())[:ANCHOR_WORDS] or ["section"]
    candidate, n = "-".join(words), 2
    while candidate in taken:
        candidate, n = f"{'-'.join(words)}-{n}", n + 1
    taken.add(candidate)
    return candidate


def short_anchors(html: str) -> str:
    """Headings' ids (nbconvert's: the whole heading) become their first few words, lower case;
    the contents and every in-page link follow."""
    taken: set = set()
    renamed = {old: slug(plain_text(text), taken) for old, text in ANY_HEADING.findall(html)}
    for old, new in renamed.items():
        html = html.replace(f'id="{old}"', f'id="{new}"')
        html = html.replace(f'href="#{old}"', f'href="#{new}"')
    return html


def _headings(markdown: str) -> str:
    return "\n\n".join(line for line in markdown.splitlines() if line.startswith("## "))


class ReportExporter(HTMLExporter):
    """HTMLExporter less its last step, which parses the finished page again to give images alt
    text and JupyterLab's cell wrappers a tab stop: a report has neither. That step was a tenth of
    the build's own processor time."""

    def from_notebook_node(self, nb, resources=None, **kw):
        resources = self._init_resources(resources)
        data_types = WidgetsDataTypeFilter(
            notebook_metadata=self._nb_metadata, parent=self, resources=resources
        )
        self.register_filter("filter_data_type", data_types)
        return TemplateExporter.from_notebook_node(self, nb, resources, **kw)


@cache
def _exporter() -> ReportExporter:
    config = Config()
    config.TagRemovePreprocessor.update({"enabled": True, **REMOVE_TAGS})
    config.HTMLExporter.exclude_input_prompt = True
    config.HTMLExporter.exclude_output_prompt = True
    # report.css styles the code; the lab template's Pygments CSS needs JupyterLab's variables.
    config.CSSHTMLHeaderPreprocessor.enabled = False
    exporter = ReportExporter(
        config=config, template_name="report", extra_template_basedirs=[str(TEMPLATES)]
    )
    # Every notebook here is Python (HTMLExporter would make this filter anew for each page).
    python = Highlight2HTML(pygments_lexer="ipython3", parent=exporter)
    exporter.register_filter("highlight_code", python)
    exporter.register_preprocessor(ReportParts, enabled=True)
    exporter.register_filter("figure_html", figure_html)
    exporter.register_filter("chart_font_faces", chart_font_faces)
    exporter.register_filter("verdict_slug", verdict_slug)
    return exporter


def export(job: Job, notebook, claims: list[dict], names: list[str]) -> str:
    """The report's HTML; fails naming any link to a report that no notebook makes."""
    context = {"title": job.title, **job.neighbours,
               "verdicts": [{"id": row["id"], "verdict": row["verdict"]}
                            for row in claims if row["notebook"] == job.name]}
    html = export_html(notebook, context)
    dead = sorted(linked_reports(html) - set(names))
    if dead:
        raise BuildError(f"{job.path.name} links to {', '.join(f'{n}.html' for n in dead)}, "
                         "which no notebook in notebooks/ makes (a link or a notebook name is out "
                         "of date)")
    return html


def export_html(notebook, context: dict) -> str:
    """HTML for `notebook`; `context` (title, verdicts, prev/next links) is what the page adds.

    One export at a time: the build exports in threads, and they share one exporter."""
    report = {"grading_page": f"{GRADING_PAGE}.html", **context}
    with _ONE_AT_A_TIME:
        html, _ = _exporter().from_notebook_node(
            notebook, resources={"metadata": {"name": context["title"]}, "report": report}
        )
    html = NOTEBOOK_LINK.sub(lambda m: f'href="{m[1]}.html{m[2] or ""}"', html)
    return shared_chart_styles(short_anchors(html))


def linked_reports(html: str) -> set[str]:
    """Names of the other reports a page links to ('02_does_weight_loss_reveal_them', ...)."""
    return set(REPORT_LINK.findall(html))
