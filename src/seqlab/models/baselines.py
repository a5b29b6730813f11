r"""The baselines without a recurrent state that the book's RNNs are measured against.

* :class:`BagOfWordsMLP` (chapters 1 and 6): an MLP on word counts, blind to word order.
* :class:`BigramModel` and :class:`NGramModel` (chapter 7): count-based character
  language models that see a fixed window of the ``n - 1`` characters before the
  next one. :class:`BigramModel` counts which character follows which,
  add-:math:`\alpha` smoothed: one character of context. :class:`NGramModel`
  generalises it, optionally interpolated with the lower orders; for ``order=2`` it
  is exactly the bigram model. Both are fitted on a 1-D tensor of character ids
  (:class:`~seqlab.data.CharVocab`'s) and score text in nats per character, the
  unit of :func:`~seqlab.models.evaluate_char_rnn`.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from seqlab._checks import (
    check_bool,
    check_dim_size,
    check_float,
    check_int,
    check_sizes,
    check_tensor,
    check_token_ids,
)

__all__ = ["BagOfWordsMLP", "BigramModel", "NGramModel"]


class BagOfWordsMLP(nn.Module):
    """An MLP on bag-of-words count vectors (the model of unit 4, applied to text).

    ``counts (B, V) -> Linear(V, H) -> ReLU -> Linear(H, C) -> logits (B, C)``

    The input has no notion of position, so two sentences with the same words
    get the same vector and therefore the same prediction.

    Args:
        vocab_size: ``V``, the length of the count vectors.
        hidden_size: ``H``, the width of the hidden layer.
        num_classes: ``C``.
    """

    def __init__(self, vocab_size: int, hidden_size: int = 32, num_classes: int = 2) -> None:
        super().__init__()
        self.vocab_size, _ = check_sizes(vocab_size=vocab_size, hidden_size=hidden_size)
        check_int(num_classes, "num_classes", minimum=2)
        self.net = nn.Sequential(
            nn.Linear(vocab_size, hidden_size),
            nn.ReLU(),
            nn.Linear(hidden_size, num_classes),
        )

    def forward(self, counts: torch.Tensor) -> torch.Tensor:
        """``counts (B, V)`` float -> logits ``(B, C)``."""
        check_tensor(counts, "counts", ndim=2, floating=True, dtype=self.net[0].weight.dtype)
        check_dim_size(counts, "counts", 1, self.vocab_size,
                       f"one column per word of the vocabulary (vocab_size={self.vocab_size})")
        return self.net(counts)


class BigramModel:
    r"""A count-based character bigram model with add-:math:`\alpha` smoothing.

    .. math::
        P(c_{t+1} = j \mid c_t = i) = \frac{N_{ij} + \alpha}{\sum_k N_{ik} + \alpha V}

    where :math:`N_{ij}` counts how often character ``j`` follows ``i`` in the
    training text. It sees exactly one character of context, the baseline that
    any model with memory should beat. Build it with :meth:`fit`.

    Attributes:
        counts: ``(V, V)`` float64 tensor, ``counts[i, j] = N_ij``.
        alpha: the smoothing constant.
        log_probs: ``(V, V)`` float64 tensor of :math:`\ln P(j \mid i)`; rows sum
            to 1 after ``exp``.
    """

    def __init__(self, counts: torch.Tensor, alpha: float) -> None:
        counts = check_tensor(counts, "counts", ndim=2)
        if counts.shape[0] != counts.shape[1]:
            raise ValueError(f"counts must be square (V, V), got {tuple(counts.shape)}")
        self.alpha = check_float(alpha, "alpha", positive=True)
        self.counts = counts.to(torch.float64)
        smoothed = self.counts + self.alpha
        self.log_probs = smoothed.log() - smoothed.sum(dim=1, keepdim=True).log()

    @property
    def vocab_size(self) -> int:
        return self.counts.shape[0]

    @classmethod
    def fit(cls, ids: torch.Tensor, vocab_size: int, alpha: float = 1.0) -> BigramModel:
        """Count the transitions ``ids[t] -> ids[t + 1]`` of a 1-D id sequence."""
        ids = _check_ngram_ids(ids, check_int(vocab_size, "vocab_size", minimum=1), order=2)
        counts = torch.zeros(vocab_size, vocab_size, dtype=torch.float64)
        ones = torch.ones(len(ids) - 1, dtype=torch.float64)
        counts.index_put_((ids[:-1], ids[1:]), ones, accumulate=True)
        return cls(counts, alpha)

    def loss(self, ids: torch.Tensor) -> float:
        """Mean cross-entropy in nats per character of ``ids[1:]`` given ``ids[:-1]``."""
        ids = _check_ngram_ids(ids, self.vocab_size, order=2)
        return float(-self.log_probs[ids[:-1], ids[1:]].mean())


def _codes(windows: torch.Tensor, width: int, vocab_size: int) -> torch.Tensor:
    """The last ``width`` ids of every row of ``windows`` ``(P, n)`` as one integer in
    base ``V`` (the oldest character the highest digit): ``(P,)``."""
    codes = torch.zeros(len(windows), dtype=torch.int64)
    for column in range(windows.shape[1] - width, windows.shape[1]):
        codes = codes * vocab_size + windows[:, column]
    return codes


def _lookup(keys: torch.Tensor, counts: torch.Tensor, queries: torch.Tensor) -> torch.Tensor:
    """The ``counts`` of the ``queries`` in the sorted, non-empty ``keys`` (0 for the others)."""
    index = torch.searchsorted(keys, queries).clamp(max=len(keys) - 1)
    return torch.where(keys[index] == queries, counts[index], 0.0)


@dataclass(frozen=True)
class _NGramCounts:
    """The ``m``-grams seen (sorted base-``V`` codes) with their counts, and their contexts'."""

    grams: torch.Tensor
    gram_counts: torch.Tensor
    contexts: torch.Tensor
    context_counts: torch.Tensor

    @classmethod
    def of(cls, ids: torch.Tensor, order: int, vocab_size: int) -> _NGramCounts:
        """Count every ``order``-gram of ``ids`` and every context (its first ``order - 1``)."""
        codes = _codes(ids.unfold(0, order, 1), order, vocab_size)  # (len(ids) - order + 1,)
        grams, gram_counts = torch.unique(codes, return_counts=True)
        # dropping the last digit leaves the context; N(u) = sum over c of N(u, c)
        contexts, context_counts = torch.unique(codes // vocab_size, return_counts=True)
        return cls(grams, gram_counts.double(), contexts, context_counts.double())


class NGramModel:
    r"""A count-based character ``n``-gram model: the next character given the ``n - 1`` before it.

    With add-:math:`\alpha` smoothing (the default), for a context :math:`u` of
    ``n - 1`` characters,

    .. math::
        P(c \mid u) = \frac{N(u, c) + \alpha}{N(u) + \alpha V},

    where :math:`N(u, c)` counts how often ``c`` follows ``u`` in the training text
    and :math:`N(u) = \sum_c N(u, c)`; for ``order=2`` this is :class:`BigramModel`.
    A context never seen in training gets the uniform distribution. With
    ``interpolate=True`` the :math:`\alpha V` pseudo-counts are shared out by the
    model of order ``n - 1`` instead of uniformly,

    .. math::
        P_n(c \mid u) = \frac{N(u, c) + \alpha V \, P_{n-1}(c \mid u')}{N(u) + \alpha V},

    where :math:`u'` is :math:`u` without its oldest character, down to the
    unigram :math:`P_1`, whose prior is uniform: an unseen context falls back on
    the shorter ones. Either way the probabilities of the ``V`` characters sum to 1.
    Build it with :meth:`fit`.

    The counts are sparse: for each order, the sorted ``n``-grams seen (each one
    integer in base ``V``) and their counts, so a 4-gram model of a text of
    ``N`` characters needs ``O(N)`` memory, not ``V ** 4``.

    Attributes:
        order: ``n``, the characters of an ``n``-gram (the context is ``n - 1`` of them).
        vocab_size: ``V``.
        alpha: the smoothing constant.
        interpolate: whether the pseudo-counts follow the model of order ``n - 1``.
    """

    def __init__(self, counts: dict[int, _NGramCounts], vocab_size: int, alpha: float,
                 interpolate: bool) -> None:
        self._counts = counts  # order m -> its counts: only n, or 1..n with interpolate
        self.order = max(counts)
        self.vocab_size = vocab_size
        self.alpha = alpha
        self.interpolate = interpolate

    @classmethod
    def fit(cls, ids: torch.Tensor, vocab_size: int, order: int = 3, alpha: float = 1.0,
            *, interpolate: bool = False) -> NGramModel:
        """Count the ``order``-grams of a 1-D id sequence (and the lower orders, to
        interpolate)."""
        ids, order, alpha = _check_ngram_fit(ids, vocab_size, order, alpha, interpolate)
        orders = range(1, order + 1) if interpolate else (order,)
        counts = {m: _NGramCounts.of(ids, m, vocab_size) for m in orders}
        return cls(counts, vocab_size, alpha, interpolate)

    def _probabilities(self, windows: torch.Tensor) -> torch.Tensor:
        """``P(last id | the n - 1 before it)`` for every row of ``windows`` ``(P, n)``."""
        V, pseudo = self.vocab_size, self.alpha * self.vocab_size
        prior = torch.full((len(windows),), 1.0 / V, dtype=torch.float64)
        for m, counts in self._counts.items():  # increasing orders: each the next one's prior
            grams = _codes(windows, m, V)  # the m-gram ending with the scored character
            seen = _lookup(counts.contexts, counts.context_counts, grams // V)  # N(u)
            prior = (_lookup(counts.grams, counts.gram_counts, grams) + pseudo * prior) / (
                seen + pseudo)
        return prior

    def loss(self, ids: torch.Tensor) -> float:
        """Mean cross-entropy in nats per character of ``ids[n - 1:]``, each given the
        ``n - 1`` characters before it (for ``n = 2``: exactly :meth:`BigramModel.loss`)."""
        ids = _check_ngram_ids(ids, self.vocab_size, self.order)
        windows = ids.unfold(0, self.order, 1)  # (len(ids) - n + 1, n): one n-gram per row
        return float(-self._probabilities(windows).log().mean())

    def probabilities(self, context: torch.Tensor) -> torch.Tensor:
        """The distribution ``(V,)`` (float64, sums to 1) of the character after
        ``context``, a 1-D tensor of the ``n - 1`` ids before it."""
        context = _check_context(context, self.vocab_size, self.order)
        candidates = torch.arange(self.vocab_size).unsqueeze(1)  # (V, 1)
        # row c: the context followed by candidate c
        return self._probabilities(torch.cat([context.expand(self.vocab_size, -1),
                                              candidates], dim=1))


def _check_ngram_fit(ids: object, vocab_size: object, order: object, alpha: object,
                     interpolate: object) -> tuple[torch.Tensor, int, float]:
    """The ids, ``order >= 1`` and ``alpha > 0`` of :meth:`NGramModel.fit`; ``V ** order``
    must fit in an int64 code."""
    check_int(vocab_size, "vocab_size", minimum=1)
    check_int(order, "order", minimum=1)
    check_bool(interpolate, "interpolate")
    if vocab_size ** order >= 2 ** 63:
        raise ValueError(f"order={order} is too high: vocab_size ** order must be < 2 ** 63")
    ids = _check_ngram_ids(ids, vocab_size, order)
    return ids, order, check_float(alpha, "alpha", positive=True)


def _check_ngram_ids(ids: object, vocab_size: int, order: int) -> torch.Tensor:
    """A 1-D tensor of ids in ``0..vocab_size-1`` holding at least one ``order``-gram."""
    ids = check_token_ids(ids, vocab_size, "ids", ndim=1)
    if len(ids) < order:
        raise ValueError(f"ids must hold at least order={order} characters, got {len(ids)}")
    return ids


def _check_context(context: object, vocab_size: int, order: int) -> torch.Tensor:
    """A 1-D tensor of exactly ``order - 1`` ids in ``0..vocab_size-1``."""
    context = check_tensor(context, "context", ndim=1, floating=False)
    if len(context) != order - 1:
        raise ValueError(f"context must hold order - 1 = {order - 1} ids, got {len(context)}")
    if len(context):
        check_token_ids(context, vocab_size, "context", ndim=1)
    return context
