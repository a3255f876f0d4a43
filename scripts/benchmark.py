#!/usr/bin/env python3
"""Time our build against plain nbconvert and plain scripts, on the project's own notebooks.

    python scripts/benchmark.py [--runs N] [--jobs N] [--doc]      (make bench)

(a)  plain `jupyter nbconvert --to html --execute` over all notebooks, in one command
(b)  our cold build into an empty folder
(b') the same with --fresh-kernels: a new kernel for every notebook, not one per slot
(c)  our rebuild with nothing changed
(d)  the notebooks' code cells run as plain Python scripts, --jobs at a time: the work itself
(e)  a fresh `git clone` of this repository to its first report: `make reports` with empty
     package caches (set-up included)
(f)  our rebuild after one data file changed that one notebook reads, against (f0) that
     notebook's own cold build (`--only`)
Also what the overheads cost, summed over the notebooks as (b') pays them, a new kernel for each:
a kernel's start and stop, the imports every new kernel repeats, and the HTML export; (b) pays the
first two once per slot. The steps run in turn, once per run; the ratios
are taken run by run (paired, so that a machine whose speed drifts still gives fair ratios) and
their medians printed. With --doc, the speed and page-weight tables in docs/build.md are rewritten
between their marker comments.
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from explainer.contract import notebooks
from explainer.paths import ROOT
from reportbuild.cache import cache_folder

NOTEBOOKS = notebooks()
BIN = Path(sys.executable).parent
DOC = ROOT / "docs" / "build.md"  # where --doc writes the tables

STEPS = {
    "a": "(a) plain `jupyter nbconvert --to html --execute`, all notebooks",
    "b": "(b) our build, cold",
    "b'": "(b') our build, cold, a new kernel for every notebook",
    "c": "(c) our build, nothing changed",
    "d": "(d) the notebooks' code as plain Python scripts",
    "e": "(e) fresh clone to first report (`make reports`, empty package caches)",
    "f": "(f) our rebuild after one data file changed",
    "f0": "(f0) that notebook's own cold build",
}
RATIOS = {  # name: (numerator, denominator, offset added to the denominator)
    "b/a": ("b", "a", 0), "b/d": ("b", "d", 0), "b/b'": ("b", "b'", 0), "c/b": ("c", "b", 0),
    "f/(f0 + 1 s)": ("f", "f0", 1),
}


def timed(command: list[str], **kwargs) -> float:
    began = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, **kwargs)
    return time.perf_counter() - began


def plain_nbconvert(out: Path) -> float:
    return timed([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--execute",
                  "--output-dir", str(out), *map(str, NOTEBOOKS)])


def our_build(out: Path, jobs: int, *options: str) -> float:
    return timed([sys.executable, str(ROOT / "scripts" / "build_reports.py"),
                  "--out", str(out), "--jobs", str(jobs), *options])


def write_scripts(folder: Path) -> list[Path]:
    """Each notebook's code cells, in order, as one plain Python file."""
    folder.mkdir(parents=True, exist_ok=True)
    scripts = []
    for notebook in NOTEBOOKS:
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        code = "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        script = folder / f"{notebook.stem}.py"
        script.write_text(code, encoding="utf-8")
        scripts.append(script)
    return scripts


def plain_python(scripts: list[Path], jobs: int) -> float:
    environment = {**os.environ, "MPLBACKEND": "Agg"}
    began = time.perf_counter()
    with ThreadPoolExecutor(jobs) as pool:
        list(pool.map(lambda s: subprocess.run([sys.executable, str(s)], check=True,
                                               capture_output=True, cwd=ROOT / "notebooks",
                                               env=environment), scripts))
    return time.perf_counter() - began


def kernel_start_and_stop() -> float:
    code = ("from jupyter_client.manager import start_new_kernel\n"
            "import time; t = time.perf_counter()\n"
            "km, kc = start_new_kernel(kernel_name='python3')\n"
            "kc.stop_channels(); km.shutdown_kernel(now=True)\n"
            "print(time.perf_counter() - t)")
    return float(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                                text=True).stdout)


def kernel_imports() -> float:
    """What every new kernel imports again: pandas, matplotlib and the explainer package."""
    return timed([sys.executable, "-c", "import pandas, matplotlib.pyplot, explainer.charts, "
                  "explainer.data, explainer.report"], cwd=ROOT / "notebooks")


