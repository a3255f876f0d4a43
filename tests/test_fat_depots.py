"""The fat-depot model: losses add up, order follows the genetic weights, spot training is local."""

import numpy as np
import pytest

from explainer.models import fat_depots

START = np.array([4.0, 1.5, 3.0, 4.0, 1.5])
WEIGHTS = np.array([1.6, 0.6, 1.1, 0.8, 1.3])


def total_lost(trajectory):
    return float(trajectory.iloc[0].sum() - trajectory.iloc[-1].sum())


def test_depot_losses_add_up_to_the_whole_body_loss():
    trajectory = fat_depots.simulate_fat_loss(START, WEIGHTS, weekly_fat_loss_kg=0.3, weeks=30)
    per_depot = trajectory.iloc[0] - trajectory.iloc[-1]
    assert per_depot.sum() == pytest.approx(0.3 * 30, abs=1e-9)
    assert (per_depot > 0).all()
    assert (trajectory.diff().dropna() <= 1e-12).all().all(), "no depot ever gains fat"


def test_fat_never_goes_below_zero_even_with_a_huge_deficit():
    trajectory = fat_depots.simulate_fat_loss(START, WEIGHTS, weekly_fat_loss_kg=50, weeks=3)
    assert (trajectory >= 0).all().all()
    assert np.isfinite(trajectory.to_numpy()).all()
    assert total_lost(trajectory) <= START.sum()


def test_equal_depots_reach_the_threshold_in_order_of_their_genetic_weights():
    equal_start = np.full(5, 2.0)
    trajectory = fat_depots.simulate_fat_loss(equal_start, WEIGHTS, 0.3, weeks=40)
    expected = [fat_depots.DEPOTS[i] for i in np.argsort(-WEIGHTS)]
    assert fat_depots.order_of_loss(trajectory, fraction_left=0.5) == expected


@pytest.mark.parametrize("seed", range(5))
def test_order_follows_weights_whatever_the_starting_fat(seed):
    # The threshold is relative (half of each depot's own start), so the order is the weights'.
    weights = fat_depots.depot_weights(["x"], 5, spread=0.4, within_pair_r=0.7, seed=seed)[0]
    trajectory = fat_depots.simulate_fat_loss(START, weights, 0.4, weeks=60)
    expected = [fat_depots.DEPOTS[i] for i in np.argsort(-weights)]
    assert fat_depots.order_of_loss(trajectory, fraction_left=0.5) == expected


def test_spot_training_changes_only_the_trained_depot_by_exactly_the_local_effect():
    plain = fat_depots.simulate_fat_loss(START, WEIGHTS, 0.3, weeks=1, steps_per_week=1)
    spot = fat_depots.simulate_fat_loss(
        START, WEIGHTS, 0.3, weeks=1, spot_depot=1, spot_kg_per_week=0.01, steps_per_week=1
    )
    difference = (plain.iloc[-1] - spot.iloc[-1]).to_numpy()
    assert difference[1] == pytest.approx(0.01, abs=1e-12)
    assert np.delete(difference, 1) == pytest.approx(np.zeros(4), abs=1e-12)


def test_over_a_programme_spot_training_adds_at_most_the_local_effect_to_its_depot():
    weeks, local = 30, 0.002
    plain = fat_depots.simulate_fat_loss(START, WEIGHTS, 0.3, weeks)
    spot = fat_depots.simulate_fat_loss(
        START, WEIGHTS, 0.3, weeks, spot_depot=1, spot_kg_per_week=local
    )
    extra_from_trained = plain.iloc[-1, 1] - spot.iloc[-1, 1]
    assert 0 < extra_from_trained <= local * weeks + 1e-12
    assert total_lost(spot) - total_lost(plain) == pytest.approx(local * weeks, abs=1e-9)
    assert fat_depots.order_of_loss(spot, 0.5) == fat_depots.order_of_loss(plain, 0.5)


def test_a_large_enough_local_effect_does_change_the_order():
    # The check above is not vacuous: the lower back (weight 0.6) moves up once the effect is big.
    plain = fat_depots.simulate_fat_loss(START, WEIGHTS, 0.3, weeks=40)
    spot = fat_depots.simulate_fat_loss(
        START, WEIGHTS, 0.3, 40, spot_depot=1, spot_kg_per_week=0.05
    )
    assert fat_depots.order_of_loss(plain, 0.5)[-1] == "lower back"
    assert fat_depots.order_of_loss(spot, 0.5)[0] == "lower back"


def test_seeded_runs_are_reproducible_and_seeds_matter():
    first = fat_depots.depot_weights(["a", "a", "b"], 5, spread=0.35, within_pair_r=0.7, seed=11)
    again = fat_depots.depot_weights(["a", "a", "b"], 5, spread=0.35, within_pair_r=0.7, seed=11)
    other = fat_depots.depot_weights(["a", "a", "b"], 5, spread=0.35, within_pair_r=0.7, seed=12)
    np.testing.assert_array_equal(first, again)
    assert not np.allclose(first, other)
    runs = [fat_depots.simulate_fat_loss(START, first[0], 0.3, 20) for _ in range(2)]
    assert runs[0].equals(runs[1])


