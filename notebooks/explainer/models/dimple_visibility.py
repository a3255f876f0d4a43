"""How visible a back dimple is: a tether holding the skin down, against the fat lying over it.

An illustration of a mechanism, not a measured relation: no study has measured dimple visibility.
The pages call the tether "a tie that holds the skin down" and the visibility index "the share of
the hollow that shows".

    visibility = tether depth / (tether depth + fat thickness)

`tether depth` (mm) is how far the tether (ligament or skin adhesion) would hold the skin below the
surrounding surface if no fat smoothed it over; `fat thickness` (mm) is the subcutaneous fat over
the posterior superior iliac spine (PSIS). Visibility is 0 with no tether, 0.5 when the tether is as
deep as the fat is thick (where we call a dimple visible), and approaches 1 as the fat thins.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

VISIBLE_AT = 0.5

# Only converts the CT study's gain per kg of body weight into "per BMI unit"; an assumption.
REFERENCE_HEIGHT_M = 1.70

ULTRASOUND_SITES = 8


def visibility(tether_depth_mm, fat_mm):
    """Visibility index in [0, 1): 0 without a tether, falling as the fat over it thickens."""
    tether = np.asarray(tether_depth_mm, dtype=float)
    fat = np.asarray(fat_mm, dtype=float)
    if np.any(tether < 0):
        raise ValueError("tether depth cannot be negative")
    if np.any(fat <= 0):
        raise ValueError("fat thickness must be positive (skin always has some fat under it)")
    return tether / (tether + fat)


def is_visible(tether_depth_mm, fat_mm, threshold: float = VISIBLE_AT):
    """True where the visibility index reaches `threshold` (by default: tether depth >= fat)."""
    if not 0 < threshold < 1:
        raise ValueError("threshold must lie strictly between 0 and 1")
    return visibility(tether_depth_mm, fat_mm) >= threshold


@dataclass(frozen=True)
class FatAssumptions:
    """How thick the fat over the PSIS is for a given BMI and sex, anchored on measured ranges."""

    lean_bmi: float
    lean_fat_female_mm: float
    lean_fat_male_mm: float
    min_gain_mm_per_kg: float
    max_gain_mm_per_kg: float
    floor_mm: float
    height_m: float = REFERENCE_HEIGHT_M


def fat_assumptions_from(measurements: pd.DataFrame) -> FatAssumptions:
    """Build FatAssumptions from the subcutaneous_fat_sex_size table.

    Lean thickness: the athletes' median 8-site ultrasound sum divided by 8 (per sex), at their
    median BMI. Gain: the CT study's range per kg of added body weight, spread across people.
    Floor: the thinnest 8-site sum in the lean-to-obese ultrasound study, divided by 8.
    """
    rows = measurements.set_index(["measure", "group"])
    athletes = rows.loc["sat_sum_8_sites_median"]
    gain = rows.loc[("sat_gain_per_20kg", "all")]
    return FatAssumptions(
        lean_bmi=float(rows.loc[("bmi_median", "all"), "value"]),
        lean_fat_female_mm=float(athletes.loc["female", "value"]) / ULTRASOUND_SITES,
        lean_fat_male_mm=float(athletes.loc["male", "value"]) / ULTRASOUND_SITES,
        min_gain_mm_per_kg=float(gain["value_low"]) / float(gain["per_body_weight_kg"]),
        max_gain_mm_per_kg=float(gain["value_high"]) / float(gain["per_body_weight_kg"]),
        floor_mm=float(rows.loc[("sat_sum_8_sites", "all"), "value_low"]) / ULTRASOUND_SITES,
    )


def fat_over_psis_mm(bmi, female, gain_mm_per_kg, fat: FatAssumptions):
    """Fat thickness over the PSIS: the lean value for the sex plus gain for each kg above lean."""
    lean = np.where(female, fat.lean_fat_female_mm, fat.lean_fat_male_mm)
    kg_above_lean = (np.asarray(bmi, dtype=float) - fat.lean_bmi) * fat.height_m**2
    return np.maximum(fat.floor_mm, lean + np.asarray(gain_mm_per_kg) * kg_above_lean)


@dataclass(frozen=True)
class TetherAssumptions:
    """Who has a tether and how deep: pure assumptions, since nothing has been measured."""

    share_without: float = 0.5
    max_depth_mm: float = 20.0


def simulate_population(
    n: int,
    seed: int,
    bmi_range: tuple[float, float],
    fat: FatAssumptions,
    tether: TetherAssumptions,
) -> pd.DataFrame:
    """A seeded population in which tether depth, BMI and where fat goes vary independently."""
    rng = np.random.default_rng(seed)
    female = rng.random(n) < 0.5
    bmi = rng.uniform(*bmi_range, size=n)
    gain = rng.uniform(fat.min_gain_mm_per_kg, fat.max_gain_mm_per_kg, size=n)
    has_tether = rng.random(n) >= tether.share_without
    depth = np.where(has_tether, rng.uniform(0, tether.max_depth_mm, size=n), 0.0)
    fat_mm = fat_over_psis_mm(bmi, female, gain, fat)
    index = visibility(depth, fat_mm)
    return pd.DataFrame(
        {
            "sex": np.where(female, "female", "male"),
            "bmi": bmi,
            "gain_mm_per_kg": gain,
            "fat_mm": fat_mm,
            "tether_depth_mm": depth,
            "visibility": index,
            "visible": index >= VISIBLE_AT,
        }
    )


def chance_of_ranking_correctly(score, outcome) -> float:
    """Area under the ROC curve: the chance that a random person with the outcome scores higher
    than a random person without it (0.5 = a coin toss, 1 = perfect). Ties count half."""
    score = np.asarray(score, dtype=float)
    outcome = np.asarray(outcome, dtype=bool)
    with_outcome, without = outcome.sum(), (~outcome).sum()
    if with_outcome == 0 or without == 0:
        raise ValueError("need people both with and without the outcome")
    _, inverse, counts = np.unique(score, return_inverse=True, return_counts=True)
    first_rank = np.cumsum(counts) - counts + 1
    ranks = (first_rank + (counts - 1) / 2)[inverse]
    rank_sum_above_minimum = ranks[outcome].sum() - with_outcome * (with_outcome + 1) / 2
    return float(rank_sum_above_minimum / (with_outcome * without))


def summarise_population(people: pd.DataFrame, heavy_bmi: float = 30, lean_bmi: float = 25):
    """Shares and ranking scores for a simulated population: how often heavy people show dimples,
    lean people show none, and how well BMI, fat or tether depth tells who shows them."""
    visible = people["visible"]
    return {
        "visible": float(visible.mean()),
        "heavy_visible": float(visible[people["bmi"] >= heavy_bmi].mean()),
        "lean_hidden": float(1 - visible[people["bmi"] < lean_bmi].mean()),
        "bmi_ranks": chance_of_ranking_correctly(-people["bmi"], visible),
        "fat_ranks": chance_of_ranking_correctly(-people["fat_mm"], visible),
        "tether_ranks": chance_of_ranking_correctly(people["tether_depth_mm"], visible),
    }


def tether_sensitivity(n: int, seed: int, bmi_range, fat: FatAssumptions, shares, depths,
                       heavy_bmi: float = 30, lean_bmi: float = 25):
    """`summarise_population` for every pair of tether assumptions (share without a tether,
    deepest tether in mm), one row per pair, for the same simulated people otherwise."""
    return pd.DataFrame([
        {"share_without": share, "max_depth_mm": depth, **summarise_population(
            simulate_population(n, seed, bmi_range, fat, TetherAssumptions(share, depth)),
            heavy_bmi, lean_bmi)}
        for share in shares for depth in depths
    ])


def fat_loss_per_weight_loss(diet_table: pd.DataFrame) -> tuple[float, float]:
    """Share of the fat over a site lost per share of body weight lost, lowest and highest.

    From Wang 2002: site subcutaneous-fat shares fell 7.6-18.0% while weight fell 11%. We treat the
    fall in a site's fat share as a fall in its thickness, an assumption.
    """
    rows = diet_table.set_index("measure")
    weight = -float(rows.loc["body_weight", "value"])
    site = rows.loc["site_subcutaneous_fat_share"]
    return -float(site["value_high"]) / weight, -float(site["value_low"]) / weight


def steady_weight_loss(start_weight_kg: float, weekly_loss_kg: float, weeks: int):
    """Weeks 0..`weeks` and body weight when the same number of kg is lost every week."""
    week = np.arange(weeks + 1)
    return week, start_weight_kg - weekly_loss_kg * week


def fat_during_weight_loss(
    start_fat_mm: float, start_weight_kg: float, weight_kg, fat_per_weight: float, floor_mm: float
):
    """Fat over the PSIS as weight falls: it shrinks by `fat_per_weight` times the share of weight
    lost, but never below `floor_mm`."""
    share_lost = 1 - np.asarray(weight_kg, dtype=float) / start_weight_kg
    return np.maximum(floor_mm, start_fat_mm * (1 - fat_per_weight * share_lost))


def first_visible_week(week, tether_depth_mm: float, fat_mm):
    """The first week in which the dimple counts as visible, or None if it never does."""
    visible = is_visible(tether_depth_mm, fat_mm)
    return int(np.asarray(week)[visible][0]) if visible.any() else None


def visibility_during_weight_loss(
    tether_depth_mm: float,
    start_fat_mm: float,
    start_weight_kg: float,
    weekly_loss_kg: float,
    weeks: int,
    fat_per_weight: float,
    floor_mm: float,
):
    """Weeks and the visibility index each week when the same kg are lost every week."""
    week, weight = steady_weight_loss(start_weight_kg, weekly_loss_kg, weeks)
    fat = fat_during_weight_loss(start_fat_mm, start_weight_kg, weight, fat_per_weight, floor_mm)
    return week, visibility(tether_depth_mm, fat)


@dataclass(frozen=True)
class WeightLossScenario:
    """One person losing the same kg every week, with the fat over the PSIS shrinking at the
    slowest, middle and fastest rate per share of weight lost (keys of `fat_per_weight`)."""

    fat: FatAssumptions
    start_weight_kg: float
    start_bmi: float
    start_fat_mm: float
    weekly_loss_kg: float
    weeks_measured: float
    week: np.ndarray
    weight: np.ndarray
    fat_per_weight: dict[str, float]
    fat_mm: dict[str, np.ndarray]

    def first_visible_week(self, tether_depth_mm: float, rate: str, within_trial=False):
        """The first week a dimple with this tether shows at this rate (None: never), counting
        only the trial's measured weeks if `within_trial`."""
        weeks = self.week <= self.weeks_measured if within_trial else slice(None)
        return first_visible_week(self.week[weeks], tether_depth_mm, self.fat_mm[rate][weeks])


