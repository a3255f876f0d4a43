"""What a report depends on, as content hashes, and the manifest that remembers them between builds.

A notebook is re-executed when its execution key changes: its code cells (their sources and tags,
in order), the data files it loaded last time, and the environment every run shares (the
explainer/ package and the build's code, every file of each, the data package, requirements.txt
and the Python version). It is re-exported (without re-executing) when only its export key
changes: the rest of the notebook (its prose), its title and neighbours, claims.csv (its verdict
badges), the names of the other reports (links are checked against them) and anything else below
scripts/ (the templates). Folders are hashed whole, never file by file from a list, so that no
module the build or the notebooks use can be left out. The executed notebook is kept with its
digest, so a damaged copy is noticed and run again. Only hashing happens here, so a build with
nothing to do never imports the heavy libraries.
"""

import hashlib
import json
import os
import sys
from functools import cache
from pathlib import Path

# The project this build belongs to: where it runs from, so that a copy of the project builds
# itself, whichever copy of explainer is installed.
ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
SCRIPTS = ROOT / "scripts"
EXPLAINER = NOTEBOOKS / "explainer"
DATA = ROOT / "data"
DATAPACKAGE = DATA / "datapackage.json"
TEMPLATES = SCRIPTS / "reportbuild" / "templates"
STYLESHEET = TEMPLATES / "report" / "static" / "report.css"  # every page's


def file_digest(path: Path) -> str:
    """sha256 of a file's bytes, or 'missing' for a file that is not there."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return "missing"


def file_digests(folder: Path, pattern: str = "*") -> dict[str, str]:
    """{path relative to `folder`: sha256} for every file below it whose name matches `pattern`,
    skipping Python's caches."""
    return {path.relative_to(folder).as_posix(): file_digest(path)
            for path in sorted(folder.rglob(pattern))
            if path.is_file() and "__pycache__" not in path.parts}


@cache
def tree_digest(folder: Path, pattern: str = "*") -> str:
    """One hash over the files below `folder` (names and bytes), hashed once a build."""
    return combined(file_digests(folder, pattern))


def combined(parts: dict) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


@cache
def shared_execution_inputs() -> dict:
    """What every notebook's run depends on besides itself and its data (hashed once a build)."""
    return {
        "explainer": tree_digest(EXPLAINER),
        "build": tree_digest(SCRIPTS, "*.py"),
        "datapackage": file_digest(DATA / "datapackage.json"),
        "requirements": file_digest(ROOT / "requirements.txt"),
        "python": sys.version,
    }


def code_digest(notebook: Path) -> str:
    """Hash of what a run of the notebook depends on in it: its code cells' sources and tags, in
    order. A notebook that is not JSON hashes as its bytes."""
    try:
        cells = json.loads(notebook.read_bytes())["cells"]
    except (OSError, ValueError, KeyError, TypeError):
        return file_digest(notebook)
    return combined([["".join(cell.get("source", "")), cell.get("metadata", {}).get("tags", [])]
                     for cell in cells if cell.get("cell_type") == "code"])


def execution_key(notebook: Path, data_files: list[str], shared: dict) -> str:
    """Everything the executed notebook depends on. `data_files` are paths relative to ROOT."""
    return combined({
        "code": code_digest(notebook),
        "data": {name: file_digest(ROOT / name) for name in sorted(data_files)},
        **shared,
    })


def export_key(execution: str, notebook: Path, context: dict, names: list[str]) -> str:
    """Everything the report depends on beyond its executed notebook's outputs."""
    return combined({
        "execution": execution,
        "notebook": file_digest(notebook),
        "context": context,
        "reports": names,
        "build": tree_digest(SCRIPTS),
    })


def cache_folder(out: Path) -> Path:
    """Where a build keeps executed notebooks and its manifest: beside `out`, never inside it,
    so that the reports folder holds only what readers get (and stays byte-identical)."""
    return out.parent / f".{out.name}-cache"


def relative(path: Path) -> str:
    return Path(os.path.relpath(path, ROOT)).as_posix()


class Manifest:
    """Per notebook: its keys, the data files it loaded, its executed copy's digest, its title."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self.entries = json.loads(path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            self.entries = {}

    def get(self, name: str) -> dict:
        return self.entries.get(name, {})

    def record(self, name: str, **entry) -> None:
        self.entries[name] = {**self.get(name), **entry}
        write_atomic(self.path, json.dumps(self.entries, indent=1, sort_keys=True))


def write_atomic(path: Path, text: str) -> None:
    """Write to a temporary file in the same folder, then rename: nobody sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".tmp-{os.getpid()}-{path.name}")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
