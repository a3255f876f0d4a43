"""Reader-first rearrangements of a rendered report, applied by exporter.tidy_report.

- The cells tagged `short-answer` become one <section class="short-answer"> near the top.
- Each section's code (the cells between two second-level headings) goes behind one "Show code"
  at the end of that section; cells left empty by the move go.
- Headings get short, stable anchors: their first few words, lower case.
"""

import re

SHORT_ANSWER_CELLS = "div.jp-Cell.celltag_short-answer"
ANCHOR_WORDS = 4


def is_section_start(cell) -> bool:
    return cell.find("h2") is not None


def fold_code_by_section(soup, main) -> None:
    """One "Show code" per section, after the section's last cell, holding its code in order."""
    sections, current = [], []
    for cell in main.find_all("div", class_="jp-Cell"):
        if is_section_start(cell) and current:
            sections.append(current)
            current = []
        current.append(cell)
    sections.append(current)
    for cells in sections:
        folds = [fold for cell in cells
                 for fold in cell.find_all("details", class_="code", recursive=False)]
        if not folds:
            continue
        merged = soup.new_tag("details", attrs={"class": "code"})
        summary = soup.new_tag("summary")
        summary.string = "Show code"
        merged.append(summary)
        for fold in folds:
            fold.summary.decompose()
            for part in list(fold.contents):
                merged.append(part.extract())
            fold.decompose()
        last = cells[-1]
        last.insert_after(merged)
        for cell in cells:
            if not cell.get_text(strip=True) and not cell.find(["img", "table"]):
                cell.decompose()


def wrap_short_answer(soup, main):
    """The cells tagged short-answer, in one <section class="short-answer">; None without any."""
    cells = main.select(SHORT_ANSWER_CELLS)
    if not cells:
        return None
    section = soup.new_tag("section", attrs={"class": "short-answer",
                                             "aria-label": "The short answer"})
    cells[0].insert_before(section)
    for cell in cells:
        section.append(cell.extract())
    return section


def slug(text: str, taken: set) -> str:
    """'What genes shape: where fat sits' -> 'what-genes-shape-where', unique among `taken`."""
    words = re.findall(r"[a-z0-9]+", text.lower())[:ANCHOR_WORDS] or ["section"]
    candidate, n = "-".join(words), 2
    while candidate in taken:
        candidate, n = f"{'-'.join(words)}-{n}", n + 1
    taken.add(candidate)
    return candidate


def short_anchors(main, heading_text) -> None:
    """Replace nbconvert's heading ids (the whole heading, percent-encoded) with short slugs, and
    point the heading's own ¶ link and any in-page links at them."""
    taken = {element["id"] for element in main.find_all(id=True)
             if element.name not in ("h1", "h2", "h3", "h4")}
    renamed = {}
    for heading in main.find_all(["h1", "h2", "h3", "h4"]):
        if heading.get("id"):
            renamed[heading["id"]] = heading["id"] = slug(heading_text(heading), taken)
            for own in heading.select("a.anchor-link"):
                own["href"] = "#" + heading["id"]
    for link in main.find_all("a", href=True):
        if link["href"].startswith("#") and link["href"][1:] in renamed:
            link["href"] = "#" + renamed[link["href"][1:]]
