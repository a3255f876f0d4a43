"""How thick the fat under the skin is, what sets it, and what a diet does to it (notebook 02)."""

import matplotlib.pyplot as plt

from explainer import charts
from explainer.charts import PALETTE, SEX_COLOURS

# Labels that may run past the plot's right end, as far as the figure's: out of the layout, which
# would otherwise narrow a phone's plot to half its width to make room for them.
BESIDE = {"fontsize": 10, "in_layout": False}


def _measured_range(ax, y, low, high, colour, label, numbers_below=False):
    """A measured range: a thick bar from `low` to `high`, a label above, and its numbers beside
    it, or under its right end (`numbers_below`: a bar near the plot's edge, where they would
    wrap). A no-break space keeps a number with its unit."""
    ax.plot([low, high], [y, y], color=colour, lw=7, solid_capstyle="butt")
    if numbers_below:
        ax.text(high, y - 0.3, f"{low:g} to {high:g}\u00a0mm", ha="right", va="top", **BESIDE)
    else:
        ax.text(high, y, f"  {low:g} to {high:g}\u00a0mm", va="center", **BESIDE)
    ax.text(low, y + 0.3, label, **BESIDE)


def fat_by_size_and_sex(top, bottom, table):
    """Top: CT ranges (per added body weight; women minus men). Bottom: 8-site ultrasound sums."""
    rows = table.set_index(["measure", "group"])
    gain = rows.loc[("sat_gain_per_20kg", "all")]
    women = rows.loc[("sat_female_excess", "female minus male")]
    _measured_range(top, 1, gain["value_low"], gain["value_high"], PALETTE["orange"],
                    f"extra fat for each {gain['per_body_weight_kg']:g} kg of body weight")
    _measured_range(top, 0, women["value_low"], women["value_high"], PALETTE["vermillion"],
                    "extra fat in women compared with men of the same weight")
    top.set_ylim(-0.5, 1.8)
    top.set_xlim(0, 30)
    top.set_xlabel("Fat under the skin of the torso (mm), CT scans")

    spread = rows.loc[("sat_sum_8_sites", "all")]
    _measured_range(bottom, 1, spread["value_low"], spread["value_high"], PALETTE["grey"],
                    f"{spread['n']} adults from lean to obese: lowest to highest",
                    numbers_below=True)
    for sex, y in (("female", 0.15), ("male", -0.15)):
        athletes = rows.loc[("sat_sum_8_sites_median", sex)]
        bottom.plot(athletes["value"], y, "o", color=SEX_COLOURS[sex], markersize=8)
        who = "women" if sex == "female" else "men"
        bottom.annotate(f"{athletes['value']:g}\u00a0mm: median of {athletes['n']} elite {who}",
                        (athletes["value"], y), xytext=(7, 0), textcoords="offset points",
                        va="center", **BESIDE)  # clear of the dot, whatever the font's spaces
    bottom.set_ylim(-0.6, 1.8)
    bottom.set_xlim(0, 300)
    bottom.set_xlabel("Sum of fat thickness at 8 body sites (mm), ultrasound")
    for ax in (top, bottom):
        ax.set_yticks([])
        ax.grid(axis="y", visible=False)
        ax.spines["left"].set_visible(False)
    return top, bottom


def fat_layer_figure(fat_table, phone: bool = False):
    """CT ranges above, ultrasound sums below, with the measured numbers in the alt text."""
    fig, (top, bottom) = plt.subplots(2, 1, figsize=charts.size((8, 5.8), phone, 5.2))
    fat_by_size_and_sex(top, bottom, fat_table)
    top.set_title("The fat layer over the torso is thicker in heavier people, and in women")
    charts.figure_note(fig, "Sources: CT: a study of over 17,000 torso scans (abstract); "
                       "ultrasound: Störchle et al. 2017 (BMI 18.6-40.3) and Müller et al. 2020 "
                       "(elite athletes), abstracts.")
    rows = fat_table.set_index(["measure", "group"])
    gain = rows.loc[("sat_gain_per_20kg", "all")]
    women = rows.loc[("sat_female_excess", "female minus male")]
    spread = rows.loc[("sat_sum_8_sites", "all")]
    athletes = rows.loc["sat_sum_8_sites_median"]["value"]
    return fig, (
        "Two range charts of measured fat thickness. Top, from CT scans: each extra "
        f"{gain['per_body_weight_kg']:g} kg of body weight goes with {gain['value_low']:g} to "
        f"{gain['value_high']:g} mm more fat "
        f"under the skin of the torso, and women carry {women['value_low']:g} to "
        f"{women['value_high']:g} mm more than men of the same weight. Bottom, from ultrasound: "
        "the sum over 8 sites ranged from "
        f"{spread['value_low']:g} to {spread['value_high']:g} mm in adults from lean to obese; "
        f"elite women had a median of {athletes['female']:g} mm and elite men "
        f"{athletes['male']:g} mm.")


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
    ax.text(0.3, 0, "share of fat under the skin\nat each of four sites\n(arm, thigh, waist, hip)",
            va="center", fontsize=10)
    ax.axvline(0, color="black", lw=0.8)
    ax.set_ylim(-0.7, 2.5)
    ax.set_xlim(-25, 14)
    ax.set_yticks([])
    ax.grid(axis="y", visible=False)
    ax.spines["left"].set_visible(False)
    ax.set_xlabel("Change after six months (% of the starting value)")
    return ax


def diet_figure(diet, phone: bool = False):
    """The six-month diet's measured changes, with the trial's size and diet in the note."""
    fig, ax = plt.subplots(figsize=charts.size((8, 3.4), phone, 4.4))
    diet_changes(ax, diet)
    ax.set_title("On a six-month diet, the share of fat under the skin fell at every site measured")
    changes = diet.set_index("measure")
    charts.figure_note(fig, f"Source: Wang et al. 2002, {changes['n'].iloc[0]} women with obesity, "
                       f"{changes['intervention'].iloc[0].split(' (')[0]}, abstract. Site changes: "
                       "the share of each cross-section that is fat under the skin, estimated "
                       "from skinfolds and circumferences.")
    site = changes.loc["site_subcutaneous_fat_share"]
    return fig, (
        f"Bar chart of changes after six months of dieting in {changes['n'].iloc[0]} women: body "
        f"weight {changes.loc['body_weight', 'value']:g}%, body fat percentage "
        f"{changes.loc['body_fat_percent', 'value']:g}%, and the share of fat under the skin "
        f"between {site['value_high']:g}% and {site['value_low']:g}% at each of four sites (arm, "
        "thigh, waist and hip).")
