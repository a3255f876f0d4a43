#!/usr/bin/env python3
"""Build the HTML reports: execute every notebook in a fresh kernel, export it, write the index.

    python scripts/build_reports.py [--only NAME] [--jobs N] [--force] [--timeout SECONDS]

Notebooks run in parallel and are cached by content hash (see build_cache.py): a rebuild with
nothing changed executes nothing. A failing notebook is reported with its cell and error, the
others still build, and its previous report is kept. Exit status: 0 all built, 1 something
failed, 130/143 interrupted (SIGINT/SIGTERM), 2 bad arguments.
"""

import argparse
import asyncio
import fcntl
import json
import os
import signal
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import build_cache as cache

ROOT = cache.ROOT
NOTEBOOKS = ROOT / "notebooks"
sys.path.insert(0, str(NOTEBOOKS))  # the build reads data/claims.csv through explainer.data


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", action="append", metavar="NAME",
                        help="build only this notebook (name with or without .ipynb); repeatable")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, metavar="N",
                        help="notebooks to run at once (default: the number of cores)")
    parser.add_argument("--force", action="store_true", help="ignore the cache: run everything")
    parser.add_argument("--timeout", type=int, default=120, metavar="SECONDS",
                        help="the longest one cell may run (default: 120)")
    parser.add_argument("--out", type=Path, default=ROOT / "reports", metavar="DIR",
                        help="where the reports go (default: reports/)")
    args = parser.parse_args(argv)
    if args.jobs < 1 or args.timeout < 1:
        parser.error("--jobs and --timeout must be at least 1")
    return args


def all_notebooks() -> list[Path]:
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def selected_notebooks(only) -> list[Path]:
    notebooks = all_notebooks()
    if not only:
        return notebooks
    by_name = {path.stem: path for path in notebooks}
    unknown = [name for name in only if name.removesuffix(".ipynb") not in by_name]
    if unknown:
        raise SystemExit(f"error: no notebook named {', '.join(unknown)} in notebooks/ "
                         f"(have: {', '.join(by_name)})")
    return [by_name[name] for name in dict.fromkeys(n.removesuffix(".ipynb") for n in only)]


def notebook_title(path: Path) -> str:
    """The notebook's metadata title, else its first '# ' heading, else its file name."""
    try:
        notebook = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return path.stem
    if notebook.get("metadata", {}).get("title"):
        return notebook["metadata"]["title"]
    for cell in notebook.get("cells", []):
        for line in "".join(cell.get("source", "")).splitlines():
            if cell.get("cell_type") == "markdown" and line.startswith("# "):
                return line[2:].strip()
    return path.stem


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


