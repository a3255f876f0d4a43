"""From a drawn chart to the SVG a page shows: text wrapped to the figure's width, a phone
legend hung under its plot, and the same bytes for the same figure."""

import io
import re
import textwrap
import warnings

import matplotlib as mpl
from matplotlib.transforms import blended_transform_factory, offset_copy

from explainer.contract import LABEL_GID

BELOW_GID = "legend-below"  # a phone legend (charts.legend), hung under its axes by figure_svg
# An id matplotlib gives a clip path, marker or hatch in an SVG, where it is defined or used.
MATPLOTLIB_ID = re.compile(r'(id="|url\(#|href="#)([a-z][0-9a-f]{10})(?=[")])')


def titles_and_axis_labels(fig) -> list:
    """The figure's title and every axes' titles (left, centre, right) and axis labels."""
    texts = [text for text in fig.texts if text.get_text() == fig.get_suptitle()]
    for ax in fig.axes:  # matplotlib keeps the left and right titles in private attributes
        texts += [ax.title, ax._left_title, ax._right_title, ax.xaxis.label, ax.yaxis.label]
    return texts


def figure_svg(fig) -> str:
    """The figure as SVG text with no date and numbered ids: the same figure gives the same bytes.

    Text is wrapped to the figure's width first; titles and axis labels get the LABEL_GID id."""
    hung = hang_legends_below(fig)  # first, so that its text is wrapped too
    if wrap_to_width(fig) and hung:
        hang_legends_below(fig)  # again: a wrapped axis label may have grown
        _lay_out(fig)  # with the legends moved
    for text in titles_and_axis_labels(fig):
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


def wrap_to_width(fig, rounds: int = 4) -> bool:
    """Re-wrap every horizontal text that runs past the figure's left or right edge (titles,
    notes, labels, stamps) into shorter lines, so that the saved figure (bbox "tight") stays as
    wide as drawn and its text is not shrunk with it. A title, axis label or source note is
    re-wrapped as one paragraph. True if any text was re-wrapped. The figure is laid out on
    return.

    The figure's own title and note sit where the layout cannot move them sideways, so they are
    wrapped before the first layout: a note too wide squeezes the plots, which then overflow."""
    paragraphs = {*titles_and_axis_labels(fig),
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
