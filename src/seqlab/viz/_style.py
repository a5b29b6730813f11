"""Shared look of the book's figures: one palette, one helper for new axes."""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.axes import Axes

# Colour-blind-safe (Okabe-Ito) colours used consistently across chapters.
BLUE, ORANGE, GREEN, RED, PURPLE, GREY = (
    "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#7F7F7F",
)


def new_axes(ax: Axes | None, figsize: tuple[float, float]) -> Axes:
    """Return ``ax``, or the axes of a new figure of ``figsize`` inches."""
    if ax is not None:
        if not isinstance(ax, Axes):
            raise TypeError(f"ax must be a matplotlib Axes or None, got {type(ax).__name__}")
        return ax
    _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax
