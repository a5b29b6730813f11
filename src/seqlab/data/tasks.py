"""Small generated datasets for the five modeling tasks of chapter 5.

Each task is tiny on purpose, so that its model trains in seconds on a CPU,
and each comes with a held-out part the model never trains on.

* **one-to-one**, :func:`make_polarity_phrases`: a short phrase such as
  ``"not really superb"`` (read as ONE vector, its bag of words) -> its polarity.
* **one-to-many**, :func:`make_letter_bags`: a bag of letters, given as ONE vector
  of counts -> the letters written out in alphabetical order, ``{b: 1, c: 3, g: 1}
  -> "bcccg"``.
* **many-to-one**: the sentiment minimal pairs of :mod:`seqlab.data.sentiment`.
* **many-to-many, synced**, :func:`make_negation_scope_data`: a tag for every token
  of a negation sentence, 1 where the token lies in the scope of a "not".
* **many-to-many, encoder-decoder**, :func:`make_reversal_data`: a string of
  symbols -> the same symbols reversed, ``"abcd" -> "dcba"``.

The ``to_*_tensors`` functions turn each dataset into the tensors its model and
:func:`seqlab.train.fit` expect: a tuple ``(*inputs, targets)``, with ``-100`` in
the targets wherever a position must be ignored (padding).
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import torch

from seqlab._checks import (
    check_fraction,
    check_id_list,
    check_index,
    check_int,
    check_iterable,
    check_sequence,
    check_tokens,
    check_type,
)
from seqlab.data.batching import pad_sequences
from seqlab.data.sentiment import NEGATIVE_WORDS, POSITIVE_WORDS, Example, make_minimal_pairs
from seqlab.text import Vocabulary, tokenize

__all__ = [
    "IGNORE_INDEX",
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

#: Target value that ``torch.nn.CrossEntropyLoss`` (and :func:`seqlab.train.fit`) ignores.
IGNORE_INDEX = -100


# --- one-to-one: phrase -> polarity -------------------------------------------------

# Words that may stand between the optional "not" and the adjective ("" = none).
_INTENSIFIERS = ("", "really", "very", "so", "truly")


def make_polarity_phrases(
    n_test_per_group: int = 1, seed: int = 0
) -> tuple[list[Example], list[Example]]:
    """All phrases ``[not] [intensifier] adjective`` with their polarity, split in two.

    The adjectives are the sentiment data's 8 positive and 8 negative ones; a
    phrase is positive (label 1) when a positive adjective is not negated or a
    negative one is (``"not awful"``). That makes ``16 * 2 * 5 = 160`` phrases in
    32 groups (adjective, negated or not) of 5 intensifier variants each; from
    every group ``n_test_per_group`` randomly chosen phrases are held out, so each
    adjective is seen in training with and without "not".

    Args:
        n_test_per_group: held-out phrases per group, ``0..4``.
        seed: seed of the private random generator.

    Returns:
        ``(train, test)``, lists of :class:`~seqlab.data.Example` with
        ``family="phrase"``, sorted by text.
    """
    # Each group keeps at least one of its phrases for training.
    check_index(n_test_per_group, "n_test_per_group", len(_INTENSIFIERS), "the group size")
    check_int(seed, "seed", minimum=0)
    rng = random.Random(seed)
    train, test = [], []
    for adjective in sorted(POSITIVE_WORDS + NEGATIVE_WORDS):
        for negated in (False, True):
            label = int((adjective in POSITIVE_WORDS) != negated)
            group = [Example(" ".join(w for w in ("not" if negated else "", word, adjective)
                                      if w), label, family="phrase")
                     for word in _INTENSIFIERS]
            held_out = set(rng.sample(range(len(group)), n_test_per_group))
            for i, example in enumerate(group):
                (test if i in held_out else train).append(example)
    return sorted(train, key=lambda e: e.text), sorted(test, key=lambda e: e.text)


# --- many-to-many, synced: negation scope tags ---------------------------------------

_NEGATION = "not"
# A "not" negates the rest of its clause; a new clause starts at these words.
_CLAUSE_STARTS = ("is", "but")


@dataclass(frozen=True)
class TaggedSentence:
    """A tokenised sentence with one tag per token (1 = in the scope of a "not")."""

    tokens: tuple[str, ...]
    tags: tuple[int, ...]
    label: int = -1


def negation_scope_tags(tokens: Sequence[str]) -> list[int]:
    """Tag 1 every token after a "not" up to the end of its clause, 0 the others.

    A clause ends before "is" (where the main clause of ``the movie my friend
    has not seen is good`` starts) or "but", or at the end of the sentence. The
    "not" itself is the cue, not part of its scope, and is tagged 0.

    >>> negation_scope_tags("the movie my friend has not seen is good".split())
    [0, 0, 0, 0, 0, 0, 1, 0, 0]
    """
    tokens = check_tokens(tokens)
    tags, in_scope = [], False
    for token in tokens:
        if token == _NEGATION:
            in_scope = True
            tags.append(0)
            continue
        if token in _CLAUSE_STARTS:
            in_scope = False
        tags.append(int(in_scope))
    return tags


def make_negation_scope_data(
    n_pairs: int,
    gap: int | tuple[int, int] = (0, 2),
    seed: int = 0,
    exclude: Iterable[str] = (),
) -> list[TaggedSentence]:
    """Negation minimal pairs with a scope tag for every token.

    The sentences are those of :func:`~seqlab.data.make_minimal_pairs` (family
    ``"negation"``); the tags come from :func:`negation_scope_tags`. In
    ``... has not seen is good`` the verb is in scope; in ``... has seen is not
    good`` the adjective is, so the same word needs different tags depending on
    what came before it.

    Args:
        n_pairs, gap, seed, exclude: as in :func:`~seqlab.data.make_minimal_pairs`.

    Returns:
        ``2 * n_pairs`` :class:`TaggedSentence`, each with its sentiment ``label``.
    """
    pairs = make_minimal_pairs(n_pairs, "negation", gap=gap, seed=seed, exclude=exclude)
    sentences = []
    for example in pairs:
        tokens = tuple(tokenize(example.text))
        sentences.append(TaggedSentence(tokens, tuple(negation_scope_tags(tokens)),
                                        example.label))
    return sentences


def to_tagging_tensors(
    sentences: Sequence[TaggedSentence], vocab: Vocabulary, max_len: int | None = None
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Encode tagged sentences as ``(token_ids (N, T), lengths (N,), tags (N, T))``.

    ``token_ids`` are right-padded with ``<pad>``; ``tags`` hold ``-100`` at the
    padded positions, so the loss and the accuracy of :func:`seqlab.train.fit`
    skip them.
    """
    sentences = _check_tagged(sentences, vocab)
    token_ids, lengths = pad_sequences([vocab.encode(list(s.tokens)) for s in sentences],
                                       pad_index=vocab.pad_index, max_len=max_len)
    tags = torch.full(token_ids.shape, IGNORE_INDEX, dtype=torch.long)  # (N, T)
    for i, sentence in enumerate(sentences):
        tags[i, : len(sentence.tags)] = torch.tensor(sentence.tags, dtype=torch.long)
    return token_ids, lengths, tags


