"""The build, run as `make reports` runs it, in a throw-away copy of the project."""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import pytest

from reportbuild.cache import cache_folder
from reportbuild.notebook import NotebookError, read_notebook
from tests.helpers import copy_project, planned, run_build, statuses

HUB = "00_overview"


def test_build_writes_a_self_contained_report_and_an_index(project):
    build = run_build(project, "--only", HUB)
    assert build.returncode == 0, build.stderr
    reports = project / "reports"
    for page in (reports / f"{HUB}.html", reports / "index.html"):
        html = page.read_text(encoding="utf-8")
        # Nothing is fetched: no scripts, stylesheets, frames or images from outside the file.
        assert not re.search(r"<(script|link|iframe)[^>]+(src|href)=", html), page.name
        assert not re.search(r"""(src|srcset)=["'](?!data:)""", html), page.name
        assert not re.search(r"@import|url\((?!data:|#|%23)", html), page.name  # SVG ids allowed
    hub = (reports / f"{HUB}.html").read_text(encoding="utf-8")
    assert 'aria-label="Dot chart placing each of the article' in hub  # the chart's alt text
    assert "<summary>Show code</summary>" in hub
    assert 'href="index.html"' in hub


@pytest.mark.built
def test_rebuild_with_nothing_changed_executes_nothing(project):
    again = run_build(project, "--only", HUB)
    assert statuses(again) == {HUB: "cached", "index.html": "cached"}


@pytest.mark.built
def test_cache_follows_what_each_notebook_depends_on(project):
    manifest = json.loads((project / ".reports-cache/manifest.json").read_text())
    loaded = manifest[HUB]["data_files"]
    assert "data/claims.csv" in loaded and "data/sources.csv" in loaded
    unread = project / "data" / "not_read_by_the_hub.csv"
    changes = {  # a file, what is added to it, what the build then does with the hub
        unread: ("a\n1\n", "cached"),
        project / "data" / "sources.csv": ("extra2000,Someone,2000,A title,,,\n", "executed"),
        project / "notebooks" / "explainer" / "models" / "__init__.py": ("# changed\n",
                                                                         "executed"),
        project / "scripts" / "reportbuild" / "templates" / "report" / "static" / "report.css": (
            "/* template changed */\n", "exported"),
        project / "requirements.txt": ("# environment changed\n", "executed"),
    }
    for path, (added, status) in changes.items():  # each change on its own
        before = path.read_bytes() if path.exists() else None
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(added)
        assert planned(project, "--only", HUB) == {HUB: status}, path.name
        if before is None:
            path.unlink()
        else:
            path.write_bytes(before)
    assert statuses(run_build(project, "--only", HUB)) == {HUB: "cached", "index.html": "cached"}


@pytest.mark.built
def test_prose_edit_exports_the_last_runs_outputs_into_the_notebook_as_it_is_now(project):
    notebook = project / "notebooks" / f"{HUB}.ipynb"
    nb = nbformat.read(notebook, as_version=4)
    prose = [cell for cell in nb.cells if cell.cell_type == "markdown"]
    prose[-1].source += "\n\nA sentence added to the prose."
    nb.cells.insert(nb.cells.index(prose[-1]), nbformat.v4.new_markdown_cell("A new paragraph."))
    nbformat.write(nb, notebook)
    build = run_build(project, "--only", HUB)
    assert statuses(build)[HUB] == "exported", build.stderr
    page = project / "reports" / f"{HUB}.html"
    exported = page.read_bytes()
    assert b"A sentence added to the prose." in exported and b"A new paragraph." in exported
    executed = nbformat.read(project / ".reports-cache" / f"{HUB}.ipynb", as_version=4)
    assert [c.source for c in executed.cells] == [c.source for c in nb.cells]  # kept up to date

    assert statuses(run_build(project, "--only", HUB, "--force"))[HUB] == "executed"
    assert page.read_bytes() == exported  # the same page as a new run gives


