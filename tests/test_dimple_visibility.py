"""The dimple-visibility model: fat hides the hollow, no tether means no dimple, runs are seeded."""

import numpy as np
import pandas as pd
import pytest

from explainer import data
from explainer.models import dimple_visibility as dv

FAT = dv.FatAssumptions(
    lean_bmi=22.6,
    lean_fat_female_mm=6.0,
    lean_fat_male_mm=2.0,
    min_gain_mm_per_kg=0.1,
    max_gain_mm_per_kg=0.7,
    floor_mm=1.5,
)


def test_visibility_falls_as_fat_thickens():
    fat = np.linspace(1, 60, 100)
    index = dv.visibility(10.0, fat)
    assert np.all(np.diff(index) < 0)
    assert dv.is_visible(10.0, 8.0) and not dv.is_visible(10.0, 12.0)


def test_visibility_rises_with_tether_depth():
    assert np.all(np.diff(dv.visibility(np.linspace(0, 30, 50), 12.0)) > 0)


def test_no_tether_is_never_visible():
    fat = np.linspace(0.01, 100, 500)
    assert np.all(dv.visibility(0.0, fat) == 0)
    assert not dv.is_visible(0.0, fat, threshold=0.01).any()


def test_impossible_inputs_are_rejected():
    with pytest.raises(ValueError):
        dv.visibility(-1.0, 10.0)
    with pytest.raises(ValueError):
        dv.visibility(5.0, 0.0)
    with pytest.raises(ValueError):
        dv.is_visible(5.0, 10.0, threshold=1.0)


def test_seeded_simulation_is_reproducible_and_seed_dependent():
    tether = dv.TetherAssumptions(share_without=0.5, max_depth_mm=20.0)
    first = dv.simulate_population(2000, 7, (18.6, 40.3), FAT, tether)
    again = dv.simulate_population(2000, 7, (18.6, 40.3), FAT, tether)
    other = dv.simulate_population(2000, 8, (18.6, 40.3), FAT, tether)
    pd.testing.assert_frame_equal(first, again)
    assert not first["tether_depth_mm"].equals(other["tether_depth_mm"])


def test_simulated_people_without_a_tether_never_show_dimples():
    people = dv.simulate_population(3000, 1, (18.6, 40.3), FAT, dv.TetherAssumptions(0.4, 25.0))
    without = people[people["tether_depth_mm"] == 0]
    assert len(without) > 0 and not without["visible"].any()
    assert people["visible"].any()
    assert (people["fat_mm"] >= FAT.floor_mm).all()


def test_fat_thickens_with_bmi_and_is_thicker_in_women_at_the_same_bmi():
    bmi = np.array([20.0, 25.0, 30.0, 35.0])
    women = dv.fat_over_psis_mm(bmi, True, 0.4, FAT)
    men = dv.fat_over_psis_mm(bmi, False, 0.4, FAT)
    assert np.all(np.diff(women) > 0)
    assert np.all(women > men)


def test_ranking_score_is_one_when_perfect_half_when_uninformative():
    outcome = np.array([True, True, False, False])
    assert dv.chance_of_ranking_correctly([4, 3, 2, 1], outcome) == 1.0
    assert dv.chance_of_ranking_correctly([1, 2, 3, 4], outcome) == 0.0
    assert dv.chance_of_ranking_correctly([1, 1, 1, 1], outcome) == 0.5


def test_weight_loss_thins_fat_until_a_tethered_dimple_shows():
    week, weight = dv.steady_weight_loss(90.0, 0.5, 52)
    fat = dv.fat_during_weight_loss(16.0, 90.0, weight, 1.2, floor_mm=1.5)
    assert np.all(np.diff(fat) < 0)
    shows = dv.first_visible_week(week, 12.0, fat)
    assert shows is not None and 0 < shows <= 52
    assert dv.first_visible_week(week, 0.0, fat) is None


def test_assumptions_come_from_the_data_tables():
    fat = dv.fat_assumptions_from(data.load("subcutaneous_fat_sex_size"))
    assert fat.lean_fat_female_mm > fat.lean_fat_male_mm > 0
    assert 0 < fat.min_gain_mm_per_kg < fat.max_gain_mm_per_kg
    least, most = dv.fat_loss_per_weight_loss(data.load("diet_subcutaneous_fat_loss"))
    assert 0 < least < most


