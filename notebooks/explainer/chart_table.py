"""The numbers behind a chart, as a reader's table: one row per plotted point, plain column names
with units, and each row's source and where in the source it stands.

`plotted_numbers` reads them. Measured data: the tables the chart was drawn from, each column
named by its field's `title` in data/datapackage.json (fields without a title are not shown).
Model output: the labelled lines, bars and points of the figure, named by the axes' labels.
`declared` turns them into what a report shows (explainer.contract.ChartTable) and the CSV it
offers, both from one DataFrame, so the two cannot disagree.
"""

import numpy as np
import pandas as pd
from matplotlib.collections import PathCollection
from matplotlib.container import BarContainer

from explainer import data, provenance
from explainer.contract import ChartSource, ChartTable

SOURCE, LOCATOR = "Source", "Where in the source"
MODEL = "model"  # the source_id of model output
# A model's line or scatter gives at most this many of its points, evenly spaced: enough to
# read the chart's shape from its table, few enough for a phone (and for the page's weight).
MAX_POINTS = 20
# A model's numbers to four significant figures: enough to tell its scenarios apart, not the
# solver's every digit.
SIGNIFICANT = 4


def plotted_numbers(fig, inputs) -> pd.DataFrame | None:
    """The chart's numbers, one row per plotted point: the shown columns, then source_id and
    locator. Measured data: the tables among `inputs` (those with source_id and locator). Model
    output: read from the figure, with a Panel column where more than one panel plots numbers
    (named by its title, else its number) and a Line (or Series) column naming each. None for
    a schematic, which plots no numbers."""
    tables = [table for table in inputs if isinstance(table, pd.DataFrame)
              and {"source_id", "locator"} <= set(table.columns)]
    if tables:
        numbers = pd.concat([titled(table) for table in tables], ignore_index=True)
        numbers = numbers.dropna(axis=1, how="all")
        shown = [column for column in numbers.columns if column not in ("source_id", "locator")]
        return numbers[[*shown, "source_id", "locator"]]
    rows, panels, lines_only = [], set(), True
    for number, ax in enumerate(fig.axes, start=1):
        for kind, label, names, points in _labelled_points(ax):
            panels.add(number)
            lines_only &= kind == "line"
            title = " ".join(plain(ax.get_title(loc)) for loc in ("left", "center", "right"))
            rows += [{"Panel": title.strip() or str(number), "series": label,
                      names[0]: x, names[1]: y} for x, y in points]
    if not rows:
        return None
    numbers = pd.DataFrame(rows)
    if len(panels) == 1:
        numbers = numbers.drop(columns="Panel")
    if any(numbers["series"].equals(numbers[column]) for column in numbers.columns
           if column not in ("Panel", "series")):
        numbers = numbers.drop(columns="series")  # each bar its own set, named as the bar
    numbers = numbers.rename(columns={"series": "Line" if lines_only else "Series"})
    numbers = numbers.replace("", None).dropna(axis=1, how="all")
    numeric = numbers.select_dtypes("number").columns
    numbers[numeric] = numbers[numeric].map(lambda value: float(f"{value:.{SIGNIFICANT}g}"))
    return numbers.assign(source_id=MODEL, locator="model output")


def titled(table: pd.DataFrame) -> pd.DataFrame:
    """The columns of a table loaded with data.load whose fields have a title, so named, then
    source_id and locator."""
    name = table.attrs.get("resource")
    if not name:
        raise ValueError("a chart's measured table must come from data.load: its columns are "
                         "named from data/datapackage.json")
    titles = {field["name"]: field["title"] for field in data.resource(name)["schema"]["fields"]
              if "title" in field}
    shown = [column for column in table.columns if column in titles]
    if not shown:
        raise ValueError(f"no column of {name} that a chart plots has a title in "
                         "data/datapackage.json: give its fields a plain title with the unit")
    return table[[*shown, "source_id", "locator"]].rename(columns=titles)


