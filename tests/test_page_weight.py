"""Page weight: our hub report against plain `jupyter nbconvert --to html` of the same notebook,
and the README's speed and page-weight tables, which scripts/benchmark.py writes.

Sizes are bytes on disk from one build in a throw-away copy of the project.
"""

import re
import subprocess
import sys

import pytest
from benchmark import RATIOS, README, STEPS, readme_block
from build_cache import cache_folder
from build_reports import all_notebooks
from conftest import run_build

HUB = "00_overview"
WEIGHT_ROW = re.compile(r"^\| `(\w+)` \| (\d+) \| (\d+) \| (\d+) % \|$")


def plain_nbconvert_bytes(executed_notebook, out_dir) -> int:
    """Size of what `jupyter nbconvert --to html` (default lab template) makes of the notebook."""
    subprocess.run(
        [sys.executable, "-m", "jupyter", "nbconvert", "--to", "html", "--output-dir", str(out_dir),
         str(executed_notebook)],
        check=True, capture_output=True, timeout=300,
    )
    return (out_dir / f"{executed_notebook.stem}.html").stat().st_size


@pytest.fixture(scope="module")
def readme_weights() -> dict[str, tuple[int, int, int]]:
    """The README's page-weight table: {report: (ours, plain, percent)}."""
    block = readme_block(README.read_text(encoding="utf-8"), "page-weight-table")
    rows = [WEIGHT_ROW.match(line) for line in block.splitlines()[2:]]
    assert all(rows), "a page-weight row is not in the benchmark's format"
    return {row[1]: (int(row[2]), int(row[3]), int(row[4])) for row in rows}


def test_hub_report_is_smaller_than_plain_nbconvert_and_the_readme_says_so(project, tmp_path,
                                                                          readme_weights):
    build = run_build(project, "--only", HUB)
    assert build.returncode == 0, build.stderr
    reports = project / "reports"
    ours = (reports / f"{HUB}.html").stat().st_size
    plain = plain_nbconvert_bytes(cache_folder(reports) / f"{HUB}.ipynb", tmp_path / "plain")
    # Same text and figures either way; we leave out the lab CSS, the scripts and base64 padding.
    assert ours < plain / 2, f"ours {ours} B, plain nbconvert {plain} B"
    assert readme_weights[HUB][:2] == (ours, plain), \
        "the README's page weights are stale: run `make bench ARGS=--readme`"


def test_readme_page_weights_cover_every_report_and_their_percentages_add_up(readme_weights):
    assert list(readme_weights) == [path.stem for path in all_notebooks()]
    for name, (ours, plain, percent) in readme_weights.items():
        assert percent == round(100 * ours / plain), name


def test_readme_speed_table_has_every_step_and_ratio_the_benchmark_measures():
    block = readme_block(README.read_text(encoding="utf-8"), "speed-table")
    seconds = dict(re.findall(r"^\| (.+?) \| (\d+\.\d\d) \|$", block, flags=re.MULTILINE))
    assert list(seconds) == [*STEPS.values(), *RATIOS]
    measured = {step: float(seconds[label]) for step, label in STEPS.items()}
    assert 0 < measured["c"] < measured["b"] < measured["a"]  # a table of real runs
