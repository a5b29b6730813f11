"""From data to tensors: a vocabulary, padding of variable-length batches (with
their true lengths), and bag-of-words matrices for the sentence chapters; for the
character model of chapter 7, :class:`CharVocab` (characters <-> ids),
:func:`train_val_split` and :func:`stream_batches`, which cuts a long id sequence
into ``B`` parallel streams and consecutive chunks of ``T`` characters for truncated
backpropagation through time, and :func:`char_label`, a visible name for whitespace
characters in tables and figures."""

from __future__ import annotations

import numbers
from collections.abc import Sequence

import torch

from seqlab._checks import (
    check_fraction,
    check_id_list,
    check_int,
    check_sequence,
    check_sizes,
    check_str,
    check_tensor,
    check_type,
)
from seqlab.data.sentiment import Example
from seqlab.text import Vocabulary, bag_of_words, tokenize

__all__ = [
    "CharVocab",
    "build_vocab",
    "char_label",
    "pad_sequences",
    "stream_batches",
    "to_bow_tensors",
    "to_sequence_tensors",
    "train_val_split",
]


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


_VISIBLE = {" ": "\u2423", "\n": "\u21b5", "\t": "\\t", "\r": "\\r"}


def char_label(char: str) -> str:
    """A visible label for one character: ``"␣"`` for a space, ``"↵"`` for a newline,
    ``"\\t"``/``"\\r"`` for tab and carriage return, the character itself otherwise."""
    check_str(char, "char")
    if len(char) != 1:
        raise ValueError(f"char must be a single character, got {char!r}")
    return _VISIBLE.get(char, char)


class CharVocab:
    """Characters <-> integer ids, from ``sorted(set(text))``.

    Sorting makes the ids the same in every process (a plain ``set`` of strings is
    ordered by hash, which changes between runs). Its length is ``V``.

    Example::

        >>> vocab = CharVocab("hello")
        >>> vocab.itos, vocab.encode("hole")
        (('e', 'h', 'l', 'o'), [1, 3, 2, 0])
    """

    def __init__(self, text: str) -> None:
        check_str(text, "text")
        if not text:
            raise ValueError("text must contain at least one character")
        self.itos: tuple[str, ...] = tuple(sorted(set(text)))
        self.stoi: dict[str, int] = {char: index for index, char in enumerate(self.itos)}

    def __len__(self) -> int:
        return len(self.itos)

    def __contains__(self, char: object) -> bool:
        return char in self.stoi

    def __repr__(self) -> str:
        shown = "".join(char_label(c) for c in self.itos[:20])
        more = "..." if len(self.itos) > 20 else ""
        return f"CharVocab(size={len(self)}: {shown}{more})"

    def encode(self, text: str) -> list[int]:
        """The ids of ``text``'s characters, a list of ``len(text)`` ints (as
        :meth:`seqlab.text.Vocabulary.encode`): ``torch.tensor(vocab.encode(text))``
        makes the long tensor of shape ``(len(text),)`` that a model reads."""
        check_str(text, "text")
        unknown = sorted(set(text) - self.stoi.keys())
        if unknown:
            raise ValueError(f"text contains characters not in the vocabulary: {unknown[:10]!r}")
        return [self.stoi[char] for char in text]

    def decode(self, ids: Sequence[int] | torch.Tensor) -> str:
        """The text of a 1-D tensor or a sequence of ids."""
        return "".join(self.itos[i] for i in check_id_list(ids, len(self)))


def train_val_split(
    ids: torch.Tensor, val_fraction: float = 0.1
) -> tuple[torch.Tensor, torch.Tensor]:
    """Split a 1-D id sequence into its first part (training) and its last
    ``val_fraction`` (validation), without shuffling.

    Shuffling characters would destroy the text; cutting at one point keeps both
    parts readable and the validation text unseen (here: other modules' code).
    """
    check_tensor(ids, "ids", ndim=1, floating=False)
    val_fraction = check_fraction(val_fraction, "val_fraction")
    n_val = round(len(ids) * val_fraction)
    if n_val < 2 or len(ids) - n_val < 2:
        raise ValueError(f"ids has {len(ids)} characters: too few for a split with "
                         f"val_fraction={val_fraction} (each part needs at least 2)")
    return ids[: len(ids) - n_val], ids[len(ids) - n_val :]


def stream_batches(
    ids: torch.Tensor, batch_size: int, seq_len: int
) -> list[tuple[torch.Tensor, torch.Tensor]]:
    """Cut ``ids`` into ``B`` parallel streams and consecutive chunks of ``T`` steps.

    The sequence of inputs ``ids[:-1]`` and of targets ``ids[1:]`` (the next
    character) is split into ``B = batch_size`` contiguous streams of equal
    length ``L = (len(ids) - 1) // B``; the last ``(len(ids) - 1) % B`` targets are
    dropped. Chunk ``k`` holds columns ``k*T .. k*T + T - 1`` of every stream, so
    row ``b`` of chunk ``k + 1`` continues row ``b`` of chunk ``k`` exactly where it
    stopped: a hidden state carried from one chunk to the next has read the
    stream's text up to there. The last chunk is shorter when ``T`` does not divide ``L``.

    Args:
        ids: 1-D integer tensor, at least ``batch_size + 1`` long.
        batch_size: ``B``, the number of parallel streams.
        seq_len: ``T``, the number of time steps per chunk.

    Returns:
        A list of ``(inputs, targets)``, both long tensors of shape ``(B, T)``.
        With ``batch_size=1`` the targets are exactly ``ids[1:]``.
    """
    check_tensor(ids, "ids", ndim=1, floating=False)
    check_sizes(batch_size=batch_size, seq_len=seq_len)
    length = (len(ids) - 1) // batch_size
    if length < 1:
        raise ValueError(f"ids must be longer than batch_size={batch_size}, got length {len(ids)}")
    inputs = ids[: length * batch_size].view(batch_size, length)  # (B, L)
    targets = ids[1 : length * batch_size + 1].view(batch_size, length)  # (B, L)
    return [
        (inputs[:, start : start + seq_len], targets[:, start : start + seq_len])
        for start in range(0, length, seq_len)
    ]
