"""The fat-depot model drawn: when each body region reaches the threshold (notebook 03)."""

from dataclasses import replace

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.patches import Rectangle

from explainer import charts
from explainer.charts import MODEL_STYLE, PALETTE, model_label
from explainer.models.fat_depots import DEPOTS, weeks_to_threshold

# Colour and marker per depot.
DEPOT_STYLE = {
    "abdomen": (PALETTE["vermillion"], "o"),
    "lower back": (PALETTE["black"], "s"),
    "hips": (PALETTE["purple"], "^"),
    "thighs": (PALETTE["green"], "D"),
    "arms": (PALETTE["sky"], "v"),
}


def depot_lines(ax, trajectory: pd.DataFrame, fraction_left: float, crossings: pd.Series):
    """Model depot fat as % of its start over time (dashed), with a dot where each hits the line."""
    share = 100 * trajectory / trajectory.iloc[0]
    step = max(len(share) // 6, 1)
    for number, depot in enumerate(share.columns):
        colour, marker = DEPOT_STYLE[depot]
        # Markers at staggered weeks keep lines that run on top of each other apart.
        ax.plot(share.index, share[depot], linestyle=MODEL_STYLE["linestyle"], color=colour,
                linewidth=1.8, marker=marker, markersize=5,
                markevery=(number * step // len(share.columns), step))
        if pd.notna(crossings[depot]):
            ax.plot(crossings[depot], 100 * fraction_left, marker, color=colour, markersize=8,
                    markeredgecolor="white", zorder=3, label=depot)
    ax.axhline(100 * fraction_left, color="#777777", linewidth=1, linestyle=":")
    ax.set_ylim(0, 105)
    ax.set_xlim(0, share.index.max())
    ax.set_xlabel("Weeks on the same deficit")
    return ax


def one_person_chart(ax, trajectory: pd.DataFrame, fraction_left: float):
    """Model depot lines for one person, titled with the order in which depots reach the line."""
    crossings = weeks_to_threshold(trajectory, fraction_left)
    depot_lines(ax, trajectory, fraction_left, crossings)
    ax.set_title("Order: " + " > ".join(crossings.sort_values().index), fontsize=11)
    ax.set_ylabel("Fat left (% of start)")
    ax.legend(fontsize=10, loc="upper right", bbox_to_anchor=(1, 0.9))
    model_label(ax, "MODEL")
    return ax


def loss_order_tiles(ax, crossings: pd.DataFrame, highlight: str, phone: bool = False):
    """One row per person and scenario: depots as tiles in the order they reach the threshold.

    `crossings` has one row per (person, scenario) and one column per depot (weeks). On a phone
    the row names go above the rows and the tiles take the whole width.
    """
    n_rows = len(crossings)
    tile = 0.6 if phone else 0.88  # tile height; on a phone the row name sits above the tiles
    for row_number, (_, weeks) in enumerate(crossings.iterrows()):
        y = n_rows - 1 - row_number
        for position, (depot, week) in enumerate(weeks.sort_values().items()):
            colour, _ = DEPOT_STYLE[depot]
            box = (position + 0.03, y + 0.06)
            ax.add_patch(Rectangle(box, 0.94, tile, facecolor=colour, edgecolor="white",
                                   hatch=MODEL_STYLE["hatch"], linewidth=0))
            if depot == highlight:
                ax.add_patch(Rectangle(box, 0.94, tile, fill=False, edgecolor=PALETTE["orange"],
                                       linewidth=3.5))
            if phone:  # the tiles are narrow: the number alone (the note says it is the week)
                name = depot.replace(" ", "\n")
                when = "not\nreached" if pd.isna(week) else f"{week:.1f}"
            else:
                name, when = depot, "not reached" if pd.isna(week) else f"week {week:.1f}"
            ax.text(position + 0.5, y + 0.06 + tile / 2, f"{name}\n{when}", ha="center",
                    va="center",
                    fontsize=10, color=charts.text_colour_on(colour), fontweight="bold",
                    bbox={"facecolor": colour, "edgecolor": "none", "pad": 1.5})
    ax.set_xlim(0, crossings.shape[1])
    ax.set_ylim(0, n_rows + 0.6)
    ax.set_xticks(np.arange(crossings.shape[1]) + 0.5,
                  ["1st", "2nd", "3rd", "4th", "5th"][: crossings.shape[1]])
    ax.xaxis.tick_top()
    names = [" / ".join(map(str, i)) for i in crossings.index]
    if phone:
        ax.set_yticks([])
        for y, name in zip(np.arange(n_rows)[::-1], names, strict=True):
            ax.text(0.03, y + 0.7, name, fontsize=10, va="bottom")
    else:
        ax.set_yticks(np.arange(n_rows)[::-1] + 0.5, names)
    ax.grid(False)
    ax.spines[["left", "bottom"]].set_visible(False)
    ax.tick_params(length=0)
    return ax


def three_people_figure(scenario, within_pair_r: float, phone: bool = False):
    """One panel per person of the scenario: each depot's fat on diet only, dot at the threshold."""
    crossings = scenario.crossings()
    fig, axes = plt.subplots(len(scenario.weights), 1, figsize=charts.size((8, 10), phone),
                             sharex=True, sharey=True)
    for ax, name in zip(axes, scenario.weights, strict=True):
        depot_lines(ax, scenario.run(name, spot_training=False), scenario.fraction_left,
                    crossings.loc[name, "diet only"])
        ax.set_title(name, fontsize=12)
        ax.set_ylabel("Fat left (% of start)")
    for ax in axes[:-1]:
        ax.set_xlabel("")
    charts.model_label(axes[0], "MODEL")
    axes[0].legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=10)
    charts.figure_title(fig, "Model: on the same deficit, each person's regions reach halfway in "
                        "their own order")
    charts.figure_note(fig, "Illustrative model, not measured data: depot weights with twin "
                       f"correlation {within_pair_r} (from Bouchard 1990, our reading); other "
                       "values are our assumptions (see the table above).")
    return fig, (
        "Three stacked panels of dashed model lines showing fat left in five body regions over "
        f"{scenario.weeks} weeks for two identical twins and an unrelated person; the regions "
        "cross the 50 percent line in a similar order for the twins and a different order for "
        "the unrelated person.")


def order_tiles_figure(scenario, phone: bool = False):
    """The order tiles for every person with and without spot training on the scenario's depot."""
    fig, ax = plt.subplots(figsize=charts.size((8, 5.6), phone, 9))
    loss_order_tiles(ax, scenario.crossings(), highlight=scenario.spot_depot, phone=phone)
    ax.set_title(f"Model: training the {scenario.spot_depot} changes nobody's order", pad=28)
    charts.model_label(ax, "MODEL")
    charts.source_note(ax, "Illustrative model, not measured data. Order in which regions lose "
                       f"half their fat, and the week they do; the {scenario.spot_depot} (orange "
                       "outline) gets the upper-bound local bonus from section 2 when trained.")
    return fig, (
        "Tile chart listing, for each of the three modelled people with and without lower-back "
        "training, the five body regions in the order they lose half their fat; the order is "
        "the same with and without the training.")


def try_it_figure(scenario, weekly_fat_loss_kg, local_factor, spot_training, **depot_weights):
    """The Try-it chart: one person with the given depot weights (depot name -> weight) on the
    scenario's deficit, its local effect `local_factor` times as large, spot training on or off."""
    person = replace(scenario, weights={"you": [depot_weights[depot] for depot in DEPOTS]},
                     weekly_fat_loss_kg=weekly_fat_loss_kg,
                     spot_kg_per_week=scenario.spot_kg_per_week * local_factor)
    fig, ax = plt.subplots()
    one_person_chart(ax, person.run("you", spot_training), scenario.fraction_left)
    return fig, "Model lines of the fat left in each region for the chosen settings."
