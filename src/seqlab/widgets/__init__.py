"""Interactive explorers (ipywidgets, core widgets only: 7.7 and 8 alike).

Each explorer's update logic is a plain function, unit-tested without a browser.
"""

from seqlab.widgets.bow import BowComparison, bow_explorer, compare_bags, render_comparison
from seqlab.widgets.unroll import step_summary, unroll_stepper

__all__ = [
    "BowComparison",
    "bow_explorer",
    "compare_bags",
    "render_comparison",
    "step_summary",
    "unroll_stepper",
]
