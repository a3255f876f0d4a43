"""Execute one notebook in a fresh python3 kernel: the `execute()` the build and the tests share."""

import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

# jsonschema compiles an IRI grammar (rfc3987_syntax) at import: 1-2 s in every process that
# imports nbformat. Notebook validation never checks IRI formats, so the build goes without it.
sys.modules.setdefault("rfc3987_syntax", None)

import nbformat  # noqa: E402
from nbclient import NotebookClient  # noqa: E402
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError  # noqa: E402

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


class NotebookError(RuntimeError):
    """A notebook failed: the message names the notebook, the cell and the error's last line."""


@dataclass
class Executed:
    notebook: nbformat.NotebookNode
    data_files: list[Path]  # the data files the notebook loaded, through explainer.data.load


def kernel_environment(load_log: Path) -> dict[str, str]:
    """The kernel's environment: fixed hash seed and backend, and where to log the data it loads."""
    return {
        **os.environ,
        "PYTHONHASHSEED": "0",
        "MPLBACKEND": "module://matplotlib_inline.backend_inline",
        "EXPLAINER_LOAD_LOG": str(load_log),
    }


async def execute_async(path: Path, timeout: int = 120) -> Executed:
    """Run every cell of the notebook at `path`, top to bottom, in its folder (notebooks/)."""
    path = Path(path)
    notebook = nbformat.read(path, as_version=4)
    current = {"cell": None}

    def remember_cell(cell, cell_index, **_):
        current["cell"] = cell_index

    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        extra_arguments=["--IPKernelApp.log_level=ERROR"],  # no start-up chatter in build output
        record_timing=False,
        store_widget_state=False,
        shutdown_kernel="immediate",
        on_cell_start=remember_cell,
    )
    with tempfile.TemporaryDirectory(prefix="explainer-") as scratch:
        load_log = Path(scratch) / "loaded.txt"
        load_log.touch()
        try:
            await client.async_execute(cwd=str(path.parent), env=kernel_environment(load_log))
        except CellExecutionError as error:
            where = _where(path, notebook, current["cell"], _last_line(error))
            raise NotebookError(where) from None
        except CellTimeoutError:
            cell = current["cell"]
            raise NotebookError(
                _where(path, notebook, cell, f"the cell ran past the --timeout of {timeout} s")
            ) from None
        except DeadKernelError:
            cell = current["cell"]
            raise NotebookError(_where(path, notebook, cell, "the kernel died")) from None
        loaded = sorted({Path(line) for line in load_log.read_text().split()})
    return Executed(notebook, loaded)


def execute(path: Path, timeout: int = 120) -> Executed:
    """Synchronous `execute_async`, for tests and scripts."""
    import asyncio

    return asyncio.run(execute_async(path, timeout))


def _where(path: Path, notebook, cell_index, what: str) -> str:
    if cell_index is None:
        return f"{path.name}: {what}"
    cell = notebook.cells[cell_index]
    first_line = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
    return f"{path.name}, cell {cell_index + 1} ({first_line[:60]!r}): {what}"


def _last_line(error: CellExecutionError) -> str:
    """'DataError: data/claims.csv: missing column …' rather than the whole traceback."""
    if error.ename:
        return f"{error.ename}: {error.evalue}"
    return str(error).strip().splitlines()[-1]
