"""How one build was asked to run: made by the command line (cli.py), read by every step."""

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Options:
    notebooks: tuple[Path, ...]  # every notebook of the project, in page order
    only: frozenset[str]  # the names of those this build builds
    out: Path  # the reports folder, resolved
    jobs: int = 1  # notebooks run at once
    timeout: int = 120  # the longest one cell may run, in seconds
    force: bool = False  # ignore the cache
    fresh_kernels: bool = False  # a new kernel for every notebook
    allow_network: bool = False

    @property
    def names(self) -> list[str]:
        return [path.stem for path in self.notebooks]
