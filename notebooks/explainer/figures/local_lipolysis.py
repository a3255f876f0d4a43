"""Fat breakdown next to working muscle, and what it could add up to (notebook 03)."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from explainer import charts
from explainer.charts import MODEL_STYLE, OTHER_COLOUR, TRAINED_COLOUR

# What each measure is called on the charts, in plain words.
MEASURE_NAMES = {"blood flow": "Blood flow", "lipolysis": "Fat breakdown"}


def faster_next_to_work(lipolysis: pd.DataFrame, measure: str = "lipolysis") -> pd.Series:
    """Per effort level (% of maximal workload): was the mean next to the working muscle higher
    than next to the resting one?"""
    rows = lipolysis[lipolysis.measure == measure]
    by_leg = rows.pivot(index="intensity_pct_wmax", columns="leg", values="mean")
    return by_leg.working > by_leg.resting


def clear_effort_levels(lipolysis: pd.DataFrame, measure: str = "lipolysis") -> list[int]:
    """The effort levels at which the paper reports working against resting as P < 0.05: a
    difference clearly beyond chance ('0.06' and '> 0.05' are not)."""
    rows = lipolysis[lipolysis.measure == measure].drop_duplicates("intensity_pct_wmax")
    return sorted(int(row.intensity_pct_wmax) for row in rows.itertuples()
                  if _below_005(row.p_value))


def _below_005(p_value: str) -> bool:
    text = str(p_value).replace(" ", "")
    if text.startswith("<"):
        return float(text[1:]) <= 0.05
    return not text.startswith(">") and float(text) < 0.05


def levels_in_words(levels) -> str:
    """[25, 55, 85] -> '25%, 55% and 85%'."""
    shown = [f"{level}%" for level in levels]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def breakdown_finding(lipolysis: pd.DataFrame, mark=None) -> str:
    """What the fat-breakdown rows show, in the words the chart's title, the page and its verdict
    use: where the working side was faster on average, and where clearly beyond chance. `mark`
    (text, rows) -> HTML traces the effort levels named to their rows (plain text without it)."""
    faster, clear = faster_next_to_work(lipolysis), clear_effort_levels(lipolysis)
    rows = lipolysis[lipolysis.measure == "lipolysis"]

    def levels(chosen) -> str:
        text = levels_in_words(chosen)
        return mark(text, rows[rows.intensity_pct_wmax.isin(chosen)]) if mark else text

    where = "at every effort" if faster.all() else "at " + levels(list(faster[faster].index))
    if len(clear) == len(faster):
        return f"broke down faster {where}, each time clearly beyond chance"
    beyond = "at no effort" if not clear else f"only at {levels(clear)} of maximal workload"
    return f"broke down faster on average {where}, but clearly beyond chance {beyond}"


def working_vs_resting_bars(ax, lipolysis: pd.DataFrame, measure: str, phone: bool = False):
    """Bars for fat next to working vs resting muscle at each intensity, with the reported +/-
    and the P value (on two lines on a phone, where the groups stand close)."""
    rows = lipolysis[lipolysis.measure == measure]
    intensities = sorted(rows.intensity_pct_wmax.unique())
    x = np.arange(len(intensities))
    for offset, leg, colour in ((-0.2, "working", TRAINED_COLOUR), (0.2, "resting", OTHER_COLOUR)):
        leg_rows = rows[rows.leg == leg].set_index("intensity_pct_wmax").loc[intensities]
        ax.bar(x + offset, leg_rows["mean"], width=0.38, yerr=leg_rows.plusminus, capsize=4,
               color=colour, label=f"next to {leg} muscle")
    tops = rows.assign(top=rows["mean"] + rows.plusminus).groupby("intensity_pct_wmax").top.max()
    for position, intensity in zip(x, intensities, strict=True):
        p_value = rows[rows.intensity_pct_wmax == intensity].p_value.iloc[0]
        shown = p_value if p_value[0] in "<>" else f"= {p_value}"
        ax.text(position, tops[intensity] * 1.04, f"P{chr(10) if phone else ' '}{shown}",
                ha="center", fontsize=10)
    ax.set_ylim(top=tops.max() * (1.6 if phone else 1.4))
    ax.set_xticks(x, [f"{i}%" for i in intensities])
    ax.set_xlabel("Intensity (% of maximal workload)")
    ax.axhline(0, color="#777777", linewidth=0.8)
    unit = rows.unit.iloc[0].replace("glycerol ", "")  # the note says what is counted
    ax.set_ylabel(f"{MEASURE_NAMES[measure]}\n({unit})")
    ax.grid(axis="x", visible=False)
    return ax


def lipolysis_figure(lipolysis, phone: bool = False):
    """Blood flow above lipolysis, working against resting leg, at each intensity."""
    fig, (ax_flow, ax_lipolysis) = plt.subplots(2, 1, figsize=charts.size((8, 8), phone, 8))
    working_vs_resting_bars(ax_flow, lipolysis, "blood flow", phone)
    working_vs_resting_bars(ax_lipolysis, lipolysis, "lipolysis", phone)
    ax_flow.set_xlabel("")
    ax_flow.legend(loc="upper left", fontsize=10, ncol=1 if phone else 2)
    charts.figure_title(fig, f"Fat next to a working thigh muscle {breakdown_finding(lipolysis)}")
    charts.figure_note(fig, "Source: Stallknecht, Dela & Helge 2007; 10 men, one-legged knee "
                       "extension, thigh fat, minutes 15-30 of each bout. Fat breakdown: glycerol "
                       "released, in nmol (billionths of a mole). Error bars: ± as reported.")
    levels = levels_in_words(sorted(lipolysis.intensity_pct_wmax.unique())).replace("%", " percent")
    return fig, (
        f"Two grouped bar charts, one above the other, at {levels} of maximal workload: blood "
        f"flow and fat breakdown in thigh fat next to the working muscle and next to the resting "
        f"one, with wide error bars; fat {breakdown_finding(lipolysis)}.")


def local_vs_whole_body_bars(ax, local_g: float, whole_body_g: float, weeks: float = 12):
    """Two horizontal bars: the local extra fat (calculated, hatched) vs whole-body fat lost over
    a programme of `weeks`."""
    ax.barh([1], [local_g], color="white", edgecolor=TRAINED_COLOUR, hatch=MODEL_STYLE["hatch"])
    ax.barh([0], [whole_body_g], color=OTHER_COLOUR)
    ax.text(local_g + whole_body_g * 0.01, 1, f"{local_g:.1f} g", va="center", fontsize=10)
    ax.text(whole_body_g * 1.01, 0, f"{whole_body_g:.0f} g", va="center", fontsize=10)
    labels = ["extra fat released\nnext to the working muscle\n(calculated upper bound)",
              "whole-body fat lost\n(measured)"]
    ax.set_yticks([1, 0], labels)
    ax.set_xlim(0, whole_body_g * 1.15)
    ax.set_xlabel(f"Fat over a {weeks:g}-week programme (g)")
    ax.grid(axis="y", visible=False)
    return ax


def local_bonus_figure(local_g: float, whole_body_g: float, programme, phone: bool = False):
    """The calculated local bonus against the whole-body loss of the trial `programme` (a row of
    spot_reduction_trials)."""
    fig, ax = plt.subplots(figsize=charts.size((8, 3.4), phone, 4.2))
    local_vs_whole_body_bars(ax, local_g, whole_body_g, programme.duration_value)
    ax.set_title(f"The local boost adds up to {local_g:.1f} g; the whole body lost "
                 f"{whole_body_g:.0f} g of fat")
    charts.model_label(ax, "CALCULATION: upper bound, not measured")
    charts.figure_note(fig, "Calculated from Stallknecht 2007 with the assumptions above; "
                       f"measured bar: whole-body fat change (DXA scan) in {programme.study} "
                       f"({programme.n_study} people, {programme.duration_value:g} weeks).")
    return fig, (f"Two bars: at most {local_g:.1f} grams of extra fat released next to the "
                 f"working muscle over {programme.duration_value:g} weeks, against "
                 f"{whole_body_g:.0f} grams of fat lost from the whole body.")
