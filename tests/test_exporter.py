"""The report exporter on small hand-made notebooks: what the reader gets, and what is left out."""

import base64
import copy
import io
import random
import re
from urllib.parse import unquote

import nbformat
import pytest
from bs4 import BeautifulSoup
from fontTools.ttLib import TTFont
from nbconvert import HTMLExporter
from nbformat.v4 import new_markdown_cell, new_notebook, new_output
from PIL import Image

from reportbuild.chart_html import (
    FONT_FILES,
    FONTS,
    compact,
    cut_font,
    font_subset,
)
from reportbuild.export import export_html, highlight_python, report_exporter
from reportbuild.page import finish, slug
from tests.made_outputs import CONTEXT, CSV, SVG, code, figure, text


def sample_notebook():
    notebook = new_notebook(cells=[
        new_markdown_cell("# A title as a question?\n\nAn intro paragraph."),
        code("print('kept')", text("output of a plain cell\n")),
        new_markdown_cell("## First section\n\nSee [the next page](01_next_page.ipynb#Caveats)."),
        code("print('gone entirely')", text("output of a removed cell\n"), tags=["remove-cell"]),
        code("print('source hidden')", text("output without its code\n"), tags=["remove-input"]),
        code("print('output hidden')", text("an output nobody sees\n"), tags=["remove-output"]),
        code("show(fig)", figure("A line rising from left to right.")),
        new_markdown_cell("## Sources"),
        code("sources_list()", new_output("execute_result", execution_count=1, data={
            "text/html": '<ol class="sources"><li id="source-x2020">X (2020). A title. J 1:2. '
                         '<a href="https://doi.org/10.1/abc">doi:10.1/abc</a></li>'
                         '<li id="source-web">A web page. <a href="https://example.org/p">'
                         'https://example.org/p</a></li></ol>'})),
    ])
    nbformat.validate(notebook)
    return notebook


@pytest.fixture(scope="module")
def page():
    html = export_html(sample_notebook(), CONTEXT).html
    return html, BeautifulSoup(html, "html.parser")


def test_remove_tags_drop_the_cell_the_code_or_the_output(page):
    html = page[1].get_text()
    assert "print('kept')" in html and "output of a plain cell" in html
    assert "gone entirely" not in html and "output of a removed cell" not in html
    assert "source hidden" not in html and "output without its code" in html
    assert "output hidden" in html
    assert "an output nobody sees" not in html


def test_code_is_folded_behind_show_code(page):
    _, soup = page
    folded = soup.select("details.code")
    assert folded and all(d.summary.get_text() == "Show code" for d in folded)
    assert all(not d.has_attr("open") for d in folded)
    assert all(code.find_parent("details") for code in soup.select("div.highlight"))
    assert not any(out.find_parent("details") for out in soup.select(".jp-RenderedText"))


def test_code_gets_a_span_only_where_report_css_colours_it():
    source = 'from math import pi\nlabel = f"{pi:.2f}" + str(len([1, 2]))  # two\n'
    code = BeautifulSoup(highlight_python(source), "html.parser").select_one("div.highlight")
    assert code.get_text() == source
    spans = [(span["class"][0], span.get_text()) for span in code.select("span[class]")]
    # Names, punctuation and spaces are plain text; what report.css colours keeps its class.
    assert spans == [("kn", "from"), ("kn", "import"), ("o", "="), ("sa", "f"), ("s2", '"'),
                     ("si", "{"), ("si", ":"), ("s2", ".2f"), ("si", "}"), ("s2", '"'),
                     ("o", "+"), ("nb", "str"), ("nb", "len"), ("mi", "1"), ("mi", "2"),
                     ("c1", "# two")]


def test_verdict_badge_sits_right_under_the_title_and_links_to_its_grade(page):
    _, soup = page
    title = soup.find("h1")
    badges = title.find_next_sibling()
    assert badges.name == "ul" and "verdict-badges" in badges["class"]
    assert badges.get_text(" ", strip=True) == "Claim 4 partly supported"
    assert "verdict-partly-supported" in badges.a["class"]
    assert badges.a["href"] == "00_overview.html#partly-supported"


def test_table_of_contents_links_every_section_heading(page):
    _, soup = page
    toc = soup.select_one("main nav.toc")
    links = [(a["href"], a.get_text()) for a in toc.select("a")]
    assert links == [("#first-section", "First section"), ("#sources", "Sources")]
    assert all(soup.find(id=href[1:]) for href, _ in links)
    # It follows the title's cell, so the intro comes first.
    assert toc.find_previous("p").get_text() == "An intro paragraph."


