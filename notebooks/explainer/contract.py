"""What the notebooks and the build agree on, stated once; both sides import it from here.

- Notebooks: the files `NOTEBOOK_PATTERN` matches in notebooks/ are the pages, in name order.
- Pages: `GRADING_PAGE` defines the verdicts (every badge links there); `HOME`, `ABOUT` and
  `GLOSSARY` are the pages the build adds.
- Charts: a chart's output is an SVG (`CHART_MIME`) whose metadata under that type is a
  `ChartDetails`; a scenario switcher's also carries a `Switcher`. A chart that plots numbers
  declares them as a `ChartTable` (its Table, Sources and Download in a report). In the SVG,
  titles and axis labels have the id `LABEL_GID` and a model's stamp `STAMP_GID`, which the
  report keeps as classes.
- Data files: explainer.data notes every file it loads (`note_data_file_read`); after a notebook
  runs, the build evaluates `TAKE_DATA_FILES_READ` in its kernel, whose value is the list of those
  files (absolute paths, as the notebook named them), and that starts the next list.

Nothing heavy is imported here: the build imports it too.
"""

from typing import NotRequired, TypedDict

from explainer import paths

NOTEBOOK_PATTERN = "[0-9][0-9]_*.ipynb"
GRADING_PAGE = "00_overview"  # "How we grade the claims"
HOME, ABOUT, GLOSSARY = "index", "about", "glossary"

CHART_MIME = "image/svg+xml"
LABEL_GID = "chart-label"
STAMP_GID = "model-stamp"


class ChartDetails(TypedDict):
    """What a report adds to a chart's desktop SVG."""
    alt: str  # one sentence saying what the chart shows
    phone: str  # the SVG drawn for a phone's width
    anchor: str  # the figure's id in the page: "fig-" and the figure function's name
    csv: NotRequired[str]  # the table's columns and rows, then each row's source and locator
    table: NotRequired["ChartTable"]  # the plotted numbers (schematics have none)
    switcher: NotRequired["Switcher"]  # on the default scenario's output of a switcher


class ChartSource(TypedDict):
    """One source of a chart's numbers and where in it they stand."""
    source_id: str  # its entry in the page's Sources list
    source: str  # the source as a reader names it ("Hamlyn et al. 2007")
    locator: str  # where in the source: "abstract", "Table 3"
    rows: str  # which rows of the table it gives: "every row", "rows 1 to 4 and 7"


class ChartTable(TypedDict):
    """The numbers a chart plots, one row per point."""
    columns: list[str]  # plain names, with units
    rows: list[list[str | None]]  # each as text, in the columns' order; None: an empty cell
    sources: list[ChartSource]  # measured data: where the rows come from (else empty)
    model: NotRequired[str]  # model output: the chart's note, which names the model


class SwitcherOption(ChartDetails):
    label: str
    sentence: str  # HTML: the sentence that reads the scenario, its numbers traced
    svg: str  # the desktop SVG


class Switcher(TypedDict):
    legend: str
    default: int  # the index of the option shown first
    options: list[SwitcherOption]


def notebooks(folder=paths.NOTEBOOKS) -> list:
    """The notebooks in `folder` (a pathlib.Path), in the order of the pages."""
    return sorted(folder.glob(NOTEBOOK_PATTERN))


_data_files_read: set[str] = set()


def note_data_file_read(path) -> None:
    """Called by explainer.data for each file it loads."""
    _data_files_read.add(str(path))


def take_data_files_read() -> list[str]:
    """The data files loaded since the last call, sorted; the next call starts afresh."""
    taken = sorted(_data_files_read)
    _data_files_read.clear()
    return taken


TAKE_DATA_FILES_READ = "__import__('explainer.contract').contract.take_data_files_read()"
