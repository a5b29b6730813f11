"""From examples to tensors: a vocabulary, padding of variable-length batches
(with their true lengths), and bag-of-words matrices."""

from __future__ import annotations

import numbers
from collections.abc import Sequence

import torch

from seqlab._checks import check_int, check_tensor
from seqlab.data.sentiment import Example
from seqlab.text import Vocabulary, bag_of_words, tokenize

__all__ = ["build_vocab", "collate_batch", "pad_sequences", "to_bow_tensors",
           "to_sequence_tensors"]

def _check_examples(examples: object) -> list[Example]:
    if isinstance(examples, Example):
        raise TypeError("examples must be a list of Example, got a single Example")
    if not isinstance(examples, Sequence) or not all(isinstance(e, Example) for e in examples):
        raise TypeError("examples must be a list of seqlab.data.Example")
    if not examples:
        raise ValueError("examples must not be empty")
    return list(examples)


def build_vocab(examples: Sequence[Example], min_freq: int = 1) -> Vocabulary:
    """Build a :class:`~seqlab.text.Vocabulary` from the examples' tokenised texts."""
    examples = _check_examples(examples)
    return Vocabulary([tokenize(e.text) for e in examples], min_freq=min_freq)


def pad_sequences(
    sequences: Sequence[Sequence[int]], pad_index: int = 0, max_len: int | None = None
) -> tuple[torch.Tensor, torch.Tensor]:
    """Right-pad id sequences into one batch.

    Returns ``(token_ids, lengths)``: a long tensor ``(B, T)`` with
    ``T = max_len or the longest length`` and a long tensor ``(B,)`` of true lengths.
    Empty sequences are refused (an RNN has no last state to read from them).
    """
    if isinstance(sequences, (str, torch.Tensor)) or not isinstance(sequences, Sequence):
        raise TypeError(f"sequences must be a list of id lists, got {type(sequences).__name__}")
    if not sequences:
        raise ValueError("sequences must not be empty")
    check_int(pad_index, "pad_index")
    rows = []
    for i, seq in enumerate(sequences):
        if isinstance(seq, torch.Tensor):
            # A float tensor would be truncated silently by the cast to long.
            check_tensor(seq, f"sequences[{i}]", ndim=1, floating=False)
            row = seq.tolist()
        else:
            row = seq
        if isinstance(row, (str, bytes)) or not isinstance(row, Sequence):
            raise TypeError(f"sequences[{i}] must be a list of int ids, got {type(seq).__name__}")
        if len(row) == 0:
            raise ValueError(f"sequences[{i}] is empty; every sequence needs at least one token")
        for token_id in row:
            if isinstance(token_id, bool) or not isinstance(token_id, numbers.Integral):
                raise TypeError(f"sequences[{i}] must contain only int ids, "
                                f"found {type(token_id).__name__}")
        rows.append([int(token_id) for token_id in row])
    lengths = torch.tensor([len(r) for r in rows], dtype=torch.long)
    longest = int(lengths.max())
    if max_len is None:
        max_len = longest
    check_int(max_len, "max_len", minimum=1)
    if longest > max_len:
        raise ValueError(f"max_len={max_len} is shorter than the longest sequence ({longest})")
    token_ids = torch.full((len(rows), max_len), pad_index, dtype=torch.long)
    for i, row in enumerate(rows):
        token_ids[i, : len(row)] = torch.tensor(row, dtype=torch.long)
    return token_ids, lengths


def collate_batch(
    batch: Sequence[tuple[Sequence[int], int]],
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """``collate_fn`` for a ``DataLoader`` over ``(ids, label)`` items.

    Returns ``(token_ids (B, T), lengths (B,), labels (B,))`` padded to the
    longest sequence in this batch.
    """
    if isinstance(batch, (str, bytes)) or not isinstance(batch, Sequence):
        raise TypeError(f"batch must be a list of (ids, label) items, got {type(batch).__name__}")
    if not batch:
        raise ValueError("batch must be a non-empty list of (ids, label) items")
    for i, item in enumerate(batch):
        if not isinstance(item, (tuple, list)) or len(item) != 2:
            raise TypeError(f"batch[{i}] must be an (ids, label) pair, got {item!r:.60}")
    token_ids, lengths = pad_sequences([ids for ids, _ in batch])
    labels = torch.tensor([int(label) for _, label in batch], dtype=torch.long)
    return token_ids, lengths, labels


def to_sequence_tensors(
    examples: Sequence[Example], vocab: Vocabulary, max_len: int | None = None
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Encode examples as ``(token_ids (N, T), lengths (N,), labels (N,))``."""
    examples = _check_examples(examples)
    if not isinstance(vocab, Vocabulary):
        raise TypeError(f"vocab must be a seqlab.text.Vocabulary, got {type(vocab).__name__}")
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
    examples = _check_examples(examples)
    if not isinstance(vocab, Vocabulary):
        raise TypeError(f"vocab must be a seqlab.text.Vocabulary, got {type(vocab).__name__}")
    counts = torch.stack([bag_of_words(tokenize(e.text), vocab) for e in examples])
    labels = torch.tensor([e.label for e in examples], dtype=torch.long)
    return counts, labels
