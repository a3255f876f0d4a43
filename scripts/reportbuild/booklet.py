#!/usr/bin/env python3
"""Print the reports into one PDF booklet: a contents page, then the home page, the grading page
and every claim page, each as the browser prints it (folded detail open, each switcher's default
scenario), with a bookmark per page.

    python -m reportbuild.booklet [--reports DIR] [--out FILE]        (make booklet)

Offline: headless Chromium (Debian's chromium) prints the files already built by `make reports`.
"""

import argparse
import io
import re
import sys
from html import escape, unescape
from pathlib import Path

from pypdf import PdfReader, PdfWriter

from explainer.paths import ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
A4 = {"format": "A4", "print_background": True}
TITLE = re.compile(r"<title>(.*?)(?: · Back dimples, explained)?</title>", re.S)


def booklet_pages(reports: Path) -> list[Path]:
    """The home page, then every notebook's report in order (the grading page first of them)."""
    pages = [reports / "index.html", *sorted(reports.glob("[0-9][0-9]_*.html"))]
    missing = [page.name for page in pages if not page.exists()]
    if missing or len(pages) < 2:
        raise SystemExit(f"booklet: {reports} lacks {', '.join(missing) or 'the reports'}: "
                         "run `make reports` first")
    return pages


def page_title(page: Path) -> str:
    """A page's title, as its browser tab shows it, without the site's name."""
    title = TITLE.search(page.read_text(encoding="utf-8"))
    return " ".join(unescape(title[1]).split()) if title else page.stem


def contents_html(entries: list[tuple[str, int]]) -> str:
    """The contents page: each page's title and the booklet page it starts on."""
    rows = "".join(f"<li><span>{escape(title)}</span><span>{start}</span></li>"
                   for title, start in entries)
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Back dimples, explained: contents</title><style>
body {{ font: 12pt/1.5 "DejaVu Sans", sans-serif; margin: 0; color: #1d1d1f; }}
h1 {{ font-size: 22pt; margin: 0 0 .3em; }} p {{ color: #55555c; margin: 0 0 2em; }}
ol {{ list-style: none; padding: 0; }}
li {{ display: flex; justify-content: space-between; gap: 1em; padding: .45em 0;
      border-bottom: 1px dotted #999; }}
</style></head><body><h1>Back dimples, explained</h1>
<p>An evidence check of a popular fitness article: every claim, its verdict and the research
behind it. Not medical advice.</p><h2>Contents</h2><ol>{rows}</ol></body></html>"""


def printed(pages: list[Path], contents_for) -> tuple[bytes, list[bytes]]:
    """Each page as headless Chromium prints it (print media), then the contents page that
    `contents_for(those PDFs)` writes as HTML."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        raise SystemExit(f"booklet: Chromium not found at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        tab = browser.new_page()
        reports = []
        for page in pages:
            tab.goto(page.resolve().as_uri(), wait_until="load")
            reports.append(tab.pdf(**A4))
        tab.set_content(contents_for(reports), wait_until="load")
        contents = tab.pdf(**A4, margin=dict.fromkeys(("top", "bottom", "left", "right"), "18mm"))
        browser.close()
    return contents, reports


def make_booklet(reports: Path, out: Path) -> int:
    """Write the booklet; returns its number of pages."""
    pages = booklet_pages(reports)
    titles = [page_title(page) for page in pages]

    def contents_for(pdfs: list[bytes]) -> str:  # each report starts after the contents page
        starts = [2 + sum(len(PdfReader(io.BytesIO(pdf)).pages) for pdf in pdfs[:i])
                  for i in range(len(pdfs))]
        return contents_html(list(zip(titles, starts, strict=True)))

    contents, printed_pages = printed(pages, contents_for)
    if len(PdfReader(io.BytesIO(contents)).pages) != 1:
        raise SystemExit("booklet: the contents no longer fit on one page")
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(contents)))
    for title, pdf in zip(titles, printed_pages, strict=True):
        first = len(writer.pages)
        writer.append(PdfReader(io.BytesIO(pdf)))
        writer.add_outline_item(title=title, page_number=first)
    writer.add_metadata({"/Title": "Back dimples, explained",
                         "/Subject": "An evidence check of a popular fitness article"})
    temporary = out.with_name(f".tmp-{out.name}")
    with open(temporary, "wb") as handle:
        writer.write(handle)
    temporary.replace(out)  # a failed run leaves the last booklet whole
    return len(writer.pages)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=Path, default=ROOT / "reports", metavar="DIR",
                        help="the built reports (default: reports/)")
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "booklet.pdf",
                        metavar="FILE", help="the PDF to write (default: reports/booklet.pdf)")
    args = parser.parse_args(argv)
    count = make_booklet(args.reports, args.out)
    print(f"booklet: {args.out} ({count} pages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
