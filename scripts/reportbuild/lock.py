"""lock: one build at a time per reports folder, in a scratch folder of its own; and an event loop
on which the build alone handles SIGINT and SIGTERM."""

import asyncio
import fcntl
import hashlib
import os
import shutil
import signal
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from reportbuild.cache import cache_folder


@contextmanager
def only_build_writing(out: Path):
    """One build at a time per reports folder (a second one waits), in a scratch folder of its own.

    The scratch folder holds the kernels' connection files and sockets. Its name follows from the
    reports folder, so the next build clears what a build killed outright (SIGKILL) left there,
    along with any half-written temporary files.
    """
    folder = cache_folder(out)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"waiting for another build writing {out} ...", file=sys.stderr, flush=True)
            fcntl.flock(lock, fcntl.LOCK_EX)
        # Short, as Unix socket paths must be: a digest of the cache folder's path.
        digest = hashlib.sha256(str(folder).encode()).hexdigest()[:8]
        scratch = Path(tempfile.gettempdir()) / f"bd-{os.getuid()}-{digest}"
        shutil.rmtree(scratch, ignore_errors=True)
        for leftover in [*out.glob(".tmp-*"), *folder.glob(".tmp-*")]:
            leftover.unlink()
        scratch.mkdir(mode=0o700)
        try:
            yield scratch
        finally:
            shutil.rmtree(scratch, ignore_errors=True)


class SignalOwningLoop(asyncio.SelectorEventLoop):
    """An event loop on which the build alone handles SIGINT and SIGTERM.

    nbclient installs, and afterwards removes, its own handlers around every notebook, which would
    replace the build's. Refused here, it falls back on the build's handler (it catches the
    RuntimeError), and the build cancels every notebook, which shuts each kernel down.
    """

    OWNED = (signal.SIGINT, signal.SIGTERM)
    owning = False

    def own_signals(self, callback) -> None:
        for number in self.OWNED:
            super().add_signal_handler(number, callback, number)
        self.owning = True

    def add_signal_handler(self, sig, callback, *args):
        if self.owning and sig in self.OWNED:
            raise RuntimeError("the build handles this signal")
        return super().add_signal_handler(sig, callback, *args)

    def remove_signal_handler(self, sig):
        if self.owning and sig in self.OWNED:
            raise RuntimeError("the build handles this signal")
        return super().remove_signal_handler(sig)

    def close(self):
        self.owning = False
        super().close()
