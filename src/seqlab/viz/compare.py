"""Figures of the head-to-head comparison (chapter 6).

:func:`plot_pair_accuracy` draws minimal-pair accuracy as grouped bars, one
group per model and one bar per family of pairs; :func:`plot_gap_comparison`
draws accuracy against ``gap`` in one panel per family with
:func:`seqlab.viz.plot_accuracy_by_gap`, and shades the gaps the models never
saw in training.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

from seqlab._checks import check_float, check_int_range, check_mapping
from seqlab.viz._checks import check_accuracies, check_axes
from seqlab.viz._style import BLUE, DARK_GREY, GREEN, GREY, ORANGE, new_axes
from seqlab.viz.conv import plot_accuracy_by_gap

__all__ = ["plot_gap_comparison", "plot_pair_accuracy"]

_FAMILY_COLOURS = (BLUE, ORANGE, GREEN)


def _check_families(results: object) -> tuple[dict[str, dict[str, float]], list[str]]:
    """The results and their families: the same ones (at most three) for every model."""
    results = check_accuracies(results)
    families = list(next(iter(results.values())))
    for name, by_family in results.items():
        if list(by_family) != families:
            raise ValueError(f"results[{name!r}] has families {list(by_family)}, but the first "
                             f"model has {families}; every model needs the same families")
    if len(families) > len(_FAMILY_COLOURS):
        raise ValueError(f"results may hold at most {len(_FAMILY_COLOURS)} families per model, "
                         f"got {len(families)}")
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


def plot_gap_comparison(
    results: Mapping[str, Mapping[str, Mapping[int, float]]],
    axes: Sequence[Axes] | None = None,
    *,
    trained_gaps: tuple[int, int] | None = None,
    chance: float = 0.5,
) -> list[Axes]:
    """Minimal-pair accuracy against ``gap``: one panel per family, one line per model.

    Args:
        results: family -> model name -> ``{gap: accuracy}`` (the output of
            :func:`seqlab.experiments.compare_by_gap`).
        axes: one axes per family (default: a new figure with the panels side by side).
        trained_gaps: ``(low, high)``, the gaps of the training data; gaps outside it
            are shaded and labelled "not in training". ``None`` shades nothing.
        chance: where to draw the dashed chance line.

    Each panel is drawn by :func:`seqlab.viz.plot_accuracy_by_gap` and titled with
    its family; only the first panel keeps the legend. Returns the list of axes.
    """
    results = check_mapping(results, "results", "family -> model -> {gap: accuracy}",
                            keys="family names")
    trained = None if trained_gaps is None else check_int_range(trained_gaps, "trained_gaps")
    axes = None if axes is None else check_axes(axes, len(results), "one per family")
    if axes is None:
        _, new = plt.subplots(1, len(results), figsize=(min(8.0, 4.0 * len(results)), 3.8),
                              layout="constrained", sharey=True, squeeze=False)
        axes = list(new[0])
    for i, (family, ax) in enumerate(zip(results, axes, strict=True)):
        plot_accuracy_by_gap(results[family], ax=ax, chance=chance)
        ax.set_title(f"{family} pairs")
        if i > 0:
            ax.get_legend().remove()
            ax.set_ylabel("")
        else:
            for text in ax.get_legend().get_texts():  # readable at the page's width
                text.set_fontsize(9)
        if trained is not None:
            all_gaps = sorted({g for by_gap in results[family].values() for g in by_gap})
            outside = [g for g in all_gaps if not trained[0] <= g <= trained[1]]
            for gap in outside:
                ax.axvspan(gap - 0.5, gap + 0.5, color=GREY, alpha=0.15, lw=0, zorder=0)
            if outside:
                ax.text(np.mean(outside), 1.045, "not in training", ha="center", va="center",
                        fontsize=8.5, color=DARK_GREY)
    return axes
