"""Drawing primitives the schematics share: mirrored outlines, smooth curves and leader labels."""

from matplotlib.patches import PathPatch
from matplotlib.path import Path


def mirrored(points):
    """The same outline on the left side of the body (x mirrored about the midline)."""
    return [(-x, y) for x, y in points]


def smooth_outline(ax, points, **style):
    """A smooth curve through control points (a cubic Bezier path; 3n+1 points)."""
    path = Path(points, [Path.MOVETO] + [Path.CURVE4] * (len(points) - 1))
    ax.add_patch(PathPatch(path, fill=False, **style))


def label(ax, text, xy, xytext, fontsize=10, **style):
    """A text label at `xytext` joined to the point `xy` by a thin line."""
    ax.annotate(text, xy=xy, xytext=xytext, fontsize=fontsize, va="center", zorder=5,
                arrowprops={"arrowstyle": "-", "color": "#333333", "lw": 0.8}, **style)
