"""Charts for notebook 04 (how fast to lose weight). Each takes an `ax`, draws, and returns it;
`try_it_person` draws and shows a whole figure for the Try-it sliders."""

import matplotlib.pyplot as plt
import pandas as pd

from explainer.charts import MODEL_STYLE, PALETTE, model_label, show
from explainer.models import energy_balance as eb

DEFICIT_COLOURS = [PALETTE["sky"], PALETTE["blue"], PALETTE["purple"], PALETTE["vermillion"]]
ARM_COLOURS = {"slow": PALETTE["blue"], "fast": PALETTE["orange"]}


def rule_versus_model(ax, years, model_weight, rule_weight, hall_eventual_weight):
    """Weight over time under the 3500-kcal rule and under the dynamic model, same deficit."""
    ax.plot(years, rule_weight, linestyle=":", color=PALETTE["vermillion"],
            label="3500-kcal rule (fixed deficit, fixed kcal per kg)")
    ax.plot(years, model_weight, linestyle=MODEL_STYLE["linestyle"], color=PALETTE["blue"],
            label="Dynamic model (expenditure falls as weight falls)")
    ax.axhline(hall_eventual_weight, color=PALETTE["black"], linewidth=1, linestyle="-.",
               label="Eventual weight by Hall et al.'s rule of thumb")
    ax.set_xlabel("Years since the intake cut")
    ax.set_ylabel("Body weight (kg)")
    ax.set_xlim(0, max(years))
    ax.legend(loc="lower left", fontsize=9)
    return model_label(ax)


def weekly_loss_against_guidelines(ax, weekly_losses, nice_band, nhlbi_band):
    """Weekly loss over time for several deficits, over the NICE (shaded) and NHLBI (lines) bands.

    `weekly_losses` maps a label to a Series of kg lost per week indexed by week.
    """
    ax.axhspan(*nice_band, color=PALETTE["green"], alpha=0.15, linewidth=0,
               label=f"NICE: {nice_band[0]:g}-{nice_band[1]:g} kg a week")
    for edge in nhlbi_band:
        ax.axhline(edge, color=PALETTE["green"], linewidth=1, linestyle=":")
    ax.plot([], [], color=PALETTE["green"], linewidth=1, linestyle=":",
            label=f"NHLBI: 1-2 lb ({nhlbi_band[0]:.2f}-{nhlbi_band[1]:.2f} kg) a week")
    colours = DEFICIT_COLOURS + [PALETTE["black"]]
    for (label, loss), colour in zip(weekly_losses.items(), colours, strict=False):
        ax.plot(loss.index, loss.to_numpy(), linestyle=MODEL_STYLE["linestyle"], color=colour,
                label=label)
    ax.set_xlabel("Weeks since the intake cut")
    ax.set_ylabel("Weight lost per week (kg)")
    ax.set_ylim(0, None)
    ax.set_xlim(0, max(loss.index.max() for loss in weekly_losses.values()))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.3), ncols=2, fontsize=9.5)
    return model_label(ax, "MODEL")


def fat_free_share_by_diet(ax, table):
    """Horizontal bars of the median share of weight lost as fat-free mass, by diet (Chaston)."""
    colours = [PALETTE["blue"] if diet == "low-calorie diet" else PALETTE["orange"]
               for diet in table["diet"]]
    bars = ax.barh(table["diet"].str.replace(" + ", "\n+ "), table["median_percent"],
                   color=colours)
    for bar, median, iqr in zip(bars, table["median_percent"], table["iqr_percent"], strict=True):
        middle = bar.get_y() + bar.get_height() / 2
        ax.annotate(f"{median:g}% (IQR {iqr:g})", (bar.get_width(), middle), xytext=(4, 0),
                    textcoords="offset points", va="center", fontsize=9)
    ax.invert_yaxis()
    ax.set_xlim(0, table["median_percent"].max() * 1.6)
    ax.set_xlabel("Share of weight lost as\nfat-free mass, median (%)")
    ax.grid(axis="y", visible=False)
    return ax


def arm_bars(ax, rows, xlabel):
    """Slow vs fast arm of one trial outcome: horizontal bars with +/- or 95% CI whiskers and n."""
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
    """Weight, fat and lean mass over a simulation (for the Try-it cell)."""
    years = trajectory["day"] / 365.25
    for column, label, colour in [("weight_kg", "Body weight", PALETTE["black"]),
                                  ("fat_kg", "Fat mass", PALETTE["orange"]),
                                  ("lean_kg", "Lean (fat-free) mass", PALETTE["blue"])]:
        ax.plot(years, trajectory[column], linestyle=MODEL_STYLE["linestyle"], color=colour,
                label=label)
    ax.set_xlabel("Years")
    ax.set_ylabel("kg")
    ax.set_ylim(0, None)
    ax.legend(loc="center right", fontsize=9)
    return model_label(ax, "MODEL")


def try_it_person(sex, age, height_cm, weight_kg, activity, intake_kcal, years=3):
    """Try-it chart: one person's model weight, fat and lean mass over `years` on `intake_kcal`."""
    someone = eb.Person(sex, age, height_cm, weight_kg, activity)
    try:
        trajectory = eb.simulate(someone, intake_kcal, days=round(years * eb.DAYS_PER_YEAR))
    except ValueError as error:
        print(f"Not modelled: {error}.")
        return
    fig, ax = plt.subplots()
    body_composition_over_time(ax, trajectory)
    ax.set_title(f"Steady on {eb.maintenance_intake(someone):.0f} kcal/day; after {years} years "
                 f"on {intake_kcal} kcal/day: {trajectory['weight_kg'].iloc[-1]:.1f} kg")
    show(fig, alt="Model weight, fat mass and lean mass over time for the chosen person.")
