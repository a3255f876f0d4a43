"""Charts for notebooks 05 (the lower back and the whole body) and 06 (performance over appearance).

Each chart function takes an `ax` and a DataFrame loaded from data/ and returns the `ax`; titles and
source notes are set in the notebook. Small helpers compute the figures the verdicts check.
"""

import numpy as np
import pandas as pd
from IPython.display import HTML

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


def site_lead_chart(ax, lead_by_site, site: str):
    """Bars: how much more EMG the site's leading lift showed than each other exercise."""
    rows = lead_by_site[lead_by_site["site"] == site].sort_values("exceeded_by_percent")
    bars = ax.barh(rows["compared_exercise"], rows["exceeded_by_percent"], color=PALETTE["grey"])
    ax.bar_label(bars, fmt="%.0f%%", padding=3, fontsize=9)
    ax.set_xlim(0, rows["exceeded_by_percent"].max() * 1.25)
    ax.set_xlabel("leading lift's EMG above this exercise (%)")
    ax.set_title(f"{site}: {emg_leaders(rows)[site]} led", fontsize=11)
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
    ax.text(98, len(exercises) - 0.45, "deadlift at 100% 1RM", ha="right", fontsize=9)
    ax.set_yticks(y, [name.replace("stability-ball ", "ball ") for name in exercises])
    ax.set_xlim(0, 110)
    ax.set_ylim(-0.6, len(exercises) - 0.2)
    ax.set_xlabel("back-muscle EMG, % of a maximal deadlift (mean ± SD)")
    ax.legend(loc="lower right", fontsize=9)
    ax.grid(axis="y", visible=False)
    return ax


def treatment_forest(ax, treatment):
    """Forest plot of points better with exercise (95% CI) and each outcome's clinical threshold."""
    y = np.arange(len(treatment))[::-1]
    ax.errorbar(treatment["points_better"], y,
                xerr=[treatment["points_better"] - treatment["ci_low"],
                      treatment["ci_high"] - treatment["points_better"]],
                fmt="o", color=PALETTE["blue"], markersize=8, capsize=4,
                label="exercise effect (95% CI)")
    ax.vlines(treatment["clinical_threshold"], y - 0.3, y + 0.3, color=PALETTE["vermillion"],
              linewidth=2.5, label="clinically important difference", zorder=3)
    labels = [f"{row.outcome}\n({row.studies} studies, {row.participants:,} people)"
              for row in treatment.itertuples()]
    ax.set_yticks(y, labels)
    ax.axvline(0, color="black", linewidth=1)
    ax.set_xlim(-2, 25)
    ax.set_ylim(-0.9, len(treatment) - 0.4)
    ax.set_xlabel("points better with exercise (0-100 scale)")
    ax.legend(loc="lower right", fontsize=9)
    ax.grid(axis="y", visible=False)
    return ax


def prevention_forest(ax, prevention):
    """Forest plot of risk ratios (95% CI, log scale) with the line of no effect at 1."""
    y = np.arange(len(prevention))[::-1]
    ax.errorbar(prevention["risk_ratio"], y,
                xerr=[prevention["risk_ratio"] - prevention["ci_low"],
                      prevention["ci_high"] - prevention["risk_ratio"]],
                fmt="s", color=PALETTE["green"], markersize=7, capsize=4)
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
    ax.bar_label(none, label_type="center", fontsize=9)
    ax.bar_label(weak, labels=[str(n) if n else "" for n in rows["studies_weak_correlation"]],
                 label_type="center", fontsize=9)
    ax.set_xlabel("number of studies")
    ax.legend(loc="lower right", fontsize=9)
    ax.grid(axis="y", visible=False)
    return ax


def adherence_chart(ax, adherence):
    """Dots: % of US adults meeting each guideline by survey year, one marker shape per survey."""
    markers = {"NHIS": "o", "BRFSS": "D"}
    for (survey, met), rows in adherence.groupby(["survey", "guideline_met"], sort=False):
        ax.scatter(rows["year"], rows["percent_of_adults"], marker=markers[survey], s=70,
                   color=GUIDELINE_COLOURS[met], edgecolors="black", linewidths=0.6, zorder=3,
                   label=f"{met} ({survey})")
        left = survey == "BRFSS"  # its 2011 labels go left, clear of the NHIS 2013 dot
        for row in rows.itertuples():
            ax.annotate(f"{row.percent_of_adults:.1f}%", (row.year, row.percent_of_adults),
                        xytext=(-7 if left else 7, -3), textcoords="offset points", fontsize=8.5,
                        ha="right" if left else "left")
    ax.set_ylim(0, 65)
    ax.set_xlim(1996, 2021)
    ax.set_ylabel("US adults meeting the guideline (%)")
    ax.set_xlabel("survey year")
    ax.legend(fontsize=8.5, loc="upper left", ncols=2)
    return ax


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
                 fontsize=9.5)
    ax.set_ylim(0, 120)
    ax.set_ylabel("exercise, relative to the other women")
    ax.grid(axis="x", visible=False)
    return ax


def guideline_table(guidelines) -> HTML:
    """The guidelines side by side as an HTML table with readable headings, text in full."""
    shown = guidelines[["body", "year", "aerobic", "muscle_strengthening"]].rename(
        columns={"body": "Guideline", "year": "Year", "aerobic": "Aerobic activity",
                 "muscle_strengthening": "Strength training"})
    return HTML(shown.to_html(index=False, classes="guidelines", border=0))


def motive_study_table(studies) -> HTML:
    """One row per motive study: first author and year, design, size and finding, text in full."""
    sources = data.load("sources").set_index("source_id")
    rows = []
    for row in studies.itertuples():
        source = sources.loc[row.source_id]
        size = (f"{row.participants} people" if pd.notna(row.participants)
                else f"{row.studies_reviewed} studies reviewed")
        rows.append({"Study": f"{source.authors.split()[0]} et al. {source.year}",
                     "Design": row.design, "Size": size, "Finding": row.finding})
    return HTML(pd.DataFrame(rows).to_html(index=False, classes="studies", border=0))
