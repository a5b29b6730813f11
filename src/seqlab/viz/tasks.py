"""The five modeling tasks of chapter 5 as one diagram, after Karpathy's figure.

Each panel is one way of using a recurrent network, unrolled in time from left
to right: input vectors at the bottom (red-orange), the RNN's hidden states in
the middle (green), outputs at the top (blue). An arrow up is a layer; an arrow to
the right is the recurrence, the same :math:`W_{hh}` at every step. The panels
are drawn with matplotlib patches, so the tests can count what was drawn.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from seqlab._checks import check_bool
from seqlab.viz._checks import check_axes
from seqlab.viz._style import BLUE, DARK_GREY, GREEN, GREY, RED, tint

__all__ = ["MODELING_TASKS", "draw_modeling_tasks"]

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
