"""The unrolling stepper: move a slider through time, see the hidden state ``h^(t)``.

The update logic, :func:`step_summary`, is a plain function from the states, the
tokens and a time step to an HTML snippet, tested without a browser;
:func:`unroll_stepper` only wires it to an ``IntSlider`` and an ``HTML`` widget
(core widgets whose API is the same in ipywidgets 7.7 and 8).
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import torch

from seqlab.viz._checks import check_states, check_time_step
from seqlab.viz._style import BLUE, FAINT_GREY, LIGHT_ORANGE, RED
from seqlab.widgets._wiring import live_explorer, site_control

__all__ = ["step_summary", "unroll_stepper"]

_POSITIVE, _NEGATIVE = BLUE, RED  # the colours of a positive and a negative h_j
_BAR_PX = 120  # width of a bar for the largest |h_j| of the whole sequence


def _check_step(hidden_states: object, tokens: object,
                t: object) -> tuple[torch.Tensor, list[str]]:
    """The ``(T, H)`` states and their ``T`` tokens, ``t`` being one of the ``T`` steps."""
    hidden_states, tokens = check_states(hidden_states, tokens, "hidden_states")
    check_time_step(t, len(tokens))
    return hidden_states, tokens


def step_summary(hidden_states: torch.Tensor, tokens: Sequence[str], t: int) -> str:
    """HTML for time step ``t``: the sentence read so far and the bars of ``h^(t)``.

    Args:
        hidden_states: ``(T, H)``, row ``t - 1`` is :math:`h^{(t)}` (for example the
            ``output`` of an unbatched :class:`~seqlab.models.ElmanRNN`).
        tokens: the ``T`` tokens the network read.
        t: the time step, ``1 <= t <= T`` (the book counts from 1).

    The snippet shows the sentence with the tokens already read in black, the
    current token highlighted and the future ones grey; then
    :math:`\\lVert h^{(t)} \\rVert` and how far the state moved,
    :math:`\\lVert h^{(t)} - h^{(t-1)} \\rVert` with :math:`h^{(0)} = 0`; then one
    bar per hidden unit, blue for positive and red-orange for negative values,
    scaled to the largest value of the whole sequence so that steps compare.

    Raises:
        ValueError: if ``t`` is outside ``1..T`` or the tokens do not match the states.
    """
    hidden_states, tokens = _check_step(hidden_states, tokens, t)
    steps = hidden_states.shape[0]
    state = hidden_states[t - 1]  # (H,)
    previous = hidden_states[t - 2] if t > 1 else torch.zeros_like(state)
    scale = max(float(hidden_states.abs().max()), 1e-12)

    words = []
    for position, token in enumerate(tokens, 1):
        text = html.escape(token)
        if position < t:
            words.append(text)
        elif position == t:
            words.append(f"<b style='background:{LIGHT_ORANGE};padding:0 3px'>{text}</b>")
        else:
            words.append(f"<span style='color:{FAINT_GREY}'>{text}</span>")
    rows = []
    for unit, value in enumerate(state.tolist(), 1):
        colour = _POSITIVE if value >= 0 else _NEGATIVE
        width = round(_BAR_PX * abs(value) / scale)
        rows.append(
            f"<tr><td style='padding:0 6px'>h<sub>{unit}</sub></td>"
            f"<td style='text-align:right;font-family:monospace'>{value:+.3f}</td>"
            f"<td style='padding-left:6px'><div style='width:{width}px;height:10px;"
            f"background:{colour}'></div></td></tr>"
        )
    change = float(torch.linalg.vector_norm(state - previous))
    return (
        f"<p>{' '.join(words)}</p>"
        f"<p>t = {t} of {steps}, after reading <b>{html.escape(tokens[t - 1])}</b>: "
        f"&#8214;h<sup>({t})</sup>&#8214; = {float(torch.linalg.vector_norm(state)):.3f}, "
        f"moved &#8214;h<sup>({t})</sup> &minus; h<sup>({t - 1})</sup>&#8214; = {change:.3f}</p>"
        f"<table style='border-collapse:collapse;font-size:90%'>{''.join(rows)}</table>"
    )


def unroll_stepper(hidden_states: torch.Tensor, tokens: Sequence[str], t: int = 1):
    """A slider over the time steps ``1..T`` and the live :func:`step_summary` of the chosen one.

    Returns a ``VBox`` of an ``IntSlider`` (description ``"t"``) and an ``HTML``
    widget; moving the slider recomputes the HTML.
    """
    import ipywidgets as widgets

    hidden_states, tokens = _check_step(hidden_states, tokens, t)  # a slider would clamp t
    slider = widgets.IntSlider(value=t, min=1, max=len(tokens), step=1, description="t",
                               continuous_update=True)
    site = [site_control("t", 0, range(1, len(tokens) + 1))]
    return live_explorer(lambda step: step_summary(hidden_states, tokens, step), [slider],
                         lambda view: [slider, view], site, "unroll",
                         "Unrolling stepper: the hidden state after each time step")
