"""Data for the book: the lecture's sentence pair, order-sensitive minimal pairs,
and padding of variable-length batches.

The sentiment data come in **minimal pairs**: two sentences made of exactly the
same words (identical bags of words) with opposite labels. A model that ignores
word order cannot tell the two apart, so on such pairs it is right exactly half
of the time. Two families:

* ``"negation"`` (the lecture's): the "not" moves between the relative clause and
  the main clause, ``the movie my friend has not seen is good`` (positive) vs
  ``the movie my friend has seen is not good`` (negative).
* ``"contrast"``: ``the acting was good but the plot was bad`` (negative) vs the
  same with the two adjectives swapped (positive); the clause after "but" decides.

``gap`` puts that many random filler words ("really", "today", ...) into every
slot of the sentence, stretching the distance between the words that decide.
The exact :data:`LECTURE_PAIR` sentences are never generated, so a model is
tested on them without having seen them.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import torch

from seqlab._checks import check_int, check_tokens
from seqlab.text import Vocabulary, bag_of_words, tokenize

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

FAMILIES = ("negation", "contrast")


@dataclass(frozen=True)
class Example:
    """One labelled sentence. ``label`` is 1 for positive, 0 for negative;
    the two members of a minimal pair share ``pair_id``."""

    text: str
    label: int
    family: str = "negation"
    pair_id: int = -1
    gap: int = 0


LECTURE_PAIR: tuple[Example, Example] = (
    Example("The movie my friend has not seen is good", 1, "negation", -1, 0),
    Example("The movie my friend has seen is not good", 0, "negation", -1, 0),
)

_NOUNS = ("movie", "film", "book", "show", "play", "song", "album", "novel",
          "series", "game", "concert", "story")
_POSSESSIVES = ("my", "our", "his", "her")
_PEOPLE = ("friend", "sister", "brother", "neighbor", "teacher", "cousin", "boss", "roommate")
_VERBS = ("seen", "watched", "read", "heard", "liked", "reviewed", "finished", "recommended")
_POSITIVE = ("good", "great", "excellent", "wonderful", "fun", "brilliant", "charming", "superb")
_NEGATIVE = ("bad", "boring", "awful", "dull", "terrible", "weak", "poor", "tedious")
_ASPECTS = ("acting", "plot", "music", "ending", "dialogue", "pacing", "cast", "script",
            "soundtrack", "humor", "setting", "direction")
_FILLERS = ("really", "honestly", "truly", "today", "again", "then", "still", "also",
            "yesterday", "somehow", "indeed", "now", "here", "anyway", "frankly", "simply")

# The lecture's own sentences are held out: this content is never generated.
_LECTURE_CONTENT = ("movie", "my", "friend", "seen", "good")


def _fill(rng: random.Random, gap: int) -> list[str]:
    return [rng.choice(_FILLERS) for _ in range(gap)]


def _negation_pair(rng: random.Random, gap: int) -> tuple[list[str], list[str], int]:
    """Return (tokens with "not" in the relative clause, tokens with "not" in the
    main clause, label of the first)."""
    while True:
        noun, poss, person = rng.choice(_NOUNS), rng.choice(_POSSESSIVES), rng.choice(_PEOPLE)
        verb = rng.choice(_VERBS)
        positive = rng.random() < 0.5
        adj = rng.choice(_POSITIVE if positive else _NEGATIVE)
        if (noun, poss, person, verb, adj) != _LECTURE_CONTENT:
            break
    start, middle, end = _fill(rng, gap), _fill(rng, gap), _fill(rng, gap)
    head = [*start, "the", noun, poss, person, "has"]
    not_in_relative = [*head, "not", verb, *middle, "is", adj, *end]
    not_in_main = [*head, verb, *middle, "is", "not", adj, *end]
    # "... has not seen is good": the main clause is not negated, so the adjective decides.
    return not_in_relative, not_in_main, int(positive)


def _contrast_pair(rng: random.Random, gap: int) -> tuple[list[str], list[str], int]:
    """Return (tokens with the positive adjective first, tokens with it second,
    label of the first); the clause after "but" decides."""
    first, second = rng.sample(_ASPECTS, 2)
    good, bad = rng.choice(_POSITIVE), rng.choice(_NEGATIVE)
    slots = [_fill(rng, gap) for _ in range(4)]

    def sentence(adj1: str, adj2: str) -> list[str]:
        return [*slots[0], "the", first, "was", adj1, *slots[1], "but", *slots[2],
                "the", second, "was", adj2, *slots[3]]

    return sentence(good, bad), sentence(bad, good), 0


def make_minimal_pairs(
    n_pairs: int,
    family: str = "negation",
    gap: int | tuple[int, int] = 0,
    seed: int = 0,
    exclude: Iterable[str] = (),
) -> list[Example]:
    """Generate ``n_pairs`` minimal pairs (``2 * n_pairs`` examples, pairs adjacent).

    Args:
        n_pairs: how many pairs.
        family: ``"negation"``, ``"contrast"`` or ``"both"`` (alternating).
        gap: filler words per slot; an int, or ``(low, high)`` to draw each pair's
            gap uniformly from ``low..high`` inclusive.
        seed: seed of the private random generator (the global RNG is untouched).
        exclude: sentences that must not be generated (e.g. the training set's, to
            keep a test set disjoint); a pair is redrawn if either sentence is in it.

    Returns:
        A list of :class:`Example`; both members of a pair share ``pair_id``, have
        identical bags of words and opposite labels.
    """
    check_int(n_pairs, "n_pairs", minimum=1)
    check_int(seed, "seed")
    if family not in (*FAMILIES, "both"):
        raise ValueError(f"family must be 'negation', 'contrast' or 'both', got {family!r}")
    if isinstance(gap, tuple):
        if len(gap) != 2:
            raise ValueError(f"gap must be an int or a (low, high) pair, got {gap!r}")
        low, high = (check_int(g, "gap", minimum=0) for g in gap)
        if low > high:
            raise ValueError(f"gap must have low <= high, got {gap!r}")
    else:
        low = high = check_int(gap, "gap", minimum=0)
    excluded = {" ".join(tokenize(s)) for s in exclude}
    rng = random.Random(seed)
    examples: list[Example] = []
    attempts = 0
    while len(examples) < 2 * n_pairs:
        attempts += 1
        if attempts > 50 * n_pairs + 1000:
            raise ValueError(f"could not draw {n_pairs} distinct pairs; exclude removes too many")
        pair_id = len(examples) // 2
        fam = family if family != "both" else FAMILIES[pair_id % 2]
        this_gap = rng.randint(low, high)
        make = _negation_pair if fam == "negation" else _contrast_pair
        first, second, label = make(rng, this_gap)
        texts = (" ".join(first), " ".join(second))
        if texts[0] in excluded or texts[1] in excluded:
            continue
        examples.append(Example(texts[0], label, fam, pair_id, this_gap))
        examples.append(Example(texts[1], 1 - label, fam, pair_id, this_gap))
    return examples


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
    rows = []
    for i, seq in enumerate(sequences):
        row = seq.tolist() if isinstance(seq, torch.Tensor) else seq
        if isinstance(row, (str, bytes)) or not isinstance(row, Sequence):
            raise TypeError(f"sequences[{i}] must be a list of int ids, got {type(seq).__name__}")
        if len(row) == 0:
            raise ValueError(f"sequences[{i}] is empty; every sequence needs at least one token")
        rows.append(list(row))
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
    if not isinstance(batch, Sequence) or not batch:
        raise ValueError("batch must be a non-empty list of (ids, label) items")
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
    token_ids, lengths = pad_sequences(
        [vocab.encode(tokenize(e.text)) for e in examples], max_len=max_len
    )
    labels = torch.tensor([e.label for e in examples], dtype=torch.long)
    return token_ids, lengths, labels


def to_bow_tensors(
    examples: Sequence[Example], vocab: Vocabulary
) -> tuple[torch.Tensor, torch.Tensor]:
    """Encode examples as bags of words: ``(counts (N, V), labels (N,))``."""
    examples = _check_examples(examples)
    if not isinstance(vocab, Vocabulary):
        raise TypeError(f"vocab must be a seqlab.text.Vocabulary, got {type(vocab).__name__}")
    counts = torch.stack([bag_of_words(check_tokens(tokenize(e.text)), vocab) for e in examples])
    labels = torch.tensor([e.label for e in examples], dtype=torch.long)
    return counts, labels