def test_each_section_shows_its_code_behind_one_show_code_after_its_cells(page):
    _, soup = page
    first = soup.find("h2", id="first-section")
    folds = [d for d in first.find_all_next("details", class_="code")
             if d.find_previous("h2") is first]
    assert len(folds) == 1
    code = folds[0].get_text()
    assert code.index("output hidden") < code.index("show(fig)") and "source hidden" not in code
    assert folds[0].find_previous("figure"), "the code follows the section's output"


def test_short_anchor_is_the_first_words_of_the_heading_and_unique():

    taken = set()
    assert slug("What genes shape: where fat sits", taken) == "what-genes-shape-where"
    assert slug("What genes shape: where fat goes", taken) == "what-genes-shape-where-2"


def test_chart_is_inline_svg_for_desktop_and_phone_with_its_alt_text(page):
    _, soup = page
    chart = soup.select_one("figure.chart#fig-rise")
    desktop, phone = chart.select_one(".chart-desktop svg"), chart.select_one(".chart-phone svg")
    assert "50% #1" in desktop.get_text() and "51% #1" in phone.get_text()
    for svg in (desktop, phone):
        assert svg["role"] == "img" and svg["aria-label"] == "A line rising from left to right."
        assert svg["viewbox"] == "0 0 40.1 20"  # numbers to 0.1 pt
        # matplotlib's page-wide style is gone, and so are the style attributes: classes instead
        assert not svg.select("style") and "DejaVu" not in str(svg) and " style=" not in str(svg)
        assert svg.select_one("g.chart-label text")
    # Ids are the figure's and the variant's own, and what used them follows.
    assert desktop.select_one("clippath")["id"] == "fig-rise-d-p1"
    assert phone.select_one("path")["clip-path"] == "url(#fig-rise-p-p1)"
    assert not soup.select('[id="figure_1"]')


def test_chart_styles_are_classes_defined_once_in_the_head_for_every_chart(page):
    _, soup = page
    rules = soup.head.find(string=re.compile(r"figure\.chart \.a\{"))
    assert rules is not None, "no chart style rules in the head"
    # The same style in the desktop and the phone variant (and in any other chart): one class.
    assert rules.count("{stroke:#000}") == 1 and rules.count("{font-size:11px}") == 1
    desktop, phone = soup.select("figure.chart#fig-rise svg")
    assert desktop.select_one("path")["class"] == phone.select_one("path")["class"]


def test_chart_links_to_its_data_and_to_itself(page):
    _, soup = page
    download = soup.select_one("figure.chart .download-panel a[download]")
    anchor, = soup.select("figure.chart figcaption a")
    assert download.get_text() == "Download the data (CSV)"
    assert download["download"] == "fig-rise.csv"
    prefix = "data:text/csv;charset=utf-8,"
    assert download["href"].startswith(prefix) and unquote(download["href"][len(prefix):]) == CSV
    assert not re.search(r'[\s"<>#]', download["href"])  # a valid URL: nothing raw
    assert anchor["href"] == "#fig-rise"


def test_chart_font_is_embedded_once_for_the_characters_used(page):
    _, soup = page
    style, = [s.get_text() for s in soup.head.select("style") if "@font-face" in s.get_text()]
    assert style.count("@font-face") == 1  # regular only: no bold text
    assert "font-family: 'Chart Sans'" in style and "data:font/woff;base64," in style


def test_an_svg_not_from_charts_show_is_refused():
    plain = new_output("display_data", data={"image/svg+xml": SVG, "text/plain": "x"})
    with pytest.raises(ValueError, match="charts.show"):
        export_html(new_notebook(cells=[code("1", plain)]), CONTEXT)


def test_links_to_notebooks_point_at_their_reports(page):
    _, soup = page
    hrefs = {a["href"] for a in soup.select("main a")}
    assert "01_next_page.html#Caveats" in hrefs
    assert not any(".ipynb" in href for href in hrefs)


def test_previous_next_and_home_links(page):
    _, soup = page
    pager = soup.select_one("nav.pager")
    assert pager.select_one("a[rel=prev]")["href"] == "00_overview.html"
    assert pager.select_one("a[rel=next]") is None
    assert soup.select_one("header.site a")["href"] == "index.html"
    assert soup.title.get_text() == "A test page · Back dimples, explained"


def test_page_has_no_scripts_and_fetches_nothing(page):
    html, soup = page
    assert not soup.find_all(["script", "link", "iframe"])
    assert all(img["src"].startswith("data:") for img in soup.find_all("img"))
    assert not re.search(r"@import|url\((?!data:|#)", html)  # #: an id in the page
    assert "jp-Collapser" not in html and 'id="cell-id=' not in html


def test_same_notebook_gives_byte_identical_html():
    notebook = new_notebook(cells=[new_markdown_cell("# T"), code("1", figure("A chart."))])
    assert export_html(notebook, CONTEXT).html == export_html(notebook, CONTEXT).html


