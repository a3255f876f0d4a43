"""Unit tests of the explainer package's base layer: paths, charts and report blocks."""

import ast
import re
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from explainer import chart_svg, chart_table, charts, data, paths, report, verdicts  # noqa: E402


def test_paths_come_from_the_package_not_the_working_directory(tmp_path):
    """A fresh process started in an unrelated folder finds the project and loads its data."""
    script = ("from explainer import data, paths; "
              "print(paths.ROOT); print(len(data.load('claims')))")
    run = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True,
                         text=True, env={"PYTHONPATH": str(paths.NOTEBOOKS)}, check=True)
    assert run.stdout.split("\n")[:2] == [str(paths.ROOT), str(len(data.load("claims")))]


def _figure():
    charts.use_house_style()
    fig, ax = plt.subplots()
    ax.plot([0, 1, 2], [2, 1, 3], label="a line")
    ax.set_title("A title")
    charts.figure_note(ax.figure, "Source: a test")
    return fig


def test_figure_svg_is_deterministic_and_undated():
    first, second = chart_svg.figure_svg(_figure()), chart_svg.figure_svg(_figure())
    assert first == second
    assert "<dc:date>" not in first
    assert "A title" in first  # text stays text (svg.fonttype none): small and searchable


def test_figure_svg_numbers_matplotlibs_ids_and_keeps_every_reference():
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1], marker="o")  # a marker and a clip path, each an id
    ax.bar([0.5], [0.5], hatch="//")  # a hatch pattern
    svg = chart_svg.figure_svg(fig)
    plt.close(fig)
    defined = set(re.findall(r' id="([^"]+)"', svg))
    used = set(re.findall(r'(?:url\(#|href="#)([^)"]+)', svg))
    assert used <= defined
    assert {name[0] for name in used} == {"h", "m", "p"}
    assert all(re.fullmatch(r"[hmp]\d+", name) for name in used), used


def test_a_phone_legend_hangs_between_the_axis_label_and_the_source_note():
    charts.use_house_style()
    fig, ax = plt.subplots(figsize=charts.size((8, 4), True))
    for number in range(5):
        ax.plot([0, 1], [number, number + 1], label=f"a rather long name for line {number}")
    ax.set_xlabel("An axis label")
    legend = charts.legend(ax, phone=True)
    charts.figure_note(fig, "Source: a note long enough to take two lines on a narrow figure.")
    chart_svg.figure_svg(fig)
    fig.draw_without_rendering()  # measure on screen, as laid out for the SVG
    note = next(text for text in fig.texts if text.get_text() == fig.get_supxlabel())
    label, box = ax.xaxis.label.get_window_extent(), legend.get_window_extent()
    assert note.get_window_extent().y1 < box.y0 and box.y1 < label.y0
    assert box.x1 <= fig.bbox.x1 and ax.get_position().x1 > 0.9  # nothing squeezed or cut
    assert box.x0 < ax.bbox.x0  # from the figure's edge, like the note, not the plot's
    plt.close(fig)


def test_a_phone_legend_wider_than_the_plot_is_wrapped_to_it_and_the_plot_keeps_its_width():
    """An entry wider than the plot made the layout narrow the plot for it, again and again as it
    narrowed; and a fit made while a title not yet wrapped squeezed the plot stayed that narrow."""
    charts.use_house_style()
    fig, ax = plt.subplots(figsize=charts.size((8, 4), True))
    ax.plot([0, 1], [0, 1], label="a name for a line so long that no phone shows it on one line")
    ax.plot([0, 1], [1, 0], label="short")
    ax.set_title("A title long enough to run well past the figure's edges, and squeeze the plot, "
                 "until it is wrapped to fit the figure")
    legend = charts.legend(ax, phone=True)
    chart_svg.figure_svg(fig)
    fig.draw_without_rendering()
    long, short = (text.get_text() for text in legend.get_texts())
    assert ax.get_position().x1 > 0.9
    assert max(text.get_window_extent().x1 for text in legend.get_texts()) <= ax.bbox.x1 + 1
    assert short == "short" and long.count("\n") == 1  # two lines: the plot's width, not less
    plt.close(fig)


