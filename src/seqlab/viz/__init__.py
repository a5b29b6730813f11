"""Matplotlib figures of the book, one module per chapter topic.

Each function draws into ``ax`` if given (or a new figure) and returns the axes,
so a chapter can compose panels and the tests can inspect what was drawn.
"""

from seqlab.viz.bow import plot_bag_of_words, plot_ngram_vocabulary
from seqlab.viz.curves import plot_history

__all__ = ["plot_bag_of_words", "plot_history", "plot_ngram_vocabulary"]
