"""Diagrams of chapters 3 and 4: an MLP next to an RNN cell, and the RNN unrolled in time.

Also :func:`plot_parameter_counts`, the chapter 3 chart that goes with the
MLP-vs-RNN diagram: how the number of parameters of each model grows with ``T``.

The diagrams are drawn with matplotlib patches (rounded boxes and arrows) in
data coordinates on axes whose frame is hidden, so they stay reproducible and
the tests can count what was drawn. Labels use the book's notation:
:math:`x^{(t)}`, :math:`h^{(t)}`, :math:`\\hat{y}^{(t)}`, :math:`W_{xh}`,
:math:`W_{hh}`, :math:`W_{hy}`.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch

from seqlab._checks import check_bool, check_choice, check_int, check_numbers
from seqlab.viz._checks import check_axes
from seqlab.viz._style import (
    BLUE,
    GREEN,
    GREY,
    LIGHT_BLUE,
    LIGHT_GREY,
    LIGHT_ORANGE,
    LIGHT_PURPLE,
    ORANGE,
    RED,
    arrow,
    finish_diagram,
    new_axes,
)

__all__ = ["draw_mlp_vs_rnn", "draw_unrolled_rnn", "plot_parameter_counts"]

_MAX_STEPS = 12  # the largest T the diagrams draw; more steps make the labels unreadable
_OUTPUTS = ("all", "last", "none")
_BOX_W, _BOX_H = 0.9, 0.6  # size of one node box, in data units
# Light fills (tints of the book's Okabe-Ito colours) keep black text readable.
_INPUT_FILL, _HIDDEN_FILL, _OUTPUT_FILL = LIGHT_ORANGE, LIGHT_BLUE, LIGHT_PURPLE
_STEP = 1.6  # horizontal distance between two time steps
_ROW = 1.5  # vertical distance between the input, hidden and output rows
_LOSS_ROW = 1.2  # height of the loss boxes above the outputs (backward=True)
_LOSS_FILL = LIGHT_GREY
_GRADIENT = RED  # the colour of everything backpropagation draws
_BACK_SHIFT = 0.22  # a backward arrow runs this far left of its forward arrow


def _check_steps(T: object) -> int:
    """``T`` must be an int in ``1..12``."""
    if check_int(T, "T", minimum=1) > _MAX_STEPS:
        raise ValueError(f"T must be <= {_MAX_STEPS} for a readable diagram, got T={T}")
    return T


def _box(ax: Axes, x: float, y: float, text: str, color: str, *, width: float = _BOX_W,
         height: float = _BOX_H, dashed: bool = False, fontsize: float = 11) -> FancyBboxPatch:
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
    half_w, half_h = _BOX_W / 2, _BOX_H / 2
    xlim = (-half_w - 0.15, T * _STEP + half_w + 0.35)
    top = y_out + _LOSS_ROW if backward else (y_out if outputs != "none" else y_hid)
    ylim = (y_in - half_h - 0.15, top + half_h + 0.15)
    ax = new_axes(ax, _diagram_size(xlim, ylim))
    # Up to T = 9 (the lecture's sentences) the boxes have room for 11 pt; the
    # W_hh label sits in the gap between two boxes, which narrows as T grows.
    fontsize = 11 if T <= 9 else 8
    label_size = fontsize - 1
    recurrent_label_size = label_size - 1 if 6 < T <= 9 else label_size

    _box(ax, 0.0, y_hid, "$h^{(0)}$", "white", dashed=True, fontsize=fontsize)
    for t in range(1, T + 1):
        x = t * _STEP
        _box(ax, x, y_in, f"$x^{{({t})}}$", _INPUT_FILL, fontsize=fontsize)
        _box(ax, x, y_hid, f"$h^{{({t})}}$", _HIDDEN_FILL, fontsize=fontsize)
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
            _box(ax, x, y_out, f"$\\hat{{y}}^{{({t})}}$", _OUTPUT_FILL, fontsize=fontsize)
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
    _check_steps(T)
    check_bool(labels, "labels")
    check_choice(outputs, "outputs", _OUTPUTS)
    if check_bool(backward, "backward") and outputs == "none":
        raise ValueError('backward=True needs a loss to differentiate: outputs must be "all" '
                         'or "last", got "none"')


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
    half_w, half_h = _BOX_W / 2, _BOX_H / 2
    for t in range(1, T + 1):
        x = t * _STEP
        if outputs == "all" or t == T:
            _box(ax, x, y_loss, "$L$" if outputs == "last" else f"$L^{{({t})}}$", _LOSS_FILL,
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


# Both panels share the vertical layout, so with equal widths per data unit they
# line up: x^(t), hidden and output rows at the same heights.
_PANEL_YLIM = (-_BOX_H / 2 - 0.65, 2 * _ROW + 0.3 + _BOX_H / 2 + 0.1)


def _mlp_half_span(T: int) -> float:
    return max(T * 1.0, 3.4) / 2 + 0.2


def _draw_mlp_panel(ax: Axes, T: int) -> None:
    """Left panel: T inputs flattened into one input layer -> hidden layer -> output."""
    fontsize = 11 if T <= 6 else 8
    pitch = 1.0  # input boxes sit side by side: together they are ONE input vector
    width_in = 0.86
    row_w = T * pitch
    left = -row_w / 2
    y_in, y_hid, y_out = 0.0, _ROW + 0.3, 2 * _ROW + 0.3
    half_h = _BOX_H / 2
    for t in range(1, T + 1):
        x = left + (t - 0.5) * pitch
        _box(ax, x, y_in, f"$x^{{({t})}}$", _INPUT_FILL, width=width_in, fontsize=fontsize)
        # Each position has its own block of the first layer's weights.
        arrow(ax, (x, y_in + half_h), (x, y_hid - half_h), color=ORANGE)
        if T <= 6 or t in (1, T):  # with many inputs, label the two ends only
            ax.text(x + 0.05, y_in + half_h + 0.3, f"$W_1^{{[{t}]}}$", ha="left",
                    va="center", fontsize=max(fontsize - 2, 8), color=RED)
    hidden_w = max(row_w - 0.1, 1.6)
    _box(ax, 0.0, y_hid, "hidden layer", _HIDDEN_FILL, width=hidden_w, fontsize=fontsize)
    _box(ax, 0.0, y_out, "$\\hat{y}$", _OUTPUT_FILL, fontsize=fontsize)
    arrow(ax, (0.0, y_hid + half_h), (0.0, y_out - half_h))
    ax.text(0.08, (y_hid + y_out) / 2, "$W_2$", ha="left", va="center", fontsize=fontsize)
    ax.text(0.0, y_in - half_h - 0.15,
            f"one input layer of $T \\cdot D$ values (here $T = {T}$)",
            ha="center", va="top", fontsize=9, color=GREY)
    half_span = _mlp_half_span(T)
    finish_diagram(ax, (-half_span, half_span), _PANEL_YLIM)
    ax.set_title("Multilayer perceptron (unit 4)", fontsize=11)


def _draw_rnn_panel(ax: Axes, half_span: float, fontsize: float) -> None:
    """Right panel: one RNN cell with a self-loop, x^(t) in, h^(t) out."""
    y_in, y_hid, y_out = 0.0, _ROW + 0.3, 2 * _ROW + 0.3
    half_w, half_h = _BOX_W / 2, _BOX_H / 2
    _box(ax, 0.0, y_in, "$x^{(t)}$", _INPUT_FILL, fontsize=fontsize)
    _box(ax, 0.0, y_hid, "$h^{(t)}$", _HIDDEN_FILL, fontsize=fontsize)
    _box(ax, 0.0, y_out, "$\\hat{y}^{(t)}$", _OUTPUT_FILL, fontsize=fontsize)
    arrow(ax, (0.0, y_in + half_h), (0.0, y_hid - half_h), color=BLUE)
    ax.text(0.08, (y_in + y_hid) / 2, "$W_{xh}$", ha="left", va="center", fontsize=fontsize)
    arrow(ax, (0.0, y_hid + half_h), (0.0, y_out - half_h))
    ax.text(0.08, (y_hid + y_out) / 2, "$W_{hy}$", ha="left", va="center", fontsize=fontsize)
    # The recurrence: h^(t-1) comes back in, through the same W_hh at every step.
    arrow(ax, (half_w, y_hid + 0.15), (half_w, y_hid - 0.15), color=GREEN,
           connectionstyle="arc,angleA=0,armA=28,angleB=0,armB=28,rad=8")
    # Offset in points, like the loop's arms, so the label clears the loop at any scale.
    ax.annotate("$W_{hh}$", (half_w, y_hid), xytext=(36, 0), textcoords="offset points",
                ha="left", va="center", fontsize=fontsize, color=GREEN)
    ax.text(0.0, y_in - half_h - 0.15, "the same weights at every\ntime step $t = 1, \\dots, T$",
            ha="center", va="top", fontsize=9, color=GREY)
    finish_diagram(ax, (-half_span, half_span + 0.4), _PANEL_YLIM)
    ax.set_title("Recurrent neural network", fontsize=11)


def draw_mlp_vs_rnn(T: int = 4, axes: Sequence[Axes] | None = None) -> Figure:
    """Draw the lecture's "RNNs vs MLPs" comparison as two panels.

    Left, a multilayer perceptron: the ``T`` input vectors :math:`x^{(1)}, \\dots,
    x^{(T)}` are flattened into one input layer, each position feeding the hidden
    layer through its own block :math:`W_1^{[t]}` of the first weight matrix, then
    :math:`W_2` maps the hidden layer to the output :math:`\\hat{y}`. Right, a
    recurrent cell: :math:`x^{(t)}` enters through :math:`W_{xh}`, the state
    :math:`h^{(t)}` feeds back into itself through :math:`W_{hh}` (the self-loop)
    and produces :math:`\\hat{y}^{(t)}` through :math:`W_{hy}`.

    What is drawn (the tests rely on it): the MLP panel has ``T + 2`` boxes
    (``FancyBboxPatch``) and ``T + 1`` arrows (``FancyArrowPatch``); the RNN panel
    has 3 boxes and 3 arrows, one of them the self-loop.

    Args:
        T: number of inputs of the MLP, ``1 <= T <= 12``.
        axes: two Axes ``(mlp_ax, rnn_ax)`` (a list, tuple or array) to draw into
            (default: a new 8-inch-wide figure with two panels).

    Returns:
        The figure that holds the two panels.

    Raises:
        TypeError: if ``T`` is not an int or ``axes`` is not a sequence of Axes.
        ValueError: if ``T`` is outside ``1..12`` or ``axes`` does not hold two Axes.
    """
    _check_steps(T)
    axes = None if axes is None else check_axes(axes, 2, "mlp_ax, rnn_ax")
    mlp_half = _mlp_half_span(T)
    # The RNN panel gets at least 45% of the MLP's width so its title fits for any T;
    # width ratios equal to the data spans give both panels the same scale.
    rnn_half = max(1.8, 0.45 * mlp_half)
    if axes is None:
        inches_per_unit = 7.6 / (2 * mlp_half + 2 * rnn_half + 0.4)
        height = min(3.6, inches_per_unit * (_PANEL_YLIM[1] - _PANEL_YLIM[0]) + 0.5)
        fig, axes = plt.subplots(1, 2, figsize=(8.0, height), layout="constrained",
                                 gridspec_kw={"width_ratios": [2 * mlp_half, 2 * rnn_half + 0.4]})
    mlp_ax, rnn_ax = axes
    _draw_mlp_panel(mlp_ax, T)
    _draw_rnn_panel(rnn_ax, rnn_half, fontsize=11 if T <= 6 else 9)
    return mlp_ax.figure


def _check_counts(Ts: object, mlp_counts: object,
                  rnn_counts: object) -> tuple[list[int], list[int], list[int]]:
    """Increasing lengths ``Ts >= 1`` and, for each model, one count ``>= 0`` per length."""
    Ts = check_numbers(Ts, "Ts", integer=True, minimum=0)
    mlp_counts = check_numbers(mlp_counts, "mlp_counts", integer=True, minimum=0)
    rnn_counts = check_numbers(rnn_counts, "rnn_counts", integer=True, minimum=0)
    for counts, name in ((mlp_counts, "mlp_counts"), (rnn_counts, "rnn_counts")):
        if len(counts) != len(Ts):
            raise ValueError(
                f"{name} must have one count per entry of Ts ({len(Ts)}), got {len(counts)}"
            )
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
