"""Shared look of the book: one palette (figures and explorers alike), one helper for new
axes, and the drawing primitives the diagrams share (a node box, an arrow, a light tint, a
finished frame)."""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.colors import to_hex, to_rgb
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from seqlab._checks import check_type

# Colour-blind-safe (Okabe-Ito) colours used consistently across chapters.
BLUE, ORANGE, GREEN, RED, PURPLE, GREY = (
    "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#7F7F7F",
)
# Light tints of them: fills that keep black text readable.
LIGHT_BLUE, LIGHT_ORANGE, LIGHT_PURPLE, LIGHT_GREY = "#BBD7EE", "#FBE3B0", "#F2D7E6", "#F2F2F2"
# Greys for text and lines: DARK_GREY keeps small text legible (darker than GREY),
# MUTED_GREY is secondary text, FAINT_GREY what is not read yet, RULE_GREY a cell border.
DARK_GREY, MUTED_GREY, FAINT_GREY, RULE_GREY = "#555555", "#777777", "#999999", "#CCCCCC"
# What an explorer marks as right and as wrong.
RIGHT, WRONG = GREEN, RED
# The network diagrams' node boxes: their size in data units, and fills by role.
NODE_W, NODE_H = 0.9, 0.6
INPUT_FILL, HIDDEN_FILL, OUTPUT_FILL = LIGHT_ORANGE, LIGHT_BLUE, LIGHT_PURPLE


def new_axes(ax: Axes | None, figsize: tuple[float, float]) -> Axes:
    """Return ``ax``, or the axes of a new figure of ``figsize`` inches."""
    if ax is not None:
        return check_type(ax, "ax", Axes, "a matplotlib Axes or None")
    _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def arrow(ax: Axes, start: tuple[float, float], end: tuple[float, float], *,
           color: str = "black", connectionstyle: str = "arc3") -> FancyArrowPatch:
    """An arrow from ``start`` to ``end`` (data coordinates)."""
    patch = FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=14,
                            color=color, linewidth=1.4, connectionstyle=connectionstyle,
                            shrinkA=0, shrinkB=0)
    ax.add_patch(patch)
    return patch


def node_box(ax: Axes, x: float, y: float, text: str, color: str, *, width: float = NODE_W,
             height: float = NODE_H, dashed: bool = False, fontsize: float = 11) -> FancyBboxPatch:
    """A rounded box centred at ``(x, y)`` with ``text`` in its middle."""
    patch = FancyBboxPatch(
        (x - width / 2, y - height / 2), width, height,
        boxstyle="round,pad=0.02,rounding_size=0.08",
        facecolor=color, edgecolor="black", linewidth=1.2, alpha=0.9,
        linestyle="--" if dashed else "-",
    )
    ax.add_patch(patch)
    ax.text(x, y, text, ha="center", va="center", fontsize=fontsize)
    return patch


def finish_diagram(ax: Axes, xlim: tuple[float, float], ylim: tuple[float, float]) -> None:
    """Fix the limits, keep the geometry undistorted, and hide the frame of a diagram."""
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal")
    ax.axis("off")


def tint(color: str, amount: float = 0.35) -> str:
    """``color`` mixed with white: light fills keep the diagram calm."""
    return to_hex(tuple(amount * c + (1 - amount) * 1.0 for c in to_rgb(color)))
