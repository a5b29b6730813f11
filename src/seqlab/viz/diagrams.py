r"""The RNN unrolled in time (chapters 3 and 4), forward and, with ``backward=True``,
backpropagation through time.

The diagram is drawn with matplotlib patches (rounded boxes and arrows) in data
coordinates on axes whose frame is hidden, so it stays reproducible and the tests
can count what was drawn. Labels use the book's notation: :math:`x^{(t)}`,
:math:`h^{(t)}`, :math:`\hat{y}^{(t)}`, :math:`W_{xh}`, :math:`W_{hh}`, :math:`W_{hy}`.
"""

from __future__ import annotations

from matplotlib.axes import Axes

from seqlab._checks import check_bool, check_choice
from seqlab.viz._checks import check_diagram_steps
from seqlab.viz._style import (
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
)

__all__ = ["draw_unrolled_rnn"]

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
