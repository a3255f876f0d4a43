"""Charts and small table helpers for notebook 03: spot reduction and where fat comes off.

Chart functions take an ax and return it.
"""

import numpy as np
import pandas as pd
from matplotlib.patches import Rectangle

from explainer.charts import MODEL_STYLE, PALETTE, model_label
from explainer.models.fat_depots import weeks_to_threshold

TRAINED_COLOUR = PALETTE["orange"]
OTHER_COLOUR = PALETTE["blue"]
# Colour, marker and the text colour that reads on a tile of that colour, per depot.
DEPOT_STYLE = {
    "abdomen": (PALETTE["vermillion"], "o", "white"),
    "lower back": (PALETTE["black"], "s", "white"),
    "hips": (PALETTE["purple"], "^", "black"),
    "thighs": (PALETTE["green"], "D", "white"),
    "arms": (PALETTE["sky"], "v", "black"),
}
_ROW_NAMES = {"men": "men", "women": "women", "arms": "vs arms", "trunk": "vs trunk",
              "upper": "arms trained", "lower": "legs trained"}


def with_percent_changes(trials: pd.DataFrame) -> pd.DataFrame:
    """Trials with % changes for both regions: as reported, or computed from before/after values."""
    out = trials.copy()
    for region in ("trained", "comparison"):
        before, after = out[f"{region}_before"], out[f"{region}_after"]
        computed = 100 * (after - before) / before
        out[f"{region}_pct"] = out[f"{region}_change_pct"].fillna(computed)
    return out


def participant_count(trials: pd.DataFrame) -> tuple[int, int]:
    """People in the studies behind these rows (each study once), and how many studies give no n."""
    per_study = trials.drop_duplicates("source_id").n_study
    return int(per_study.sum()), int(per_study.isna().sum())


def studies_and_people(trials: pd.DataFrame) -> str:
    """'6 studies with at least 339 participants (1 without a reported size)', for prose."""
    people, unknown = participant_count(trials)
    studies = trials.source_id.nunique()
    text = f"{studies} {'study' if studies == 1 else 'studies'} with "
    if unknown:
        return text + f"at least {people} participants ({unknown} without a reported size)"
    return text + f"{people} participants"


def _trial_label(row) -> str:
    suffix = row.comparison_id.rsplit("_", 1)[-1]
    name = f"{row.study}, {_ROW_NAMES[suffix]}" if suffix in _ROW_NAMES else row.study
    n = "n not reported" if pd.isna(row.n_study) else f"n = {row.n_study}"
    if pd.notna(row.n_group) and row.n_group != row.n_study:
        n = f"n = {row.n_group} of {row.n_study}"
    length = "cross-sectional"
    if pd.notna(row.duration_value):
        length = f"{row.duration_value:g} {row.duration_unit}"
    return f"{name}\n{n}, {length}"


def trials_chart(ax, trials: pd.DataFrame):
    """Fat change in the trained region (orange) vs elsewhere (blue), one row per comparison.

    Studies whose authors found no local effect come first, counter-evidence below a divider.
    Rows without numbers in the source carry a grey note instead of invented points.
    """
    rows = with_percent_changes(trials)
    rows = pd.concat([rows[~rows.authors_report_local_loss], rows[rows.authors_report_local_loss]])
    y_positions = np.arange(len(rows))[::-1].astype(float)
    n_supporting = int((~rows.authors_report_local_loss).sum())
    y_positions[n_supporting:] -= 0.8
    for y, row in zip(y_positions, rows.itertuples(), strict=True):
        points = [
            (row.trained_pct, row.trained_change_pct_plusminus, TRAINED_COLOUR, "o"),
            (row.comparison_pct, row.comparison_change_pct_plusminus, OTHER_COLOUR, "s"),
        ]
        for value, spread, colour, marker in points:
            if pd.notna(value):
                ax.errorbar(value, y, xerr=None if pd.isna(spread) else spread, fmt=marker,
                            color=colour, markersize=8, capsize=3, zorder=3)
        if pd.isna(row.trained_pct) and pd.isna(row.comparison_pct):
            verdict = ("authors report extra local loss\n(numbers not in the abstract)"
                       if row.authors_report_local_loss
                       else "no extra loss at the trained spot\n(numbers not in the abstract)")
            ax.text(-10, y, verdict, ha="center", va="center", fontsize=10, style="italic",
                    color="#555555")
        elif pd.isna(row.trained_pct):
            ax.text(0.5, y, "trained leg: no\nsignificant change", va="center", fontsize=10,
                    style="italic", color=TRAINED_COLOUR)
    ax.axvline(0, color="#777777", linewidth=1)
    divider = (y_positions[n_supporting - 1] + y_positions[n_supporting]) / 2
    ax.axhline(divider, color="#777777", linewidth=0.8, linestyle=":")
    ax.text(-21.5, y_positions[0] + 0.75, "Found no extra loss at the trained spot",
            fontsize=10, fontweight="bold", va="center")
    ax.text(-21.5, y_positions[n_supporting] + 0.75, "Counter-evidence: reported extra local loss",
            fontsize=10, fontweight="bold", va="center")
    ax.set_yticks(y_positions, [_trial_label(row) for row in rows.itertuples()], fontsize=10)
    ax.set_xlim(-22, 13)
    ax.set_ylim(y_positions[-1] - 0.7, y_positions[0] + 1.3)
    ax.set_xlabel("Change in fat from before to after training (%)")
    ax.grid(axis="y", visible=False)
    ax.plot([], [], "o", color=TRAINED_COLOUR, label="trained region")
    ax.plot([], [], "s", color=OTHER_COLOUR, label="comparison region")
    ax.legend(loc="lower right", fontsize=10)
    return ax


