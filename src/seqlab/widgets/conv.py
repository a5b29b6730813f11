"""The convolution-window explorer: slide a window of width ``k`` along a sentence.

The update logic is plain Python, tested without a browser:
:func:`window_tokens` says which tokens the window at ``position`` covers and
:func:`render_window` draws the sentence and the output row as an HTML table;
:func:`conv_window_explorer` only wires them to core widgets (``Text``,
``IntSlider``, ``Dropdown``, ``HTML``), whose API is the same in ipywidgets 7.7 and 8.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from seqlab._checks import check_int, check_str, check_tokens
from seqlab.text import tokenize

__all__ = ["conv_window_explorer", "render_window", "window_tokens"]

_WINDOW_FILL, _WINDOW_EDGE = "#FBE3B0", "#E69F00"  # light and full orange (the book's palette)
_OUTPUT_FILL, _OUTPUT_EDGE = "#BBD7EE", "#0072B2"  # light and full blue
_MAX_KERNEL = 7  # the widest kernel the explorer offers


def window_tokens(tokens: Sequence[str], position: int, kernel_size: int) -> list[str]:
    """The tokens that the window of width ``kernel_size`` starting at ``position`` covers.

    Output ``t`` of a convolution without padding (stride 1) reads tokens
    ``t, ..., t + k - 1``, so ``position`` runs from 0 to ``T - k``.

    >>> window_tokens(["is", "not", "good"], 1, 2)
    ['not', 'good']

    Raises ``ValueError`` when the sentence is empty, the kernel is wider than the
    sentence, or the window would run past its end.
    """
    tokens = check_tokens(tokens)
    check_int(position, "position", minimum=0)
    check_int(kernel_size, "kernel_size", minimum=1)
    T = len(tokens)
    if T == 0:
        raise ValueError("tokens must contain at least one token")
    if kernel_size > T:
        raise ValueError(
            f"kernel_size={kernel_size} is wider than the sentence (T={T} tokens); no window fits"
        )
    if position + kernel_size > T:
        raise ValueError(
            f"position={position} puts the window of kernel_size={kernel_size} past the end of "
            f"the sentence (T={T}); position must be <= T - k = {T - kernel_size}"
        )
    return tokens[position : position + kernel_size]


def render_window(tokens: Sequence[str], position: int, kernel_size: int) -> str:
    """HTML: the sentence with the window highlighted, the output row below it, and a caption.

    The table has one column per token. The top row holds the tokens (those in the
    window in orange); the bottom row holds the ``T - k + 1`` outputs, output ``t``
    under the first token of its window, the current one in blue.
    Raises ``ValueError`` like :func:`window_tokens`.
    """
    window = window_tokens(tokens, position, kernel_size)
    tokens = list(tokens)
    T, k = len(tokens), kernel_size
    cell = "padding:3px 6px;text-align:center;border:1px solid #ccc"
    token_cells = []
    for t, token in enumerate(tokens):
        style = cell
        if position <= t < position + k:
            style += f";background:{_WINDOW_FILL};border:2px solid {_WINDOW_EDGE}"
        token_cells.append(f"<td style='{style}'>{html.escape(token)}</td>")
    output_cells = []
    for t in range(T):
        if t > T - k:  # no window starts here: the output is shorter than the sentence
            output_cells.append("<td style='border:none'></td>")
        elif t == position:
            output_cells.append(f"<td style='{cell};background:{_OUTPUT_FILL};"
                                f"border:2px solid {_OUTPUT_EDGE}'><b>y<sub>{t}</sub></b></td>")
        else:
            output_cells.append(f"<td style='{cell};color:#777'>y<sub>{t}</sub></td>")
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
    check_int(kernel_size, "kernel_size", minimum=1)
    if kernel_size > _MAX_KERNEL:
        raise ValueError(f"kernel_size must be <= {_MAX_KERNEL} in the explorer, got {kernel_size}")
    window_tokens(tokenize(sentence), position, kernel_size)  # refuse a bad start early
    text = widgets.Text(value=sentence, description="sentence", layout=widgets.Layout(width="95%"))
    kernel = widgets.Dropdown(options=list(range(1, _MAX_KERNEL + 1)), value=kernel_size,
                              description="width k")
    slider = widgets.IntSlider(value=position, min=0, max=len(tokenize(sentence)) - kernel_size,
                               description="position t")
    view = widgets.HTML()

    def update(_change=None) -> None:
        tokens = tokenize(text.value)
        slider.max = max(0, len(tokens) - kernel.value)  # ipywidgets clamps the value
        try:
            view.value = render_window(tokens, slider.value, kernel.value)
        except ValueError as error:
            view.value = f"<p><i>{html.escape(str(error))}</i></p>"

    for control in (text, kernel, slider):
        control.observe(update, names="value")
    update()
    return widgets.VBox([text, widgets.HBox([slider, kernel]), view])
