"""The spot-reduction trials: fat change in the trained region against elsewhere (notebook 03)."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from explainer import charts
from explainer.charts import OTHER_COLOUR, TRAINED_COLOUR
from explainer.provenance import sourced

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


def with_numbers_for_both_sides(trials: pd.DataFrame) -> pd.DataFrame:
    """The comparisons whose source gives a % change (or before and after values) for both the
    trained and the comparison region, with those changes."""
    return with_percent_changes(trials).dropna(subset=["trained_pct", "comparison_pct"])


def studies_counted(rows: pd.DataFrame, word: str = "studies") -> str:
    """'5 studies' (HTML), the studies behind `rows` counted and traced to them."""
    return sourced(f"{rows.source_id.nunique()} {word}", rows, how="counted")


def people_counted(rows: pd.DataFrame) -> str:
    """The people in the studies behind `rows` (each study's size once, those without one left
    out), as a number traced to them (HTML)."""
    per_study = rows.drop_duplicates("source_id")
    return sourced(int(per_study.n_study.sum()), per_study, how="each study's size, added up")


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


def trials_chart(ax, trials: pd.DataFrame, phone: bool = False):
    """Fat change in the trained region (orange) vs elsewhere (blue), one row per comparison.

    Studies whose authors found no local effect come first, counter-evidence below a divider.
    Rows without numbers in the source carry a grey note instead of invented points. On a phone
    the row names go above the rows, so the dots get the whole width, and each note is one line.
    """
    rows = with_percent_changes(trials)
    rows = pd.concat([rows[~rows.authors_report_local_loss], rows[rows.authors_report_local_loss]])
    spacing = 1.35 if phone else 1.0
    # From each row down to the next; on a phone, more below a row with a two-line note.
    steps = np.full(len(rows), spacing)
    if phone:
        steps[(rows.trained_pct.isna() & rows.comparison_pct.notna()).to_numpy()] += 0.5
    y_positions = -np.concatenate([[0.0], np.cumsum(steps[:-1])])
    n_supporting = int((~rows.authors_report_local_loss).sum())
    y_positions[n_supporting:] -= 0.8 * spacing
    for y, row in zip(y_positions, rows.itertuples(), strict=True):
        points = [  # trained just above the row's line, comparison just below: both always seen
            (row.trained_pct, row.trained_change_pct_plusminus, TRAINED_COLOUR, "o", 0.14),
            (row.comparison_pct, row.comparison_change_pct_plusminus, OTHER_COLOUR, "s", -0.14),
        ]
        for value, spread, colour, marker, offset in points:
            if pd.notna(value):
                ax.errorbar(value, y + offset, xerr=None if pd.isna(spread) else spread, fmt=marker,
                            color=colour, markersize=8, capsize=3, zorder=3)
        if pd.isna(row.trained_pct) and pd.isna(row.comparison_pct):
            if row.authors_report_local_loss:
                verdict = ("extra local loss reported" if phone
                           else "authors report extra local loss")
            elif str(row.finding).startswith("mixed"):
                verdict = "mixed: skinfolds vs scans"
            else:
                verdict = "no extra loss" if phone else "no extra loss at the trained spot"
            place = {"x": -21.5, "ha": "left"} if phone else {"x": -10, "ha": "center"}
            ax.text(s=verdict + ("; no numbers in the abstract" if phone
                                 else "\n(numbers not in the abstract)"),
                    y=y, va="center", fontsize=10, style="italic", color="#555555",
                    in_layout=not phone, **place)
        elif pd.isna(row.trained_pct):
            # On a phone, a little low: clear of the row's name above it.
            ax.text(0.5, y - (0.2 if phone else 0), "trained leg: no\nsignificant change",
                    va="center", fontsize=10, style="italic", color=TRAINED_COLOUR)
    ax.axvline(0, color="#777777", linewidth=1)
    divider = (y_positions[n_supporting - 1] + y_positions[n_supporting]) / 2
    ax.axhline(divider, color="#777777", linewidth=0.8, linestyle=":")
    for y, heading in ((y_positions[0], "Found no extra loss at the trained spot"),
                       (y_positions[n_supporting], "Counter-evidence: reported extra local loss")):
        ax.text(-21.5, y + 0.75 * spacing + (0.45 if phone else 0), heading, fontsize=10,
                fontweight="bold", va="center")
    labels = [_trial_label(row) for row in rows.itertuples()]
    if phone:
        ax.set_yticks([])
        for y, label in zip(y_positions, labels, strict=True):
            ax.text(-21.5, y + 0.4, label.replace("\n", ", "), fontsize=10, va="bottom",
                    in_layout=False)  # the axes keep the figure's width: the names fit in it
    else:
        ax.set_yticks(y_positions, labels, fontsize=10)
    ax.set_xlim(-22, 13)
    ax.set_ylim(y_positions[-1] - 0.7, y_positions[0] + 1.3 * spacing)
    ax.set_xlabel("Change in fat from before to after training (%)")
    ax.grid(axis="y", visible=False)
    ax.plot([], [], "o", color=TRAINED_COLOUR, label="trained region")
    ax.plot([], [], "s", color=OTHER_COLOUR, label="comparison region")
    if phone:  # above the rows: the bottom right holds a note there
        ax.legend(loc="lower left", bbox_to_anchor=(0, 1), ncols=2, fontsize=10)
    else:
        ax.legend(loc="lower right", fontsize=10)
    return ax


def trials_figure(trials, phone: bool = False):
    """The trials chart under its finding, with every study named in the note."""
    fig, ax = plt.subplots(figsize=charts.size((8, 9), phone, 8.6))
    trials_chart(ax, trials, phone)
    charts.figure_title(fig, "Training a muscle did not shrink the fat over it in most controlled "
                        "studies")
    charts.figure_note(fig, "Sources: Walts 2008 (CT scans), Ramírez-Campillo 2013 (DXA scans), "
                       "Vispute 2011, Katch 1984, Kostek 2007, Gwinup 1971, Scotto di Palumbo 2017 "
                       "(DXA scans; error bars: ± as reported), Paoli 2021. Walts changes "
                       "computed from Table 3.")
    rows = with_percent_changes(trials)
    counter = rows[rows.authors_report_local_loss]
    found = with_numbers_for_both_sides(counter)
    return fig, (
        f"Dot chart of fat change in the trained region against an untrained region for "
        f"{len(rows)} comparisons from {rows.source_id.nunique()} studies: "
        f"{(~rows.authors_report_local_loss).sum()} comparisons found no extra loss at the "
        f"trained spot or were mixed, and {len(counter)} from {counter.source_id.nunique()} small "
        f"studies report more loss in the trained region; in {', '.join(found.study.unique())} "
        f"limbs given resistance work lost about {-found.trained_pct.mean():.0f} percent of their "
        f"fat against {-found.comparison_pct.max():.0f} to {-found.comparison_pct.min():.0f} "
        "percent in the limbs that did endurance work.")
