#!/usr/bin/env python3
"""Time our build against plain nbconvert, in one run, on the project's own notebooks.

    python scripts/benchmark.py [--runs N] [--jobs N]      (make bench)

(a) plain `jupyter nbconvert --to html --execute` over all notebooks, in one command
(b) our cold build into an empty folder
(c) our rebuild with nothing changed
(d) the notebooks' code cells run as plain Python scripts, --jobs at a time: the work itself
Then the overheads that make up b - d: a kernel's start and stop, the imports every fresh kernel
repeats, and the HTML export. Prints medians over --runs runs.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from build_cache import cache_folder

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
BIN = Path(sys.executable).parent


def timed(command: list[str], **kwargs) -> float:
    began = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, **kwargs)
    return time.perf_counter() - began


def plain_nbconvert(out: Path) -> float:
    return timed([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--execute",
                  "--output-dir", str(out), *map(str, NOTEBOOKS)])


def our_build(out: Path, jobs: int) -> float:
    return timed([sys.executable, str(ROOT / "scripts" / "build_reports.py"),
                  "--out", str(out), "--jobs", str(jobs)])


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
    environment = {**os.environ, "MPLBACKEND": "Agg", "PYTHONPATH": str(ROOT / "notebooks")}
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
    """What every fresh kernel imports again: pandas, matplotlib and the explainer package."""
    return timed([sys.executable, "-c", "import pandas, matplotlib.pyplot, explainer.charts, "
                  "explainer.data, explainer.report"], cwd=ROOT / "notebooks")


def export_all(cache: Path) -> float:
    code = ("import sys, time; sys.path.insert(0, 'scripts')\n"
            "from runner import nbformat; from exporter import export_html\n"
            "books = [nbformat.read(p, 4) for p in sys.argv[1:]]\n"
            "t = time.perf_counter()\n"
            "[export_html(b, {'title': 't', 'verdicts': [], 'previous': None, 'next': None}) "
            "for b in books]\n"
            "print(time.perf_counter() - t)")
    executed = [str(cache / f"{n.stem}.ipynb") for n in NOTEBOOKS]
    return float(subprocess.run([sys.executable, "-c", code, *executed], check=True,
                                capture_output=True, text=True, cwd=ROOT).stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
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
            record("d", plain_python(scripts, args.jobs))
            record("kernel", kernel_start_and_stop())
            record("imports", kernel_imports())
            record("export", export_all(cache_folder(scratch / f"ours-{run}")))

    median = {step: statistics.median(values) for step, values in times.items()}
    count = len(NOTEBOOKS)
    rows = [
        ("(a) plain `jupyter nbconvert --to html --execute`", median["a"]),
        ("(b) our build, cold", median["b"]),
        ("(c) our build, nothing changed", median["c"]),
        (f"(d) the code as plain Python scripts, {args.jobs} at a time", median["d"]),
        (f"kernel start + stop, x {count} notebooks", median["kernel"] * count),
        (f"pandas + matplotlib + explainer imports, x {count}", median["imports"] * count),
        (f"HTML export of all {count} notebooks", median["export"]),
    ]
    print(f"\n{count} notebooks, {args.jobs} jobs, {os.cpu_count()} cores, "
          f"median of {args.runs} runs\n")
    print("| step | seconds |\n|---|---:|")
    for label, seconds in rows:
        print(f"| {label} | {seconds:.2f} |")
    print(f"\nb/a = {median['b'] / median['a']:.2f}   c/b = {median['c'] / median['b']:.3f}   "
          f"b/d = {median['b'] / median['d']:.2f}")


if __name__ == "__main__":
    main()
