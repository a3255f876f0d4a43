"""What the build refuses: bad values, runaway output, writes into data/, the network, and a
bad claims.csv. Each fails with one line naming the file, row and column, or the notebook and
cell; the build exits with status 1 and leaves every report as it was."""

import hashlib
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from reportbuild.cache import cache_folder
from reportbuild.kernel import execute
from reportbuild.notebook import NotebookError
from tests.helpers import run_build

PAGE = "06_performance_over_appearance"  # the quickest notebook that loads a table of numbers


def _add_cells(project: Path, name: str, *sources: str) -> int:
    """Append code cells to the notebook `name` of the copy (a new notebook if there is none);
    returns the number of its last cell."""
    path = project / "notebooks" / f"{name}.ipynb"
    if path.exists():
        notebook = nbformat.read(path, as_version=4)
    else:
        notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(f"# {name}")])
    notebook.cells += [nbformat.v4.new_code_cell(source) for source in sources]
    nbformat.write(notebook, path)
    return len(notebook.cells)


def _digests(folder: Path, pattern: str = "*") -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.glob(pattern)}


def _failure(build: subprocess.CompletedProcess, name: str) -> str:
    """The one line the build's summary gives the notebook `name`."""
    assert build.returncode == 1, build.stderr
    lines = [line for line in build.stderr.splitlines() if line.startswith(f"  {name}: ")]
    assert len(lines) == 1, build.stderr
    return lines[0]


@pytest.fixture
def untouched(project):
    """Checks, after the test, that no notebook's report, no executed notebook and no data file
    changed (nor appeared)."""
    folders = {"reports": (project / "reports", "[0-9][0-9]_*.html"),
               "cache": (cache_folder(project / "reports"), "*.ipynb"),
               "data": (project / "data", "*")}
    before = {name: _digests(*where) for name, where in folders.items()}
    yield
    for name, where in folders.items():
        assert _digests(*where) == before[name], f"{name} changed"


# ---- bad values -------------------------------------------------------------------------------

@pytest.mark.usefixtures("untouched")
@pytest.mark.built
def test_nan_in_a_number_column_fails_naming_file_row_and_column(project):
    table = project / "data" / "body_shape_motives.csv"
    text = table.read_text(encoding="utf-8")
    table.write_text(text.replace(",40,true,", ",NaN,true,", 1), encoding="utf-8")
    build = run_build(project, "--only", PAGE)
    assert ("data/body_shape_motives.csv, row 2, column 'percent': expected a number, got 'NaN'"
            in _failure(build, PAGE))
    table.write_text(text, encoding="utf-8")  # for `untouched`


# ---- output -----------------------------------------------------------------------------------

@pytest.mark.usefixtures("untouched")
@pytest.mark.built
def test_cell_that_prints_megabytes_fails_and_its_report_stays(project):
    cell = _add_cells(project, PAGE, "print('x' * 5_000_000)")
    build = run_build(project, "--only", PAGE)
    assert (f"{PAGE}.ipynb, cell {cell} (\"print('x' * 5_000_000)\"): the cell printed more "
            "than 100,000 characters") in _failure(build, PAGE)


def _notebook(tmp_path: Path, *sources: str) -> Path:
    path = tmp_path / "limits.ipynb"
    cells = [nbformat.v4.new_code_cell(source) for source in sources]
    nbformat.write(nbformat.v4.new_notebook(cells=cells), path)
    return path


def test_runaway_printing_is_stopped_at_the_limit_not_at_the_timeout(tmp_path):
    path = _notebook(tmp_path, "x = 1", "while True:\n    print('x' * 1000)")
    with pytest.raises(NotebookError, match=r"^limits\.ipynb, cell 2 \('while True:'\): the cell "
                                            r"printed more than 100,000 characters$"):
        execute(path, timeout=60)


def test_all_output_of_a_cell_is_limited_too(tmp_path):
    # The cell then waits (until the limit's interrupt): a cell that ended at once could have its
    # last outputs dropped, unread, by a slow machine, and never reach the limit.
    path = _notebook(tmp_path, "import time\nfrom IPython.display import HTML, display\n"
                               "for _ in range(25):\n    display(HTML('<p>' + 'x' * 100_000))\n"
                               "time.sleep(100)")
    with pytest.raises(NotebookError, match=r"cell 1 .*: the cell's output passed 2,000,000 "
                                            r"characters$"):
        execute(path, timeout=60)


# ---- data/ ------------------------------------------------------------------------------------

