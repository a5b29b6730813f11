"""Figures of chapter 7: a character-level RNN's training and its temperature.

* :func:`plot_char_losses`: training and validation loss per epoch, with
  horizontal baselines (chance level, a bigram model).
* :func:`plot_clipping`: the gradient norm of every step and the clipping threshold.
* :func:`plot_temperatures`: the next-character distribution at several temperatures.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import torch
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

from seqlab._checks import check_float, check_mapping, check_numbers
from seqlab.data.corpus import char_label
from seqlab.train import History
from seqlab.viz._checks import check_char_logits, check_history
from seqlab.viz._style import BLUE, GREEN, GREY, ORANGE, PURPLE, RED, new_axes

__all__ = ["plot_char_losses", "plot_clipping", "plot_temperatures"]

_BASELINE_COLOURS = (GREY, RED, PURPLE, GREEN)
_TEMPERATURE_COLOURS = (BLUE, ORANGE, RED, GREEN, PURPLE)


def _check_losses(history: object, baselines: object) -> dict[str, float]:
    """The checked baselines (label -> loss) of a history of at least one epoch."""
    if check_history(history).epochs == 0:
        raise ValueError("history must hold at least one epoch")
    baselines = check_mapping({} if baselines is None else baselines, "baselines",
                              "label -> loss", allow_empty=True)
    return {label: check_float(loss, f"baselines[{label!r}]") for label, loss in baselines.items()}


def _check_temperatures(logits: object, itos: object, temperatures: object,
                        top: object) -> tuple[torch.Tensor, list[float], int]:
    """The logits (float64), the temperatures (1 to 5, each > 0) and the number of bars."""
    logits, top = check_char_logits(logits, itos, top)
    temperatures = check_numbers(temperatures, "temperatures", positive=True)
    if len(temperatures) > len(_TEMPERATURE_COLOURS):
        raise ValueError(f"temperatures must hold 1 to {len(_TEMPERATURE_COLOURS)} values, "
                         f"got {len(temperatures)}")
    return logits, temperatures, top


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
