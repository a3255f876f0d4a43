"""A chart that plots numbers is a block of tabs without a script: Chart, Table, Sources and
Download. Checked on a small hand-made notebook (the HTML) and on a real page in a browser (what
a reader sees at phone and desktop width, and in print)."""

import csv
import io
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup
from nbformat.v4 import new_markdown_cell, new_notebook, new_output

from reportbuild.export import export_html
from reportbuild.page import finish
from tests.chromium import DESKTOP, ONLY_CONTRAST, PHONE, Visit, axe_script, axe_violations
from tests.made_outputs import CONTEXT, CSV, SVG, TABLE, code, figure

TABS = ["Chart", "Table", "Sources", "Download"]
PANELS = ["chart-panel", "table-panel", "sources-panel", "download-panel"]


def exported(*outputs) -> BeautifulSoup:
    notebook = new_notebook(cells=[new_markdown_cell("# T"), new_markdown_cell("## Numbers"),
                                   *(code("show()", output) for output in outputs)])
    return BeautifulSoup(export_html(notebook, CONTEXT).html, "html.parser")


def chart_output(anchor: str, table: dict | None, csv_text: str | None = None):
    details = {"alt": "A chart.", "phone": SVG, "anchor": anchor}
    if table is not None:
        details |= {"table": table, "csv": csv_text}
    return new_output("display_data", data={"image/svg+xml": SVG, "text/plain": "A chart."},
                      metadata={"image/svg+xml": details})


def test_a_chart_with_numbers_has_four_tabs_the_chart_open():
    tabs = exported(figure("A line.")).select_one("figure.chart#fig-rise > .chart-tabs")
    inputs = tabs.select(":scope > input[type=radio]")
    assert [i["name"] for i in inputs] == ["fig-rise-tabs"] * 4
    assert [tabs.select_one(f"label[for='{i['id']}']").get_text() for i in inputs] == TABS
    assert [i.has_attr("checked") for i in inputs] == [True, False, False, False]
    assert [panel["class"][1] for panel in tabs.select(":scope > div.tab-panel")] == PANELS
    assert tabs.select(".chart-panel svg[role=img]") and len(tabs.select(".chart-panel svg")) == 2


def test_the_table_tab_is_a_captioned_table_of_the_declared_rows():
    table = exported(figure("A line.")).select_one(".table-panel table")
    assert table.caption.get_text().startswith("The numbers in the chart")
    # One source: its rows need no numbers (the Sources tab says "every row")
    assert [th.get_text() for th in table.select("thead th")] == ["Value (%)"]
    assert [[cell.get_text() for cell in row.find_all(["th", "td"])]
            for row in table.select("tbody tr")] == [["50"]]


def test_the_sources_tab_links_each_source_to_the_pages_sources_list_with_its_locator():
    sources = exported(figure("A line.")).select_one(".sources-panel table")
    link = sources.select_one("a")
    assert (link["href"], link.get_text()) == ("#source-x2020", "X 2020")
    assert [td.get_text() for td in sources.select("tbody td")][1:] == [
        'Table 1 (a "quote")', "every row"]


def test_the_download_tab_offers_the_declared_csv_and_the_link_to_the_chart_stays():
    soup = exported(figure("A line."))
    download = soup.select_one(".download-panel a[download]")
    assert download["download"] == "fig-rise.csv"
    assert unquote(download["href"].split(",", 1)[1]) == CSV
    assert [a["href"] for a in soup.select("figure.chart figcaption a")] == ["#fig-rise"]


def test_model_output_says_so_and_names_the_model():
    table = {"columns": ["Week", "Fat lost (kg)"], "rows": [["1", "0.2"], ["2", None]],
             "sources": [], "model": "Model output, not measured data: our energy model."}
    soup = exported(chart_output("fig-model", table, "Week,Fat lost (kg)\n1,0.2\n2,\n"))
    said = soup.select_one("#fig-model .sources-panel").get_text(" ", strip=True)
    assert said.startswith("Model output, not measured data.") and "our energy model" in said
    assert [td.get_text() for td in soup.select("#fig-model tbody tr")[1].select("td")] == \
        ["2", ""]  # an empty cell stays empty


def test_a_drawing_without_data_keeps_just_the_chart():
    figure_ = exported(chart_output("fig-drawing", None)).select_one("figure#fig-drawing")
    assert not figure_.select("input, .chart-tabs, table")
    assert figure_.select(".chart-desktop svg") and figure_.select(".chart-phone svg")


