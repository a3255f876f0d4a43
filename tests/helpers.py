"""What several test modules share: the project's pages, a throw-away copy of the project, and
a way to run the build inside it as `make reports` does."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from explainer.contract import ABOUT, GLOSSARY, HOME, notebooks
from explainer.paths import ROOT

REPORTS = ROOT / "reports"  # what the session's `reports` fixture builds
SITE_PAGES = (HOME, ABOUT, GLOSSARY)  # written by the build, not from a notebook
NOTEBOOKS = notebooks()
NOTEBOOK_PAGES = [path.stem for path in NOTEBOOKS]
PAGES = NOTEBOOK_PAGES + list(SITE_PAGES)
PROJECT_PARTS = ["notebooks", "data", "scripts", "requirements.txt"]


def copy_project(destination: Path) -> Path:
    """Copy what a build reads (not .venv, not reports) to `destination`."""
    ignore = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints")
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, destination / part, ignore=ignore)
        else:
            shutil.copy2(source, destination / part)
    return destination


def run_build(project: Path, *args: str, **kwargs) -> subprocess.CompletedProcess:
    """Run the copy's own build script, as `make reports` would."""
    return subprocess.run(
        [sys.executable, str(project / "scripts" / "build_reports.py"), *args],
        capture_output=True, text=True, timeout=600, **kwargs,
    )


# What a build of the copy would do with each notebook, from its plan alone (hashes, no kernel).
PLAN = """\
import json, sys
from reportbuild import cache
from reportbuild.cli import parse_args
from reportbuild.plan import plan
options = parse_args(sys.argv[1:])
jobs = plan(options, cache.Manifest(cache.cache_folder(options.out) / "manifest.json"))
print(json.dumps({job.name: "executed" if job.must_execute else "exported" if job.must_export
                  else "cached" for job in jobs}))
"""


def planned(project: Path, *args: str) -> dict[str, str]:
    """{'00_overview': 'executed', …}: what the copy's own build would do, as its progress lines
    would say it, without doing it (the plan alone, so a check of the cache costs no run)."""
    plan = subprocess.run(
        [sys.executable, "-c", PLAN, *args], capture_output=True, text=True, check=True,
        cwd=project, env={**os.environ, "PYTHONPATH": os.pathsep.join(
            [str(project / "scripts"), str(project / "notebooks")])})
    return json.loads(plan.stdout)


def statuses(build: subprocess.CompletedProcess) -> dict[str, str]:
    """{'00_overview': 'executed', 'index.html': 'cached', …} from the build's progress lines."""
    found = {}
    for line in build.stdout.splitlines():
        words = line.split()
        if line.startswith("  ") and len(words) == 4 and words[-1] == "s":
            found[words[1]] = words[0]
    return found
