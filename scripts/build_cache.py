"""What a report depends on, as content hashes, and the manifest that remembers them between builds.

A notebook is re-executed when its execution key changes: the notebook itself, the data files it
loaded last time, and the environment every run shares (the explainer/ package, the data package,
requirements.txt, the Python version and the runner). It is re-exported
(without re-executing) when only its export key changes: its title and neighbours, claims.csv
(its verdict badges), the names of the other reports (links are checked against them), the
template, the exporter and figure_html.py. The executed notebook is kept with its digest, so a
damaged copy is noticed and run again. Only hashing happens here, so a build with nothing to do
never imports the heavy libraries.
"""

import hashlib
import json
import os
import sys
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = ROOT / "scripts"
EXPLAINER = ROOT / "notebooks" / "explainer"
DATA = ROOT / "data"


def file_digest(path: Path) -> str:
    """sha256 of a file's bytes, or 'missing' for a file that is not there."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return "missing"


def file_digests(folder: Path) -> dict[str, str]:
    """{path relative to `folder`: sha256} for every file below it, skipping Python's caches."""
    return {path.relative_to(folder).as_posix(): file_digest(path)
            for path in sorted(folder.rglob("*"))
            if path.is_file() and "__pycache__" not in path.parts}


def tree_digest(folder: Path) -> str:
    """One hash over every file below `folder` (names and bytes), skipping caches."""
    return combined(file_digests(folder))


def combined(parts: dict) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


@cache
def shared_execution_inputs() -> dict:
    """What every notebook's run depends on besides itself and its data (hashed once a build)."""
    return {
        "explainer": tree_digest(EXPLAINER),
        "datapackage": file_digest(DATA / "datapackage.json"),
        "requirements": file_digest(ROOT / "requirements.txt"),
        "python": sys.version,
        "runner": file_digest(SCRIPTS / "runner.py"),
    }


def execution_key(notebook: Path, data_files: list[str], shared: dict) -> str:
    """Everything the executed notebook depends on. `data_files` are paths relative to ROOT."""
    return combined({
        "notebook": file_digest(notebook),
        "data": {name: file_digest(ROOT / name) for name in sorted(data_files)},
        **shared,
    })


def export_key(execution: str, context: dict, names: list[str]) -> str:
    """Everything the report depends on beyond its executed notebook."""
    return combined({
        "execution": execution,
        "context": context,
        "reports": names,
        "template": tree_digest(SCRIPTS / "templates" / "report"),
        "exporter": file_digest(SCRIPTS / "exporter.py"),
        "figures": file_digest(SCRIPTS / "figure_html.py"),
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
