"""The command line: `build-reports` (or `python scripts/build_reports.py`).

    build-reports [--only NAME] [--jobs N] [--force] [--fresh-kernels] [--timeout SECONDS]
                  [--allow-network] [--out DIR]

Exit status: 0 all built, 1 something failed, 2 bad arguments, 130/143 interrupted (SIGINT/SIGTERM).
"""

import argparse
import os
import time
from pathlib import Path

from explainer.contract import notebooks
from reportbuild import pipeline
from reportbuild.cache import NOTEBOOKS, ROOT
from reportbuild.options import Options


def parse_args(argv=None) -> Options:
    parser = argparse.ArgumentParser(description="Build the HTML reports from the notebooks.")
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
    found = tuple(notebooks(NOTEBOOKS))
    names = [path.stem for path in found]
    only = [name.removesuffix(".ipynb") for name in args.only or names]
    unknown = [name for name in only if name not in names]
    if unknown:
        parser.error(f"no notebook named {', '.join(unknown)} in notebooks/ "
                     f"(have: {', '.join(names)})")
    return Options(notebooks=found, only=frozenset(only), out=args.out.resolve(), jobs=args.jobs,
                   timeout=args.timeout, force=args.force, fresh_kernels=args.fresh_kernels,
                   allow_network=args.allow_network)


def main(argv=None) -> int:
    options = parse_args(argv)
    began = time.perf_counter()
    status = pipeline.run(options)
    if status < 128:
        print(f"done in {time.perf_counter() - began:.1f} s")
    return status