def weight_loss_scenario(fat_table: pd.DataFrame, diet_table: pd.DataFrame,
                         start_weight_kg: float, weeks: int) -> WeightLossScenario:
    """A woman of `start_weight_kg` losing weight at the average pace of Wang 2002's trial.

    Her starting fat over the PSIS is the population model's for a middling weight-to-fat gain;
    the trial's weight change over its measured months sets the weekly pace, continued for `weeks`.
    """
    fat = fat_assumptions_from(fat_table)
    least, most = fat_loss_per_weight_loss(diet_table)
    rates = {"slowest": least, "middle": (least + most) / 2, "fastest": most}
    start_bmi = start_weight_kg / fat.height_m**2
    middling_gain = (fat.min_gain_mm_per_kg + fat.max_gain_mm_per_kg) / 2
    start_fat_mm = float(fat_over_psis_mm(start_bmi, True, middling_gain, fat))
    trial = diet_table.set_index("measure").loc["body_weight"]
    weeks_measured = trial["duration_months"] * 52 / 12
    weekly_loss_kg = start_weight_kg * -trial["value"] / 100 / weeks_measured
    week, weight = steady_weight_loss(start_weight_kg, weekly_loss_kg, weeks)
    fat_mm = {name: fat_during_weight_loss(start_fat_mm, start_weight_kg, weight, rate,
                                           fat.floor_mm)
              for name, rate in rates.items()}
    return WeightLossScenario(fat, start_weight_kg, start_bmi, start_fat_mm, weekly_loss_kg,
                              weeks_measured, week, weight, rates, fat_mm)