def test_a_figure_has_one_source_note():
    fig = _figure()
    with pytest.raises(ValueError, match="one source note"):
        charts.figure_note(fig, "Source: another")
    plt.close(fig)


def dip_figure(measured=None, phone=False):
    """A figure function as charts.show takes it: (fig, alt), drawn narrow for a phone."""
    fig = _figure()
    fig.set_size_inches(charts.size((8, 4), phone))
    return fig, "A line that dips and rises."


def test_show_draws_desktop_and_phone_with_alt_text_and_closes_both(monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj, **kw: shown.append((obj, kw)))
    before = set(plt.get_fignums())
    charts.show(dip_figure)
    (bundle, options), = shown
    details = options["metadata"]["image/svg+xml"]
    assert bundle["image/svg+xml"].startswith("<?xml") and 'width="576' not in details["phone"]
    assert bundle["text/plain"] == details["alt"] == "A line that dips and rises."
    assert details["anchor"] == "fig-dip"
    assert 'width="' in details["phone"] and details["phone"] != bundle["image/svg+xml"]
    assert set(plt.get_fignums()) == before


def test_show_gives_the_measured_rows_or_the_model_lines_as_a_table_and_its_csv(monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj, **kw: shown.append(kw))
    table = data.load("body_shape_motives")
    charts.show(dip_figure, table)
    charts.show(dip_figure)
    measured, model = (kw["metadata"]["image/svg+xml"] for kw in shown)
    # Measured: the columns the data package titles, so named; each source and locator once.
    columns = ["What the percentage describes", "Percent (%)", "An approximate figure", "People"]
    assert measured["table"]["columns"] == columns
    assert measured["table"]["rows"][1] == [
        "less exercise among them than among the other women", "40", "yes", "59"]
    locator = table["locator"].iloc[0]
    assert measured["table"]["sources"] == [{
        "source_id": "umich_news2006", "source": data.short_cite("umich_news2006"),
        "locator": locator, "rows": "every row"}]
    assert measured["csv"].splitlines()[0] == ",".join([*columns, "Source", "Where in the source"])
    assert measured["csv"].splitlines()[2].startswith(
        "less exercise among them than among the other women,40,yes,59,")
    # Model output: the labelled line's points, named by the axes (unlabelled here), the model
    # named by the chart's note.
    assert model["table"]["columns"] == ["Line", "Horizontal axis", "Vertical axis"]
    assert model["table"]["rows"] == [["a line", "0", "2"], ["a line", "1", "1"],
                                      ["a line", "2", "3"]]
    assert model["table"]["sources"] == [] and model["table"]["model"] == "Source: a test"
    assert model["csv"].splitlines() == [
        "Line,Horizontal axis,Vertical axis,Source,Where in the source",
        "a line,0,2,model,model output", "a line,1,1,model,model output",
        "a line,2,3,model,model output"]


def test_a_chart_table_names_panels_only_where_several_plot_numbers():
    fig, (left, right) = plt.subplots(1, 2)
    left.plot([0, 1], [1, 2], label="rise")
    left.set(title="Before", xlabel="Week", ylabel="Fat\nlost (kg)")
    right.plot([0, 1], [2, 1], label="fall")
    right.set(xlabel="Week", ylabel="Fat\nlost (kg)")
    numbers = chart_table.plotted_numbers(fig, [])
    assert list(numbers.columns) == ["Panel", "Line", "Week", "Fat lost (kg)", "source_id",
                                     "locator"]
    assert list(numbers["Panel"]) == ["Before", "Before", "2", "2"]
    right.lines[0].remove()
    assert "Panel" not in chart_table.plotted_numbers(fig, []).columns
    plt.close(fig)


def test_a_measured_table_not_loaded_from_the_data_package_is_refused():
    frame = pd.DataFrame({"value": [1.5], "source_id": ["smith2001"], "locator": ["Table 2"]})
    fig, _ = dip_figure()
    with pytest.raises(ValueError, match="data.load"):
        chart_table.plotted_numbers(fig, [frame])
    plt.close(fig)