def test_wide_output_tables_carry_column_names_for_phones():
    def table(columns):
        head = "".join(f"<th>{c}</th>" for c in columns)
        row = "".join(f"<td>{i}</td>" for i, _ in enumerate(columns))
        html = f"<table><thead><tr>{head}</tr></thead><tbody><tr>{row}</tr></tbody></table>"
        return new_output("display_data", data={"text/html": html, "text/plain": "table"})

    wide, narrow = ["a", "b", "c", "d", "e"], ["a", "b"]
    notebook = new_notebook(cells=[new_markdown_cell("# T"), code("t", table(wide)),
                                   code("t", table(narrow))])
    soup = BeautifulSoup(export_html(notebook, CONTEXT).html, "html.parser")
    first, second = soup.select("main table")
    assert first["class"] == ["stacked"]
    assert [td["data-label"] for td in first.select("td")] == wide
    assert not second.has_attr("class") and not second.select("[data-label]")



def test_scripts_and_widgets_left_in_a_notebook_add_no_script_to_the_report():
    widget = new_output("display_data", data={
        "application/vnd.jupyter.widget-view+json": {"model_id": "abc", "version_major": 2,
                                                     "version_minor": 0},
        "text/plain": "interactive(children=(FloatSlider(value=1.0),))"})
    script = new_output("display_data", data={"application/javascript": "alert(1)",
                                              "text/plain": "<IPython.core.display.Javascript>"})
    notebook = new_notebook(cells=[new_markdown_cell("# T"), code("interact(f)", widget),
                                   code("Javascript(...)", script)])
    html = export_html(notebook, CONTEXT).html
    assert "<script" not in html and "alert(1)" not in html and "model_id" not in html


def test_a_subtitle_under_the_title_is_a_paragraph_not_a_skipped_heading_level():
    notebook = new_notebook(cells=[new_markdown_cell("# Title\n### A subtitle\n\n## Section")])
    soup = BeautifulSoup(export_html(notebook, CONTEXT).html, "html.parser")
    assert soup.select_one("p.subtitle").get_text() == "A subtitle"
    assert not soup.select("main h3")


def switcher_output(sentences=("Low: a little.", "Mid: some.", "High: a lot."), default=1):
    """An output as explainer.try_it.scenarios makes it, the numbers in each chart's text."""
    options = [{"label": sentence.split(":")[0], "sentence": sentence, "alt": f"Chart {n}.",
                "svg": SVG.replace("50%", f"{n}0%"), "phone": SVG.replace("50%", f"{n}1%"),
                "anchor": "fig-try-it",
                "csv": f"x,Source,Where in the source\n{n},model,model output\n",
                "table": {"columns": ["x"], "rows": [[str(n)]], "sources": [], "model": "A model."}}
               for n, sentence in enumerate(sentences, start=1)]
    shown = options[default]
    return new_output("display_data", data={"image/svg+xml": shown["svg"], "text/plain": "x"},
                      metadata={"image/svg+xml": {
                          "alt": shown["alt"], "phone": shown["phone"], "anchor": "fig-try-it",
                          "switcher": {"legend": "How much?", "default": default,
                                       "options": options}}})


def test_a_switcher_is_radio_inputs_then_one_panel_per_scenario_with_its_own_chart():
    notebook = new_notebook(cells=[new_markdown_cell("# T"), code("s()", switcher_output())])
    soup = BeautifulSoup(export_html(notebook, CONTEXT).html, "html.parser")
    switcher = soup.select_one("fieldset.switcher#fig-try-it")
    assert switcher.legend.get_text() == "How much?"
    inputs = switcher.select(":scope > input[type=radio]")
    assert [i["name"] for i in inputs] == ["fig-try-it"] * 3
    assert [i.has_attr("checked") for i in inputs] == [False, True, False]
    assert [switcher.select_one(f"label[for='{i['id']}']").get_text() for i in inputs] == \
        ["Low", "Mid", "High"]
    panels = switcher.select(":scope > div.scenario")
    assert [p.has_attr("class") and "default" in p["class"] for p in panels] == [False, True, False]
    for number, (option, panel) in enumerate(zip(inputs, panels, strict=True), start=1):
        figure = panel.select_one("figure.chart")
        assert figure["id"] == f"fig-try-it-{number}"
        assert f"{number}0%" in figure.select_one(".chart-desktop svg").get_text()
        assert f"{number}1%" in figure.select_one(".chart-phone svg").get_text()
        said, chart = option["aria-describedby"].split()
        assert soup.find(id=said) is panel.select_one("p.says")
        assert soup.find(id=chart)["aria-label"] == f"Chart {number}."
        download = figure.select_one(".download-panel a[download]")
        assert unquote(download["href"]).endswith(f"\n{number},model,model output\n")
        # A hidden scenario's chart cannot be scrolled to: its link goes to the switcher.
        assert [a["href"] for a in figure.select("figcaption a")] == ["#fig-try-it"]
        assert figure.select_one(f"input#fig-try-it-{number}-show-table")["name"] == \
            f"fig-try-it-{number}-tabs"
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    assert len(ids) == len(set(ids))


