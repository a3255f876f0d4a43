"""What a notebook may not do while it runs, in the build and in the tests alike:

- change data/, the inputs every notebook reads: the kernel turns down any write there, in the
  cell that tries it (GUARD), and data/'s files are compared before and after each notebook
  (check_unchanged), for what a cell does outside Python (a process it starts);
- reach the network: a connection or name lookup beyond this machine fails at once, in the cell
  that tries it, unless the kernel was started with allow_network;

and the clean slate each notebook starts from in a kernel that ran others before it.
"""

import os
import sys
from pathlib import Path

from reportbuild.cache import DATA, file_digests
from reportbuild.notebook import NotebookError

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


def check_unchanged(path: Path, before: dict[str, str]) -> None:
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
