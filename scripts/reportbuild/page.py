"""The one pass over a finished report, on its parsed tree: links to notebooks become links to
their reports; every heading gets a short, stable id, and the contents list the sections; cells
and outputs are focusable, as nbconvert makes them; each wide output table names its columns in its
cells, for phones; the charts are compacted, their styles shared and their font embedded
(chart_html.py). It also gives each section's words, from which the subject index is made."""

import re
from typing import NamedTuple

from bs4 import BeautifulSoup

from reportbuild import chart_html

NOTEBOOK_LINK = re.compile(r"(\d\d_[A-Za-z0-9_]+)\.ipynb(#.*)?")
REPORT_LINK = re.compile(r"(\d\d_[A-Za-z0-9_]+)\.html(?:#.*)?")
ANCHOR_WORDS = 4
# From this many columns a table is too wide for a phone: report.css stacks its rows there.
WIDE_TABLE_COLUMNS = 5


# What a reader does not read as a section's words: charts and the numbers in their tabs, code,
# the notes of traced numbers, the Sources list, the contents, the headings' ¶ links.
NOT_READ_TAGS = {"svg", "pre"}
NOT_READ_CLASSES = {("details", "code"), (None, "origin"), ("ol", "sources"), ("nav", "toc"),
                    ("a", "anchor-link"), ("div", "table-panel"), ("div", "sources-panel"),
                    ("div", "download-panel")}


class FinishedPage(NamedTuple):
    html: str
    linked_reports: set[str]  # the names of the other reports it links to
    # Each section's words: [h2 id, h2 text, words]; the part before the first h2 first, with
    # None for both. Without the Sources section.
    sections: list[list]


def finish(html: str) -> FinishedPage:
    """The page nbconvert rendered, finished (see the module docstring)."""
    soup = BeautifulSoup(html, "html.parser")
    linked = link_reports(soup)
    short_anchors(soup)
    focusable(soup)
    for table in soup.select(".jp-OutputArea-output table"):
        label_wide_table(table)
    svgs = soup.find_all("svg")
    used = chart_html.characters(svgs)
    for svg in svgs:
        chart_html.compact(svg)
        for element in svg.find_all(lambda tag: not tag.contents):
            element.can_be_empty_element = True  # <path .../>, as SVG writes it
    for css in (chart_html.font_faces(used), chart_html.share_styles(svgs)):
        if css:
            style = soup.new_tag("style")
            style.string = css
            soup.head.append(style)
            soup.head.append("\n")
    return FinishedPage(str(soup), linked, section_words(soup.main) if soup.main else [])


def focusable(soup) -> None:
    """What nbconvert's HTMLExporter adds after rendering (export.ReportExporter skips its own
    pass over the page): keyboard focus on each cell's input and output in the notebook's body,
    alt text on images."""
    for notebook in soup.find_all(class_="jp-Notebook"):
        for element in notebook.find_all(
                "div", class_=["jp-Cell-inputWrapper", "jp-OutputArea-output"]):
            element["tabindex"] = "0"
    for image in soup.find_all("img", alt=False):
        image["alt"] = "No description has been provided for this image"


def link_reports(soup) -> set[str]:
    """Links to notebooks ('02_x.ipynb#y') lead to their reports ('02_x.html#y'); returns the
    names of the reports the page links to."""
    linked = set()
    for element in soup.find_all(href=True):
        notebook = NOTEBOOK_LINK.fullmatch(element["href"])
        if notebook:
            element["href"] = f"{notebook[1]}.html{notebook[2] or ''}"
        report = REPORT_LINK.fullmatch(element["href"])
        if report:
            linked.add(report[1])
    return linked


def short_anchors(soup) -> None:
    """Headings' ids (nbconvert's: the whole heading) become their first few words, lower case,
    and every in-page link follows; the contents (the template's `nav.toc`, where there is one)
    list the sections' headings, when there are two or more."""
    taken: set = set()
    renamed = {}
    for heading in soup.find_all(["h1", "h2", "h3", "h4"], id=True):
        if heading.find("a", class_="anchor-link"):
            new = slug(heading_text(heading), taken)
            renamed[heading["id"]] = new
            heading["id"] = new
    for link in soup.find_all("a", href=re.compile("^#")):
        link["href"] = "#" + renamed.get(link["href"][1:], link["href"][1:])
    contents = soup.select_one("nav.toc")
    if contents:
        sections = [heading for heading in soup.select(".jp-MarkdownCell h2, details.fold h2")
                    if heading.find("a", class_="anchor-link")]
        if len(sections) < 2:
            contents.decompose()
            return
        listed = contents.ol
        listed.clear()
        for heading in sections:
            item = soup.new_tag("li")
            item.append(soup.new_tag("a", href=f"#{heading['id']}", string=heading_text(heading)))
            listed.extend(["\n", item])
        listed.append("\n")


def heading_text(heading) -> str:
    """The heading's words, without its ¶ link."""
    return " ".join("".join(text for text in heading.find_all(string=True)
                            if not text.find_parent("a", class_="anchor-link")).split())


def slug(text: str, taken: set) -> str:
    """'What genes shape: where fat sits' -> 'what-genes-shape-where', unique among `taken`."""
    words = re.findall(r"[a-z0-9]+", text.lower())[:ANCHOR_WORDS] or ["section"]
    candidate, n = "-".join(words), 2
    while candidate in taken:
        candidate, n = f"{'-'.join(words)}-{n}", n + 1
    taken.add(candidate)
    return candidate


def label_wide_table(table) -> None:
    """A table of many columns gets class `stacked` and, in every body cell, its column's name
    (data-label). Tables with several header rows have no one name per column."""
    header_rows = table.thead.find_all("tr") if table.thead else []
    if len(header_rows) != 1:
        return
    labels = [" ".join(cell.get_text().split())
              for cell in header_rows[0].find_all(["th", "td"], recursive=False)]
    if len(labels) < WIDE_TABLE_COLUMNS:
        return
    if "class" in table.attrs:
        table["class"] = [*table["class"], "stacked"]
    else:
        table.attrs = {"class": "stacked", **table.attrs}
    for row in table.tbody.find_all("tr") if table.tbody else []:
        for cell, label in zip(row.find_all(["th", "td"], recursive=False), labels, strict=False):
            if label:
                cell.attrs = {"data-label": label, **cell.attrs}


def section_words(main) -> list[list]:
    """The words of each section of the page (see FinishedPage.sections)."""
    found = [[None, None, []]]
    for node in read_nodes(main):
        if isinstance(node, str):
            found[-1][2].append(node)
        elif node.name == "h2" and node.get("id"):
            found.append([node["id"], heading_text(node), []])
    return [[id_, heading, " ".join(" ".join(words).split())]
            for id_, heading, words in found if heading != "Sources"]


def read_nodes(tag):
    """The elements and strings below `tag`, in order, but for what a reader does not read."""
    for child in tag.children:
        if isinstance(child, str):
            yield child
        elif not (child.name in NOT_READ_TAGS or any(
                (name in (None, child.name)) and cls in child.get("class", ())
                for name, cls in NOT_READ_CLASSES)):
            yield child
            yield from read_nodes(child)
