"""Exercise for low back pain: treatment and prevention trials, and what the relief tracked
(notebook 05)."""

import matplotlib.pyplot as plt
import numpy as np

from explainer import charts
from explainer.charts import PALETTE


def _estimates_with_intervals(ax, estimate, table, **style):
    """One row per estimate, top to bottom, with its ci_low-ci_high interval; returns the y."""
    y = np.arange(len(estimate))[::-1]
    ax.errorbar(estimate, y, xerr=[estimate - table["ci_low"], table["ci_high"] - estimate],
                capsize=4, **style)
    return y


def _row_labels(ax, y, labels, phone: bool) -> None:
    """Row names beside the rows, or on a phone above them, so the estimates keep the width (on
    a white ground there, so that the line of no effect does not run through them)."""
    if not phone:
        ax.set_yticks(y, labels)
        return
    ax.set_yticks([])
    for row_y, label in zip(y, labels, strict=True):
        ax.text(0, row_y + 0.22, label, transform=ax.get_yaxis_transform(), fontsize=10,
                va="bottom", zorder=4,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5})


def treatment_forest(ax, treatment, phone: bool = False):
    """Forest plot of points better with exercise (95% CI) and the smallest change the review
    counted as mattering to patients (its clinical threshold)."""
    y = _estimates_with_intervals(ax, treatment["points_better"], treatment, fmt="o",
                                  color=PALETTE["blue"], markersize=8,
                                  label="effect of exercise (likely range)")
    ax.vlines(treatment["clinical_threshold"], y - 0.3, y + 0.3, color=PALETTE["vermillion"],
              linewidth=2.5, label="smallest change that matters", zorder=3)
    labels = [f"{row.outcome}\n({row.studies} studies, {row.participants:,} people)"
              for row in treatment.itertuples()]
    _row_labels(ax, y, labels, phone)
    ax.axvline(0, color="black", linewidth=1)
    ax.set_xlim(-2, 25)
    # room for the legend under the last outcome (and, on a phone, for the top row's name)
    ax.set_ylim(-1.5, len(treatment) - (0.1 if phone else 0.4))
    ax.set_xlabel("points better with exercise (0-100 scale)")
    ax.legend(loc="lower right", fontsize=10)
    ax.grid(axis="y", visible=False)
    return ax


def prevention_forest(ax, prevention, phone: bool = False):
    """Forest plot of risk ratios (95% CI, log scale) with the line of no effect at 1."""
    y = _estimates_with_intervals(ax, prevention["risk_ratio"], prevention, fmt="s",
                                  color=PALETTE["green"], markersize=7)
    ax.axvline(1, color="black", linewidth=1)
    ax.set_xscale("log")
    ax.set_xlim(0.35, 1.5)
    ax.set_xticks([0.4, 0.5, 0.7, 1, 1.3], ["0.4", "0.5", "0.7", "1", "1.3"])
    ax.minorticks_off()
    labels = [f"{row.intervention}:\n{row.outcome} ({row.certainty} certainty)"
              for row in prevention.itertuples()]
    _row_labels(ax, y, labels, phone)
    ax.set_ylim(-0.7, len(prevention) - (0.1 if phone else 0.3))
    ax.set_xlabel("risk with exercise, compared with without (below 1 = fewer cases)")
    ax.grid(axis="y", visible=False)
    return ax


def back_pain_figure(treatment, prevention, phone: bool = False):
    """The treatment forest plot above the prevention one."""
    fig, (top, bottom) = plt.subplots(2, 1, figsize=charts.size((8, 7.5), phone, 7.5),
                                      height_ratios=[2, 3])
    treatment_forest(top, treatment, phone)
    top.set_title("Treatment: chronic low back pain", fontsize=12)
    prevention_forest(bottom, prevention, phone)
    bottom.set_title("Prevention: new episodes and sick leave", fontsize=12)
    charts.figure_note(fig, "Sources: treatment, Hayden et al. 2021 (Cochrane review), exercise "
                       "against no treatment, usual care or placebo, after about 3 months; "
                       "prevention, Steffens et al. 2016, pooled randomised trials. Lines: the "
                       "range the true value probably lies in (95% confidence interval).")
    charts.figure_title(fig, "Exercise helps with low back pain, but modestly")
    fig.get_layout_engine().set(hspace=0.12)
    return fig, (
        "Two forest plots, one above the other. Top: on 0-100 scales exercise improved "
        + ", ".join(f"{r.outcome} by {r.points_better:g} points ({r.ci_low:g} to {r.ci_high:g}; "
                    f"threshold {r.clinical_threshold:g})" for r in treatment.itertuples())
        + ". Bottom: risk with exercise compared with without, "
        + ", ".join(f"{r.risk_ratio:g} ({r.ci_low:g} to {r.ci_high:g}) for {r.intervention}, "
                    f"{r.outcome}" for r in prevention.itertuples()) + ".")


# Steiger et al.'s fitness measures in a reader's words.
MEASURE_NAMES = {"trunk extension strength": "strength bending back",
                 "trunk flexion strength": "strength bending forward"}
RELIEF = "pain or physical function"


def fitness_link_chart(ax, links, outcome: str = RELIEF):
    """Stacked bars: studies finding no or only a weak link between relief and fitness change."""
    rows = links[links["outcome"] == outcome].iloc[::-1]
    measures = [MEASURE_NAMES.get(name, name) for name in rows["performance_measure"]]
    none = ax.barh(measures, rows["studies_no_correlation"], color=PALETTE["grey"],
                   label="no link")
    weak = ax.barh(measures, rows["studies_weak_correlation"],
                   left=rows["studies_no_correlation"], color=PALETTE["sky"], label="weak link")
    ax.bar_label(none, label_type="center", fontsize=10)
    ax.bar_label(weak, labels=[str(n) if n else "" for n in rows["studies_weak_correlation"]],
                 label_type="center", fontsize=10)
    ax.set_xlabel("number of studies")
    ax.legend(loc="lower right", fontsize=10)
    ax.grid(axis="y", visible=False)
    return ax


def fitness_link_figure(links, phone: bool = False):
    """How often relief (less pain or better function) went with a change in back fitness, by
    fitness measure."""
    fig = charts.one_chart_figure(
        charts.size((8, 4), phone, 4.6), lambda ax: fitness_link_chart(ax, links),
        "Less pain or better function after exercise rarely went with a stronger or more "
        "mobile back",
        "Source: Steiger et al. 2012, systematic review of exercise-therapy studies, abstract: "
        "studies linking the change in pain or physical function to the change in each measure.")
    return fig, (
        "Stacked bar chart: for mobility, strength bending back, strength bending forward and "
        "back muscle endurance, most studies found no link between the change in pain or "
        "physical function and the change in the measure, and a few found a weak one.")
