"""What several test modules share: the project's pages, a throw-away copy of the project, and
a way to run the build inside it as `make reports` does."""

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


def statuses(build: subprocess.CompletedProcess) -> dict[str, str]:
    """{'00_overview': 'executed', 'index.html': 'cached', …} from the build's progress lines."""
    found = {}
    for line in build.stdout.splitlines():
        words = line.split()
        if line.startswith("  ") and len(words) == 4 and words[-1] == "s":
            found[words[1]] = words[0]
    return found