def declared(numbers: pd.DataFrame, note: str) -> tuple[ChartTable, str]:
    """The table a report shows of `numbers` (plotted_numbers'), and the CSV: the same columns
    and rows, then each row's source and locator. `note` is the chart's source note, which
    names the model for model output."""
    shown = numbers.drop(columns=["source_id", "locator"]).astype(object).map(cell)
    source_ids, locators = list(numbers["source_id"]), list(numbers["locator"])
    table = ChartTable(columns=list(shown.columns),
                       rows=[[None if pd.isna(value) else value for value in row]
                             for row in shown.itertuples(index=False)],
                       sources=[] if MODEL in source_ids else sources(source_ids, locators))
    if MODEL in source_ids:
        table["model"] = plain(note)
    cites = ["model" if source_id == MODEL else data.short_cite(source_id)
             for source_id in source_ids]
    download = shown.assign(**{SOURCE: cites, LOCATOR: locators})
    return table, download.to_csv(index=False, lineterminator="\n")


def sources(source_ids: list[str], locators: list[str]) -> list[ChartSource]:
    """Each (source, locator) of the rows once, in the rows' order, with the rows it gives."""
    rows: dict[tuple[str, str], list[int]] = {}
    for number, key in enumerate(zip(source_ids, locators, strict=True), start=1):
        rows.setdefault(key, []).append(number)
    return [ChartSource(source_id=source_id, source=data.short_cite(source_id), locator=locator,
                        rows="every row" if len(rows) == 1 else provenance.row_words(numbers))
            for (source_id, locator), numbers in rows.items()]


def cell(value) -> str | None:
    """A value as the table shows it: numbers as written (no trailing .0), yes or no, text as
    it is; None for an empty cell."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, bool | np.bool_):
        return "yes" if value else "no"
    if isinstance(value, float | np.floating):
        return str(int(value)) if float(value).is_integer() else str(float(value))
    return plain(str(value))


def plain(text: str) -> str:
    """`text` on one line: a chart's labels may be wrapped."""
    return " ".join(text.split())


def _labelled_points(ax):
    """(kind, label, (x name, y name), [(x, y), …]) for each line, bar set and scatter on `ax`
    that has a label (for bars, any), its points named by the axes' labels."""
    x_name, y_name = plain(ax.get_xlabel()) or "Horizontal axis", \
        plain(ax.get_ylabel()) or "Vertical axis"
    category = {"Horizontal axis": "Bar", "Vertical axis": "Bar"}  # an unlabelled bar axis
    for line in ax.get_lines():
        x, y = line.get_xdata(), line.get_ydata()
        if not line.get_label().startswith("_") and len(x) > 1:
            yield "line", line.get_label(), (x_name, y_name), evenly(
                list(zip(x, y, strict=True)))
    for bars in ax.containers:
        if isinstance(bars, BarContainer):
            horizontal = bars.orientation == "horizontal"
            names = _category_names(ax.yaxis if horizontal else ax.xaxis)
            label = "" if bars.get_label().startswith("_") else bars.get_label()
            named = (y_name, x_name) if horizontal else (x_name, y_name)
            if names:
                named = (category.get(named[0], named[0]), named[1])
            yield "bars", label, named, [
                (plain(names[position]) if position in names else position, value)
                for bar, value in zip(bars.patches, bars.datavalues, strict=True)
                for position in [bar.get_y() + bar.get_height() / 2 if horizontal
                                 else bar.get_x() + bar.get_width() / 2]]
    for points in ax.collections:
        if isinstance(points, PathCollection) and not points.get_label().startswith("_"):
            yield "points", points.get_label(), (x_name, y_name), evenly(
                [tuple(xy) for xy in points.get_offsets()])


def evenly(points: list) -> list:
    """At most MAX_POINTS of `points`, evenly spaced from the first."""
    return points[::-(-len(points) // MAX_POINTS)]


def _category_names(axis) -> dict:
    """Tick position -> name on an axis whose ticks carry names (bar categories), else {}."""
    names = dict(zip(axis.get_majorticklocs(),
                     (label.get_text() for label in axis.get_majorticklabels()), strict=True))
    return names if any(name and not _number(name) for name in names.values()) else {}


def _number(text: str) -> bool:
    try:
        float(text.replace("\N{MINUS SIGN}", "-").replace(",", ""))
    except ValueError:
        return False
    return True
