"""Figures for chapter 1: bags of words and the cost of n-grams."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.axes import Axes

from seqlab._checks import check_str
from seqlab.text import Vocabulary, bag_of_words, tokenize
from seqlab.viz._style import BLUE, ORANGE, new_axes

__all__ = ["plot_bag_of_words", "plot_ngram_vocabulary"]


def plot_bag_of_words(sentence_a: str, sentence_b: str, ax: Axes | None = None) -> Axes:
    """Side-by-side bars of the word counts of two sentences.

    The x-axis lists the words of both sentences (in vocabulary order: by
    frequency, ties alphabetical); two identical bar patterns mean the two
    sentences have identical bag-of-words vectors.
    """
    check_str(sentence_a, "sentence_a", allow_empty=False)
    check_str(sentence_b, "sentence_b", allow_empty=False)
    tokens_a, tokens_b = tokenize(sentence_a), tokenize(sentence_b)
    vocab = Vocabulary([tokens_a, tokens_b])
    words = vocab.itos[2:]  # the two special entries are always zero here
    counts_a = bag_of_words(tokens_a, vocab)[2:].numpy()
    counts_b = bag_of_words(tokens_b, vocab)[2:].numpy()
    ax = new_axes(ax, (max(6.0, 0.55 * len(words) + 1.5), 3.0))
    x = np.arange(len(words))
    ax.bar(x - 0.2, counts_a, width=0.4, color=BLUE, label=f"A: {sentence_a}")
    ax.bar(x + 0.2, counts_b, width=0.4, color=ORANGE, label=f"B: {sentence_b}")
    ax.set_xticks(x, words, rotation=45, ha="right")
    ax.set_ylabel("count")
    ax.set_yticks(range(int(max(counts_a.max(), counts_b.max())) + 1))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.35), fontsize=8, frameon=False)
    ax.set_title("Bag-of-words vectors of two sentences")
    return ax


def plot_ngram_vocabulary(sizes: Mapping[int, int], ax: Axes | None = None) -> Axes:
    """Bar chart of vocabulary size against ``n`` for n-gram features.

    ``sizes`` maps ``n`` to the number of distinct n-grams (e.g. ``{1: 120, 2: 800}``).
    """
    if not isinstance(sizes, Mapping) or not sizes:
        raise TypeError("sizes must be a non-empty mapping from n to a vocabulary size")
    ns: Sequence[int] = sorted(sizes)
    ax = new_axes(ax, (4.5, 3.0))
    bars = ax.bar([str(n) for n in ns], [sizes[n] for n in ns], color=BLUE)
    ax.bar_label(bars, fmt="{:,.0f}", fontsize=8)
    ax.set_xlabel("n (words per feature)")
    ax.set_ylabel("distinct n-grams")
    ax.set_title("Vocabulary size grows with n")
    ax.margins(y=0.15)
    return ax
