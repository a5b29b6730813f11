"""Interactive explorers (ipywidgets, core widgets only: 7.7 and 8 alike).

Each explorer's update logic is a plain function, unit-tested without a browser.
"""

from seqlab.widgets.bow import BowComparison, bow_explorer, compare_bags, render_comparison
from seqlab.widgets.compare import (
    PairPrediction,
    format_pair,
    pair_explorer,
    predict_fresh_pair,
    render_pair,
)
from seqlab.widgets.conv import conv_window_explorer, render_window, window_tokens
from seqlab.widgets.params import parameter_explorer, render_parameter_counts
from seqlab.widgets.tasks import render_reversal, reversal_explorer, reverse_with
from seqlab.widgets.temperature import (
    temperature_explorer,
    temperature_table,
    temperature_view,
)
from seqlab.widgets.unroll import step_summary, unroll_stepper

__all__ = [
    "PairPrediction",
    "format_pair",
    "pair_explorer",
    "predict_fresh_pair",
    "render_pair",
    "render_reversal",
    "reversal_explorer",
    "reverse_with",
    "temperature_explorer",
    "temperature_table",
    "temperature_view",
    "BowComparison",
    "bow_explorer",
    "compare_bags",
    "conv_window_explorer",
    "parameter_explorer",
    "render_parameter_counts",
    "render_comparison",
    "render_window",
    "step_summary",
    "unroll_stepper",
    "window_tokens",
]
