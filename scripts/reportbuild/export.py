"""Turn an executed notebook into one self-contained HTML report with the project's template.

The template (templates/report/) decides the whole layout: the short answer first (the cells
tagged `short-answer`, in one section), then the table of contents; on a page without a short
answer, the verdict badges right under the title; each section's code behind one "Show code" at
its end; a section whose heading cell is tagged `fold-section` folded, its heading the summary;
the pager. `ReportParts` only prepares what it places: it splits the title's heading from the rest
of its cell (and each folded section's), marks where the short answer and the folded sections start
and end, and hands each section's code to its last cell. nbconvert's HTMLExporter renders the
page; page.finish then does, on its parsed tree, what needs the rendered page: short heading ids,
the contents, wide tables, the charts.
"""

import json
import re
import threading
from functools import cache
from html import escape

from IPython.lib.lexers import IPython3Lexer
from nbconvert import HTMLExporter, TemplateExporter
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
from nbconvert.preprocessors import Preprocessor
from nbformat.v4 import new_markdown_cell
from pygments import highlight
from pygments.filter import simplefilter
from pygments.formatters import HtmlFormatter
from pygments.token import STANDARD_TYPES, Text
from traitlets.config import Config

from explainer import data
from explainer.contract import GRADING_PAGE
from explainer.verdicts import claim_review, verdict_slug
from reportbuild.cache import DATAPACKAGE, STYLESHEET, TEMPLATES
from reportbuild.chart_html import figure_html
from reportbuild.page import FinishedPage, finish
from reportbuild.plan import BuildError, Job

# The code's token classes report.css colours; the others are drawn as plain text.
COLOURED_TOKENS = frozenset(re.findall(r"\.highlight \.(\w+)",
                                       STYLESHEET.read_text(encoding="utf-8")))
_ONE_AT_A_TIME = threading.Lock()

# Cell tags, as in Jupyter Book: drop a whole cell, only its code, or only its output.
REMOVE_TAGS = {
    "remove_cell_tags": {"remove-cell"},
    "remove_input_tags": {"remove-input"},
    "remove_all_outputs_tags": {"remove-output"},
}

FOLD_TAG = "fold-section"  # on a cell that starts with a "## " heading: its section is folded

# A heading right under the title that skips a level (# Title, then ### subtitle) is a subtitle:
# a paragraph, so that the page's outline skips no level.
SUBTITLE = re.compile(r"\A\s*#{3,6} +(.+)\n?")


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
        fold_sections(nb.cells)
        fold_code_by_section(nb.cells)
        return nb, resources


def fold_sections(cells) -> None:
    """Each section whose heading cell is tagged FOLD_TAG: its heading in a cell of its own, the
    first of the fold ("start"), and its last cell ("end"), as the template folds them."""
    for cell in [cell for cell in cells if FOLD_TAG in cell.metadata.get("tags", [])]:
        heading, _, rest = cell.source.lstrip().partition("\n")
        if cell.cell_type != "markdown" or not heading.startswith("## "):
            raise BuildError(f"a cell tagged {FOLD_TAG!r} must be a Markdown cell that starts "
                             f"with a '## ' heading; this one starts {heading[:60]!r}")
        start = next(i for i, other in enumerate(cells) if other is cell)  # not an equal one
        cell.source = heading
        cell.metadata["report_fold"] = "start"
        if rest.strip():
            cells.insert(start + 1, new_markdown_cell(rest))
        end = next((i for i in range(start + 1, len(cells)) if starts_section(cells[i])),
                   len(cells)) - 1
        cells[end].metadata["report_fold_end"] = True


def fold_code_by_section(cells) -> None:
    """Each section's shown code (between second-level headings) moves, in order, to its last
    cell, which the template follows with one "Show code"."""
    sections = [[]]
    for cell in cells:
        if starts_section(cell) and sections[-1]:
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


def starts_section(cell) -> bool:
    """A markdown cell with a second-level heading starts a section."""
    return cell.cell_type == "markdown" and any(
        line.startswith("## ") for line in cell.source.splitlines())


class ReportExporter(HTMLExporter):
    """nbconvert's HTMLExporter without the pass it makes over the whole rendered page (to make
    cells focusable and give images alt text): page.finish does that on the tree it parses
    anyway. One parse of each page instead of two: 0.5 s of the 4.4 s the seven reports' export
    took. tests/test_exporter.py checks that the two give the same page."""

    def from_notebook_node(self, nb, resources=None, **kw):
        return TemplateExporter.from_notebook_node(self, nb, resources, **kw)


