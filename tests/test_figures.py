"""The figures package: every figure draws from the real data with labelled axes and alt text, and
each chart draws what its numbers say."""

import importlib
import json
import pkgutil
import re
from dataclasses import replace
from html import escape
from pathlib import Path
from types import SimpleNamespace

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from explainer import chart_svg, charts, data, figures, provenance, report  # noqa: E402
from explainer.figures import (  # noqa: E402
    activity_guidelines,
    anatomy,
    back_exercises,
    back_muscles,
    back_pain,
    dimple_model,
    fat_layer,
    local_lipolysis,
    loss_order,
    motives,
    spot_reduction,
    verdicts,
    weight_loss,
)
from explainer.models import energy_balance as eb  # noqa: E402
from explainer.models import fat_depots  # noqa: E402
from tests.shown_figures import (  # noqa: E402
    DIMPLE,
    FIGURES,
    energy_balance_runs,
    population,
    rate_of_loss,
    spot_scenario,
)

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
PERSON_KEYS = ["sex", "age", "height_cm", "weight_kg", "activity"]


@pytest.fixture
def ax():
    fig, axis = plt.subplots()
    yield axis
    plt.close(fig)


def title(ax) -> str:
    return "".join(ax.get_title(loc) for loc in ("left", "center", "right"))


def _texts(texts) -> bool:
    return any(text.get_text().strip() for text in texts)


def _labelled(ax, axis: str) -> bool:
    """The axes (or one it shares this axis with) names what the axis shows: a label or ticks."""
    shared = ax.get_shared_x_axes() if axis == "x" else ax.get_shared_y_axes()
    for other in shared.get_siblings(ax):
        label = other.get_xlabel() if axis == "x" else other.get_ylabel()
        ticks = other.get_xticklabels() if axis == "x" else other.get_yticklabels()
        if label.strip() or _texts(ticks):
            return True
    return False


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
@pytest.mark.parametrize("build", FIGURES.values(), ids=FIGURES)
def test_figure_draws_with_labelled_axes_and_alt_text(build, phone):
    charts.use_house_style()
    fig, alt = build(phone=phone)
    if phone:
        charts.fit_phone(fig)
    try:
        fig.canvas.draw()  # tick labels exist only once drawn
        assert alt.strip().endswith(".") and len(alt.split()) >= 8, "alt text: a whole sentence"
        assert fig.axes, "the figure draws something"
        for ax in fig.axes:
            if not ax.axison:  # a schematic: it must carry its own labels
                assert _texts(ax.texts), "an unlabelled drawing"
                continue
            assert _labelled(ax, "x"), f"axes {title(ax)!r}: no x label or ticks"
            assert _labelled(ax, "y") or _texts(ax.texts), f"axes {title(ax)!r}: y unlabelled"
        assert chart_svg.figure_svg(fig).startswith("<?xml")
        # A long text beside or under a plot must not squeeze it (the layout once narrowed the
        # plots to a third of the figure to fit a source note, and a phone's to nothing to fit
        # a legend). A phone's plot may leave room for labels beside it, but not a third less.
        if phone:
            narrowest = min((ax.get_position().width for ax in fig.axes if ax.axison), default=1)
            assert narrowest > 1 / 3, "a plot is squeezed"
        else:
            assert max(ax.get_position().x1 for ax in fig.axes) > 0.8, "the plots are squeezed"
    finally:
        plt.close(fig)


def test_every_figure_function_has_a_smoke_test():
    """A figure module or `*_figure` function added without an entry in FIGURES fails here."""
    found = set()
    for _, name, _ in pkgutil.iter_modules(figures.__path__):
        module = importlib.import_module(f"explainer.figures.{name}")
        found |= {f"{name}.{function}" for function in vars(module) if function.endswith("_figure")}
    assert found == set(FIGURES)


# verdicts


def test_verdict_chart_places_each_claim_in_its_verdict_column(ax):
    claims = data.load("claims")
    verdicts.verdict_chart(ax, claims)
    offsets = ax.collections[0].get_offsets()
    columns = list(charts.VERDICT_COLOURS)
    for (x, _), verdict in zip(offsets, claims.sort_values("id")["verdict"], strict=True):
        assert columns[int(x)] == verdict


