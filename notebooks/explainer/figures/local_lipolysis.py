"""Fat breakdown next to working muscle, and what it could add up to (notebook 03)."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from explainer import charts
from explainer.charts import MODEL_STYLE, OTHER_COLOUR, TRAINED_COLOUR


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
    ax.set_ylabel(f"{measure.capitalize()} ({rows.unit.iloc[0]})")
    ax.grid(axis="x", visible=False)
    return ax


def lipolysis_figure(lipolysis, phone: bool = False):
    """Blood flow above lipolysis, working against resting leg, at each intensity."""
    fig, (ax_flow, ax_lipolysis) = plt.subplots(2, 1, figsize=charts.size((8, 8), phone, 8))
    working_vs_resting_bars(ax_flow, lipolysis, "blood flow", phone)
    working_vs_resting_bars(ax_lipolysis, lipolysis, "lipolysis", phone)
    ax_flow.set_xlabel("")
    ax_flow.legend(loc="upper left", fontsize=10, ncol=1 if phone else 2)
    lipolysis_rows = lipolysis[lipolysis.measure == "lipolysis"]
    clear = sorted(lipolysis_rows[lipolysis_rows.p_value.str.startswith("<")]
                   .intensity_pct_wmax.unique())
    charts.figure_title(fig, "Fat next to a working thigh muscle got more blood; its breakdown was "
                        "clearly faster only at " + " and ".join(f"{i}%" for i in clear)
                        + " of maximal workload")
    charts.figure_note(fig, "Source: Stallknecht, Dela & Helge 2007; 10 men, one-legged knee "
                       "extension, femoral fat, minutes 15-30 of each bout. Error bars: ± as "
                       "reported.")
    return fig, (
        "Two grouped bar charts, one above the other, at 25, 55 and 85 percent of maximal "
        "workload: blood flow and lipolysis in thigh fat were mostly higher next to the working "
        "muscle than next to the resting one, with wide error bars.")


def local_vs_whole_body_bars(ax, local_g: float, whole_body_g: float):
    """Two horizontal bars: the local extra fat (calculated, hatched) vs whole-body fat lost."""
    ax.barh([1], [local_g], color="white", edgecolor=TRAINED_COLOUR, hatch=MODEL_STYLE["hatch"])
    ax.barh([0], [whole_body_g], color=OTHER_COLOUR)
    ax.text(local_g + whole_body_g * 0.01, 1, f"{local_g:.1f} g", va="center", fontsize=10)
    ax.text(whole_body_g * 1.01, 0, f"{whole_body_g:.0f} g", va="center", fontsize=10)
    labels = ["extra fat released\nnext to the working muscle\n(calculated upper bound)",
              "whole-body fat lost\n(measured)"]
    ax.set_yticks([1, 0], labels)
    ax.set_xlim(0, whole_body_g * 1.15)
    ax.set_xlabel("Fat over a 12-week programme (g)")
    ax.grid(axis="y", visible=False)
    return ax


def local_bonus_figure(local_g: float, whole_body_g: float, programme, phone: bool = False):
    """The calculated local bonus against the whole-body loss of the trial `programme` (a row of
    spot_reduction_trials)."""
    fig, ax = plt.subplots(figsize=charts.size((8, 3.4), phone, 4.2))
    local_vs_whole_body_bars(ax, local_g, whole_body_g)
    ax.set_title(f"The local boost adds up to {local_g:.1f} g; the whole body lost "
                 f"{whole_body_g:.0f} g of fat")
    charts.model_label(ax, "CALCULATION: upper bound, not measured")
    charts.figure_note(fig, "Calculated from Stallknecht 2007 with the assumptions above; "
                       "measured bar: whole-body DXA fat change in Ramírez-Campillo 2013 "
                       f"({programme.n_study} people, {programme.duration_value:g} weeks).")
    return fig, (f"Two bars: at most {local_g:.1f} grams of extra fat released next to the "
                 f"working muscle over 12 weeks, against {whole_body_g:.0f} grams of fat lost "
                 "from the whole body.")
