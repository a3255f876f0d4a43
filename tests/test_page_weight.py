"""Page weight: every report against plain `jupyter nbconvert --to html` of the same notebook,
and the README's speed and page-weight tables, which scripts/benchmark.py writes (a record of the
day they were measured: a page that changes since does not make them fail).

Sizes are bytes on disk, from the test run's one build of the project's reports.
"""

import re

import pytest
from benchmark import RATIOS, README, STEPS, page_weights, readme_block

from tests.helpers import NOTEBOOK_PAGES

WEIGHT_ROW = re.compile(r"^\| `(\w+)` \| (\d+) \| (\d+) \| (\d+) % \|$")


@pytest.fixture(scope="module")
def weights(reports, tmp_path_factory) -> dict[str, tuple[int, int]]:
    """{report: (our bytes, plain nbconvert's bytes)} for the session's build, measured as the
    benchmark measures them for the README."""
    rows = page_weights(reports, tmp_path_factory.mktemp("plain"))
    return {name: (ours, plain) for name, ours, plain in rows}


@pytest.fixture(scope="module")
def readme_weights() -> dict[str, tuple[int, int, int]]:
    """The README's page-weight table: {report: (ours, plain, percent)}."""
    block = readme_block(README.read_text(encoding="utf-8"), "page-weight-table")
    rows = [WEIGHT_ROW.match(line) for line in block.splitlines()[2:]]
    assert all(rows), "a page-weight row is not in the benchmark's format"
    return {row[1]: (int(row[2]), int(row[3]), int(row[4])) for row in rows}


@pytest.mark.parametrize("page", NOTEBOOK_PAGES)
def test_report_is_under_half_of_plain_nbconvert(weights, page):
    ours, theirs = weights[page]
    # The same text and charts (ours also a phone variant of each, the data behind it and a font
    # subset); we leave out the lab CSS and the scripts, and compact the SVG.
    assert ours < theirs / 2, f"ours {ours} B, plain nbconvert {theirs} B"


def test_readme_page_weights_cover_every_report_and_their_percentages_add_up(readme_weights):
    assert list(readme_weights) == NOTEBOOK_PAGES
    for name, (ours, plain, percent) in readme_weights.items():
        assert percent == round(100 * ours / plain), name


def test_readme_speed_table_has_every_step_and_ratio_the_benchmark_measures():
    block = readme_block(README.read_text(encoding="utf-8"), "speed-table")
    seconds = dict(re.findall(r"^\| (.+?) \| (\d+\.\d\d) \|$", block, flags=re.MULTILINE))
    assert list(seconds) == [*STEPS.values(), *RATIOS]
    measured = {step: float(seconds[label]) for step, label in STEPS.items()}
    assert 0 < measured["c"] < measured["b"] < measured["a"]  # a table of real runs
