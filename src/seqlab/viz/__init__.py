"""Matplotlib figures of the book: one module per chapter topic, and shared ones for the
plots of results (:mod:`seqlab.viz.curves`) and the RNN diagrams (:mod:`seqlab.viz.diagrams`).

Each function draws into ``ax`` if given (or a new figure) and returns the axes,
so a chapter can compose panels and the tests can inspect what was drawn.
The public names are those of the modules' ``__all__``.
"""

from seqlab.viz import architectures, bow, compare, conv, curves, diagrams, rnn
from seqlab.viz.architectures import *  # noqa: F403
from seqlab.viz.bow import *  # noqa: F403
from seqlab.viz.compare import *  # noqa: F403
from seqlab.viz.conv import *  # noqa: F403
from seqlab.viz.curves import *  # noqa: F403
from seqlab.viz.diagrams import *  # noqa: F403
from seqlab.viz.rnn import *  # noqa: F403

__all__ = [
    *architectures.__all__,
    *bow.__all__,
    *compare.__all__,
    *conv.__all__,
    *curves.__all__,
    *diagrams.__all__,
    *rnn.__all__,
]
