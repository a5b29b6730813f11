"""The parameter-count explorer of chapter 3: MLP vs RNN as ``T``, ``D`` and ``H`` change.

:func:`render_parameter_counts` (plain Python, tested) computes both counts with
:func:`~seqlab.models.mlp_parameter_count` and :func:`~seqlab.models.rnn_parameter_count`
and renders them as HTML; :func:`parameter_explorer` wires it to three sliders.
"""

from __future__ import annotations

from seqlab.models.classifiers import mlp_parameter_count, rnn_parameter_count
from seqlab.widgets._wiring import live_explorer, site_control

__all__ = ["parameter_explorer", "render_parameter_counts"]

# The website's explorer: a grid of T, D and H (96 views) in place of every integer.
_SITE_T = (1, 9, 20, 50, 100, 200)
_SITE_D = (4, 16, 64, 256)
_SITE_H = (8, 32, 64, 128)


def render_parameter_counts(T: int, D: int, H: int, V: int = 1000, C: int = 2) -> str:
    """HTML: the parameter counts of an MLP built for ``T`` tokens and of an RNN,
    for vocabulary ``V``, embedding ``D``, hidden size ``H`` and ``C`` classes."""
    mlp = mlp_parameter_count(V, T, D, H, C)
    rnn = rnn_parameter_count(V, D, H, C)
    ratio = mlp / rnn
    return (
        "<table style='font-size:95%'>"
        f"<tr><th style='text-align:left;padding-right:12px'>MLP (T={T})</th>"
        f"<td style='text-align:right'>{mlp:,}</td></tr>"
        f"<tr><th style='text-align:left;padding-right:12px'>RNN (any T)</th>"
        f"<td style='text-align:right'>{rnn:,}</td></tr></table>"
        f"<p>The MLP has <b>{ratio:.2f}&times;</b> the RNN's parameters; each extra position "
        f"adds D&middot;H = {D * H:,} to it and nothing to the RNN.</p>"
    )


def parameter_explorer(V: int = 1000, C: int = 2, T: int = 9, D: int = 16, H: int = 32):
    """Sliders for ``T``, ``D`` and ``H`` and a live table of both parameter counts.

    Core widgets only (the same API in ipywidgets 7.7 and 8).
    """
    import ipywidgets as widgets

    render_parameter_counts(T, D, H, V, C)  # validates the starting values: sliders clamp
    t_slider = widgets.IntSlider(value=T, min=1, max=200, description="T")
    d_slider = widgets.IntSlider(value=D, min=1, max=256, description="D")
    h_slider = widgets.IntSlider(value=H, min=1, max=256, description="H")
    site = [site_control("T", 0, _SITE_T), site_control("D", 1, _SITE_D),
            site_control("H", 2, _SITE_H)]
    return live_explorer(lambda t, d, h: render_parameter_counts(t, d, h, V, C),
                         [t_slider, d_slider, h_slider],
                         lambda table: [t_slider, d_slider, h_slider, table], site,
                         "params", "Parameter-count explorer: an MLP and an RNN as T, D "
                         "and H change", constants={"V": V, "C": C})
