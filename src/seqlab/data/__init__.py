"""Data for the book, one module per kind.

* :mod:`seqlab.data.sentiment`: :data:`LECTURE_PAIR` and the order-sensitive
  minimal pairs (:func:`make_minimal_pairs`), in two families, with a ``gap`` knob.
* :mod:`seqlab.data.batching`: vocabulary building, padding of variable-length
  batches with their lengths, bag-of-words matrices.
"""

from seqlab.data.batching import (
    build_vocab,
    collate_batch,
    pad_sequences,
    to_bow_tensors,
    to_sequence_tensors,
)
from seqlab.data.sentiment import FAMILIES, LECTURE_PAIR, Example, make_minimal_pairs

__all__ = [
    "FAMILIES",
    "LECTURE_PAIR",
    "Example",
    "build_vocab",
    "collate_batch",
    "make_minimal_pairs",
    "pad_sequences",
    "to_bow_tensors",
    "to_sequence_tensors",
]
