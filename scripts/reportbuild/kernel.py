"""Execute notebooks in python3 kernels: the `Kernel` the build keeps per slot, and the one-shot
`execute()` the tests use. What a notebook may not do while it runs is guard.py's; here, besides:
a cell may not print more than PRINTED_LIMIT characters, nor output more than OUTPUT_LIMIT in all
(text, tables and charts): the cell is stopped and the notebook fails.
"""

import ast
import asyncio
import json
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from queue import Empty

import nbformat
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.channels import AsyncZMQSocketChannel
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from traitlets import Type

from explainer.contract import TAKE_DATA_FILES_READ
from reportbuild.cache import DATA, file_digests
from reportbuild.guard import (
    IPYKERNEL,
    REMEMBER_CLEAN_SLATE,
    RESTORE_CLEAN_SLATE,
    check_unchanged,
    guard_code,
    kernel_environment,
)
from reportbuild.notebook import NotebookError, read_notebook


class OutputLimitError(RuntimeError):
    """A cell's output outgrew the limits (PRINTED_LIMIT, OUTPUT_LIMIT)."""


# The most one cell may put out, in characters: its printed text (stdout and stderr), and all of
# its output (text, tables, charts). No cell here prints anything; the largest output is a scenario
# switcher's charts, about 0.2 million characters.
PRINTED_LIMIT = 100_000
OUTPUT_LIMIT = 2_000_000


@dataclass
class Executed:
    notebook: nbformat.NotebookNode
    data_files: list[Path]  # the data files it loaded, through explainer.data (the contract)


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


class LimitedClient(NotebookClient):
    """A NotebookClient that stops a cell whose output outgrows the limits: it interrupts the
    kernel, as Jupyter's stop button does, and the cell fails with OutputLimitError. Output is
    counted as it arrives, so a display that redraws itself counts every redraw."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.counted: dict[int, tuple[int, int]] = {}  # cell: (printed, all output), characters
        self.interrupting = None  # the interrupt's task, held so that it is not collected

    def output(self, outs, msg, display_id, cell_index):
        out = super().output(outs, msg, display_id, cell_index)
        if out is None:
            return None
        size = len(json.dumps(msg["content"]))
        printed, total = self.counted.get(cell_index, (0, 0))
        printed, total = printed + (size if out.output_type == "stream" else 0), total + size
        self.counted[cell_index] = printed, total
        if printed > PRINTED_LIMIT or total > OUTPUT_LIMIT:
            self.interrupting = asyncio.ensure_future(self.km.interrupt_kernel())
            if printed > PRINTED_LIMIT:
                raise OutputLimitError(f"the cell printed more than {PRINTED_LIMIT:,} characters")
            raise OutputLimitError(f"the cell's output passed {OUTPUT_LIMIT:,} characters")
        return out


class Kernel:
    """A python3 kernel that runs notebooks one after another, each from a clean slate: a new
    namespace, no figures, matplotlib's and pandas' display settings, and the builtins, folder,
    sys.path, environment and warning filters the kernel started with. The modules earlier
    notebooks imported stay imported, with any attribute a notebook set on them: sharing them is
    what a kernel saves (its start and the imports, about 1.4 s a notebook). The build keeps one
    kernel per slot and retires one whose notebook failed.

    The kernel's files (connection file, sockets) live in `scratch`. Its cells may
    not change data/ nor, unless `allow_network`, reach the network (guard.py).
    """

    def __init__(self, scratch: Path, allow_network: bool = False):
        self.scratch, self.allow_network = scratch, allow_network
        self.manager = kernel_manager_class(scratch)()
        self.client: LevelCheckedClient | None = None

    async def run(self, path: Path, timeout: int = 120, *,
                  skip_tag: str = "skip-execution") -> Executed:
        """Run the code cells of the notebook at `path`, top to bottom, in its folder. Cells
        tagged `skip_tag` are not run (the build passes "remove-cell": those cells never reach a
        report)."""
        path = Path(path)
        notebook = read_notebook(path)
        if self.client is None:
            await self._start(path.parent)
        else:
            await self._run_quietly(RESTORE_CLEAN_SLATE)
        current = {"cell": None}

        def remember_cell(cell, cell_index, **_):
            current["cell"] = cell_index

        client = LimitedClient(notebook, km=self.manager, timeout=timeout, record_timing=False,
                               skip_cells_with_tag=skip_tag, on_cell_start=remember_cell)
        client.kc = self.client
        data = file_digests(DATA)
        try:
            await client.async_execute()
        except CellExecutionError as error:
            raise NotebookError(_where(path, notebook, current["cell"], _last_line(error))) \
                from None
        except (CellTimeoutError, DeadKernelError, OutputLimitError) as error:
            what = {CellTimeoutError: f"the cell ran past the --timeout of {timeout} s",
                    DeadKernelError: "the kernel died"}.get(type(error), str(error))
            raise NotebookError(_where(path, notebook, current["cell"], what)) from None
        finally:
            check_unchanged(path, data)
        return Executed(notebook, [Path(name) for name in await self._data_files_read()])

    async def _start(self, folder: Path) -> None:
        environment = kernel_environment(
            IPYTHONDIR=str(self.scratch / "ipython"),  # no start-up files from ~/.ipython
        )
        # No start-up chatter in build output, and no history database to create per kernel.
        await self.manager.start_kernel(
            extra_arguments=["--IPKernelApp.log_level=ERROR", "--HistoryManager.enabled=False"],
            cwd=str(folder), env=environment)
        self.client = self.manager.client()
        self.client.start_channels()
        try:
            await self.client.wait_for_ready(timeout=60)
        except RuntimeError as error:
            raise NotebookError(f"the kernel did not start: {error}") from None
        await self._run_quietly(guard_code(self.allow_network) + REMEMBER_CLEAN_SLATE)

    async def _run_quietly(self, code: str, **expressions: str) -> dict:
        """Run the build's own `code` in the kernel, outside any notebook; returns the values of
        `expressions`, evaluated after it, as their text."""
        try:
            reply = await self.client.execute_interactive(
                code, silent=True, store_history=False, allow_stdin=False, timeout=60,
                user_expressions=expressions)
        except TimeoutError:
            raise NotebookError("the kernel did not answer for 60 s") from None
        content = reply["content"]
        failed = [value for value in content.get("user_expressions", {}).values()
                  if value["status"] != "ok"]
        if content["status"] != "ok" or failed:
            error = (failed or [content])[0].get("evalue")
            raise NotebookError(f"the build's own code failed in the kernel: {error}")
        return {name: value["data"]["text/plain"]
                for name, value in content["user_expressions"].items()}

    async def _data_files_read(self) -> list[str]:
        """The data files the last notebook loaded (explainer.contract says how)."""
        values = await self._run_quietly("", files=TAKE_DATA_FILES_READ)
        return ast.literal_eval(values["files"])

    async def shutdown(self) -> None:
        if self.client is not None:
            self.client.stop_channels()
        if self.manager.has_kernel:
            await self.manager.shutdown_kernel(now=True)


async def execute_async(path: Path, timeout: int = 120, *,
                        skip_tag: str = "skip-execution") -> Executed:
    """Run the notebook at `path` in a kernel of its own (see Kernel.run), then stop it."""
    with tempfile.TemporaryDirectory(prefix="explainer-") as folder:
        kernel = Kernel(Path(folder))
        try:
            return await kernel.run(path, timeout, skip_tag=skip_tag)
        finally:
            await kernel.shutdown()


def execute(path: Path, timeout: int = 120) -> Executed:
    """Synchronous `execute_async`, for tests and scripts: every code cell runs."""
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
