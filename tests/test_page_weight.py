"""Page weight: our hub report against plain `jupyter nbconvert --to html` of the same notebook.

Both are measured in bytes on disk from one build in a throw-away copy of the project; the README's
"Page weight" table gives the same comparison for every report.
"""

import subprocess
import sys

import pytest
from build_cache import cache_folder
from conftest import run_build

HUB = "00_overview"


def plain_nbconvert_bytes(executed_notebook, out_dir) -> int:
    """Size of what `jupyter nbconvert --to html` (default lab template) makes of the notebook."""
    subprocess.run(
        [sys.executable, "-m", "jupyter", "nbconvert", "--to", "html", "--output-dir", str(out_dir),
         str(executed_notebook)],
        check=True, capture_output=True, timeout=300,
    )
    return (out_dir / f"{executed_notebook.stem}.html").stat().st_size


@pytest.mark.built
def test_hub_report_is_smaller_than_plain_nbconvert(project, tmp_path):
    build = run_build(project, "--only", HUB)
    assert build.returncode == 0, build.stderr
    reports = project / "reports"
    ours = (reports / f"{HUB}.html").stat().st_size
    plain = plain_nbconvert_bytes(cache_folder(reports) / f"{HUB}.ipynb", tmp_path / "plain")
    # Same text and figures either way; we leave out the lab CSS, the scripts and base64 padding.
    assert ours < plain / 2, f"ours {ours} B, plain nbconvert {plain} B"
