"""How fast to lose weight: the energy-balance model against the 3500-kcal rule and the
guidelines, and what trials of slow and fast loss measured (notebook 04)."""

import matplotlib.pyplot as plt
import pandas as pd

from explainer import charts, data
from explainer.charts import MODEL_STYLE, PALETTE, model_label
from explainer.models import energy_balance as eb
from explainer.provenance import modelled, sourced

DEFICIT_COLOURS = [PALETTE["sky"], PALETTE["blue"], PALETTE["purple"], PALETTE["vermillion"]]
ARM_COLOURS = {"slow": PALETTE["blue"], "fast": PALETTE["orange"]}
# What a Try-it sentence says of a scenario that ends below the healthy-weight floor.
BELOW_FLOOR = "below the lowest healthy weight for their height"


def rule_name() -> str:
    """'3500-kcal rule', its number read from the model's constants."""
    return f"{eb.rule_3500_kcal_per_lb():.0f}-kcal rule"


def healthy_bmi() -> pd.Series:
    """The row of data/weight_loss_guidelines giving the normal-weight BMI range (NHLBI)."""
    guidelines = data.load("weight_loss_guidelines")
    return guidelines[guidelines["topic"] == "healthy_bmi"].iloc[0]


def healthy_floor_kg(height_cm: float) -> float:
    """The lowest healthy weight for a height: the bottom of the normal-weight BMI range."""
    return healthy_bmi()["low"] * (height_cm / 100) ** 2


def rule_versus_model(ax, years, model_weight, rule_weight, hall_eventual_weight, floor=None,
                      phone=False):
    """Weight over time under the 3500-kcal rule and under the dynamic model, same deficit;
    `floor` = (kg, BMI) shades the weights below a healthy weight for the person's height."""
    ax.plot(years, rule_weight, linestyle=":", color=PALETTE["vermillion"],
            label=f"{rule_name()} (fixed deficit, fixed kcal per kg)")
    ax.plot(years, model_weight, linestyle=MODEL_STYLE["linestyle"], color=PALETTE["blue"],
            label="Dynamic model (expenditure falls as weight falls)")
    ax.axhline(hall_eventual_weight, color=PALETTE["black"], linewidth=1, linestyle="-.",
               label="Eventual weight by Hall et al.'s rule of thumb (second-hand)")
    if floor is not None:
        ax.axhspan(0, floor[0], color=PALETTE["grey"], alpha=0.2, linewidth=0,
                   label=f"Below a healthy weight for this height (BMI under {floor[1]:g})")
    ax.set_xlabel("Years since the intake cut")
    ax.set_ylabel("Body weight (kg)")
    ax.set_xlim(0, max(years))
    ax.set_ylim(min(min(rule_weight), min(model_weight)) * 0.8, None)
    charts.legend(ax, phone, loc="lower left", fontsize=9)
    return model_label(ax)


def weekly_loss_against_guidelines(ax, weekly_losses, nice_band, nhlbi_band, phone=False):
    """Weekly loss over time for several deficits, over the NICE (shaded) and NHLBI (lines) bands.

    `weekly_losses` maps a label to a Series of kg lost per week indexed by week.
    """
    ax.axhspan(*nice_band, color=PALETTE["green"], alpha=0.15, linewidth=0,
               label=f"NICE: {nice_band[0]:g}-{nice_band[1]:g} kg a week")
    for edge in nhlbi_band:
        ax.axhline(edge, color=PALETTE["green"], linewidth=1, linestyle=":")
    ax.plot([], [], color=PALETTE["green"], linewidth=1, linestyle=":",
            label=f"NHLBI: {nhlbi_band[0]:.2f}-{nhlbi_band[1]:.2f} kg a week")
    colours = DEFICIT_COLOURS + [PALETTE["black"]]
    for (label, loss), colour in zip(weekly_losses.items(), colours, strict=False):
        ax.plot(loss.index, loss.to_numpy(), linestyle=MODEL_STYLE["linestyle"], color=colour,
                label=label)
    ax.set_xlabel("Weeks since the intake cut")
    ax.set_ylabel("Weight lost per week (kg)")
    ax.set_ylim(0, None)
    ax.set_xlim(0, max(loss.index.max() for loss in weekly_losses.values()))
    charts.legend(ax, phone, loc="upper right", bbox_to_anchor=(1, 0.9), ncols=2, fontsize=9.5)
    return model_label(ax, "MODEL")


