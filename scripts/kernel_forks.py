"""Fresh kernels without the start-up cost: fork each one from a server that did the imports once.

Every notebook still runs in a new kernel process holding no user state. What it skips is what
every fresh kernel repeats: Python's start-up and importing ipykernel, numpy, pandas and
matplotlib, done once in the server and inherited by each fork.

jupyter_client starts `python kernel_forks.py launch SOCKET SERVER_PID -f CONNECTION_FILE …` as
the kernel: a light stand-in it can signal and watch. The stand-in asks the server for a kernel,
forwards interrupts to it and exits with it; the server kills the kernel when its stand-in goes
away (including SIGKILL), and kills every kernel when it stops.
"""

import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import suppress
from pathlib import Path

PRELOAD = ("ipykernel.kernelapp", "numpy", "pandas", "matplotlib.pyplot",
           "matplotlib_inline.backend_inline")


def kernel_environment(**extra: str) -> dict[str, str]:
    """Every kernel's environment: a fixed hash seed, the inline plotting backend, one BLAS thread
    (the same sums in every kernel, and none running across a fork)."""
    return {
        **os.environ,
        "PYTHONHASHSEED": "0",
        "MPLBACKEND": "module://matplotlib_inline.backend_inline",
        "OPENBLAS_NUM_THREADS": "1",
        **extra,
    }


class ForkServer:
    """The server process, started at once in the background, and the kernel command using it."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="kernel-forks-"))
        socket_path = self.folder / "server.sock"
        script = str(Path(__file__).resolve())
        # Its own session: a Ctrl-C in the terminal reaches the build, which stops it and them.
        self.process = subprocess.Popen([sys.executable, script, "serve", str(socket_path)],
                                        env=kernel_environment(), stdin=subprocess.DEVNULL,
                                        start_new_session=True)
        # Replaces `python -m ipykernel_launcher` in the kernel command jupyter_client runs.
        self.launcher = [sys.executable, script, "launch", str(socket_path),
                         str(self.process.pid)]

    def failure(self) -> str:
        """Why kernels cannot start, if the server has stopped (its own error is printed above)."""
        status = self.process.poll()
        return "" if status is None else f" (the kernel fork server had stopped: status {status})"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


def serve(socket_path: str) -> None:
    kernels: dict[socket.socket, int] = {}  # stand-in connection -> kernel pid

    def stop(*_):
        for pid in kernels.values():
            _kill(pid)
        os._exit(0)

    signal.signal(signal.SIGTERM, stop)
    for module in PRELOAD:
        __import__(module)
    parent = os.getppid()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(socket_path + ".new")
    listener.listen()
    os.rename(socket_path + ".new", socket_path)  # ready only once it accepts
    while os.getppid() == parent:  # the build is gone: stop too
        readable, _, _ = select.select([listener, *kernels], [], [], 0.2)
        for ready in readable:
            if ready is listener:
                _start_kernel(listener, kernels)
            elif not ready.recv(1):  # the stand-in went away: so does its kernel
                _kill(kernels.pop(ready))
                ready.close()
        _report_exits(kernels)
    stop()


def _start_kernel(listener: socket.socket, kernels: dict) -> None:
    """Fork a kernel for the stand-in now connecting (one that vanished meanwhile is let go)."""
    connection, _ = listener.accept()
    try:
        request = json.loads(connection.makefile().readline())
    except ValueError:
        connection.close()
        return
    pid = os.fork()
    if pid == 0:
        for inherited in (listener, connection, *kernels):
            inherited.close()
        _become_kernel(request)
    kernels[connection] = pid
    try:
        connection.sendall(f"{pid}\n".encode())
    except OSError:
        _kill(kernels.pop(connection))
        connection.close()


def _become_kernel(request: dict) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)  # the banner a kernel prints when it sees no parent; outputs go over zmq
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    sys.path[0] = request["cwd"]  # as `python -m ipykernel_launcher` run there would have it
    threading.Thread(target=_exit_when_orphaned, args=(os.getppid(),), daemon=True).start()
    from ipykernel.kernelapp import IPKernelApp

    IPKernelApp.launch_instance(argv=request["argv"])
    os._exit(0)


def _exit_when_orphaned(server: int) -> None:
    """Should the server itself be killed outright, its kernels do not outlive it."""
    while os.getppid() == server:
        time.sleep(1)
    os._exit(1)


def _report_exits(kernels: dict) -> None:
    """Reap kernels that ended and tell their stand-ins, which then exit with the same status."""
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        for connection, kernel in list(kernels.items()):
            if kernel == pid:
                with suppress(OSError):  # its stand-in may be gone already
                    connection.sendall(f"{os.waitstatus_to_exitcode(status)}\n".encode())
                connection.close()
                del kernels[connection]


def _running(pid: int) -> bool:
    """Whether `pid` still runs (a zombie, awaiting its parent, counts as stopped)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def launch(socket_path: str, server: int, argv: list[str]) -> None:
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    while True:
        try:
            connection.connect(socket_path)
            break
        except (FileNotFoundError, ConnectionRefusedError):
            if not _running(server):
                sys.exit("kernel_forks: the fork server stopped before it could start a kernel")
            time.sleep(0.02)
    request = {"argv": argv, "cwd": os.getcwd(), "env": dict(os.environ)}
    connection.sendall((json.dumps(request) + "\n").encode())
    replies = connection.makefile()
    kernel = int(replies.readline())
    signal.signal(signal.SIGINT, lambda *_: os.kill(kernel, signal.SIGINT))  # interrupts
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # closing the socket ends the kernel
    status = replies.readline()
    sys.exit(int(status) if status else 1)


if __name__ == "__main__":
    command, socket_path, *rest = sys.argv[1:]
    if command == "serve":
        serve(socket_path)
    else:
        launch(socket_path, int(rest[0]), rest[1:])
