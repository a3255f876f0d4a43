"""Execute one notebook in a fresh python3 kernel: the `execute()` the build and the tests share."""

import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

# jsonschema compiles an IRI grammar (rfc3987_syntax) at import: 1-2 s in every process that
# imports nbformat. Notebook validation never checks IRI formats, so the build goes without it.
sys.modules.setdefault("rfc3987_syntax", None)

import nbformat  # noqa: E402
from jupyter_client.manager import AsyncKernelManager  # noqa: E402
from kernel_forks import kernel_environment  # noqa: E402
from nbclient import NotebookClient  # noqa: E402
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError  # noqa: E402


class NotebookError(RuntimeError):
    """A notebook failed: the message names the notebook, the cell and the error's last line."""


@dataclass
class Executed:
    notebook: nbformat.NotebookNode
    data_files: list[Path]  # the data files the notebook loaded, through explainer.data.load


IPYKERNEL = [sys.executable, "-m", "ipykernel_launcher"]


def kernel_manager_class(launcher: list[str]):
    """Kernels started by `launcher` with this interpreter, whatever kernelspecs the user has."""

    class LaunchedKernelManager(AsyncKernelManager):
        def format_kernel_cmd(self, extra_arguments=None):
            return [*launcher, "-f", self.connection_file, *(extra_arguments or [])]

    return LaunchedKernelManager


async def execute_async(path: Path, timeout: int = 120, launcher: list[str] = IPYKERNEL
                        ) -> Executed:
    """Run every cell of the notebook at `path`, top to bottom, in its folder (notebooks/).

    The kernel is a fresh python3 kernel; the build's `launcher` forks it from kernel_forks.py's
    server, which skips each kernel's start-up imports.
    """
    path = Path(path)
    notebook = nbformat.read(path, as_version=4)
    current = {"cell": None}

    def remember_cell(cell, cell_index, **_):
        current["cell"] = cell_index

    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        kernel_manager_class=kernel_manager_class(launcher),
        extra_arguments=["--IPKernelApp.log_level=ERROR"],  # no start-up chatter in build output
        record_timing=False,
        shutdown_kernel="immediate",
        on_cell_start=remember_cell,
    )
    with tempfile.TemporaryDirectory(prefix="explainer-") as scratch:
        load_log = Path(scratch) / "loaded.txt"
        load_log.touch()
        try:
            environment = kernel_environment(
                EXPLAINER_LOAD_LOG=str(load_log),
                IPYTHONDIR=str(Path(scratch) / "ipython"),  # no start-up files from ~/.ipython
            )
            await client.async_execute(cwd=str(path.parent), env=environment)
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
