"""A simple dynamic energy-balance model of body weight, for one adult over months and years.

Each day the body stores (or draws on) the difference between the energy eaten and the energy
spent. What it spends falls as weight falls, which is why weight loss slows and levels off:

    expenditure = resting (Mifflin-St Jeor, which falls 10 kcal/day per kg lost)
                + physical activity (its cost scales with the weight being moved)
                + thermic effect of food (a fixed share of what is eaten).

At the start the person is in balance and spends their physical activity level (PAL, FAO/WHO/UNU)
times their resting expenditure (standing in for the basal rate that PAL is defined on). Each day's
weight change is split into fat and fat-free (lean) tissue by Forbes's relation: the lean share is
C / (C + fat mass), so it grows as fat runs down (C = 10.4 kg, as stated by Broyles et al. 2011).
Fat stores 39.5 MJ/kg (Hall 2008); lean tissue is mostly water and stores only its protein
(Hall 2008; Stipanuk 2000). Every number is read from data/ with its source.

Left out, on purpose: the extra water and glycogen lost in the first week or two, "adaptive"
falls in expenditure beyond those of a smaller body, and any change of appetite or activity.
Age is held fixed, so a person in balance stays at the same weight.
"""

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from explainer import data

# Unit definitions (not evidence): the thermochemical kilocalorie and the avoirdupois pound.
KJ_PER_KCAL = 4.184
KG_PER_LB = 0.45359237
DAYS_PER_YEAR = 365.25


@dataclass(frozen=True)
class Person:
    """An adult at the start of a simulation; `activity` is a lifestyle in data/activity_levels."""

    sex: str
    age: float
    height_cm: float
    weight_kg: float
    activity: str = "sedentary"


@lru_cache(maxsize=1)
def constants() -> dict[str, float]:
    """Every constant of the model, by name, from data/energy_balance_constants.csv."""
    table = data.load("energy_balance_constants")
    return dict(zip(table["parameter"], table["value"], strict=True))


def kcal_per_kg(megajoules_per_kg: float) -> float:
    """An energy density in MJ/kg expressed in kcal/kg."""
    return megajoules_per_kg * 1000 / KJ_PER_KCAL


def fat_energy_density() -> float:
    """kcal stored in a kilogram of body fat."""
    return kcal_per_kg(constants()["fat_energy_density"])


def lean_energy_density() -> float:
    """kcal stored in a kilogram of lean tissue: only its protein part yields energy."""
    c = constants()
    return kcal_per_kg(c["protein_energy_density"] * c["lean_tissue_protein_fraction"])


def rule_3500_kcal_per_lb() -> float:
    """The energy deficit the 3500-kcal rule books for each pound lost, as the rule states it."""
    return constants()["rule_3500_kcal_per_lb"]


def rule_3500_energy_density() -> float:
    """kcal per kilogram of weight lost under the 3500-kcal-per-pound rule."""
    return rule_3500_kcal_per_lb() / KG_PER_LB


def thermic_effect_fraction() -> float:
    """Share of energy eaten that is spent digesting it: the middle of the 5-15% range."""
    c = constants()
    return (c["thermic_effect_low"] + c["thermic_effect_high"]) / 2


def lean_share_of_change(fat_kg):
    """Forbes's relation: the share of a small weight change that is lean tissue, C / (C + fat)."""
    forbes = constants()["forbes_constant"]
    return forbes / (forbes + fat_kg)


def physical_activity_level(lifestyle: str) -> float:
    """Total over resting expenditure for a lifestyle: the middle of its FAO/WHO/UNU range."""
    table = data.load("activity_levels").set_index("lifestyle")
    return (table.loc[lifestyle, "pal_low"] + table.loc[lifestyle, "pal_high"]) / 2


def resting_expenditure(sex: str, age: float, height_cm: float, weight_kg):
    """Mifflin-St Jeor resting energy expenditure, kcal/day (weight may be an array)."""
    c = constants()
    constant = {"male": c["msj_male_constant"], "female": c["msj_female_constant"]}[sex]
    return (c["msj_per_kg"] * weight_kg + c["msj_per_cm"] * height_cm
            + c["msj_per_year"] * age + constant)


def body_fat_fraction(person: Person) -> float:
    """Deurenberg et al.'s adult estimate of body fat from BMI, age and sex, as a fraction."""
    c = constants()
    bmi = person.weight_kg / (person.height_cm / 100) ** 2
    percent = (c["body_fat_per_bmi"] * bmi + c["body_fat_per_year"] * person.age
               + c["body_fat_male"] * (person.sex == "male") + c["body_fat_constant"])
    return percent / 100


