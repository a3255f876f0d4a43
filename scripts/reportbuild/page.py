"""The one pass over a finished report, on its parsed tree: links to notebooks become links to
their reports; every heading gets a short, stable id, and the contents list the sections; each
wide output table names its columns in its cells, for phones; the charts are compacted, their
styles shared and their font embedded (chart_html.py)."""

import re
from typing import NamedTuple

from bs4 import BeautifulSoup

from reportbuild import chart_html

NOTEBOOK_LINK = re.compile(r"(\d\d_[A-Za-z0-9_]+)\.ipynb(#.*)?")
REPORT_LINK = re.compile(r"(\d\d_[A-Za-z0-9_]+)\.html(?:#.*)?")
ANCHOR_WORDS = 4
# From this many columns a table is too wide for a phone: report.css stacks its rows there.
WIDE_TABLE_COLUMNS = 5


class FinishedPage(NamedTuple):
    html: str
    linked_reports: set[str]  # the names of the other reports it links to


def finish(html: str) -> FinishedPage:
    """The page nbconvert rendered, finished (see the module docstring)."""
    soup = BeautifulSoup(html, "html.parser")
    linked = link_reports(soup)
    short_anchors(soup)
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
    return FinishedPage(str(soup), linked)


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
        sections = [heading for heading in soup.select(".jp-MarkdownCell h2")
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
