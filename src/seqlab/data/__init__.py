"""Data for the book, one module per kind.

* :mod:`seqlab.data.sentiment`: :data:`LECTURE_PAIR` and the order-sensitive
  minimal pairs (:func:`make_minimal_pairs`), in two families, with a ``gap`` knob.
* :mod:`seqlab.data.batching`: vocabulary building, padding of variable-length
  batches with their lengths, bag-of-words matrices; for chapter 7's characters,
  :class:`CharVocab`, the train/validation split and the stream batches of
  truncated backpropagation through time.
* :mod:`seqlab.data.corpus`: chapter 7's texts: the character corpus (a shipped
  snapshot of standard-library source code) and optional larger corpora, downloaded
  on request with ``pooch``, verified by SHA-256, with a fallback to the embedded one.
* :mod:`seqlab.data.tasks`: small generated datasets for the modeling tasks of
  chapter 5 (phrase polarity, letter bags, negation scope tags, reversal), and
  :data:`IGNORE_INDEX`, the target value the loss skips.

Every public name of these modules is re-exported here (each module's ``__all__``).
"""

from seqlab.data import batching, corpus, sentiment, tasks
from seqlab.data.batching import *  # noqa: F403
from seqlab.data.corpus import *  # noqa: F403
from seqlab.data.sentiment import *  # noqa: F403
from seqlab.data.tasks import *  # noqa: F403

__all__ = [*sentiment.__all__, *batching.__all__, *corpus.__all__, *tasks.__all__]