def test_phone_variant_has_no_small_text_and_nothing_past_its_edges():
    fig, ax = plt.subplots(figsize=charts.size((8, 4), phone=True))
    ax.set_title("A title far too long to fit on one line of a figure as narrow as a phone's")
    ax.text(0.5, 0.5, "small", fontsize=7)
    stamp = charts.model_label(ax, "MODEL: an illustration, not measured").texts[-1]
    charts.fit_phone(fig)
    assert stamp.get_text() == "MODEL:\nan illustration,\nnot measured"  # a phrase a line
    chart_svg.figure_svg(fig)  # wraps text to the figure's width
    renderer = fig.canvas.get_renderer()
    texts = [t for t in fig.findobj(matplotlib.text.Text) if t.get_text()]
    assert min(t.get_fontsize() for t in texts) >= charts.PHONE_MIN_PT
    title, = (t for t in texts if t.get_text().startswith("A title"))
    assert title.get_fontsize() >= charts.PHONE_MIN_LABEL_PT and "\n" in title.get_text()
    assert all(fig.bbox.x0 - 1 <= t.get_window_extent(renderer).x0
               and t.get_window_extent(renderer).x1 <= fig.bbox.x1 + 1 for t in texts)
    plt.close(fig)


def test_show_refuses_a_figure_without_alt_text():
    with pytest.raises(ValueError, match="alt text"):
        charts.show(lambda phone=False: (_figure(), "  "))


def test_verdict_tally_adds_up_to_all_claims_in_the_scales_order():
    claims = data.load("claims")
    scale = data.allowed_values("claims", "verdict")
    counts = verdicts.tally(claims["verdict"], scale)
    assert list(counts) == scale and sum(counts.values()) == len(claims)
    assert verdicts.tally(["supported", "supported"], scale)["supported"] == 2


def test_sources_list_links_dois_in_the_order_given():
    html = report.sources_list(["hall2011", "segar2006", "hall2011"]).data
    assert html.count("<li") == 2
    assert html.index("source-hall2011") < html.index("source-segar2006")
    doi = "10.1016/S0140-6736(11)60812-X"
    assert f'<a href="https://doi.org/{doi}">doi:{doi}</a>' in html
    assert html.count("10.1016/S0140-6736(11)60812-X") == 2  # the link and its text, no repeat


def test_short_answer_shows_each_claim_with_its_badge_and_verdict_sentence():
    row = report.claim(8)
    html = report.short_answer([8], "Because <a href='#source-x'>a study</a> says so.").data
    assert row["claim"] in html and row["summary"] in html
    assert f'href="{report.GRADING_PAGE}.ipynb#{report.verdict_slug(row["verdict"])}"' in html


def test_short_answer_refuses_an_explanation_over_120_words():
    with pytest.raises(ValueError, match="121 words"):
        report.short_answer([8], "word " * 121)


def test_verdict_checks_lists_the_checks_that_hold_and_fails_on_one_that_does_not():
    verdict = report.claim(9)["verdict"]
    html = report.verdict_checks(9, verdict, [report.Check("Two is more than one.", 2 > 1)]).data
    assert "<li>Two is more than one.</li>" in html
    with pytest.raises(AssertionError, match="One is more than two"):
        report.verdict_checks(9, verdict, [report.Check("One is more than two.", 1 > 2)])
    with pytest.raises(AssertionError, match="claims.csv says"):
        report.verdict_checks(9, "not supported" if verdict != "not supported" else "supported", [])


def test_more_detail_folds_markdown_or_html():
    assert report.more_detail("*x*").data.startswith('<details class="more"><summary>More detail')
    folded = report.more_detail(report.table(pd.DataFrame({"a": [1]}), model="a test")).data
    assert '<table class="traced"><caption>' in folded


def test_cite_links_a_mention_to_its_sources_entry_and_refuses_an_unknown_source():
    link = '<a class="cite" href="#source-hall2011">Hall 2011</a>'
    assert report.cite("hall2011", "Hall 2011") == link
    with pytest.raises(data.DataError):
        report.cite("nobody1900", "Nobody 1900")


@pytest.mark.parametrize(("p", "words"), [("<0.001", "very unlikely to be chance"),
                                          ("0.017", "unlikely to be chance"),
                                          (0.296, "could well be chance")])
