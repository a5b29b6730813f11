"""Shared look of the book: one palette (figures and explorers alike), one helper for new axes."""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.axes import Axes

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


def new_axes(ax: Axes | None, figsize: tuple[float, float]) -> Axes:
    """Return ``ax``, or the axes of a new figure of ``figsize`` inches."""
    if ax is not None:
        if not isinstance(ax, Axes):
            raise TypeError(f"ax must be a matplotlib Axes or None, got {type(ax).__name__}")
        return ax
    _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax
