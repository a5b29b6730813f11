r"""Figures of a recurrent network at work (chapter 4).

:func:`plot_hidden_states` draws the hidden states of one sentence as a heatmap,
one column per time step; :func:`plot_gradient_norms` draws
:math:`\lVert \partial L / \partial h^{(t)} \rVert` against the distance from the
end of the sequence on a log scale; :func:`plot_runtime` draws measured run times
against the sequence length ``T``; :func:`plot_powers` is the one-number warm-up
for the eigenvalue argument: :math:`a^t` for a few numbers ``a`` on a log scale.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import torch
from matplotlib.axes import Axes
from matplotlib.patches import Rectangle

from seqlab._checks import (
    check_bool,
    check_int,
    check_mapping,
    check_numbers,
    check_str,
    check_tensor,
    check_time_steps,
)
from seqlab.viz._checks import check_count, check_states, check_time_step
from seqlab.viz._style import BLUE, GREEN, GREY, ORANGE, PURPLE, RED, new_axes

__all__ = ["plot_gradient_norms", "plot_hidden_states", "plot_powers", "plot_runtime"]

_PALETTE = (BLUE, ORANGE, GREEN, RED, PURPLE, GREY)


def _colours(count: int, cmap: str | None) -> list:
    """``count`` colours: the book's palette, or evenly spaced samples of a colormap."""
    if cmap is None:
        if count > len(_PALETTE):
            raise ValueError(f"the palette has {len(_PALETTE)} colours for {count} curves; "
                             "pass cmap")
        return list(_PALETTE[:count])
    check_str(cmap, "cmap")
    colormap = plt.get_cmap(cmap)
    # Stop at 0.85: the light end of sequential maps (viridis' yellow) is hard to see.
    return [colormap(0.85 * i / max(count - 1, 1)) for i in range(count)]


def plot_hidden_states(
    hidden: torch.Tensor,
    tokens: Sequence[str],
    ax: Axes | None = None,
    *,
    highlight: int | None = None,
    title: str | None = None,
    colorbar: bool = True,
) -> Axes:
    """Heatmap of the hidden states of one sequence: unit ``j`` (row) at step ``t`` (column).

    Args:
        hidden: ``(T, H)``, the state :math:`h^{(t)}` of every time step (row ``t - 1``).
        tokens: the ``T`` tokens read, written under their columns.
        ax: axes to draw into, or ``None`` for a new figure.
        highlight: a time step ``t`` in ``1..T`` to frame, or ``None``.
        title: an optional axes title.
        colorbar: add a colour bar beside the axes.

    Blue is positive, red negative; the colour scale is symmetric around 0 and
    spans ``[-1, 1]`` (the range of tanh) unless a value lies outside it.
    Returns the axes.
    """
    hidden, tokens = check_states(hidden, tokens, "hidden")
    steps, units = hidden.shape
    if highlight is not None:
        check_time_step(highlight, steps, "highlight")
    title = None if title is None else check_str(title, "title")
    ax = new_axes(ax, (max(3.5, 0.55 * steps + 1.5), max(2.0, 0.28 * units + 1.2)))
    values = hidden.T  # (H, T): one column per time step
    limit = max(1.0, float(values.abs().max()))
    # RdBu: blue for positive, red for negative values, as in the unrolling stepper.
    image = ax.imshow(values.numpy(), cmap="RdBu", vmin=-limit, vmax=limit, aspect="auto",
                      interpolation="nearest")
    ax.set_xticks(range(steps), [f"{token}\n{t}" for t, token in enumerate(tokens, 1)],
                  fontsize="small")
    ax.set_yticks(range(units), [str(j) for j in range(1, units + 1)], fontsize="small")
    ax.set_xlabel("token and time step $t$")
    ax.set_ylabel("hidden unit $j$")
    if highlight is not None:
        ax.add_patch(Rectangle((highlight - 1.5, -0.5), 1, units, fill=False,
                               edgecolor="black", linewidth=2))
    if title is not None:
        ax.set_title(title)
    if colorbar:
        ax.figure.colorbar(image, ax=ax, label="$h^{(t)}_j$", fraction=0.05, pad=0.02)
    return ax


def _check_curves(curves: object, name: str, *, allow_empty: bool) -> dict[str, torch.Tensor]:
    """``curves`` (label -> non-empty ``(T,)`` float tensor) as float64 tensors on the CPU."""
    curves = check_mapping(curves, name, "label -> tensor", keys="labels",
                           allow_empty=allow_empty)
    checked = {}
    for label, values in curves.items():
        values = check_tensor(values, f"{name}[{label!r}]", ndim=1, floating=True)
        checked[label] = check_time_steps(values, f"{name}[{label!r}]").detach().cpu().double()
    return checked


def _check_norms(norms_by_label: object, reference: object, reference_label: object,
                 legend: object) -> tuple[dict[str, torch.Tensor], dict[str, torch.Tensor]]:
    """The curves and the reference curves, whose labels must all be the curves' labels."""
    curves = _check_curves(norms_by_label, "norms_by_label", allow_empty=False)
    references = _check_curves({} if reference is None else reference, "reference",
                               allow_empty=True)
    unknown = sorted(set(references) - set(curves))
    if unknown:
        raise ValueError(f"reference has labels that norms_by_label lacks: {unknown}")
    check_str(reference_label, "reference_label")
    check_bool(legend, "legend")
    return curves, references


def plot_gradient_norms(
    norms_by_label: Mapping[str, torch.Tensor],
    ax: Axes | None = None,
    *,
    reference: Mapping[str, torch.Tensor] | None = None,
    reference_label: str = "theory",
    cmap: str | None = None,
    legend: bool = True,
) -> Axes:
    r"""Gradient norms against the distance from the end of the sequence, log y-axis.

    Args:
        norms_by_label: label -> ``(T,)`` tensor in time order, entry ``t - 1`` being
            :math:`\lVert \partial L / \partial h^{(t)} \rVert` (what
            :func:`seqlab.models.hidden_state_grad_norms` returns). It is drawn at
            distance ``T - t``, so the end of the sequence is at 0.
        ax: axes to draw into, or ``None`` for a new figure.
        reference: optional label -> ``(T,)`` curves (for example a theoretical
            :math:`\rho^{T-t}`), drawn dashed in the colour of the same label.
        reference_label: the legend text for the dashed curves.
        cmap: ``None`` for the book's palette (up to six curves), or the name of a
            matplotlib colormap for an ordered sweep (for example ``"viridis"``).
        legend: draw a legend inside the axes (``False`` to place one elsewhere,
            for example with ``fig.legend(*ax.get_legend_handles_labels())``).

    Zeros (a gradient that underflowed) cannot be shown on a log axis and are
    left out. Returns the axes.
    """
    curves, references = _check_norms(norms_by_label, reference, reference_label, legend)
    colours = dict(zip(curves, _colours(len(curves), cmap), strict=True))
    ax = new_axes(ax, (5.5, 3.5))
    for label, norms in curves.items():
        distance = torch.arange(norms.numel() - 1, -1, -1)  # T - t for t = 1..T
        shown = norms > 0
        ax.plot(distance[shown].numpy(), norms[shown].numpy(), color=colours[label],
                marker="o", ms=2.5, lw=1.5, label=label)
    for index, (label, values) in enumerate(references.items()):
        distance = torch.arange(values.numel() - 1, -1, -1)
        shown = values > 0
        ax.plot(distance[shown].numpy(), values[shown].numpy(), color=colours[label],
                linestyle="--", lw=1.2, label=reference_label if index == 0 else None)
    ax.set_yscale("log")
    ax.set_xlabel(r"distance from the end, $T - t$")
    ax.set_ylabel(r"$\Vert \partial L / \partial h^{(t)} \Vert$")
    ax.grid(True, which="major", alpha=0.3)
    if legend:
        ax.legend(frameon=False, fontsize="small")
    return ax


