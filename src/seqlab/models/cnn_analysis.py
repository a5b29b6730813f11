"""Reading a trained :class:`~seqlab.models.TextCNN` (chapter 2): filters as n-gram detectors.

A filter of width ``k`` looks at one window of ``k`` tokens at a time, and its
response to a window depends on nothing but those ``k`` tokens (padding never
enters a window that counts). So feeding every distinct ``k``-gram of a set of
sentences to the model as a sentence of its own gives *every* response the
filter can have on those sentences: :func:`ngram_activations`.

:func:`top_filters` ranks the filters of one width by how much they move the
prediction, ``|pooled activation x head weight|`` averaged over sentences, and
lists the ``k``-grams that excite each one most.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import torch

from seqlab._checks import check_int, check_sequence, check_sizes, check_type
from seqlab._torch import evaluating
from seqlab.data.batching import pad_sequences
from seqlab.models.cnn import TextCNN
from seqlab.text import Vocabulary, ngrams, tokenize

__all__ = ["FilterSummary", "ngram_activations", "top_filters"]


@dataclass(frozen=True)
class FilterSummary:
    """What one filter of a two-class :class:`TextCNN` responds to, and how much it matters.

    Attributes:
        kernel_size: the filter's width ``k``.
        filter_index: its index among the ``F`` filters of that width.
        importance: mean over the sentences of ``|pooled activation * vote|``, the size
            of its push on the logit margin ``logit[positive] - logit[negative]``.
        vote: ``head.weight[1, j] - head.weight[0, j]`` for the filter's column ``j``:
            > 0 means firing pushes towards *positive*, < 0 towards *negative*.
        top_ngrams: ``(k-gram, activation)`` pairs, strongest first, ties alphabetical.
    """

    kernel_size: int
    filter_index: int
    importance: float
    vote: float
    top_ngrams: tuple[tuple[str, float], ...]


def _check_inputs(model: object, vocab: object, texts: object, kernel_size: object) -> int:
    """Validate the common arguments; return the index of ``kernel_size`` in the model."""
    check_type(model, "model", TextCNN, "a seqlab.models.TextCNN")
    check_type(vocab, "vocab", Vocabulary, "a seqlab.text.Vocabulary")
    if len(vocab) != model.vocab_size:
        raise ValueError(f"vocab has {len(vocab)} entries but the model was built for vocab_size="
                         f"{model.vocab_size}; pass the vocabulary it was trained with")
    check_sequence(texts, "texts", "a list of sentences (str)", item="sentence", of=str)
    if check_int(kernel_size, "kernel_size", minimum=1) not in model.kernel_sizes:
        raise ValueError(f"kernel_size must be one of the model's kernel_sizes "
                         f"{model.kernel_sizes}, got {kernel_size}")
    return model.kernel_sizes.index(kernel_size)


def ngram_activations(
    model: TextCNN, vocab: Vocabulary, texts: Sequence[str], kernel_size: int
) -> tuple[list[str], torch.Tensor]:
    """Every filter's response to every distinct ``kernel_size``-gram of ``texts``.

    Args:
        model: a :class:`TextCNN` with ``kernel_size`` among its ``kernel_sizes``.
        vocab: the vocabulary the model was trained with (unknown words map to ``<unk>``).
        texts: the sentences whose windows to collect.
        kernel_size: ``k``, which of the model's filter banks to read.

    Returns:
        ``(grams, activations)``: the distinct ``k``-grams, sorted alphabetically, each
        a space-joined string; and a float tensor ``(len(grams), F)`` with the ReLU
        activation of each of the ``F`` filters of width ``k`` on each ``k``-gram,
        which is exactly its activation on that window inside any of the ``texts``.
    """
    index = _check_inputs(model, vocab, texts, kernel_size)
    return _ngram_activations(model, vocab, texts, kernel_size, index)


def _ngram_activations(
    model: TextCNN, vocab: Vocabulary, texts: Sequence[str], kernel_size: int, index: int
) -> tuple[list[str], torch.Tensor]:
    """:func:`ngram_activations` for checked arguments; ``index`` is ``kernel_size``'s
    position in ``model.kernel_sizes``."""
    grams = sorted({gram for text in texts for gram in ngrams(tokenize(text), kernel_size)})
    if not grams:
        raise ValueError(f"texts have no window of kernel_size={kernel_size} tokens")
    token_ids = torch.tensor([vocab.encode(gram.split(" ")) for gram in grams])  # (N, k)
    lengths = torch.full((len(grams),), kernel_size, dtype=torch.long)  # (N,)
    with evaluating(model):
        maps = model.feature_maps(token_ids, lengths)[index]  # (N, F, W)
    # Each k-gram is a whole sentence of length k: its only window is the first one.
    return grams, maps[:, :, 0]


def top_filters(
    model: TextCNN,
    vocab: Vocabulary,
    texts: Sequence[str],
    kernel_size: int,
    n_filters: int = 4,
    n_ngrams: int = 5,
) -> list[FilterSummary]:
    """The ``n_filters`` filters of width ``kernel_size`` that move the prediction most.

    A filter's *importance* is the mean over ``texts`` of ``|m_f * vote_f|``, where
    ``m_f`` is its max-over-time activation on the sentence and ``vote_f`` the
    difference of its two weights in the final linear layer: how far, on average,
    the filter pushes the margin between the positive and the negative logit.
    Filters are sorted by importance (ties: lower index first); each comes with its
    ``n_ngrams`` most exciting ``k``-grams from ``texts`` (ties alphabetical).

    Raises ``ValueError`` for a model with more than two classes.
    """
    index = _check_inputs(model, vocab, texts, kernel_size)
    check_sizes(n_filters=n_filters, n_ngrams=n_ngrams)
    if model.head.out_features != 2:
        raise ValueError("top_filters needs a two-class model (it ranks filters by their push "
                         f"on logit[1] - logit[0]), got num_classes={model.head.out_features}")
    encoded = []
    for i, text in enumerate(texts):
        ids = vocab.encode(tokenize(text))
        if not ids:
            raise ValueError(f"texts[{i}] has no words: {text!r}")
        encoded.append(ids)
    token_ids, lengths = pad_sequences(encoded)  # (N, T), (N,)
    num_filters = model.convs[index].out_channels
    columns = slice(index * num_filters, (index + 1) * num_filters)
    with evaluating(model):
        # ReLU >= 0 and feature_maps zeroes the ignored windows, so the max over
        # all windows is exactly the model's max-over-time pooled value.
        pooled = model.feature_maps(token_ids, lengths)[index].amax(dim=2)  # (N, F)
        votes = model.head.weight[1, columns] - model.head.weight[0, columns]  # (F,)
        importance = (pooled * votes).abs().mean(dim=0)  # (F,)
    grams, activations = _ngram_activations(model, vocab, texts, kernel_size, index)
    ranked = sorted(range(num_filters), key=lambda f: (-float(importance[f]), f))
    summaries = []
    for f in ranked[:n_filters]:
        order = sorted(range(len(grams)), key=lambda g: (-float(activations[g, f]), grams[g]))
        top = tuple((grams[g], float(activations[g, f])) for g in order[:n_ngrams])
        summaries.append(FilterSummary(kernel_size, f, float(importance[f]), float(votes[f]), top))
    return summaries