def test_ids_are_unique_and_the_same_notebook_gives_the_same_bytes():
    outputs = (figure("A line."), chart_output("fig-other", TABLE, CSV))
    html = str(exported(*outputs))
    ids = [tag["id"] for tag in BeautifulSoup(html, "html.parser").find_all(id=True)]
    assert len(ids) == len(set(ids))
    assert html == str(exported(*outputs))


def test_the_numbers_in_tabs_are_not_a_sections_words():
    page = finish(str(exported(figure("A line."))))
    words = " ".join(section[2] for section in page.sections)
    for shown_in_a_tab in ("Value (%)", "every row", "Download the data"):
        assert shown_in_a_tab not in words
    assert "Chart" in words  # the tab labels are read


# ---- in a browser ------------------------------------------------------------------------------

PAGE, CHART = "05_training_the_lower_back", "fig-ball"

SHOWN = """figure => [...figure.querySelectorAll('.chart-tabs > .tab-panel')]
    .filter(panel => getComputedStyle(panel).display !== 'none')
    .map(panel => panel.classList[1])"""


@pytest.fixture(params=[PHONE, DESKTOP], ids=["phone", "desktop"])
def chart(request, tabs, reports):
    visit = Visit(tabs, reports / f"{PAGE}.html", viewport=request.param)
    visit.open_folds()  # the chart stands in a folded section
    yield visit.page, visit.page.locator(f"figure#{CHART}")
    visit.close()


@pytest.mark.browser
def test_each_tab_shows_its_own_panel_the_table_matches_the_csv_and_sources_resolve(chart):
    page, figure_ = chart
    assert figure_.evaluate(SHOWN) == ["chart-panel"]
    labels = figure_.locator(".chart-tabs > label")
    assert labels.all_inner_texts() == TABS
    box = [labels.nth(n).bounding_box() for n in range(4)]
    assert len({round(b["y"]) for b in box}) == 1, "the tab labels take more than one row"
    for label, panel in zip(TABS, PANELS, strict=True):
        figure_.locator(".chart-tabs > label", has_text=label).click()
        assert figure_.evaluate(SHOWN) == [panel], f"the {label} tab shows the wrong panel"
    href = figure_.locator(".download-panel a[download]").get_attribute("href")
    rows = list(csv.reader(io.StringIO(unquote(href.split(",", 1)[1]))))
    header, rows = rows[0], rows[1:]
    table = figure_.locator(".table-panel table")
    heads = table.locator("thead th").all_inner_texts()
    if heads[0] == "Row":  # rows are numbered where several sources share the table
        heads = heads[1:]
    assert heads == header[:-2]
    cells = table.locator("tbody tr").evaluate_all(
        "rows => rows.map(r => [...r.querySelectorAll('td')].map(td => td.textContent))")
    assert cells == [row[:-2] for row in rows], "the table and the CSV disagree"
    links = figure_.locator(".sources-panel a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))")
    assert links and all(page.locator(f"[id='{link[1:]}']").count() == 1 for link in links)


@pytest.mark.browser
def test_the_tabs_answer_the_arrow_keys_with_a_visible_focus(chart):
    page, figure_ = chart
    figure_.locator(".chart-tabs > input").first.focus()
    page.keyboard.press("ArrowRight")
    assert figure_.evaluate(SHOWN) == ["table-panel"]
    outline = figure_.locator(".chart-tabs > input:checked + label").evaluate(
        "label => getComputedStyle(label).outlineStyle")
    assert outline != "none", "the focused tab has no visible focus"


@pytest.mark.browser
def test_print_shows_the_chart_and_its_table_not_the_tab_labels(chart):
    page, figure_ = chart
    page.emulate_media(media="print")
    try:
        assert figure_.evaluate(SHOWN) == ["chart-panel", "table-panel"]
        assert not figure_.locator(".chart-tabs > label").first.is_visible()
        assert figure_.locator(".chart-desktop svg").is_visible()
    finally:
        page.emulate_media(media="screen")


@pytest.mark.browser
def test_every_tab_reads_in_both_colour_schemes(chart):
    """axe checks only what is shown: each tab is opened in turn, in the light and dark scheme."""
    page, figure_ = chart
    page.evaluate(axe_script())
    found = []
    try:
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            for label in TABS:
                figure_.locator(".chart-tabs > label", has_text=label).click()
                found += [f"{label} tab, {scheme}: {violation}" for violation in axe_violations(
                    page, f"'figure#{CHART}'", ONLY_CONTRAST)]
    finally:
        page.emulate_media(color_scheme="null")
    assert not found, "; ".join(found)
