"""Unit tests of the explainer package's shared pieces: paths, charts and report blocks."""

import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from explainer import charts, data, paths, report  # noqa: E402


def test_paths_come_from_the_package_not_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert (paths.ROOT / "requirements.txt").exists()
    assert paths.DATAPACKAGE.exists() and paths.STYLE.exists()
    assert data.load("claims").shape[0] == 10  # loads from anywhere
    assert os.getcwd() == str(tmp_path)


def _figure():
    charts.use_house_style()
    fig, ax = plt.subplots()
    ax.plot([0, 1, 2], [2, 1, 3], label="a line")
    ax.set_title("A title")
    charts.source_note(ax, "Source: a test")
    return fig


def test_figure_svg_is_deterministic_and_undated():
    first, second = charts.figure_svg(_figure()), charts.figure_svg(_figure())
    assert first == second
    assert "<dc:date>" not in first
    assert "A title" in first  # text stays text (svg.fonttype none): small and searchable


def test_show_attaches_alt_text_and_closes_the_figure(monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj, **kw: shown.append((obj, kw)))
    fig = _figure()
    charts.show(fig, alt="A line that dips and rises.")
    (bundle, options), = shown
    assert bundle["image/svg+xml"].startswith("<?xml")
    assert bundle["text/plain"] == "A line that dips and rises."
    assert options["metadata"] == {"image/svg+xml": {"alt": "A line that dips and rises."}}
    assert not plt.fignum_exists(fig.number)


def test_show_refuses_a_figure_without_alt_text():
    with pytest.raises(ValueError, match="alt text"):
        charts.show(_figure(), alt="  ")


def test_verdict_chart_places_each_claim_in_its_verdict_column():
    claims = data.load("claims")
    fig, ax = plt.subplots()
    charts.verdict_chart(ax, claims)
    offsets = ax.collections[0].get_offsets()
    columns = list(charts.VERDICT_COLOURS)
    for (x, _), verdict in zip(offsets, claims.sort_values("id")["verdict"], strict=True):
        assert columns[int(x)] == verdict
    plt.close(fig)


def test_verdict_counts_sentence_adds_up_to_all_claims():
    claims = data.load("claims")
    sentence = charts.verdict_counts_sentence(claims)
    assert sum(int(part.split()[0]) for part in sentence.split(", ")) == len(claims)


def test_sources_list_links_dois_in_the_order_given():
    html = report.sources_list(["hall2011", "segar2006", "hall2011"]).data
    assert html.count("<li") == 2
    assert html.index("source-hall2011") < html.index("source-segar2006")
    doi = "10.1016/S0140-6736(11)60812-X"
    assert f'<a href="https://doi.org/{doi}">doi:{doi}</a>' in html
    assert html.count("10.1016/S0140-6736(11)60812-X") == 2  # the link and its text, no repeat


def test_verdict_box_shows_the_claim_and_its_verdict():
    row = report.claim(8)
    html = report.verdict_box(8).data
    assert f"Verdict: {row['verdict']}." in html
    assert f"verdict-{report.verdict_slug(row['verdict'])}" in html


def test_claims_table_has_a_row_per_claim():
    assert report.claims_table().data.count("<tr>") == 1 + 10
