"""Back-muscle activity (EMG) in the lifts and exercises the article ranks (notebook 05)."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from explainer import charts
from explainer.charts import PALETTE

MUSCLE_COLOURS = {"longissimus (L1)": PALETTE["vermillion"], "multifidus (L5)": PALETTE["blue"]}


def emg_leaders(lead_by_site) -> dict[str, str]:
    """The exercise with the most erector EMG at each electrode site: {site: exercise}."""
    leaders = lead_by_site.groupby("site")["leading_exercise"].unique()
    if any(len(names) != 1 for names in leaders):
        raise ValueError("each site must name exactly one leading exercise")
    return {site: names[0] for site, names in leaders.items()}


def emg_lead_percent(lead_by_site, site: str, compared_exercise: str) -> float:
    """How much more erector EMG (%) the site's leading lift showed than `compared_exercise`."""
    rows = lead_by_site[(lead_by_site["site"] == site)
                        & (lead_by_site["compared_exercise"] == compared_exercise)]
    if len(rows) != 1:
        raise ValueError(f"expected one row for {compared_exercise!r} at {site!r}, "
                         f"found {len(rows)}")
    return float(rows["exceeded_by_percent"].iloc[0])


def site_lead_chart(ax, lead_by_site, site: str):
    """Bars: each exercise's EMG as a % of the site's leading lift (100%), computed from how much
    more the leader showed (100 / (1 + lead/100)); the longest bar is the hardest-working."""
    rows = lead_by_site[lead_by_site["site"] == site]
    shares = pd.Series(100 / (1 + rows["exceeded_by_percent"].to_numpy() / 100),
                       index=rows["compared_exercise"])
    shares[rows["leading_exercise"].iloc[0]] = 100.0
    shares = shares.sort_values()
    colours = [PALETTE["blue"] if share == 100 else PALETTE["grey"] for share in shares]
    bars = ax.barh(shares.index, shares.to_numpy(), color=colours)
    ax.bar_label(bars, fmt="%.0f%%", padding=3, fontsize=10)
    ax.set_xlim(0, 125)
    ax.set_xlabel("back-muscle EMG, % of the leading lift's")
    ax.grid(axis="y", visible=False)
    return ax


def site_lead_figure(lead_by_site, phone: bool = False):
    """One panel per electrode site: how far its leading lift was ahead of each other exercise."""
    leaders = emg_leaders(lead_by_site)
    fig, axes = plt.subplots(2, 1, figsize=charts.size((8, 7), phone, 8))
    for ax, site in zip(axes, ["upper lumbar", "lumbosacral"], strict=True):
        site_lead_chart(ax, lead_by_site, site)
        ax.set_title(f"{site.capitalize()} site: the {leaders[site]} led", fontsize=12)
    charts.figure_title(fig, "The lift that worked the back hardest depended on where it was "
                        "measured")
    charts.figure_note(fig, "Source: Hamlyn et al. 2007 (n = "
                       f"{lead_by_site['participants'].iloc[0]}); shares computed from the leads "
                       "reported in the abstract.")
    return fig, (
        "Two bar charts, one above the other, of each exercise's erector EMG as a percentage of "
        f"the leading lift's. At the upper lumbar site (top) the {leaders['upper lumbar']} led "
        f"every other exercise; at the lumbosacral site (bottom) the {leaders['lumbosacral']} did.")


def ball_exercise_chart(ax, ball):
    """Grouped bars (mean ± SD): back-muscle EMG as a % of a maximal deadlift, and the 100% line."""
    exercises = list(dict.fromkeys(ball["exercise"]))
    y = np.arange(len(exercises))
    height = 0.38
    for offset, (muscle, colour) in zip((-height / 2, height / 2), MUSCLE_COLOURS.items(),
                                        strict=True):
        rows = ball[ball["muscle"] == muscle].set_index("exercise").loc[exercises]
        ax.barh(y + offset, rows["percent_of_max_deadlift"], height=height, color=colour,
                xerr=rows["sd_percent"], error_kw={"ecolor": "#333333", "capsize": 3}, label=muscle)
    ax.axvline(100, color="black", linewidth=1.5, linestyle=":")
    ax.text(98, len(exercises) - 0.45, "deadlift at 100% 1RM", ha="right", fontsize=10)
    ax.set_yticks(y, [name.replace("stability-ball ", "ball ") for name in exercises])
    ax.set_xlim(0, 110)
    ax.set_ylim(-0.6, len(exercises) - 0.2)
    ax.set_xlabel("back-muscle EMG, % of a maximal deadlift (mean ± SD)")
    ax.legend(loc="lower right", fontsize=10)
    ax.grid(axis="y", visible=False)
    return ax


def ball_figure(ball, phone: bool = False):
    """The ball exercises' back-muscle EMG against a maximal deadlift."""
    fig = charts.one_chart_figure(
        charts.size((8, 4.5), phone, 5), lambda ax: ball_exercise_chart(ax, ball),
        "Ball exercises drew less than half the back activity of a maximal deadlift",
        f"Source: Nuzzo et al. 2008 (n = {ball['participants'].iloc[0]} trained men), abstract. "
        "Error bars: ± 1 standard deviation.")
    percent = ball["percent_of_max_deadlift"]
    return fig, (
        "Bar chart: back-muscle EMG during three stability-ball exercises, from "
        f"{percent.min():g}% to {percent.max():g}% of the activity during a maximal deadlift, "
        "with wide error bars.")
