"""Small PyTorch mechanics shared by the package (no model code).

:func:`evaluating` is the one place that puts a model in eval mode for a
measurement and gives it back in the mode it had, whatever happens inside.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import torch
from torch import nn

__all__ = ["evaluating"]


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
