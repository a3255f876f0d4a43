"""Notebooks as files: read one (naming where it is broken); put a past run's outputs into one."""

import json
from pathlib import Path

import nbformat


class NotebookError(RuntimeError):
    """A notebook failed: the message names the notebook, the cell and the error's last line."""


def read_notebook(path: Path) -> nbformat.NotebookNode:
    """The notebook at `path`; one that is not valid JSON fails naming the line and column."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        return nbformat.reads(text, as_version=4)
    except (OSError, UnicodeDecodeError) as error:
        raise NotebookError(f"{path.name}: cannot read the notebook ({error})") from None
    except nbformat.reader.NotJSONError:
        try:
            json.loads(text)
        except json.JSONDecodeError as error:
            raise NotebookError(f"{path.name}: not a valid notebook: {error}") from None
        raise


# What a run writes into a notebook's metadata (what jupyter-cache, too, takes from a cached run).
RUN_METADATA = ("kernelspec", "language_info", "widgets")


def with_outputs(notebook, executed):
    """`notebook` with what `executed`, a run of the same code cells, added to it: each code cell's
    outputs and count, and the kernel's metadata. So a prose edit needs no new run."""
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    runs = [cell for cell in executed.cells if cell.cell_type == "code"]
    for cell, run in zip(code, runs, strict=True):
        cell.outputs, cell.execution_count = run.outputs, run.execution_count
    for key in RUN_METADATA:
        if key in executed.metadata:
            notebook.metadata[key] = executed.metadata[key]
    return notebook