def _check_tagged(sentences: object, vocab: object) -> list[TaggedSentence]:
    sentences = _check_list(sentences, "sentences", TaggedSentence)
    check_type(vocab, "vocab", Vocabulary, "a seqlab.text.Vocabulary")
    for i, s in enumerate(sentences):
        if len(s.tags) != len(s.tokens):
            raise ValueError(f"sentences[{i}] has {len(s.tokens)} tokens but {len(s.tags)} tags")
    return sentences


# --- the two symbol tasks: one-to-many (a bag of letters) and encoder-decoder ---------

SYMBOL_ALPHABET = "abcdefgh"
#: Token ids of the symbol tasks: three special tokens, then the letters.
SYMBOL_TOKENS = ("<pad>", "<bos>", "<eos>", *SYMBOL_ALPHABET)
SYMBOL_PAD, SYMBOL_BOS, SYMBOL_EOS = 0, 1, 2


@dataclass(frozen=True)
class SymbolExample:
    """A source string of letters and the target string a model must write."""

    source: str
    target: str


def make_letter_bags(
    min_size: int = 2, max_size: int = 5, test_fraction: float = 0.2, seed: int = 0
) -> tuple[list[SymbolExample], list[SymbolExample]]:
    """Every bag (multiset) of ``min_size..max_size`` letters of ``"abcdefgh"``, split in two.

    The one-to-many task: the model receives a bag of letters as ONE vector of
    counts (the letters' order is gone, as in a bag of words) and writes the
    letters out in alphabetical order, ``{b: 1, c: 3, g: 1} -> "bcccg"``. The
    ``source`` of each example lists the letters in a random order (to stress
    that the order carries nothing), the ``target`` in sorted order.

    Args:
        min_size, max_size: the range of bag sizes, ``1 <= min_size <= max_size``.
        test_fraction: the share of bags held out, in ``(0, 1)``.
        seed: seed of the private random generator.

    Returns:
        ``(train, test)``: disjoint lists of :class:`SymbolExample`; with the
        defaults, 1022 and 256 of the 1278 bags.
    """
    _check_range(min_size, max_size, "min_size", "max_size")
    check_fraction(test_fraction, "test_fraction")
    check_int(seed, "seed", minimum=0)
    rng = random.Random(seed)
    bags = ["".join(letters) for size in range(min_size, max_size + 1)
            for letters in itertools.combinations_with_replacement(SYMBOL_ALPHABET, size)]
    rng.shuffle(bags)
    examples = [SymbolExample("".join(rng.sample(bag, len(bag))), bag) for bag in bags]
    n_test = max(1, round(test_fraction * len(examples)))
    return examples[n_test:], examples[:n_test]


