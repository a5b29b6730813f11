"""From examples to tensors: a vocabulary, padding of variable-length batches
(with their true lengths), and bag-of-words matrices."""

from __future__ import annotations

import numbers
from collections.abc import Sequence

import torch

from seqlab._checks import check_int, check_sequence, check_tensor, check_type
from seqlab.data.sentiment import Example
from seqlab.text import Vocabulary, bag_of_words, tokenize

__all__ = ["build_vocab", "pad_sequences", "to_bow_tensors", "to_sequence_tensors"]


def check_examples(examples: object) -> list[Example]:
    """``examples`` as a list: a non-empty sequence of :class:`~seqlab.data.Example`."""
    return check_sequence(examples, "examples", "a list of seqlab.data.Example",
                          item="example", of=Example)


def build_vocab(examples: Sequence[Example], min_freq: int = 1) -> Vocabulary:
    """Build a :class:`~seqlab.text.Vocabulary` from the examples' tokenised texts."""
    examples = check_examples(examples)
    return Vocabulary([tokenize(e.text) for e in examples], min_freq=min_freq)


def _check_sequences(sequences: object) -> list[list[int]]:
    """The id sequences as lists of int: each a non-empty sequence or 1-D integer tensor."""
    sequences = check_sequence(sequences, "sequences", "a list of id lists", item="sequence")
    return [_check_ids(seq, f"sequences[{i}]") for i, seq in enumerate(sequences)]


def _check_ids(seq: object, name: str) -> list[int]:
    if isinstance(seq, torch.Tensor):
        # A float tensor would be truncated silently by the cast to long.
        seq = check_tensor(seq, name, ndim=1, floating=False).tolist()
    # Empty sequences are refused: an RNN has no last state to read from them.
    seq = check_sequence(seq, name, "a list of int ids", item="token id")
    for token_id in seq:
        if isinstance(token_id, bool) or not isinstance(token_id, numbers.Integral):
            raise TypeError(f"{name} must contain only int ids, found {type(token_id).__name__}")
    return [int(token_id) for token_id in seq]


def _check_max_len(max_len: object, longest: int) -> int:
    """``max_len``, or the longest length if it is ``None``; never shorter than that."""
    if max_len is None:
        return longest
    check_int(max_len, "max_len", minimum=1)
    if longest > max_len:
        raise ValueError(f"max_len={max_len} is shorter than the longest sequence ({longest})")
    return max_len


def pad_sequences(
    sequences: Sequence[Sequence[int]], pad_index: int = 0, max_len: int | None = None
) -> tuple[torch.Tensor, torch.Tensor]:
    """Right-pad id sequences into one batch.

    Returns ``(token_ids, lengths)``: a long tensor ``(B, T)`` with
    ``T = max_len or the longest length`` and a long tensor ``(B,)`` of true lengths.
    Empty sequences are refused (an RNN has no last state to read from them).
    """
    rows = _check_sequences(sequences)
    check_int(pad_index, "pad_index")
    lengths = torch.tensor([len(row) for row in rows], dtype=torch.long)  # (B,)
    max_len = _check_max_len(max_len, int(lengths.max()))
    token_ids = torch.full((len(rows), max_len), pad_index, dtype=torch.long)  # (B, T)
    for i, row in enumerate(rows):
        token_ids[i, : len(row)] = torch.tensor(row, dtype=torch.long)
    return token_ids, lengths


def to_sequence_tensors(
    examples: Sequence[Example], vocab: Vocabulary, max_len: int | None = None
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Encode examples as ``(token_ids (N, T), lengths (N,), labels (N,))``."""
    examples = check_examples(examples)
    check_type(vocab, "vocab", Vocabulary, "a seqlab.text.Vocabulary")
    encoded = [vocab.encode(tokenize(e.text)) for e in examples]
    for i, ids in enumerate(encoded):
        if not ids:
            raise ValueError(f"examples[{i}].text has no words to encode: {examples[i].text!r}")
    token_ids, lengths = pad_sequences(encoded, max_len=max_len)
    labels = torch.tensor([e.label for e in examples], dtype=torch.long)
    return token_ids, lengths, labels


def to_bow_tensors(
    examples: Sequence[Example], vocab: Vocabulary
) -> tuple[torch.Tensor, torch.Tensor]:
    """Encode examples as bags of words: ``(counts (N, V), labels (N,))``."""
    examples = check_examples(examples)
    counts = torch.stack([bag_of_words(tokenize(e.text), vocab) for e in examples])
    labels = torch.tensor([e.label for e in examples], dtype=torch.long)
    return counts, labels