def export_all(cache: Path) -> float:
    code = ("import sys, time, nbformat\n"
            "from reportbuild.export import export_html\n"
            "books = [nbformat.read(p, 4) for p in sys.argv[1:]]\n"
            "t = time.perf_counter()\n"
            "[export_html(b, {'title': 't', 'verdicts': [], 'previous': None, 'next': None}) "
            "for b in books]\n"
            "print(time.perf_counter() - t)")
    executed = [str(cache / f"{n.stem}.ipynb") for n in NOTEBOOKS]
    return float(subprocess.run([sys.executable, "-c", code, *executed], check=True,
                                capture_output=True, text=True, cwd=ROOT).stdout)


def data_file_of_one_notebook(out: Path) -> tuple[str, str]:
    """(notebook, data file) for a data file that exactly one notebook loaded in the build."""
    manifest = json.loads((cache_folder(out) / "manifest.json").read_text(encoding="utf-8"))
    readers: dict[str, list[str]] = {}
    for name in (n.stem for n in NOTEBOOKS):
        for data_file in manifest[name]["data_files"]:
            readers.setdefault(data_file, []).append(name)
    return next((names[0], data_file) for data_file, names in sorted(readers.items())
                if len(names) == 1)


def rebuild_after_data_change(copy: Path, jobs: int) -> tuple[float, float]:
    """(f, f0) in a copy of the project: a rebuild after one notebook's data file changed, and
    that notebook's cold build alone."""
    out = copy / "reports"
    our_build_in(copy, out, jobs)
    notebook, data_file = data_file_of_one_notebook(out)
    with open(copy / data_file, "a", encoding="utf-8") as handle:
        handle.write("\n")  # new bytes, the same table: blank lines are skipped
    rebuild = our_build_in(copy, out, jobs)
    alone = our_build_in(copy, copy / f"alone-{time.monotonic_ns()}", jobs, "--only", notebook)
    return rebuild, alone


def our_build_in(copy: Path, out: Path, jobs: int, *options: str) -> float:
    return timed([sys.executable, str(copy / "scripts" / "build_reports.py"), "--out", str(out),
                  "--jobs", str(jobs), *options])


def copy_of_project(folder: Path) -> Path:
    """The working tree's notebooks, data and scripts (what a build reads), to change freely."""
    import shutil

    ignore = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints")
    for part in ("notebooks", "data", "scripts"):
        shutil.copytree(ROOT / part, folder / part, ignore=ignore)
    shutil.copy2(ROOT / "requirements.txt", folder / "requirements.txt")
    return folder


def fresh_clone_to_first_report(folder: Path) -> float:
    """`git clone` of this repository's last commit, then `make reports`, with empty caches."""
    clone = folder / "clone"
    empty = {name: folder / name for name in ("uv-cache", "pip-cache")}
    environment = {**os.environ, "UV_CACHE_DIR": str(empty["uv-cache"]),
                   "PIP_CACHE_DIR": str(empty["pip-cache"])}
    # Not what `make bench ARGS=…` passes down to its commands: a new user types `make reports`.
    for inherited in ("VIRTUAL_ENV", "ARGS", "MAKEFLAGS", "MAKEOVERRIDES", "MFLAGS", "MAKELEVEL"):
        environment.pop(inherited, None)
    began = time.perf_counter()
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True,
                   capture_output=True)
    made = subprocess.run(["make", "reports"], cwd=clone, env=environment, capture_output=True,
                          text=True)
    if made.returncode != 0:
        raise SystemExit(f"(e): make reports failed in a fresh clone:\n{made.stderr[-3000:]}")
    return time.perf_counter() - began


def page_weights(reports: Path, scratch: Path) -> list[tuple[str, int, int]]:
    """(report, our bytes, plain nbconvert's bytes of the same executed notebook) per report."""
    executed = [cache_folder(reports) / f"{notebook.stem}.ipynb" for notebook in NOTEBOOKS]
    subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--output-dir",
                    str(scratch), *map(str, executed)], check=True, capture_output=True)
    return [(notebook.stem, (reports / f"{notebook.stem}.html").stat().st_size,
             (scratch / f"{notebook.stem}.html").stat().st_size) for notebook in NOTEBOOKS]


