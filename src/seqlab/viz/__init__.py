"""Matplotlib figures of the book, one module per chapter topic.

Each function draws into ``ax`` if given (or a new figure) and returns the axes,
so a chapter can compose panels and the tests can inspect what was drawn.
"""

from seqlab.viz.bow import plot_bag_of_words, plot_ngram_vocabulary
from seqlab.viz.curves import plot_history
from seqlab.viz.diagrams import draw_unrolled_rnn
from seqlab.viz.rnn import plot_gradient_norms, plot_hidden_states, plot_runtime

__all__ = [
    "draw_unrolled_rnn",
    "plot_bag_of_words",
    "plot_gradient_norms",
    "plot_hidden_states",
    "plot_history",
    "plot_ngram_vocabulary",
    "plot_runtime",
]