def working_vs_resting_bars(ax, lipolysis: pd.DataFrame, measure: str):
    """Bars for fat next to working vs resting muscle at each intensity, with the reported +/-."""
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
        ax.text(position, tops[intensity] * 1.04, f"P {p_value}", ha="center", fontsize=10)
    ax.set_ylim(top=tops.max() * 1.4)
    ax.set_xticks(x, [f"{i}%" for i in intensities])
    ax.set_xlabel("Intensity (% of maximal workload)")
    ax.axhline(0, color="#777777", linewidth=0.8)
    ax.set_ylabel(f"{measure.capitalize()} ({rows.unit.iloc[0]})")
    ax.grid(axis="x", visible=False)
    return ax


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


def depot_lines(ax, trajectory: pd.DataFrame, fraction_left: float, crossings: pd.Series):
    """Model depot fat as % of its start over time (dashed), with a dot where each hits the line."""
    share = 100 * trajectory / trajectory.iloc[0]
    for depot in share.columns:
        colour, marker, _ = DEPOT_STYLE[depot]
        ax.plot(share.index, share[depot], linestyle=MODEL_STYLE["linestyle"], color=colour,
                linewidth=1.8)
        if pd.notna(crossings[depot]):
            ax.plot(crossings[depot], 100 * fraction_left, marker, color=colour, markersize=8,
                    markeredgecolor="white", zorder=3, label=depot)
    ax.axhline(100 * fraction_left, color="#777777", linewidth=1, linestyle=":")
    ax.set_ylim(0, 105)
    ax.set_xlim(0, share.index.max())
    ax.set_xlabel("Weeks on the same deficit")
    return ax


def one_person_chart(ax, trajectory: pd.DataFrame, fraction_left: float):
    """Model depot lines for one person, titled with the order in which depots reach the line."""
    crossings = weeks_to_threshold(trajectory, fraction_left)
    depot_lines(ax, trajectory, fraction_left, crossings)
    ax.set_title("Order: " + " > ".join(crossings.sort_values().index), fontsize=11)
    ax.set_ylabel("Fat left (% of start)")
    ax.legend(fontsize=10, loc="upper right", bbox_to_anchor=(1, 0.9))
    model_label(ax, "MODEL")
    return ax


def loss_order_tiles(ax, crossings: pd.DataFrame, highlight: str):
    """One row per person and scenario: depots as tiles in the order they reach the threshold.

    `crossings` has one row per (person, scenario) and one column per depot (weeks).
    """
    n_rows = len(crossings)
    for row_number, (_, weeks) in enumerate(crossings.iterrows()):
        y = n_rows - 1 - row_number
        for position, (depot, week) in enumerate(weeks.sort_values().items()):
            colour, _, text_colour = DEPOT_STYLE[depot]
            box = (position + 0.03, y + 0.06)
            ax.add_patch(Rectangle(box, 0.94, 0.88, facecolor=colour, edgecolor="white",
                                   hatch=MODEL_STYLE["hatch"], linewidth=0))
            if depot == highlight:
                ax.add_patch(Rectangle(box, 0.94, 0.88, fill=False, edgecolor=PALETTE["orange"],
                                       linewidth=3.5))
            when = "not reached" if pd.isna(week) else f"week {week:.1f}"
            ax.text(position + 0.5, y + 0.5, f"{depot}\n{when}", ha="center", va="center",
                    fontsize=10, color=text_colour, fontweight="bold",
                    bbox={"facecolor": colour, "edgecolor": "none", "pad": 1.5})
    ax.set_xlim(0, crossings.shape[1])
    ax.set_ylim(0, n_rows + 0.6)
    ax.set_xticks(np.arange(crossings.shape[1]) + 0.5,
                  ["1st", "2nd", "3rd", "4th", "5th"][: crossings.shape[1]])
    ax.xaxis.tick_top()
    ax.set_yticks(np.arange(n_rows)[::-1] + 0.5, [" / ".join(map(str, i)) for i in crossings.index])
    ax.grid(False)
    ax.spines[["left", "bottom"]].set_visible(False)
    ax.tick_params(length=0)
    return ax