def lean_share_by_diet(ax, table):
    """Horizontal bars of the median share of weight lost as lean tissue, by diet (Chaston)."""
    colours = [PALETTE["blue"] if diet == "low-calorie diet" else PALETTE["orange"]
               for diet in table["diet"]]
    bars = ax.barh(table["diet"].str.replace(" + ", "\n+ "), table["median_percent"],
                   color=colours)
    for bar, median in zip(bars, table["median_percent"], strict=True):
        middle = bar.get_y() + bar.get_height() / 2
        ax.annotate(f"{median:g}%", (bar.get_width(), middle), xytext=(4, 0),
                    textcoords="offset points", va="center", fontsize=9)
    ax.invert_yaxis()
    ax.set_xlim(0, table["median_percent"].max() * 1.3)
    ax.set_xlabel("Share of weight lost as\nlean tissue, median (%)")
    ax.grid(axis="y", visible=False)
    return ax


def arm_bars(ax, rows, xlabel):
    """Slow vs fast arm of one trial outcome: horizontal bars with +/- or confidence-interval
    whiskers, and n."""
    colours = [ARM_COLOURS[arm] for arm in rows["arm"]]
    labels = [f"{arm} (n = {n})" if pd.notna(n) else arm
              for arm, n in zip(rows["arm"], rows["n"], strict=True)]
    if rows["ci_low"].notna().all():
        errors = [rows["value"] - rows["ci_low"], rows["ci_high"] - rows["value"]]
    elif rows["plus_minus"].notna().all():
        errors = rows["plus_minus"]
    else:
        errors = None
    ax.barh(labels, rows["value"], color=colours, xerr=errors, capsize=5, height=0.6)
    ax.axvline(0, color=PALETTE["black"], linewidth=0.8)
    ax.invert_yaxis()
    ax.set_xlabel(xlabel)
    ax.grid(axis="y", visible=False)
    return ax


def body_composition_over_time(ax, trajectory):
    """Weight, fat and lean mass over a simulation, each line named at its end (Try-it chart)."""
    months = trajectory["day"] / (eb.DAYS_PER_YEAR / 12)
    for column, label, colour in [("weight_kg", "Body weight", PALETTE["black"]),
                                  ("fat_kg", "Fat mass", PALETTE["orange"]),
                                  ("lean_kg", "Lean mass", PALETTE["blue"])]:
        ax.plot(months, trajectory[column], linestyle=MODEL_STYLE["linestyle"], color=colour,
                label=label)
        ax.annotate(f"{label}\n{trajectory[column].iloc[-1]:.0f} kg",
                    (months.iloc[-1], trajectory[column].iloc[-1]), xytext=(5, 0),
                    textcoords="offset points", va="center", fontsize=10)
    ax.set_xlim(0, months.iloc[-1] * 1.25)
    step = 1 if months.iloc[-1] <= 6 else 3 if months.iloc[-1] <= 12 else 6
    ax.set_xticks(range(0, round(months.iloc[-1]) + 1, step))
    ax.set_xlabel("Months")
    ax.set_ylabel("kg")
    ax.set_ylim(0, None)
    return model_label(ax, "MODEL")


def span_words(years) -> str:
    """How long a run lasts, in words: 'six months', 'a year', '3 years'."""
    return {0.5: "six months", 1: "a year"}.get(years, f"{years:g} years")