@cache
def report_exporter() -> HTMLExporter:
    config = Config()
    config.TagRemovePreprocessor.update({"enabled": True, **REMOVE_TAGS})
    config.HTMLExporter.exclude_input_prompt = True
    config.HTMLExporter.exclude_output_prompt = True
    # report.css styles the code; the lab template's Pygments CSS needs JupyterLab's variables.
    config.CSSHTMLHeaderPreprocessor.enabled = False
    # Code through the `filters` option: HTMLExporter's own path would replace a registered one.
    exporter = ReportExporter(
        config=config, template_name="report", extra_template_basedirs=[str(TEMPLATES)],
        filters={"highlight_code": highlight_python})
    # A widget's view needs the widget's saved state, which the build does not keep: with none,
    # this shows its plain-text form, as HTMLExporter does.
    exporter.register_filter("filter_data_type",
                             WidgetsDataTypeFilter(notebook_metadata={}, parent=exporter))
    exporter.register_preprocessor(ReportParts, enabled=True)
    exporter.register_filter("figure_html", figure_html)
    exporter.register_filter("verdict_slug", verdict_slug)
    return exporter


@simplefilter
def uncoloured_as_text(self, lexer, stream, options):
    """A Pygments filter: each token report.css does not colour becomes plain text."""
    for token, value in stream:
        yield (token if STANDARD_TYPES.get(token) in COLOURED_TOKENS else Text), value


def highlight_python(source: str) -> str:
    """Code as HTML with Pygments, as nbconvert's `highlight_code` filter does, but a token
    gets a <span> only where report.css colours it: names, punctuation and spaces (half the
    tokens) stay plain text, which is a lighter page for a phone to lay out."""
    lexer = IPython3Lexer()
    lexer.add_filter(uncoloured_as_text())
    lexer.add_filter("tokenmerge")
    return highlight(source or " ", lexer, HtmlFormatter(cssclass=" highlight hl-ipython3"))


def export(job: Job, notebook, claims: list[dict], names: list[str]) -> FinishedPage:
    """The report; fails naming any link to a report that no notebook makes."""
    context = {"title": job.title, **job.neighbours, "notebook": job.path.name,
               "verdicts": [{"id": row["id"], "verdict": row["verdict"]}
                            for row in claims if row["notebook"] == job.name],
               **page_metadata(job.name, claims)}
    page = export_html(notebook, context)
    dead = sorted(page.linked_reports - set(names))
    if dead:
        raise BuildError(f"{job.path.name} links to {', '.join(f'{n}.html' for n in dead)}, "
                         "which no notebook in notebooks/ makes (a link or a notebook name is out "
                         "of date)")
    return page


def page_metadata(name: str, claims: list[dict]) -> dict:
    """What a report says about itself to search engines and link previews: a description from
    its claims and verdicts, and a schema.org ClaimReview (JSON-LD) for each claim it grades,
    dated by its last review (data/page_reviews.csv; a page not reviewed yet gets none)."""
    graded = [row for row in claims if row["notebook"] == name]
    reviewed = {row["notebook"]: row["reviewed"]
                for row in data.rows("page_reviews", DATAPACKAGE)}.get(name)
    scale = data.allowed_values("claims", "verdict", DATAPACKAGE)
    description = " ".join(f"Claim {row['id']}, “{row['label']}”: {row['verdict']}. "
                           f"{row['summary']}" for row in graded) or (
        "How we grade the claims of a popular fitness article about back dimples, and what each "
        "verdict means.")
    markup = [json.dumps(claim_review(row, scale, reviewed), ensure_ascii=False, indent=1)
              .replace("</", "<\\/") for row in graded if reviewed]
    return {"description": description, "claim_reviews": markup}


def export_html(notebook, context: dict) -> FinishedPage:
    """The report of `notebook`; `context` (title, verdicts, prev/next links) is what the page
    adds.

    One export at a time: the build exports in threads, and they share one exporter."""
    report = {"grading_page": f"{GRADING_PAGE}.html", **context}
    with _ONE_AT_A_TIME:
        html, _ = report_exporter().from_notebook_node(
            notebook, resources={"metadata": {"name": context["title"]}, "report": report}
        )
    return finish(html)
