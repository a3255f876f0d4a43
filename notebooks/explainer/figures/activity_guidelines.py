"""How many US adults meet the activity guidelines, by survey and year (notebook 05)."""

import matplotlib.pyplot as plt

from explainer import charts, report
from explainer.charts import PALETTE

GUIDELINE_COLOURS = {
    "both": PALETTE["green"],
    "aerobic": PALETTE["sky"],
    "muscle-strengthening": PALETTE["orange"],
}
# The two US surveys, in a reader's words: NHIS asks people at home, BRFSS (run by the states) by
# phone.
SURVEY_NAMES = {"NHIS": "home interviews", "BRFSS": "phone survey"}


def adherence_chart(ax, adherence, phone: bool = False):
    """Dots: % of US adults meeting each guideline by survey year.

    Marker shape marks the survey, colour the guideline; open markers are estimates the source does
    not call age-adjusted, so they are not strictly comparable with the filled, age-adjusted ones.
    """
    markers = {"NHIS": "o", "BRFSS": "D"}
    labelled = set()
    groups = adherence.groupby(["survey", "guideline_met", "age_adjusted"], sort=False)
    for (survey, met, adjusted), rows in groups:
        colour = GUIDELINE_COLOURS[met]
        label = f"{met} ({SURVEY_NAMES[survey]})" + ("" if adjusted else ", open")  # see note
        ax.scatter(rows["year"], rows["percent_of_adults"], marker=markers[survey], s=70,
                   color=colour if adjusted else "white",
                   edgecolors="black" if adjusted else colour, linewidths=0.6 if adjusted else 2,
                   zorder=3, label="_nolegend_" if label in labelled else label)
        labelled.add(label)
        # BRFSS's 2011 labels go left of their dots. NHIS's "both" labels go a little down, clear
        # of the muscle-strengthening ones 3 to 4 points above them, and of BRFSS's "both" in 2011,
        # 3 years and 2.4 points from NHIS's 2008 dot; the rest a little up.
        left = survey == "BRFSS"
        rise = -6 if (survey, met) == ("NHIS", "both") else 2
        for row in rows.itertuples():
            ax.annotate(f"{row.percent_of_adults:.1f}%", (row.year, row.percent_of_adults),
                        xytext=(-8 if left else 8, rise), textcoords="offset points",
                        fontsize=10, ha="right" if left else "left")
    ax.set_ylim(0, 70)
    ax.set_xlim(1996, 2021)
    ax.set_ylabel("US adults meeting\nthe guideline (%)" if phone else
                  "US adults meeting the guideline (%)")
    ax.set_xlabel("survey year")
    charts.legend(ax, phone, fontsize=10, loc="upper left", ncols=2)
    return ax


def adherence_figure(adherence, phone: bool = False):
    """The adherence chart, titled with the first and last age-adjusted share meeting both."""
    trend = adherence[adherence["age_adjusted"]
                      & (adherence["guideline_met"] == "both")].sort_values("year")
    first, last = trend.iloc[0], trend.iloc[-1]
    # The home interviews only: the phone survey's three 2011 estimates (in the page's text)
    # crowded theirs and doubled the legend.
    home = adherence[adherence["survey"] == "NHIS"]
    fig, ax = plt.subplots(figsize=charts.size((8, 5), phone, 5))
    adherence_chart(ax, home, phone)
    charts.figure_title(fig, f"{report.one_in_n(last.percent_of_adults).capitalize()} US adults "
                        f"met both guidelines in {last.year} "
                        f"({report.one_in_n(first.percent_of_adults)} in {first.year})")
    charts.figure_note(fig, "Sources: home interviews (National Health Interview Survey) via "
                       "Hyde et al. 2021, adjusted for the population's age mix, and Carlson et "
                       "al. 2010 (2008). Open marker: the source "
                       "does not say the estimate is adjusted for age mix, so it is not strictly "
                       "comparable with the filled ones. Self-reported activity; the states' "
                       "phone survey of 2011 is in the text.")
    return fig, (
        "Dot chart of the share of US adults meeting activity guidelines in home interviews, by "
        "year: "
        + "; ".join(f"{r.guideline_met} {r.percent_of_adults:g}% ({r.year}"
                    f"{', adjusted for age mix' if r.age_adjusted else ', not stated as adjusted'})"
                    for r in home.itertuples()) + ".")