def try_it_figure(sex, age, height_cm, weight_kg, activity, intake_kcal, years,
                  phone: bool = False):
    """Try-it chart: one person's model weight, fat and lean mass over `years` on `intake_kcal`.
    Its title says so when the run ends below a healthy weight for the person's height. Raises
    ValueError for a person or intake the model does not cover."""
    _, trajectory = _try_it_run(sex, age, height_cm, weight_kg, activity, intake_kcal, years)
    end = trajectory.iloc[-1]
    fig, ax = plt.subplots(figsize=charts.size((8, 4.5), phone, 5.5))
    body_composition_over_time(ax, trajectory)
    ax.set_ylim(0, max(weight_kg, trajectory["weight_kg"].max()) * 1.1)
    below = (", below a healthy weight for this height"
             if end["weight_kg"] < healthy_floor_kg(height_cm) else "")
    ax.set_title(f"On {intake_kcal:,.0f} kcal a day: {end['weight_kg']:.0f} kg after "
                 f"{span_words(years)}, from {weight_kg:g} kg{below}")
    charts.figure_note(fig, "Model output, not measured data: our energy-balance model (its "
                       "sources are listed under More detail), for one imagined person.")
    return fig, (
        f"Model lines over {span_words(years)} on {intake_kcal:,.0f} kcal a day: body weight "
        f"{'falls' if end['weight_kg'] < weight_kg else 'rises'} from {weight_kg:g} to "
        f"{end['weight_kg']:.0f} kg, fat mass from "
        f"{trajectory['fat_kg'].iloc[0]:.0f} to {end['fat_kg']:.0f} kg and lean mass from "
        f"{trajectory['lean_kg'].iloc[0]:.0f} to {end['lean_kg']:.0f} kg, each line flattening "
        "over time.")


def _try_it_run(sex, age, height_cm, weight_kg, activity, intake_kcal, years):
    """The Try-it person and their day-by-day model run."""
    someone = eb.Person(sex, age, height_cm, weight_kg, activity)
    return someone, eb.simulate(someone, intake_kcal, days=round(years * eb.DAYS_PER_YEAR))


def try_it_cuts(smaller_kcal: float) -> dict[str, float]:
    """The Try-it's daily cuts, labelled in words: one smaller than any guideline's (ours), then
    NHLBI's lowest, NICE's and NHLBI's highest (data/weight_loss_guidelines)."""
    guidelines = data.load("weight_loss_guidelines").set_index(["body", "topic"])
    nhlbi = guidelines.loc[("NHLBI", "daily_deficit")]
    return {"A smaller cut": smaller_kcal, "NHLBI's lowest": nhlbi["low"],
            "NICE's": guidelines.loc[("NICE", "daily_deficit"), "high"],
            "NHLBI's highest": nhlbi["high"]}


def try_it_choices(person: eb.Person, cuts: dict[str, float], years) -> dict[str, dict]:
    """The Try-it switcher's settings: for each label, `person` eating that many kcal a day less
    than keeps their weight steady, for `years`."""
    someone = {"sex": person.sex, "age": person.age, "height_cm": person.height_cm,
               "weight_kg": person.weight_kg, "activity": person.activity, "years": years}
    balance = eb.maintenance_intake(person)
    return {label: {**someone, "intake_kcal": balance - cut} for label, cut in cuts.items()}


def person_words(sex, age, height_cm, weight_kg, activity) -> str:
    """'a woman of 40, 165 cm and 85 kg, moderately active': the modelled person."""
    who = {"female": "woman", "male": "man"}[sex]
    return f"a {who} of {age:g}, {height_cm:g} cm and {weight_kg:g} kg, {activity}"


