"""The house style for charts: palette, source notes, model labels, and figures shown with alt text.

The charts themselves live in explainer.figures. `show(fig, alt)` displays a finished figure as a
deterministic SVG whose alt text travels with the output into the HTML report's <img alt>.
"""

import io

import matplotlib as mpl
import matplotlib.pyplot as plt

from explainer import paths

# Okabe & Ito (2008) colour-blind-safe palette.
PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "sky": "#56B4E9",
    "yellow": "#F0E442",
    "black": "#000000",
    "grey": "#999999",
}

# One colour per verdict, the same on every chart and in the reports.
VERDICT_COLOURS = {
    "supported": PALETTE["green"],
    "partly supported": PALETTE["sky"],
    "no direct evidence": PALETTE["grey"],
    "not supported": PALETTE["vermillion"],
}

# One colour per sex, the same on every chart that splits women and men.
SEX_COLOURS = {"female": PALETTE["vermillion"], "male": PALETTE["blue"]}

# The trained region (or working muscle) and its comparison, on every spot-reduction chart.
TRAINED_COLOUR = PALETTE["orange"]
OTHER_COLOUR = PALETTE["blue"]

MODEL_STYLE = {"linestyle": "--", "hatch": "//"}


def use_house_style() -> None:
    """Apply explainer.mplstyle to every chart drawn after this call."""
    plt.style.use(["default", paths.STYLE])  # nothing from a user's matplotlibrc


def source_note(ax, text: str):
    """Write a source line under the axes ('Source: …' or 'Illustrative model …')."""
    ax.annotate(
        text,
        xy=(0, 0),
        xycoords="axes fraction",
        xytext=(0, -38),
        textcoords="offset points",
        ha="left",
        va="top",
        fontsize=9.5,
        color="#555555",
        wrap=True,
        annotation_clip=False,
    )
    return ax


def model_label(ax, text: str = "MODEL: illustration, not measured data"):
    """Stamp a chart of model output so it can never be mistaken for measured data."""
    ax.text(
        0.99,
        0.98,
        text,
        transform=ax.transAxes,
        ha="right",
        va="top",
        fontsize=9,
        fontweight="bold",
        color=PALETTE["vermillion"],
        bbox={"boxstyle": "round,pad=0.3", "facecolor": "white",
              "edgecolor": PALETTE["vermillion"]},
    )
    return ax


def figure_svg(fig) -> str:
    """The figure as SVG text with no date and fixed ids: the same figure gives the same bytes."""
    buffer = io.StringIO()
    with mpl.rc_context({"svg.hashsalt": "back-dimples-explained", "svg.fonttype": "none"}):
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return buffer.getvalue()


def show(fig, alt: str) -> None:
    """Display `fig` with alt text (one sentence saying what the chart shows), then close it."""
    if not alt or not alt.strip():
        raise ValueError("every figure needs alt text: a sentence describing what it shows")
    from IPython.display import display

    svg = figure_svg(fig)
    plt.close(fig)
    display(
        {"image/svg+xml": svg, "text/plain": alt},
        raw=True,
        metadata={"image/svg+xml": {"alt": alt}},
    )


def figure_title(fig, text: str):
    """A finding-stating title over a whole multi-panel figure, in the house position."""
    fig.suptitle(text, x=0.01, ha="left", fontweight="bold", fontsize=13)
    return fig


def figure_note(fig, text: str):
    """A source line under a whole multi-panel figure (source_note sits under one axes)."""
    fig.supxlabel(text, x=0.01, ha="left", fontsize=9, color="#555555", wrap=True)
    return fig


def one_chart_figure(size, draw, title: str, note: str):
    """A figure of one chart, `draw(ax)`, under a finding-stating title and over a source line."""
    fig, ax = plt.subplots(figsize=size)
    draw(ax)
    figure_title(fig, title)
    figure_note(fig, note)
    return fig
