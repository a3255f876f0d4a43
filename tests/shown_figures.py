"""Every figure a notebook shows, built from the real data (or a small model run), and the small
scenarios they are drawn from: test_figures.py and test_chart_rules.py check them all."""

from explainer import data
from explainer.figures import (
    activity_guidelines,
    anatomy,
    back_exercises,
    back_muscles,
    back_pain,
    dimple_model,
    fat_layer,
    heritability,
    local_lipolysis,
    loss_order,
    motives,
    spot_reduction,
    verdicts,
    weight_loss,
)
from explainer.models import dimple_visibility as dv
from explainer.models import energy_balance as eb
from explainer.models import fat_depots

RATES = {"slowest": 0.8, "middle": 1.0, "fastest": 1.2}  # fat lost per share of weight lost
DIMPLE = {"start_weight_kg": 90, "fat_per_weight": RATES, "floor_mm": 2.0, "weeks": 52,
          "weeks_measured": 26}


def spot_scenario(**changes):
    settings = {"weekly_fat_loss_kg": 0.3, "weeks": 40, "spot_depot": "lower back",
                "spot_kg_per_week": 0.0004, "fraction_left": 0.5, **changes}
    return fat_depots.spot_scenario(
        {"Twin A": "twins", "Twin B": "twins", "Person C": "unrelated"},
        {"abdomen": 4.0, "lower back": 1.5, "hips": 3.0, "thighs": 4.0, "arms": 1.5},
        0.35, 0.7, 19, **settings)


def population():
    fat_table = data.load("subcutaneous_fat_sex_size")
    return dv.simulate_population(800, 1, (18.6, 40.3), dv.fat_assumptions_from(fat_table),
                                  dv.TetherAssumptions())


def energy_balance_runs():
    person = eb.Person("female", 40, 165, 85)
    model = eb.simulate(person, eb.maintenance_intake(person) - 500, days=365)
    rule = eb.rule_3500_weight(person, 500, days=365)
    return model, rule


def rate_of_loss(query):
    return data.load("rate_of_loss_outcomes").query(query)


FIGURES = {
    "verdicts.verdicts_figure": lambda **variant: verdicts.verdicts_figure(
        data.load("claims"), **variant),
    "anatomy.dimples_figure": anatomy.dimples_figure,
    "back_muscles.erector_spinae_figure": back_muscles.erector_spinae_figure,
    "heritability.heritability_figure": lambda **variant: heritability.heritability_figure(
        data.load("heritability_fat_distribution"), **variant),
    "dimple_model.population_figure": lambda **variant: dimple_model.population_figure(
        population(), [18.5, 25, 30, 35, 40.5], (18.6, 40.3), **variant),
    "dimple_model.try_it_figure": lambda **variant: dimple_model.try_it_figure(
        12, 16, 0.4, **DIMPLE, **variant),
    "fat_layer.fat_layer_figure": lambda **variant: fat_layer.fat_layer_figure(
        data.load("subcutaneous_fat_sex_size"), **variant),
    "fat_layer.diet_figure": lambda **variant: fat_layer.diet_figure(
        data.load("diet_subcutaneous_fat_loss"), **variant),
    "spot_reduction.trials_figure": lambda **variant: spot_reduction.trials_figure(
        data.load("spot_reduction_trials"), **variant),
    "local_lipolysis.lipolysis_figure": lambda **variant: local_lipolysis.lipolysis_figure(
        data.load("local_lipolysis"), **variant),
    "local_lipolysis.local_bonus_figure": lambda **variant: local_lipolysis.local_bonus_figure(
        2.5, 1200.0, data.load("spot_reduction_trials").iloc[0], **variant),
    "loss_order.three_people_figure": lambda **variant: loss_order.three_people_figure(
        spot_scenario(), 0.7, **variant),
    "loss_order.order_tiles_figure": lambda **variant: loss_order.order_tiles_figure(
        spot_scenario(), **variant),
    "loss_order.try_it_figure": lambda **variant: loss_order.try_it_figure(
        spot_scenario(), 0.3, 10.0, True, **dict.fromkeys(fat_depots.DEPOTS, 1.0), **variant),
    "weight_loss.rule_versus_model_figure": lambda **variant: weight_loss.rule_versus_model_figure(
        85, *energy_balance_runs(), 80.0, 1, 500, (50.4, 18.5), **variant),
    "weight_loss.weekly_loss_figure": lambda **variant: weight_loss.weekly_loss_figure(
        {"500 kcal/day deficit": eb.weekly_loss(energy_balance_runs()[0])}, (0.5, 1.0),
        (0.45, 0.91), [500], 800, **variant),
    "weight_loss.lean_mass_figure": lambda **variant: weight_loss.lean_mass_figure(
        data.load("fat_free_share_by_diet"),
        rate_of_loss("source_id == 'garthe2011' and outcome == 'lean mass change'"),
        rate_of_loss("source_id == 'vink2016' and outcome == 'fat-free mass loss'"), **variant),
    "weight_loss.regain_figure": lambda **variant: weight_loss.regain_figure(
        rate_of_loss("source_id == 'vink2016' and outcome == 'regain after 9 months'"),
        rate_of_loss("source_id == 'purcell2014'"), **variant),
    "weight_loss.try_it_figure": lambda **variant: weight_loss.try_it_figure(
        "female", 40, 165, 85, "moderately active", 1800, 0.5, **variant),
    "back_exercises.site_lead_figure": lambda **variant: back_exercises.site_lead_figure(
        data.load("erector_emg_lead_by_site"), **variant),
    "back_exercises.ball_figure": lambda **variant: back_exercises.ball_figure(
        data.load("erector_emg_ball_exercises"), **variant),
    "back_pain.back_pain_figure": lambda **variant: back_pain.back_pain_figure(
        data.load("low_back_pain_treatment"), data.load("low_back_pain_prevention"), **variant),
    "back_pain.fitness_link_figure": lambda **variant: back_pain.fitness_link_figure(
        data.load("exercise_benefit_vs_fitness_change"), **variant),
    "activity_guidelines.adherence_figure": lambda **variant: activity_guidelines.adherence_figure(
        data.load("guideline_adherence_us"), **variant),
    "motives.motive_figure": lambda **variant: motives.motive_figure(
        data.load("body_shape_motives"), **variant),
}
