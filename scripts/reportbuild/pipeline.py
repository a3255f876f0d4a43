"""The build, top to bottom: plan, then for each notebook execute (if its inputs changed) and
export, then the index pages.

A failing notebook is reported with its cell and error, the others still build, and its previous
report is kept. Ctrl-C and SIGTERM stop the build cleanly: kernels shut down, no half files.
"""

import asyncio
import hashlib
import signal
import sys
import time
from pathlib import Path

from explainer.contract import NOTEBOOK_PATTERN
from reportbuild import cache
from reportbuild.execute import Kernels
from reportbuild.index import write_index
from reportbuild.lock import SignalOwningLoop, only_build_writing
from reportbuild.options import Options
from reportbuild.plan import Job, checked_claims, export_key, plan
from reportbuild.progress import Progress


def run(options: Options) -> int:
    """Build the reports `options` asks for; returns the exit status."""
    with only_build_writing(options.out) as scratch, \
            asyncio.Runner(loop_factory=SignalOwningLoop) as runner:
        return runner.run(Build(options, scratch).run())


class Build:
    """The state one build shares between its notebooks: where it writes, its failures."""

    def __init__(self, options: Options, scratch):
        self.options = options
        self.kernels = Kernels(scratch, options.fresh_kernels, options.allow_network,
                               options.timeout)
        self.manifest = cache.Manifest(cache.cache_folder(options.out) / "manifest.json")
        self.failures: dict[str, str] = {}
        self.tasks: list[asyncio.Task] = []
        self.stopped_by = None

    def stop(self, number: int) -> None:
        """On SIGINT or SIGTERM: cancel every notebook (its kernel is then shut down)."""
        self.stopped_by = number
        for task in self.tasks:
            task.cancel()

    async def run(self) -> int:
        asyncio.get_running_loop().own_signals(self.stop)
        names = tuple(self.options.names)
        jobs = plan(self.options, self.manifest)
        if any(job.must_export for job in jobs):
            try:  # before any kernel starts: a bad row stops the build with nothing else to say
                checked_claims(names)
            except Exception as error:
                print(f"error: {error}", file=sys.stderr)
                return 1
        progress = Progress(len(jobs) + 1)
        slots = asyncio.Semaphore(self.options.jobs)
        for job in jobs:
            if not job.must_export:
                progress.finished(job.name, "cached", 0.0)
        # The largest notebooks first (they run longest), so that no core idles at the end.
        self.tasks = [asyncio.create_task(self.guarded(job, slots, progress))
                      for job in sorted(jobs, key=lambda job: -job.path.stat().st_size)
                      if job.must_export]
        await asyncio.gather(*self.tasks, return_exceptions=True)
        await self.kernels.shutdown()
        if self.stopped_by:
            print(f"\ninterrupted by {signal.Signals(self.stopped_by).name}: finished reports were "
                  "written whole, the others left as they were", file=sys.stderr)
            return 128 + self.stopped_by
        began = time.perf_counter()
        try:
            status = write_index(self.options, self.manifest)
        except Exception as error:
            self.failures["index.html"] = str(error)
            status = "FAILED"
        progress.finished("index.html", status, time.perf_counter() - began)
        if not self.failures:
            self.remove_orphaned_reports()
        return self.summary(len(jobs))

    async def guarded(self, job: Job, slots: asyncio.Semaphore, progress: Progress) -> None:
        """One notebook's failure must not stop the others: it is noted and its report kept."""
        began = time.perf_counter()
        try:
            async with slots:
                progress.started(job.name)
                began = time.perf_counter()
                result = await self.kernels.execute(job) if job.must_execute else None
            # The slot's kernel goes on to the next notebook while this one is exported.
            await self.export(job, result)
            progress.finished(job.name, "executed" if job.must_execute else "exported",
                              time.perf_counter() - began)
        except (Exception, asyncio.CancelledError) as error:
            if self.stopped_by:
                progress.finished(job.name, "stopped", time.perf_counter() - began)
                return
            self.failures[job.name] = str(error) or type(error).__name__
            progress.finished(job.name, "FAILED", time.perf_counter() - began)

    async def export(self, job: Job, result) -> None:
        """Keep the executed notebook (or put the last run's outputs into the notebook as it is
        now: its prose may have changed), then write its report."""
        import nbformat

        from reportbuild.export import export
        from reportbuild.notebook import read_notebook, with_outputs

        out, names = self.options.out, self.options.names
        executed_path = cache.cache_folder(out) / f"{job.name}.ipynb"
        if result:
            notebook = result.notebook
            data_files = sorted(cache.relative(path) for path in result.data_files)
            execution = cache.execution_key(job.path, data_files, cache.shared_execution_inputs())
            self.manifest.record(job.name, execution=execution, data_files=data_files)
        else:
            notebook = with_outputs(read_notebook(job.path), read_notebook(executed_path))
            execution = job.execution
        text = nbformat.writes(notebook)
        digest = hashlib.sha256(text.encode()).hexdigest()
        if cache.file_digest(executed_path) != digest:
            cache.write_atomic(executed_path, text)
        self.manifest.record(job.name, executed=digest)
        claims = checked_claims(tuple(names))
        page = await asyncio.to_thread(export, job, notebook, claims, names)
        # The notebook as committed, beside its report, for "Download this notebook".
        cache.write_atomic(out / "notebooks" / job.path.name, job.path.read_text(encoding="utf-8"))
        cache.write_atomic(out / f"{job.name}.html", page.html)
        # Its sections' words, for the subject index (index.py), which so reads no page again.
        self.manifest.record(job.name, export=export_key(job, execution, names),
                             sections=page.sections)

    def remove_orphaned_reports(self) -> None:
        """A report whose notebook was deleted or renamed goes too (readers would find it)."""
        out, names = self.options.out, set(self.options.names)
        for report in out.glob(Path(NOTEBOOK_PATTERN).with_suffix(".html").name):
            if report.stem not in names:
                report.unlink()
                (out / "notebooks" / f"{report.stem}.ipynb").unlink(missing_ok=True)
                (cache.cache_folder(out) / f"{report.stem}.ipynb").unlink(missing_ok=True)
                print(f"  removed   {report.name} (its notebook is gone)")

    def summary(self, count: int) -> int:
        if not self.failures:
            print(f"reports: {self.options.out}/index.html ({count} notebooks)")
            return 0
        print(f"\n{len(self.failures)} failed; their previous reports (if any) were kept:",
              file=sys.stderr)
        for name, message in self.failures.items():
            print(f"  {name}: {message}", file=sys.stderr)
        return 1
