"""Data for the book, one module per kind.

* :mod:`seqlab.data.sentiment`: :data:`LECTURE_PAIR` and the order-sensitive
  minimal pairs (:func:`make_minimal_pairs`), in two families, with a ``gap`` knob.
* :mod:`seqlab.data.batching`: vocabulary building, padding of variable-length
  batches with their lengths, bag-of-words matrices.
* :mod:`seqlab.data.corpus`: the character corpus (a shipped snapshot of
  standard-library source code), :class:`CharVocab`, the train/validation split and the
  stream batches of truncated backpropagation through time (chapter 7).
* :mod:`seqlab.data.download`: optional larger corpora, downloaded on request,
  verified by SHA-256, with a fallback to the embedded corpus.
* :mod:`seqlab.data.tasks`: small generated datasets for the modeling tasks of
  chapter 5 (phrase polarity, letter bags, negation scope tags, reversal).
"""

from seqlab.data.batching import (
    build_vocab,
    collate_batch,
    pad_sequences,
    to_bow_tensors,
    to_sequence_tensors,
)
from seqlab.data.corpus import (
    DEFAULT_MODULES,
    SNAPSHOT_PATH,
    SNAPSHOT_PYTHON,
    CharVocab,
    char_label,
    load_stdlib_corpus,
    stream_batches,
    train_val_split,
)
from seqlab.data.download import KNOWN_URLS, CorpusFallbackWarning, fetch, load_corpus, sha256_of
from seqlab.data.sentiment import FAMILIES, LECTURE_PAIR, Example, make_minimal_pairs
from seqlab.data.tasks import (
    SYMBOL_ALPHABET,
    SYMBOL_BOS,
    SYMBOL_EOS,
    SYMBOL_PAD,
    SYMBOL_TOKENS,
    SymbolExample,
    TaggedSentence,
    decode_symbols,
    make_letter_bags,
    make_negation_scope_data,
    make_polarity_phrases,
    make_reversal_data,
    negation_scope_tags,
    to_bag_tensors,
    to_reversal_tensors,
    to_tagging_tensors,
)

__all__ = [
    "DEFAULT_MODULES",
    "FAMILIES",
    "KNOWN_URLS",
    "LECTURE_PAIR",
    "SNAPSHOT_PATH",
    "SNAPSHOT_PYTHON",
    "CharVocab",
    "CorpusFallbackWarning",
    "Example",
    "build_vocab",
    "char_label",
    "collate_batch",
    "fetch",
    "load_corpus",
    "load_stdlib_corpus",
    "make_minimal_pairs",
    "pad_sequences",
    "sha256_of",
    "stream_batches",
    "to_bow_tensors",
    "to_sequence_tensors",
    "train_val_split",
    "SYMBOL_ALPHABET",
    "SYMBOL_BOS",
    "SYMBOL_EOS",
    "SYMBOL_PAD",
    "SYMBOL_TOKENS",
    "SymbolExample",
    "TaggedSentence",
    "decode_symbols",
    "make_letter_bags",
    "make_negation_scope_data",
    "make_polarity_phrases",
    "make_reversal_data",
    "negation_scope_tags",
    "to_bag_tensors",
    "to_reversal_tensors",
    "to_tagging_tensors",
]
