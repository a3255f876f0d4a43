"""A chart that plots numbers, as a block of tabs without a script: Chart, Table, Sources and
Download. Each tab is a radio input with its label, followed by one panel per tab; report.css
shows the panel of the checked input and, in print, the chart and the table. What the tabs show
is the chart's declared table (explainer.contract.ChartTable) and its CSV."""

from html import escape
from urllib.parse import quote

from explainer.contract import ChartDetails, ChartTable

TABS = ("Chart", "Table", "Sources", "Download")
# A long table scrolls in its panel (report.css), which the keyboard can then reach and scroll.
PANEL_ATTRIBUTES = {"Table": ' tabindex="0" role="region" aria-label="The numbers in the chart"'}


def tabbed(anchor: str, chart: str, details: ChartDetails) -> str:
    """The tabs of the chart `anchor` whose drawing (HTML) is `chart`."""
    table = details["table"]
    panels = (chart, table_html(table), sources_html(table),
              download_html(anchor, details["csv"]))
    inputs = "".join(
        f'<input type="radio" name="{anchor}-tabs" id="{anchor}-show-{name.lower()}"'
        f'{" checked" if name == "Chart" else ""}>'
        f'<label for="{anchor}-show-{name.lower()}">{name}</label>'
        for name in TABS)
    return (f'<div class="chart-tabs" role="group" aria-label="The chart, or its numbers">\n'
            f"{inputs}\n"
            + "\n".join(f'<div class="tab-panel {name.lower()}-panel"'
                        f'{PANEL_ATTRIBUTES.get(name, "")}>{panel}</div>'
                        for name, panel in zip(TABS, panels, strict=True))
            + "\n</div>")


def table_html(table: ChartTable) -> str:
    """The numbers, one row per plotted point, each row numbered (the Sources tab names rows by
    their numbers)."""
    head = "".join(f'<th scope="col">{escape(name)}</th>'
                   for name in ("Row", *table["columns"]))
    body = "".join(
        f"<tr><th>{number}</th>"
        + "".join(f"<td>{escape(value or '')}</td>" for value in row) + "</tr>"
        for number, row in enumerate(table["rows"], start=1))
    caption = ("The numbers in the chart, one row for each point; the Sources tab says where "
               "each comes from." if "model" not in table else
               "Points the model drew, an even sample along each line; the Sources tab names "
               "the model.")
    return (f'<table class="chart-numbers"><caption>{caption}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def sources_html(table: ChartTable) -> str:
    """Where the rows come from: each source, linked to its entry in the page's Sources list,
    with where in it they stand; or the model that made them."""
    if "model" in table:
        return (f'<p class="chart-model">Model output, not measured data. '
                f'{escape(table["model"])}</p>')
    rows = "".join(
        f'<tr><td><a href="#source-{source["source_id"]}">{escape(source["source"])}</a></td>'
        f'<td>{escape(source["locator"])}</td><td>{escape(source["rows"])}</td></tr>'
        for source in table["sources"])
    return ('<table class="chart-sources"><caption>Where the numbers come from</caption>'
            '<thead><tr><th scope="col">Source</th><th scope="col">Where in the source</th>'
            f'<th scope="col">Rows of the table</th></tr></thead><tbody>{rows}</tbody></table>')


def download_html(anchor: str, csv: str) -> str:
    return (f'<p><a href="{csv_data_uri(csv)}" download="{anchor}.csv">Download the data (CSV)'
            "</a>: the table's columns, named with their units, then each row's source and "
            "where in the source it stands.</p>")


def csv_data_uri(csv: str) -> str:
    """A data: URI for CSV text, every character outside the unreserved set percent-encoded."""
    return "data:text/csv;charset=utf-8," + quote(csv, safe=",.-_~()*!'/:;")
