"""Execute one notebook in a fresh python3 kernel: the `execute()` the build and the tests share."""

import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from queue import Empty

# jsonschema compiles an IRI grammar (rfc3987_syntax) at import: 1-2 s in every process that
# imports nbformat. Notebook validation never checks IRI formats, so the build goes without it.
sys.modules.setdefault("rfc3987_syntax", None)

import nbformat  # noqa: E402
from jupyter_client.asynchronous import AsyncKernelClient  # noqa: E402
from jupyter_client.channels import AsyncZMQSocketChannel  # noqa: E402
from jupyter_client.manager import AsyncKernelManager  # noqa: E402
from nbclient import NotebookClient  # noqa: E402
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError  # noqa: E402
from traitlets import Type  # noqa: E402


class NotebookError(RuntimeError):
    """A notebook failed: the message names the notebook, the cell and the error's last line."""


@dataclass
class Executed:
    notebook: nbformat.NotebookNode
    data_files: list[Path]  # the data files the notebook loaded, through explainer.data.load


IPYKERNEL = [sys.executable, "-m", "ipykernel_launcher"]


def kernel_environment(**extra: str) -> dict[str, str]:
    """Every kernel's environment: a fixed hash seed, the inline plotting backend and one BLAS
    thread (the same sums in every kernel)."""
    return {
        **os.environ,
        "PYTHONHASHSEED": "0",
        "MPLBACKEND": "module://matplotlib_inline.backend_inline",
        "OPENBLAS_NUM_THREADS": "1",
        **extra,
    }


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
            raise NotebookError(f"{path.name}: not a valid notebook: {error.msg} at line "
                                f"{error.lineno}, column {error.colno}") from None
        raise


class LevelCheckedChannel(AsyncZMQSocketChannel):
    """A channel whose wait for a message cannot sleep through one that has arrived.

    zmq.asyncio wakes a waiting poll through the socket's ZMQ_FD, which signals edges, not levels.
    When that edge is lost, a reply sits in the socket while its descriptor stays quiet, and the
    wait lasts until its timeout: the build's stall (an execute_reply read only after --timeout).
    Waiting in short slices, each ending in a level check of the socket, bounds such a loss to
    one slice.
    """

    SLICE = 0.2  # seconds

    async def get_msg(self, timeout: float | None = None) -> dict:
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = self.SLICE if deadline is None else max(0.0, deadline - time.monotonic())
            if await self.socket.poll(int(1000 * min(self.SLICE, left))):
                return await self._recv()
            if deadline is not None and time.monotonic() >= deadline:
                raise Empty


class LevelCheckedClient(AsyncKernelClient):
    shell_channel_class = Type(LevelCheckedChannel)
    iopub_channel_class = Type(LevelCheckedChannel)

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        """Ready once the kernel answers kernel_info and its IOPub messages reach us.

        jupyter_client's own wait ends with 0.2 s of listening for stray IOPub messages, a fifth
        of a second per notebook; nbclient ignores messages that belong to no cell anyway.
        """
        timeout = timeout or 60
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.kernel_info()  # again each second: the first may go out before the kernel listens
            try:
                reply = await self.shell_channel.get_msg(timeout=1)
                if reply["msg_type"] == "kernel_info_reply":
                    await self.iopub_channel.get_msg(timeout=1)  # IOPub is connected
                    self._handle_kernel_info_reply(reply)
                    return
            except Empty:
                pass
            if not await self.is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
        raise RuntimeError(f"Kernel didn't respond in {timeout} s")


def kernel_manager_class(scratch: Path):
    """Kernels run by this interpreter, whatever kernelspecs the user has, talking over Unix
    sockets in `scratch`: no TCP port to choose, so none can be raced."""

    class LaunchedKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs):
            super().__init__(transport="ipc", connection_file=str(scratch / "k.json"),
                             client_factory=LevelCheckedClient, **kwargs)

        def format_kernel_cmd(self, extra_arguments=None):
            return [*IPYKERNEL, "-f", self.connection_file, *(extra_arguments or [])]

    return LaunchedKernelManager


async def execute_async(path: Path, timeout: int = 120, *, skip_tag: str = "skip-execution",
                        scratch: Path | None = None) -> Executed:
    """Run the code cells of the notebook at `path`, top to bottom, in its folder (notebooks/),
    in a fresh python3 kernel.

    Cells tagged `skip_tag` are not run (the build passes "remove-cell": those cells never reach
    a report). The kernel's files (connection file, sockets, the load log) live in `scratch`, a
    new temporary folder unless given.
    """
    path = Path(path)
    notebook = read_notebook(path)
    if scratch is None:
        with tempfile.TemporaryDirectory(prefix="explainer-") as folder:
            return await _execute(path, notebook, timeout, skip_tag, Path(folder))
    return await _execute(path, notebook, timeout, skip_tag, scratch)


async def _execute(path, notebook, timeout, skip_tag, scratch: Path) -> Executed:
    current = {"cell": None}

    def remember_cell(cell, cell_index, **_):
        current["cell"] = cell_index

    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        kernel_manager_class=kernel_manager_class(scratch),
        # No start-up chatter in build output, and no history database to create per kernel.
        extra_arguments=["--IPKernelApp.log_level=ERROR", "--HistoryManager.enabled=False"],
        record_timing=False,
        shutdown_kernel="immediate",
        skip_cells_with_tag=skip_tag,
        on_cell_start=remember_cell,
    )
    load_log = scratch / "loaded.txt"
    load_log.touch()
    try:
        environment = kernel_environment(
            EXPLAINER_LOAD_LOG=str(load_log),
            IPYTHONDIR=str(scratch / "ipython"),  # no start-up files from ~/.ipython
        )
        await client.async_execute(cwd=str(path.parent), env=environment)
    except CellExecutionError as error:
        raise NotebookError(_where(path, notebook, current["cell"], _last_line(error))) from None
    except CellTimeoutError:
        what = f"the cell ran past the --timeout of {timeout} s"
        raise NotebookError(_where(path, notebook, current["cell"], what)) from None
    except DeadKernelError:
        raise NotebookError(_where(path, notebook, current["cell"], "the kernel died")) from None
    # One path a line: paths may hold spaces.
    loaded = sorted({Path(line) for line in load_log.read_text(encoding="utf-8").splitlines()})
    return Executed(notebook, loaded)


def execute(path: Path, timeout: int = 120) -> Executed:
    """Synchronous `execute_async`, for tests and scripts: every code cell runs."""
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
