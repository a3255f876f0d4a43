"""The fat-depot model drawn: when each body region reaches the threshold (notebook 03)."""

from dataclasses import replace

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.patches import Rectangle

from explainer import charts
from explainer.charts import MODEL_STYLE, PALETTE, model_label
from explainer.models.fat_depots import DEPOTS, weeks_to_threshold
from explainer.provenance import modelled

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
    ax.set_xlabel("Weeks on the same diet")
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
    fig, axes = plt.subplots(len(scenario.weights), 1, figsize=charts.size((8, 10), phone, 7),
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
    charts.figure_title(fig, "Model: on the same diet, each person's regions reach halfway in "
                        "their own order")
    charts.figure_note(fig, "Illustrative model, not measured data: depot weights with twin "
                       f"correlation {within_pair_r} (from Bouchard 1990, our reading); other "
                       "values are our assumptions (see the table above).")
    orders = "; ".join(f"{name}: " + ", ".join(crossings.loc[name, "diet only"].sort_values().index)
                       for name in scenario.weights)
    return fig, (
        f"{len(axes)} stacked panels of dashed model lines showing fat left in "
        f"{len(scenario.start_fat_kg)} body regions over {scenario.weeks} weeks, one panel a "
        f"person; the order in which the regions lose half their fat is {orders}.")


def order_tiles_figure(scenario, phone: bool = False):
    """The order tiles for every person with and without spot training on the scenario's depot."""
    fig, ax = plt.subplots(figsize=charts.size((8, 5.6), phone, 6.5))
    crossings = scenario.crossings()
    loss_order_tiles(ax, crossings, highlight=scenario.spot_depot, phone=phone)
    changed = order_changed_for(crossings)
    ax.set_title(f"Model: training the {scenario.spot_depot} changes "
                 + ("the order for " + " and ".join(changed) if changed else "nobody's order"),
                 pad=28)
    charts.model_label(ax, "MODEL")
    charts.figure_note(fig, "Illustrative model, not measured data. Order in which regions lose "
                       f"half their fat, and the week they do; the {scenario.spot_depot} (orange "
                       "outline) gets, when trained, the largest local bonus the measurements "
                       "allow.")
    return fig, (
        f"Tile chart listing, for each of the {len(scenario.weights)} modelled people with and "
        f"without {scenario.spot_depot} training, the {len(scenario.start_fat_kg)} body regions in "
        "the order they lose half their fat; the training changes "
        + (("the order for " + " and ".join(changed)) if changed else "nobody's order") + ".")


def order_changed_for(crossings: pd.DataFrame) -> list[str]:
    """The people whose order of regions differs between diet only and diet + spot training."""
    return [person for person in dict.fromkeys(crossings.index.get_level_values(0))
            if list(crossings.loc[(person, "diet only")].sort_values().index)
            != list(crossings.loc[(person, "diet + spot training")].sort_values().index)]


def try_it_figure(scenario, weekly_fat_loss_kg, local_factor, spot_training, phone: bool = False,
                  **depot_weights):
    """The Try-it chart: for one person with the given depot weights (depot name -> weight) on
    `weekly_fat_loss_kg`, the week each region has lost half its fat, first at the top, with the
    scenario's trained region `local_factor` times its local effect when `spot_training`."""
    trained, diet_only = _try_it_crossings(scenario, weekly_fat_loss_kg, local_factor,
                                           spot_training, depot_weights)
    spot = scenario.spot_depot
    order = trained.sort_values()
    fig, ax = plt.subplots(figsize=charts.size((8, 4.2), phone, 3.7))
    y = np.arange(len(order))[::-1]
    for row, (depot, week) in zip(y, order.items(), strict=True):
        colour, _ = DEPOT_STYLE[depot]
        reached = pd.notna(week)
        ax.barh(row, week if reached else scenario.weeks, color="white", edgecolor=colour,
                hatch=MODEL_STYLE["hatch"], linewidth=3 if depot == spot else 1.5, label=depot)
        # The trained region's label starts past its diet-only tick, which would cross it.
        end = week if reached else scenario.weeks
        if spot_training and depot == spot:
            end = max(end, diet_only[spot])
        ax.text(end, row, f" week {week:.1f}" if reached else " not reached", va="center",
                fontsize=10)
    if spot_training:
        row = y[list(order.index).index(spot)]
        ax.plot([diet_only[spot]] * 2, [row - 0.45, row + 0.45], color="black", lw=1.5,
                label="_diet only")
    ax.set_yticks(y, order.index)
    ax.set_xlim(0, scenario.weeks * 1.2)  # too_small_to_see assumes this axis
    ax.set_xlabel(f"Weeks until half the fat is gone ({weekly_fat_loss_kg:g} kg of fat a week)")
    ax.grid(axis="y", visible=False)
    place = f"{_ORDINALS[list(order.index).index(spot) + 1]} of {len(order)}"
    # Each option's chart says what changed, even where the bars look the same.
    gap = diet_only[spot] - trained[spot]
    ax.set_title(f"Trained: the {spot} is {place}"
                 + (f", {sooner_words(7 * gap)} sooner" if pd.notna(gap) else "")
                 if spot_training else f"Diet alone: the {spot} is {place} to lose half its fat")
    model_label(ax, "MODEL")
    charts.figure_note(fig, ("Black tick: the trained region's halfway point on diet alone. "
                             if spot_training else "")
                       + "Illustrative model, not measured data: our depot model, training's "
                       "local effect at our generous bound or a multiple of it.")
    return fig, (
        f"Model bar chart: weeks until each of {len(order)} body regions has lost half its fat, "
        f"{'with ' + _plain_training(spot, local_factor) if spot_training else 'on diet alone'}; "
        "the order is "
        + ", ".join(order.index) + ".")


def try_it_sentence(scenario, weekly_fat_loss_kg, local_factor, spot_training,
                    **depot_weights) -> str:
    """One sentence (HTML, its numbers marked as the model's) reading try_it_figure's chart for
    the same settings; it says so when the change is too small to see on the chart."""
    trained, diet_only = _try_it_crossings(scenario, weekly_fat_loss_kg, local_factor,
                                           spot_training, depot_weights)
    spot = scenario.spot_depot
    place = list(trained.sort_values().index).index(spot) + 1
    model = model_settings(scenario, weekly_fat_loss_kg, local_factor if spot_training else None)
    if not spot_training:
        return (f"In the model, on diet alone, the {spot} is {_ORDINALS[place]} to lose half its "
                f"fat, in week {modelled(diet_only[spot], model, '{:.1f}')}.")
    weeks_sooner = diet_only[spot] - trained[spot]
    sooner = modelled(sooner_words(7 * weeks_sooner), model)
    ahead = [depot for depot in trained.index
             if trained[depot] > trained[spot] and diet_only[depot] < diet_only[spot]]
    unseen = too_small_to_see(scenario, weeks_sooner)
    return (f"In the model, {_training(spot, local_factor, model)} brings its halfway point "
            f"{sooner} forward"
            + (", too little to see: the bars look as on diet alone" if unseen else "")
            + (f", and it moves ahead of the {' and the '.join(ahead)}." if ahead
               else ("; the order stays the same." if not unseen
                     else " and the order stays the same.")))


# A shift shorter than this share of a chart's time axis does not show (a pixel or two on a phone).
SMALLEST_SEEN = 0.01


def too_small_to_see(scenario, weeks: float) -> bool:
    """Whether a shift of `weeks` is too small to see on the model's charts (the Try-it chart's
    axis, the longest, runs to 1.2 times the scenario's weeks)."""
    return weeks < SMALLEST_SEEN * scenario.weeks * 1.2


def sooner_words(days: float) -> str:
    """A time in the unit a reader would use: '7 hours', '3 days', '3.3 weeks'."""
    return (f"{days * 24:.0f} hours" if days < 1 else f"{days:.0f} days" if days < 14
            else f"{days / 7:.1f} weeks")


def model_settings(scenario, weekly_fat_loss_kg=None, local_factor=None) -> str:
    """The fat-depot model's settings in words, for the notes on its output: the weekly fat
    loss, the run, the threshold, how the weights were drawn, and the local effect when a
    region is trained `local_factor` times the scenario's bound."""
    weekly = scenario.weekly_fat_loss_kg if weekly_fat_loss_kg is None else weekly_fat_loss_kg
    words = (f"our fat-depot model: {weekly:g} kg of fat lost a week for {scenario.weeks} weeks, "
             f"a region counted once it has lost {1 - scenario.fraction_left:.0%} of its fat")
    if scenario.drawn_with:
        words += f"; {scenario.drawn_with}"
    if local_factor is not None:
        grams = 1000 * scenario.spot_kg_per_week * local_factor
        times = "" if local_factor == 1 else f"{local_factor:g} times "
        words += (f"; {scenario.spot_depot} training at {times}our generous bound "
                  f"({grams:.2g} g of fat a week)")
    return words


def times_in_words(factor: float) -> str:
    """A power of ten as a switcher label, without digits: 100 -> 'A hundred times that'."""
    words = {10: "Ten", 100: "A hundred", 1000: "A thousand", 10_000: "Ten thousand"}
    if factor not in words:
        raise ValueError(f"no words for {factor:g} times")
    return f"{words[factor]} times that"


def _training(spot: str, local_factor: float, model: str) -> str:
    effect = ("our generous estimate" if local_factor == 1
              else f"{modelled(local_factor, model)} times our generous estimate")
    return f"training the {spot} at {effect}"


def _plain_training(spot: str, local_factor: float) -> str:
    effect = ("our generous estimate" if local_factor == 1
              else f"{local_factor:g} times our generous estimate")
    return f"training the {spot} at {effect}"


_ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth"}


def _try_it_crossings(scenario, weekly_fat_loss_kg, local_factor, spot_training, depot_weights):
    """Weeks to the threshold per depot for one person: with the settings, and on diet alone."""
    person = replace(scenario, weights={"you": [depot_weights[depot] for depot in DEPOTS]},
                     weekly_fat_loss_kg=weekly_fat_loss_kg,
                     spot_kg_per_week=scenario.spot_kg_per_week * local_factor)
    diet_only = weeks_to_threshold(person.run("you", False), scenario.fraction_left)
    trained = weeks_to_threshold(person.run("you", spot_training), scenario.fraction_left)
    return trained, diet_only
