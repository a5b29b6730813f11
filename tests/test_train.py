"""Unit tests of seqlab.train: seeding, device choice, fit, and the one prediction
routine behind evaluate, accuracy, predict_logits and predict."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from seqlab import train
from seqlab.train import (
    History,
    accuracy,
    default_device,
    evaluate,
    fit,
    predict,
    predict_logits,
    set_seed,
)


class FixedLogits(nn.Module):
    """A parameter-free model whose input *is* its logits, recording its mode and
    whether autograd was on."""

    def __init__(self) -> None:
        super().__init__()
        self.modes: list[bool] = []
        self.grad_enabled: list[bool] = []

    def forward(self, logits: torch.Tensor, *ignored: torch.Tensor) -> torch.Tensor:
        self.modes.append(self.training)
        self.grad_enabled.append(torch.is_grad_enabled())
        return logits


class PerTokenClassifier(nn.Module):
    """One prediction per time step: token_ids (B, T) -> logits (B, T, C)."""

    def __init__(self, vocab_size: int = 6, num_classes: int = 2) -> None:
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, num_classes)

    def forward(self, token_ids: torch.Tensor) -> torch.Tensor:
        return self.embedding(token_ids)


def separable_batches(n: int = 64, batch_size: int = 16, seed: int = 0) -> list:
    """Two Gaussian blobs far apart: class = sign of the first coordinate."""
    generator = torch.Generator().manual_seed(seed)
    labels = torch.randint(0, 2, (n,), generator=generator)
    points = torch.randn(n, 2, generator=generator) * 0.3
    points[:, 0] += labels.float() * 4 - 2
    dataset = TensorDataset(points, labels)
    return list(DataLoader(dataset, batch_size=batch_size))


def test_every_name_in_all_exists():
    assert all(hasattr(train, name) for name in train.__all__)


def test_ignore_index_is_the_one_of_seqlab_data():
    from seqlab.data import tasks

    assert train.IGNORE_INDEX is tasks.IGNORE_INDEX == -100


# --- set_seed / default_device ------------------------------------------------------


def test_set_seed_makes_torch_numpy_and_python_reproducible():
    set_seed(11)
    first = (torch.rand(3), np.random.rand(3), random.random())
    set_seed(11)
    second = (torch.rand(3), np.random.rand(3), random.random())
    assert torch.equal(first[0], second[0])
    assert np.array_equal(first[1], second[1])
    assert first[2] == second[2]
    set_seed(12)
    assert not torch.equal(torch.rand(3), first[0])


def test_set_seed_rejects_a_negative_seed():
    with pytest.raises(ValueError, match=r"seed must be >= 0"):
        set_seed(-1)


def test_default_device_returns_a_torch_device():
    device = default_device()
    assert isinstance(device, torch.device)
    assert device.type in {"cuda", "mps", "cpu"}


def test_default_device_prefers_cuda_then_falls_back_to_cpu(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert default_device() == torch.device("cuda")
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    if getattr(torch.backends, "mps", None) is not None:
        monkeypatch.setattr(torch.backends.mps, "is_available", lambda: False)
    assert default_device() == torch.device("cpu")


# --- fit ----------------------------------------------------------------------------


def test_fit_returns_one_history_entry_per_epoch_and_loss_decreases():
    set_seed(0)
    model = nn.Linear(2, 2)
    history = fit(model, separable_batches(), epochs=8, lr=0.1)
    assert isinstance(history, History)
    assert history.epochs == 8
    assert len(history.train_loss) == len(history.train_accuracy) == 8
    assert history.val_loss == [] and history.val_accuracy == []
    assert history.train_loss[-1] < history.train_loss[0]
    assert history.train_accuracy[-1] == 1.0
    assert all(0.0 <= a <= 1.0 for a in history.train_accuracy)
    assert model.training  # fit leaves the model in training mode


def test_fit_fills_validation_lists_when_val_loader_given():
    set_seed(0)
    model = nn.Linear(2, 2)
    history = fit(model, separable_batches(seed=0), epochs=3, lr=0.1,
                  val_loader=separable_batches(n=32, seed=1))
    assert len(history.val_loss) == len(history.val_accuracy) == 3
    # the last validation numbers are those of the trained model
    val_loss, val_acc = evaluate(model, separable_batches(n=32, seed=1))
    assert history.val_loss[-1] == pytest.approx(val_loss, rel=1e-6)
    assert history.val_accuracy[-1] == val_acc


def test_fit_accepts_per_step_logits_and_ignores_minus_100_targets():
    set_seed(0)
    token_ids = torch.tensor([[1, 2, 3, 0], [4, 5, 0, 0], [3, 2, 1, 5]])
    targets = token_ids % 2
    targets[token_ids == 0] = -100  # padding: no target
    model = PerTokenClassifier()
    padding_row = model.embedding.weight[0].detach().clone()
    history = fit(model, [(token_ids, targets)], epochs=30, lr=0.2)
    assert all(math.isfinite(loss) for loss in history.train_loss)
    assert history.train_loss[-1] < history.train_loss[0]
    assert history.train_accuracy[-1] == 1.0
    # ignored positions carry no gradient, so the padding id's embedding never moves
    assert torch.equal(model.embedding.weight[0], padding_row)
    assert predict(model, token_ids).shape == (3, 4)


def test_fit_skips_batches_whose_targets_are_all_ignored():
    set_seed(0)
    model = PerTokenClassifier()
    ignored = (torch.tensor([[1, 2]]), torch.full((1, 2), -100))
    useful = (torch.tensor([[1, 2]]), torch.tensor([[1, 0]]))
    history = fit(model, [ignored, useful], epochs=2, val_loader=[ignored, useful])
    assert all(math.isfinite(x) for x in history.train_loss + history.val_loss)


def test_fit_with_clip_grad_norm_clips_the_gradient_of_each_step():
    huge = [(torch.full((4, 2), 1000.0), torch.tensor([0, 1, 0, 1]))]

    def last_gradient_norm(**kwargs) -> float:
        torch.manual_seed(0)
        model = nn.Linear(2, 2)
        fit(model, huge, epochs=1, **kwargs)  # the last step's gradients stay in .grad
        return torch.cat([p.grad.flatten() for p in model.parameters()]).norm().item()

    assert last_gradient_norm() > 1.0
    assert 0 < last_gradient_norm(clip_grad_norm=0.01) <= 0.01 + 1e-6


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"model": lambda x: x}, TypeError, r"model must be a torch.nn.Module, got function"),
        ({"epochs": 0}, ValueError, r"epochs must be >= 1, got 0"),
        ({"lr": 0.0}, ValueError, r"lr must be > 0, got 0.0"),
        ({"train_loader": 5}, TypeError, r"train_loader must be an iterable of batches"),
        ({"val_loader": 3}, TypeError, r"val_loader must be an iterable of batches"),
        ({"clip_grad_norm": 0}, ValueError, r"clip_grad_norm must be > 0"),
    ],
)
def test_fit_rejects_bad_arguments(kwargs, error, message):
    arguments = {"model": nn.Linear(2, 2), "train_loader": separable_batches(n=8),
                 "epochs": 1, **kwargs}
    with pytest.raises(error, match=message):
        fit(**arguments)


@pytest.mark.parametrize(
    ("batches", "error", "message"),
    [
        ([], ValueError, r"train_loader yielded no batches"),
        ([torch.zeros(2, 2)], TypeError, r"each batch must be a tuple \(\*inputs, targets\)"),
        ([(torch.zeros(2, 2),)], ValueError, r"each batch must be a tuple"),
        ([(torch.zeros(2, 2), [0, 1])], TypeError, r"each batch must contain only Tensor, found"),
    ],
)
def test_fit_rejects_bad_batches(batches, error, message):
    with pytest.raises(error, match=message):
        fit(nn.Linear(2, 2), batches, epochs=1)


def test_fit_on_a_used_up_generator_explains_the_problem():
    batches = iter(separable_batches(n=8))
    with pytest.raises(ValueError, match=r"generator is used up after one epoch"):
        fit(nn.Linear(2, 2), batches, epochs=2)


# --- evaluate / accuracy / predict_logits / predict ---------------------------------

LOGITS = torch.tensor([[2.0, 0.0], [0.0, 1.0], [3.0, 1.0], [0.0, 5.0], [1.0, 0.0]])
TARGETS = torch.tensor([0, 1, 1, 1, 1])  # argmax is [0, 1, 0, 1, 0]: 3 of 5 right


def test_evaluate_returns_weighted_mean_loss_and_accuracy_of_known_logits():
    batches = [(LOGITS[:2], TARGETS[:2]), (LOGITS[2:], TARGETS[2:])]  # sizes 2 and 3
    loss, acc = evaluate(FixedLogits(), batches)
    expected = F.cross_entropy(LOGITS, TARGETS).item()
    assert loss == pytest.approx(expected, rel=1e-6)
    assert acc == pytest.approx(3 / 5)


def test_evaluate_counts_only_non_ignored_per_step_targets():
    logits = torch.tensor([[[1.0, 0.0], [0.0, 1.0], [9.0, 0.0]]])  # (B=1, T=3, C=2)
    targets = torch.tensor([[0, 0, -100]])  # right, wrong, ignored
    loss, acc = evaluate(FixedLogits(), [(logits, targets)])
    assert acc == pytest.approx(1 / 2)
    expected = F.cross_entropy(logits[0, :2], targets[0, :2]).item()
    assert loss == pytest.approx(expected, rel=1e-6)


@pytest.mark.parametrize(
    "score",
    [
        lambda model: evaluate(model, [(LOGITS[:2], TARGETS[:2]), (LOGITS[2:], TARGETS[2:])]),
        lambda model: accuracy(model, [(LOGITS, TARGETS)]),
        lambda model: predict_logits(model, LOGITS),
        lambda model: predict(model, LOGITS),
    ],
    ids=["evaluate", "accuracy", "predict_logits", "predict"],
)
def test_scoring_runs_in_eval_mode_without_autograd_and_restores_the_mode(score):
    model = FixedLogits().train()
    score(model)
    assert model.modes and not any(model.modes)
    assert not any(model.grad_enabled)
    assert model.training is True
    model.eval()
    score(model)
    assert model.training is False


def test_accuracy_is_the_fraction_correct():
    assert accuracy(FixedLogits(), [(LOGITS, TARGETS)]) == pytest.approx(3 / 5)
    assert accuracy(FixedLogits(), [(LOGITS, LOGITS.argmax(-1))]) == 1.0


def test_predict_logits_are_the_models_logits_on_the_cpu():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 3), nn.Dropout(0.5))  # dropout is off in eval mode
    inputs = torch.randn(6, 2)
    logits = predict_logits(model, inputs)
    assert logits.device == torch.device("cpu") and not logits.requires_grad
    torch.testing.assert_close(logits, model[0](inputs).detach(), rtol=0, atol=0)


def test_predict_returns_argmax_classes_on_cpu():
    classes = predict(FixedLogits(), LOGITS, torch.ones(5, dtype=torch.long))
    assert classes.tolist() == [0, 1, 0, 1, 0]
    assert classes.device == torch.device("cpu")
    torch.manual_seed(0)
    model = nn.Linear(2, 3)
    inputs = torch.randn(6, 2)
    assert torch.equal(predict(model, inputs), model(inputs).argmax(-1))


def test_evaluate_rejects_bad_input():
    with pytest.raises(TypeError, match=r"loader must be an iterable of batches"):
        evaluate(FixedLogits(), None)
    with pytest.raises(ValueError, match=r"loader yielded no targets"):
        evaluate(FixedLogits(), [])
    with pytest.raises(TypeError, match=r"model must be a torch.nn.Module"):
        evaluate("model", [(LOGITS, TARGETS)])


def test_predict_logits_rejects_bad_input():
    with pytest.raises(ValueError, match=r"inputs must contain at least one tensor"):
        predict_logits(FixedLogits())
    with pytest.raises(TypeError, match=r"inputs must contain only Tensor, found list"):
        predict_logits(FixedLogits(), [[1.0, 0.0]])
    with pytest.raises(TypeError, match=r"model must be a torch.nn.Module"):
        predict_logits(None, LOGITS)


def test_predict_rejects_bad_input_through_predict_logits():
    with pytest.raises(ValueError, match=r"inputs must contain at least one tensor"):
        predict(FixedLogits())


def test_history_epochs_counts_training_entries():
    assert History().epochs == 0
    assert History(train_loss=[1.0, 0.5], train_accuracy=[0.5, 0.75]).epochs == 2