def try_it_sentence(sex, age, height_cm, weight_kg, activity, intake_kcal, years) -> str:
    """One sentence (HTML, its numbers traced) reading try_it_figure's chart for the same
    settings, an intake below what keeps the weight steady: what the cut is, what is lost in
    `years` and how much of it is lean tissue, and where the weight ends against the lowest
    healthy weight for the person's height (BELOW_FLOOR when under it)."""
    someone, trajectory = _try_it_run(sex, age, height_cm, weight_kg, activity, intake_kcal,
                                      years)
    start, end = trajectory.iloc[0], trajectory.iloc[-1]
    lost = start - end
    span = span_words(years)
    model = (f"our energy-balance model: {person_words(sex, age, height_cm, weight_kg, activity)}"
             f", eating {intake_kcal:,.0f} kcal a day for {span}")
    cut = modelled(eb.maintenance_intake(someone) - intake_kcal, model, "{:,.0f} kcal")
    bmi = healthy_bmi()
    floor = healthy_floor_kg(height_cm)
    floor_html = sourced(floor, bmi, "{:.0f} kg", how=f"the lowest healthy BMI times the square of "
                         f"the modelled person's height, {height_cm:g} cm (our assumption)")
    where = (f"{BELOW_FLOOR} ({floor_html}, a BMI of {sourced(bmi['low'], bmi)}): a weight no "
             "guideline aims for" if end["weight_kg"] < floor else
             f"above the lowest healthy weight for their height ({floor_html})")
    return (f"Eating {cut} a day less, the modelled person loses about "
            f"{modelled(lost['weight_kg'], model, '{:.0f} kg')} in {span} "
            f"({modelled(lost['lean_kg'] / lost['weight_kg'], model, '{:.0%}')} of it lean "
            f"tissue) and ends at {modelled(end['weight_kg'], model, '{:.0f} kg')}, {where}.")


def rule_versus_model_figure(start_weight_kg, model, rule, hall_eventual, years, deficit_kcal,
                             floor=None, phone: bool = False):
    """The model's weight and the 3500-kcal rule's over `years` for one intake cut, over the
    weights below a healthy one for the person's height (`floor` = (kg, BMI), if given)."""
    fig, ax = plt.subplots(figsize=charts.size((8, 5), phone, 6.5))
    rule_versus_model(ax, model["day"] / eb.DAYS_PER_YEAR, model["weight_kg"], rule,
                      hall_eventual, floor, phone)
    ax.set_title(f"The {rule_name()} fails: in {years} years it would take "
                 f"{start_weight_kg - rule[-1]:.0f} kg off; the model takes "
                 f"{start_weight_kg - model['weight_kg'].iloc[-1]:.0f} kg and levels off")
    charts.figure_note(fig, "Model output, not measured data. Parameters: Mifflin et al. 1990, "
                       "FAO/WHO/UNU 2004, Westerterp 2004, Deurenberg et al. 1991, Forbes's "
                       "constant (Broyles et al. 2011), Hall 2008, Stipanuk 2000 (second-hand). "
                       "Rule of thumb: Hall et al. 2011 (second-hand, quoted in press coverage). "
                       "Healthy-weight floor: NHLBI's BMI range (Strawbridge et al. 2000).")
    return fig, (
        f"Line chart over {years} years for a {deficit_kcal} kcal a day cut: the {rule_name()} "
        f"falls in a straight line to {rule[-1]:.0f} kg, far below a healthy weight for this "
        f"height, while the dynamic model curves and levels off near "
        f"{model['weight_kg'].iloc[-1]:.0f} kg, close to the eventual weight of "
        f"{hall_eventual:.0f} kg given by Hall et al.'s rule of thumb.")


def weekly_loss_figure(weekly, nice_band, nhlbi_band, deficits_kcal, vlcd_intake,
                       phone: bool = False):
    """Weekly loss for each deficit (and the very-low-calorie diet) over the guideline bands."""
    fig, ax = plt.subplots(figsize=charts.size((8, 6), phone, 6.5))
    weekly_loss_against_guidelines(ax, weekly, nice_band, nhlbi_band, phone)
    ax.set_title("Model: moderate cuts start inside or below the guideline band, then slow")
    charts.figure_note(fig, "Model output, not measured data (its settings are listed under More "
                       "detail). Bands: NICE 2014, NHLBI 1998. Early water and glycogen losses are "
                       "not modelled.")
    return fig, (
        "Line chart of weekly weight loss over a year for daily cuts of "
        + ", ".join(str(d) for d in deficits_kcal) + " kcal, each starting at its highest "
        "and slowly declining, drawn over the shaded NICE band of "
        f"{nice_band[0]:g} to {nice_band[1]:g} kg a week; a short line for the "
        f"{vlcd_intake:.0f} kcal a day diet starts above the band.")


