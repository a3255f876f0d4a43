"""The house style for charts: palette, source notes, model labels, and figures shown with alt text.

The charts themselves live in explainer.figures. `show(figure, *data)` draws a figure twice, for a
desktop and (with `phone=True`) for a phone screen, and displays the desktop SVG (made by
explainer.chart_svg); the phone SVG, the alt text and the plotted numbers (a table and its CSV)
travel in the output's metadata to the HTML report.
"""

import re

import matplotlib as mpl
import matplotlib.pyplot as plt

from explainer import chart_table, paths
from explainer.chart_svg import BELOW_GID, figure_svg, titles_and_axis_labels
from explainer.contract import CHART_MIME, STAMP_GID, ChartDetails

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

# A phone variant is drawn this wide: a 390 px screen shows it at about 1.2 px per point.
PHONE_WIDTH = 4.2
# The smallest text on a phone variant, in points (about 11.5 and 12.5 px on a 390 px screen).
PHONE_MIN_PT = 10
PHONE_MIN_LABEL_PT = 11
# The smallest text on a desktop chart, in points: a 1280 px screen shows a chart about 1.09 to
# 1.15 px per point (a switcher's a little narrower), so at least 12 px.
DESKTOP_MIN_PT = 11.2


def contrast_ratio(colour, background) -> float:
    """WCAG contrast ratio of two colours (1 to 21; text needs at least 4.5)."""
    def luminance(c):
        channels = [v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4
                    for v in mpl.colors.to_rgb(c)]
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]
    lighter, darker = sorted((luminance(colour), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_colour_on(fill) -> str:
    """Black or white, whichever reads better on `fill`."""
    return max(("black", "white"), key=lambda text: contrast_ratio(text, fill))


def use_house_style() -> None:
    """Apply explainer.mplstyle to every chart drawn after this call."""
    plt.style.use(["default", paths.STYLE])  # nothing from a user's matplotlibrc


def model_label(ax, text: str = "MODEL: illustration, not measured data"):
    """Stamp a chart of model output so it can never be mistaken for measured data."""
    ax.text(
        0.99,
        0.98,
        text,
        transform=ax.transAxes,
        ha="right",
        va="top",
        fontsize=9.5,
        fontweight="bold",
        color=PALETTE["vermillion"],
        bbox={"boxstyle": "round,pad=0.3", "facecolor": "white",
              "edgecolor": PALETTE["vermillion"]},
        gid=STAMP_GID,
    )
    return ax


def size(desktop, phone: bool, phone_height: float | None = None):
    """A figure size in inches: `desktop` (width, height), or PHONE_WIDTH wide and `phone_height`
    (default: the desktop height) tall."""
    if not phone:
        return desktop
    return (PHONE_WIDTH, desktop[1] if phone_height is None else phone_height)


def legend(ax, phone: bool, **desktop):
    """The axes' legend as `desktop` places it, or on a phone in one column under the axes (a
    narrow chart has no room for a long legend inside): figure_svg hangs it there."""
    if phone:
        below = ax.legend(loc="upper left")
        below.set_gid(BELOW_GID)
        return below
    return ax.legend(**desktop)


def fit_desktop(fig) -> None:
    """Make a desktop chart legible: no text under DESKTOP_MIN_PT points."""
    for text in fig.findobj(mpl.text.Text):
        text.set_fontsize(max(text.get_fontsize(), DESKTOP_MIN_PT))


def fit_phone(fig) -> None:
    """Make a phone variant legible: no text under PHONE_MIN_PT points (titles and axis labels:
    PHONE_MIN_LABEL_PT), and a model's stamp a phrase a line, narrow enough for a phone's plot
    not to cover its labels; figure_svg then wraps the rest to the figure's width."""
    labels = set(titles_and_axis_labels(fig))
    for text in fig.findobj(mpl.text.Text):
        floor = PHONE_MIN_LABEL_PT if text in labels else PHONE_MIN_PT
        text.set_fontsize(max(text.get_fontsize(), floor))
        if text.get_gid() == STAMP_GID:
            text.set_text(re.sub(r"([:,]) ", r"\1\n", text.get_text()))


def show(figure, *args, **kwargs) -> None:
    """Display the chart `figure(*args, **kwargs)` draws, with its alt text (one sentence saying
    what it shows), its phone variant (`figure(..., phone=True)`) and the numbers behind it."""
    from IPython.display import display

    svg, details = drawn(figure, *args, **kwargs)
    display({CHART_MIME: svg, "text/plain": details["alt"]}, raw=True,
            metadata={CHART_MIME: details})


def drawn(figure, *args, **kwargs) -> tuple[str, ChartDetails]:
    """The desktop SVG of the chart `figure(*args, **kwargs)` draws, and what a report adds to
    it: alt text, phone SVG, anchor and (unless it is a schematic) the numbers it plots, as a
    table and as CSV (explainer.chart_table)."""
    fig, alt = figure(*args, **kwargs)
    if not alt or not alt.strip():
        plt.close(fig)
        raise ValueError("every figure needs alt text: a sentence describing what it shows")
    phone_fig, _ = figure(*args, phone=True, **kwargs)
    fit_desktop(fig)
    fit_phone(phone_fig)
    svg, phone_svg = figure_svg(fig), figure_svg(phone_fig)
    numbers = chart_table.plotted_numbers(fig, [*args, *kwargs.values()])
    note = fig.get_supxlabel()
    plt.close(fig)
    plt.close(phone_fig)
    name = getattr(figure, "func", figure).__name__  # a functools.partial: its function's name
    details = ChartDetails(alt=alt, phone=phone_svg,
                           anchor="fig-" + name.removesuffix("_figure").replace("_", "-"))
    if numbers is not None:
        details["table"], details["csv"] = chart_table.declared(numbers, note)
    return svg, details


def figure_title(fig, text: str):
    """A finding-stating title over a whole multi-panel figure, in the house position."""
    fig.suptitle(text, x=0.01, ha="left", fontweight="bold", fontsize=13)
    return fig


def figure_note(fig, text: str):
    """The source line ('Source: …' or 'Illustrative model …') under the whole figure.

    A figure-level label, so the layout makes room for it below everything else and never
    narrows the axes to fit its length (figure_svg wraps it to the figure's width)."""
    if fig.get_supxlabel():
        raise ValueError("a figure has one source note: name every source in it")
    fig.supxlabel(text, x=0.01, ha="left", fontsize=9.5, color="#555555")
    return fig


def one_chart_figure(size, draw, title: str, note: str):
    """A figure of one chart, `draw(ax)`, under a finding-stating title and over a source line."""
    fig, ax = plt.subplots(figsize=size)
    draw(ax)
    figure_title(fig, title)
    figure_note(fig, note)
    return fig
