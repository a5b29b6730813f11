"""Figures of chapter 7: a character-level RNN's training and its temperature.

(Its loss curves with baselines are :func:`seqlab.viz.plot_char_losses`, in
:mod:`seqlab.viz.curves`.)

* :func:`plot_clipping`: the gradient norm of every step and the clipping threshold.
* :func:`plot_temperatures`: the next-character distribution at several temperatures.
* :func:`draw_char_rnn`: Karpathy's "hello" diagram, the one-hot inputs, hidden
  states and output logits of every step, each step's target character marked.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
from matplotlib.axes import Axes
from matplotlib.patches import Rectangle
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

from seqlab._checks import (
    check_float,
    check_numbers,
    check_sequence,
    check_str,
    check_tensor,
)
from seqlab.data.batching import char_label
from seqlab.viz._checks import check_char_logits, check_count
from seqlab.viz._style import (
    BLUE,
    DARK_GREY,
    GREEN,
    ORANGE,
    PURPLE,
    RED,
    arrow,
    finish_diagram,
    new_axes,
    tint,
)

__all__ = ["draw_char_rnn", "plot_clipping", "plot_temperatures"]

_TEMPERATURE_COLOURS = (BLUE, ORANGE, RED, GREEN, PURPLE)


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


_MAX_CHARS = 8  # the largest T, V and H the diagram draws legibly
_CELL_W, _CELL_H = 0.9, 0.42  # one number's cell, in data units
_LAYER_GAP = 0.9  # vertical room for the arrows between two layers
_COLUMN = 2.1  # horizontal distance between two time steps


def _check_char_steps(text: object, itos: object, hidden: object,
                      logits: object) -> tuple[list[int], torch.Tensor, torch.Tensor]:
    """The ids of ``text`` (``T + 1`` characters, all in ``itos``, ``V <= 8``), the
    ``(T, H)`` hidden states (``H <= 8``) and the ``(T, V)`` logits, on the CPU."""
    text = check_str(text, "text")
    itos = check_sequence(itos, "itos", "a sequence of characters", item="character", of=str)
    unknown = sorted(set(text) - set(itos))
    if unknown:
        raise ValueError(f"text has characters that are not in itos: {unknown!r}")
    if not 2 <= len(text) <= _MAX_CHARS + 1:
        raise ValueError(f"text must hold 2 to {_MAX_CHARS + 1} characters, got {len(text)}")
    check_count(itos, "itos", "characters", at_most=_MAX_CHARS)
    steps = len(text) - 1
    hidden = check_tensor(hidden, "hidden", ndim=2, floating=True)
    if hidden.shape[0] != steps or not 1 <= hidden.shape[1] <= _MAX_CHARS:
        raise ValueError(f"hidden must have shape (T, H) = ({steps}, H) with 1 <= H <= "
                         f"{_MAX_CHARS}, got {tuple(hidden.shape)}")
    logits = check_tensor(logits, "logits", ndim=2, floating=True)
    if tuple(logits.shape) != (steps, len(itos)):
        raise ValueError(f"logits must have shape (T, V) = ({steps}, {len(itos)}), "
                         f"got {tuple(logits.shape)}")
    ids = [itos.index(char) for char in text]
    return ids, hidden.detach().cpu(), logits.detach().cpu()


def _draw_layer(ax: Axes, x: float, bottom: float, values: Sequence[float], color: str,
                *, marked: int | None = None, digits: int = 1) -> None:
    """A column of cells from ``bottom`` up, one number each (index 0 at the top); the
    ``marked`` cell outlined in green, its number bold."""
    for index, value in enumerate(values):
        y = bottom + (len(values) - 1 - index) * _CELL_H
        is_marked = index == marked
        ax.add_patch(Rectangle((x - _CELL_W / 2, y), _CELL_W, _CELL_H,
                               facecolor=tint(color, 0.25), edgecolor=GREEN if is_marked
                               else color, lw=2.4 if is_marked else 1.0, zorder=2 if is_marked
                               else 1))
        ax.text(x, y + _CELL_H / 2, f"{value:.{digits}f}", ha="center", va="center",
                fontsize=8.5, color=GREEN if is_marked else "black",
                fontweight="bold" if is_marked else "normal")


def draw_char_rnn(
    text: str,
    itos: Sequence[str],
    hidden: torch.Tensor,
    logits: torch.Tensor,
    ax: Axes | None = None,
) -> Axes:
    """Karpathy's "hello" diagram: a character RNN reading ``text[:-1]``, predicting ``text[1:]``.

    One column per time step ``t = 1..T``: at the bottom the input layer, the
    one-hot vector of ``text[t - 1]`` (red); above it the hidden state
    :math:`h^{(t)}` (green); at the top the output layer, the ``V`` logits
    (blue), where the cell of the target character ``text[t]`` (the one training
    wants high) is outlined in green. The rows of the input and output layers
    follow ``itos`` and are labelled with its characters. Arrows go up
    (:math:`W_{xh}`, :math:`W_{hy}`) and right from state to state
    (:math:`W_{hh}`), as in :func:`~seqlab.viz.draw_unrolled_rnn`.

    The function draws the numbers it is given; for the diagram of a real network,
    take them from a (tiny) :class:`~seqlab.models.CharRNN` with one-hot inputs
    (``embed_dim=None``): ``hidden, _ = model.rnn(one_hot)`` and
    ``logits = model.head(hidden)``.

    Args:
        text: the ``T + 1`` characters (e.g. ``"hello"``), ``1 <= T <= 8``.
        itos: the ``V <= 8`` characters, ``itos[i]`` for id ``i`` (e.g.
            :attr:`CharVocab.itos <seqlab.data.CharVocab>`), every character of
            ``text`` among them.
        hidden: ``(T, H)``, the hidden state of every step, ``H <= 8``.
        logits: ``(T, V)``, the output layer of every step.
        ax: the axes to draw into (default: a new figure).

    Returns the axes: ``T * (2V + H)`` ``Rectangle`` cells, one number in each,
    ``3T - 1`` arrows, the three weights named once (at the first step).
    """
    ids, hidden, logits = _check_char_steps(text, itos, hidden, logits)
    steps, units, V = hidden.shape[0], hidden.shape[1], len(itos)
    y_input = 0.0
    y_hidden = y_input + V * _CELL_H + _LAYER_GAP
    y_output = y_hidden + units * _CELL_H + _LAYER_GAP
    top = y_output + V * _CELL_H
    xlim = (-2.3, (steps - 1) * _COLUMN + _CELL_W / 2 + 0.3)
    ylim = (y_input - 0.75, top + 0.75)
    # Smaller than the other diagrams (0.55 in per unit): a column holds 2V + H numbers.
    ax = new_axes(ax, (0.55 * (xlim[1] - xlim[0]) + 0.2, 0.55 * (ylim[1] - ylim[0]) + 0.2))
    for t in range(steps):
        x = t * _COLUMN
        one_hot = [1.0 if i == ids[t] else 0.0 for i in range(V)]
        _draw_layer(ax, x, y_input, one_hot, RED, digits=0)
        _draw_layer(ax, x, y_hidden, hidden[t].tolist(), GREEN)
        _draw_layer(ax, x, y_output, logits[t].tolist(), BLUE, marked=ids[t + 1])
        ax.text(x, y_input - 0.15, repr(char_label(text[t])), ha="center", va="top",
                fontsize=10, fontfamily="monospace", fontweight="bold")
        ax.text(x, top + 0.15, repr(char_label(text[t + 1])), ha="center", va="bottom",
                fontsize=10, fontfamily="monospace", fontweight="bold", color=GREEN)
        arrow(ax, (x, y_hidden - _LAYER_GAP + 0.05), (x, y_hidden - 0.05))
        arrow(ax, (x, y_output - _LAYER_GAP + 0.05), (x, y_output - 0.05))
        if t > 0:  # the recurrence, from the previous state
            middle = y_hidden + units * _CELL_H / 2
            arrow(ax, (x - _COLUMN + _CELL_W / 2 + 0.05, middle), (x - _CELL_W / 2 - 0.05,
                                                                      middle), color=GREEN)
    # The same three weight matrices at every step: name them once, at the first.
    for y, name in ((y_hidden - _LAYER_GAP / 2, "$W_{xh}$"), (y_output - _LAYER_GAP / 2,
                                                              "$W_{hy}$")):
        ax.text(0.08, y, name, ha="left", va="center", fontsize=10)
    if steps > 1:
        ax.text(_COLUMN / 2, y_hidden + units * _CELL_H / 2 + 0.08, "$W_{hh}$", ha="center",
                va="bottom", fontsize=10, color=GREEN)
    _label_char_rnn(ax, itos, (y_input, y_hidden, y_output), units, top)
    finish_diagram(ax, xlim, ylim)
    return ax


def _label_char_rnn(ax: Axes, itos: Sequence[str], heights: tuple[float, float, float],
                    units: int, top: float) -> None:
    """Left of the first column: the layers' names, the characters of the one-hot and
    output rows, and the rows of characters read and predicted."""
    y_input, y_hidden, y_output = heights
    V = len(itos)
    left = -_CELL_W / 2 - 0.12
    for bottom in (y_input, y_output):
        for index, char in enumerate(itos):
            ax.text(left, bottom + (V - 0.5 - index) * _CELL_H, char_label(char), ha="right",
                    va="center", fontsize=9, fontfamily="monospace", color=DARK_GREY)
    layers = ((y_input, V, "input layer\n(one-hot)", RED), (y_hidden, units, "hidden layer",
              GREEN), (y_output, V, "output layer\n(logits)", BLUE))
    for bottom, rows, name, color in layers:
        ax.text(left - 0.35, bottom + rows * _CELL_H / 2, name, ha="right", va="center",
                fontsize=9, color=color)
    ax.text(left - 0.35, y_input - 0.35, "input chars", ha="right", va="center", fontsize=9)
    ax.text(left - 0.35, top + 0.35, "target chars", ha="right", va="center", fontsize=9,
            color=GREEN)
