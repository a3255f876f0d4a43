"""Charts and helpers behind notebooks 05 and 06: the numbers they compute and what they draw."""

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from explainer import data, muscles, report, training


@pytest.fixture
def ax():
    fig, axis = plt.subplots()
    yield axis
    plt.close(fig)


def lead_table(rows):
    return pd.DataFrame(rows, columns=["site", "leading_exercise", "compared_exercise",
                                       "exceeded_by_percent"])


def test_emg_leaders_names_the_leading_lift_at_each_site():
    table = lead_table([("upper", "deadlift", "squat", 10.0),
                        ("upper", "deadlift", "superman", 60.0),
                        ("lower", "squat", "deadlift", 30.0)])
    assert training.emg_leaders(table) == {"upper": "deadlift", "lower": "squat"}


def test_emg_leaders_rejects_a_site_with_two_different_leaders():
    table = lead_table([("upper", "deadlift", "squat", 10.0), ("upper", "squat", "superman", 60.0)])
    with pytest.raises(ValueError, match="exactly one leading exercise"):
        training.emg_leaders(table)


def test_the_published_emg_data_have_a_different_leader_at_each_site():
    leaders = training.emg_leaders(data.load("erector_emg_lead_by_site"))
    assert leaders["upper lumbar"].startswith("deadlift")
    assert leaders["lumbosacral"].startswith("squat")


def test_site_chart_draws_one_bar_per_compared_exercise_in_rising_order(ax):
    lead = data.load("erector_emg_lead_by_site")
    training.site_lead_chart(ax, lead, "lumbosacral")
    widths = [bar.get_width() for bar in ax.patches]
    assert len(widths) == (lead["site"] == "lumbosacral").sum()
    assert widths == sorted(widths)


def test_emg_lead_percent_reads_one_comparison_and_rejects_a_missing_one():
    table = lead_table([("upper", "deadlift", "squat", 10.0),
                        ("upper", "deadlift", "superman", 60.0),
                        ("lower", "squat", "superman", 30.0)])
    assert training.emg_lead_percent(table, "upper", "superman") == 60.0
    with pytest.raises(ValueError, match="expected one row"):
        training.emg_lead_percent(table, "lower", "squat")


def test_relative_exercise_is_100_minus_the_reported_gap():
    table = pd.DataFrame({"measure": ["share with body-shape motives", "less exercise among them"],
                          "percent": [44.0, 40.0]})
    assert training.relative_exercise(table) == 60.0


def test_treatment_forest_marks_each_outcome_and_its_threshold(ax):
    treatment = data.load("low_back_pain_treatment")
    training.treatment_forest(ax, treatment)
    labels = [tick.get_text() for tick in ax.get_yticklabels()]
    assert len(labels) == len(treatment)
    assert all(any(outcome in label for label in labels) for outcome in treatment["outcome"])
    thresholds = [segment[0][0] for segment in ax.collections[-1].get_segments()]
    assert sorted(thresholds) == sorted(treatment["clinical_threshold"])


def test_prevention_forest_uses_a_log_scale_with_the_no_effect_line_at_one(ax):
    training.prevention_forest(ax, data.load("low_back_pain_prevention"))
    assert ax.get_xscale() == "log"
    assert any(list(line.get_xdata()) == [1, 1] for line in ax.get_lines())


def test_fitness_link_chart_stacks_weak_on_top_of_no_correlation(ax):
    links = data.load("exercise_benefit_vs_fitness_change")
    training.fitness_link_chart(ax, links, outcome="pain")
    pain = links[links["outcome"] == "pain"]
    totals = sorted(bar.get_x() + bar.get_width() for bar in ax.patches[len(pain):])
    assert totals == sorted(pain["studies_no_correlation"] + pain["studies_weak_correlation"])


def test_schematic_labels_the_three_columns_and_the_dimple_points(ax):
    muscles.draw_erector_spinae(ax)
    text = " ".join(t.get_text() for t in ax.texts)
    for word in ("spinalis", "longissimus", "iliocostalis", "PSIS", "upper lumbar", "lumbosacral"):
        assert word in text
    assert muscles.vertebra_y("L1") > muscles.vertebra_y("L5"), "the drawing runs head up"


def test_html_table_shows_chosen_columns_in_full_under_readable_headings():
    guidelines = data.load("strength_training_guidelines")
    html = report.table(guidelines, training.GUIDELINE_HEADINGS).data
    assert "..." not in html
    for text in list(guidelines["body"]) + list(guidelines["muscle_strengthening"]):
        assert text in html
    assert "Strength training" in html
    assert "muscle_strengthening" not in html and "source_id" not in html
    assert "<th></th>" not in html, "no index column"


def test_motive_study_rows_give_people_for_studies_and_studies_for_reviews():
    studies = pd.DataFrame({
        "source_id": ["segar2006", "teixeira2012"], "design": ["survey", "systematic review"],
        "participants": pd.array([59, None], dtype="Int64"),
        "studies_reviewed": pd.array([None, 66], dtype="Int64"), "finding": ["a", "b"],
    })
    rows = training.motive_study_rows(studies)
    assert list(rows["study"]) == ["Segar et al. 2006", "Teixeira et al. 2012"]
    assert list(rows["size"]) == ["59 people", "66 studies reviewed"]
    assert set(training.MOTIVE_STUDY_HEADINGS) == set(rows.columns)


@pytest.mark.parametrize(("percent", "words"), [(24.0, "one in four"), (14.4, "one in seven"),
                                                (20.6, "one in five"), (50.0, "one in two")])
def test_one_in_n_rounds_a_share_to_the_nearest_one_in_n(percent, words):
    assert training.one_in_n(percent) == words


def test_one_in_n_refuses_shares_outside_one_in_two_to_one_in_ten():
    with pytest.raises(ValueError):
        training.one_in_n(3.0)


def test_adherence_chart_draws_estimates_not_stated_as_age_adjusted_as_open_markers(ax):
    adherence = data.load("guideline_adherence_us")
    training.adherence_chart(ax, adherence)
    open_points = sum(len(c.get_offsets()) for c in ax.collections
                      if (c.get_facecolor()[0][:3] == 1).all())
    assert open_points == (~adherence["age_adjusted"]).sum()
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert len(labels) == len(set(labels)), "one legend entry per guideline and survey"
