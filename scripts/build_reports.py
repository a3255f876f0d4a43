#!/usr/bin/env python3
"""Build the HTML reports: plan, execute, export, index.

    python scripts/build_reports.py [--only NAME] [--jobs N] [--force] [--fresh-kernels]
                                    [--timeout SECONDS] [--allow-network] [--out DIR]

plan     decides from content hashes alone (build_cache.py) which notebooks run again and which
         are only exported, and checks claims.csv's notebook column against notebooks/
execute  runs those notebooks, --jobs at a time, the largest first, in one kernel per slot, each
         notebook from a clean slate, with data/ read-only, no network and a cap on each cell's
         output (runner.Kernel)
export   turns each into its report with the template and checks its links to other reports,
         while its slot's kernel runs the next notebook
index    writes reports/index.html, about.html and glossary.html

A failing notebook is reported with its cell and error, the others still build, and its previous
report is kept. Exit status: 0 all built, 1 something failed, 2 bad arguments, 130/143
interrupted (SIGINT/SIGTERM).
"""

import argparse
import asyncio
import fcntl
import functools
import hashlib
import json
import os
import shutil
import signal
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import build_cache as cache

ROOT = cache.ROOT
NOTEBOOKS = ROOT / "notebooks"
sys.path.insert(0, str(NOTEBOOKS))  # the build reads data/claims.csv through explainer.data


class BuildError(RuntimeError):
    """Something that stops a report being built, said in words that name the file or row."""


def all_notebooks() -> list[Path]:
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", action="append", metavar="NAME",
                        help="build only this notebook (name with or without .ipynb); repeatable")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, metavar="N",
                        help="notebooks to run at once (default: the number of cores)")
    parser.add_argument("--force", action="store_true", help="ignore the cache: run everything")
    parser.add_argument("--fresh-kernels", action="store_true",
                        help="a new kernel for every notebook, not one per slot (slower; for "
                             "notebooks that change the modules they import)")
    parser.add_argument("--timeout", type=int, default=120, metavar="SECONDS",
                        help="the longest one cell may run (default: 120)")
    parser.add_argument("--allow-network", action="store_true",
                        help="let cells reach the network (off by default: reports are built "
                             "from data/ alone)")
    parser.add_argument("--out", type=Path, default=ROOT / "reports", metavar="DIR",
                        help="where the reports go (default: reports/)")
    args = parser.parse_args(argv)
    if args.jobs < 1 or args.timeout < 1:
        parser.error("--jobs and --timeout must be at least 1")
    names = [path.stem for path in all_notebooks()]
    unknown = [name for name in args.only or [] if name.removesuffix(".ipynb") not in names]
    if unknown:
        parser.error(f"no notebook named {', '.join(unknown)} in notebooks/ "
                     f"(have: {', '.join(names)})")
    args.only = list(dict.fromkeys(name.removesuffix(".ipynb") for name in args.only or names))
    return args


# ---- plan -------------------------------------------------------------------------------------

@dataclass
class Job:
    """One notebook and what this build does with it."""
    path: Path
    title: str
    neighbours: dict  # previous and next report: {"previous": {"href", "title"} | None, ...}
    execution: str  # its execution key, from what it loaded last time
    must_execute: bool
    must_export: bool

    @property
    def name(self) -> str:
        return self.path.stem


def notebook_title(path: Path) -> str | None:
    """The notebook's metadata title, else its first '# ' heading; None if it cannot be read."""
    try:
        notebook = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    if notebook.get("metadata", {}).get("title"):
        return notebook["metadata"]["title"]
    for cell in notebook.get("cells", []):
        for line in "".join(cell.get("source", "")).splitlines():
            if cell.get("cell_type") == "markdown" and line.startswith("# "):
                return line[2:].strip()
    return path.stem