def test_verdict_chart_title_is_said_from_the_tally():
    claims = pd.DataFrame({"verdict": ["supported", "partly supported", "partly supported",
                                       "no direct evidence"]})
    assert verdicts.tally(claims) == {"supported": 1, "partly supported": 2,
                                      "no direct evidence": 1, "not supported": 0}
    assert verdicts.verdicts_title(claims) == "1 of the 4 claims is supported in full, 2 in part"


# anatomy and back_muscles


def test_tethered_skin_dips_deeper_under_thin_fat_and_is_labelled_so():
    fig, (thin, thick) = plt.subplots(1, 2)
    anatomy.draw_tethered_skin(thin, fat_mm=6, tether_depth_mm=10, title="thin")
    anatomy.draw_tethered_skin(thick, fat_mm=24, tether_depth_mm=10, title="thick")
    dips = []
    for ax, words in ((thin, "visible dimple"), (thick, "faint hollow")):
        assert words in [text.get_text() for text in ax.texts]
        skin = ax.get_lines()[0].get_ydata()  # the skin surface; the tether is in the middle
        dips.append(skin.max() - skin[len(skin) // 2])
    assert dips[0] > dips[1] > 0
    plt.close(fig)


def test_lower_back_marks_both_dimples_symmetrically(ax):
    anatomy.draw_lower_back(ax)
    dots = [line for line in ax.get_lines() if line.get_marker() == "o"]
    assert sorted(float(dot.get_xdata()[0]) for dot in dots) == [-anatomy.PSIS_X, anatomy.PSIS_X]
    assert any("S2" in text.get_text() for text in ax.texts)


def test_schematic_labels_the_three_columns_and_the_dimple_points(ax):
    back_muscles.draw_erector_spinae(ax)
    text = " ".join(t.get_text() for t in ax.texts)
    # in plain words: the dimple points and the two places the activity studies recorded from
    for word in ("spinalis", "longissimus", "iliocostalis", "dimples of Venus", "lower back",
                 "the spine"):
        assert word in text
    assert back_muscles.vertebra_y("L1") > back_muscles.vertebra_y("L5"), "drawn head up"


# dimple_model


def test_visibility_chart_refuses_more_people_than_colours(ax):
    week = np.arange(3)
    with pytest.raises(ValueError, match="at most 3 people"):
        dimple_model.visibility_over_weeks(ax, week, {f"p{i}": week * 0.1 for i in range(4)})


def test_share_bars_are_the_visible_share_in_each_bmi_band(ax):
    people = population()
    dimple_model.share_visible_by_bmi(ax, people, [18.5, 30, 40.5])
    heights = [bar.get_height() for bar in ax.patches]
    lean = people["bmi"] < 30
    assert heights == pytest.approx([100 * people["visible"][lean].mean(),
                                     100 * people["visible"][~lean].mean()])


TRIAL = data.load("diet_subcutaneous_fat_loss").set_index("measure").loc["body_weight"]


def test_try_it_title_names_the_first_visible_week():
    fig, _ = dimple_model.try_it_figure(30, 10, 0.4, **DIMPLE)
    assert title(fig.axes[0]) == "Visible from the start"
    plt.close(fig)
    fig, _ = dimple_model.try_it_figure(0, 10, 0.4, **DIMPLE)
    assert title(fig.axes[0]) == "Not visible within 52 weeks"
    plt.close(fig)


def try_it_said(*settings) -> str:
    """The Try-it sentence for `settings` as a reader reads it (its numbers' origins left out),
    checking on the way that every number in it is traced."""
    html = dimple_model.try_it_sentence(*settings, trial=TRIAL, **DIMPLE)
    untraced = re.sub(r'<span class="num[^"]*" tabindex="0">.*?</span></span>', "", html)
    assert not re.search(r"\d", untraced), html
    words = " ".join(report.plain_text(html).split())  # a tag's place reads as a space
    return re.sub(r"\( ", "(", re.sub(r" (?=[,;.)])", "", words))


def test_try_it_sentence_reads_the_week_from_the_same_model_as_the_chart():
    fig, _ = dimple_model.try_it_figure(12, 14, 0.5, **DIMPLE)
    week = int(title(fig.axes[0]).removeprefix("Visible from week "))
    plt.close(fig)
    sentence = try_it_said(12, 14, 0.5)
    assert sentence.startswith(
        f"In the model, with a tie 12 mm deep the dimple first shows in week {week}, ")
    assert f"about {week * 0.5:.0f} kg lighter" in sentence
    assert sentence.endswith("; beyond the trial's 6 months this is a projection.")
    assert "no dimple shows at any weight" in try_it_said(0, 12, 0.5)
    deep = try_it_said(18, 12, 0.5)
    assert deep.startswith("In the model, with a tie 18 mm deep the dimple shows from the start")
    assert "stays hidden all 52 weeks" in try_it_said(2, 30, 0.5)
    fastest_only = try_it_said(10, 14, 0.45)
    assert "shows only at the fastest thinning" in fastest_only and "projection" in fastest_only
    early = try_it_said(13, 14, 0.5)  # weeks 11, 13 and 17
    assert early.endswith("(weeks 11 to 17 at the fastest and slowest thinning).")
    html = dimple_model.try_it_sentence(12, 14, 0.5, trial=TRIAL, **DIMPLE)
    assert "Model output, not measured: our dimple model: a tie 12 mm deep" in html
    assert 'href="#source-wang2002"' in html  # the trial's length, traced to its row


def test_try_it_title_of_a_dimple_that_shows_only_at_the_fastest_thinning():
    fig, _ = dimple_model.try_it_figure(10, 14, 0.45, **DIMPLE)
    assert title(fig.axes[0]).startswith("Only at the fastest thinning: visible from week ")
    plt.close(fig)


# fat_layer


def test_fat_layer_ranges_span_the_measured_values():
    table = data.load("subcutaneous_fat_sex_size")
    fig, _ = fat_layer.fat_layer_figure(table)
    per_20kg = table.set_index("measure").loc["sat_gain_per_20kg"]
    thick = [line for line in fig.axes[0].get_lines() if line.get_linewidth() == 7]
    assert list(thick[0].get_xdata()) == [per_20kg["value_low"], per_20kg["value_high"]]
    plt.close(fig)


# spot_reduction, local_lipolysis, loss_order


def test_percent_changes_are_computed_where_only_before_and_after_are_given():
    trials = pd.DataFrame({
        "trained_before": [10.0, np.nan], "trained_after": [9.0, np.nan],
        "trained_change_pct": [np.nan, -3.0], "comparison_before": [20.0, np.nan],
        "comparison_after": [19.0, np.nan], "comparison_change_pct": [np.nan, -5.0]})
    changes = spot_reduction.with_percent_changes(trials)
    assert list(changes["trained_pct"]) == pytest.approx([-10.0, -3.0])
    assert list(changes["comparison_pct"]) == pytest.approx([-5.0, -5.0])


def test_trials_chart_has_a_row_per_comparison_and_puts_counter_evidence_last(ax):
    trials = data.load("spot_reduction_trials")
    spot_reduction.trials_chart(ax, trials)
    labels = [tick.get_text() for tick in ax.get_yticklabels()]
    assert len(labels) == len(trials)
    counter = trials[trials.authors_report_local_loss]
    assert all(study in " ".join(labels[-len(counter):]) for study in counter.study)


def test_local_bonus_bars_have_the_lengths_given(ax):
    local_lipolysis.local_vs_whole_body_bars(ax, 2.5, 1200.0)
    assert sorted(bar.get_width() for bar in ax.patches) == [2.5, 1200.0]


def test_lipolysis_bars_pair_working_and_resting_at_each_intensity(ax):
    lipolysis = data.load("local_lipolysis")
    local_lipolysis.working_vs_resting_bars(ax, lipolysis, "lipolysis")
    rows = lipolysis[lipolysis.measure == "lipolysis"]
    assert sorted(bar.get_height() for bar in ax.patches) == sorted(rows["mean"])


def test_order_tiles_list_each_row_by_week(ax):
    crossings = pd.DataFrame({"abdomen": [3.0, 1.0], "arms": [1.0, np.nan]},
                             index=[("A", "diet"), ("B", "diet")])
    loss_order.loss_order_tiles(ax, crossings, highlight="arms")
    texts = [text.get_text() for text in ax.texts]
    assert texts == ["arms\nweek 1.0", "abdomen\nweek 3.0", "abdomen\nweek 1.0",
                     "arms\nnot reached"]


def test_try_it_bars_rank_the_regions_and_training_brings_the_trained_one_forward():
    scenario = spot_scenario()
    weights = dict(zip(fat_depots.DEPOTS, scenario.weights["Twin A"], strict=True))
    weeks = {}
    for trained in (False, True):
        fig, _ = loss_order.try_it_figure(scenario, 0.3, 300.0, trained, **weights)
        ax = fig.axes[0]
        names = [label.get_text() for label in ax.get_yticklabels()][::-1]  # top row first
        widths = [bar.get_width() for bar in ax.patches]
        assert widths == sorted(widths), "the first region to reach halfway is at the top"
        weeks[trained] = dict(zip(names, widths, strict=True))
        plt.close(fig)
    assert weeks[True][scenario.spot_depot] < weeks[False][scenario.spot_depot]


def test_try_it_sentence_says_whether_the_order_changes():
    """The sentences are HTML (their numbers traced to the model): read as plain text."""
    scenario = spot_scenario()
    weights = dict(zip(fat_depots.DEPOTS, scenario.weights["Twin A"], strict=True))
    spot, run = scenario.spot_depot, replace(scenario, weights={"A": list(weights.values())})
    place = fat_depots.order_of_loss(run.run("A", False), scenario.fraction_left).index(spot)

    def say(factor, trained):
        return report.plain_text(loss_order.try_it_sentence(
            scenario, scenario.weekly_fat_loss_kg, factor, trained, **weights))

    ordinal = ["first", "second", "third", "fourth", "fifth"][place]
    assert say(1.0, False).startswith(
        f"In the model, on diet alone, the {spot} is {ordinal} to lose half")
    assert say(1.0, True).endswith("the order stays the same.")
    assert ", and it moves ahead of the " in say(1e5, True)


def test_try_it_sentence_marks_its_numbers_as_the_models_and_says_when_nothing_shows():
    scenario = spot_scenario()
    weights = dict(zip(fat_depots.DEPOTS, scenario.weights["Twin A"], strict=True))
    html = loss_order.try_it_sentence(scenario, 0.3, 1.0, True, **weights)
    assert '<span class="num model"' in html
    assert "our fat-depot model: 0.3 kg of fat lost a week for 40 weeks" in html
    assert escape(scenario.drawn_with) in html
    tiny = report.plain_text(html)
    assert "too little to see: the bars look as on diet alone" in tiny
    big = report.plain_text(loss_order.try_it_sentence(scenario, 0.3, 1e4, True, **weights))
    assert "too little to see" not in big and "10000 times our generous estimate" in big


def test_the_page_and_the_switcher_say_a_shift_in_the_same_words():
    """The hours the text gives for Twin A are the hours the switcher gives: one computation."""
    scenario = spot_scenario(spot_kg_per_week=0.0001)
    weights = dict(zip(fat_depots.DEPOTS, scenario.weights["Twin A"], strict=True))
    crossings = scenario.crossings()
    weeks = (crossings.loc[("Twin A", "diet only"), scenario.spot_depot]
             - crossings.loc[("Twin A", "diet + spot training"), scenario.spot_depot])
    said = report.plain_text(loss_order.try_it_sentence(scenario, 0.3, 1.0, True, **weights))
    assert f"halfway point {loss_order.sooner_words(7 * weeks)} forward" in said
    assert [loss_order.sooner_words(d) for d in (0.27, 0.4, 3, 30)] == [
        "6 hours", "10 hours", "3 days", "4.3 weeks"]


def test_switcher_labels_name_the_multiple_in_words():
    assert loss_order.times_in_words(100.0) == "A hundred times that"
    with pytest.raises(ValueError):
        loss_order.times_in_words(58)


def test_tiles_title_names_whose_order_changes():
    for factor, changed in ((1.0, False), (3e3, True)):
        scenario = spot_scenario(spot_kg_per_week=0.0004 * factor)
        fig, _ = loss_order.order_tiles_figure(scenario)
        names = loss_order.order_changed_for(scenario.crossings())
        assert bool(names) == changed
        expected = "the order for " + " and ".join(names) if changed else "nobody's order"
        assert title(fig.axes[0]).endswith(expected)
        plt.close(fig)


def test_lipolysis_finding_comes_from_the_p_values():
    """Stallknecht 2007: faster on average at all three efforts, P = 0.06, > 0.05 and < 0.05."""
    lipolysis = data.load("local_lipolysis")
    assert local_lipolysis.faster_next_to_work(lipolysis).all()
    assert local_lipolysis.clear_effort_levels(lipolysis) == [85]
    assert local_lipolysis.clear_effort_levels(lipolysis, "blood flow") == [25, 55]
    finding = local_lipolysis.breakdown_finding(lipolysis)
    assert finding == ("broke down faster on average at every effort, but clearly beyond chance "
                       "only at 85% of maximal workload")
    fig, _ = local_lipolysis.lipolysis_figure(lipolysis)
    assert finding in fig.texts[0].get_text().replace("\n", " ")
    plt.close(fig)
    traced = local_lipolysis.breakdown_finding(lipolysis, mark=provenance.sourced)
    assert report.plain_text(traced) == finding and '<span class="num"' in traced


def test_comparisons_with_numbers_include_the_counter_evidence():
    """The verdict's check over the comparisons with numbers sees Scotto di Palumbo's limbs."""
    measured = spot_reduction.with_numbers_for_both_sides(data.load("spot_reduction_trials"))
    assert "scottodipalumbo2017" in set(measured.source_id)
    more = measured.trained_pct < measured.comparison_pct
    assert (more == measured.authors_report_local_loss).all()


# weight_loss


def test_arm_bars_use_confidence_intervals_when_given(ax):
    purcell = rate_of_loss("source_id == 'purcell2014' and outcome == 'regain by week 144'")
    weight_loss.arm_bars(ax, purcell, "regain (%)")
    errorbar = next(c for c in ax.containers if hasattr(c, "has_xerr"))
    whiskers = errorbar.lines[2][0].get_segments()
    assert [tuple(segment[:, 0]) for segment in whiskers] == list(
        zip(purcell["ci_low"], purcell["ci_high"], strict=True))


def test_rule_line_is_straight_and_the_model_bends(ax):
    model, rule = energy_balance_runs()
    weight_loss.rule_versus_model(ax, model["day"] / eb.DAYS_PER_YEAR, model["weight_kg"], rule,
                                  80.0)
    rule_line, model_line = ax.get_lines()[:2]
    assert np.allclose(np.diff(rule_line.get_ydata(), 2), 0)
    assert np.diff(model_line.get_ydata(), 2).max() > 0  # loss slows


def test_try_it_refuses_an_intake_the_model_does_not_cover():
    with pytest.raises(ValueError, match="does not"):
        weight_loss.try_it_figure("female", 40, 165, 60, "sedentary", 0, 3)


def test_try_it_chart_has_room_for_a_weight_gain_and_says_it_rises():
    fig, alt = weight_loss.try_it_figure("female", 40, 165, 85, "sedentary", 3500, 1)
    ax = fig.axes[0]
    assert ax.get_ylim()[1] > max(ax.get_lines()[0].get_ydata())
    assert "body weight rises from 85" in alt
    plt.close(fig)


def test_try_it_sentence_gives_the_loss_the_chart_ends_at_with_its_numbers_traced():
    person = ("female", 40, 165, 85, "sedentary")
    fig, alt = weight_loss.try_it_figure(*person, 1800, 1)
    end = float(title(fig.axes[0]).split(": ")[1].split(" kg")[0])
    plt.close(fig)
    sentence = weight_loss.try_it_sentence(*person, 1800, 1)
    said = report.plain_text(sentence).replace("( ", "(").replace(" )", ")").replace(" ,", ",")
    cut = eb.maintenance_intake(eb.Person(*person)) - 1800
    assert said.startswith(f"Eating {cut:.0f} kcal a day less")
    assert f"loses about {85 - end:.0f} kg in a year" in said
    assert f"ends at {end:.0f} kg, above the lowest healthy weight" in said
    assert sentence.count('class="num model"') == 4 and sentence.count('class="num"') == 1
    assert "in 3 years" in report.plain_text(weight_loss.try_it_sentence(*person, 1800, 3))


def test_healthy_floor_is_the_bottom_of_the_normal_bmi_range_for_the_height():
    bmi = weight_loss.healthy_bmi()
    assert bmi["low"] == 18.5 and bmi["source_id"] == "strawbridge2000"
    assert weight_loss.healthy_floor_kg(165) == pytest.approx(18.5 * 1.65 ** 2)


def test_a_run_ending_below_the_healthy_weight_floor_says_so_in_title_and_sentence():
    tall = ("female", 40, 180, 70, "sedentary")
    intake = eb.maintenance_intake(eb.Person(*tall)) - 500
    fig, _ = weight_loss.try_it_figure(*tall, intake, 1)
    assert title(fig.axes[0]).endswith("below a healthy weight for this height")
    plt.close(fig)
    below = report.plain_text(weight_loss.try_it_sentence(*tall, intake, 1))
    assert weight_loss.BELOW_FLOOR in below and "no guideline aims for" in below
    above = report.plain_text(weight_loss.try_it_sentence(*tall, intake + 400, 1))
    assert weight_loss.BELOW_FLOOR not in above and "above the lowest healthy weight" in above


def notebook_cells(name: str) -> dict[str, str]:
    """A notebook's code cells by id."""
    cells = json.loads((NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8"))["cells"]
    return {cell["id"]: "".join(cell["source"]) for cell in cells if cell["cell_type"] == "code"}


def test_every_page_04_scenario_ends_above_the_healthy_weight_floor_or_carries_the_warning():
    """Runs page 04's own cells (imports, parameters, person, Try it) with a switcher that only
    records what it is given, then runs the model for every scenario a reader can pick."""
    cells = notebook_cells("04_how_fast_to_lose_weight")
    shown = {}
    namespace = {}
    for cell in ["nb04-imports", "nb04-parameters", "nb04-person"]:
        exec(cells[cell], namespace)
    namespace["try_it"] = SimpleNamespace(scenarios=lambda figure, say, choices, legend, default:
                                          shown.update(say=say, choices=choices))
    exec(cells["nb04-try-it"], namespace)
    assert len(shown["choices"]) >= 3
    for label, settings in shown["choices"].items():
        assert not any(character.isdigit() for character in label), label
        run = eb.simulate(eb.Person(*[settings[k] for k in PERSON_KEYS]), settings["intake_kcal"],
                          days=round(settings["years"] * eb.DAYS_PER_YEAR))
        floor = weight_loss.healthy_floor_kg(settings["height_cm"])
        said = report.plain_text(shown["say"](**settings))
        assert run["weight_kg"].min() >= floor or weight_loss.BELOW_FLOOR in said, label
        assert (weight_loss.BELOW_FLOOR in said) == (run["weight_kg"].iloc[-1] < floor), label


# back_exercises, back_pain, activity_guidelines, motives


def lead_table(rows):
    return pd.DataFrame(rows, columns=["site", "leading_exercise", "compared_exercise",
                                       "exceeded_by_percent"])


def test_emg_leaders_names_the_leading_lift_at_each_site():
    table = lead_table([("upper", "deadlift", "squat", 10.0),
                        ("upper", "deadlift", "superman", 60.0),
                        ("lower", "squat", "deadlift", 30.0)])
    assert back_exercises.emg_leaders(table) == {"upper": "deadlift", "lower": "squat"}


def test_emg_leaders_rejects_a_site_with_two_different_leaders():
    table = lead_table([("upper", "deadlift", "squat", 10.0), ("upper", "squat", "superman", 60.0)])
    with pytest.raises(ValueError, match="exactly one leading exercise"):
        back_exercises.emg_leaders(table)


def test_the_published_emg_data_have_a_different_leader_at_each_site():
    leaders = back_exercises.emg_leaders(data.load("erector_emg_lead_by_site"))
    assert leaders["upper lumbar"].startswith("deadlift")
    assert leaders["lumbosacral"].startswith("squat")


def test_site_chart_shows_the_leads_as_reported_and_labels_them_so_closest_rival_on_top(ax):
    lead = data.load("erector_emg_lead_by_site")
    back_exercises.site_lead_chart(ax, lead, "upper lumbar")
    rows = lead[lead["site"] == "upper lumbar"]
    widths = [bar.get_width() for bar in ax.patches]
    assert sorted(widths) == sorted(rows["exceeded_by_percent"])  # one bar per other exercise
    assert widths == sorted(widths, reverse=True)  # barh: the last bar, the smallest lead, on top
    labels = [text.get_text() for text in ax.texts]
    superman = rows.loc[rows["compared_exercise"] == "superman", "exceeded_by_percent"].iloc[0]
    assert f"{superman:g}%" in labels  # the number the page's sentence gives, the same way
    names = [tick.get_text() for tick in ax.get_yticklabels()]
    assert "heavy squat" in names and not any("1RM" in name for name in names)


def test_heavy_lifts_are_named_in_plain_words_with_their_load_read_from_the_data():
    assert back_exercises.exercise_name("deadlift at 80% 1RM") == "heavy deadlift"
    assert back_exercises.exercise_name("superman") == "superman"
    assert back_exercises.heavy_load_percent(data.load("erector_emg_lead_by_site")) == 80
    mixed = lead_table([("upper", "deadlift at 80% 1RM", "squat at 70% 1RM", 10.0)])
    with pytest.raises(ValueError, match="one load"):
        back_exercises.heavy_load_percent(mixed)


def test_emg_lead_row_reads_one_comparison_and_rejects_a_missing_one():
    table = lead_table([("upper", "deadlift", "squat", 10.0),
                        ("upper", "deadlift", "superman", 60.0),
                        ("lower", "squat", "superman", 30.0)])
    assert back_exercises.emg_lead_row(table, "upper", "superman")["exceeded_by_percent"].tolist() \
        == [60.0]
    with pytest.raises(ValueError, match="expected one row"):
        back_exercises.emg_lead_row(table, "lower", "squat")


def test_relative_exercise_is_100_minus_the_reported_gap():
    table = pd.DataFrame({"measure": ["share with body-shape motives", "less exercise among them"],
                          "percent": [44.0, 40.0]})
    assert motives.relative_exercise(table) == 60.0


def test_treatment_forest_marks_each_outcome_and_its_threshold(ax):
    treatment = data.load("low_back_pain_treatment")
    back_pain.treatment_forest(ax, treatment)
    labels = [tick.get_text() for tick in ax.get_yticklabels()]
    assert len(labels) == len(treatment)
    assert all(any(outcome in label for label in labels) for outcome in treatment["outcome"])
    thresholds = [segment[0][0] for segment in ax.collections[-1].get_segments()]
    assert sorted(thresholds) == sorted(treatment["clinical_threshold"])


def test_prevention_forest_uses_a_log_scale_with_the_no_effect_line_at_one(ax):
    back_pain.prevention_forest(ax, data.load("low_back_pain_prevention"))
    assert ax.get_xscale() == "log"
    assert any(list(line.get_xdata()) == [1, 1] for line in ax.get_lines())


def test_fitness_link_chart_stacks_weak_on_top_of_no_correlation(ax):
    links = data.load("exercise_benefit_vs_fitness_change")
    back_pain.fitness_link_chart(ax, links)
    pain = links[links["outcome"] == back_pain.RELIEF]
    assert len(pain) > 0
    totals = sorted(bar.get_x() + bar.get_width() for bar in ax.patches[len(pain):])
    assert totals == sorted(pain["studies_no_correlation"] + pain["studies_weak_correlation"])


def test_adherence_chart_draws_estimates_not_stated_as_age_adjusted_as_open_markers(ax):
    adherence = data.load("guideline_adherence_us")
    activity_guidelines.adherence_chart(ax, adherence)
    open_points = sum(len(c.get_offsets()) for c in ax.collections
                      if (c.get_facecolor()[0][:3] == 1).all())
    assert open_points == (~adherence["age_adjusted"]).sum()
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert len(labels) == len(set(labels)), "one legend entry per guideline and survey"
