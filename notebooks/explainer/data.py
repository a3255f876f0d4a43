"""Load the project's tables, validated against data/datapackage.json, and cite their sources.

`load(name)` returns a pandas DataFrame whose columns have the types the package declares;
`rows(name)` returns the same, checked the same way, as a list of dicts, without importing pandas
(the build reads claims.csv so). Bad data raise one `DataError` naming the file, the row, the column
and what was expected.

A cell is missing only when its text is one of the Table Schema `missingValues` in force for its
column: the field's own, else its schema's (default: only the empty cell). Any other text must
parse as the column's type: a number column never holds NaN or infinity.
"""

import csv
import hashlib
import io
import json
import math
import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from explainer import contract, paths

if TYPE_CHECKING:
    import pandas as pd


class DataError(ValueError):
    """A data file does not match its schema in data/datapackage.json."""


def _package(datapackage: Path) -> dict:
    try:
        return _parsed_package(datapackage, datapackage.stat().st_mtime_ns)
    except OSError as error:
        raise DataError(f"{_shown(datapackage)}: cannot read the data package ({error})") from None


@cache
def _parsed_package(datapackage: Path, mtime_ns: int) -> dict:
    try:
        return json.loads(datapackage.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise DataError(f"{_shown(datapackage)}: not valid JSON ({error})") from None


def resource_names(datapackage: Path = paths.DATAPACKAGE) -> list[str]:
    """Names of every resource in the data package, in the order it lists them."""
    return [resource["name"] for resource in _package(datapackage)["resources"]]


def resource(name: str, datapackage: Path = paths.DATAPACKAGE) -> dict:
    """The data package's description of one resource (title, description, schema, sources)."""
    for entry in _package(datapackage)["resources"]:
        if entry["name"] == name:
            return entry
    known = ", ".join(resource_names(datapackage))
    raise DataError(f"{_shown(datapackage)}: no resource named {name!r} (known: {known})")


def allowed_values(name: str, column: str, datapackage: Path = paths.DATAPACKAGE) -> list:
    """The values the schema allows in a column of resource `name`, in its order (the verdict
    scale, say, from best to worst supported)."""
    field = next(f for f in resource(name, datapackage)["schema"]["fields"] if f["name"] == column)
    return field["constraints"]["enum"]


def load(name: str, datapackage: Path = paths.DATAPACKAGE) -> "pd.DataFrame":
    """The resource `name` as a typed DataFrame, after checking every cell against its schema.

    Each file's cells are checked once per process for each content it has (and schema it is read
    with); later loads reuse the checked table, check only its foreign keys (the tables they point
    to may have changed) and return a copy. Every load is noted for the build (explainer.contract).
    """
    import pandas as pd

    table = _checked_table(name, datapackage)
    if table.frame is None:
        table.frame = pd.DataFrame({
            field["name"]: pd.Series(table.columns[field["name"]],
                                     dtype=_DTYPES[field.get("type", "string")])
            for field in table.spec["schema"]["fields"]
        })
        table.frame.attrs["resource"] = name
    return table.frame.copy()


def rows(name: str, datapackage: Path = paths.DATAPACKAGE) -> list[dict]:
    """The resource `name` as rows, {column: value}, checked as `load` checks it; an empty cell is
    None."""
    columns = _checked_table(name, datapackage).columns
    return [dict(zip(columns, values, strict=True))
            for values in zip(*columns.values(), strict=True)]


@dataclass
class _Table:
    spec: dict
    columns: dict[str, list]  # each column's typed values, None where a cell is empty
    frame: "pd.DataFrame | None" = None  # made by the first load


_checked: dict[tuple, _Table] = {}


def _checked_table(name: str, datapackage: Path) -> _Table:
    spec = resource(name, datapackage)
    path = datapackage.parent / spec["path"]
    # The path as the notebook names it, not resolved: a data/ that is a symbolic link stays data/
    # (the build hashes whatever it points to now).
    contract.note_data_file_read(os.path.abspath(path))
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        raise DataError(f"{_shown(path)}: file not found") from None
    key = (path.resolve(), hashlib.sha256(content).hexdigest(), json.dumps(spec, sort_keys=True))
    if key not in _checked:
        _checked[key] = _Table(spec, _checked_columns(spec, path, content))
    _check_foreign_keys(path, _checked[key].columns, spec["schema"], datapackage)
    return _checked[key]


def _checked_columns(spec: dict, path: Path, content: bytes) -> dict[str, list]:
    rows = _read_csv(path, content)
    fields = spec["schema"]["fields"]
    missing = spec["schema"].get("missingValues", [""])
    _check_header(path, rows[0], [field["name"] for field in fields])
    if len(rows) == 1 and not spec["schema"].get("allowEmpty"):
        raise DataError(f"{_shown(path)}: a header but no data rows (a table that may be empty "
                        'says "allowEmpty": true in its schema)')
    columns = {field["name"]: [] for field in fields}
    for row_number, row in enumerate(rows[1:], start=1):
        if len(row) != len(fields):
            raise DataError(
                f"{_shown(path)}, row {row_number}: expected {len(fields)} values, found {len(row)}"
            )
        for field, text in zip(fields, row, strict=True):
            where = f"{_shown(path)}, row {row_number}, column {field['name']!r}"
            columns[field["name"]].append(
                _parse(text, field, where, field.get("missingValues", missing)))
    _check_unique(path, columns, spec["schema"])
    return columns


# pandas dtypes per Table Schema type; missing values become <NA> or NaN, never the text "None".
_DTYPES = {"integer": "Int64", "number": "float64", "boolean": "boolean", "string": "str"}


def cite(source_id: str, datapackage: Path = paths.DATAPACKAGE) -> str:
    """One source as a short reference: authors (year). Title. Journal. doi. (Without authors:
    title (year). Journal. doi.)"""
    entry = _source(source_id, datapackage)
    year = entry["year"] if entry["year"] is not None else "n.d."
    title = entry["title"] if entry["title"][-1] in ".?!" else entry["title"] + "."
    # A source whose authors no text reachable to us names is cited by title, venue and year.
    parts = [f"{entry['authors']} ({year}). {title}" if entry["authors"] else f"{title} ({year})."]
    if entry["journal"] is not None:
        parts.append(f"{entry['journal']}.")
    if entry["doi"] is not None:
        parts.append(f"doi:{entry['doi']}")
    return " ".join(parts)


def source_link(source_id: str, datapackage: Path = paths.DATAPACKAGE) -> str:
    """The best link for a source: its DOI if it has one, else the page where it was read."""
    entry = _source(source_id, datapackage)
    if entry["doi"] is not None:
        return f"https://doi.org/{entry['doi']}"
    return entry["url"]


PERSON = re.compile(r"[^\W\d][\w'’]*(?:[ -][^\W\d][\w'’]*)*? [A-Z]{1,3}")  # 'Scotto di Palumbo A'


def short_cite(source_id: str, datapackage: Path = paths.DATAPACKAGE) -> str:
    """A source as a reader names it in a sentence: 'Hamlyn et al. 2007', 'Hallgreen and Hall
    2008', 'NICE 2014'; by its venue (or title) where no authors are named."""
    entry = _source(source_id, datapackage)
    authors = entry["authors"] or entry["journal"] or entry["title"]
    acronym = re.search(r"\(([A-Z]{2,})\)", authors)
    listed = re.sub(r",? et al\.$| \(editors?\)$", "", authors)
    people = [name.strip() for name in listed.split(",")]
    if acronym:
        who = acronym[1]
    elif all(PERSON.fullmatch(name) for name in people):
        surnames = [name.rsplit(" ", 1)[0] for name in people]
        if "et al." in authors or len(surnames) > 2:
            who = f"{surnames[0]} et al."
        else:
            who = " and ".join(surnames)
    else:
        who = authors
    return who if entry["year"] is None else f"{who} {entry['year']}"


def resource_key(name: str, datapackage: Path = paths.DATAPACKAGE) -> str | None:
    """The column that names each row of a resource (its primary key), if it is one column."""
    key = resource(name, datapackage)["schema"].get("primaryKey")
    return key if isinstance(key, str) else None


def _source(source_id: str, datapackage: Path) -> dict:
    for row in rows("sources", datapackage):
        if row["source_id"] == source_id:
            return row
    raise DataError(f"unknown source_id {source_id!r}: add it to data/sources.csv")


def _read_csv(path: Path, content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")  # a byte-order mark (Excel's CSV export) is fine
        rows = [row for row in csv.reader(io.StringIO(text, newline=""), strict=True) if row]
    except (csv.Error, UnicodeDecodeError) as error:
        raise DataError(f"{_shown(path)}: not a readable UTF-8 CSV file ({error})") from None
    if not rows:
        raise DataError(f"{_shown(path)}: the file is empty (expected a header row)")
    return rows


def _check_header(path: Path, header: list[str], expected: list[str]) -> None:
    missing = [name for name in expected if name not in header]
    extra = [name for name in header if name not in expected]
    if missing or extra:
        problems = []
        if missing:
            problems.append(f"missing column(s) {', '.join(map(repr, missing))}")
        if extra:
            problems.append(f"unexpected column(s) {', '.join(map(repr, extra))}")
        raise DataError(f"{_shown(path)}: {'; '.join(problems)} (expected: {', '.join(expected)})")
    if header != expected:
        raise DataError(f"{_shown(path)}: columns out of order (expected: {', '.join(expected)})")


def _parse(text: str, field: dict, where: str, missing: list[str]):
    constraints = field.get("constraints", {})
    if text in missing:
        if constraints.get("required"):
            cell = "empty" if text == "" else f"missing ({text!r})"
            raise DataError(f"{where}: a value is required but the cell is {cell}")
        return None
    value = _typed(text, field.get("type", "string"), where, missing)
    if "enum" in constraints and value not in constraints["enum"]:
        raise DataError(f"{where}: expected one of {constraints['enum']}, got {text!r}")
    if "minimum" in constraints and value < constraints["minimum"]:
        raise DataError(f"{where}: expected at least {constraints['minimum']}, got {text!r}")
    if "maximum" in constraints and value > constraints["maximum"]:
        raise DataError(f"{where}: expected at most {constraints['maximum']}, got {text!r}")
    if "pattern" in constraints and not re.fullmatch(constraints["pattern"], text):
        raise DataError(f"{where}: expected text matching {constraints['pattern']!r}, got {text!r}")
    return value


def _typed(text: str, kind: str, where: str, missing: list[str]):
    if kind in ("integer", "number"):
        value = _finite(text, int if kind == "integer" else float)
        if value is None:
            written = " or ".join("an empty cell" if m == "" else repr(m) for m in missing)
            raise DataError(f"{where}: expected {'an integer' if kind == 'integer' else 'a number'}"
                            f", got {text!r} (a missing value is written as {written})")
        return value
    if kind == "boolean":
        if text not in ("true", "false"):
            raise DataError(f"{where}: expected true or false, got {text!r}")
        return text == "true"
    if kind == "string":
        return text
    raise DataError(f"{where}: the schema's type {kind!r} is not supported")


def _finite(text: str, parse):
    """The number `text` spells, or None: 'NaN', 'inf' and the like are no numbers here."""
    try:
        value = parse(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _check_unique(path: Path, columns: dict[str, list], schema: dict) -> None:
    key = schema.get("primaryKey")
    keys = [[key] if isinstance(key, str) else list(key)] if key else []
    keys += [[f["name"]] for f in schema["fields"] if f.get("constraints", {}).get("unique")]
    for names in keys:
        seen = set()
        keyed = zip(*(columns[name] for name in names), strict=True)
        for row_number, values in enumerate(keyed, start=1):
            if values in seen:
                raise DataError(
                    f"{_shown(path)}, row {row_number}, column {' + '.join(map(repr, names))}: "
                    f"value {', '.join(map(str, values))} appears more than once"
                )
            seen.add(values)


def _check_foreign_keys(path: Path, columns: dict[str, list], schema: dict,
                        datapackage: Path) -> None:
    for key in schema.get("foreignKeys", []):
        column = key["fields"]
        target = key["reference"]
        known = set(_checked_table(target["resource"], datapackage).columns[target["fields"]])
        for row_number, value in enumerate(columns[column], start=1):
            if value is not None and value not in known:
                raise DataError(
                    f"{_shown(path)}, row {row_number}, column {column!r}: unknown "
                    f"{target['fields']} {value!r} (not in the {target['resource']!r} resource)"
                )


def _shown(path: Path) -> str:
    """A data file as a reader would name it, 'data/claims.csv': from the folder that holds its
    data folder (the project, or a copy of it), not resolved."""
    path = Path(os.path.abspath(path))
    return path.relative_to(path.parent.parent).as_posix()
