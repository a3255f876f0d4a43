"""Charts for notebooks 01 and 02 (what makes back dimples; does weight loss reveal them).

Each function draws on an `ax` and returns it. Measured data are drawn solid; model output dashed
or hatched (charts.MODEL_STYLE) and stamped with charts.model_label.
"""


import matplotlib.pyplot as plt
import numpy as np

from explainer.charts import MODEL_STYLE, PALETTE, figure_svg, model_label
from explainer.models.dimple_visibility import VISIBLE_AT, visibility_during_weight_loss

SEX_COLOURS = {"female": PALETTE["vermillion"], "male": PALETTE["blue"]}
SEX_OFFSETS = {"female": 0.17, "male": -0.17}
PERSON_COLOURS = [PALETTE["blue"], PALETTE["green"], PALETTE["grey"]]


def heritability_by_sex(ax, table):
    """A bold heading row per study, then a row per trait: a dot per sex, a bar for a range."""
    top = y = len(table[["study", "trait"]].drop_duplicates()) + table["study"].nunique()
    ticks, labels, headings = [], [], []
    for study, rows in table.groupby("study", sort=False):
        ticks.append(y)
        labels.append(study)
        headings.append(y)
        for trait, estimates in rows.groupby("trait", sort=False):
            y -= 1
            ticks.append(y)
            labels.append(trait)
            for row in estimates.itertuples():
                _heritability_mark(ax, row, y + SEX_OFFSETS[row.sex])
        y -= 1
    ax.set_yticks(ticks, labels)
    for tick, label in zip(ticks, ax.get_yticklabels(), strict=True):
        label.set_fontweight("bold" if tick in headings else "normal")
    for sex, colour in SEX_COLOURS.items():
        ax.plot([], [], "o", color=colour, label="women" if sex == "female" else "men")
    ax.plot([], [], color="#555555", lw=3, label="range over methods")
    ax.set_xlim(0, 1)
    ax.set_ylim(0.5, top + 0.5)
    ax.set_xlabel("Heritability (share of differences between people linked to genes)")
    ax.legend(loc="upper left")
    ax.grid(axis="y", visible=False)
    ax.tick_params(axis="y", length=0)
    return ax


def _heritability_mark(ax, row, y):
    """A dot at a point estimate, or a bar with end ticks where the study gives only a range."""
    colour = SEX_COLOURS[row.sex]
    if np.isnan(row.h2):
        ax.plot([row.h2_low, row.h2_high], [y, y], color=colour, lw=3, solid_capstyle="butt")
        ax.plot([row.h2_low, row.h2_high], [y, y], "|", color=colour, markersize=9)
    else:
        ax.plot(row.h2, y, "o", color=colour, markersize=7)


def population_by_bmi_and_tether(ax, population, max_points=1500):
    """Simulated people: BMI against tether depth, filled where the model shows a dimple.

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
    ax.annotate("no tether: never visible", xy=(population["bmi"].median(), 0), xytext=(0, 12),
                textcoords="offset points", ha="center", fontsize=10,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
    # Headroom above the deepest tether keeps the legend and the MODEL stamp off the points.
    ax.set_ylim(-0.5, population["tether_depth_mm"].max() * 1.3)
    ax.set_xlabel("BMI (kg/m²)")
    ax.set_ylabel("Tether depth (mm, assumed)")
    ax.legend(loc="upper left", ncols=2)
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
    ax.set_ylabel("Simulated people with visible dimples (%)")
    model_label(ax, "MODEL")
    return ax


def _measured_range(ax, y, low, high, colour, label):
    """A measured range: a thick bar from `low` to `high`, its numbers beside it, a label above."""
    ax.plot([low, high], [y, y], color=colour, lw=7, solid_capstyle="butt")
    ax.text(high, y, f"  {low:g} to {high:g} mm", va="center", fontsize=10)
    ax.text(low, y + 0.3, label, fontsize=10)


def fat_by_size_and_sex(top, bottom, table):
    """Top: CT regression ranges (per +20 kg; women minus men). Bottom: 8-site ultrasound sums."""
    rows = table.set_index(["measure", "group"])
    per_20kg = rows.loc[("sat_gain_per_20kg", "all")]
    women = rows.loc[("sat_female_excess", "female minus male")]
    _measured_range(top, 1, per_20kg["value_low"], per_20kg["value_high"], PALETTE["orange"],
                    "extra fat for each 20 kg of body weight")
    _measured_range(top, 0, women["value_low"], women["value_high"], PALETTE["vermillion"],
                    "extra fat in women compared with men of the same weight")
    top.set_ylim(-0.5, 1.8)
    top.set_xlim(0, 30)
    top.set_xlabel("Subcutaneous fat thickness over the torso (mm), CT")

    spread = rows.loc[("sat_sum_8_sites", "all")]
    _measured_range(bottom, 1, spread["value_low"], spread["value_high"], PALETTE["grey"],
                    f"{spread['n']} adults from lean to obese: lowest to highest")
    for sex, y in (("female", 0.15), ("male", -0.15)):
        athletes = rows.loc[("sat_sum_8_sites_median", sex)]
        bottom.plot(athletes["value"], y, "o", color=SEX_COLOURS[sex], markersize=8)
        who = "women" if sex == "female" else "men"
        bottom.text(athletes["value"], y, f"  {athletes['value']:g} mm: median of {athletes['n']} "
                    f"elite {who}", va="center", fontsize=10)
    bottom.set_ylim(-0.6, 1.8)
    bottom.set_xlim(0, 300)
    bottom.set_xlabel("Sum of fat thickness at 8 body sites (mm), ultrasound")
    for ax in (top, bottom):
        ax.set_yticks([])
        ax.grid(axis="y", visible=False)
        ax.spines["left"].set_visible(False)
    return top, bottom


def diet_changes(ax, table):
    """Measured changes on a six-month diet: weight, body fat %, and the range over four sites."""
    rows = table.set_index("measure")
    for y, measure, label in ((2, "body_weight", "body weight"),
                              (1, "body_fat_percent", "body fat percentage")):
        value = rows.loc[measure, "value"]
        ax.barh(y, value, color=PALETTE["sky"], height=0.5)
        ax.text(value, y, f"{value:g}%  ", ha="right", va="center", fontsize=10)
        ax.text(0.3, y, label, va="center", fontsize=10)
    site = rows.loc["site_subcutaneous_fat_share"]
    ax.plot([site["value_low"], site["value_high"]], [0, 0], color=PALETTE["orange"], lw=7,
            solid_capstyle="butt")
    ax.text(site["value_low"], 0, f"{site['value_low']:g} to {site['value_high']:g}%  ", ha="right",
            va="center", fontsize=10)
    ax.text(0.3, 0, "subcutaneous fat share at each of\nfour sites (arm, thigh, waist, hip)",
            va="center", fontsize=10)
    ax.axvline(0, color="black", lw=0.8)
    ax.set_ylim(-0.7, 2.5)
    ax.set_xlim(-25, 14)
    ax.set_yticks([])
    ax.grid(axis="y", visible=False)
    ax.spines["left"].set_visible(False)
    ax.set_xlabel("Change after six months (% of the starting value)")
    return ax


def fat_over_weeks(ax, week, fat_low, fat_mid, fat_high, tethers, weeks_measured):
    """Modelled fat over the PSIS during steady weight loss, against each person's tether depth.

    A dimple shows once the fat line falls below that person's tether line."""
    ax.fill_between(week, fat_low, fat_high, facecolor="none", hatch=MODEL_STYLE["hatch"],
                    edgecolor=PALETTE["orange"], lw=0, label="range from Wang 2002's site changes")
    ax.plot(week, fat_mid, color=PALETTE["orange"], linestyle=MODEL_STYLE["linestyle"],
            label="fat over the PSIS (middle of the range)")
    for (label, depth), colour in zip(tethers.items(), _person_colours(tethers), strict=True):
        ax.axhline(depth, color=colour, lw=1.5, linestyle=":", label=f"tether depth: {label}")
    ax.axvline(weeks_measured, color="#777777", lw=1)
    ax.annotate(" end of the 6 measured months", xy=(weeks_measured, 0.93),
                xycoords=("data", "axes fraction"), fontsize=9, color="#555555")
    # Headroom above the highest line keeps the MODEL stamp off the data.
    ax.set_ylim(0, max(np.max(fat_high), np.max(fat_low), *tethers.values()) * 1.3)
    ax.set_ylabel("Fat over the PSIS (mm)")
    ax.legend(loc="lower left", fontsize=10)
    model_label(ax, "MODEL")
    return ax


