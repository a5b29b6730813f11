"""Text processing from scratch: tokens, a vocabulary, bags of words and n-grams.

Everything a chapter needs to turn a sentence into numbers, written to be read.
``tokenize`` deliberately removes **no** stop words: the usual English stop-word
lists contain "not", and removing it would erase the difference between the
lecture's two sentences before any model sees them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

import torch

from seqlab._checks import (
    check_id_list,
    check_int,
    check_iterable,
    check_str,
    check_tokens,
    check_type,
)

__all__ = ["PAD", "UNK", "Vocabulary", "bag_of_words", "ngrams", "tokenize"]

PAD = "<pad>"
UNK = "<unk>"

# A word is a run of letters and digits (any alphabet, so "café" stays whole),
# possibly joined by apostrophes inside it ("isn't", "rock'n'roll" stay one token).
# An apostrophe at either end is a quotation mark, not part of the word: 'good' is good.
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
# Typographic apostrophes/quotes count as the ASCII apostrophe ("isn’t" == "isn't").
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


def tokenize(text: str) -> list[str]:
    """Split ``text`` into lower-case word tokens.

    A word is a run of letters, digits and apostrophes inside it ("isn't");
    punctuation, including quotation marks, is dropped; no stop words are removed.

    >>> tokenize("The movie is NOT good!")
    ['the', 'movie', 'is', 'not', 'good']
    """
    check_str(text, "text")
    return _WORD.findall(text.lower().translate(_APOSTROPHES))


def _check_texts(tokenized_texts: object) -> list[list[str]]:
    """``tokenized_texts`` as a list of token lists (a generator is read once)."""
    texts = check_iterable(tokenized_texts, "tokenized_texts", "an iterable of token lists")
    return [check_tokens(tokens, f"tokenized_texts[{i}]") for i, tokens in enumerate(texts)]


class Vocabulary:
    """A mapping between tokens and integer ids.

    Index 0 is ``<pad>`` and index 1 is ``<unk>``; the other tokens follow by
    descending frequency, ties broken alphabetically, so the same texts always
    give the same ids (no dependence on ``set`` order or string hashing).

    Args:
        tokenized_texts: an iterable of token lists, e.g. ``[tokenize(s) for s in texts]``.
        min_freq: tokens seen fewer times than this are left out (they map to ``<unk>``).
    """

    def __init__(self, tokenized_texts: Iterable[Sequence[str]], min_freq: int = 1) -> None:
        check_int(min_freq, "min_freq", minimum=1)
        counts: Counter[str] = Counter()
        for tokens in _check_texts(tokenized_texts):
            counts.update(tokens)
        for special in (PAD, UNK):
            counts.pop(special, None)
        kept = sorted((t for t, c in counts.items() if c >= min_freq),
                      key=lambda t: (-counts[t], t))
        self.itos: list[str] = [PAD, UNK, *kept]
        self.stoi: dict[str, int] = {t: i for i, t in enumerate(self.itos)}
        self.counts = counts

    pad_index = 0
    unk_index = 1

    def __len__(self) -> int:
        return len(self.itos)

    def __contains__(self, token: object) -> bool:
        return token in self.stoi

    def __repr__(self) -> str:
        preview = ", ".join(self.itos[:6])
        return f"Vocabulary(size={len(self)}: {preview}{', ...' if len(self) > 6 else ''})"

    def encode(self, tokens: Sequence[str]) -> list[int]:
        """Map tokens to a list of int ids; unknown tokens map to ``<unk>`` (id 1)."""
        tokens = check_tokens(tokens)
        return [self.stoi.get(t, self.unk_index) for t in tokens]

    def decode(self, ids: Sequence[int] | torch.Tensor) -> list[str]:
        """Map ids back to tokens. Raises ``ValueError`` for an id outside the vocabulary."""
        return [self.itos[i] for i in check_id_list(ids, len(self))]


def bag_of_words(tokens: Sequence[str], vocab: Vocabulary) -> torch.Tensor:
    """Count how often each vocabulary entry occurs in ``tokens``.

    Returns a float32 tensor of shape ``(len(vocab),)``; unknown words count
    toward ``<unk>``. The order of ``tokens`` is forgotten by construction: any
    permutation of ``tokens`` gives the same vector.
    """
    check_type(vocab, "vocab", Vocabulary, "a seqlab.text.Vocabulary")
    # Entry i counts how often id i occurs: a sum over the tokens, so order cannot matter.
    ids = torch.tensor(vocab.encode(tokens), dtype=torch.long)
    return torch.bincount(ids, minlength=len(vocab)).to(torch.float32)


def ngrams(tokens: Sequence[str], n: int) -> list[str]:
    """Return the contiguous ``n``-grams of ``tokens``, each joined by a space.

    >>> ngrams(["is", "not", "good"], 2)
    ['is not', 'not good']

    A sequence shorter than ``n`` has no n-grams (an empty list).
    """
    tokens = check_tokens(tokens)
    check_int(n, "n", minimum=1)
    return [" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
