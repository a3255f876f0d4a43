"""Every notebook runs top to bottom in a fresh kernel, through the build's own execute()."""

import json
from pathlib import Path

import pytest
from runner import execute

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("[0-9][0-9]_*.ipynb"))
IDS = [path.stem for path in NOTEBOOKS]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_runs_and_every_figure_has_alt_text(path):
    notebook = execute(path).notebook  # raises NotebookError naming the cell on any error
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


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_is_committed_without_outputs(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    dirty = [i + 1 for i, cell in enumerate(cells)
             if cell["cell_type"] == "code" and (cell["outputs"] or cell["execution_count"])]
    assert not dirty, f"{path.name}: cells {dirty} have stored outputs (clear them first)"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_cites_its_sources(path):
    source = path.read_text(encoding="utf-8")
    assert "report.sources_list(" in source, f"{path.name} has no Sources section"