WRITES_INTO_DATA = {
    "91_to_csv": "import pandas as pd\n"
                 "pd.DataFrame({'newtons': [9999]}).to_csv('../data/claims.csv')",
    "92_append": "with open('../data/claims.csv', 'a') as f:\n    f.write('9999')",
    "93_replace": "import os\nopen('new.csv', 'w').close()\n"
                  "os.replace('new.csv', '../data/claims.csv')",
    "94_remove": "from explainer import paths\n(paths.DATA / 'claims.csv').unlink()",
}


@pytest.mark.usefixtures("untouched")
def test_cells_that_write_into_data_fail_naming_the_cell_and_the_file(project):
    for name, source in WRITES_INTO_DATA.items():
        _add_cells(project, name, "x = 1", source)
    build = run_build(project, *(arg for name in WRITES_INTO_DATA for arg in ("--only", name)))
    for name, source in WRITES_INTO_DATA.items():
        first_line = source.splitlines()[0]
        assert (f"{name}.ipynb, cell 3 ({first_line!r}): PermissionError: data/ is read-only "
                "while notebooks run: the cell tried to change data/claims.csv"
                in _failure(build, name))
        assert not (project / "reports" / f"{name}.html").exists()


def test_data_changed_by_a_process_a_cell_starts_fails_the_notebook(project):
    table = project / "data" / "claims.csv"
    before = table.read_bytes()
    _add_cells(project, "95_shell", "import subprocess\nsubprocess.run(['sh', '-c', "
                                    "'echo 9999 >> ../data/claims.csv'], check=True)")
    build = run_build(project, "--only", "95_shell")
    assert ("95_shell.ipynb: data/claims.csv changed while it ran; a notebook must not "
            "change data/, and the build puts nothing back (see the change with `git diff -- "
            "data/`, undo it with `git checkout -- data/`)") in _failure(build, "95_shell")
    assert table.read_bytes() == before + b"9999\n"  # left for the user to see, as the line says
    assert not (project / "reports" / "95_shell.html").exists()


# ---- the network ------------------------------------------------------------------------------

# No test sends anything off this machine: a cell raises the audit events that CPython raises
# just before a socket connects or looks up a name, which is where the build's guard acts.
REACHES_OUT = {
    "91_connect": "import socket, sys\n"
                  "sys.audit('socket.connect', socket.socket(), ('192.0.2.1', 80))",
    "92_lookup": "import sys\nsys.audit('socket.getaddrinfo', 'example.com', 443, 0, 0, 0)",
}
LOOPBACK = """\
import socket
with socket.create_server(("127.0.0.1", 0)) as server:
    with socket.create_connection(server.getsockname(), timeout=5) as client:
        client.sendall(b"on this machine")
        assert server.accept()[0].recv(100) == b"on this machine\""""


@pytest.mark.usefixtures("untouched")
def test_cells_cannot_reach_the_network_but_can_reach_this_machine(project):
    for name, source in REACHES_OUT.items():
        _add_cells(project, name, LOOPBACK, source)
    build = run_build(project, *(arg for name in REACHES_OUT for arg in ("--only", name)))
    for name, where in (("91_connect", "192.0.2.1:80"), ("92_lookup", "example.com:443")):
        first_line = REACHES_OUT[name].splitlines()[0]
        assert (f"{name}.ipynb, cell 3 ({first_line!r}): PermissionError: network is off in the "
                f"build: the cell tried to reach {where}; pass --allow-network to permit it"
                in _failure(build, name))


def test_allow_network_lets_cells_reach_out(project):
    for name, source in REACHES_OUT.items():
        _add_cells(project, name, source)
    build = run_build(project, "--allow-network",
                      *(arg for name in REACHES_OUT for arg in ("--only", name)))
    assert build.returncode == 0, build.stderr


# ---- claims.csv -------------------------------------------------------------------------------

@pytest.mark.usefixtures("untouched")
@pytest.mark.built
def test_duplicate_key_in_claims_stops_the_build_before_any_kernel(project):
    claims = project / "data" / "claims.csv"
    text = claims.read_text(encoding="utf-8")
    claims.write_text(text.replace("\n3,", "\n2,", 1), encoding="utf-8")
    # Python lists every module it imports (-X importtime): no kernel machinery, so nothing (a
    # ZeroMQ thread, a kernel) is left to print after the one line.
    build = subprocess.run(
        [sys.executable, "-X", "importtime", str(project / "scripts" / "build_reports.py")],
        capture_output=True, text=True, timeout=300)
    assert build.returncode == 1
    said = [line for line in build.stderr.splitlines() if not line.startswith("import time:")]
    assert said == ["error: data/claims.csv, row 3, column 'id': value 2 appears more than once"]
    imported = {line.split("|")[-1].strip() for line in build.stderr.splitlines()
                if line.startswith("import time:")}
    assert "zmq" not in imported, "the kernel machinery was imported"
    claims.write_text(text, encoding="utf-8")  # for `untouched`
