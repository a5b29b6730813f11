"""Matplotlib figures of the book, one module per chapter topic.

Each function draws into ``ax`` if given (or a new figure) and returns the axes,
so a chapter can compose panels and the tests can inspect what was drawn.
"""

from seqlab.viz.bow import plot_bag_of_words, plot_ngram_vocabulary
from seqlab.viz.char import plot_char_losses, plot_clipping, plot_temperatures
from seqlab.viz.compare import plot_gap_comparison, plot_pair_accuracy
from seqlab.viz.conv import plot_accuracy_by_gap, plot_conv_window, plot_max_pooling
from seqlab.viz.curves import plot_history
from seqlab.viz.diagrams import draw_mlp_vs_rnn, draw_unrolled_rnn, plot_parameter_counts
from seqlab.viz.rnn import plot_gradient_norms, plot_hidden_states, plot_runtime
from seqlab.viz.tasks import MODELING_TASKS, draw_modeling_tasks

__all__ = [
    "plot_char_losses",
    "plot_clipping",
    "plot_temperatures",
    "draw_mlp_vs_rnn",
    "draw_unrolled_rnn",
    "plot_accuracy_by_gap",
    "plot_bag_of_words",
    "plot_conv_window",
    "plot_gap_comparison",
    "plot_gradient_norms",
    "plot_hidden_states",
    "plot_history",
    "plot_max_pooling",
    "plot_ngram_vocabulary",
    "plot_pair_accuracy",
    "plot_parameter_counts",
    "plot_runtime",
    "MODELING_TASKS",
    "draw_modeling_tasks",
]
