"""Figures of the head-to-head comparison (chapter 6).

:func:`plot_pair_accuracy` draws minimal-pair accuracy as grouped bars, one
group per model and one bar per family of pairs. (Accuracy against ``gap``, one
panel per family, is :func:`seqlab.viz.plot_gap_comparison`, with the other line
plots in :mod:`seqlab.viz.curves`.)
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from matplotlib.axes import Axes

from seqlab._checks import check_float
from seqlab.viz._checks import check_accuracies, check_count
from seqlab.viz._style import BLUE, GREEN, GREY, ORANGE, new_axes

__all__ = ["plot_pair_accuracy"]

_FAMILY_COLOURS = (BLUE, ORANGE, GREEN)


def _check_families(results: object) -> tuple[dict[str, dict[str, float]], list[str]]:
    """The results and their families: the same ones (at most three) for every model."""
    results = check_accuracies(results)
    families = list(next(iter(results.values())))
    for name, by_family in results.items():
        if list(by_family) != families:
            raise ValueError(f"results[{name!r}] has families {list(by_family)}, but the first "
                             f"model has {families}; every model needs the same families")
    check_count(families, "each model's results", "families", at_most=len(_FAMILY_COLOURS))
    return results, families


def plot_pair_accuracy(
    results: Mapping[str, Mapping[str, float]], ax: Axes | None = None, *, chance: float = 0.5
) -> Axes:
    """Grouped bars of minimal-pair accuracy: one group per model, one bar per family.

    Args:
        results: model name -> ``{family: accuracy}`` (e.g. from
            :func:`seqlab.experiments.accuracy_by_family`); every model must have the
            same families, at most three. Accuracies in ``[0, 1]``.
        ax: the axes to draw into (default: a new figure).
        chance: where to draw the dashed chance line (0.5 on minimal pairs).

    Each bar is labelled with its value (two decimals). Returns the axes.
    """
    results, families = _check_families(results)
    chance = check_float(chance, "chance")
    names = list(results)
    ax = new_axes(ax, (max(5.0, 1.2 * len(names) + 1.5), 3.4))
    x = np.arange(len(names))
    width = 0.8 / len(families)
    handles = []
    for i, (family, colour) in enumerate(zip(families, _FAMILY_COLOURS, strict=False)):
        offsets = x + (i - (len(families) - 1) / 2) * width
        bars = ax.bar(offsets, [results[name][family] for name in names], width=width * 0.95,
                      color=colour, label=family)
        ax.bar_label(bars, fmt="{:.2f}", fontsize=8.5, padding=1)
        handles.append(bars)
    line = ax.axhline(chance, color=GREY, linestyle="--", lw=1.2, label=f"chance ({chance:g})")
    ax.set_xticks(x, names)
    ax.set_ylabel("minimal-pair accuracy")
    ax.set_ylim(0, 1.3)  # room above the bars for their labels and the legend
    ax.set_yticks(np.linspace(0, 1, 6))
    # Families first, then the chance line (matplotlib would list the line first).
    ax.legend(handles=[*handles, line], frameon=False, fontsize=9, loc="upper left",
              ncols=len(families) + 1)
    return ax