def make_reversal_data(
    n: int,
    min_len: int = 3,
    max_len: int = 6,
    seed: int = 0,
    exclude: Iterable[str] = (),
) -> list[SymbolExample]:
    """``n`` distinct random strings over ``"abcdefgh"`` with their reversals as targets.

    The encoder-decoder task, ``"cabd" -> "dbac"``. Each length
    ``min_len..max_len`` is drawn uniformly, then each letter.

    Args:
        n: number of examples (all sources distinct).
        min_len, max_len: the range of source lengths, ``1 <= min_len <= max_len``.
        seed: seed of the private random generator.
        exclude: source strings that must not be drawn (pass the training
            sources to get a disjoint test set).
    """
    seen = _check_reversal_arguments(n, min_len, max_len, seed, exclude)
    rng = random.Random(seed)
    examples = []
    while len(examples) < n:
        length = rng.randint(min_len, max_len)
        source = "".join(rng.choice(SYMBOL_ALPHABET) for _ in range(length))
        if source in seen:
            continue
        seen.add(source)
        examples.append(SymbolExample(source, source[::-1]))
    return examples


def _check_range(low: object, high: object, low_name: str, high_name: str) -> None:
    check_int(low, low_name, minimum=1)
    check_int(high, high_name, minimum=1)
    if low > high:
        raise ValueError(f"{low_name} must be <= {high_name}, got {low} > {high}")


def _check_reversal_arguments(n: object, min_len: object, max_len: object, seed: object,
                              exclude: object) -> set[str]:
    """Check the arguments of :func:`make_reversal_data`; return the excluded strings."""
    check_int(n, "n", minimum=1)
    _check_range(min_len, max_len, "min_len", "max_len")
    check_int(seed, "seed", minimum=0)
    excluded = set(check_iterable(exclude, "exclude", "an iterable of str", of=str))
    available = sum(len(SYMBOL_ALPHABET) ** k for k in range(min_len, max_len + 1))
    if n > available - len(excluded):
        raise ValueError(f"n={n} is more than the {available} strings of these lengths "
                         "allow (minus exclude)")
    return excluded