def plan(args, manifest: cache.Manifest, out: Path) -> list[Job]:
    """What to execute and export, from hashes alone (nothing heavy is imported here)."""
    notebooks = all_notebooks()
    titles = []
    for path in notebooks:
        # A broken notebook keeps its last good title, from the manifest or else from its last
        # executed copy: no page gets worse.
        title = (notebook_title(path) or manifest.get(path.stem).get("title")
                 or notebook_title(cache.cache_folder(out) / path.name) or path.stem)
        if manifest.get(path.stem).get("title") != title:
            manifest.record(path.stem, title=title)
        titles.append(title)
    names = [path.stem for path in notebooks]
    shared = cache.shared_execution_inputs()

    def link(i):
        return {"href": f"{names[i]}.html", "title": titles[i]} if 0 <= i < len(names) else None

    jobs = []
    for i, path in enumerate(notebooks):
        if path.stem not in args.only:
            continue
        entry = manifest.get(path.stem)
        neighbours = {"previous": link(i - 1), "next": link(i + 1)}
        execution = cache.execution_key(path, entry.get("data_files", []), shared)
        executed = cache.cache_folder(out) / f"{path.stem}.ipynb"
        must_execute = (args.force or entry.get("execution") != execution
                        or entry.get("executed") != cache.file_digest(executed))
        job = Job(path, titles[i], neighbours, execution, must_execute, must_export=True)
        job.must_export = (must_execute or entry.get("export") != export_key(job, execution, names)
                           or not (out / f"{path.stem}.html").exists())
        jobs.append(job)
    return jobs


def export_key(job: Job, execution: str, names: list[str]) -> str:
    context = {"title": job.title, **job.neighbours,
               **{name: cache.file_digest(cache.DATA / f"{name}.csv")
                  for name in ("claims", "page_reviews")}}  # verdicts and the ClaimReview
    return cache.export_key(execution, job.path, context, names)


@functools.cache
def checked_claims() -> list[dict]:
    """load_claims for the notebooks there are, once a build."""
    return load_claims([path.stem for path in all_notebooks()])


def load_claims(names: list[str]) -> list[dict]:
    """The rows of data/claims.csv in the order of their ids, checked against its schema and
    against `names`, the notebooks there are."""
    from explainer import data

    claims = data.rows("claims")
    for row_number, row in enumerate(claims, start=1):
        if row["notebook"] not in names:
            raise BuildError(
                f"data/claims.csv, row {row_number}, column 'notebook': no notebook named "
                f"{row['notebook']!r} in notebooks/ (have: {', '.join(names)})")
    return sorted(claims, key=lambda row: row["id"])


# ---- execute ----------------------------------------------------------------------------------

class Kernels:
    """The build's kernels: one per slot, each running notebook after notebook (runner.Kernel),
    so a slot pays a kernel's start and the shared imports once. A kernel whose notebook failed is
    stopped and a new one started for the next: whatever went wrong stays with its notebook. With
    `fresh`, every kernel is stopped after its notebook."""

    def __init__(self, scratch: Path, fresh: bool, allow_network: bool):
        self.scratch, self.fresh, self.allow_network = scratch, fresh, allow_network
        self.idle, self.all = [], []

    async def execute(self, job: Job, args):
        """Run the notebook; returns the executed notebook and the files it read.

        Cells tagged remove-cell are not run: their output never reaches a report, and they are
        the "Try it" widgets, there for JupyterLab (tests/test_notebooks.py runs them).
        """
        from runner import Kernel

        if self.idle:
            kernel = self.idle.pop()
        else:
            kernel = Kernel(Path(tempfile.mkdtemp(prefix="k", dir=self.scratch)),
                            self.allow_network)
            self.all.append(kernel)
        try:
            result = await kernel.run(job.path, args.timeout, skip_tag="remove-cell")
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


# ---- export -----------------------------------------------------------------------------------