def lean_mass_figure(lean_shares, garthe_lean, vink_lean, phone: bool = False):
    """Chaston's review above the athletes' trial and Vink's: lean tissue lost, slow vs fast."""
    fig, axes = plt.subplots(3, 1, figsize=charts.size((8, 8.5), phone, 8),
                             height_ratios=[3, 2, 2])
    lean_share_by_diet(axes[0], lean_shares)
    axes[0].set_title("Chaston et al.: diet studies in which people lost more than 10 kg",
                      loc="left", fontsize=11)
    arm_bars(axes[1], garthe_lean, "Lean mass change (% of starting lean mass)")
    axes[1].set_title("Garthe et al.: elite athletes losing weight slowly or fast", loc="left",
                      fontsize=11)
    arm_bars(axes[2], vink_lean, "Lean tissue lost (%, as the trial reports it)")
    axes[2].set_title("Vink et al.: adults on a low- (slow) or very-low-calorie diet (fast)",
                      loc="left", fontsize=11)
    charts.figure_title(fig, "Faster loss takes more of the weight from lean tissue")
    spreads = ", ".join(f"{width:g}" for width in lean_shares["iqr_percent"])
    charts.figure_note(fig, f"Sources: Chaston et al. 2007 (medians; the middle half of the "
                       f"studies spread over {spreads} percentage points); Garthe et al. 2011 "
                       "(means, whiskers +/- as reported); Vink et al. 2016 (means, 57 adults in "
                       "total).")
    shares = zip(lean_shares["diet"], lean_shares["median_percent"], strict=True)
    return fig, (
        "Three bar charts: the median share of weight lost as lean tissue is "
        + ", ".join(f"{p:g}% for {d}" for d, p in shares)
        + "; athletes losing weight slowly gained lean mass while the fast group did not; and a "
        "very-low-calorie diet took a larger share of the loss from lean tissue than a "
        "low-calorie diet.")


def regain_figure(vink_regain, purcell, phone: bool = False):
    """Weight regained after slow and after fast loss, in Vink's and in Purcell's trial."""
    fig, axes = plt.subplots(2, 1, figsize=charts.size((8, 5.5), phone, 6))
    arm_bars(axes[0], vink_regain, "Weight regained after 9 months (kg)")
    axes[0].set_title("Vink et al.: low-calorie (slow) vs very-low-calorie diet (fast)",
                      loc="left", fontsize=11)
    week, level = purcell["week"].iloc[0], purcell["ci_level"].iloc[0]
    arm_bars(axes[1], purcell, f"Share of lost weight regained by week {week:g} (%, {level:g}% CI)")
    axes[1].set_title("Purcell et al.: gradual vs rapid programme", loc="left", fontsize=11)
    charts.figure_title(fig, "Weight lost fast came back no faster than weight lost slowly")
    charts.figure_note(fig, "Sources: Vink et al. 2016 (means, 57 adults in total); Purcell et al. "
                       f"2014 (means with {level:g}% confidence intervals, people who stayed to "
                       f"week {week:g}).")
    return fig, (
        "Two bar charts: regain was similar after slow and fast loss, "
        f"{vink_regain['value'].iloc[0]:g} vs {vink_regain['value'].iloc[1]:g} kg in Vink et al. "
        f"and {purcell['value'].iloc[0]:g}% vs {purcell['value'].iloc[1]:g}% of the weight lost "
        "in Purcell et al., with overlapping confidence intervals.")
