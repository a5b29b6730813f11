"""Small PyTorch mechanics shared by the package (no model code).

:func:`evaluating` is the one place that puts a model in eval mode for a
measurement and gives it back in the mode it had, whatever happens inside.
:class:`History` is the per-epoch record that every training loop returns (here,
below the models and :mod:`seqlab.train`, so both can use it).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import torch
from torch import nn

__all__ = ["History", "evaluating"]


@contextmanager
def evaluating(model: nn.Module) -> Iterator[nn.Module]:
    """Run the ``with`` block with ``model`` in eval mode and without autograd, then
    restore the train/eval mode it had (also when the block raises).

    Example::

        >>> model = nn.Dropout(0.5).train()
        >>> with evaluating(model):
        ...     y = model(torch.ones(3))
        >>> model.training, y.tolist(), y.requires_grad
        (True, [1.0, 1.0, 1.0], False)
    """
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            yield model
    finally:
        model.train(was_training)


@dataclass
class History:
    """Per-epoch record returned by :func:`seqlab.train.fit` (validation lists stay empty
    when no validation data were given).

    ``train_loss`` and ``train_accuracy`` are averaged over the epoch's batches
    while the weights change between them; ``val_*`` are measured with the
    weights fixed at the end of the epoch, like :func:`seqlab.train.evaluate`.
    """

    train_loss: list[float] = field(default_factory=list)
    train_accuracy: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    val_accuracy: list[float] = field(default_factory=list)

    @property
    def epochs(self) -> int:
        return len(self.train_loss)
