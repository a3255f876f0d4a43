"""Where a number on a page comes from, one tap away.

Every number a reader sees in prose is written through `sourced` (from rows of our tables) or
`modelled` (from a model run). Each returns the number as HTML marked up with its origin: the
studies and their locators, our table and row numbers, and how we worked it out; or the model
and its settings. The report's stylesheet shows that origin when the number is hovered, tapped or
reached with the keyboard; no script is needed. Glossary terms (`term`) are explained the same
way, with a link to the glossary page.

`check` states a verdict check over rows of a table: when those rows are not the whole table,
the statement must name the subset, so a check cannot speak for rows it did not look at.
"""

from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

from explainer import data

if TYPE_CHECKING:
    import pandas as pd

GLOSSARY_PAGE = "glossary.html"


def sourced(shown, rows, fmt: str = "{:g}", how: str | None = None) -> str:
    """`shown` (text, or a number formatted with `fmt`) traced to `rows`: one row (a Series) or
    several (a DataFrame) of a table loaded with data.load. `how` says, in plain words, how the
    number was worked out from them ("the change from before to after"); without it the number is
    read straight from the table."""
    text = shown if isinstance(shown, str) else fmt.format(shown)
    origin = origin_of(rows)
    if how:
        origin = f"Worked out by us ({escape(how)}) from: {origin}"
    return _marked("num", escape(text), origin)


def modelled(shown, model: str, fmt: str = "{:g}") -> str:
    """`shown` (text, or a number formatted with `fmt`) marked as a model's output; `model` names
    the model and the settings it ran with."""
    text = shown if isinstance(shown, str) else fmt.format(shown)
    return _marked("num model", escape(text), f"Model output, not measured: {escape(model)}.")


def counted(count: int, what: str) -> str:
    """A count we made of `what` (in plain words, HTML), traced to it."""
    return _marked("num", str(count), f"Counted by us from {what}.")


def recorded(shown: str, where: str) -> str:
    """A value from one of our own records (`where`, in plain words, HTML), traced to it."""
    return _marked("num", escape(shown), f"Recorded in {where}.")


def term(name: str, shown: str | None = None) -> str:
    """A glossary term (a `term` of data/glossary.csv) with its plain explanation one tap away
    and a link to its glossary entry; `shown` is the word as the sentence uses it."""
    entry = glossary_entry(name)
    link = f'<a href="{GLOSSARY_PAGE}#{term_slug(name)}">Glossary</a>'
    return _marked("term", escape(shown or name), f"{escape(entry['meaning'])} {link}", tag="dfn")


def glossary_entry(name: str) -> dict:
    for row in data.rows("glossary"):
        if row["term"] == name:
            return row
    raise KeyError(f"no term {name!r} in data/glossary.csv")


def term_slug(name: str) -> str:
    """'Risk ratio' -> 'risk-ratio', the glossary page's anchor for a term."""
    return "-".join("".join(c if c.isalnum() else " " for c in name.lower()).split())


def _marked(kind: str, text: str, origin: str, tag: str = "span") -> str:
    # tabindex makes the number reachable by keyboard and focusable by a tap, which shows the
    # origin (report.css); the origin is a note inside the element, read with it.
    return (f'<{tag} class="{kind}" tabindex="0">{text}'
            f'<span class="origin" role="note">{origin}</span></{tag}>')


def origin_of(rows) -> str:
    """Where `rows` (a Series or DataFrame of one table) come from, as HTML: each source with its
    locators, linked to its entry in the page's Sources list, then our table and its rows."""
    import pandas as pd

    frame = rows.to_frame().T if isinstance(rows, pd.Series) else rows
    name = frame.attrs.get("resource") or rows.attrs.get("resource")
    if not name:
        raise ValueError("sourced() needs rows of a table loaded with data.load")
    by_source: dict[str, list[str]] = {}
    for _, row in frame.iterrows():
        source_id, locator = _field(row, "source_id"), _field(row, "locator")
        if source_id is not None:
            by_source.setdefault(source_id, [])
            if locator and locator not in by_source[source_id]:
                by_source[source_id].append(locator)
    sources = ".<br>".join(
        f'<a href="#source-{source_id}">{escape(data.short_cite(source_id))}</a>'
        + (f": {escape('; '.join(locators))}" if locators else "")
        for source_id, locators in by_source.items())
    numbers = table_rows(name, frame)
    table = data.resource(name).get("title", name)
    where = f"our table “{escape(table)}”, {row_words(numbers)}"
    where = f"{where[0].upper()}{where[1:]}."
    return f"{sources}.<br>{where}" if sources else where


def _field(row: "pd.Series", column: str):
    if column in row.index:
        value = row[column]
    elif row.name is not None and column == data.resource_key(row.attrs.get("resource", "")):
        value = row.name
    else:
        return None
    import pandas as pd

    return None if pd.isna(value) else value


def table_rows(name: str, frame: "pd.DataFrame") -> list[int]:
    """The data-row numbers (1 = the first row under the header) of `frame`'s rows in their
    table's file, matched on every column of the file that `frame` still has (a column made the
    index counts too)."""
    stored = data.rows(name)
    key = data.resource_key(name)
    numbers = []
    for label, row in frame.iterrows():
        values = {column: row[column] for column in stored[0] if column in row.index}
        if key and key not in values and frame.index.name in (key, None) and isinstance(label, str):
            values[key] = label
        found = [number for number, stored_row in enumerate(stored, start=1)
                 if all(_same(stored_row[column], value) for column, value in values.items())]
        if not found:
            raise ValueError(f"a row given to sourced() is not in data/{name}.csv: {values}")
        numbers.append(found[0])
    return sorted(set(numbers))


def _same(stored, value) -> bool:
    import pandas as pd

    if pd.isna(value):  # an empty cell: None, NaN or <NA>
        return stored is None
    return stored is not None and bool(stored == value)


def row_words(numbers: list[int]) -> str:
    """[1, 2, 3, 7] -> 'rows 1 to 3 and 7'; [21, 22] -> 'rows 21 and 22'."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    parts = [part for run in runs for part in (
        [f"{run[0]} to {run[-1]}"] if len(run) > 2 else map(str, run))]
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return ("row " if numbers == [numbers[0]] else "rows ") + listed


@dataclass(frozen=True)
class Check:
    """One verdict check: `statement`, in plain words, holds. When it was checked over `rows`
    that are not every row of their table, `subset` says in the statement's own words which rows
    they are ("the studies that found no extra loss")."""

    statement: str
    holds: bool
    rows: "pd.DataFrame | None" = None
    subset: str | None = None

    def __post_init__(self):
        if self.rows is None:
            return
        name = self.rows.attrs.get("resource")
        if not name:
            raise ValueError(f"check {self.statement!r}: its rows are not a table loaded with "
                             "data.load")
        total = len(data.rows(name))
        if len(table_rows(name, self.rows)) < total:
            if not self.subset:
                raise ValueError(f"check {self.statement!r} looks at {len(self.rows)} of the "
                                 f"{total} rows of data/{name}.csv: name the subset it checked")
            if self.subset not in self.statement:
                raise ValueError(f"check {self.statement!r} must name its subset "
                                 f"({self.subset!r}) in its words")