def check_symbols(text: str, name: str, *, allow_empty: bool = False) -> str:
    """``text`` if it holds only letters of :data:`SYMBOL_ALPHABET`, at least one unless
    ``allow_empty``."""
    if not text and not allow_empty:
        raise ValueError(f"{name} must hold at least one letter of {SYMBOL_ALPHABET!r}")
    bad = ", ".join(repr(char) for char in sorted(set(text) - set(SYMBOL_ALPHABET)))
    if bad:
        raise ValueError(f"{name} must use only the letters {SYMBOL_ALPHABET!r}, found {bad}")
    return text


def _encode_symbols(text: str, name: str) -> list[int]:
    return [SYMBOL_TOKENS.index(char) for char in check_symbols(text, name)]


def _decoder_tensors(examples: list[SymbolExample]) -> tuple[torch.Tensor, torch.Tensor]:
    """``(decoder_inputs (N, T'), targets (N, T'))`` for the examples' targets.

    The decoder reads ``<bos> y_1 ... y_n`` and must predict ``y_1 ... y_n <eos>``;
    ``decoder_inputs`` are padded with ``<pad>``, ``targets`` with ``-100``.
    """
    targets = [_encode_symbols(e.target, f"examples[{i}].target")
               for i, e in enumerate(examples)]
    decoder_inputs, _ = pad_sequences([[SYMBOL_BOS, *t] for t in targets],
                                      pad_index=SYMBOL_PAD)
    padded_targets, _ = pad_sequences([[*t, SYMBOL_EOS] for t in targets],
                                      pad_index=IGNORE_INDEX)
    return decoder_inputs, padded_targets


def to_bag_tensors(
    examples: Sequence[SymbolExample],
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Encode letter bags for teacher forcing.

    Returns ``(counts (N, 8), decoder_inputs (N, T'), targets (N, T'))``: the
    count of each letter of the source (its order is dropped here), then the
    decoder's tensors with ``T'`` = the longest target + 1 (see
    :func:`to_reversal_tensors`).
    """
    examples = _check_list(examples, "examples", SymbolExample)
    counts = torch.zeros(len(examples), len(SYMBOL_ALPHABET))
    for i, example in enumerate(examples):
        _encode_symbols(example.source, f"examples[{i}].source")  # validates the letters
        for letter in example.source:
            counts[i, SYMBOL_ALPHABET.index(letter)] += 1
    return (counts, *_decoder_tensors(examples))


def to_reversal_tensors(
    examples: Sequence[SymbolExample],
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    """Encode reversal examples for teacher forcing.

    Returns ``(source_ids (N, T), source_lengths (N,), decoder_inputs (N, T'),
    targets (N, T'))`` with ``T'`` = the longest target + 1: the decoder reads
    ``<bos> y_1 ... y_n`` and must predict ``y_1 ... y_n <eos>``; ``source_ids``
    and ``decoder_inputs`` are padded with ``<pad>``, ``targets`` with ``-100``.
    """
    examples = _check_list(examples, "examples", SymbolExample)
    sources = [_encode_symbols(e.source, f"examples[{i}].source")
               for i, e in enumerate(examples)]
    source_ids, source_lengths = pad_sequences(sources, pad_index=SYMBOL_PAD)
    return (source_ids, source_lengths, *_decoder_tensors(examples))


def decode_symbols(ids: Sequence[int] | torch.Tensor) -> str:
    """Turn symbol-task ids back into a string, stopping at the first ``<eos>``.

    ``<bos>`` and ``<pad>`` are skipped: ``decode_symbols([6, 5, 4, 2, 0]) == "dcb"``.
    """
    chars = []
    for token_id in check_id_list(ids, len(SYMBOL_TOKENS)):
        if token_id == SYMBOL_EOS:
            break
        if token_id not in (SYMBOL_PAD, SYMBOL_BOS):
            chars.append(SYMBOL_TOKENS[token_id])
    return "".join(chars)


def _check_list(items: object, name: str, kind: type) -> list:
    """``items`` must be a non-empty sequence of ``kind``."""
    return check_sequence(items, name, f"a list of {kind.__name__}", item=kind.__name__,
                          of=kind)
