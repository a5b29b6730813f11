r"""RNNs drawn: the RNN unrolled in time (chapters 3 and 4), forward and, with
``backward=True``, backpropagation through time (:func:`draw_unrolled_rnn`); and
Karpathy's "hello" diagram (chapter 7, :func:`draw_char_rnn`), a character RNN
unrolled with the numbers of its one-hot inputs, hidden states and output logits,
each step's target character marked.

The diagram is drawn with matplotlib patches (rounded boxes and arrows) in data
coordinates on axes whose frame is hidden, so it stays reproducible and the tests
can count what was drawn. Labels use the book's notation: :math:`x^{(t)}`,
:math:`h^{(t)}`, :math:`\hat{y}^{(t)}`, :math:`W_{xh}`, :math:`W_{hh}`, :math:`W_{hy}`.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
from matplotlib.axes import Axes
from matplotlib.patches import Rectangle

from seqlab._checks import check_bool, check_choice, check_sequence, check_str, check_tensor
from seqlab.data.batching import char_label
from seqlab.viz._checks import check_count, check_diagram_steps
from seqlab.viz._style import (
    BLUE,
    DARK_GREY,
    GREEN,
    HIDDEN_FILL,
    INPUT_FILL,
    LIGHT_GREY,
    NODE_H,
    NODE_W,
    OUTPUT_FILL,
    RED,
    arrow,
    finish_diagram,
    new_axes,
    node_box,
    tint,
)

__all__ = ["draw_char_rnn", "draw_unrolled_rnn"]

_OUTPUTS = ("all", "last", "none")
_STEP = 1.6  # horizontal distance between two time steps
_ROW = 1.5  # vertical distance between the input, hidden and output rows
_LOSS_ROW = 1.2  # height of the loss boxes above the outputs (backward=True)
_LOSS_FILL = LIGHT_GREY
_GRADIENT = RED  # the colour of everything backpropagation draws
_BACK_SHIFT = 0.22  # a backward arrow runs this far left of its forward arrow


def _diagram_size(xlim: tuple[float, float], ylim: tuple[float, float]) -> tuple[float, float]:
    """Figure size in inches for equal-aspect data limits: at most 8 in wide."""
    span_x, span_y = xlim[1] - xlim[0], ylim[1] - ylim[0]
    inches_per_unit = min(0.8, 7.6 / span_x)
    return inches_per_unit * span_x + 0.2, inches_per_unit * span_y + 0.2


def draw_unrolled_rnn(
    T: int, ax: Axes | None = None, labels: bool = True, *, outputs: str = "all",
    backward: bool = False,
) -> Axes:
    """Draw an RNN unrolled over ``T`` time steps, with the same weights at every step.

    From bottom to top, each step ``t = 1..T`` has an input box :math:`x^{(t)}`,
    a hidden-state box :math:`h^{(t)}` and an output box :math:`\\hat{y}^{(t)}`.
    Arrows go :math:`x^{(t)} \\to h^{(t)}` (weight :math:`W_{xh}`),
    :math:`h^{(t-1)} \\to h^{(t)}` (:math:`W_{hh}`, starting from a dashed
    :math:`h^{(0)} = 0` box) and :math:`h^{(t)} \\to \\hat{y}^{(t)}` (:math:`W_{hy}`).
    Every step carries the *same* three labels because it uses the same three
    weight matrices.

    What is drawn (the tests rely on it): ``T + 1`` hidden boxes (including
    :math:`h^{(0)}`), ``T`` input boxes and one output box per drawn output, as
    ``FancyBboxPatch``; one ``FancyArrowPatch`` per arrow (``2T`` plus one per
    output); one text per box, plus one weight label per arrow when ``labels``.

    Args:
        T: number of time steps, ``1 <= T <= 12``.
        ax: the axes to draw into (default: a new figure sized to ``T``).
        labels: write :math:`W_{xh}`, :math:`W_{hh}`, :math:`W_{hy}` next to the arrows.
        outputs: ``"all"`` (an output at every step, many-to-many), ``"last"``
            (only :math:`\\hat{y}^{(T)}`, many-to-one, as in a classifier) or ``"none"``.
        backward: also draw backpropagation through time (see
            :func:`_draw_backward`): a loss above each drawn output and, in red, the
            gradients flowing back down from the loss and right to left along the
            hidden states. Needs an output (``outputs`` ``"all"`` or ``"last"``).

    Returns:
        The axes drawn into.

    Raises:
        TypeError: if ``T`` is not an int, ``labels`` or ``backward`` not a bool,
            ``outputs`` not a str or ``ax`` not an Axes.
        ValueError: if ``T`` is outside ``1..12``, ``outputs`` is not one of the three,
            or ``backward`` is asked for without outputs.
    """
    _check_unrolled(T, labels, outputs, backward)
    y_in, y_hid, y_out = 0.0, _ROW, 2 * _ROW
    half_w, half_h = NODE_W / 2, NODE_H / 2
    xlim = (-half_w - 0.15, T * _STEP + half_w + 0.35)
    top = y_out + _LOSS_ROW if backward else (y_out if outputs != "none" else y_hid)
    ylim = (y_in - half_h - 0.15, top + half_h + 0.15)
    ax = new_axes(ax, _diagram_size(xlim, ylim))
    # Up to T = 9 (the lecture's sentences) the boxes have room for 11 pt; the
    # W_hh label sits in the gap between two boxes, which narrows as T grows.
    fontsize = 11 if T <= 9 else 8
    label_size = fontsize - 1
    recurrent_label_size = label_size - 1 if 6 < T <= 9 else label_size

    node_box(ax, 0.0, y_hid, "$h^{(0)}$", "white", dashed=True, fontsize=fontsize)
    for t in range(1, T + 1):
        x = t * _STEP
        node_box(ax, x, y_in, f"$x^{{({t})}}$", INPUT_FILL, fontsize=fontsize)
        node_box(ax, x, y_hid, f"$h^{{({t})}}$", HIDDEN_FILL, fontsize=fontsize)
        # input -> hidden
        arrow(ax, (x, y_in + half_h), (x, y_hid - half_h))
        # previous hidden -> hidden: the recurrence, the same W_hh every time
        arrow(ax, (x - _STEP + half_w, y_hid), (x - half_w, y_hid), color=GREEN)
        if labels:
            ax.text(x + 0.06, (y_in + y_hid) / 2, "$W_{xh}$", ha="left", va="center",
                    fontsize=label_size)
            ax.text(x - _STEP / 2, y_hid + 0.12, "$W_{hh}$", ha="center", va="bottom",
                    fontsize=recurrent_label_size, color=GREEN)
        if outputs == "all" or (outputs == "last" and t == T):
            node_box(ax, x, y_out, f"$\\hat{{y}}^{{({t})}}$", OUTPUT_FILL, fontsize=fontsize)
            arrow(ax, (x, y_hid + half_h), (x, y_out - half_h))
            if labels:
                ax.text(x + 0.06, (y_hid + y_out) / 2, "$W_{hy}$", ha="left", va="center",
                        fontsize=label_size)
    if backward:
        _draw_backward(ax, T, outputs, labels, fontsize)
    finish_diagram(ax, xlim, ylim)
    return ax


def _check_unrolled(T: object, labels: object, outputs: object, backward: object) -> None:
    """``T`` in ``1..12``, ``labels`` and ``backward`` bools, ``outputs`` one of the three;
    ``backward`` needs a loss, so an output."""
    check_diagram_steps(T)
    check_bool(labels, "labels")
    check_choice(outputs, "outputs", _OUTPUTS)
    if check_bool(backward, "backward") and outputs == "none":
        raise ValueError('backward=True needs a loss: outputs must be "all" or "last", got "none"')


def _draw_backward(ax: Axes, T: int, outputs: str, labels: bool, fontsize: float) -> None:
    r"""Backpropagation through time on the unrolled graph, in red.

    A loss box above each drawn output (:math:`L` above :math:`\hat{y}^{(T)}` for
    ``"last"``, :math:`L^{(t)}` above every output for ``"all"``, whose sum is
    :math:`L`) with a forward arrow into it; red arrows back down from each loss
    to its output and from the output to its hidden state, left of the forward
    ones; and one red arrow from every :math:`h^{(t)}` back to :math:`h^{(t-1)}`,
    under the recurrence, labelled (with ``labels``; beyond ``T = 9`` only for
    ``t = 1`` and ``T``) with the gradient it carries back,
    :math:`\partial L / \partial h^{(t)}`.
    """
    y_hid, y_out = _ROW, 2 * _ROW
    y_loss = y_out + _LOSS_ROW
    half_w, half_h = NODE_W / 2, NODE_H / 2
    for t in range(1, T + 1):
        x = t * _STEP
        if outputs == "all" or t == T:
            node_box(ax, x, y_loss, "$L$" if outputs == "last" else f"$L^{{({t})}}$", _LOSS_FILL,
                 fontsize=fontsize)
            arrow(ax, (x, y_out + half_h), (x, y_loss - half_h))
            for bottom, top in ((y_out, y_loss), (y_hid, y_out)):  # down: L -> y-hat -> h
                arrow(ax, (x - _BACK_SHIFT, top - half_h), (x - _BACK_SHIFT, bottom + half_h),
                       color=_GRADIENT)
        # h^(t) -> h^(t-1): right to left, just under the forward W_hh arrow
        arrow(ax, (x - half_w, y_hid - 0.14), (x - _STEP + half_w, y_hid - 0.14),
               color=_GRADIENT)
        if labels and (T <= 9 or t in (1, T)):  # beyond 9 steps the gaps are too narrow
            # Up to 6 steps the label fits between two boxes; beyond, it hangs below them.
            ax.text(x - _STEP / 2, y_hid - (0.22 if T <= 6 else half_h + 0.03),
                    f"$\\partial L/\\partial h^{{({t})}}$", ha="center", va="top",
                    fontsize=fontsize - 2 if T <= 6 else max(fontsize - 3, 7), color=_GRADIENT)


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
