"""The ten claims placed under their verdicts (the overview and notebook 06)."""

import textwrap

from explainer import charts, data
from explainer import verdicts as verdict_scale
from explainer.charts import VERDICT_COLOURS


def verdict_chart(ax, claims, phone: bool = False):
    """One row per claim (article order, top to bottom), a dot in the column of its verdict; on a
    phone the claims' names wrap onto short lines."""
    verdicts = list(VERDICT_COLOURS)
    ordered = claims.sort_values("id")
    y = range(len(ordered), 0, -1)
    x = [verdicts.index(verdict) for verdict in ordered["verdict"]]
    colours = [VERDICT_COLOURS[verdict] for verdict in ordered["verdict"]]
    ax.scatter(x, list(y), s=260, c=colours, edgecolors="black", linewidths=0.8, zorder=3)
    labels = [f"{i}. {label}" for i, label in zip(ordered["id"], ordered["label"], strict=True)]
    if phone:
        labels = [textwrap.fill(label, 20) for label in labels]
    ax.set_yticks(list(y), labels)
    if phone:  # four columns too narrow for the names side by side: slanted
        ax.set_xticks(range(len(verdicts)), verdicts, rotation=40, ha="left",
                      rotation_mode="anchor")
    else:
        ax.set_xticks(range(len(verdicts)), [v.replace(" ", "\n") for v in verdicts])
    ax.set_xlim(-0.5, len(verdicts) - 0.5)
    ax.set_ylim(0.3, len(ordered) + 0.7)
    ax.xaxis.tick_top()
    ax.grid(axis="x", visible=False)
    ax.spines[["left", "bottom"]].set_visible(False)
    ax.tick_params(length=0)
    return ax


def tally(claims) -> dict[str, int]:
    """How many claims got each verdict, in the scale's order (every verdict, zero included)."""
    return verdict_scale.tally(claims["verdict"], data.allowed_values("claims", "verdict"))


def verdicts_title(claims) -> str:
    """The chart's finding, said from the tally: '2 of the 10 claims are supported in full, 5 in
    part'."""
    counts = tally(claims)
    verb = "is" if counts["supported"] == 1 else "are"
    return (f"{counts['supported']} of the {len(claims)} claims {verb} supported in full, "
            f"{counts['partly supported']} in part")


def verdicts_figure(claims, phone: bool = False):
    """The verdict chart under its finding, with the verdict counts in the alt text."""
    fig = charts.one_chart_figure(
        charts.size((8, 5.5), phone, 8), lambda ax: verdict_chart(ax, claims, phone),
        verdicts_title(claims),
        "Source: our verdicts; each claim's page sets out the evidence and the checks behind it.")
    return fig, ("Dot chart placing each of the article's claims under one of four verdicts. "
                 + verdict_scale.summary_sentence(tally(claims)))