@pytest.mark.built
def test_changed_data_file_reruns_only_the_notebooks_that_load_it(project):
    other = "06_performance_over_appearance"  # the quickest notebook after the hub
    manifest = json.loads((project / ".reports-cache/manifest.json").read_text())
    only_other = sorted(set(manifest[other]["data_files"]) - set(manifest[HUB]["data_files"]))
    assert only_other, "notebook 06 loads data the hub does not"
    with open(project / only_other[0], "a", encoding="utf-8") as handle:
        handle.write("\n")  # new bytes, same table
    assert planned(project, "--only", HUB, "--only", other) == {HUB: "cached", other: "executed"}


def _rename_notebook(project, old: str, new: str, in_claims: bool) -> None:
    notebook = project / "notebooks" / f"{old}.ipynb"
    notebook.rename(notebook.with_name(f"{new}.ipynb"))
    if in_claims:
        claims = project / "data" / "claims.csv"
        claims.write_text(claims.read_text(encoding="utf-8").replace(f",{old},", f",{new},"),
                          encoding="utf-8")


def _reports(project) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (project / "reports").glob("*.html")}


@pytest.mark.built
def test_renamed_notebook_reruns_the_hub_and_removes_the_old_report(project):
    _rename_notebook(project, "06_performance_over_appearance", "06_performance_first",
                     in_claims=True)
    build = run_build(project, "--only", HUB, "--only", "06_performance_first")
    assert build.returncode == 0, build.stderr
    assert statuses(build)[HUB] == "executed"  # its claims table says where each claim is checked
    assert not (project / "reports" / "06_performance_over_appearance.html").exists()
    assert (project / "reports" / "06_performance_first.html").exists()


def _rebuild_after_renaming(project, only: str, old: str, new: str, in_claims: bool):
    """Rename notebook `old` to `new` in the built copy, build `only`: (reports before, build)."""
    before = _reports(project)
    _rename_notebook(project, old, new, in_claims)
    return before, run_build(project, "--only", only)


@pytest.mark.built
def test_renamed_notebook_that_claims_csv_still_names_fails_naming_the_row(project):
    before, build = _rebuild_after_renaming(project, HUB, "06_performance_over_appearance",
                                            "06_performance_first", in_claims=False)
    assert build.returncode == 1
    assert ("data/claims.csv, row 10, column 'notebook': no notebook named "
            "'06_performance_over_appearance' in notebooks/") in build.stderr
    assert _reports(project) == before


@pytest.mark.built
def test_renamed_notebook_that_another_report_links_to_fails_naming_the_link(project):
    linking = "06_performance_over_appearance"  # the quickest claim page, given a link to 04
    notebook = project / "notebooks" / f"{linking}.ipynb"
    nb = nbformat.read(notebook, as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell(
        "See [how fast to lose weight](04_how_fast_to_lose_weight.ipynb)."))
    nbformat.write(nb, notebook)
    before, build = _rebuild_after_renaming(project, linking, "04_how_fast_to_lose_weight",
                                            "04_losing_weight_steadily", in_claims=True)
    assert build.returncode == 1
    assert (f"{linking}.ipynb links to 04_how_fast_to_lose_weight.html, which no notebook in "
            "notebooks/ makes") in build.stderr
    assert _reports(project)[f"{linking}.html"] == before[f"{linking}.html"]


def test_link_to_a_report_no_notebook_makes_fails_the_page(project):
    _add_notebook(project, "95_links", "x = 1")
    notebook = project / "notebooks" / "95_links.ipynb"
    nb = nbformat.read(notebook, as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("See [the next page](42_nowhere.ipynb#Top)."))
    nbformat.write(nb, notebook)
    build = run_build(project, "--only", "95_links")
    assert build.returncode == 1
    assert "95_links.ipynb links to 42_nowhere.html, which no notebook" in build.stderr
    assert not (project / "reports" / "95_links.html").exists()


@pytest.mark.built
def test_adding_a_notebook_runs_no_other_notebook_again(project):
    _add_notebook(project, "93_new", "x = 1")
    plan = planned(project)
    assert plan.pop("93_new") == "executed"
    # Every other report is exported again (the pager and the link check see the new one).
    assert set(plan.values()) == {"exported"}, plan