def maintenance_intake(person: Person) -> float:
    """kcal/day that keeps `person` at their starting weight: PAL times resting expenditure."""
    resting = resting_expenditure(person.sex, person.age, person.height_cm, person.weight_kg)
    return physical_activity_level(person.activity) * resting


@dataclass(frozen=True)
class Expenditure:
    """Daily expenditure of one person: fixed + per_kg * weight + per_kcal_eaten * intake (kcal)."""

    fixed: float
    per_kg: float
    per_kcal_eaten: float

    def __call__(self, weight_kg, intake_kcal):
        return self.fixed + self.per_kg * weight_kg + self.per_kcal_eaten * intake_kcal


def expenditure(person: Person) -> Expenditure:
    """How `person`'s expenditure depends on their weight and intake, set at their start.

    Resting expenditure follows Mifflin-St Jeor. Physical activity costs a fixed amount per kg of
    body weight: whatever the PAL leaves after resting expenditure and the thermic effect of food.
    """
    c = constants()
    thermic = thermic_effect_fraction()
    balance = maintenance_intake(person)
    resting_without_weight = resting_expenditure(person.sex, person.age, person.height_cm, 0)
    resting = resting_without_weight + c["msj_per_kg"] * person.weight_kg
    activity_per_kg = (balance - resting - thermic * balance) / person.weight_kg
    return Expenditure(resting_without_weight, c["msj_per_kg"] + activity_per_kg, thermic)


def steady_state_weight(person: Person, intake_kcal: float) -> float:
    """The weight at which eating `intake_kcal` a day balances expenditure (kg)."""
    spend = expenditure(person)
    return (intake_kcal * (1 - spend.per_kcal_eaten) - spend.fixed) / spend.per_kg


def energy_per_kg_lost(fat_kg):
    """kcal released per kg of weight lost by someone carrying `fat_kg` of fat (Forbes's split)."""
    share = lean_share_of_change(fat_kg)
    return (1 - share) * fat_energy_density() + share * lean_energy_density()


def simulate(person: Person, intake_kcal, days: int = 3 * 365) -> pd.DataFrame:
    """Day-by-day weight, fat and lean mass while eating `intake_kcal` a day.

    `intake_kcal` is one number or one value per day (length `days`). Each day's change is split
    by Forbes's relation at that day's fat mass. Returns one row per day from 0 to `days`: day,
    weight_kg, fat_kg, lean_kg, intake_kcal and expenditure_kcal (both over the day that starts
    there; the last row has no following day). Raises ValueError if the person would lose more
    weight than all the fat they started with: that is starvation, which the model leaves out.
    """
    intake = np.broadcast_to(np.asarray(intake_kcal, dtype=float), (days,))
    fat = np.empty(days + 1)
    lean = np.empty(days + 1)
    spent = np.empty(days + 1)
    spend = expenditure(person)
    fat[0] = person.weight_kg * body_fat_fraction(person)
    lean[0] = person.weight_kg - fat[0]
    for day in range(days):
        spent[day] = spend(fat[day] + lean[day], intake[day])
        change = (intake[day] - spent[day]) / energy_per_kg_lost(fat[day])
        share = lean_share_of_change(fat[day])
        fat[day + 1] = fat[day] + (1 - share) * change
        lean[day + 1] = lean[day] + share * change
    spent[days] = spend(fat[days] + lean[days], intake[-1])
    if (fat + lean).min() < lean[0]:
        raise ValueError("the loss would exceed all the starting body fat: the model does not "
                         "describe starvation")
    return pd.DataFrame({
        "day": np.arange(days + 1),
        "weight_kg": fat + lean,
        "fat_kg": fat,
        "lean_kg": lean,
        "intake_kcal": np.append(intake, np.nan),
        "expenditure_kcal": spent,
    })


def rule_3500_weight(person: Person, deficit_kcal: float, days: int = 3 * 365) -> np.ndarray:
    """Weight on days 0..days under the 3500-kcal rule: a fixed deficit, a fixed kcal per kg."""
    return person.weight_kg - deficit_kcal * np.arange(days + 1) / rule_3500_energy_density()


def weekly_loss(trajectory: pd.DataFrame) -> pd.Series:
    """kg lost in the week before each day (from day 7 on), indexed by week."""
    weight = trajectory.set_index("day")["weight_kg"]
    loss = weight.shift(7) - weight
    return loss.dropna().rename(lambda day: day / 7).rename_axis("week")
