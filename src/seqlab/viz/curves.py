"""Plots of results: learning curves, gradient norms, accuracy against the gap, parameters
against ``T``, next-character distributions.

* :func:`plot_history`: the per-epoch loss or accuracy of a :class:`~seqlab.train.History`.
* :func:`plot_char_losses`: a language model's loss per epoch with horizontal baselines
  (chance level, count models), chapter 7.
* :func:`plot_accuracy_by_gap`: minimal-pair accuracy against the distance ``gap``, one
  line per model (chapter 2); :func:`plot_gap_comparison`, one such panel per pair
  family (chapter 6).
* :func:`plot_parameter_counts`: an MLP's and an RNN's parameters against ``T`` (chapter 3).
* :func:`plot_clipping`: the gradient norm of every step and the clipping threshold
  (chapter 7).
* :func:`plot_temperatures`: the next-character distribution at several temperatures
  (chapter 7).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

from seqlab._checks import (
    check_choice,
    check_float,
    check_int_range,
    check_mapping,
    check_numbers,
)
from seqlab.data.batching import char_label
from seqlab.train import History
from seqlab.viz._checks import (
    check_accuracies,
    check_axes,
    check_char_logits,
    check_count,
    check_history,
)
from seqlab.viz._style import BLUE, DARK_GREY, GREEN, GREY, ORANGE, PURPLE, RED, new_axes

__all__ = [
    "plot_accuracy_by_gap",
    "plot_char_losses",
    "plot_clipping",
    "plot_gap_comparison",
    "plot_history",
    "plot_parameter_counts",
    "plot_temperatures",
]

_LINE_COLOURS = (BLUE, ORANGE, GREEN, RED, PURPLE)
_BASELINE_COLOURS = (GREY, RED, PURPLE, GREEN)
_TEMPERATURE_COLOURS = (BLUE, ORANGE, RED, GREEN, PURPLE)


def plot_history(history: History, metric: str = "loss", ax: Axes | None = None) -> Axes:
    """Plot the per-epoch ``"loss"`` or ``"accuracy"`` of training (and validation)."""
    check_history(history)
    check_choice(metric, "metric", ("loss", "accuracy"))
    ax = new_axes(ax, (4.5, 3.0))
    epochs = range(1, history.epochs + 1)
    ax.plot(epochs, getattr(history, f"train_{metric}"), color=BLUE, marker="o", ms=3,
            label="training")
    if getattr(history, f"val_{metric}"):
        ax.plot(epochs, getattr(history, f"val_{metric}"), color=ORANGE, marker="o", ms=3,
                label="validation")
    ax.set_xlabel("epoch")
    ax.set_ylabel(metric)
    ax.legend(frameon=False)
    return ax


def _check_losses(history: object, baselines: object) -> dict[str, float]:
    """The checked baselines (label -> loss) of a history of at least one epoch."""
    if check_history(history).epochs == 0:
        raise ValueError("history must hold at least one epoch")
    baselines = check_mapping({} if baselines is None else baselines, "baselines",
                              "label -> loss", allow_empty=True)
    return {label: check_float(loss, f"baselines[{label!r}]") for label, loss in baselines.items()}


def plot_char_losses(
    history: History, baselines: Mapping[str, float] | None = None, ax: Axes | None = None
) -> Axes:
    """Training and validation loss (nats per character) per epoch, with baselines.

    Args:
        history: a :class:`~seqlab.train.History` with ``train_loss`` (and
            optionally ``val_loss``), e.g. from :func:`~seqlab.models.train_char_rnn`.
        baselines: label -> loss, each drawn as a dashed horizontal line and
            labelled with its value, e.g. ``{"chance, ln V": 4.57, "bigram": 2.47}``.
        ax: axes to draw into; a new figure if ``None``.
    """
    baselines = _check_losses(history, baselines)
    ax = new_axes(ax, (6.5, 3.6))
    epochs = range(1, history.epochs + 1)
    ax.plot(epochs, history.train_loss, color=BLUE, marker="o", ms=3, label="RNN, training")
    if history.val_loss:
        ax.plot(epochs, history.val_loss, color=ORANGE, marker="o", ms=3,
                label="RNN, validation")
    for index, (label, value) in enumerate(baselines.items()):
        ax.axhline(value, color=_BASELINE_COLOURS[index % len(_BASELINE_COLOURS)],
                   linestyle="--", linewidth=1.2, label=f"{label} ({value:.2f})")
    ax.set_xlabel("epoch")
    ax.set_ylabel("cross-entropy (nats per character)")
    ax.set_xticks(list(epochs))
    ax.legend(frameon=False, fontsize=9)
    return ax


def plot_accuracy_by_gap(
    results: Mapping[str, Mapping[int, float]], ax: Axes | None = None, *, chance: float = 0.5
) -> Axes:
    """Minimal-pair accuracy against ``gap``, one line per model, with the chance level.

    Args:
        results: model name -> ``{gap: accuracy}`` (e.g. from
            :func:`seqlab.experiments.accuracy_by_gap`), accuracies in ``[0, 1]``.
        ax: the axes to draw into (default: a new figure).
        chance: where to draw the dashed chance line (0.5 on minimal pairs).
    """
    results = check_accuracies(results, gaps=True)
    check_count(results, "results", "models", at_most=len(_LINE_COLOURS))
    chance = check_float(chance, "chance")
    ax = new_axes(ax, (5.5, 3.4))
    all_gaps: set[int] = set()
    markers = ("o", "s", "^", "D", "v")
    for (name, by_gap), colour, marker in zip(results.items(), _LINE_COLOURS, markers,
                                             strict=False):
        gaps = sorted(by_gap)
        all_gaps.update(gaps)
        ax.plot(gaps, [by_gap[g] for g in gaps], color=colour, marker=marker, ms=5, lw=1.8,
                label=name)
    ax.axhline(chance, color=GREY, linestyle="--", lw=1.2, label=f"chance ({chance:g})")
    ax.set_xticks(sorted(all_gaps))
    ax.set_xlabel("gap (filler words in every slot)")
    ax.set_ylabel("minimal-pair accuracy")
    ax.set_ylim(-0.03, 1.08)
    ax.legend(frameon=False, fontsize=8, loc="lower left")
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


def _check_counts(Ts: object, mlp_counts: object,
                  rnn_counts: object) -> tuple[list[int], list[int], list[int]]:
    """Increasing lengths ``Ts >= 1`` and, for each model, one count ``>= 0`` per length."""
    Ts = check_numbers(Ts, "Ts", integer=True, minimum=0)
    mlp_counts = check_numbers(mlp_counts, "mlp_counts", integer=True, minimum=0)
    rnn_counts = check_numbers(rnn_counts, "rnn_counts", integer=True, minimum=0)
    for counts, name in ((mlp_counts, "mlp_counts"), (rnn_counts, "rnn_counts")):
        check_count(counts, name, "counts, one per entry of Ts", exactly=len(Ts))
    if Ts[0] < 1 or any(b <= a for a, b in zip(Ts[:-1], Ts[1:], strict=True)):
        raise ValueError(f"Ts must be increasing ints >= 1, got {Ts}")
    return Ts, mlp_counts, rnn_counts


def plot_parameter_counts(
    Ts: Sequence[int],
    mlp_counts: Sequence[int],
    rnn_counts: Sequence[int],
    ax: Axes | None = None,
) -> Axes:
    """Plot the number of parameters of an MLP and of an RNN against the length ``T``.

    Two lines with markers: the MLP's count (it grows with ``T`` because its first
    layer has one block of weights per position) and the RNN's (flat: the same
    weights serve every time step). The y-axis starts at 0 so the two are comparable.

    Args:
        Ts: the sequence lengths, increasing ints ``>= 1``.
        mlp_counts, rnn_counts: parameter counts, one per entry of ``Ts``.
        ax: the axes to draw into (default: a new figure).

    Returns:
        The axes drawn into; its two lines are labelled ``"MLP"`` and ``"RNN"``.

    Raises:
        TypeError: if an argument is not a sequence of ints.
        ValueError: if one is empty, the lengths differ, or ``Ts`` is not increasing
            and ``>= 1``.
    """
    Ts, mlp_counts, rnn_counts = _check_counts(Ts, mlp_counts, rnn_counts)
    ax = new_axes(ax, (5.5, 3.4))
    ax.plot(Ts, mlp_counts, color=ORANGE, marker="o", ms=4, label="MLP")
    ax.plot(Ts, rnn_counts, color=BLUE, marker="s", ms=4, label="RNN")
    ax.set_xlabel("$T$ (longest sentence the model reads)")
    ax.set_ylabel("parameters")
    ax.set_ylim(0, max(max(mlp_counts), max(rnn_counts)) * 1.1)
    ax.yaxis.set_major_formatter("{x:,.0f}")
    ax.legend(frameon=False, loc="upper left")
    ax.set_title("Parameters against sequence length")
    return ax


def _check_temperatures(logits: object, itos: object, temperatures: object,
                        top: object) -> tuple[torch.Tensor, list[float], int]:
    """The logits (float64), the temperatures (1 to 5, each > 0) and the number of bars."""
    logits, top = check_char_logits(logits, itos, top)
    temperatures = check_numbers(temperatures, "temperatures", positive=True)
    check_count(temperatures, "temperatures", "values", at_most=len(_TEMPERATURE_COLOURS))
    return logits, temperatures, top


def plot_clipping(grad_norms: Sequence[float], clip: float | None = None,
                  ax: Axes | None = None) -> Axes:
    """The gradient norm of every optimisation step (log scale), and the clip threshold.

    Steps above the threshold had their gradient rescaled to norm ``clip``.
    """
    norms = check_numbers(grad_norms, "grad_norms")
    clip = None if clip is None else check_float(clip, "clip", positive=True)
    ax = new_axes(ax, (6.5, 3.0))
    steps = range(1, len(norms) + 1)
    ax.plot(steps, norms, color=BLUE, linewidth=0.8, label="gradient norm before clipping")
    if clip is not None:
        clipped = [(step, norm) for step, norm in zip(steps, norms, strict=True) if norm > clip]
        ax.axhline(clip, color=RED, linestyle="--", linewidth=1.2, label=f"clip = {clip:g}")
        if clipped:
            ax.scatter(*zip(*clipped, strict=True), color=RED, s=12, zorder=3,
                       label=f"clipped ({len(clipped)} of {len(norms)} steps)")
    ax.set_yscale("log")
    # Ticks at 1, 2, 5 times powers of ten, written 0.5 rather than 5 x 10^-1.
    ax.yaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _position: f"{value:g}"))
    ax.yaxis.set_minor_formatter(NullFormatter())
    ax.set_xlabel("optimisation step")
    ax.set_ylabel("gradient norm")
    # Above the axes: the curve fills the whole width, so no corner is free.
    ax.legend(frameon=False, fontsize=9, ncol=3, loc="lower center", bbox_to_anchor=(0.5, 1.0))
    return ax


def plot_temperatures(
    logits: torch.Tensor,
    itos: Sequence[str],
    temperatures: Sequence[float] = (0.5, 1.0, 1.5),
    top: int = 10,
    prompt: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    r"""Grouped bars: the probability of the ``top`` likeliest next characters at each
    temperature, plus the total of all the others.

    The characters are ranked by their logits, which gives the same order at every
    temperature; :math:`p_i \propto \exp(z_i/\tau)` only moves probability mass between
    them. The legend gives each distribution's entropy in nats.

    Args:
        logits: ``(V,)`` next-character logits, e.g. from
            :func:`~seqlab.models.next_char_logits`.
        itos: the ``V`` characters, ``itos[i]`` for id ``i``.
        temperatures: up to five temperatures, each ``> 0``.
        top: how many characters get their own bar.
        prompt: if given, named in the title.
        ax: axes to draw into; a new figure if ``None``.
    """
    logits, temperatures, top = _check_temperatures(logits, itos, temperatures, top)
    order = torch.argsort(logits, descending=True, stable=True)[:top]
    labels = [char_label(itos[int(i)]) for i in order] + ["all\nothers"]
    ax = new_axes(ax, (7.5, 3.6))
    width = 0.8 / len(temperatures)
    for index, temperature in enumerate(temperatures):
        probabilities = torch.softmax(logits / temperature, dim=0)
        entropy = float(-(probabilities * probabilities.clamp_min(1e-300).log()).sum())
        heights = probabilities[order].tolist()
        heights.append(max(0.0, 1.0 - sum(heights)))
        offset = (index - (len(temperatures) - 1) / 2) * width
        ax.bar([x + offset for x in range(top + 1)], heights, width=width,
               color=_TEMPERATURE_COLOURS[index],
               label=f"\u03c4 = {temperature:g}  (entropy {entropy:.2f} nats)")
    ax.set_xticks(range(top + 1), labels)
    for tick in ax.get_xticklabels()[:-1]:  # single characters: "," and "." must show
        tick.set_fontsize(15)
        tick.set_fontfamily("monospace")
        tick.set_fontweight("bold")
    ax.set_ylabel("probability of the next character")
    ax.set_ylim(0, 1)
    if prompt is not None:
        ax.set_title(f"Next character after {prompt!r}", fontsize=11)
    ax.legend(frameon=False, fontsize=9)
    return ax
