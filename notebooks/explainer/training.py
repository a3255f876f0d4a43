"""Charts for notebooks 05 (the lower back and the whole body) and 06 (performance over appearance).

Each chart function takes an `ax` and a DataFrame loaded from data/ and returns the `ax`; titles and
source notes are set in the notebook. Small helpers compute the figures the prose and verdicts use,
and the heading maps name table columns for `report.table`.
"""

import numpy as np
import pandas as pd

from explainer import data
from explainer.charts import PALETTE

MUSCLE_COLOURS = {"longissimus (L1)": PALETTE["vermillion"], "multifidus (L5)": PALETTE["blue"]}
GUIDELINE_COLOURS = {
    "both": PALETTE["green"],
    "aerobic": PALETTE["sky"],
    "muscle-strengthening": PALETTE["orange"],
}


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
    """Bars: how much more EMG the site's leading lift showed than each other exercise."""
    rows = lead_by_site[lead_by_site["site"] == site].sort_values("exceeded_by_percent")
    bars = ax.barh(rows["compared_exercise"], rows["exceeded_by_percent"], color=PALETTE["grey"])
    ax.bar_label(bars, fmt="%.0f%%", padding=3, fontsize=10)
    ax.set_xlim(0, rows["exceeded_by_percent"].max() * 1.25)
    ax.set_xlabel("leading lift's EMG above this exercise (%)")
    ax.grid(axis="y", visible=False)
    return ax


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


def _estimates_with_intervals(ax, estimate, table, **style):
    """One row per estimate, top to bottom, with its ci_low-ci_high interval; returns the y."""
    y = np.arange(len(estimate))[::-1]
    ax.errorbar(estimate, y, xerr=[estimate - table["ci_low"], table["ci_high"] - estimate],
                capsize=4, **style)
    return y


def treatment_forest(ax, treatment):
    """Forest plot of points better with exercise (95% CI) and each outcome's clinical threshold."""
    y = _estimates_with_intervals(ax, treatment["points_better"], treatment, fmt="o",
                                  color=PALETTE["blue"], markersize=8,
                                  label="exercise effect (95% CI)")
    ax.vlines(treatment["clinical_threshold"], y - 0.3, y + 0.3, color=PALETTE["vermillion"],
              linewidth=2.5, label="clinically important difference", zorder=3)
    labels = [f"{row.outcome}\n({row.studies} studies, {row.participants:,} people)"
              for row in treatment.itertuples()]
    ax.set_yticks(y, labels)
    ax.axvline(0, color="black", linewidth=1)
    ax.set_xlim(-2, 25)
    ax.set_ylim(-1.5, len(treatment) - 0.4)  # room for the legend under the last outcome
    ax.set_xlabel("points better with exercise (0-100 scale)")
    ax.legend(loc="lower right", fontsize=10)
    ax.grid(axis="y", visible=False)
    return ax


def prevention_forest(ax, prevention):
    """Forest plot of risk ratios (95% CI, log scale) with the line of no effect at 1."""
    y = _estimates_with_intervals(ax, prevention["risk_ratio"], prevention, fmt="s",
                                  color=PALETTE["green"], markersize=7)
    ax.axvline(1, color="black", linewidth=1)
    ax.set_xscale("log")
    ax.set_xlim(0.35, 1.5)
    ax.set_xticks([0.4, 0.5, 0.7, 1, 1.3], ["0.4", "0.5", "0.7", "1", "1.3"])
    ax.minorticks_off()
    labels = [f"{row.intervention}:\n{row.outcome} ({row.certainty})"
              for row in prevention.itertuples()]
    ax.set_yticks(y, labels)
    ax.set_ylim(-0.7, len(prevention) - 0.3)
    ax.set_xlabel("risk ratio (below 1 = fewer cases with exercise)")
    ax.grid(axis="y", visible=False)
    return ax