def test_a_switchers_font_covers_the_text_of_every_scenario():
    notebook = new_notebook(cells=[new_markdown_cell("# T"), code("s()", switcher_output())])
    faces = export_html(notebook, CONTEXT).html
    glyphs = TTFont(io.BytesIO(base64.b64decode(re.search(r"base64,([^)]+)\)", faces)[1])))
    covered = {chr(code) for code in glyphs.getBestCmap()}
    assert "3" in covered  # only the third scenario's charts ("30%", "31%") have a 3


@pytest.mark.parametrize("weight", sorted(FONT_FILES))
@pytest.mark.parametrize("characters", [
    "AVATAR fi fl office Wave 12.5% ± −3 kg (n=97); “quoted” – José",  # kerning, ligatures
    "0.45–0.91 kg → a week",
])
def test_a_font_subset_read_lazily_has_the_bytes_of_one_cut_from_the_font_read_whole(weight,
                                                                                      characters):
    whole = TTFont(FONTS / FONT_FILES[weight], recalcTimestamp=False)
    assert font_subset(FONT_FILES[weight], characters) == cut_font(whole, characters)


def test_a_rasterised_layer_keeps_its_size_in_32_colours_and_fewer_bytes():
    noise = random.Random(0)  # a layer of many colours, as matplotlib rasterises a dense scatter
    layer = Image.new("RGB", (120, 80))
    layer.putdata([tuple(noise.randrange(256) for _ in "rgb") for _ in range(120 * 80)])
    buffer = io.BytesIO()
    layer.save(buffer, "PNG")
    original = base64.b64encode(buffer.getvalue()).decode("ascii")
    soup = BeautifulSoup(f'<svg id="fig-raster-d"><image width="120" height="80" '
                         f'xlink:href="data:image/png;base64,{original}"/></svg>', "html.parser")
    compact(soup.svg)
    inlined = str(soup)
    data = re.search(r'href="data:image/png;base64,([^"]+)"', inlined)[1]
    palette = Image.open(io.BytesIO(base64.b64decode(data)))
    assert palette.mode == "P" and palette.size == layer.size
    assert len(palette.getcolors()) <= 32
    assert len(data) < len(original)



def test_skipping_nbconvert_s_own_pass_over_the_page_changes_nothing():
    """ReportExporter leaves out HTMLExporter's pass over the rendered page, which page.finish
    does itself: if nbconvert's pass ever does more, this fails."""
    resources = {"metadata": {"name": CONTEXT["title"]},
                 "report": {"grading_page": "00_overview.html", **CONTEXT,
                            "notebook": "01_sample.ipynb", "description": "d",
                            "claim_reviews": []}}
    ours, theirs = report_exporter.__wrapped__(), report_exporter.__wrapped__()
    skipped, _ = ours.from_notebook_node(sample_notebook(), copy.deepcopy(resources))
    full, _ = HTMLExporter.from_notebook_node(theirs, sample_notebook(), copy.deepcopy(resources))
    assert skipped != full  # nbconvert's pass did something here: there is something to compare
    assert finish(skipped) == finish(full)


def test_a_section_tagged_fold_section_is_folded_under_its_heading():
    notebook = new_notebook(cells=[
        new_markdown_cell("# Title"), new_markdown_cell("## Open part\n\nRead first."),
        new_markdown_cell("## More depth\n\nFolded words."),
        code("show(fig)", figure("A line rising.")),
        new_markdown_cell("## Sources")])
    notebook.cells[2].metadata["tags"] = ["fold-section"]
    soup = BeautifulSoup(export_html(notebook, CONTEXT).html, "html.parser")
    fold = soup.select_one("details.fold")
    assert fold.summary.h2.get_text(" ", strip=True).startswith("More depth")
    assert "Folded words." in fold.get_text() and fold.select_one("figure.chart")
    assert [h2.get_text(" ", strip=True)[:10] for h2 in fold.find_all("h2")] == ["More depth"]
    assert "Read first." not in fold.get_text()
    assert [a.get_text() for a in soup.select("nav.toc a")] == [
        "Open part", "More depth", "Sources"]


def test_fold_section_on_a_cell_without_a_heading_is_refused():
    notebook = new_notebook(cells=[new_markdown_cell("# Title"), new_markdown_cell("Just words")])
    notebook.cells[1].metadata["tags"] = ["fold-section"]
    with pytest.raises(RuntimeError, match="fold-section.*'## ' heading.*Just words"):
        export_html(notebook, CONTEXT)