def test_chance_in_words(p, words):
    assert report.chance_in_words(p) == words


def test_table_shows_chosen_columns_in_full_under_readable_headings_without_an_index():
    frame = pd.DataFrame({"body": ["WHO <2020>"], "note": ["a long " * 40], "source_id": ["x"]})
    html = report.table(frame, {"body": "Guideline", "note": "Note"}, model="a test").data
    assert "<th>Guideline</th><th>Note</th>" in html and "source_id" not in html
    with pytest.raises(ValueError, match="where its numbers come from"):
        report.table(frame)
    assert "WHO &lt;2020&gt;" in html and ("a long " * 40).strip() in html
    assert "<th></th>" not in html and ">0<" not in html


@pytest.mark.parametrize(("percent", "words"), [(24.0, "one in four"), (14.4, "one in seven"),
                                                (20.6, "one in five"), (50.0, "one in two")])
def test_one_in_n_rounds_a_share_to_the_nearest_one_in_n(percent, words):
    assert report.one_in_n(percent) == words


def test_one_in_n_refuses_shares_outside_one_in_two_to_one_in_ten():
    with pytest.raises(ValueError):
        report.one_in_n(3.0)


def test_week_phrase_names_the_week_or_says_never():
    assert report.week_phrase(7, 52) == "week 7"
    assert report.week_phrase(0, 52) == "week 0"
    assert report.week_phrase(None, 52) == "not within 52 weeks"


def test_studies_and_people_counts_each_study_once_and_says_when_sizes_are_missing():
    rows = pd.DataFrame({"source_id": ["a", "a", "b", "c"],
                         "n_study": pd.array([10, 10, 5, None], dtype="Int64")})
    assert report.participant_count(rows) == (15, 1)
    assert report.studies_and_people(rows) == (
        "3 studies with at least 15 participants (1 without a reported size)")
    assert report.studies_and_people(rows[rows.source_id == "a"]) == "1 study with 10 participants"


def test_motive_studies_table_gives_people_for_studies_and_studies_for_reviews():
    studies = data.load("exercise_motive_studies")
    html = report.motive_studies_table(studies).data
    assert "<th>Study</th><th>Design</th><th>Size</th><th>Finding</th>" in html
    for row in studies.itertuples():
        size = (f"{row.participants} people" if pd.notna(row.participants)
                else f"{row.studies_reviewed} studies reviewed")
        assert f"<td>{data.short_cite(row.source_id)}</td>" in html
        assert f"<td>{size}</td>" in html
    assert "Our table" in html  # the caption traces the rows


FLOORS = {"paths": 1, "contract": 1, "verdicts": 1, "data": 1, "provenance": 1, "charts": 1,
          "chart_svg": 1, "chart_table": 1,
          "report": 1, "models": 2, "figures": 3, "try_it": 3}


def explainer_imports() -> dict[str, set[str]]:
    """Each module of the package (dotted name) and the package modules it imports."""
    graph = {}
    for path in paths.PACKAGE.rglob("*.py"):
        name = ".".join(path.relative_to(paths.NOTEBOOKS).with_suffix("").parts)
        name = name.removesuffix(".__init__")
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("explainer"):
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    found.add(full if (paths.NOTEBOOKS / full.replace(".", "/")).with_suffix(
                        ".py").exists() else node.module)
        graph[name] = found - {"explainer", name}
    return graph


def test_imports_run_down_the_floors_without_circles():
    graph = explainer_imports()
    floor = {name: FLOORS[name.split(".")[1]] for name in graph if name.count(".")}
    for name, imported in graph.items():
        for other in imported:
            assert floor[other] <= floor[name], f"{name} imports {other}, a floor above it"
            if name.startswith("explainer.figures.") and other.startswith("explainer.figures."):
                assert other == "explainer.figures.drawing", f"{name} imports {other}"
    visiting, done = set(), set()

    def visit(name, trail):
        assert name not in visiting, f"an import circle: {' -> '.join(trail + [name])}"
        if name in done:
            return
        visiting.add(name)
        for other in graph.get(name, ()):
            visit(other, trail + [name])
        visiting.discard(name)
        done.add(name)

    for name in graph:
        visit(name, [])
