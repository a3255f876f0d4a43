"""Schematic drawings of where back dimples sit and how a tie holding the skin down makes one. Not
to scale.

Landmarks follow the sources of notebook 01: the dimples lie over the two posterior superior iliac
spines (PSIS, "the bony points" in the drawings' words), the line joining these crosses the second
sacral vertebra (S2) in most people, the back muscles beside the spine lie on their inner side and
gluteus maximus below and outside them.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Ellipse, PathPatch, Polygon
from matplotlib.path import Path

from explainer import charts
from explainer.charts import PALETTE
from explainer.figures.drawing import label, mirrored, smooth_outline
from explainer.models.dimple_visibility import is_visible, visibility

SKIN = "#f3d9c4"
SKIN_EDGE = "#8c5a3c"
BONE = "#d9d9d9"
BONE_EDGE = "#555555"
MUSCLE = "#c9736b"
FAT = "#f6e7a1"

PSIS_X, PSIS_Y = 4.5, -2.5  # the right PSIS in the back view; the left is its mirror image


def draw_lower_back(ax, phone: bool = False):
    """The lower back from behind: skin, sacrum, PSIS, dimples, the S2 line and muscle borders.

    Returns the key (numbered label texts) on a phone, where the drawing carries only numbers,
    else an empty list."""
    right = [(12, 14), (12.5, 8), (16, 3), (17, -4), (17.5, -11), (15, -19), (8, -20.5),
             (3, -21.5), (0.5, -20), (0, -18)]
    left = mirrored(reversed(right))
    outline = right + left[1:] + [(12, 14)]
    codes = [Path.MOVETO] + [Path.CURVE4] * 9 + [Path.CURVE4] * 9 + [Path.LINETO]
    ax.add_patch(PathPatch(Path(outline, codes), facecolor=SKIN, edgecolor="none", zorder=0))
    for side in (right, left):
        ax.add_patch(PathPatch(Path(side, [Path.MOVETO] + [Path.CURVE4] * 9), fill=False,
                               edgecolor=SKIN_EDGE, lw=2))

    erector = [(0.8, 14), (3.6, 14), (3.7, 0), (2.4, -5.5), (0.8, -6.5)]
    for outline in (erector, mirrored(erector)):
        ax.add_patch(Polygon(outline, closed=True, facecolor=MUSCLE, alpha=0.35, edgecolor=MUSCLE,
                             lw=1.2))
    gluteus = [(5.5, -3.5), (9, -6), (13, -9), (16.5, -12)]
    for border in (gluteus, mirrored(gluteus)):
        smooth_outline(ax, border, color=MUSCLE, lw=2.2, linestyle=(0, (4, 2)))

    ax.add_patch(Polygon([(-5.2, 0.5), (5.2, 0.5), (3.2, -7), (0, -11.5), (-3.2, -7)], closed=True,
                         facecolor=BONE, edgecolor=BONE_EDGE, lw=1.2, alpha=0.9))
    crest = [(PSIS_X, PSIS_Y), (6, 3), (10, 6.5), (15, 5.5)]
    for side in (crest, mirrored(crest)):
        smooth_outline(ax, side, color=BONE_EDGE, lw=1.6)

    for y in (11.5, 8.5, 5.5, 2.5):
        ax.add_patch(Ellipse((0, y), 1.6, 1.2, facecolor=BONE, edgecolor=BONE_EDGE, lw=1))
    ax.plot([0, 0], [-11.5, -18], color=SKIN_EDGE, lw=1.6)

    for x in (-PSIS_X, PSIS_X):
        ax.add_patch(Ellipse((x, PSIS_Y), 2.6, 1.9, facecolor=SKIN_EDGE, alpha=0.55,
                             edgecolor="none"))
        ax.plot(x, PSIS_Y, "o", color=BONE_EDGE, markersize=5, zorder=5)
    ax.plot([-PSIS_X, PSIS_X], [PSIS_Y, PSIS_Y], color=PALETTE["blue"], lw=1.4, linestyle="--")
    ax.plot(0, PSIS_Y, "s", color=PALETTE["blue"], markersize=5, zorder=5)

    labels = [
        ("dimple over a bony point\nat the back of the pelvis", (PSIS_X + 0.8, PSIS_Y),
         (19, 1.5), {}),
        ("line between the dimples:\nmost often level with S2", (0.3, PSIS_Y - 0.3),
         (19, -6.5), {"color": PALETTE["blue"]}),
        ("sacrum (base of the spine)", (1.5, -8), (19, -11), {}),
        ("buttock muscle\n(upper edge, dashed)", (15.6, -11.4), (19, -16), {}),
        ("back muscle\nbeside the spine", (-2.2, 7), (-19, 10), {"ha": "right"}),
        ("top of the pelvis", (-10, 6.4), (-19, 3), {"ha": "right"}),
        ("lower spine", (-0.8, 11.5), (-19, 15), {"ha": "right"}),
        ("top of the buttock cleft", (-0.2, -16), (-19, -16), {"ha": "right"}),
    ]
    key = []
    for number, (text, xy, xytext, style) in enumerate(labels, start=1):
        if phone:  # no room beside the drawing: a number there, the words in the key below
            label(ax, str(number), xy, xytext, **style)
            key.append(f"{number}  {text.replace(chr(10), ' ')}")
        else:
            label(ax, text, xy, xytext, **style)

    half_width = 22 if phone else 34
    ax.set_xlim(-half_width, half_width)
    ax.set_ylim(-22, 17)
    ax.set_aspect("equal")
    ax.axis("off")
    return key


def draw_tethered_skin(ax, fat_mm: float, tether_depth_mm: float, title: str,
                       tie: str = "tie holding\nthe skin down"):
    """A slice through skin, fat and bone at one bony point (PSIS); the dip follows the dimple
    model: the tie's depth times the share of it that shows. `tie` labels the tie."""
    x = np.linspace(-30, 30, 121)
    bone_top = -4 * (x / 30) ** 2
    # Drawn depth of the hollow: the tie's depth times the share that shows; skin stays above bone.
    dip = tether_depth_mm * visibility(tether_depth_mm, fat_mm)
    surface = np.maximum(fat_mm - dip * np.exp(-(x**2) / (2 * 4.0**2)), bone_top + 0.5)
    skin_at_tether = surface[len(x) // 2]

    ax.fill_between(x, -12, bone_top, color=BONE, edgecolor=BONE_EDGE, lw=1.2)
    ax.fill_between(x, bone_top, surface, color=FAT, edgecolor="none")
    ax.plot(x, surface, color=SKIN_EDGE, lw=3)
    ax.plot([0, 0], [0, skin_at_tether], color=PALETTE["vermillion"], lw=2.2)

    ax.text(-29, -8, "bone", fontsize=10, va="center")
    ax.text(-29, fat_mm / 2, "fat", fontsize=10, va="center")
    ax.text(-29, fat_mm + 2.5, "skin", fontsize=10, va="center", color=SKIN_EDGE)
    # Under a thin layer the tie is too short to label beside it: label it from the bone.
    tie_label_y = skin_at_tether / 2 - 2 if skin_at_tether > 8 else -7
    label(ax, tie, (0.3, skin_at_tether / 2), (8, tie_label_y),
          color=PALETTE["vermillion"])
    hollow = "visible dimple" if is_visible(tether_depth_mm, fat_mm) else "faint hollow"
    label(ax, hollow, (0, skin_at_tether + 0.3), (8, fat_mm + 5))
    ax.set_title(title, fontsize=10, loc="left", fontweight="normal")
    ax.set_xlim(-30, 30)
    ax.set_ylim(-12, 32)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax


def dimples_figure(phone: bool = False):
    """The lower back from behind above two tethered-skin slices, thin fat and thick fat."""
    fig = plt.figure(figsize=charts.size((8, 8.4), phone, 8.6))
    if phone:  # one screen: the drawing, its key, then the two cross-sections side by side
        grid = fig.add_gridspec(3, 2, height_ratios=[1.6, 0.8, 0.62])
        key = draw_lower_back(fig.add_subplot(grid[0, :]), phone)
        key_ax = fig.add_subplot(grid[1, :])
        key_ax.axis("off")
        key_ax.text(0, 1, "\n".join(key), va="top", fontsize=10, linespacing=1.4)
        thin, thick = fig.add_subplot(grid[2, 0]), fig.add_subplot(grid[2, 1])
    else:
        grid = fig.add_gridspec(2, 2, height_ratios=[1.7, 1])
        draw_lower_back(fig.add_subplot(grid[0, :]))
        thin, thick = fig.add_subplot(grid[1, 0]), fig.add_subplot(grid[1, 1])
    # On a phone each slice is half as wide: its title in two short lines.
    split, tie = ("\n", "tie") if phone else (" ", "tie holding\nthe skin down")
    draw_tethered_skin(thin, fat_mm=6, tether_depth_mm=10,
                       title=f"Thin fat (6 mm):{split}the hollow shows", tie=tie)
    draw_tethered_skin(thick, fat_mm=24, tether_depth_mm=10,
                       title=f"Thick fat (24 mm):{split}smoothed over", tie=tie)
    charts.figure_title(fig, "Back dimples sit over two bony points of the pelvis, where the skin "
                        "is tied down")
    charts.figure_note(fig, "Schematic, not to scale. Dimples over the bony points: Drerup and "
                       "Hierholzer 1987; their line level with S2 (the second bone of the sacrum): "
                       "McGaugh et al. 2007; muscle edges: the Kinesiopatia.it glossary. Bottom: "
                       "slices drawn with the dimple model below, for a tie 10 mm deep.")
    return fig, (
        "Schematic of the lower back from behind: the sacrum between the two hip bones, a dimple "
        "over each of two bony points at the back of the pelvis, a dashed line between the "
        "dimples level with the second bone of the sacrum, the back muscles beside the spine and "
        "the upper edge of the buttock muscle below; under it, two slices through skin tied down "
        "to bone, with a deep dimple under a thin fat layer and only a faint hollow under a thick "
        "one.")