def fitness_link_chart(ax, links, outcome: str = "pain"):
    """Stacked bars: studies finding no or only a weak link between relief and fitness change."""
    rows = links[links["outcome"] == outcome].iloc[::-1]
    none = ax.barh(rows["performance_measure"], rows["studies_no_correlation"],
                   color=PALETTE["grey"], label="no correlation")
    weak = ax.barh(rows["performance_measure"], rows["studies_weak_correlation"],
                   left=rows["studies_no_correlation"], color=PALETTE["sky"],
                   label="weak correlation")
    ax.bar_label(none, label_type="center", fontsize=10)
    ax.bar_label(weak, labels=[str(n) if n else "" for n in rows["studies_weak_correlation"]],
                 label_type="center", fontsize=10)
    ax.set_xlabel("number of studies")
    ax.legend(loc="lower right", fontsize=10)
    ax.grid(axis="y", visible=False)
    return ax


def adherence_chart(ax, adherence):
    """Dots: % of US adults meeting each guideline by survey year.

    Marker shape marks the survey, colour the guideline; open markers are estimates the source does
    not call age-adjusted, so they are not strictly comparable with the filled, age-adjusted ones.
    """
    markers = {"NHIS": "o", "BRFSS": "D"}
    labelled = set()
    groups = adherence.groupby(["survey", "guideline_met", "age_adjusted"], sort=False)
    for (survey, met, adjusted), rows in groups:
        colour = GUIDELINE_COLOURS[met]
        label = f"{met} ({survey})"
        ax.scatter(rows["year"], rows["percent_of_adults"], marker=markers[survey], s=70,
                   color=colour if adjusted else "white",
                   edgecolors="black" if adjusted else colour, linewidths=0.6 if adjusted else 2,
                   zorder=3, label="_nolegend_" if label in labelled else label)
        labelled.add(label)
        left = survey == "BRFSS"  # its 2011 labels go left, clear of the NHIS 2013 dot
        for row in rows.itertuples():
            ax.annotate(f"{row.percent_of_adults:.1f}%", (row.year, row.percent_of_adults),
                        xytext=(-8 if left else 8, -3), textcoords="offset points", fontsize=10,
                        ha="right" if left else "left")
    ax.set_ylim(0, 70)
    ax.set_xlim(1996, 2021)
    ax.set_ylabel("US adults meeting the guideline (%)")
    ax.set_xlabel("survey year")
    ax.legend(fontsize=10, loc="upper left", ncols=2)
    return ax


def one_in_n(percent: float) -> str:
    """A share as plain words, rounded to the nearest 'one in N': 24% -> 'one in four'."""
    words = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight",
             9: "nine", 10: "ten"}
    n = round(100 / percent)
    if n not in words:
        raise ValueError(f"{percent}% is not between one in two and one in ten")
    return f"one in {words[n]}"


def relative_exercise(body_shape) -> float:
    """Exercise of women with body-shape motives as a % of the others': 100 minus the gap."""
    gap = body_shape.loc[body_shape["measure"].str.startswith("less exercise"), "percent"]
    return 100 - float(gap.iloc[0])


def motive_chart(ax, body_shape):
    """Two bars: the others' exercise as 100 and the body-shape group's, from the reported gap."""
    values = [100, relative_exercise(body_shape)]
    bars = ax.bar(["other main motives", "body-shape motives"], values,
                  color=[PALETTE["green"], PALETTE["grey"]], width=0.55)
    ax.bar_label(bars, labels=["100 (reference)", f"about {values[1]:.0f}"], padding=3,
                 fontsize=10)
    ax.set_ylim(0, 120)
    ax.set_ylabel("exercise, relative to the other women")
    ax.grid(axis="x", visible=False)
    return ax


GUIDELINE_HEADINGS = {"body": "Guideline", "year": "Year", "aerobic": "Aerobic activity",
                      "muscle_strengthening": "Strength training"}
MOTIVE_STUDY_HEADINGS = {"study": "Study", "design": "Design", "size": "Size", "finding": "Finding"}


def motive_study_rows(studies) -> pd.DataFrame:
    """One row per motive study: first author and year, design, size (people or studies reviewed)
    and finding."""
    sources = data.load("sources").set_index("source_id")
    rows = []
    for row in studies.itertuples():
        source = sources.loc[row.source_id]
        size = (f"{row.participants} people" if pd.notna(row.participants)
                else f"{row.studies_reviewed} studies reviewed")
        rows.append({"study": f"{source.authors.split()[0]} et al. {source.year}",
                     "design": row.design, "size": size, "finding": row.finding})
    return pd.DataFrame(rows)