@pytest.mark.parametrize("r", [0.0, 0.7, 1.0])
def test_twins_log_weights_correlate_at_the_within_pair_r(r):
    families = [f"pair {i // 2}" for i in range(8000)]
    weights = np.log(fat_depots.depot_weights(families, 5, spread=0.35, within_pair_r=r, seed=1))
    first_twin, second_twin = weights[0::2].ravel(), weights[1::2].ravel()
    assert np.corrcoef(first_twin, second_twin)[0, 1] == pytest.approx(r, abs=0.03)
    assert weights.std() == pytest.approx(0.35, rel=0.05)


def test_threshold_never_reached_is_missing():
    trajectory = fat_depots.simulate_fat_loss(START, WEIGHTS, 0.1, weeks=2)
    assert fat_depots.weeks_to_threshold(trajectory, 0.5).isna().all()


def test_bad_inputs_are_rejected():
    with pytest.raises(ValueError):
        fat_depots.depot_weights(["a"], 5, spread=0.3, within_pair_r=1.5, seed=0)
    with pytest.raises(ValueError):
        fat_depots.simulate_fat_loss(START, WEIGHTS[:3], 0.3, weeks=5)
    with pytest.raises(ValueError):
        fat_depots.simulate_fat_loss(START, -WEIGHTS, 0.3, weeks=5)


def test_spot_factor_is_the_smallest_that_changes_the_order():
    local, weeks = 0.002, 40
    factor = fat_depots.spot_factor_that_changes_order(START, WEIGHTS, 0.3, weeks, 1, local, 0.5)
    assert 1 < factor < np.inf

    def order(f):
        run = fat_depots.simulate_fat_loss(START, WEIGHTS, 0.3, weeks, 1, local * f)
        return fat_depots.order_of_loss(run, 0.5)

    diet_only = order(0)
    assert order(factor) != diet_only
    assert order(factor / 1.02) == diet_only


def test_spot_factor_is_infinite_when_the_trained_depot_already_comes_first():
    weights = WEIGHTS.copy()
    weights[1] = 3.0  # the lower back now gives up fat fastest of all
    factor = fat_depots.spot_factor_that_changes_order(START, weights, 0.3, 40, 1, 0.002, 0.5)
    assert factor == np.inf


def scenario(spot_kg_per_week=0.01):
    return fat_depots.spot_scenario(
        {"A": "twins", "B": "twins", "C": "unrelated"},
        dict(zip(fat_depots.DEPOTS, [4.0, 1.5, 3.0, 4.0, 1.5], strict=True)), 0.35, 0.9, 19,
        weekly_fat_loss_kg=0.3, weeks=40, spot_depot="lower back",
        spot_kg_per_week=spot_kg_per_week, fraction_left=0.5)


def test_scenario_gives_twins_more_alike_depot_weights_than_an_unrelated_person():
    weights = {name: np.log(w) for name, w in scenario().weights.items()}
    assert np.abs(weights["A"] - weights["B"]).sum() < np.abs(weights["A"] - weights["C"]).sum()


def test_scenario_spot_training_takes_its_extra_fat_from_the_trained_depot():
    people = scenario()
    diet, spot = people.run("A", spot_training=False), people.run("A", spot_training=True)
    extra = diet.sum(axis=1) - spot.sum(axis=1)
    assert extra.loc[10] == pytest.approx(0.01 * 10)  # before the depot runs low
    assert (spot["lower back"] < diet["lower back"]).iloc[1:].all()


def test_scenario_crossings_have_a_row_per_person_and_routine():
    crossings = scenario().crossings()
    assert list(crossings.index) == [(p, r) for p in "ABC"
                                     for r in ("diet only", "diet + spot training")]
    assert list(crossings.columns) == list(fat_depots.DEPOTS)
    trained = crossings["lower back"]
    assert (trained.xs("diet + spot training", level=1)
            <= trained.xs("diet only", level=1)).all()


def test_scenario_spot_factors_match_the_search_for_each_person():
    people = scenario(spot_kg_per_week=0.001)
    factors = people.spot_factors()
    assert list(factors.index) == ["A", "B", "C"]
    expected = fat_depots.spot_factor_that_changes_order(
        people.start_fat_kg, people.weights["C"], 0.3, 40, 1, 0.001, 0.5)
    assert factors["C"] == expected


def test_scenario_says_how_its_weights_were_drawn():
    assert scenario().drawn_with == "depot weights spread 0.35, twins' likeness 0.9, random draw 19"
