"""The Bag-of-Words baseline: a multilayer perceptron on word counts."""

from __future__ import annotations

import torch
from torch import nn

from seqlab._checks import check_dim_size, check_int, check_sizes, check_tensor

__all__ = ["BagOfWordsMLP"]


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