def export(job: Job, notebook, claims, names: list[str]) -> str:
    """The report's HTML; fails naming any link to a report that no notebook makes."""
    from exporter import export_html, linked_reports
    from report_index import page_metadata

    context = {"title": job.title, **job.neighbours, "notebook": job.path.name,
               "verdicts": [{"id": row["id"], "verdict": row["verdict"]}
                            for row in claims if row["notebook"] == job.name],
               **page_metadata(job.name, claims)}
    html = export_html(notebook, context)
    dead = sorted(linked_reports(html) - set(names))
    if dead:
        raise BuildError(f"{job.path.name} links to {', '.join(f'{n}.html' for n in dead)}, "
                         "which no notebook in notebooks/ makes (a link or a notebook name is out "
                         "of date)")
    return html


# ---- index ------------------------------------------------------------------------------------

def write_index(out: Path, manifest: cache.Manifest, force: bool) -> str:
    """Write reports/index.html, about.html and glossary.html when their inputs changed; returns
    the status word."""
    import report_index

    notebooks = all_notebooks()
    key = cache.combined({
        "reports": {p.stem: manifest.get(p.stem).get("export") for p in notebooks},
        "build": cache.tree_digest(cache.SCRIPTS),
        "explainer": cache.tree_digest(cache.EXPLAINER),  # the summary and its traced counts
        "data": {name: cache.file_digest(cache.DATA / name)
                 for name in ("claims.csv", "glossary.csv", "topics.csv", "page_reviews.csv",
                              "datapackage.json")},
    })
    index = out / "index.html"
    about, glossary = out / "about.html", out / "glossary.html"
    if not force and manifest.get("index.html").get("key") == key and index.exists() \
            and about.exists() and glossary.exists():
        return "cached"
    built = [(p, manifest.get(p.stem).get("title", p.stem)) for p in notebooks
             if (out / f"{p.stem}.html").exists()]
    cache.write_atomic(index, report_index.render(checked_claims(), built))
    cache.write_atomic(about, report_index.render_about(built, key))
    cache.write_atomic(glossary, report_index.render_glossary(built, out))
    manifest.record("index.html", key=key)
    return "written"


# ---- the pipeline -----------------------------------------------------------------------------

class Progress:
    """A line per finished notebook; on a terminal also a live line saying what is running."""

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


async def build_one(job: Job, args, out: Path, manifest, kernels: Kernels,
                    slots: asyncio.Semaphore, progress: Progress) -> None:
    """execute (if its inputs changed) -> export -> write, for one notebook."""
    from runner import nbformat, read_notebook, with_outputs

    executed_path = cache.cache_folder(out) / f"{job.name}.ipynb"
    names = [path.stem for path in all_notebooks()]
    async with slots:
        progress.started(job.name)
        began = time.perf_counter()
        result = await kernels.execute(job, args) if job.must_execute else None
    # The slot's kernel goes on to the next notebook while this one is written and exported.
    if result:
        notebook = result.notebook
        data_files = sorted(cache.relative(p) for p in result.data_files)
        execution = cache.execution_key(job.path, data_files, cache.shared_execution_inputs())
        manifest.record(job.name, execution=execution, data_files=data_files)
    else:  # the last run's outputs, in the notebook as it is now (its prose may have changed)
        notebook = with_outputs(read_notebook(job.path), read_notebook(executed_path))
        execution = job.execution
    text = nbformat.writes(notebook)
    digest = hashlib.sha256(text.encode()).hexdigest()
    if cache.file_digest(executed_path) != digest:
        cache.write_atomic(executed_path, text)
    manifest.record(job.name, executed=digest)
    html = await asyncio.to_thread(export, job, notebook, checked_claims(), names)
    # The notebook as committed, beside its report, for "Download this notebook".
    cache.write_atomic(out / "notebooks" / job.path.name, job.path.read_text(encoding="utf-8"))
    cache.write_atomic(out / f"{job.name}.html", html)
    manifest.record(job.name, export=export_key(job, execution, names))
    progress.finished(job.name, "executed" if job.must_execute else "exported",
                      time.perf_counter() - began)