def test_losing_weight_raises_visibility_with_a_tether_and_never_without_one():
    least, most = dv.fat_loss_per_weight_loss(data.load("diet_subcutaneous_fat_loss"))
    for share in (least, most):
        _, deep = dv.visibility_during_weight_loss(18.0, 16.0, 90.0, 0.4, 52, share, 1.5)
        _, none = dv.visibility_during_weight_loss(0.0, 16.0, 90.0, 0.4, 52, share, 1.5)
        assert np.all(np.diff(deep) > 0)
        assert np.all(none == 0)


def test_population_summary_shares_and_ranking_scores():
    people = dv.simulate_population(4000, 3, (18.6, 40.3), FAT, dv.TetherAssumptions(0.5, 20.0))
    summary = dv.summarise_population(people)
    assert summary["visible"] == pytest.approx(people["visible"].mean())
    lean_visible = people.loc[people["bmi"] < 25, "visible"].mean()
    assert summary["heavy_visible"] < lean_visible == pytest.approx(1 - summary["lean_hidden"])
    assert 0.5 < summary["bmi_ranks"] < summary["tether_ranks"] <= 1


def test_tether_sensitivity_has_a_row_per_pair_of_assumptions_from_the_same_people():
    table = dv.tether_sensitivity(2000, 3, (18.6, 40.3), FAT, shares=(0.25, 0.75),
                                  depths=(10, 30))
    assert list(zip(table["share_without"], table["max_depth_mm"], strict=True)) == [
        (0.25, 10), (0.25, 30), (0.75, 10), (0.75, 30)]
    one = dv.summarise_population(dv.simulate_population(
        2000, 3, (18.6, 40.3), FAT, dv.TetherAssumptions(0.75, 30)))
    assert table.iloc[-1].drop(["share_without", "max_depth_mm"]).to_dict() == pytest.approx(one)
    assert table["visible"].iloc[0] > table["visible"].iloc[2]  # more tethers, more dimples


@pytest.fixture(scope="module")
def scenario():
    return dv.weight_loss_scenario(data.load("subcutaneous_fat_sex_size"),
                                   data.load("diet_subcutaneous_fat_loss"), 90.0, 52)


def test_weight_loss_scenario_keeps_the_trial_pace_for_the_whole_run(scenario):
    trial = data.load("diet_subcutaneous_fat_loss").set_index("measure").loc["body_weight"]
    measured = scenario.week <= scenario.weeks_measured
    lost_share = 1 - scenario.weight[measured][-1] / 90.0
    weeks = scenario.week[measured][-1]
    assert lost_share / weeks == pytest.approx(-trial["value"] / 100 / scenario.weeks_measured)
    assert np.allclose(np.diff(scenario.weight), -scenario.weekly_loss_kg)
    assert scenario.start_bmi == pytest.approx(90.0 / dv.REFERENCE_HEIGHT_M**2)


def test_weight_loss_scenario_fat_shrinks_fastest_at_the_fastest_rate(scenario):
    rates = scenario.fat_per_weight
    assert rates["slowest"] < rates["middle"] < rates["fastest"]
    fat = scenario.fat_mm
    assert all(fat[rate][0] == scenario.start_fat_mm for rate in rates)
    assert np.all(fat["fastest"] <= fat["middle"]) and np.all(fat["middle"] <= fat["slowest"])
    assert fat["fastest"].min() >= scenario.fat.floor_mm


def test_weight_loss_scenario_first_visible_week_counts_trial_weeks_only_when_asked(scenario):
    deep, none = 40.0, 0.0
    assert scenario.first_visible_week(deep, "middle") == 0
    assert scenario.first_visible_week(none, "fastest") is None
    # A tether that shows only late in the run shows within the whole run, not within the trial.
    late = next(depth for depth in np.arange(1.0, 40.0, 0.5)
                if (scenario.first_visible_week(depth, "fastest") or 0) > scenario.weeks_measured)
    assert scenario.first_visible_week(late, "fastest", within_trial=True) is None
