"""The build's parts that a whole build does not show: its live progress line, the lock two builds
take turns through, and nbformat's validation without the IRI grammar (reportbuild/__init__.py)."""

import io
import json
import subprocess
import sys
from importlib import metadata, resources

import pytest

from reportbuild.cache import cache_folder
from reportbuild.lock import only_build_writing
from reportbuild.progress import Progress
from tests.helpers import run_build, statuses

HUB = "00_overview"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_a_live_line_says_what_is_running_and_each_finish_replaces_it():
    terminal = Terminal()
    progress = Progress(3, terminal)
    progress.started("01_first")
    progress.started("02_second")
    progress.finished("01_first", "executed", 1.25)
    assert terminal.getvalue() == (
        "\r\033[K  [0/3] running: 01_first"
        "\r\033[K  [0/3] running: 01_first, 02_second"
        "\r\033[K"
        "  executed  01_first                                    1.2 s\n"
        "\r\033[K  [1/3] running: 02_second")


def test_off_a_terminal_only_finished_notebooks_are_printed():
    stream = io.StringIO()
    progress = Progress(2, stream)
    progress.started("01_first")
    progress.finished("01_first", "cached", 0.0)
    assert stream.getvalue() == "  cached    01_first                                    0.0 s\n"


@pytest.mark.built
def test_a_second_build_waits_for_the_first_and_then_builds(project):
    (project / "reports" / f"{HUB}.html").unlink()
    with only_build_writing(project / "reports"):  # a first build, holding the lock
        second = subprocess.Popen(
            [sys.executable, str(project / "scripts" / "build_reports.py"), "--only", HUB],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert second.stderr.readline() == (
            f"waiting for another build writing {project / 'reports'} ...\n")
        assert second.poll() is None, "the second build did not wait"
        assert not (project / "reports" / f"{HUB}.html").exists()
    stdout, stderr = second.communicate(timeout=300)
    assert second.returncode == 0, stderr
    assert (project / "reports" / f"{HUB}.html").exists()
    assert (cache_folder(project / "reports") / "manifest.json").exists()


@pytest.mark.built
def test_two_builds_started_together_both_succeed_one_after_the_other(project):
    (project / "reports" / f"{HUB}.html").unlink()
    command = [sys.executable, str(project / "scripts" / "build_reports.py"), "--only", HUB]
    builds = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True) for _ in range(2)]
    results = [(build.wait(timeout=300), *build.communicate()) for build in builds]
    assert [status for status, _, _ in results] == [0, 0], results
    assert sum("waiting for another build" in stderr for _, _, stderr in results) == 1
    later = statuses(run_build(project, "--only", HUB))
    assert later == {HUB: "cached", "index.html": "cached"}


IRI_FORMATS = {"iri", "iri-reference", "uri", "uri-reference", "uri-template"}


def formats(schema) -> set[str]:
    """Every "format" a JSON schema asks its validator to check."""
    found = set()
    if isinstance(schema, dict):
        if isinstance(schema.get("format"), str):
            found.add(schema["format"])
        schema = list(schema.values())
    if isinstance(schema, list):
        for part in schema:
            found |= formats(part)
    return found


def test_notebook_validation_checks_no_iri_format_so_the_build_may_go_without_its_grammar():
    import nbformat.v4

    for name in nbformat.v4.nbformat_schema.values():
        schema = json.loads((resources.files("nbformat.v4") / name).read_text(encoding="utf-8"))
        assert not formats(schema) & IRI_FORMATS, name


def test_the_iri_grammar_is_what_nbformat_would_import_and_the_build_leaves_it_out():
    try:
        metadata.distribution("rfc3987-syntax")
    except metadata.PackageNotFoundError:
        pytest.skip("rfc3987-syntax comes with JupyterLab's packages only")
    check = ("import sys, nbformat\n"
             "nbformat.validate(nbformat.v4.new_notebook())\n"
             "print(sys.modules.get('rfc3987_syntax') is not None)")
    plain = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True)
    built = subprocess.run([sys.executable, "-c", "import reportbuild\n" + check],
                           capture_output=True, text=True)
    assert plain.stdout.strip() == "True", "jsonschema no longer takes the grammar: drop the guard"
    assert built.returncode == 0 and built.stdout.strip() == "False", built.stderr