class Build:
    """The state one build shares between its notebooks: where it writes, its failures."""

    def __init__(self, args, scratch: Path):
        self.args = args
        self.kernels = Kernels(scratch, args.fresh_kernels, args.allow_network)
        self.out: Path = args.out.resolve()
        self.manifest = cache.Manifest(cache.cache_folder(self.out) / "manifest.json")
        self.failures: dict[str, str] = {}
        self.tasks: list[asyncio.Task] = []
        self.stopped_by = None

    def stop(self, number: int) -> None:
        """On SIGINT or SIGTERM: cancel every notebook (its kernel is then shut down)."""
        self.stopped_by = number
        for task in self.tasks:
            task.cancel()

    async def run(self) -> int:
        jobs = plan(self.args, self.manifest, self.out)
        if any(job.must_export for job in jobs):
            try:  # before any kernel starts: a bad row stops the build with nothing else to say
                checked_claims()
            except Exception as error:
                print(f"error: {error}", file=sys.stderr)
                return 1
        progress = Progress(len(jobs) + 1)
        slots = asyncio.Semaphore(self.args.jobs)
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
            status = write_index(self.out, self.manifest, self.args.force)
        except Exception as error:
            self.failures["index.html"] = str(error)
            status = "FAILED"
        progress.finished("index.html", status, time.perf_counter() - began)
        if not self.failures:
            self.remove_orphaned_reports()
        return self.summary(len(jobs))

    async def guarded(self, job: Job, slots, progress) -> None:
        """One notebook's failure must not stop the others: it is noted and its report kept."""
        began = time.perf_counter()
        try:
            await build_one(job, self.args, self.out, self.manifest, self.kernels, slots,
                            progress)
        except (Exception, asyncio.CancelledError) as error:
            if self.stopped_by:
                progress.finished(job.name, "stopped", time.perf_counter() - began)
                return
            self.failures[job.name] = str(error) or type(error).__name__
            progress.finished(job.name, "FAILED", time.perf_counter() - began)

    def remove_orphaned_reports(self) -> None:
        """A report whose notebook was deleted or renamed goes too (readers would find it)."""
        names = {path.stem for path in all_notebooks()}
        for report in self.out.glob("[0-9][0-9]_*.html"):
            if report.stem not in names:
                report.unlink()
                (self.out / "notebooks" / f"{report.stem}.ipynb").unlink(missing_ok=True)
                (cache.cache_folder(self.out) / f"{report.stem}.ipynb").unlink(missing_ok=True)
                print(f"  removed   {report.name} (its notebook is gone)")

    def summary(self, count: int) -> int:
        if not self.failures:
            print(f"reports: {self.out}/index.html ({count} notebooks)")
            return 0
        print(f"\n{len(self.failures)} failed; their previous reports (if any) were kept:",
              file=sys.stderr)
        for name, message in self.failures.items():
            print(f"  {name}: {message}", file=sys.stderr)
        return 1


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


async def build(args, scratch: Path) -> int:
    """Run the build; Ctrl-C and SIGTERM stop it cleanly (kernels shut down, no half files)."""
    builder = Build(args, scratch)
    asyncio.get_running_loop().own_signals(builder.stop)
    return await builder.run()


@contextmanager
def only_build_writing(out: Path):
    """One build at a time per reports folder (a second one waits), in a scratch folder of its own.

    The scratch folder holds the kernels' connection files and sockets. Its name follows from the
    reports folder, so the next build clears what a build killed outright (SIGKILL) left there,
    along with any half-written temporary files.
    """
    folder = cache.cache_folder(out)
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


def main(argv=None) -> int:
    args = parse_args(argv)
    began = time.perf_counter()
    with only_build_writing(args.out.resolve()) as scratch, \
            asyncio.Runner(loop_factory=SignalOwningLoop) as runner:
        status = runner.run(build(args, scratch))
    if status < 128:
        print(f"done in {time.perf_counter() - began:.1f} s")
    return status


if __name__ == "__main__":
    sys.exit(main())