@pytest.mark.built
def test_truncated_notebook_fails_naming_the_position_and_no_other_page_changes(project):
    neighbours = ["02_does_weight_loss_reveal_them", "04_how_fast_to_lose_weight"]
    broken = "03_can_you_spot_reduce"
    before = _reports(project)
    assert "Can you" in before[f"{neighbours[0]}.html"].decode()  # 03's title, in the pager
    notebook = project / "notebooks" / f"{broken}.ipynb"
    text = notebook.read_text(encoding="utf-8")
    notebook.write_text(text[: len(text) // 2], encoding="utf-8")

    build = run_build(project, "--only", neighbours[0], "--only", broken, "--only", neighbours[1])
    assert build.returncode == 1
    assert re.search(rf"{broken}.ipynb: not a valid notebook: .+: line \d+ column \d+",
                     build.stderr), build.stderr
    assert statuses(build) == {neighbours[0]: "cached", broken: "FAILED",
                               neighbours[1]: "cached", "index.html": "cached"}
    assert _reports(project) == before


@pytest.mark.built
def test_truncated_notebook_keeps_its_title_even_when_the_manifest_is_damaged_too(project):
    neighbour, broken = HUB, "01_what_makes_back_dimples"  # the hub's pager links to page 01
    before = _reports(project)
    manifest = project / ".reports-cache" / "manifest.json"
    manifest.write_text(manifest.read_text(encoding="utf-8")[:100], encoding="utf-8")
    notebook = project / "notebooks" / f"{broken}.ipynb"
    text = notebook.read_text(encoding="utf-8")
    notebook.write_text(text[: len(text) // 2], encoding="utf-8")

    build = run_build(project, "--only", neighbour, "--only", broken)
    assert build.returncode == 1
    assert statuses(build) == {neighbour: "executed", broken: "FAILED", "index.html": "written"}
    after = _reports(project)
    # The pager and the claims table keep its title; the subject index, every page's sections.
    for page in (f"{neighbour}.html", f"{broken}.html", "index.html", "glossary.html"):
        assert after[page] == before[page], page


@pytest.mark.built
def test_changed_build_code_anywhere_under_scripts_exports_the_reports_again(project):
    script = project / "scripts" / "reportbuild" / "export.py"
    text = script.read_text(encoding="utf-8")
    old = 'context = {"title": job.title,'
    assert old in text
    script.write_text(text.replace(old, 'context = {"title": job.title + " (new context)",'),
                      encoding="utf-8")
    build = run_build(project, "--only", HUB)
    assert build.returncode == 0, build.stderr
    assert statuses(build)[HUB] == "executed"  # the build's code may change how notebooks run
    assert "(new context)" in (project / "reports" / f"{HUB}.html").read_text(encoding="utf-8")

    (project / "scripts" / "reportbuild" / "templates" / "new_part.txt").write_text("any file\n")
    assert statuses(run_build(project, "--only", HUB)) == {HUB: "exported",
                                                          "index.html": "written"}


@pytest.mark.built
def test_data_folder_that_is_a_link_is_followed_where_it_points_now(project):
    data = project / "data"
    data.rename(project / "data-a")
    shutil.copytree(project / "data-a", project / "data-b")
    data.symlink_to("data-a")
    page = "06_performance_over_appearance"
    assert statuses(run_build(project, "--only", page))[page] == "cached"  # the same bytes
    manifest = json.loads((project / ".reports-cache/manifest.json").read_text())
    assert "data/body_shape_motives.csv" in manifest[page]["data_files"]

    table = project / "data-b" / "body_shape_motives.csv"
    table.write_text(table.read_text(encoding="utf-8").replace(",40,true,", ",41,true,", 1),
                     encoding="utf-8")
    data.unlink()
    data.symlink_to("data-b")  # the same link, now to another copy
    build = run_build(project, "--only", page)
    assert statuses(build)[page] == "executed", build.stderr
    assert 'did about <span class="num" tabindex="0">41%<span class="origin"' in (
        project / "reports" / f"{page}.html").read_text(encoding="utf-8")


def test_notebook_that_is_not_json_is_named_with_line_and_column(tmp_path):
    path = tmp_path / "broken.ipynb"
    path.write_text('{\n "cells": [\n  {"source": "unfinished', encoding="utf-8")
    with pytest.raises(NotebookError) as error:
        read_notebook(path)
    assert str(error.value) == ("broken.ipynb: not a valid notebook: Unterminated string starting "
                                "at: line 3 column 14 (char 27)")  # once "starting at at line 3"


@pytest.mark.built
def test_damaged_cache_file_is_noticed_and_the_notebook_runs_again(project):
    executed = project / ".reports-cache" / f"{HUB}.ipynb"
    good = executed.read_bytes()
    executed.write_bytes(good[: len(good) // 2])
    build = run_build(project, "--only", HUB)
    assert build.returncode == 0, build.stderr
    assert statuses(build)[HUB] == "executed"
    nbformat.validate(nbformat.read(executed, as_version=4))


@pytest.mark.built
def test_changed_data_is_seen_in_a_clone_whose_path_has_a_space(project, tmp_path):
    project = project.rename(tmp_path / "a folder")  # reports and build cache too
    with open(project / "data" / "sources.csv", "a", encoding="utf-8") as handle:
        handle.write("extra2000,Someone,2000,A title,,,\n")
    build = run_build(project, "--only", HUB)
    assert build.returncode == 0, build.stderr
    assert statuses(build)[HUB] == "executed"


def test_cells_tagged_remove_cell_do_not_run_in_the_build(project):
    _add_notebook(project, "94_try_it", "x = 1")
    notebook = project / "notebooks" / "94_try_it.ipynb"
    nb = nbformat.read(notebook, as_version=4)
    widget = nbformat.v4.new_code_cell("raise RuntimeError('a Try it cell ran in the build')")
    widget.metadata["tags"] = ["remove-cell"]
    nb.cells.append(widget)
    nbformat.write(nb, notebook)
    build = run_build(project, "--only", "94_try_it")
    assert build.returncode == 0, build.stderr
    assert "a Try it cell" not in (project / "reports" / "94_try_it.html").read_text()


LEAVE_STATE_BEHIND = """\
import builtins, os, sys, warnings
import matplotlib, matplotlib.pyplot as plt, pandas as pd
builtins.left_behind = True
left_behind = True
plt.figure()
matplotlib.rcParams["lines.linewidth"] = 9
pd.set_option("display.precision", 1)
os.environ["LEFT_BEHIND"] = "1"
sys.path.append("/left/behind")
os.chdir("..")
warnings.warn("shown once", UserWarning)
warnings.simplefilter("ignore")"""

CHECK_CLEAN_SLATE = """\
import builtins, os, sys, warnings
import matplotlib, matplotlib.pyplot as plt, pandas as pd
assert "left_behind" not in globals() and not hasattr(builtins, "left_behind")
assert plt.get_fignums() == [] and matplotlib.rcParams["lines.linewidth"] != 9
assert pd.get_option("display.precision") == 6
assert "LEFT_BEHIND" not in os.environ and "/left/behind" not in sys.path
assert os.path.basename(os.getcwd()) == "notebooks"
warnings.warn("shown once", UserWarning)"""


# Two notebooks that each check, then change, what they share: whichever runs second checks.
BOTH = ["--jobs", "1", "--only", "97_first", "--only", "98_second"]


def test_each_notebook_starts_from_a_clean_slate_in_a_shared_kernel(project):
    for name in ("97_first", "98_second"):
        _add_notebook(project, name, CHECK_CLEAN_SLATE, LEAVE_STATE_BEHIND)
    build = run_build(project, *BOTH)
    assert build.returncode == 0, build.stderr
    for name in ("97_first", "98_second"):
        executed = nbformat.read(cache_folder(project / "reports") / f"{name}.ipynb", 4)
        warning, = executed.cells[1].outputs  # shown in both: not remembered from the other
        assert warning.name == "stderr" and "shown once" in warning.text


def test_fresh_kernels_keep_even_a_changed_module_from_the_next_notebook(project):
    for name in ("97_first", "98_second"):
        _add_notebook(project, name, "import json\nassert not hasattr(json, 'left_behind')\n"
                                     "json.left_behind = True")
    assert "AssertionError" in run_build(project, *BOTH).stderr  # one kernel: the module changed
    build = run_build(project, *BOTH, "--fresh-kernels")
    assert build.returncode == 0, build.stderr


def test_notebook_after_a_failed_one_gets_a_new_kernel(project):
    _add_notebook(project, "97_fails", "import json\njson.left_behind = True", "1 / 0")
    _add_notebook(project, "98_checks", "import json\nassert not hasattr(json, 'left_behind')")
    build = run_build(project, "--jobs", "1", "--only", "97_fails", "--only", "98_checks")
    assert "97_fails.ipynb, cell 3 ('1 / 0'): ZeroDivisionError" in build.stderr
    assert statuses(build)["98_checks"] == "executed", build.stderr


@pytest.mark.built
def test_broken_data_fails_naming_the_file_and_keeps_the_good_reports(project):
    reports = project / "reports"
    before = {p.name: p.read_bytes() for p in reports.glob("*.html")}

    claims = project / "data" / "claims.csv"
    claims.write_text(claims.read_text().replace(",verdict,", ",verdikt,", 1))
    build = run_build(project, "--only", HUB)

    assert build.returncode == 1
    assert "claims.csv: missing column(s) 'verdict'" in build.stderr
    assert {p.name: p.read_bytes() for p in reports.glob("*.html")} == before
    assert not list(reports.rglob(".tmp-*"))


def test_failing_notebook_is_named_with_its_cell_and_the_others_still_build(project):
    broken = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Broken"),
        nbformat.v4.new_code_cell("x = 1"),
        nbformat.v4.new_code_cell("raise ValueError('boom')"),
    ])
    nbformat.write(broken, project / "notebooks" / "99_broken.ipynb")
    _add_notebook(project, "98_fine", "x = 1")
    build = run_build(project, "--only", "98_fine", "--only", "99_broken")
    assert build.returncode == 1
    expected = "99_broken.ipynb, cell 3 (\"raise ValueError('boom')\"): ValueError: boom"
    assert expected in build.stderr
    assert (project / "reports" / "98_fine.html").exists()
    assert not (project / "reports" / "99_broken.html").exists()


@pytest.mark.parametrize("arguments", [["--only", "no_such_notebook"], ["--jobs", "0"]])
def test_bad_arguments_exit_with_status_2_and_say_why(project, arguments):
    build = run_build(project, *arguments)
    assert build.returncode == 2, build.stderr
    assert build.stderr.strip().splitlines()[-1].startswith("build_reports.py: error: ")
    assert not (project / "reports").exists()


def test_two_clones_at_different_paths_build_byte_identical_reports(tmp_path):
    pages = []
    for name in ("first", "second clone"):  # a space in the path, too
        clone = copy_project(tmp_path / name)
        assert run_build(clone, "--only", HUB).returncode == 0
        reports = clone / "reports"
        pages.append({p.relative_to(reports): p.read_bytes() for p in reports.rglob("*")
                      if p.is_file()})
    assert pages[0] == pages[1]
    # The hub's report and its notebook, the index, About and the glossary: nothing else.
    assert sorted(map(str, pages[0])) == [f"{HUB}.html", "about.html", "glossary.html",
                                          "index.html", f"notebooks/{HUB}.ipynb"]
    assert str(tmp_path).encode() not in b"".join(pages[0].values())


@pytest.mark.built
def test_failed_build_keeps_a_report_even_after_a_cache_wipe(project):
    shutil.rmtree(project / ".reports-cache")
    good = (project / "reports" / f"{HUB}.html").read_bytes()
    notebook = project / "notebooks" / f"{HUB}.ipynb"
    nb = nbformat.read(notebook, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("1 / 0"))
    nbformat.write(nb, notebook)
    assert run_build(project, "--only", HUB).returncode == 1
    assert (project / "reports" / f"{HUB}.html").read_bytes() == good


def _add_notebook(project, name, *sources):
    cells = [nbformat.v4.new_markdown_cell(f"# {name}")]
    cells += [nbformat.v4.new_code_cell(source) for source in sources]
    nbformat.write(nbformat.v4.new_notebook(cells=cells), project / "notebooks" / f"{name}.ipynb")


def test_cell_past_the_timeout_is_named(project):
    _add_notebook(project, "98_slow", "import time", "time.sleep(60)")
    build = run_build(project, "--only", "98_slow", "--timeout", "2")
    assert build.returncode == 1
    assert "98_slow.ipynb, cell 3 ('time.sleep(60)'): the cell ran past the --timeout of 2 s" \
        in build.stderr
    assert not (project / "reports" / "98_slow.html").exists()


def test_kernel_that_dies_is_named(project):
    _add_notebook(project, "97_dies", "import os", "os._exit(1)")
    build = run_build(project, "--only", "97_dies")
    assert build.returncode == 1
    assert "97_dies.ipynb, cell 3 ('os._exit(1)'): the kernel died" in build.stderr


@pytest.mark.built
@pytest.mark.parametrize("stop, status", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_interrupted_build_stops_its_kernel_and_keeps_the_reports(project, stop, status):
    good = (project / "reports" / f"{HUB}.html").read_bytes()
    with open(project / "data" / "sources.csv", "a", encoding="utf-8") as handle:
        handle.write("extra2000,Someone,2000,A title,,,\n")  # the hub must run again
    marker = project / "notebooks" / "kernel.pid"
    _add_notebook(project, "96_long", f"import os, time\nopen({str(marker)!r}, 'w').write("
                  "str(os.getpid()))", "time.sleep(120)")

    build = subprocess.Popen(
        [sys.executable, str(project / "scripts" / "build_reports.py"), "--jobs", "1",
         "--only", "96_long", "--only", HUB],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    deadline = time.monotonic() + 60
    while not marker.exists() or not marker.read_text():
        assert time.monotonic() < deadline and build.poll() is None, "the notebook never started"
        time.sleep(0.1)
    kernel = int(marker.read_text())
    build.send_signal(stop)
    try:
        _, stderr = build.communicate(timeout=60)
    finally:
        build.kill()

    assert build.returncode == status, stderr
    assert "interrupted" in stderr
    assert (project / "reports" / f"{HUB}.html").read_bytes() == good  # never ran: untouched
    assert not (project / "reports" / "96_long.html").exists()
    assert not list((project / "reports").rglob(".tmp-*"))
    assert _gone(kernel), "the kernel outlived the build"


def _gone(pid: int, wait: float = 10) -> bool:
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


def test_next_build_clears_what_a_killed_build_left(project, tmp_path):
    """SIGKILL leaves no chance to clean up: the next build clears its scratch folder."""
    scratch = Path(tempfile.mkdtemp(prefix="t"))  # short: Unix socket paths live below it
    environment = {**os.environ, "TMPDIR": str(scratch), "JUPYTER_RUNTIME_DIR": str(tmp_path)}
    marker = project / "notebooks" / "kernel.pid"
    _add_notebook(project, "96_long", f"import os, time\nopen({str(marker)!r}, 'w').write("
                  "str(os.getpid()))", "time.sleep(120)")
    _add_notebook(project, "97_quick", "x = 1")
    try:
        build = subprocess.Popen(
            [sys.executable, str(project / "scripts" / "build_reports.py"), "--only", "96_long"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environment)
        deadline = time.monotonic() + 60
        while not marker.exists() or not marker.read_text():
            assert time.monotonic() < deadline and build.poll() is None, "the notebook never ran"
            time.sleep(0.1)
        build.kill()
        build.wait()
        assert _gone(int(marker.read_text())), "the kernel outlived the killed build"
        assert list(scratch.iterdir()), "the killed build left nothing: nothing to test"

        after = run_build(project, "--only", "97_quick", env=environment)
        assert after.returncode == 0, after.stderr
        assert not list(scratch.iterdir()), "left over after the next build"
        assert not list(tmp_path.glob("kernel-*.json")), "connection files left over"
        assert not list((project / "reports").glob(".tmp-*"))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