class Build:
    def __init__(self, args):
        self.args = args
        self.out: Path = args.out.resolve()
        self.manifest = cache.Manifest(cache.cache_folder(self.out) / "manifest.json")
        self.notebooks = all_notebooks()
        self.titles = [notebook_title(path) for path in self.notebooks]
        self.pages = [(path.stem, title) for path, title in zip(self.notebooks, self.titles,
                                                                 strict=True)]
        self.shared = cache.shared_execution_inputs(self.notebooks)
        self.failures: dict[str, str] = {}
        self.export_lock = asyncio.Lock()
        self._claims = None
        self.tasks: list[asyncio.Task] = []
        self.stopped_by = None
        self.kernels = None  # the fork server, once a notebook needs executing

    def stop(self, number: int) -> None:
        """On SIGINT or SIGTERM: cancel every notebook (nbclient then shuts its kernel down)."""
        self.stopped_by = number
        for task in self.tasks:
            task.cancel()

    def plan(self, path: Path) -> tuple[bool, bool]:
        """(execute?, export?) for one notebook, decided from hashes alone."""
        entry = self.manifest.get(path.stem)
        execution = cache.execution_key(path, entry.get("data_files", []), self.shared)
        executed = cache.cache_folder(self.out) / f"{path.stem}.ipynb"
        must_execute = (self.args.force or entry.get("execution") != execution
                        or not executed.exists())
        exported = entry.get("export") == cache.export_key(execution, self.pages)
        must_export = (must_execute or not exported
                       or not (self.out / f"{path.stem}.html").exists())
        return must_execute, must_export

    async def build_one(self, path: Path, plan, slots: asyncio.Semaphore, progress: Progress):
        must_execute, must_export = plan
        if not must_export:
            progress.finished(path.stem, "cached", 0.0)
            return
        async with slots:
            progress.started(path.stem)
            began = time.perf_counter()
            try:
                status = await self._run(path, must_execute)
            except (Exception, asyncio.CancelledError) as error:
                if self.stopped_by:
                    status = "stopped"
                else:  # one notebook's failure must not stop the others
                    self.failures[path.stem] = (str(error) or type(error).__name__) + \
                        (self.kernels.failure() if self.kernels else "")
                    status = "FAILED"
            progress.finished(path.stem, status, time.perf_counter() - began)

    async def _run(self, path: Path, must_execute: bool) -> str:
        from runner import execute_async, nbformat

        executed_path = cache.cache_folder(self.out) / f"{path.stem}.ipynb"
        if must_execute:
            result = await execute_async(path, self.args.timeout, self.kernels.launcher)
            notebook = result.notebook
            data_files = sorted(cache.relative(p) for p in result.data_files)
        else:
            notebook = nbformat.read(executed_path, as_version=4)
            data_files = self.manifest.get(path.stem)["data_files"]
        execution = cache.execution_key(path, data_files, self.shared)
        async with self.export_lock:
            html = await asyncio.to_thread(self._export, notebook, path)
        if must_execute:
            cache.write_atomic(executed_path, nbformat.writes(notebook))
        cache.write_atomic(self.out / f"{path.stem}.html", html)
        self.manifest.record(path.stem, execution=execution, data_files=data_files,
                             export=cache.export_key(execution, self.pages))
        return "executed" if must_execute else "exported"

    def _export(self, notebook, path: Path) -> str:
        from exporter import export_html

        return export_html(notebook, self.context(path))

    def claims(self):
        if self._claims is None:
            from explainer import data

            self._claims = data.load("claims")
        return self._claims

    def context(self, path: Path) -> dict:
        """What the template adds to a report: its title, verdict badges, previous/next links."""
        index = self.notebooks.index(path)
        claims = self.claims()
        mine = claims[claims["notebook"] == path.stem].sort_values("id")

        def link(i):
            if 0 <= i < len(self.notebooks):
                return {"href": f"{self.notebooks[i].stem}.html", "title": self.titles[i]}
            return None

        return {
            "title": self.titles[index],
            "verdicts": [{"id": int(r["id"]), "verdict": r["verdict"]}
                         for r in mine.to_dict("records")],
            "previous": link(index - 1),
            "next": link(index + 1),
        }

    def write_index(self) -> str:
        """Write reports/index.html and about.html when their inputs changed; returns the status
        word."""
        import report_index

        key = cache.combined({
            "reports": {p.stem: self.manifest.get(p.stem).get("export") for p in self.notebooks},
            "index": report_index.inputs_digest(),
        })
        index = self.out / "index.html"
        if not self.args.force and self.manifest.get("index.html").get("key") == key \
                and index.exists() and (self.out / "about.html").exists():
            return "cached"
        built = [(p, t) for p, t in zip(self.notebooks, self.titles, strict=True)
                 if (self.out / f"{p.stem}.html").exists()]
        cache.write_atomic(index, report_index.render(self.claims(), built))
        cache.write_atomic(self.out / "about.html", report_index.render_about(built, key))
        self.manifest.record("index.html", key=key)
        return "written"

    async def run(self) -> int:
        for leftover in [*self.out.glob(".tmp-*"), *self.manifest.path.parent.glob(".tmp-*")]:
            leftover.unlink()  # from a build killed outright; the lock says none is running now
        self.remove_orphaned_reports()
        chosen = selected_notebooks(self.args.only)
        plans = {path: self.plan(path) for path in chosen}
        progress = Progress(len(chosen) + 1)
        slots = asyncio.Semaphore(self.args.jobs)
        self.tasks = [asyncio.create_task(self.build_one(path, plan, slots, progress))
                      for path, plan in plans.items()]
        if any(must_execute for must_execute, _ in plans.values()):
            from kernel_forks import ForkServer

            self.kernels = ForkServer()
        try:
            await asyncio.gather(*self.tasks, return_exceptions=True)
        finally:
            if self.kernels:
                self.kernels.stop()
        if self.stopped_by:
            print(f"\ninterrupted by {signal.Signals(self.stopped_by).name}: finished reports were "
                  "written whole, the others left as they were", file=sys.stderr)
            return 128 + self.stopped_by
        began = time.perf_counter()
        try:
            status = self.write_index()
        except Exception as error:
            self.failures["index.html"] = str(error)
            status = "FAILED"
        progress.finished("index.html", status, time.perf_counter() - began)
        return 128 + self.stopped_by if self.stopped_by else self.summary(len(chosen))

    def remove_orphaned_reports(self) -> None:
        """A report whose notebook was deleted or renamed goes too (readers would find it)."""
        names = {path.stem for path in self.notebooks}
        for report in self.out.glob("[0-9][0-9]_*.html"):
            if report.stem not in names:
                report.unlink()
                (self.manifest.path.parent / f"{report.stem}.ipynb").unlink(missing_ok=True)
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


async def build(args) -> int:
    """Run the build; Ctrl-C and SIGTERM stop it cleanly (kernels shut down, no half files)."""
    builder = Build(args)
    asyncio.get_running_loop().own_signals(builder.stop)
    return await builder.run()


@contextmanager
def only_build_writing(out: Path):
    """One build at a time per reports folder: a second one waits for the first to finish."""
    folder = cache.cache_folder(out)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"waiting for another build writing {out} ...", file=sys.stderr, flush=True)
            fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def main(argv=None) -> int:
    args = parse_args(argv)
    began = time.perf_counter()
    with only_build_writing(args.out.resolve()), \
            asyncio.Runner(loop_factory=SignalOwningLoop) as runner:
        status = runner.run(build(args))
    if status < 128:
        print(f"done in {time.perf_counter() - began:.1f} s")
    return status


if __name__ == "__main__":
    sys.exit(main())
