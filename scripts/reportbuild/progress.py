"""progress: a line per finished notebook; on a terminal also a live line saying what is running."""

import sys


class Progress:
    def __init__(self, total: int, stream=sys.stdout):
        self.total, self.stream, self.done, self.running = total, stream, 0, []
        self.live = stream.isatty()

    def started(self, name: str) -> None:
        self.running.append(name)
        self._status()

    def finished(self, name: str, status: str, seconds: float) -> None:
        self.done += 1
        if name in self.running:
            self.running.remove(name)
        self._clear()
        print(f"  {status:<9} {name:<40} {seconds:6.1f} s", file=self.stream, flush=True)
        self._status()

    def _status(self) -> None:
        if self.live and self.running:
            line = f"  [{self.done}/{self.total}] running: {', '.join(self.running)}"
            print(f"\r\033[K{line[:100]}", end="", file=self.stream, flush=True)

    def _clear(self) -> None:
        if self.live:
            print("\r\033[K", end="", file=self.stream, flush=True)
