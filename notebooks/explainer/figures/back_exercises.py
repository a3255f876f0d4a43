"""Back-muscle activity (the muscles' electrical signal, EMG) in the lifts and exercises the
article ranks (notebook 05)."""

import re

import matplotlib.pyplot as plt
import numpy as np

from explainer import charts
from explainer.charts import PALETTE

MUSCLE_COLOURS = {"longissimus (L1)": PALETTE["vermillion"], "multifidus (L5)": PALETTE["blue"]}
# The two places Hamlyn et al. recorded from, and the heavy lifts, in a reader's words.
SITE_NAMES = {"upper lumbar": "high in the lower back", "lumbosacral": "at the base of the spine"}
HEAVY = re.compile(r"(\w+) at (\d+)% 1RM")


def exercise_name(exercise: str) -> str:
    """'deadlift at 80% 1RM' -> 'heavy deadlift'; other names as they are."""
    match = HEAVY.fullmatch(exercise)
    return f"heavy {match[1]}" if match else exercise


def heavy_load_percent(lead_by_site) -> float:
    """The load of the heavy lifts, as a % of the most a person could lift once (one value)."""
    names = set(lead_by_site["leading_exercise"]) | set(lead_by_site["compared_exercise"])
    loads = {float(match[2]) for match in map(HEAVY.fullmatch, names) if match}
    if len(loads) != 1:
        raise ValueError(f"expected one load for the heavy lifts, found {sorted(loads)}")
    return loads.pop()


def emg_leaders(lead_by_site) -> dict[str, str]:
    """The exercise with the most back-muscle activity at each site: {site: exercise}."""
    leaders = lead_by_site.groupby("site")["leading_exercise"].unique()
    if any(len(names) != 1 for names in leaders):
        raise ValueError("each site must name exactly one leading exercise")
    return {site: names[0] for site, names in leaders.items()}


def emg_lead_row(lead_by_site, site: str, compared_exercise: str):
    """The one row (as a one-row table) saying how far the site's leader was ahead of
    `compared_exercise`."""
    rows = lead_by_site[(lead_by_site["site"] == site)
                        & (lead_by_site["compared_exercise"] == compared_exercise)]
    if len(rows) != 1:
        raise ValueError(f"expected one row for {compared_exercise!r} at {site!r}, "
                         f"found {len(rows)}")
    return rows


def site_lead_chart(ax, lead_by_site, site: str):
    """Bars: how much more activity the site's leading lift showed than each other exercise, as
    the study reports it; the closest rival on top, the exercise furthest behind at the bottom."""
    rows = lead_by_site[lead_by_site["site"] == site].sort_values("exceeded_by_percent",
                                                                  ascending=False)
    names = [exercise_name(name) for name in rows["compared_exercise"]]
    bars = ax.barh(names, rows["exceeded_by_percent"], color=PALETTE["grey"])
    ax.bar_label(bars, labels=[f"{lead:g}%" for lead in rows["exceeded_by_percent"]], padding=3,
                 fontsize=10)
    ax.set_xlim(0, 90)
    ax.set_xlabel("how far the leading lift was ahead (%)")
    ax.grid(axis="y", visible=False)
    return ax


def site_lead_figure(lead_by_site, phone: bool = False):
    """One panel per place measured: how far its leading lift was ahead of each other exercise."""
    leaders = emg_leaders(lead_by_site)
    fig, axes = plt.subplots(2, 1, figsize=charts.size((8, 6.5), phone, 6.5))
    for ax, site in zip(axes, SITE_NAMES, strict=True):
        site_lead_chart(ax, lead_by_site, site)
        ax.set_title(f"{SITE_NAMES[site].capitalize()}: the {exercise_name(leaders[site])} led",
                     fontsize=12)
    charts.figure_title(fig, "The lift that worked the back hardest depended on where it was "
                        "measured")
    charts.figure_note(fig, "Source: Hamlyn et al. 2007 (n = "
                       f"{lead_by_site['participants'].iloc[0]}), abstract: how much more "
                       "back-muscle activity the leading lift showed than each other exercise. "
                       f"Heavy: {heavy_load_percent(lead_by_site):g}% of the most the person "
                       "could lift once.")
    return fig, (
        "Two bar charts, one above the other, of how far the leading lift was ahead of each other "
        f"exercise in back-muscle activity. High in the lower back (top) the "
        f"{exercise_name(leaders['upper lumbar'])} led every other exercise; at the base of the "
        f"spine (bottom) the {exercise_name(leaders['lumbosacral'])} did.")


def ball_exercise_chart(ax, ball):
    """Grouped bars (mean ± SD): back-muscle activity as a % of a maximal deadlift's, and the
    100% line."""
    exercises = list(dict.fromkeys(ball["exercise"]))
    y = np.arange(len(exercises))
    height = 0.38
    for offset, (muscle, colour) in zip((-height / 2, height / 2), MUSCLE_COLOURS.items(),
                                        strict=True):
        rows = ball[ball["muscle"] == muscle].set_index("exercise").loc[exercises]
        ax.barh(y + offset, rows["percent_of_max_deadlift"], height=height, color=colour,
                xerr=rows["sd_percent"], error_kw={"ecolor": "#333333", "capsize": 3}, label=muscle)
    ax.axvline(100, color="black", linewidth=1.5, linestyle=":")
    ax.text(98, len(exercises) - 0.45, "maximal deadlift", ha="right", fontsize=10)
    ax.set_yticks(y, [name.replace("stability-ball ", "ball ") for name in exercises])
    ax.set_xlim(0, 110)
    ax.set_ylim(-0.6, len(exercises) - 0.2)
    ax.set_xlabel("back-muscle activity, % of a maximal deadlift's (average)")
    ax.legend(loc="lower right", fontsize=10)
    ax.grid(axis="y", visible=False)
    return ax


def ball_figure(ball, phone: bool = False):
    """The ball exercises' back-muscle activity against a maximal deadlift."""
    fig = charts.one_chart_figure(
        charts.size((8, 4.5), phone, 5), lambda ax: ball_exercise_chart(ax, ball),
        "Ball exercises drew less than half the back activity of a maximal deadlift",
        f"Source: Nuzzo et al. 2008 (n = {ball['participants'].iloc[0]} trained men), abstract. "
        "Maximal deadlift: the most the person could lift once. Whiskers: how much people "
        "varied (± 1 standard deviation).")
    percent = ball["percent_of_max_deadlift"]
    return fig, (
        "Bar chart: back-muscle activity during three stability-ball exercises, from "
        f"{percent.min():g}% to {percent.max():g}% of the activity during a maximal deadlift, "
        "with wide whiskers.")
