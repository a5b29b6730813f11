"""One-dimensional convolution for text (chapter 2): by hand, and the TextCNN classifier.

:func:`conv1d_by_hand` slides a window of width ``k`` along the time axis and
takes one dot product per position, which is all ``torch.nn.functional.conv1d``
does (with stride 1 and no padding). :class:`TextCNN` applies such filters to
word embeddings, so each filter is a learned detector of ``k``-grams, and keeps
the strongest response of each filter anywhere in the sentence (max-over-time
pooling) before a linear layer. :func:`conv1d_as_conv2d` builds the ``Conv2d``
that computes the same thing as a given ``Conv1d``: a filter as tall as the
embedding, which therefore slides along time only.

Reading a trained model: a filter's response to a window depends on nothing but
its ``k`` tokens (padding never enters a window that counts), so feeding every
distinct ``k``-gram of a set of sentences to the model as a sentence of its own
gives every response the filter can have on them (:func:`ngram_activations`).
:func:`top_filters` ranks the filters of one width by how much they move the
prediction, ``|pooled activation x head weight|`` averaged over sentences, and lists
the ``k``-grams that excite each one most.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from seqlab._checks import (
    check_dim_size,
    check_embedding_sizes,
    check_int,
    check_lengths,
    check_sequence,
    check_sizes,
    check_tensor,
    check_token_ids,
    check_type,
)
from seqlab._torch import evaluating
from seqlab.data.batching import pad_sequences
from seqlab.models.rnn import padding_mask
from seqlab.text import Vocabulary, ngrams, tokenize

__all__ = [
    "FilterSummary",
    "TextCNN",
    "conv1d_as_conv2d",
    "conv1d_by_hand",
    "ngram_activations",
    "top_filters",
]


def _check_conv_inputs(
    x: object, weight: object, bias: object
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor | None]:
    """Validate the arguments of :func:`conv1d_by_hand` against each other."""
    x = check_tensor(x, "x", ndim=3, floating=True)  # (B, C_in, T)
    weight = check_tensor(weight, "weight", ndim=3, floating=True)  # (C_out, C_in, k)
    check_dim_size(weight, "weight", 1, x.shape[1],
                   f"C_in={x.shape[1]} input channels like x (shape {tuple(x.shape)})")
    if weight.shape[2] > x.shape[2]:
        raise ValueError(f"weight's width k={weight.shape[2]} must be <= T={x.shape[2]} of x")
    if bias is not None:
        bias = check_tensor(bias, "bias", ndim=1, floating=True)  # (C_out,)
        check_dim_size(bias, "bias", 0, weight.shape[0],
                       f"one entry per output channel ({weight.shape[0]})")
    return x, weight, bias


def conv1d_by_hand(
    x: torch.Tensor, weight: torch.Tensor, bias: torch.Tensor | None = None
) -> torch.Tensor:
    """A 1D convolution (stride 1, no padding) written as a loop over window positions.

    The output at position ``t`` is the dot product of the filter with the window
    ``x[:, :, t:t+k]``, summed over input channels and the ``k`` positions:

        out[b, o, t] = bias[o] + sum_{c, j} weight[o, c, j] * x[b, c, t + j]

    Like every deep-learning "convolution" this is really a cross-correlation
    (the filter is not flipped). Equals ``torch.nn.functional.conv1d(x, weight, bias)``.

    Args:
        x: ``(B, C_in, T)``; for text, ``C_in`` is the embedding size and ``T`` the
            number of tokens.
        weight: ``(C_out, C_in, k)``, one filter of width ``k`` per output channel.
        bias: ``(C_out,)`` or ``None``.

    Returns:
        ``(B, C_out, T - k + 1)``, one value per filter and window position.
    """
    x, weight, bias = _check_conv_inputs(x, weight, bias)
    T, k = x.shape[2], weight.shape[2]
    columns = []
    for t in range(T - k + 1):
        window = x[:, :, t : t + k]  # (B, C_in, k)
        # (B, 1, C_in, k) * (C_out, C_in, k), summed over C_in and k -> (B, C_out)
        columns.append((window.unsqueeze(1) * weight).sum(dim=(2, 3)))
    out = torch.stack(columns, dim=2)  # (B, C_out, T - k + 1)
    if bias is not None:
        out = out + bias.view(1, -1, 1)  # (1, C_out, 1): one bias per filter
    return out


def conv1d_as_conv2d(conv: nn.Conv1d) -> nn.Conv2d:
    """The ``nn.Conv2d(1, F, kernel_size=(D, k))`` that computes what ``conv``, an
    ``nn.Conv1d(D, F, k)``, computes: the same weights, reshaped.

    Read the ``(D, T)`` embeddings of a sentence as a one-channel image of height
    ``D``: a 2D filter of height ``D`` covers all of it, so it can slide along time
    only, and its output has height 1. For ``x`` of shape ``(B, D, T)``::

        conv1d_as_conv2d(conv)(x.unsqueeze(1)).squeeze(2)  # (B, 1, D, T) -> (B, F, T - k + 1)

    equals ``conv(x)``. Only stride 1, no padding, no dilation and one group are
    supported (what :class:`TextCNN` uses).
    """
    _check_plain_conv1d(conv)
    out_channels, in_channels, k = conv.weight.shape  # (F, D, k)
    conv2d = nn.Conv2d(1, out_channels, kernel_size=(in_channels, k), bias=conv.bias is not None,
                       device=conv.weight.device, dtype=conv.weight.dtype)
    with torch.no_grad():
        conv2d.weight.copy_(conv.weight.unsqueeze(1))  # (F, D, k) -> (F, 1, D, k)
        if conv.bias is not None:
            conv2d.bias.copy_(conv.bias)
    return conv2d


def _check_plain_conv1d(conv: object) -> nn.Conv1d:
    """An ``nn.Conv1d`` with stride 1, no padding, no dilation and one group."""
    check_type(conv, "conv", nn.Conv1d, "a torch.nn.Conv1d")
    settings = {"stride": (1,), "padding": (0,), "dilation": (1,), "groups": 1}
    unusual = {name: getattr(conv, name) for name, plain in settings.items()
               if getattr(conv, name) != plain}
    if unusual:
        raise ValueError(f"conv must have stride 1, no padding or dilation, 1 group; got {unusual}")
    return conv


class TextCNN(nn.Module):
    """Embedding -> one Conv1d per kernel width -> ReLU -> max over time -> linear.

    ``token_ids (B, T) -> (B, T, D) -> (B, D, T) -> Conv1d(D, F, k) for each k
    -> ReLU -> (B, F, T-k+1) -> max over valid windows -> (B, F) per k
    -> concatenate (B, F * len(kernel_sizes)) -> Linear -> logits (B, C)``

    The embedding dimensions are the convolution's input channels and the
    tokens its positions, so a filter of width ``k`` scores every ``k``-gram.

    **Padding never changes a prediction.** Embeddings at positions ``t >= length``
    are zeroed, and a window starting at ``s`` counts only if it lies inside the
    sentence (``s + k <= length``); the others are set to ``-inf`` before the max.
    A sentence shorter than ``k`` has no such window; for it the *first* window
    counts, reading the sentence followed by zero vectors (and the batch is
    right-padded with zero vectors up to ``max(kernel_sizes)`` when ``T`` is
    smaller). Either way each sentence's logits depend only on its own tokens.

    Args:
        vocab_size: ``V``.
        embed_dim: ``D``, the convolutions' input channels.
        num_filters: ``F``, filters (output channels) per kernel width.
        kernel_sizes: the widths ``k``, one Conv1d each.
        num_classes: ``C``.
        pad_index: id of ``<pad>``; its embedding is kept at zero.
    """

    def __init__(
        self,
        vocab_size: int,
        embed_dim: int = 16,
        num_filters: int = 16,
        kernel_sizes: Sequence[int] = (2, 3),
        num_classes: int = 2,
        pad_index: int = 0,
    ) -> None:
        super().__init__()
        self.vocab_size, _, _ = check_embedding_sizes(vocab_size, pad_index, embed_dim=embed_dim,
                                                      num_filters=num_filters)
        check_int(num_classes, "num_classes", minimum=2)
        kernel_sizes = check_sequence(kernel_sizes, "kernel_sizes", "a sequence of int",
                                      item="width")
        self.kernel_sizes = tuple(check_int(k, "kernel_sizes", minimum=1) for k in kernel_sizes)
        self.embedding = nn.Embedding(vocab_size, embed_dim, padding_idx=pad_index)
        self.convs = nn.ModuleList(nn.Conv1d(embed_dim, num_filters, k) for k in self.kernel_sizes)
        self.head = nn.Linear(num_filters * len(self.kernel_sizes), num_classes)

    def _activations(
        self, token_ids: torch.Tensor, lengths: torch.Tensor
    ) -> list[tuple[torch.Tensor, torch.Tensor]]:
        """Per kernel width: ReLU activations ``(B, F, W)`` and valid windows ``(B, 1, W)``."""
        token_ids = check_token_ids(token_ids, self.vocab_size)
        T = token_ids.shape[1]
        lengths = check_lengths(lengths, *token_ids.shape).to(token_ids.device)
        embedded = self.embedding(token_ids)  # (B, T, D)
        # Zero the padding explicitly (not just through padding_idx) so that what a
        # short sentence's first window reads cannot depend on the <pad> embedding.
        embedded = embedded * padding_mask(lengths, T).unsqueeze(-1)
        embedded = embedded.transpose(1, 2)  # (B, D, T): embedding dims are channels
        widest = max(self.kernel_sizes)
        if T < widest:
            embedded = F.pad(embedded, (0, widest - T))  # (B, D, max k), zeros on the right
        results = []
        for k, conv in zip(self.kernel_sizes, self.convs, strict=True):
            activation = torch.relu(conv(embedded))  # (B, F, W) with W = max(T, max k) - k + 1
            starts = torch.arange(activation.shape[2], device=activation.device)  # (W,)
            # A window at s is valid iff s + k <= length; when length < k, only s = 0.
            valid_count = (lengths - k + 1).clamp(min=1)  # (B,)
            valid = starts.unsqueeze(0) < valid_count.unsqueeze(1)  # (B, W)
            results.append((activation, valid.unsqueeze(1)))
        return results

    def forward(self, token_ids: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        """``token_ids (B, T)`` long, ``lengths (B,)`` long -> logits ``(B, C)``."""
        pooled = [
            # max-over-time: "how strongly does this k-gram detector fire anywhere?"
            activation.masked_fill(~valid, float("-inf")).amax(dim=2)  # (B, F)
            for activation, valid in self._activations(token_ids, lengths)
        ]
        return self.head(torch.cat(pooled, dim=1))  # (B, C)

    def feature_maps(self, token_ids: torch.Tensor, lengths: torch.Tensor) -> list[torch.Tensor]:
        """The ReLU activation of every filter at every window, one tensor per kernel width.

        Returns a list in the order of ``kernel_sizes``; entry ``i`` has shape
        ``(B, F, W)`` with ``W = max(T, max(kernel_sizes)) - k_i + 1``, and
        ``[b, f, s]`` is filter ``f``'s response to the window of tokens
        ``s .. s+k_i-1``. Windows that the prediction ignores (they reach past the
        sentence) are set to 0, the ReLU's floor, so a heatmap shows them blank.
        """
        return [
            activation.masked_fill(~valid, 0.0)
            for activation, valid in self._activations(token_ids, lengths)
        ]


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
        raise ValueError(f"vocab must have vocab_size={model.vocab_size} entries, got {len(vocab)}")
    check_sequence(texts, "texts", "a list of sentences (str)", item="sentence", of=str)
    if check_int(kernel_size, "kernel_size", minimum=1) not in model.kernel_sizes:
        raise ValueError(f"kernel_size must be one of {model.kernel_sizes}, got {kernel_size}")
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
        raise ValueError(f"model must have 2 classes, got {model.head.out_features}")
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
