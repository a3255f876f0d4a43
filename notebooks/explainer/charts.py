"""The house style for charts: palette, source notes, model labels, and figures shown with alt text.

The charts themselves live in explainer.figures. `show(figure, *data)` draws a figure twice, for a
desktop and (with `phone=True`) for a phone screen, and displays the desktop SVG; the phone SVG,
the alt text and the plotted numbers (a table and its CSV) travel in the output's metadata to
the HTML report.
"""

import io
import re
import textwrap
import warnings

import matplotlib as mpl
import matplotlib.pyplot as plt
from matplotlib.transforms import blended_transform_factory, offset_copy

from explainer import chart_table, paths
from explainer.contract import CHART_MIME, LABEL_GID, STAMP_GID, ChartDetails

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
# Titles and axis labels carry this SVG id (the report turns it into a class): the browser test
# holds them to a larger minimum size than other chart text.
BELOW_GID = "legend-below"  # a phone legend, hung under its axes by figure_svg
# The smallest text on a phone variant, in points (about 11.5 and 12.5 px on a 390 px screen).
PHONE_MIN_PT = 10
PHONE_MIN_LABEL_PT = 11
# The smallest text on a desktop chart, in points: a 1280 px screen shows a chart about 1.09 to
# 1.15 px per point (a switcher's a little narrower), so at least 12 px.
DESKTOP_MIN_PT = 11.2
# An id matplotlib gives a clip path, marker or hatch in an SVG, where it is defined or used.
MATPLOTLIB_ID = re.compile(r'(id="|url\(#|href="#)([a-z][0-9a-f]{10})(?=[")])')


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


def _titles_and_axis_labels(fig) -> list:
    """The figure's title and every axes' titles (left, centre, right) and axis labels."""
    texts = [text for text in fig.texts if text.get_text() == fig.get_suptitle()]
    for ax in fig.axes:  # matplotlib keeps the left and right titles in private attributes
        texts += [ax.title, ax._left_title, ax._right_title, ax.xaxis.label, ax.yaxis.label]
    return texts


def legend(ax, phone: bool, **desktop):
    """The axes' legend as `desktop` places it, or on a phone in one column under the axes (a
    narrow chart has no room for a long legend inside): figure_svg hangs it there."""
    if phone:
        below = ax.legend(loc="upper left")
        below.set_gid(BELOW_GID)
        return below
    return ax.legend(**desktop)


def figure_svg(fig) -> str:
    """The figure as SVG text with no date and numbered ids: the same figure gives the same bytes.

    Text is wrapped to the figure's width first; titles and axis labels get the LABEL_GID id."""
    hung = hang_legends_below(fig)  # first, so that its text is wrapped too
    if wrap_to_width(fig) and hung:
        hang_legends_below(fig)  # again: a wrapped axis label may have grown
        _lay_out(fig)  # with the legends moved
    for text in _titles_and_axis_labels(fig):
        text.set_gid(LABEL_GID)
    # Laid out and drawn above: saving need neither lay the figure out nor measure it again.
    box = fig.get_tightbbox(fig.canvas.get_renderer()).padded(mpl.rcParams["savefig.pad_inches"])
    layout, buffer = fig.get_layout_engine(), io.StringIO()
    with mpl.rc_context({"svg.hashsalt": "back-dimples-explained", "svg.fonttype": "none",
                         "figure.constrained_layout.use": False}):
        fig.set_layout_engine(None)
        try:
            fig.savefig(buffer, format="svg", bbox_inches=box,
                        metadata={"Date": None, "Creator": None})
        finally:
            fig.set_layout_engine(layout)
    return numbered_ids(buffer.getvalue())


def numbered_ids(svg: str) -> str:
    """`svg` with matplotlib's ids for clip paths, markers and hatches (a letter and a hash of the
    exact coordinates, whose last digits the layout solver's sums vary from run to run) numbered
    in order instead."""
    numbers: dict[str, str] = {}

    def renumber(match):
        name = match[2]
        return match[1] + numbers.setdefault(name, f"{name[0]}{len(numbers) + 1}")

    return MATPLOTLIB_ID.sub(renumber, svg)


