"""Execute notebooks in python3 kernels: the `Kernel` the build keeps per slot, and the one-shot
`execute()` the tests use.

What a notebook may not do while it runs, in the build and in the tests alike:
- change data/, the inputs every notebook reads: the kernel turns down any write there, in the
  cell that tries it (GUARD), and data/'s files are compared before and after each notebook, for
  what a cell does outside Python (a process it starts);
- reach the network: a connection or name lookup beyond this machine fails at once, in the cell
  that tries it, unless the kernel was started with allow_network;
- print more than PRINTED_LIMIT characters in one cell, or output more than OUTPUT_LIMIT in all
  (text, tables and charts): the cell is stopped and the notebook fails.
"""

import asyncio
import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from queue import Empty

from build_cache import DATA, file_digests

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
            raise NotebookError(f"{path.name}: not a valid notebook: {error}") from None
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


# Run once in each new kernel, before anything else: an audit hook that stays for the kernel's life
# (Python offers no way to remove one). It raises PermissionError in the cell that tries to change
# anything below data/ (open for writing, rename, remove, truncate, link) and, unless the network
# is allowed, to connect, send or look up a name beyond this machine (the loopback addresses and
# Unix sockets stay open: the kernel's own messages are C-level ZeroMQ, which no hook sees).
GUARD = """\
def _build_guard(data, network):
    import ipaddress, os, socket, sys
    data = os.path.realpath(data)
    writes = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC
    changes = {"os.rename": (0, 1), "os.link": (1,), "os.symlink": (1,), "os.remove": (0,),
               "os.rmdir": (0,), "os.mkdir": (0,), "os.truncate": (0,)}

    def in_data(path):
        if isinstance(path, int):
            return False
        path = os.path.realpath(os.fsdecode(path))
        return path == data or path.startswith(data + os.sep)

    def local(host):
        host = os.fsdecode(host) if host is not None else "localhost"
        try:
            return host == "localhost" or ipaddress.ip_address(host).is_loopback
        except ValueError:
            return False

    def refuse_write(path):
        shown = os.path.join("data", os.path.relpath(os.path.realpath(os.fsdecode(path)), data))
        raise PermissionError(f"data/ is read-only while notebooks run: the cell tried to change "
                              f"{shown} (a notebook must not change what other notebooks read)")

    def refuse_network(host, port=None):
        where = host if port is None else f"{host}:{port}"
        raise PermissionError(f"network is off in the build: the cell tried to reach {where}; "
                              "pass --allow-network to permit it")

    def guard(event, args):
        if event == "open":
            if args[2] & writes and in_data(args[0]):
                refuse_write(args[0])
        elif event in changes:
            for path in (args[i] for i in changes[event]):
                if in_data(path):
                    refuse_write(path)
        elif network:
            return
        elif event in ("socket.getaddrinfo", "socket.gethostbyname"):
            if not local(args[0]):
                refuse_network(*args[:2])
        elif event in ("socket.connect", "socket.sendto"):
            if args[0].family in (socket.AF_INET, socket.AF_INET6) and not local(args[1][0]):
                refuse_network(*args[1][:2])

    sys.addaudithook(guard)
"""


def guard_code(allow_network: bool) -> str:
    return f"{GUARD}_build_guard({str(DATA)!r}, network={allow_network!r})\ndel _build_guard\n"


# Run in each new kernel before its first notebook: what a clean slate is.
REMEMBER_CLEAN_SLATE = """\
import builtins, os, sys, warnings
get_ipython()._clean_slate = {"cwd": os.getcwd(), "path": list(sys.path),
                              "environ": dict(os.environ), "filters": list(warnings.filters),
                              "builtins": dict(vars(builtins))}
del builtins, os, sys, warnings
"""

# Run before each later notebook: back to that slate, but for the modules already imported.
RESTORE_CLEAN_SLATE = """\
def _restore_clean_slate(shell=get_ipython()):
    import builtins, os, sys, warnings
    slate = shell._clean_slate
    shell.reset(new_session=False)  # the namespace and the output history
    names = vars(builtins)
    names.clear()
    names.update(slate["builtins"])
    os.chdir(slate["cwd"])
    sys.path[:] = slate["path"]
    os.environ.clear()
    os.environ.update(slate["environ"])
    warnings.resetwarnings()  # which warnings were shown is forgotten too
    warnings.filters[:] = slate["filters"]
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
    if "matplotlib" in sys.modules:
        sys.modules["matplotlib"].rc_file_defaults()
    if "pandas" in sys.modules:
        sys.modules["pandas"].reset_option("display")
_restore_clean_slate()
"""


class Kernel:
    """A python3 kernel that runs notebooks one after another, each from a clean slate: a new
    namespace, no figures, matplotlib's and pandas' display settings, and the builtins, folder,
    sys.path, environment and warning filters the kernel started with. The modules earlier
    notebooks imported stay imported, with any attribute a notebook set on them: sharing them is
    what a kernel saves (its start and the imports, about 1.4 s a notebook). The build keeps one
    kernel per slot and retires one whose notebook failed.

    The kernel's files (connection file, sockets, the load log) live in `scratch`. Its cells may
    not change data/ nor, unless `allow_network`, reach the network (see the module docstring).
    """

    def __init__(self, scratch: Path, allow_network: bool = False):
        self.scratch, self.allow_network = scratch, allow_network
        self.manager = kernel_manager_class(scratch)()
        self.client: LevelCheckedClient | None = None
        self.load_log = scratch / "loaded.txt"

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
        self.load_log.write_text("", encoding="utf-8")
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
            _check_unchanged(path, data)
        # One path a line: paths may hold spaces.
        lines = self.load_log.read_text(encoding="utf-8").splitlines()
        return Executed(notebook, sorted({Path(line) for line in lines}))

    async def _start(self, folder: Path) -> None:
        environment = kernel_environment(
            EXPLAINER_LOAD_LOG=str(self.load_log),
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

    async def _run_quietly(self, code: str) -> None:
        """Run the build's own `code` in the kernel, outside any notebook."""
        try:
            reply = await self.client.execute_interactive(code, silent=True, store_history=False,
                                                          allow_stdin=False, timeout=60)
        except TimeoutError:
            raise NotebookError("the kernel did not answer for 60 s") from None
        if reply["content"]["status"] != "ok":
            raise NotebookError(f"the kernel could not be reset: {reply['content'].get('evalue')}")

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


def _check_unchanged(path: Path, before: dict[str, str]) -> None:
    """Fail the notebook if a file below data/ changed while it ran (by a way the guard does not
    see, such as a process a cell started). Nothing is put back: the message says how."""
    after = file_digests(DATA)
    changed = sorted(name for name in before.keys() | after.keys()
                     if before.get(name) != after.get(name))
    if changed:
        shown = ", ".join(f"data/{name}" for name in changed)
        raise NotebookError(f"{path.name}: {shown} changed while it ran; a notebook must not "
                            "change data/, and the build puts nothing back (see the change with "
                            "`git diff -- data/`, undo it with `git checkout -- data/`)")


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
