"""What the figure tests read off a drawn ``Axes``: the patches of one kind and the texts."""

from __future__ import annotations

from matplotlib.axes import Axes


def count_patches(ax: Axes, kind: type) -> int:
    """How many of ``ax``'s patches are instances of ``kind`` (boxes, arrows, ...)."""
    return sum(isinstance(patch, kind) for patch in ax.patches)


def texts_on(ax: Axes) -> list[str]:
    """The strings of every text drawn on ``ax``, in drawing order."""
    return [text.get_text() for text in ax.texts]
