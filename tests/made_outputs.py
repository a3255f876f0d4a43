"""Outputs and cells made by hand as the explainer makes them, for the exporter's tests: a small
chart (SVG, CSV and declared table), a code cell, printed text, and the page context."""

from nbformat.v4 import new_code_cell, new_output

SVG = (
    '<?xml version="1.0" encoding="utf-8" standalone="no"?>\n'
    '<svg xmlns:xlink="http://www.w3.org/1999/xlink" width="40.123456pt" height="20pt" '
    'viewBox="0 0 40.123456 20" xmlns="http://www.w3.org/2000/svg">\n'
    ' <defs>\n  <style type="text/css">*{stroke-linejoin: round}</style>\n </defs>\n'
    ' <g id="figure_1">\n  <defs><clipPath id="p1"><rect width="40" height="20"/></clipPath>'
    '</defs>\n'
    '  <path d="M 0 0 \nL 40.004 20 " clip-path="url(#p1)" style="stroke: #000"/>\n'
    '  <g id="chart-label"><text style="font-size: 11px; font-family: \'DejaVu Sans\'" '
    'x="2" y="18">50% #1</text></g>\n </g>\n</svg>\n'
)
CSV = 'Value (%),Source,Where in the source\n50,X 2020,"Table 1 (a ""quote"")"\n'
TABLE = {"columns": ["Value (%)"], "rows": [["50"]], "sources": [
    {"source_id": "x2020", "source": "X 2020", "locator": 'Table 1 (a "quote")',
     "rows": "every row"}]}
CONTEXT = {
    "title": "A test page",
    "verdicts": [{"id": 4, "verdict": "partly supported"}],
    "previous": {"href": "00_overview.html", "title": "The overview"},
    "next": None,
}


def code(source, *outputs, tags=()):
    cell = new_code_cell(source, outputs=list(outputs), execution_count=1)
    cell.metadata["tags"] = list(tags)
    return cell


def text(value):
    return new_output("stream", name="stdout", text=value)


def figure(alt):
    """An output as explainer.charts.show makes it."""
    return new_output("display_data", data={"image/svg+xml": SVG, "text/plain": alt},
                      metadata={"image/svg+xml": {"alt": alt, "phone": SVG.replace("50%", "51%"),
                                                  "anchor": "fig-rise", "csv": CSV,
                                                  "table": TABLE}})