def visibility_over_weeks(ax, week, people):
    """Visibility index over the weeks for each person in `people` (label -> index array)."""
    for (label, index), colour in zip(people.items(), _person_colours(people), strict=True):
        ax.plot(week, index, color=colour, linestyle=MODEL_STYLE["linestyle"], label=label)
    ax.axhline(VISIBLE_AT, color="black", lw=0.8)
    ax.text(week[-1], VISIBLE_AT + 0.02, "visible above this line", fontsize=10, ha="right")
    ax.set_ylim(-0.02, 1)
    ax.set_xlabel("Weeks of steady weight loss")
    ax.set_ylabel("Visibility index (0 to 1)")
    ax.legend(loc="upper left", fontsize=10)
    model_label(ax, "MODEL")
    return ax


def _person_colours(people):
    """One colour per person; more people than colours is an error, not a silent cut."""
    if len(people) > len(PERSON_COLOURS):
        raise ValueError(f"at most {len(PERSON_COLOURS)} people per chart, got {len(people)}")
    return PERSON_COLOURS[: len(people)]


def try_it_figure(values, start_weight_kg, fat_per_weight, floor_mm, weeks):
    """The Try-it chart for slider `values` (tether_depth_mm, start_fat_mm, weekly_loss_kg):
    the visibility index over the weeks, titled with the week it first shows. Returns (fig, alt)."""
    week, index = visibility_during_weight_loss(
        values["tether_depth_mm"], values["start_fat_mm"], start_weight_kg,
        values["weekly_loss_kg"], weeks, fat_per_weight, floor_mm)
    shown = week[index >= VISIBLE_AT]
    fig, ax = plt.subplots(figsize=(8, 3.6))
    visibility_over_weeks(ax, week, {f"tether {values['tether_depth_mm']:g} mm": index})
    ax.set_title(f"Visible from week {shown[0]}" if len(shown)
                 else f"Not visible within {weeks} weeks")
    return fig, ("Model output: the visibility index over the weeks for the chosen tether depth, "
                 "starting fat and weekly loss.")


def live_chart(controls, figure_for):
    """Show a chart under `controls` (name -> widget) that redraws in place when one changes.

    `figure_for(values)` returns (fig, alt). The chart is a display updated by its display_id, not
    an Output widget, so a headless run records it like any other figure.
    """
    from IPython.display import display

    def bundle():
        fig, alt = figure_for({name: control.value for name, control in controls.items()})
        svg = figure_svg(fig)
        plt.close(fig)
        return {"image/svg+xml": svg, "text/plain": alt}, {"image/svg+xml": {"alt": alt}}

    content, metadata = bundle()
    chart = display(content, raw=True, metadata=metadata, display_id=True)

    def redraw(_change):
        content, metadata = bundle()
        chart.update(content, raw=True, metadata=metadata)

    for control in controls.values():
        control.observe(redraw, names="value")
    return chart