def hang_legends_below(fig) -> bool:
    """Put each phone legend (see `legend`) just under its axes' x-axis label, from the figure's
    left edge, like the source note that the layout makes room for below it, with its entries
    wrapped to end within the plot's right edge. False if the figure has none.

    (From the axes' left edge, a legend wider than the room right of long tick labels made the
    layout squeeze the plot to nothing; so does one running past the plot's right edge, which the
    layout keeps making room for as the plot narrows. So the plot's width is found with the
    legends left out of the layout, and they are fitted to it.)"""
    below = [ax.get_legend() for ax in fig.axes
             if ax.get_legend() and ax.get_legend().get_gid() == BELOW_GID]
    if not below:
        return False
    for legend in below:
        legend.set_in_layout(False)
    _lay_out(fig)
    for legend in below:
        ax = legend.axes
        drop = ax.bbox.y0 - ax.xaxis.get_tightbbox().y0  # ticks, tick labels, axis label
        figure_x_axes_y = blended_transform_factory(fig.transFigure, ax.transAxes)
        legend.set_bbox_to_anchor((0, 0), transform=offset_copy(
            figure_x_axes_y, fig, y=-(drop * 72 / fig.dpi + 6), units="points"))
    _lay_out(fig)  # the legends where they hang, the plots as wide as without them
    for legend in below:
        texts = legend.get_texts()
        padding = legend.get_window_extent().x1 - max(t.get_window_extent().x1 for t in texts)
        # From the entries as written (`legend` takes the axes' labels): the plot may have
        # widened since an earlier fit.
        for text, label in zip(texts, legend.axes.get_legend_handles_labels()[1], strict=True):
            text.set_text(label)
        _rewrap_overflowing(fig, texts, set(), right=legend.axes.bbox.x1 - padding)
        legend.set_in_layout(True)
    return True


def fit_desktop(fig) -> None:
    """Make a desktop chart legible: no text under DESKTOP_MIN_PT points."""
    for text in fig.findobj(mpl.text.Text):
        text.set_fontsize(max(text.get_fontsize(), DESKTOP_MIN_PT))


def fit_phone(fig) -> None:
    """Make a phone variant legible: no text under PHONE_MIN_PT points (titles and axis labels:
    PHONE_MIN_LABEL_PT), and a model's stamp a phrase a line, narrow enough for a phone's plot
    not to cover its labels; figure_svg then wraps the rest to the figure's width."""
    labels = set(_titles_and_axis_labels(fig))
    for text in fig.findobj(mpl.text.Text):
        floor = PHONE_MIN_LABEL_PT if text in labels else PHONE_MIN_PT
        text.set_fontsize(max(text.get_fontsize(), floor))
        if text.get_gid() == STAMP_GID:
            text.set_text(re.sub(r"([:,]) ", r"\1\n", text.get_text()))


def wrap_to_width(fig, rounds: int = 4) -> bool:
    """Re-wrap every horizontal text that runs past the figure's left or right edge (titles,
    notes, labels, stamps) into shorter lines, so that the saved figure (bbox "tight") stays as
    wide as drawn and its text is not shrunk with it. A title, axis label or source note is
    re-wrapped as one paragraph. True if any text was re-wrapped. The figure is laid out on
    return.

    The figure's own title and note sit where the layout cannot move them sideways, so they are
    wrapped before the first layout: a note too wide squeezes the plots, which then overflow."""
    paragraphs = {*_titles_and_axis_labels(fig),
                  *(text for text in fig.texts if text.get_text() == fig.get_supxlabel())}
    wrapped = _rewrap_overflowing(fig, fig.texts, paragraphs)
    for _ in range(rounds):
        _lay_out(fig)
        if not _rewrap_overflowing(fig, fig.findobj(mpl.text.Text), paragraphs):
            return wrapped
        wrapped = True
    _lay_out(fig)  # the last wrap
    return wrapped


def _lay_out(fig) -> None:
    """Lay the figure out (constrained layout), without the warning that text too wide squeezed
    the axes away: wrapping it is what comes next, and test_figures checks the result."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "constrained_layout not applied")
        fig.draw_without_rendering()


def _rewrap_overflowing(fig, texts, paragraphs, right: float | None = None) -> bool:
    """Wrap each of `texts` that runs past the figure's edges (or past `right`, in pixels) into
    lines that fit the room it has, measuring as it goes; True if that changed any (a word too
    long for its room stays whole)."""
    renderer = fig.canvas.get_renderer()
    left, right = fig.bbox.x0, fig.bbox.x1 if right is None else right

    def overflow(text):  # the text's box when it runs past an edge, else None
        box = text.get_window_extent(renderer)
        return box if box.x1 > right + 1 or box.x0 < left - 1 else None

    changed = False
    for text in texts:
        if not text.get_visible() or not text.get_text() or text.get_rotation():
            continue
        original = text.get_text()
        words = original.replace("\n", " ") if text in paragraphs else original
        while (box := overflow(text)) and box.width:
            room = min(box.x1, right) - max(box.x0, left)
            longest = max(len(line) for line in text.get_text().split("\n"))
            width = max(8, min(longest - 1, int(longest * max(room, 0) / box.width) - 1))
            lines = "\n".join(textwrap.fill(line, width) for line in words.split("\n"))
            if lines == text.get_text():
                break
            text.set_text(lines)
        changed |= text.get_text() != original
    return changed


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
