"""The dimple model drawn: imaginary people by BMI, and a dimple over weight loss (Try it).

In the model a tie (a ligament, or skin stuck to bone; `tether` in the code) holds the skin down
over each bony point, and the fat on top smooths the hollow: the share of the hollow that shows
is the model's visibility index. Model output is drawn dashed or hatched (charts.MODEL_STYLE) and
stamped with charts.model_label. The Try-it sentences are HTML, their numbers traced.
"""

import matplotlib.pyplot as plt
import numpy as np

from explainer import chart_svg, charts
from explainer.charts import MODEL_STYLE, PALETTE, model_label
from explainer.models.dimple_visibility import VISIBLE_AT, visibility_during_weight_loss
from explainer.provenance import modelled, sourced

PERSON_COLOURS = [PALETTE["blue"], PALETTE["green"], PALETTE["grey"]]


SCATTER_POINTS = 400


def population_by_bmi_and_tether(ax, population, max_points=SCATTER_POINTS, legend_columns=2):
    """Imaginary people: BMI against tie depth, filled where the model shows a dimple.

    Draws only the first `max_points` people (the draws are independent, so any slice is a fair
    sample), to keep the figure small."""
    sample = population.head(max_points)
    shown = sample[sample["visible"]]
    hidden = sample[~sample["visible"]]
    ax.scatter(hidden["bmi"], hidden["tether_depth_mm"], s=9, facecolors="none",
               edgecolors=PALETTE["grey"], linewidths=0.6, label="no visible dimple",
               rasterized=True)
    ax.scatter(shown["bmi"], shown["tether_depth_mm"], s=9, color=PALETTE["blue"],
               label="visible dimple", rasterized=True)
    ax.annotate("no tie: never visible", xy=(population["bmi"].median(), 0), xytext=(0, 12),
                textcoords="offset points", ha="center", fontsize=10,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
    # Headroom above the deepest tether keeps the legend and the MODEL stamp off the points.
    ax.set_ylim(-0.5, population["tether_depth_mm"].max() * 1.3)
    ax.set_xlabel("BMI (kg/m²)")
    ax.set_ylabel("Tie depth (mm, assumed)")
    ax.legend(loc="upper left", ncols=legend_columns)
    model_label(ax, "MODEL")
    return ax


def share_visible_by_bmi(ax, population, edges):
    """Hatched bars: the share of simulated people in each BMI band with visible dimples."""
    band = np.digitize(population["bmi"], edges[1:-1])
    shares = [population["visible"][band == i].mean() * 100 for i in range(len(edges) - 1)]
    labels = [f"{lo:g}-{hi:g}" for lo, hi in zip(edges[:-1], edges[1:], strict=True)]
    ax.bar(labels, shares, color="white", edgecolor=PALETTE["blue"], hatch=MODEL_STYLE["hatch"])
    for x, share in enumerate(shares):
        ax.text(x, share + 1, f"{share:.0f}%", ha="center", fontsize=10)
    ax.set_ylim(0, 100)
    ax.set_xlabel("BMI band (kg/m²)")
    ax.set_ylabel("Imaginary people with\nvisible dimples (%)")
    model_label(ax, "MODEL")
    return ax


def population_figure(population, bmi_bands, bmi_range, phone: bool = False):
    """The imaginary people's scatter above the share with visible dimples in each BMI band."""
    fig, (upper, lower) = plt.subplots(2, 1, figsize=charts.size((8, 8.6), phone, 7.5))
    # On a phone, two legend columns would run under the MODEL stamp.
    population_by_bmi_and_tether(upper, population, legend_columns=1 if phone else 2)
    upper.set_title("Model: dimples show at every BMI where the tie is deep enough")
    share_visible_by_bmi(lower, population, bmi_bands)
    lower.set_title("Model: leaner people show them more often, but far from always")
    charts.figure_note(fig, f"Model, not measured data: one random draw of {len(population):,} "
                       f"imaginary people (the scatter shows {SCATTER_POINTS:,} of them). Where "
                       "each setting comes from is listed under the chart.")
    return fig, (
        "Model output. Top: scatter of imaginary people by BMI and by how deep a tie holds their "
        f"skin down; people with visible dimples appear at every BMI from {bmi_range[0]:g} to "
        f"{bmi_range[1]:g} wherever the tie is deep enough, and people without a tie never show "
        "one. Bottom: hatched bars of the share with visible dimples in each BMI band, falling "
        "with BMI but never to zero.")


def visibility_over_weeks(ax, week, people):
    """The share of the hollow that shows (the visibility index) over the weeks for each person in
    `people` (label -> index array)."""
    for (label, index), colour in zip(people.items(), _person_colours(people), strict=True):
        ax.plot(week, index, color=colour, linestyle=MODEL_STYLE["linestyle"], label=label)
    # Named in the legend (an empty line, out of the CSV), not beside the line, where the curves
    # would run through its words.
    ax.axhline(VISIBLE_AT, color="black", lw=0.8)
    ax.plot([], [], color="black", lw=0.8, label="dimple visible above this line")
    ax.set_ylim(-0.02, 1)
    ax.set_xlabel("Weeks of steady weight loss")
    ax.set_ylabel("Share of the hollow\nthat shows (0 to 1)")
    # In the empty band above the zero line: the upper left is the MODEL stamp's on a phone.
    ax.legend(loc="lower left", bbox_to_anchor=(0, 0.04), fontsize=10)
    model_label(ax, "MODEL")
    return ax


def _person_colours(people):
    """One colour per person; more people than colours is an error, not a silent cut."""
    if len(people) > len(PERSON_COLOURS):
        raise ValueError(f"at most {len(PERSON_COLOURS)} people per chart, got {len(people)}")
    return PERSON_COLOURS[: len(people)]


def try_it_figure(tether_depth_mm, start_fat_mm, weekly_loss_kg, *, start_weight_kg,
                  fat_per_weight, floor_mm, weeks, weeks_measured, phone: bool = False):
    """The Try-it chart: the share of the hollow that shows over the weeks for one tie depth,
    starting fat and weekly loss. `fat_per_weight` maps "slowest", "middle" and "fastest" to the
    fat lost per share of weight lost: the middle one draws the dashed line, the others thin
    lines either side. A grey line marks the end of the trial's measured weeks; the title says
    when the dimple first shows."""
    runs = first_visible_weeks(tether_depth_mm, start_fat_mm, weekly_loss_kg,
                               start_weight_kg=start_weight_kg, fat_per_weight=fat_per_weight,
                               floor_mm=floor_mm, weeks=weeks)
    week, index = runs["middle"][1:]
    label = f"tie {tether_depth_mm:g} mm deep" if tether_depth_mm else "no tie"
    fig, ax = plt.subplots(figsize=charts.size((8, 4.2), phone, 4.3))
    visibility_over_weeks(ax, week, {label: index})
    if tether_depth_mm:
        for rate, style in (("fastest", ":"), ("slowest", "-.")):
            ax.plot(week, runs[rate][2], color=PERSON_COLOURS[0], lw=1, linestyle=style,
                    label=f"{rate} thinning")
    ax.axvline(weeks_measured, color="#777777", lw=1)
    ax.plot([], [], color="#777777", lw=1, label="end of the trial")
    # Hung under the plot (figure_svg): no curve of any tie runs through the legend.
    ax.legend(loc="upper left", fontsize=10, ncols=1 if phone else 3).set_gid(chart_svg.BELOW_GID)
    first, fastest = runs["middle"][0], runs["fastest"][0]
    ax.set_title(f"Visible {_from(first)}" if first is not None
                 else f"Only at the fastest thinning: visible {_from(fastest)}"
                 if fastest is not None else f"Not visible within {weeks} weeks")
    charts.figure_note(fig, "Illustrative model, not measured data. Pace and fat change from Wang "
                       "et al. 2002; starting fat from our dimple model; tie depth assumed.")
    return fig, (
        f"Model output: the share of the hollow that shows over {weeks} weeks of steady weight "
        "loss with "
        f"{'a ' + label if tether_depth_mm else label}"
        + (", with thin lines for the slowest and the fastest thinning" if tether_depth_mm
           else "")
        + (f"; the middle line is above the visible mark {_from(first)}." if first is not None
           else "; the middle line stays below the visible mark."))


def try_it_sentence(tether_depth_mm, start_fat_mm, weekly_loss_kg, *, weeks_measured, trial,
                    **model) -> str:
    """One sentence reading try_it_figure's chart for the same settings, as HTML whose numbers
    are traced: to the model and its settings, and the trial's length to `trial` (the row of the
    diet table that gives it)."""
    first = {rate: run[0] for rate, run in
             first_visible_weeks(tether_depth_mm, start_fat_mm, weekly_loss_kg, **model).items()}
    if not tether_depth_mm:
        return ("In the model, with no tie nothing holds the skin down, so no dimple shows at any "
                "weight.")

    def traced(shown, rate="middle"):
        return modelled(shown, f"our dimple model: a tie {tether_depth_mm:g} mm deep (our "
                        f"assumption) under {start_fat_mm:.1f} mm of fat, {weekly_loss_kg:.2f} kg "
                        f"lost a week, the fat thinning at the {rate} rate of Wang et al. 2002's "
                        "sites")

    tie = f"In the model, with a tie {traced(f'{tether_depth_mm:g} mm')} deep"
    if first["slowest"] == 0:
        return f"{tie} the dimple shows from the start and grows clearer as the fat thins."
    if first["fastest"] is None:
        return (f"{tie} the dimple stays hidden all {traced(model['weeks'], 'fastest')} weeks, "
                "even if the lower back thins as fast as the fastest site measured.")

    def lighter(rate):
        return traced(f"{first[rate] * weekly_loss_kg:.0f} kg", rate)

    if first["middle"] is None:
        said = (f"{tie} the dimple shows only at the fastest thinning measured: from week "
                f"{traced(first['fastest'], 'fastest')}, about {lighter('fastest')} lighter")
    else:
        spread = (f"weeks {traced(first['fastest'], 'fastest')} to "
                  f"{traced(first['slowest'], 'slowest')} at the fastest and slowest thinning"
                  if first["slowest"] is not None else
                  f"week {traced(first['fastest'], 'fastest')} at the fastest thinning, none by "
                  f"week {traced(model['weeks'], 'slowest')} at the slowest")
        said = (f"{tie} the dimple first shows in week {traced(first['middle'])}, about "
                f"{lighter('middle')} lighter ({spread})")
    latest = max(model["weeks"] if week is None else week for week in first.values())
    length = sourced(trial["duration_months"], trial, "{:g} months")
    return said + (f"; beyond the trial's {length} this is a projection."
                   if latest > weeks_measured else ".")


def _from(week: int) -> str:
    return "from the start" if week == 0 else f"from week {week}"


def first_visible_weeks(tether_depth_mm, start_fat_mm, weekly_loss_kg, *, start_weight_kg,
                        fat_per_weight, floor_mm, weeks) -> dict:
    """Per rate of thinning: (first visible week or None, weeks, visibility index each week)."""
    runs = {}
    for rate, share in fat_per_weight.items():
        week, index = visibility_during_weight_loss(tether_depth_mm, start_fat_mm,
                                                    start_weight_kg, weekly_loss_kg, weeks,
                                                    share, floor_mm)
        shown = week[index >= VISIBLE_AT]
        runs[rate] = (int(shown[0]) if len(shown) else None, week, index)
    return runs
