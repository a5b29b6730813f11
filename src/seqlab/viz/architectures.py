r"""Network architectures as diagrams: an MLP next to an RNN cell (chapter 3), and the five
ways of using a recurrent network (chapter 5), after Karpathy's figure.

:func:`draw_mlp_vs_rnn` shows why an MLP's parameters grow with ``T`` (one block of
first-layer weights per position) while an RNN reuses :math:`W_{xh}`, :math:`W_{hh}`
and :math:`W_{hy}` at every step. :func:`draw_modeling_tasks` draws each task unrolled
from left to right: input vectors at the bottom (red-orange), the RNN's hidden states
in the middle (green), outputs at the top (blue); an arrow up is a layer, an arrow to
the right the recurrence. Both are matplotlib patches, so the tests can count what was
drawn.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from seqlab._checks import check_bool
from seqlab.viz._checks import check_axes, check_diagram_steps
from seqlab.viz._style import (
    BLUE,
    DARK_GREY,
    GREEN,
    GREY,
    HIDDEN_FILL,
    INPUT_FILL,
    NODE_H,
    NODE_W,
    ORANGE,
    OUTPUT_FILL,
    RED,
    arrow,
    finish_diagram,
    node_box,
    tint,
)

__all__ = ["MODELING_TASKS", "draw_mlp_vs_rnn", "draw_modeling_tasks"]

_LAYER_ROW = 1.5  # vertical distance between the MLP's (and the cell's) layers


# Both panels share the vertical layout, so with equal widths per data unit they
# line up: x^(t), hidden and output rows at the same heights.
_PANEL_YLIM = (-NODE_H / 2 - 0.65, 2 * _LAYER_ROW + 0.3 + NODE_H / 2 + 0.1)


def _mlp_half_span(T: int) -> float:
    return max(T * 1.0, 3.4) / 2 + 0.2


def _draw_mlp_panel(ax: Axes, T: int) -> None:
    """Left panel: T inputs flattened into one input layer -> hidden layer -> output."""
    fontsize = 11 if T <= 6 else 8
    pitch = 1.0  # input boxes sit side by side: together they are ONE input vector
    width_in = 0.86
    row_w = T * pitch
    left = -row_w / 2
    y_in, y_hid, y_out = 0.0, _LAYER_ROW + 0.3, 2 * _LAYER_ROW + 0.3
    half_h = NODE_H / 2
    for t in range(1, T + 1):
        x = left + (t - 0.5) * pitch
        node_box(ax, x, y_in, f"$x^{{({t})}}$", INPUT_FILL, width=width_in, fontsize=fontsize)
        # Each position has its own block of the first layer's weights.
        arrow(ax, (x, y_in + half_h), (x, y_hid - half_h), color=ORANGE)
        if T <= 6 or t in (1, T):  # with many inputs, label the two ends only
            ax.text(x + 0.05, y_in + half_h + 0.3, f"$W_1^{{[{t}]}}$", ha="left",
                    va="center", fontsize=max(fontsize - 2, 8), color=RED)
    hidden_w = max(row_w - 0.1, 1.6)
    node_box(ax, 0.0, y_hid, "hidden layer", HIDDEN_FILL, width=hidden_w, fontsize=fontsize)
    node_box(ax, 0.0, y_out, "$\\hat{y}$", OUTPUT_FILL, fontsize=fontsize)
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
    y_in, y_hid, y_out = 0.0, _LAYER_ROW + 0.3, 2 * _LAYER_ROW + 0.3
    half_w, half_h = NODE_W / 2, NODE_H / 2
    node_box(ax, 0.0, y_in, "$x^{(t)}$", INPUT_FILL, fontsize=fontsize)
    node_box(ax, 0.0, y_hid, "$h^{(t)}$", HIDDEN_FILL, fontsize=fontsize)
    node_box(ax, 0.0, y_out, "$\\hat{y}^{(t)}$", OUTPUT_FILL, fontsize=fontsize)
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
    check_diagram_steps(T)
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


# The five modeling tasks (chapter 5).
#: The five panels, left to right: ``(title, example task of chapter 5, number of
#: time steps, steps that have an input, steps that have an output)``.
MODELING_TASKS: tuple[tuple[str, str, int, tuple[int, ...], tuple[int, ...]], ...] = (
    ("one to one", "phrase\n→ polarity", 1, (0,), (0,)),
    ("one to many", "bag of letters\n→ sorted letters", 3, (0,), (0, 1, 2)),
    ("many to one", "sentence\n→ sentiment", 3, (0, 1, 2), (2,)),
    ("many to many\n(encoder–decoder)", "string\n→ reversed string", 5, (0, 1, 2), (3, 4)),
    ("many to many\n(synced)", "sentence\n→ a tag per word", 3, (0, 1, 2), (0, 1, 2)),
)

_PITCH = 1.0  # horizontal distance between two time steps, in data units
_ROW = 1.05  # vertical distance between the input, state and output rows
_BOX_W, _BOX_H = 0.62, 0.5
_MARGIN = 0.35  # space on each side of a panel
_MIN_WIDTH = 2.0  # narrow panels get this width, so that their titles fit
_LEGEND_WIDTH = 1.0  # room for the row names left of the first panel
_NOTE_HEIGHT = 0.3  # inches under the panels for the note on feedback
_FEEDBACK_NOTE = ("dashed: the token written at one step is read at the next "
                  "(in training the true previous token: teacher forcing)")


_ROWS = ((RED, 0.0), (GREEN, _ROW), (BLUE, 2 * _ROW))  # input, state, output


def _box(ax: Axes, x: float, y: float, color: str, *, dashed: bool = False) -> None:
    ax.add_patch(FancyBboxPatch(
        (x - _BOX_W / 2, y - _BOX_H / 2), _BOX_W, _BOX_H,
        boxstyle="round,pad=0.02,rounding_size=0.06",
        facecolor=tint(color), edgecolor=color, linewidth=2.0,
        linestyle="--" if dashed else "-",
    ))


def _arrow(ax: Axes, start: tuple[float, float], end: tuple[float, float], *,
           color: str = "black", dashed: bool = False, connectionstyle: str = "arc3") -> None:
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=10,
                                 color=color, linewidth=1.1, shrinkA=1.5, shrinkB=1.5,
                                 linestyle="--" if dashed else "-",
                                 connectionstyle=connectionstyle))


def _panel_limits(steps: int, legend: bool, task: bool) -> tuple[tuple[float, float],
                                                                  tuple[float, float]]:
    """Data limits of a panel: its boxes, margins, the title above, the task below."""
    half_w, half_h = _BOX_W / 2, _BOX_H / 2
    width = (steps - 1) * _PITCH
    spare = max(0.0, _MIN_WIDTH - (width + _BOX_W)) / 2  # centre narrow panels
    left = -half_w - spare - (_LEGEND_WIDTH if legend else 0.0)
    xlim = (left - _MARGIN, width + half_w + spare + _MARGIN)
    ylim = (-half_h - (0.95 if task else 0.1), 2 * _ROW + half_h + 0.8)
    return xlim, ylim


def _draw_feedback(ax: Axes, inputs: Sequence[int], outputs: Sequence[int]) -> None:
    """The decoder's inputs: at every output step without an input of its own, the
    token of the step before (dashed, in the outputs' colour, with a dashed arrow from
    that output), or the start token ``<bos>`` (grey) where no output precedes it."""
    (_, y_in), (_, y_state), (out_color, y_out) = _ROWS
    half_w, half_h = _BOX_W / 2, _BOX_H / 2
    for t in outputs:
        if t in inputs:
            continue
        x = t * _PITCH
        if t - 1 in outputs:  # the token just written is read next
            _box(ax, x, y_in, out_color, dashed=True)
            _arrow(ax, (x - _PITCH + half_w, y_out - half_h), (x - half_w, y_in + half_h),
                   color=out_color, dashed=True, connectionstyle="arc3,rad=0.15")
        else:
            _box(ax, x, y_in, GREY, dashed=True)
            ax.text(x, y_in, "<bos>", ha="center", va="center", fontsize=5.5, color="black")
        _arrow(ax, (x, y_in + half_h), (x, y_state - half_h))


def _draw_panel(ax: Axes, title: str, task: str | None, steps: int,
                inputs: Sequence[int], outputs: Sequence[int], legend: bool) -> None:
    """One panel: ``steps`` hidden states, inputs and outputs at the given steps."""
    (in_color, y_in), (state_color, y_state), (out_color, y_out) = _ROWS
    half_w, half_h = _BOX_W / 2, _BOX_H / 2
    for t in range(steps):
        x = t * _PITCH
        _box(ax, x, y_state, state_color)
        if t > 0:  # the recurrence: h^(t-1) -> h^(t)
            _arrow(ax, (x - _PITCH + half_w, y_state), (x - half_w, y_state))
        if t in inputs:
            _box(ax, x, y_in, in_color)
            _arrow(ax, (x, y_in + half_h), (x, y_state - half_h))
        if t in outputs:
            _box(ax, x, y_out, out_color)
            _arrow(ax, (x, y_state + half_h), (x, y_out - half_h))
    centre = (steps - 1) * _PITCH / 2
    ax.text(centre, y_out + half_h + 0.15, title, ha="center", va="bottom", fontsize=10.5,
            linespacing=1.1)
    if task:
        ax.text(centre, y_in - half_h - 0.12, task, ha="center", va="top", fontsize=9.5,
                color=DARK_GREY, linespacing=1.15)
    if legend:  # name the rows once, left of the first panel, in their colours
        for (color, y), name in zip(_ROWS, ("input", "state", "output"), strict=True):
            ax.text(-half_w - 0.12, y, name, ha="right", va="center", fontsize=9.5,
                    color=color)
    xlim, ylim = _panel_limits(steps, legend, task is not None)
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal")
    ax.axis("off")


def draw_modeling_tasks(axes: Sequence[Axes] | None = None, tasks: bool = True, *,
                        feedback: bool = False) -> Figure:
    """Draw one-to-one, one-to-many, many-to-one and the two many-to-many modes.

    Five panels in the layout of Karpathy's figure (see :data:`MODELING_TASKS`):
    red-orange boxes are inputs, green boxes the RNN's hidden states, blue boxes
    outputs; arrows go up from an input to its state and from a state to its
    output, and to the right from each state to the next (the recurrence).

    What is drawn (the tests rely on it): in each panel one ``FancyBboxPatch`` per
    state, input and output, and one ``FancyArrowPatch`` per arrow, that is
    ``steps - 1 + len(inputs) + len(outputs)``.

    With ``feedback=True`` the decoders (one to many, and the decoder half of the
    encoder-decoder) also get their inputs, as :class:`~seqlab.models.RNNDecoder`
    reads them: at each output step after the first, the token written at the step
    before (a dashed box in the outputs' colour, with a dashed arrow from that
    output); at the encoder-decoder's first output step, the start token
    ``<bos>``. In training that input is the *true* previous token (teacher
    forcing); when generating, the model's own prediction. A note under the
    panels says so. This adds one dashed ``FancyBboxPatch`` and one arrow up per
    decoder input, and one dashed arrow per fed-back token.

    Args:
        axes: five Axes to draw into (default: a new 8-inch-wide figure).
        tasks: write this chapter's example task under each panel.
        feedback: draw the decoders' inputs and the feedback arrows.

    Returns:
        The figure that holds the five panels.

    Raises:
        TypeError: if ``axes`` is not a sequence of Axes, ``tasks`` or ``feedback``
            not a bool.
        ValueError: if ``axes`` does not hold five Axes.
    """
    check_bool(tasks, "tasks")
    check_bool(feedback, "feedback")
    axes = None if axes is None else check_axes(axes, len(MODELING_TASKS), "one per task")
    limits = [_panel_limits(steps, i == 0, tasks)
              for i, (_, _, steps, _, _) in enumerate(MODELING_TASKS)]
    if axes is None:
        # Width ratios equal to the panels' data widths give every panel the same scale.
        widths = [xlim[1] - xlim[0] for xlim, _ in limits]
        inches_per_unit = 7.9 / sum(widths)
        height = inches_per_unit * (limits[0][1][1] - limits[0][1][0]) + 0.1
        note = _NOTE_HEIGHT if feedback else 0.0  # inches under the panels for the note
        fig, axes = plt.subplots(1, len(MODELING_TASKS), figsize=(8.0, height + note),
                                 gridspec_kw={"width_ratios": widths, "wspace": 0.0,
                                              "left": 0.005, "right": 0.995,
                                              "bottom": 0.01 + note / (height + note),
                                              "top": 0.99})
    for i, (ax, (title, task, steps, inputs, outputs)) in enumerate(
            zip(axes, MODELING_TASKS, strict=True)):
        _draw_panel(ax, title, task if tasks else None, steps, inputs, outputs, legend=i == 0)
        if feedback:
            _draw_feedback(ax, inputs, outputs)
    if feedback:
        axes[0].figure.text(0.5, 0.01, _FEEDBACK_NOTE, ha="center", va="bottom", fontsize=9,
                            color=DARK_GREY)
    return axes[0].figure
