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

from seqlab._checks import check_int, check_tensor, check_tokens

__all__ = ["step_summary", "unroll_stepper"]

_POSITIVE, _NEGATIVE = "#0072B2", "#D55E00"  # the book's blue and red-orange
_BAR_PX = 120  # width of a bar for the largest |h_j| of the whole sequence


def _check_states(hidden_states: object, tokens: object) -> tuple[torch.Tensor, list[str]]:
    hidden_states = check_tensor(hidden_states, "hidden_states", ndim=2, floating=True)
    tokens = check_tokens(tokens)
    if hidden_states.shape[0] == 0:
        raise ValueError("hidden_states must have at least one time step, got T=0")
    if len(tokens) != hidden_states.shape[0]:
        raise ValueError(
            f"tokens must have one token per row of hidden_states (T={hidden_states.shape[0]}), "
            f"got {len(tokens)}"
        )
    return hidden_states.detach().cpu(), tokens


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
    hidden_states, tokens = _check_states(hidden_states, tokens)
    check_int(t, "t")
    steps = hidden_states.shape[0]
    if not 1 <= t <= steps:
        raise ValueError(f"t must be a time step in 1..T={steps}, got t={t}")
    state = hidden_states[t - 1]  # (H,)
    previous = hidden_states[t - 2] if t > 1 else torch.zeros_like(state)
    scale = max(float(hidden_states.abs().max()), 1e-12)

    words = []
    for position, token in enumerate(tokens, 1):
        text = html.escape(token)
        if position < t:
            words.append(text)
        elif position == t:
            words.append(f"<b style='background:#FBE3B0;padding:0 3px'>{text}</b>")
        else:
            words.append(f"<span style='color:#999'>{text}</span>")
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

    hidden_states, tokens = _check_states(hidden_states, tokens)
    check_int(t, "t")
    steps = hidden_states.shape[0]
    if not 1 <= t <= steps:
        raise ValueError(f"t must be a time step in 1..T={steps}, got t={t}")
    slider = widgets.IntSlider(value=t, min=1, max=steps, step=1, description="t",
                               continuous_update=True)
    view = widgets.HTML()

    def update(_change=None) -> None:
        view.value = step_summary(hidden_states, tokens, slider.value)

    slider.observe(update, names="value")
    update()
    return widgets.VBox([slider, view])
