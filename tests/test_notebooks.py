"""Every notebook runs top to bottom in a fresh kernel, through the build's own Kernel, shows
what the build's shared kernels showed, and keeps the house shape: short code cells, prose cells
hidden, no stored outputs."""

import ast
import json

import nbformat
import pytest

from reportbuild.cache import cache_folder
from reportbuild.kernel import execute
from tests.helpers import NOTEBOOKS

IDS = [path.stem for path in NOTEBOOKS]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_runs_and_shows_figures_with_alt_text_and_its_sources(path, reports):
    notebook = execute(path).notebook  # raises NotebookError naming the cell on any error
    # The build ran it in a kernel other notebooks had used: what it showed must not differ.
    built = nbformat.read(cache_folder(reports) / path.name, 4)
    for number, (cell, built_cell) in enumerate(zip(notebook.cells, built.cells, strict=True), 1):
        if cell.cell_type == "code" and "remove-cell" not in cell.metadata.get("tags", []):
            assert shown(cell) == shown(built_cell), f"{path.name}, cell {number}"
    figures = [
        output
        for cell in notebook.cells if cell.cell_type == "code"
        for output in cell.outputs
        if {"image/svg+xml", "image/png"} & set(output.get("data", {}))
    ]
    assert figures, f"{path.name} shows no chart"
    for output in figures:
        mime = "image/svg+xml" if "image/svg+xml" in output.data else "image/png"
        alt = output.metadata.get(mime, {}).get("alt", "")
        assert alt.strip(), f"{path.name}: a figure lacks alt text"
    html = [output.data["text/html"] for cell in notebook.cells if cell.cell_type == "code"
            for output in cell.outputs if "text/html" in output.get("data", {})]
    sources = [block for block in html if block.startswith('<ol class="sources">')]
    assert len(sources) == 1 and "<li id=\"source-" in sources[0], f"{path.name}: no Sources list"


def shown(cell) -> list[dict]:
    """The cell's outputs, without the count of cells run before it (the build skips some)."""
    return [{key: value for key, value in output.items() if key != "execution_count"}
            for output in cell.outputs]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_is_committed_without_outputs(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    dirty = [i + 1 for i, cell in enumerate(cells)
             if cell["cell_type"] == "code" and (cell["outputs"] or cell["execution_count"])]
    assert not dirty, f"{path.name}: cells {dirty} have stored outputs (clear them first)"


def code_cells(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [(number, cell) for number, cell in enumerate(cells, start=1)
            if cell["cell_type"] == "code"]


def renders_only_prose(source: str) -> bool:
    """The cell ends by showing Markdown: `Markdown(...)` or `display(Markdown(...))`."""
    last = ast.parse(source).body[-1]
    if not (isinstance(last, ast.Expr) and isinstance(last.value, ast.Call)):
        return False
    call = last.value
    if getattr(call.func, "id", None) == "display" and call.args:
        call = call.args[0]
    return isinstance(call, ast.Call) and getattr(call.func, "id", None) == "Markdown"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_prose_cells_are_hidden_and_every_other_code_cell_is_short(path):
    for number, cell in code_cells(path):
        source = "".join(cell["source"])
        tags = cell["metadata"].get("tags", [])
        hidden = cell["metadata"].get("jupyter", {}).get("source_hidden", False)
        if renders_only_prose(source):
            assert "remove-input" in tags and hidden, (
                f"{path.name}, cell {number}: a prose cell needs the tag remove-input and "
                "jupyter.source_hidden")
        elif "remove-input" not in tags:
            assert len(source.splitlines()) <= 10, f"{path.name}, cell {number}: over 10 lines"
        assert ("remove-input" in tags) == hidden, (
            f"{path.name}, cell {number}: hide in JupyterLab exactly what the report hides")
