"""plan: from content hashes alone, which notebooks run again and which are only exported (nothing
heavy is imported here); and the claims, checked against the notebooks there are."""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportbuild import cache as hashes
from reportbuild.options import Options


class BuildError(RuntimeError):
    """Something that stops a report being built, said in words that name the file or row."""


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


def plan(options: Options, manifest: hashes.Manifest) -> list[Job]:
    """What to execute and export, from hashes alone."""
    titles = []
    for path in options.notebooks:
        # A broken notebook keeps its last good title, from the manifest or else from its last
        # executed copy: no page gets worse.
        title = (notebook_title(path) or manifest.get(path.stem).get("title")
                 or notebook_title(hashes.cache_folder(options.out) / path.name) or path.stem)
        if manifest.get(path.stem).get("title") != title:
            manifest.record(path.stem, title=title)
        titles.append(title)
    names = options.names
    shared = hashes.shared_execution_inputs()

    def link(i):
        return {"href": f"{names[i]}.html", "title": titles[i]} if 0 <= i < len(names) else None

    jobs = []
    for i, path in enumerate(options.notebooks):
        if path.stem not in options.only:
            continue
        entry = manifest.get(path.stem)
        neighbours = {"previous": link(i - 1), "next": link(i + 1)}
        execution = hashes.execution_key(path, entry.get("data_files", []), shared)
        executed = hashes.cache_folder(options.out) / f"{path.stem}.ipynb"
        must_execute = (options.force or entry.get("execution") != execution
                        or entry.get("executed") != hashes.file_digest(executed))
        job = Job(path, titles[i], neighbours, execution, must_execute, must_export=True)
        job.must_export = (must_execute or entry.get("export") != export_key(job, execution, names)
                           or not (options.out / f"{path.stem}.html").exists())
        jobs.append(job)
    return jobs


def export_key(job: Job, execution: str, names: list[str]) -> str:
    context = {"title": job.title, **job.neighbours,
               **{name: hashes.file_digest(hashes.DATA / f"{name}.csv")
                  for name in ("claims", "page_reviews")}}  # verdicts and the ClaimReview
    return hashes.export_key(execution, job.path, context, names)


@cache
def checked_claims(names: tuple[str, ...]) -> list[dict]:
    """The rows of data/claims.csv in the order of their ids, checked against its schema and
    against `names`, the notebooks there are; read once a build."""
    from explainer import data

    claims = data.rows("claims", hashes.DATAPACKAGE)
    for row_number, row in enumerate(claims, start=1):
        if row["notebook"] not in names:
            raise BuildError(
                f"data/claims.csv, row {row_number}, column 'notebook': no notebook named "
                f"{row['notebook']!r} in notebooks/ (have: {', '.join(names)})")
    return sorted(claims, key=lambda row: row["id"])
