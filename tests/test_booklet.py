"""`make booklet`: one PDF of the home page, the grading page and every claim page, after a
contents page that says where each starts, printed offline by headless Chromium."""

import re
import shutil
import unicodedata

import pytest

from reportbuild.booklet import CHROMIUM, make_booklet, page_title
from tests.chromium import browser_missing

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def booklet(reports, tmp_path_factory):
    if not CHROMIUM.exists():
        browser_missing(f"Chromium not found at {CHROMIUM}")
    pypdf = pytest.importorskip("pypdf", reason="pypdf is in requirements-dev.txt")
    copy = tmp_path_factory.mktemp("booklet") / "reports"
    shutil.copytree(reports, copy, ignore=shutil.ignore_patterns("*.pdf"))
    out = copy / "booklet.pdf"
    count = make_booklet(copy, out)
    reader = pypdf.PdfReader(out)
    assert len(reader.pages) == count
    pages = [copy / "index.html", *sorted(copy.glob("[0-9][0-9]_*.html"))]
    return reader, [page_title(page) for page in pages]


def page_text(reader, number: int) -> str:
    """A page's text as one line, ligatures (ﬁ) spelt out."""
    return " ".join(unicodedata.normalize("NFKC", reader.pages[number].extract_text()).split())


def contents_text(reader) -> tuple[str, list[int]]:
    """The contents page's words without its page numbers, and its page numbers in order (a
    long title that wraps may print its number before its last words)."""
    text = page_text(reader, 0)
    numbers = [int(n) for n in re.findall(r"(?<![\w.])\d+(?![\w.])", text)]
    return " ".join(re.sub(r"(?<![\w.])\d+(?![\w.])", " ", text).split()), numbers


def test_the_contents_page_lists_every_page_and_where_each_starts(booklet):
    reader, titles = booklet
    words, starts = contents_text(reader)
    assert words.startswith("Back dimples, explained")
    for title in titles:
        assert " ".join(title.split()) in words, f"the contents do not list {title!r}"
    assert len(starts) == len(titles)
    assert starts[0] == 2 and starts == sorted(starts) and starts[-1] <= len(reader.pages)


def test_each_page_starts_where_the_contents_and_its_bookmark_say(booklet):
    reader, titles = booklet
    _, starts = contents_text(reader)
    bookmarks = {item.title: reader.get_destination_page_number(item) for item in reader.outline}
    assert list(bookmarks) == titles
    for (title, first), start in zip(bookmarks.items(), starts, strict=True):
        assert first == start - 1  # bookmarks count from 0, the contents from 1
        text = page_text(reader, first)
        assert title.split(":")[0][:30] in text, f"page {start} does not open with {title!r}"


def test_a_claim_page_prints_its_folded_detail_and_its_sources(booklet):
    reader, titles = booklet
    starts = [reader.get_destination_page_number(item) for item in reader.outline]
    claim = titles.index(next(title for title in titles if title.startswith("Can you burn fat")))
    pages = range(starts[claim], starts[claim + 1])  # the spot-reduction page, in print
    text = " ".join(page_text(reader, number) for number in pages)
    assert "More detail" in text and "Sources" in text
    assert "Show code" not in text  # code stays out of print