def _check_runtimes(lengths: object,
                    seconds_by_label: object) -> tuple[list[int], dict[str, list[float]]]:
    """The lengths ``T >= 1`` and, for every label, one time in seconds per length."""
    lengths = check_numbers(lengths, "lengths", integer=True, minimum=1)
    seconds_by_label = check_mapping(seconds_by_label, "seconds_by_label", "label -> times")
    for label, seconds in seconds_by_label.items():
        check_count(seconds, f"seconds_by_label[{label!r}]", "times, one per length",
                    exactly=len(lengths))
    return lengths, seconds_by_label


def plot_runtime(
    lengths: Sequence[int],
    seconds_by_label: Mapping[str, Sequence[float]],
    ax: Axes | None = None,
) -> Axes:
    """Measured run time (drawn in milliseconds) against the sequence length ``T``.

    Args:
        lengths: the sequence lengths ``T`` that were timed, increasing.
        seconds_by_label: label -> one time in seconds per length.
        ax: axes to draw into, or ``None`` for a new figure.

    Returns the axes.
    """
    lengths, seconds_by_label = _check_runtimes(lengths, seconds_by_label)
    colours = _colours(len(seconds_by_label), None)
    ax = new_axes(ax, (5.0, 3.2))
    for colour, (label, seconds) in zip(colours, seconds_by_label.items(), strict=True):
        ax.plot(lengths, [1e3 * s for s in seconds], color=colour, marker="o", ms=3,
                label=label)
    ax.set_xlabel("sequence length $T$")
    ax.set_ylabel("time per forward pass (ms)")
    ax.set_ylim(bottom=0)
    ax.grid(True, alpha=0.3)
    ax.legend(frameon=False, fontsize="small")
    return ax


def _check_powers(bases: object, steps: object) -> list[float]:
    """The bases (1 to 6 numbers, each > 0) and ``steps >= 1``."""
    bases = check_numbers(bases, "bases", positive=True)
    check_count(bases, "bases", "numbers", at_most=len(_PALETTE))
    check_int(steps, "steps", minimum=1)
    return bases


def plot_powers(
    bases: Sequence[float] = (0.9, 1.0, 1.1), steps: int = 50, ax: Axes | None = None
) -> Axes:
    r"""The one-number version of a product of ``T`` Jacobians: :math:`a^t` for ``t = 0..steps``.

    One line per base ``a`` on a log y-axis, its last value written at its end
    (``0.9 ** 50`` is about 0.005, ``1.1 ** 50`` about 117): a number below 1
    multiplied by itself vanishes exponentially, one above 1 explodes, and only
    exactly 1 stays put. The eigenvalues of :math:`W_{hh}` play the role of ``a``.

    Args:
        bases: the numbers ``a``, 1 to 6 of them, each ``> 0``.
        steps: the largest power ``t``.
        ax: axes to draw into, or ``None`` for a new figure.

    Returns the axes; line ``i`` is labelled ``f"a = {bases[i]:g}"``.
    """
    bases = _check_powers(bases, steps)
    ax = new_axes(ax, (4.8, 3.0))
    t = torch.arange(steps + 1, dtype=torch.float64)
    for colour, base in zip(_PALETTE, bases, strict=False):
        ax.plot(t.numpy(), (base ** t).numpy(), color=colour, lw=1.8, label=f"a = {base:g}")
        end, relation = base ** steps, "=" if base == 1 else "\\approx"
        ax.annotate(f"${base:g}^{{{steps}}} {relation} {end:.3g}$", (steps, end), xytext=(4, 0),
                    textcoords="offset points", ha="left", va="center", fontsize=9, color=colour)
    ax.set_yscale("log")
    ax.set_xlim(0, steps * 1.32)  # room for the labels at the right end
    ax.set_xticks([tick for tick in ax.get_xticks() if 0 <= tick <= steps])
    ax.set_xlabel("$t$ (multiplications)")
    ax.set_ylabel("$a^t$")
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(frameon=False, fontsize="small", loc="upper left")
    ax.set_title("One number multiplied by itself $t$ times", fontsize=10)
    return ax
