"""Figures for chapter 1: bags of words (or of n-grams) and the cost of n-grams."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.axes import Axes

from seqlab._checks import check_mapping
from seqlab.text import Vocabulary, bag_of_words, ngrams
from seqlab.viz._checks import check_sentences
from seqlab.viz._style import BLUE, ORANGE, new_axes

__all__ = ["plot_bag_of_words", "plot_ngram_vocabulary"]

_UNIT = {1: "words", 2: "bigrams", 3: "trigrams"}


def plot_bag_of_words(
    sentence_a: str, sentence_b: str, ax: Axes | None = None, *, n: int = 1
) -> Axes:
    """Side-by-side bars of the word (or n-gram) counts of two sentences.

    The x-axis lists the words of both sentences (in vocabulary order: by
    frequency, ties alphabetical); two identical bar patterns mean the two
    sentences have identical bag-of-words vectors.

    Args:
        sentence_a, sentence_b: the two sentences (each needs at least ``n`` words).
        ax: the axes to draw into (default: a new figure).
        n: count contiguous ``n``-grams instead of single words (``n=1``).
    """
    grams_a, grams_b = (ngrams(tokens, n) for tokens in check_sentences(sentence_a, sentence_b, n))
    vocab = Vocabulary([grams_a, grams_b])
    words = vocab.itos[2:]  # the two special entries are always zero here
    counts_a = bag_of_words(grams_a, vocab)[2:].numpy()
    counts_b = bag_of_words(grams_b, vocab)[2:].numpy()
    ax = new_axes(ax, (max(6.0, 0.55 * len(words) + 1.5), 3.4))
    x = np.arange(len(words))
    ax.bar(x - 0.2, counts_a, width=0.4, color=BLUE, label=f"A: {sentence_a}")
    ax.bar(x + 0.2, counts_b, width=0.4, color=ORANGE, label=f"B: {sentence_b}")
    ax.set_xticks(x, words, rotation=45, ha="right", rotation_mode="anchor")
    ax.set_xlim(-0.6, len(words) - 0.4)
    top = int(max(counts_a.max(), counts_b.max()))
    ax.set_ylabel("count")
    ax.set_yticks(range(top + 1))
    # Head room above the bars keeps the legend inside the axes (never cut off).
    ax.set_ylim(0, top * 1.75)
    ax.legend(loc="upper left", fontsize=8, frameon=False)
    unit = _UNIT.get(n, f"{n}-grams")
    ax.set_title(f"Bags of {unit} of two sentences" if n > 1
                 else "Bag-of-words vectors of two sentences")
    return ax


def plot_ngram_vocabulary(sizes: Mapping[int, int], ax: Axes | None = None) -> Axes:
    """Bar chart of vocabulary size against ``n`` for n-gram features.

    ``sizes`` maps ``n`` to the number of distinct n-grams (e.g. ``{1: 120, 2: 800}``).
    """
    sizes = check_mapping(sizes, "sizes", "from n to a vocabulary size")
    ns: Sequence[int] = sorted(sizes)
    ax = new_axes(ax, (4.5, 3.0))
    bars = ax.bar([str(n) for n in ns], [sizes[n] for n in ns], color=BLUE)
    ax.bar_label(bars, fmt="{:,.0f}", fontsize=8)
    ax.set_xlabel("n (words per feature)")
    ax.set_ylabel("distinct n-grams")
    ax.set_title("Vocabulary size grows with n")
    ax.margins(y=0.15)
    return ax
