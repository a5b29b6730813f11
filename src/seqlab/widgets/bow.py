"""The Bag-of-Words explorer: type two sentences, see their vectors.

The update logic (:func:`compare_bags`, :func:`render_comparison`) is plain
Python, tested without a browser; :func:`bow_explorer` only wires it to widgets.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from seqlab._checks import check_str
from seqlab.text import Vocabulary, bag_of_words, tokenize

__all__ = ["BowComparison", "bow_explorer", "compare_bags", "render_comparison"]


@dataclass(frozen=True)
class BowComparison:
    """The bag-of-words vectors of two sentences over their joint vocabulary."""

    words: tuple[str, ...]
    counts_a: tuple[int, ...]
    counts_b: tuple[int, ...]

    @property
    def identical(self) -> bool:
        """True when the two sentences have the same bag of words."""
        return self.counts_a == self.counts_b


def compare_bags(sentence_a: str, sentence_b: str) -> BowComparison:
    """Bag-of-words vectors of two sentences over the words they contain.

    Raises ``ValueError`` when a sentence contains no word at all.
    """
    check_str(sentence_a, "sentence_a")
    check_str(sentence_b, "sentence_b")
    tokens_a, tokens_b = tokenize(sentence_a), tokenize(sentence_b)
    if not tokens_a:
        raise ValueError("sentence_a contains no words")
    if not tokens_b:
        raise ValueError("sentence_b contains no words")
    vocab = Vocabulary([tokens_a, tokens_b])
    # Drop <pad> and <unk>: every word here is in the joint vocabulary.
    counts_a = tuple(int(c) for c in bag_of_words(tokens_a, vocab)[2:])
    counts_b = tuple(int(c) for c in bag_of_words(tokens_b, vocab)[2:])
    return BowComparison(tuple(vocab.itos[2:]), counts_a, counts_b)


def render_comparison(comparison: BowComparison) -> str:
    """An HTML table of the two vectors and a verdict line."""
    if not isinstance(comparison, BowComparison):
        raise TypeError(f"comparison must be a BowComparison, got {type(comparison).__name__}")
    head = "".join(f"<th style='padding:2px 6px'>{html.escape(w)}</th>"
                   for w in comparison.words)

    def row(name: str, counts: tuple[int, ...]) -> str:
        cells = "".join(f"<td style='text-align:center'>{c}</td>" for c in counts)
        return f"<tr><th style='padding:2px 6px'>{name}</th>{cells}</tr>"

    verdict = ("<b style='color:#D55E00'>identical vectors</b>: a bag-of-words model "
               "cannot tell these sentences apart" if comparison.identical else
               "<b style='color:#009E73'>different vectors</b>")
    return (f"<table style='border-collapse:collapse;font-size:90%'><tr><th></th>{head}</tr>"
            f"{row('A', comparison.counts_a)}{row('B', comparison.counts_b)}</table>"
            f"<p>{verdict}</p>")


def bow_explorer(sentence_a: str | None = None, sentence_b: str | None = None):
    """Two text boxes and a live table of their bag-of-words vectors.

    Uses only core widgets whose API is the same in ipywidgets 7.7 and 8.
    Defaults to the lecture's two sentences.
    """
    import ipywidgets as widgets

    from seqlab.data import LECTURE_PAIR

    box_a = widgets.Text(value=sentence_a or LECTURE_PAIR[0].text, description="A",
                         layout=widgets.Layout(width="95%"))
    box_b = widgets.Text(value=sentence_b or LECTURE_PAIR[1].text, description="B",
                         layout=widgets.Layout(width="95%"))
    table = widgets.HTML()

    def update(_change=None) -> None:
        try:
            table.value = render_comparison(compare_bags(box_a.value, box_b.value))
        except ValueError as error:
            table.value = f"<p><i>{html.escape(str(error))}</i></p>"

    box_a.observe(update, names="value")
    box_b.observe(update, names="value")
    update()
    return widgets.VBox([box_a, box_b, table])
