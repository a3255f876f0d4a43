"""Rules every chart keeps, checked on every figure a notebook shows (test_figures.FIGURES):
each plotted style has a legend entry, and text on a filled shape has a contrast of 4.5:1."""

import matplotlib
import matplotlib.pyplot as plt
import pytest
from matplotlib.collections import PathCollection
from matplotlib.colors import to_hex, to_rgba
from matplotlib.lines import Line2D
from matplotlib.markers import MarkerStyle
from matplotlib.patches import Rectangle

from explainer import charts
from tests.shown_figures import FIGURES

matplotlib.use("Agg")

# Marks that are not a data style of their own: error-bar caps and range ends.
CAP_MARKERS = {"|", "_", 2, 3}


@pytest.fixture(scope="module", params=FIGURES.values(), ids=FIGURES)
def fig(request):
    """Each figure, drawn once for the tests below (which only read it)."""
    charts.use_house_style()
    figure, _ = request.param()
    figure.canvas.draw()
    yield figure
    plt.close(figure)


def _is_blank(colour) -> bool:
    rgba = to_rgba(colour)
    return rgba[3] == 0 or to_hex(rgba) == "#ffffff"


def style(artist):
    """What a reader tells plotted marks apart by: a marker's colour (and whether open), a line's
    dash pattern, a bar's colour and hatch. None for marks that are not a data style."""
    if isinstance(artist, Line2D):
        marker = artist.get_marker()
        if marker not in (None, "None", "", " ") and marker not in CAP_MARKERS:
            face = artist.get_markerfacecolor()
            if _is_blank(face):
                return ("open marker", _shape(artist), to_hex(artist.get_markeredgecolor()))
            return ("marker", _shape(artist), to_hex(face))
        if artist.get_linestyle() in ("None", ""):
            return None
        return ("line", artist.get_linestyle())
    if isinstance(artist, PathCollection):
        faces, edges = artist.get_facecolors(), artist.get_edgecolors()
        if len(faces) == 0 or _is_blank(faces[0]):
            return ("open marker", _shape(artist), to_hex(edges[0]) if len(edges) else "none")
        return ("marker", _shape(artist), to_hex(faces[0]))
    if isinstance(artist, Rectangle):
        return ("bar", to_hex(artist.get_facecolor()), artist.get_hatch())
    return None


def _shape(artist) -> tuple:
    """A marker's outline, the same for a Line2D and a scatter of that marker."""
    if isinstance(artist, Line2D):
        path = MarkerStyle(artist.get_marker()).get_path().transformed(
            MarkerStyle(artist.get_marker()).get_transform())
    else:
        path = artist.get_paths()[0]
    vertices = path.vertices / max(abs(path.vertices).max(), 1e-9)
    return tuple(vertices.round(2).flatten())


def plotted_styles(ax) -> set:
    marks = [line for line in ax.get_lines() if line.get_transform() == ax.transData
             and len(line.get_xdata()) and not line.get_label().startswith("_nolegend")]
    marks += [c for c in ax.collections if isinstance(c, PathCollection) and len(c.get_offsets())]
    marks += [bar for container in ax.containers if hasattr(container, "patches")
              for bar in container.patches]
    return {style(mark) for mark in marks} - {None}


def legend_styles(legend) -> set:
    return {style(handle) for handle in legend.legend_handles} - {None}


def test_every_plotted_style_has_a_legend_entry(fig):
    for ax in fig.axes:
        legends = [ax.get_legend(), *fig.legends] if ax.get_legend() else fig.legends
        if not legends:
            continue  # a chart that labels its marks directly
        shown = set().union(*(legend_styles(legend) for legend in legends))
        missing = plotted_styles(ax) - shown
        readable = sorted((kind, colour) for kind, *_, colour in missing)
        assert not missing, f"{ax.get_title(loc='left')!r}: no legend entry for {readable}"


def _fill_behind(text, ax):
    """The colour of the filled shape a text sits on: its own box, or a bar under its middle."""
    box = text.get_bbox_patch()
    if box is not None and box.get_fill() and not _is_blank(box.get_facecolor()):
        return box.get_facecolor()
    middle = text.get_window_extent().corners().mean(axis=0)
    for patch in ax.patches:
        if isinstance(patch, Rectangle) and patch.get_fill() and patch.contains_point(middle) \
                and not _is_blank(patch.get_facecolor()):
            return patch.get_facecolor()
    return None


def test_text_on_filled_shapes_has_a_contrast_of_4_5(fig):
    for ax in fig.axes:
        for text in ax.texts:
            fill = _fill_behind(text, ax)
            if fill is not None and text.get_text().strip():
                ratio = charts.contrast_ratio(text.get_color(), fill)
                assert ratio >= 4.5, f"{text.get_text()!r}: {ratio:.1f}:1 on {to_hex(fill)}"


def test_contrast_ratio_matches_the_wcag_formula():
    assert charts.contrast_ratio("black", "white") == pytest.approx(21)
    assert charts.contrast_ratio("#777777", "white") == pytest.approx(4.48, abs=0.01)
    assert charts.text_colour_on(charts.PALETTE["sky"]) == "black"
    assert charts.text_colour_on(charts.PALETTE["black"]) == "white"
