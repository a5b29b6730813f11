"""The convolution-window explorer: slide a window of width ``k`` along a sentence.

The update logic is plain Python, tested without a browser:
:func:`seqlab.viz.window_tokens` (shared with the figure of the same window) says
which tokens the window at ``position`` covers and :func:`render_window` draws the
sentence and the output row as an HTML table; :func:`conv_window_explorer` only
wires them to core widgets (``Text``, ``IntSlider``, ``Dropdown``, ``HTML``), whose
API is the same in ipywidgets 7.7 and 8.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from seqlab._checks import check_str
from seqlab.text import tokenize
from seqlab.viz._style import BLUE, LIGHT_BLUE, LIGHT_ORANGE, MUTED_GREY, ORANGE, RULE_GREY
from seqlab.viz.conv import window_tokens
from seqlab.widgets._wiring import SiteControl, live_explorer, site_control

__all__ = ["conv_window_explorer", "render_window"]

_MAX_KERNEL = 7  # the widest kernel the explorer offers
# The website's explorer: these sentences (and the starting one), widths 2..7 and
# positions 0..7, about 100 views; a window past the end shows the error message.
_SITE_SENTENCES = ("The movie my friend has seen is not good",
                   "the plot was good but the acting was bad")
_SITE_WIDTHS = range(2, _MAX_KERNEL + 1)
_SITE_POSITIONS = range(8)


def render_window(tokens: Sequence[str], position: int, kernel_size: int) -> str:
    """HTML: the sentence with the window highlighted, the output row below it, and a caption.

    The table has one column per token. The top row holds the tokens (those in the
    window in orange); the bottom row holds the ``T - k + 1`` outputs, output ``t``
    under the first token of its window, the current one in blue.
    Raises ``ValueError`` like :func:`seqlab.viz.window_tokens`.
    """
    window = window_tokens(tokens, position, kernel_size)
    tokens = list(tokens)
    T, k = len(tokens), kernel_size
    cell = f"padding:3px 6px;text-align:center;border:1px solid {RULE_GREY}"
    token_cells = []
    for t, token in enumerate(tokens):
        style = cell
        if position <= t < position + k:
            style += f";background:{LIGHT_ORANGE};border:2px solid {ORANGE}"
        token_cells.append(f"<td style='{style}'>{html.escape(token)}</td>")
    output_cells = []
    for t in range(T):
        if t > T - k:  # no window starts here: the output is shorter than the sentence
            output_cells.append("<td style='border:none'></td>")
        elif t == position:
            output_cells.append(f"<td style='{cell};background:{LIGHT_BLUE};"
                                f"border:2px solid {BLUE}'><b>y<sub>{t}</sub></b></td>")
        else:
            output_cells.append(f"<td style='{cell};color:{MUTED_GREY}'>y<sub>{t}</sub></td>")
    label = "style='padding:3px 8px;text-align:right;white-space:nowrap'"
    shown = html.escape(" ".join(window))
    return (
        "<table style='border-collapse:collapse;font-size:90%'>"
        f"<tr><th {label}>tokens (T = {T})</th>{''.join(token_cells)}</tr>"
        f"<tr><th {label}>outputs (T &minus; k + 1 = {T - k + 1})</th>"
        f"{''.join(output_cells)}</tr></table>"
        f"<p>Output y<sub>{position}</sub> is one dot product of the filter (width k = {k}) "
        f"with the embeddings of tokens {position}&ndash;{position + k - 1}: "
        f"<b>&ldquo;{shown}&rdquo;</b>.</p>"
    )


def conv_window_explorer(sentence: str | None = None, kernel_size: int = 2, position: int = 0):
    """A sentence box, a position slider and a kernel-width menu, with the window drawn live.

    Defaults to the lecture's negative sentence ("... is not good") and ``k = 2``.
    The position slider's maximum follows ``T - k``; a kernel wider than the
    sentence shows the error instead of a table.
    """
    import ipywidgets as widgets

    from seqlab.data import LECTURE_PAIR

    sentence = LECTURE_PAIR[1].text if sentence is None else check_str(sentence, "sentence")
    window_tokens(tokenize(sentence), position, kernel_size)  # a slider would clamp a bad start
    if kernel_size > _MAX_KERNEL:
        raise ValueError(f"kernel_size must be <= {_MAX_KERNEL} in the explorer, got {kernel_size}")
    text = widgets.Text(value=sentence, description="sentence", layout=widgets.Layout(width="95%"))
    kernel = widgets.Dropdown(options=list(range(1, _MAX_KERNEL + 1)), value=kernel_size,
                              description="width k")
    slider = widgets.IntSlider(value=position, min=0, max=len(tokenize(sentence)) - kernel_size,
                               description="position t")

    def fit_slider(_change=None) -> None:  # ipywidgets clamps the slider's value to its max
        slider.max = max(0, len(tokenize(text.value)) - kernel.value)

    for control in (text, kernel):  # observed first: the view then reads the clamped value
        control.observe(fit_slider, names="value")
    sentences = list(dict.fromkeys([sentence, *_SITE_SENTENCES]))[:len(_SITE_SENTENCES)]
    site = [SiteControl("sentence", (0,), tuple((text, (text,)) for text in sentences)),
            site_control("position t", 1, _SITE_POSITIONS),
            site_control("width k", 2, _SITE_WIDTHS)]
    return live_explorer(lambda sentence, position, k: render_window(tokenize(sentence),
                                                                     position, k),
                         [text, slider, kernel],
                         lambda view: [text, widgets.HBox([slider, kernel]), view],
                         site, "conv", "Convolution-window explorer: a window of width k "
                         "slides along a sentence")