# ---- the tables in docs/build.md -------------------------------------------------------------

def speed_table(median: dict, ratios: dict, runs: int, jobs: int) -> str:
    lines = [f"{len(NOTEBOOKS)} notebooks, `--jobs {jobs}`, {os.cpu_count()} cores, "
             f"median of {runs} runs:", "", "| step | seconds |", "|---|---:|"]
    lines += [f"| {label} | {median[step]:.2f} |" for step, label in STEPS.items()]
    lines += ["", "| ratio, paired run by run | median |", "|---|---:|"]
    lines += [f"| {name} | {value:.2f} |" for name, value in ratios.items()]
    return "\n".join(lines)


def page_weight_table(rows: list[tuple[str, int, int]]) -> str:
    lines = ["| report | ours (bytes) | plain nbconvert (bytes) | ours / plain |",
             "|---|---:|---:|---:|"]
    lines += [f"| `{name}` | {ours} | {plain} | {round(100 * ours / plain)} % |"
              for name, ours, plain in rows]
    return "\n".join(lines)


def doc_block(text: str, name: str) -> str:
    """What stands between `<!-- name: ... -->` and `<!-- /name -->` in `text`."""
    found = re.search(rf"<!-- {name}:[^\n]*-->\n(.*?)<!-- /{name} -->", text, re.DOTALL)
    if not found:
        raise ValueError(f"{DOC.name} has no {name} block")
    return found[1].rstrip("\n")


def replace_doc_block(text: str, name: str, table: str) -> str:
    doc_block(text, name)  # it must be there
    return re.sub(rf"(<!-- {name}:[^\n]*-->\n).*?(<!-- /{name} -->)",
                  lambda m: f"{m[1]}{table}\n{m[2]}", text, flags=re.DOTALL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--doc", action="store_true",
                        help="rewrite the speed and page-weight tables in docs/build.md")
    args = parser.parse_args()
    times: dict[str, list[float]] = {}

    def record(step: str, seconds: float) -> None:
        times.setdefault(step, []).append(seconds)
        print(f"  run {len(times[step])}: {step}: {seconds:.2f} s", file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
        scratch = Path(scratch)
        scripts = write_scripts(scratch / "scripts")
        for run in range(args.runs):
            record("a", plain_nbconvert(scratch / f"plain-{run}"))
            record("b", our_build(scratch / f"ours-{run}", args.jobs))
            record("c", our_build(scratch / f"ours-{run}", args.jobs))
            record("b'", our_build(scratch / f"fresh-{run}", args.jobs, "--fresh-kernels"))
            record("d", plain_python(scripts, args.jobs))
            rebuild, alone = rebuild_after_data_change(
                copy_of_project(scratch / f"copy-{run}"), args.jobs)
            record("f", rebuild)
            record("f0", alone)
            record("e", fresh_clone_to_first_report(scratch / f"clone-{run}"))
            record("kernel", kernel_start_and_stop())
            record("imports", kernel_imports())
            record("export", export_all(cache_folder(scratch / f"ours-{run}")))
        weights = page_weights(scratch / "ours-0", scratch / "plain-html")

    median = {step: statistics.median(values) for step, values in times.items()}
    ratios = {name: statistics.median(n / (d + offset) for n, d in
                                      zip(times[top], times[bottom], strict=True))
              for name, (top, bottom, offset) in RATIOS.items()}
    speed, weight = speed_table(median, ratios, args.runs, args.jobs), page_weight_table(weights)
    count = len(NOTEBOOKS)
    print(f"\n{speed}\n\nOverheads, summed over the {count} notebooks with a new kernel for each "
          f"(b'): kernel start and stop {median['kernel'] * count:.1f} s, re-importing pandas, "
          f"matplotlib and the explainer package {median['imports'] * count:.1f} s (b pays these "
          f"once per slot), HTML export {median['export']:.1f} s\n\n{weight}")
    if args.doc:
        text = DOC.read_text(encoding="utf-8")
        text = replace_doc_block(text, "speed-table", speed)
        DOC.write_text(replace_doc_block(text, "page-weight-table", weight), encoding="utf-8")
        print("\ndocs/build.md: speed and page-weight tables rewritten", file=sys.stderr)


if __name__ == "__main__":
    main()
