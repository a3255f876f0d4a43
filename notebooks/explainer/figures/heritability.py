"""Twin-study heritability of body size and fat distribution, by sex (notebook 01)."""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import PercentFormatter

from explainer import charts
from explainer.charts import SEX_COLOURS

SEX_OFFSETS = {"female": 0.17, "male": -0.17}


def heritability_by_sex(ax, table, phone: bool = False):
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
    ax.xaxis.set_major_formatter(PercentFormatter(1))
    ax.set_ylim(0.5, top + 0.5)
    ax.set_xlabel("Share of the differences between people linked to genes")
    charts.legend(ax, phone, loc="upper left")
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


def estimate_range(heritability) -> tuple[float, float]:
    """The lowest and highest estimate in `heritability` rows: point estimates and the ends of
    ranges alike. The chart's title and the page's sentence both read it."""
    estimates = heritability[["h2", "h2_low", "h2_high"]]
    return float(estimates.min().min()), float(estimates.max().max())


def heritability_figure(heritability, phone: bool = False):
    """The heritability chart, titled with the range of every estimate in it."""
    fig, ax = plt.subplots(figsize=charts.size((8, 6.4), phone, 7.2))
    heritability_by_sex(ax, heritability, phone)
    low, high = estimate_range(heritability)
    ax.set_title(f"Twin studies link {low:.0%} to {high:.0%} of the differences in how much\n"
                 "fat people carry, and where, to genes")
    charts.figure_note(fig, "Sources: the three twin studies named on the left (abstracts). Rose "
                       "et al. give only a range over three methods, adjusted for age and body "
                       "size (BMI): the only estimates here so adjusted.")
    return fig, ("Dot chart of twin-study estimates, for women and men, of the share of the "
                 "differences between people linked to genes: BMI, body fat, skinfolds, waist, "
                 f"hip and waist-hip ratio all fall between {low:.0%} and {high:.0%}, with the "
                 "waist-hip ratio lowest in older men.")
