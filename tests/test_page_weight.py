"""Page weight: every report against plain `jupyter nbconvert --to html` of the same notebook;
and the speed and page-weight tables in docs/build.md, which scripts/benchmark.py writes (a record
of the day they were measured: a page that changes since does not make them fail, but a table that
no longer has the benchmark's rows does).

Sizes are bytes on disk, from the test run's one build of the project's reports.
"""

import importlib.util
import re

import pytest
from bs4 import BeautifulSoup

from tests.helpers import NOTEBOOK_PAGES, ROOT


def load_benchmark():
    """scripts/benchmark.py, a script rather than part of the package, loaded from its file."""
    spec = importlib.util.spec_from_file_location("benchmark", ROOT / "scripts" / "benchmark.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


benchmark = load_benchmark()
WEIGHT_ROW = re.compile(r"^\| `(\w+)` \| (\d+) \| (\d+) \| (\d+) % \|$")


@pytest.fixture(scope="module")
def weights(reports, tmp_path_factory) -> dict[str, tuple[int, int]]:
    """{report: (our bytes, plain nbconvert's bytes)} for the session's build, measured as the
    benchmark measures them."""
    rows = benchmark.page_weights(reports, tmp_path_factory.mktemp("plain"))
    return {name: (ours, plain) for name, ours, plain in rows}


@pytest.mark.parametrize("page", NOTEBOOK_PAGES)
def test_report_is_under_half_of_plain_nbconvert(weights, reports, page):
    ours, theirs = weights[page]
    # The same text and charts (ours also a phone variant of each, the data behind it and a font
    # subset); we leave out the lab CSS and the scripts, and compact the SVG. Each chart's Table
    # and Sources tabs are content plain nbconvert does not have: they are counted apart.
    soup = BeautifulSoup((reports / f"{page}.html").read_text(encoding="utf-8"), "html.parser")
    tables = sum(len(str(panel).encode()) for panel in soup.select(
        ".chart-tabs > .table-panel, .chart-tabs > .sources-panel"))
    assert ours - tables < theirs / 2, (
        f"ours {ours} B ({tables} B of it chart tables), plain nbconvert {theirs} B")


def doc_block(name: str) -> str:
    return benchmark.doc_block(benchmark.DOC.read_text(encoding="utf-8"), name)


def test_doc_page_weight_table_has_a_row_for_every_report():
    rows = [WEIGHT_ROW.match(line) for line in doc_block("page-weight-table").splitlines()[2:]]
    assert all(rows), "a page-weight row is not in the benchmark's format"
    assert [row[1] for row in rows] == NOTEBOOK_PAGES, "run `make bench ARGS=--doc`"


def test_doc_speed_table_has_every_step_and_ratio_the_benchmark_measures():
    block = doc_block("speed-table")
    seconds = re.findall(r"^\| (.+?) \| \d+\.\d\d \|$", block, flags=re.MULTILINE)
    assert seconds == [*benchmark.STEPS.values(), *benchmark.RATIOS], "run `make bench ARGS=--doc`"
