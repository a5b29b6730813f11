"""Unit tests of seqlab._torch: the eval-mode context manager."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from seqlab._torch import evaluating


@pytest.mark.parametrize("training", [True, False])
def test_evaluating_restores_the_mode_and_disables_autograd(training):
    model = nn.Sequential(nn.Linear(2, 2), nn.Dropout(0.9)).train(training)
    with evaluating(model) as inside:
        assert inside is model and not model.training
        assert not model(torch.ones(1, 2)).requires_grad
    assert model.training is training
    assert all(m.training is training for m in model.modules())


def test_evaluating_restores_the_mode_when_the_block_raises():
    model = nn.Linear(2, 2).train()
    with pytest.raises(RuntimeError, match="inside"), evaluating(model):
        raise RuntimeError("inside")
    assert model.training
