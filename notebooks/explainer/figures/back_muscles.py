"""A labelled schematic of the erector spinae, the long back muscles beside the spine.

A back view, not to scale: lower thoracic and lumbar vertebrae, sacrum, the two hip bones with their
posterior superior iliac spines (PSIS, where the dimples of Venus sit), and the three columns of the
erector spinae on each side. Coordinates are in arbitrary drawing units.
"""

import matplotlib.pyplot as plt
from matplotlib.patches import Circle, FancyBboxPatch, Polygon

from explainer import charts
from explainer.charts import PALETTE
from explainer.figures.drawing import label, mirrored

VERTEBRAE = ["T8", "T9", "T10", "T11", "T12", "L1", "L2", "L3", "L4", "L5"]
VERTEBRA_TOP, VERTEBRA_STEP = 11.2, 0.8
PSIS_Y, PSIS_X = 3.0, 1.95
LABEL_SIZE = 9.5

# Each column as (outline for the right side, colour); the left side is its mirror image.
COLUMNS = {
    "spinalis": ([(0.55, 6.2), (0.95, 6.2), (1.0, 12.0), (0.6, 12.0)], PALETTE["purple"]),
    "longissimus": (
        [(0.95, 2.1), (1.45, 2.1), (1.6, 6.0), (1.75, 12.0), (1.05, 12.0), (1.0, 6.0)],
        PALETTE["vermillion"],
    ),
    "iliocostalis": (
        [(1.55, 4.7), (2.6, 4.7), (3.3, 8.5), (3.5, 11.8), (2.6, 11.8), (1.8, 8.0)],
        PALETTE["green"],
    ),
}

# Right hip bone outline; its top (the iliac crest) lies at about the level of L4.
ILIUM = [(1.25, 3.5), (1.5, 4.3), (2.3, 5.0), (3.6, 5.05), (4.5, 4.2), (4.4, 2.6), (3.4, 1.2),
         (1.3, 1.6)]
SACRUM = [(-1.2, 3.55), (1.2, 3.55), (0.25, 1.0), (-0.25, 1.0)]


def vertebra_y(name: str) -> float:
    """Height of a vertebra's centre in the drawing (T8 at the top, L5 at the bottom)."""
    return VERTEBRA_TOP - VERTEBRA_STEP * VERTEBRAE.index(name)


def _draw_skeleton(ax):
    bone = {"facecolor": "#f2efe8", "edgecolor": "#6b6b6b", "linewidth": 1.0, "zorder": 1}
    for outline in (ILIUM, mirrored(ILIUM)):
        ax.add_patch(Polygon(outline, closed=True, **bone))
    ax.add_patch(Polygon(SACRUM, closed=True, **bone))
    for name in VERTEBRAE:
        y = vertebra_y(name)
        ax.add_patch(FancyBboxPatch((-0.45, y - 0.28), 0.9, 0.56, boxstyle="round,pad=0.02",
                                    **bone))
    for name in VERTEBRAE[:5]:  # lower ribs, faint, for orientation
        y = vertebra_y(name)
        for side in (1, -1):
            ax.plot([side * 0.5, side * 2.5, side * 4.2], [y, y - 0.25, y - 1.1],
                    color="#c9c9c9", linewidth=1.0, zorder=0)


def _draw_erectors(ax):
    for outline, colour in COLUMNS.values():
        for side in (outline, mirrored(outline)):
            ax.add_patch(Polygon(side, closed=True, facecolor=colour, alpha=0.72,
                                 edgecolor="black", linewidth=0.8, zorder=2))


def draw_erector_spinae(ax, phone: bool = False):
    """Draw the labelled back-view schematic on `ax` and return it; on a phone the sentence
    under the muscle names sits lower, clear of them, and the label of the bony points (the PSIS)
    goes below the pelvis."""
    _draw_skeleton(ax)
    _draw_erectors(ax)
    for side in (1, -1):
        ax.add_patch(Circle((side * PSIS_X, PSIS_Y), 0.22, facecolor=PALETTE["blue"],
                            edgecolor="black", zorder=4))

    label(ax, "spinalis", (0.8, 10.0), (5.0, 11.6), fontsize=LABEL_SIZE)
    label(ax, "longissimus", (1.4, 9.0), (5.0, 10.4), fontsize=LABEL_SIZE)
    label(ax, "iliocostalis", (2.9, 9.2), (5.0, 9.2), fontsize=LABEL_SIZE)
    ax.text(5.0, 6.6 if phone else 7.9, "together: the erector spinae,\nwhich straighten the back\n"
            "and hold it upright", fontsize=9.5, va="center", style="italic")
    label(ax, "bony points of the pelvis:\nthe dimples of Venus sit\nover them, beside the muscle",
          (-PSIS_X, PSIS_Y), (-9.4, -1.8 if phone else 0.9), fontsize=LABEL_SIZE)
    label(ax, "sacrum", (0, 2.0), (5.0, 1.2), fontsize=LABEL_SIZE)

    # The two places the activity studies recorded from (page 05 names them the same way).
    regions = (("L1", "L2", "high in the\nlower back", "high"),
               ("L5", "L5", "base of\nthe spine", "base"))
    for first, last, name, phone_name in regions:
        top, bottom = vertebra_y(first) + 0.35, vertebra_y(last) - 0.55
        ax.plot([-3.9, -3.9], [bottom, top], color="black", linewidth=1.5)
        ax.text(-4.1, (top + bottom) / 2, phone_name if phone else name, ha="right",
                va="center", fontsize=9)

    # A phone's larger text would print T12 over L1, the vertebra below it: it names L1 and L5.
    for name in ("L1", "L5") if phone else ("T12", "L1", "L5"):
        ax.text(0, vertebra_y(name), name, ha="center", va="center", fontsize=7, zorder=3)

    ax.set_xlim(-9.4, 9.0)
    ax.set_ylim(-3.4 if phone else 0.0, 12.4)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax


def erector_spinae_figure(phone: bool = False):
    """The schematic as a finished figure with its title and note."""
    fig, ax = plt.subplots(figsize=charts.size((8, 6), phone, 3.7))
    draw_erector_spinae(ax, phone)
    ax.set_title("The erector spinae climb beside the spine; the dimples sit on bone below them")
    charts.figure_note(fig, "Schematic drawn for this page, not to scale: back view of the "
                       "lower spine and pelvis.")
    return fig, ("Schematic back view of the lower spine and pelvis: three coloured muscle columns "
                 "on each side of the spine (spinalis, longissimus, iliocostalis) and blue dots "
                 "over the back of the hip bones where the dimples of Venus sit, below and to the "
                 "side of the muscles.")
