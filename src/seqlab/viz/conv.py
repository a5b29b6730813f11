"""Figures for chapter 2: a convolution window on a sentence and max-over-time pooling.

:func:`window_tokens` says which tokens the window at ``position`` covers (the
convolution-window explorer uses it too); :func:`plot_conv_window` draws the
sentence as a row of token boxes, the window of width ``k`` at one position, and the
output cell it produces; :func:`plot_embedding_conv` is the lecture's picture of the
same window, a ``D x k`` filter over the ``T x D`` embedding matrix;
:func:`plot_max_pooling` shows filters' responses at every window and the one value
max-over-time pooling keeps.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import torch
from matplotlib.axes import Axes
from matplotlib.patches import Polygon, Rectangle

from seqlab._checks import check_int, check_numbers, check_tokens
from seqlab.text import ngrams
from seqlab.viz._checks import check_count, check_matrix
from seqlab.viz._style import (
    BLUE,
    GREY,
    LIGHT_BLUE,
    LIGHT_GREY,
    LIGHT_ORANGE,
    ORANGE,
    new_axes,
)

__all__ = ["plot_conv_window", "plot_embedding_conv", "plot_max_pooling", "window_tokens"]

_MAX_TOKENS = 24  # more boxes than this would make the words unreadable
_MAX_DIMS = 16  # more embedding rows than this would make the matrix a blur


def _check_window(tokens: object, position: object, kernel_size: object) -> list[str]:
    """The tokens, if the window of width ``kernel_size`` at ``position`` fits in them."""
    tokens = check_tokens(tokens)
    check_int(position, "position", minimum=0)
    check_int(kernel_size, "kernel_size", minimum=1)
    T = len(tokens)
    if T == 0:
        raise ValueError("tokens must contain at least one token")
    if kernel_size > T:
        raise ValueError(f"kernel_size={kernel_size} is wider than the sentence (T={T} tokens)")
    if position + kernel_size > T:
        raise ValueError(f"position={position} puts the window past the end of the sentence "
                         f"(T={T}); position must be <= T - k = {T - kernel_size}")
    return tokens


def window_tokens(tokens: Sequence[str], position: int, kernel_size: int) -> list[str]:
    """The tokens that the window of width ``kernel_size`` starting at ``position`` covers.

    Output ``t`` of a convolution without padding (stride 1) reads tokens
    ``t, ..., t + k - 1``, so ``position`` runs from 0 to ``T - k``.

    >>> window_tokens(["is", "not", "good"], 1, 2)
    ['not', 'good']

    Raises ``ValueError`` when the sentence is empty, the kernel is wider than the
    sentence, or the window would run past its end.
    """
    tokens = _check_window(tokens, position, kernel_size)
    return tokens[position : position + kernel_size]


def _fitting_fontsize(unit_inches: float, characters: int) -> float:
    """The font size (pt) at which ``characters`` characters fill 85% of ``unit_inches``."""
    # A character of DejaVu Sans is about 0.55 em wide.
    return 0.85 * unit_inches * 72 / (0.55 * max(characters, 1))


def _draw_outputs(ax: Axes, n_out: int, position: int, k: int, values: list[float] | None,
                  y: float, box: tuple[float, float], fontsize: float) -> None:
    """The row of ``T - k + 1`` output cells at height ``y``, output ``t`` under the centre
    of window ``t``; the one the window at ``position`` produces is blue."""
    box_w, box_h = box
    offset = (k - 1) / 2  # output t sits under the centre of its window
    for t in range(n_out):
        current = t == position
        ax.add_patch(Rectangle((t + offset - box_w / 2, y - box_h / 2), box_w, box_h,
                               facecolor=LIGHT_BLUE if current else "white",
                               edgecolor=BLUE if current else GREY, lw=1.6 if current else 0.8))
        label = f"{values[t]:.1f}" if values is not None else f"$y_{{{t}}}$"
        ax.text(t + offset, y, label, ha="center", va="center", fontsize=fontsize,
                fontweight="bold" if current else "normal")


def _draw_funnel(ax: Axes, position: int, k: int, y_window: float, y_output: float,
                 box_w: float) -> None:
    """A funnel from the bottom ``y_window`` of the window down to the top ``y_output`` of
    the output cell it produces."""
    centre = position + (k - 1) / 2
    ax.add_patch(Polygon([(position - 0.5, y_window), (position + k - 0.5, y_window),
                          (centre + box_w / 2, y_output), (centre - box_w / 2, y_output)],
                         closed=True, facecolor=ORANGE, alpha=0.18, edgecolor="none"))


def _check_conv_window(tokens: object, position: object, kernel_size: object,
                       values: object) -> tuple[list[str], list[float] | None]:
    """The tokens (at most 24, the window fitting in them) and the ``T - k + 1`` values."""
    tokens = _check_window(tokens, position, kernel_size)
    check_count(tokens, "tokens", "tokens to stay readable", at_most=_MAX_TOKENS)
    n_out = len(tokens) - kernel_size + 1
    if values is not None and len(values := check_numbers(values, "values")) != n_out:
        raise ValueError(f"values must hold T - k + 1 = {n_out} numbers, got {len(values)}")
    return tokens, values


def plot_conv_window(
    tokens: Sequence[str],
    position: int,
    kernel_size: int,
    ax: Axes | None = None,
    *,
    values: Sequence[float] | None = None,
) -> Axes:
    """The sentence as token boxes, the window of width ``k`` at ``position``, its output.

    The top row holds the ``T`` tokens, with the window over tokens
    ``position .. position + k - 1`` in orange. The bottom row holds the
    ``T - k + 1`` outputs, each centred under its window; the one the window
    produces is blue and joined to the window by a funnel.

    Args:
        tokens: the sentence's tokens (``1 <= T <= 24``).
        position: the window's first token, ``0 .. T - k``.
        kernel_size: the window width ``k``.
        ax: the axes to draw into (default: a new figure).
        values: optional ``T - k + 1`` numbers (one filter's outputs) written into
            the output cells.
    """
    tokens, values = _check_conv_window(tokens, position, kernel_size, values)
    T, k = len(tokens), kernel_size
    n_out = T - k + 1
    longest = max(len(token) for token in tokens)
    # Inches per token box (the x-range spans T + 2.2 boxes), in the given axes or a new figure.
    if ax is not None:
        ax = new_axes(ax, (8.0, 2.1))  # checks its type; a given axes keeps its size
        unit = ax.figure.get_figwidth() * ax.get_position().width / (T + 2.2)
    else:
        width = min(8.0, 0.72 * T + 1.4)
        unit = 0.92 * width / (T + 2.2)
    # Long words in a long sentence do not fit side by side: then write them upright
    # in taller boxes instead of shrinking them below a readable size.
    upright = _fitting_fontsize(unit, longest) < 7.5
    if ax is None:
        ax = new_axes(None, (width, 2.9 if upright else 2.1))
    fontsize = 8.0 if upright else min(9.0, _fitting_fontsize(unit, longest))
    out_fontsize = float(np.clip(_fitting_fontsize(unit, 5), 6.0, 9.0))
    box_w, box_h, bottom = 0.9, 0.55, 0.0
    token_h = 1.25 if upright else box_h
    top = bottom + box_h / 2 + 0.7 + token_h / 2
    for t, token in enumerate(tokens):
        inside = position <= t < position + k
        ax.add_patch(Rectangle((t - box_w / 2, top - token_h / 2), box_w, token_h,
                               facecolor=LIGHT_ORANGE if inside else LIGHT_GREY,
                               edgecolor=ORANGE if inside else GREY, lw=1.6 if inside else 0.8))
        ax.text(t, top, token, ha="center", va="center", fontsize=fontsize,
                rotation=90 if upright else 0)
    # The window's outline, a little larger than its boxes.
    ax.add_patch(Rectangle((position - 0.5, top - token_h / 2 - 0.08), k, token_h + 0.16,
                           fill=False, edgecolor=ORANGE, lw=2.4))
    _draw_outputs(ax, n_out, position, k, values, bottom, (box_w, box_h), out_fontsize)
    _draw_funnel(ax, position, k, top - token_h / 2 - 0.08, bottom + box_h / 2, box_w)
    ax.text(-0.7, top, f"tokens\n(T = {T})", ha="right", va="center", fontsize=8)
    ax.text(-0.7, bottom, f"outputs\n(T-k+1 = {n_out})", ha="right", va="center", fontsize=8)
    ax.set_xlim(-2.6, T - 0.4)
    ax.set_ylim(bottom - 0.5, top + token_h / 2 + 0.17)
    ax.set_aspect("auto")
    ax.axis("off")
    ax.set_title(f"Window of width k = {k} at position t = {position} reads "
                 f"\u201c{' '.join(tokens[position:position + k])}\u201d", fontsize=10)
    return ax


def _check_embedding_conv(tokens: object, embeddings: object, position: object,
                          kernel_size: object,
                          values: object) -> tuple[list[str], np.ndarray, list[float] | None]:
    """The tokens and values as :func:`plot_conv_window` takes them, and the ``(T, D)``
    embeddings as an array, ``1 <= D <= 16``."""
    tokens, values = _check_conv_window(tokens, position, kernel_size, values)
    embeddings = check_matrix(embeddings, "embeddings", (len(tokens), None), f"(T, D) = "
                              f"({len(tokens)}, D)")
    check_count(embeddings.T, "embeddings", "dimensions D to stay readable", at_most=_MAX_DIMS)
    return tokens, embeddings, values


def plot_embedding_conv(
    tokens: Sequence[str],
    embeddings: torch.Tensor | np.ndarray,
    position: int,
    kernel_size: int,
    ax: Axes | None = None,
    *,
    values: Sequence[float] | None = None,
) -> Axes:
    """The lecture's 1D-CNN picture: a ``D x k`` filter sliding over the ``T x D`` embeddings.

    The embedding matrix is drawn with time along x, as ``nn.Conv1d`` reads it
    (``(D, T)``: one column per token, one row per embedding dimension, the token
    written above its column). The filter's window covers all ``D`` rows and ``k``
    columns, from ``position`` on, outlined in orange; it can slide only along
    time, which makes the convolution one-dimensional (a ``Conv2d`` with kernel
    ``(D, k)`` on the same matrix does the same thing). Under the matrix, the
    ``T - k + 1`` outputs of one filter, each under its window; the funnel joins
    the window to the output it produces.

    Args:
        tokens: the sentence's ``T`` tokens (``1 <= T <= 24``).
        embeddings: ``(T, D)`` (tensor or array), row ``t`` the vector of token ``t``
            (e.g. ``model.embedding(token_ids)[0]``), ``1 <= D <= 16``.
        position: the window's first token, ``0 .. T - k``.
        kernel_size: the window width ``k``.
        ax: the axes to draw into (default: a new figure).
        values: optional ``T - k + 1`` numbers (one filter's outputs) written into
            the output cells (default: :math:`y_0, y_1, \\dots`).

    Returns the axes: one image (the matrix), the window's ``Rectangle`` outline and
    ``T - k + 1`` output ``Rectangle`` cells, one ``Polygon`` funnel.
    """
    tokens, embeddings, values = _check_embedding_conv(tokens, embeddings, position,
                                                       kernel_size, values)
    (T, D), k = embeddings.shape, kernel_size
    width = min(8.0, 0.6 * T + 2.0)
    ax = new_axes(ax, (width, 0.2 * D + 2.2))
    # In data units a column is 1 wide and an embedding row 1 high (the output row too).
    unit = 0.9 * width / (T + 2.8)  # inches per column
    bottom, matrix_bottom = 0.0, 2.4
    matrix_top = matrix_bottom + D
    limit = max(float(np.abs(embeddings).max()), 1e-6)
    ax.imshow(embeddings.T, cmap="RdBu", vmin=-limit, vmax=limit, aspect="auto",
              interpolation="nearest", extent=(-0.5, T - 0.5, matrix_bottom, matrix_top))
    fontsize = min(9.0, _fitting_fontsize(unit, max(len(token) for token in tokens)))
    upright = fontsize < 6.5  # long words in a long sentence: write them upright
    for t, token in enumerate(tokens):
        ax.text(t, matrix_top + 0.3, token, ha="center", va="bottom",
                fontsize=8.0 if upright else fontsize, rotation=90 if upright else 0,
                fontweight="bold" if position <= t < position + k else "normal")
    ax.add_patch(Rectangle((position - 0.5, matrix_bottom - 0.1), k, D + 0.2, fill=False,
                           edgecolor=ORANGE, lw=2.6))
    out_fontsize = float(np.clip(_fitting_fontsize(unit, 5), 6.0, 9.0))
    _draw_outputs(ax, T - k + 1, position, k, values, bottom + 0.5, (0.9, 1.0), out_fontsize)
    _draw_funnel(ax, position, k, matrix_bottom - 0.1, bottom + 1.0, 0.9)
    ax.text(-0.7, (matrix_bottom + matrix_top) / 2, f"embedding\n(D = {D})", ha="right",
            va="center", fontsize=8)
    ax.text(-0.7, bottom + 0.5, f"outputs\n(T-k+1 = {T - k + 1})", ha="right", va="center",
            fontsize=8)
    ax.set_xlim(-2.8, T - 0.4)
    ax.set_ylim(bottom - 0.1, matrix_top + (3.5 if upright else 1.3))
    ax.axis("off")
    ax.set_title(f"A D \u00d7 k = {D} \u00d7 {k} filter slides along time; at t = {position} "
                 f"it reads \u201c{' '.join(tokens[position:position + k])}\u201d", fontsize=10)
    return ax


def _check_pooling(tokens: object, activations: object, kernel_size: object,
                   labels: object) -> tuple[list[str], np.ndarray, list[str]]:
    """The tokens, the ``(n_filters, T - k + 1)`` activations as an array, the row labels."""
    tokens = _check_window(tokens, 0, kernel_size)  # the kernel must fit the sentence
    n_out = len(tokens) - kernel_size + 1
    activations = check_matrix(activations, "activations", (None, n_out),
                               f"(n_filters, T - k + 1) = (n, {n_out})")
    n_rows = activations.shape[0]
    if labels is None:
        return tokens, activations, [f"filter {f}" for f in range(n_rows)]
    return tokens, activations, check_count(check_tokens(labels, "labels"), "labels",
                                            "names, one per row", exactly=n_rows)


def plot_max_pooling(
    tokens: Sequence[str],
    activations: torch.Tensor | np.ndarray,
    kernel_size: int,
    ax: Axes | None = None,
    *,
    labels: Sequence[str] | None = None,
) -> Axes:
    """Heatmap of filters' responses at every window, each row's maximum outlined.

    Args:
        tokens: the sentence's ``T`` tokens.
        activations: ``(n_filters, T - k + 1)``, row ``f`` holding filter ``f``'s
            output at every window (e.g. a slice of :meth:`TextCNN.feature_maps`).
        kernel_size: ``k``; the columns are labelled with the windows' ``k``-grams.
        ax: the axes to draw into (default: a new figure).
        labels: one name per row (default ``"filter 0"``, ``"filter 1"``, ...).

    The outlined cell of each row is the value max-over-time pooling keeps; it is
    also written at the right end of the row. Ties go to the first window.
    """
    tokens, activations, labels = _check_pooling(tokens, activations, kernel_size, labels)
    grams = ngrams(tokens, kernel_size)
    n_rows = activations.shape[0]
    ax = new_axes(ax, (min(8.0, 0.62 * len(grams) + 2.8), 0.5 * n_rows + 1.9))
    image = ax.imshow(activations, cmap="Oranges", aspect="auto",
                      vmin=0.0, vmax=max(float(activations.max()), 1e-6))
    for row in range(n_rows):
        best = int(np.argmax(activations[row]))
        ax.add_patch(Rectangle((best - 0.5, row - 0.5), 1, 1, fill=False, edgecolor=BLUE, lw=2.5))
        ax.text(len(grams) - 0.3, row, f" max = {activations[row, best]:.1f}", va="center",
                ha="left", fontsize=8, color=BLUE)
    ax.set_xticks(range(len(grams)), grams, rotation=45, ha="right", rotation_mode="anchor",
                  fontsize=8)
    ax.set_yticks(range(n_rows), labels, fontsize=8)
    ax.set_xlabel(f"window ({kernel_size}-gram)")
    ax.figure.colorbar(image, ax=ax, label="ReLU activation", pad=0.1, shrink=0.9)
    ax.set_title("Each filter at every window; max-over-time keeps the outlined value",
                 fontsize=10)
    return ax
