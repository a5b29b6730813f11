"""The Bag-of-Words explorer: type two sentences, see their vectors.

The update logic (:func:`compare_bags`, :func:`render_comparison`) is plain
Python, tested without a browser; :func:`bow_explorer` only wires it to widgets.
A drop-down switches from single words to bags of bigrams or trigrams, the
first repair of the lost word order.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from seqlab._checks import check_type
from seqlab.text import Vocabulary, bag_of_words, ngrams
from seqlab.viz._checks import check_sentences
from seqlab.viz._style import GREEN, RED
from seqlab.widgets._wiring import SiteControl, live_explorer

__all__ = ["PRESET_PAIRS", "BowComparison", "bow_explorer", "compare_bags", "render_comparison"]

# The sentence pairs the website's explorer offers in place of the two text boxes.
PRESET_PAIRS = (
    ("The movie my friend has not seen is good", "The movie my friend has seen is not good"),
    ("movie friend not seen good", "movie friend seen not good"),  # stop words removed
    ("the dog bit the man", "the man bit the dog"),
    ("the plot was good but the acting was bad", "the plot was bad but the acting was good"),
    ("The movie is good", "The movie is not good"),
)

_UNIT = {1: "words", 2: "bigrams", 3: "trigrams"}


def _unit(n: int) -> str:
    return _UNIT.get(n, f"{n}-grams")


@dataclass(frozen=True)
class BowComparison:
    """The bag-of-words (``n=1``) or bag-of-n-grams vectors of two sentences
    over their joint vocabulary; ``words`` holds the n-grams when ``n > 1``."""

    words: tuple[str, ...]
    counts_a: tuple[int, ...]
    counts_b: tuple[int, ...]
    n: int = 1

    @property
    def identical(self) -> bool:
        """True when the two sentences have the same bag of words (of n-grams)."""
        return self.counts_a == self.counts_b


def compare_bags(sentence_a: str, sentence_b: str, n: int = 1) -> BowComparison:
    """Bag-of-words vectors of two sentences over the words they contain.

    With ``n > 1`` the bags count contiguous n-grams (see :func:`seqlab.text.ngrams`)
    instead of single words.

    Raises ``ValueError`` when a sentence contains no word at all, or fewer than
    ``n`` words.
    """
    tokens_a, tokens_b = check_sentences(sentence_a, sentence_b, n)
    grams_a, grams_b = ngrams(tokens_a, n), ngrams(tokens_b, n)
    vocab = Vocabulary([grams_a, grams_b])
    # Drop <pad> and <unk>: every n-gram here is in the joint vocabulary.
    counts_a = tuple(int(c) for c in bag_of_words(grams_a, vocab)[2:])
    counts_b = tuple(int(c) for c in bag_of_words(grams_b, vocab)[2:])
    return BowComparison(tuple(vocab.itos[2:]), counts_a, counts_b, n)


def render_comparison(comparison: BowComparison) -> str:
    """An HTML table of the two vectors and a verdict line."""
    check_type(comparison, "comparison", BowComparison, "a BowComparison")
    head = "".join(f"<th style='padding:2px 6px'>{html.escape(w)}</th>"
                   for w in comparison.words)

    def row(name: str, counts: tuple[int, ...]) -> str:
        cells = "".join(f"<td style='text-align:center'>{c}</td>" for c in counts)
        return f"<tr><th style='padding:2px 6px'>{name}</th>{cells}</tr>"

    if comparison.n == 1:
        verdict = (f"<b style='color:{RED}'>identical vectors</b>: a bag-of-words model "
                   "cannot tell these sentences apart" if comparison.identical else
                   f"<b style='color:{GREEN}'>different vectors</b>")
    else:
        unit = _unit(comparison.n)
        verdict = (f"<b style='color:{RED}'>identical bags of {unit}</b>: a model on "
                   f"these counts cannot tell these sentences apart" if comparison.identical
                   else f"<b style='color:{GREEN}'>different bags of {unit}</b>")
    return (f"<table style='border-collapse:collapse;font-size:90%'><tr><th></th>{head}</tr>"
            f"{row('A', comparison.counts_a)}{row('B', comparison.counts_b)}</table>"
            f"<p>{verdict}</p>")


def bow_explorer(sentence_a: str | None = None, sentence_b: str | None = None, n: int = 1):
    """Two text boxes, an n-gram choice and a live table of the two bags.

    Uses only core widgets whose API is the same in ipywidgets 7.7 and 8.
    Defaults to the lecture's two sentences and single words (``n=1``). Starting
    sentences that :func:`compare_bags` rejects raise; a sentence typed later that it
    rejects is shown as a message instead of the table. On the website a menu of
    :data:`PRESET_PAIRS` (and the starting pair) takes the place of the text boxes.
    """
    import ipywidgets as widgets

    from seqlab.data import LECTURE_PAIR

    sentence_a = LECTURE_PAIR[0].text if sentence_a is None else sentence_a
    sentence_b = LECTURE_PAIR[1].text if sentence_b is None else sentence_b
    check_sentences(sentence_a, sentence_b, n)  # the text boxes need str, the menu 1..3
    if n > 3:
        raise ValueError(f"n must be 1, 2 or 3 in the explorer, got {n}")
    box_a = widgets.Text(value=sentence_a, description="A", layout=widgets.Layout(width="95%"))
    box_b = widgets.Text(value=sentence_b, description="B", layout=widgets.Layout(width="95%"))
    units = [(f"{_unit(k)} (n = {k})", k) for k in (1, 2, 3)]
    unit = widgets.Dropdown(options=units, value=n, description="count")
    pairs = list(dict.fromkeys([(sentence_a, sentence_b), *PRESET_PAIRS]))[:len(PRESET_PAIRS)]
    site = [SiteControl("A / B", (0, 1), tuple((f"{a} / {b}", (a, b)) for a, b in pairs)),
            SiteControl("count", (2,), tuple((label, (k,)) for label, k in units))]
    return live_explorer(lambda a, b, k: render_comparison(compare_bags(a, b, k)),
                         [box_a, box_b, unit], lambda table: [box_a, box_b, unit, table],
                         site, "bow", "Bag-of-words explorer: two sentences and their bags")
