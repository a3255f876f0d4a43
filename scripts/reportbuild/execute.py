"""execute: the build's kernels, one per slot, each running notebook after notebook."""

import asyncio
import shutil
import tempfile
from pathlib import Path

from reportbuild.plan import Job


class Kernels:
    """One kernel per slot (kernel.Kernel), so a slot pays a kernel's start and the shared imports
    once. A kernel whose notebook failed is stopped and a new one started for the next: whatever
    went wrong stays with its notebook. With `fresh`, every kernel is stopped after its notebook.
    """

    def __init__(self, scratch: Path, fresh: bool, allow_network: bool, timeout: int):
        self.scratch, self.fresh = scratch, fresh
        self.allow_network, self.timeout = allow_network, timeout
        self.idle, self.all = [], []

    async def execute(self, job: Job):
        """Run the notebook; returns the executed notebook and the files it read.

        Cells tagged remove-cell are not run: their output never reaches a report, and they are
        the "Try it" widgets, there for JupyterLab (tests/test_notebooks.py runs them).
        """
        from reportbuild.kernel import Kernel  # only when something runs: a kernel's libraries

        if self.idle:
            kernel = self.idle.pop()
        else:
            kernel = Kernel(Path(tempfile.mkdtemp(prefix="k", dir=self.scratch)),
                            self.allow_network)
            self.all.append(kernel)
        try:
            result = await kernel.run(job.path, self.timeout, skip_tag="remove-cell")
        except BaseException:
            await self.retire(kernel)
            raise
        if self.fresh:
            await self.retire(kernel)
        else:
            self.idle.append(kernel)
        return result

    async def retire(self, kernel) -> None:
        self.all.remove(kernel)
        await kernel.shutdown()
        shutil.rmtree(kernel.scratch, ignore_errors=True)

    async def shutdown(self) -> None:
        await asyncio.gather(*(self.retire(kernel) for kernel in list(self.all)))
