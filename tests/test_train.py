"""Unit tests of seqlab.train: seeding, device choice, fit, evaluate, accuracy, predict."""

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
from seqlab.train import History, accuracy, default_device, evaluate, fit, predict, set_seed


class FixedLogits(nn.Module):
    """A parameter-free model whose input *is* its logits, recording its mode."""

    def __init__(self) -> None:
        super().__init__()
        self.modes: list[bool] = []

    def forward(self, logits: torch.Tensor, *ignored: torch.Tensor) -> torch.Tensor:
        self.modes.append(self.training)
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


def test_public_names_are_exported():
    assert sorted(train.__all__) == ["History", "accuracy", "default_device", "evaluate",
                                     "fit", "predict", "set_seed"]


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


def test_set_seed_rejects_bad_seed():
    with pytest.raises(ValueError, match=r"seed must be >= 0"):
        set_seed(-1)
    with pytest.raises(TypeError, match=r"seed must be an int, got str"):
        set_seed("1")


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


def test_fit_with_clip_grad_norm_limits_each_step():
    torch.manual_seed(0)
    model = nn.Linear(2, 2)
    before = torch.cat([p.detach().flatten().clone() for p in model.parameters()])
    huge = (torch.full((4, 2), 1000.0), torch.tensor([0, 1, 0, 1]))
    optimizer = torch.optim.SGD(model.parameters(), lr=1.0)
    fit(model, [huge], epochs=1, optimizer=optimizer, clip_grad_norm=0.01)
    after = torch.cat([p.detach().flatten() for p in model.parameters()])
    step = (after - before).norm().item()
    assert 0 < step <= 0.01 + 1e-6


def test_fit_uses_the_given_optimizer_instead_of_lr():
    model = nn.Linear(2, 2)
    before = [p.detach().clone() for p in model.parameters()]
    frozen = torch.optim.SGD(model.parameters(), lr=0.0)
    fit(model, separable_batches(n=16), epochs=2, lr=1.0, optimizer=frozen)
    for old, new in zip(before, model.parameters(), strict=True):
        assert torch.equal(old, new)


def test_fit_moves_the_model_to_the_given_device():
    model = nn.Linear(2, 2)
    history = fit(model, separable_batches(n=16), epochs=1, device="cpu")
    assert history.epochs == 1
    assert next(model.parameters()).device == torch.device("cpu")


def test_fit_verbose_prints_one_line_per_epoch(capsys):
    fit(nn.Linear(2, 2), separable_batches(n=16), epochs=2, val_loader=separable_batches(n=8),
        verbose=True)
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("epoch   1  loss ")
    assert "val_acc" in lines[1]


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"epochs": 0}, ValueError, r"epochs must be >= 1, got 0"),
        ({"epochs": 2.0}, TypeError, r"epochs must be an int, got float"),
        ({"lr": 0.0}, ValueError, r"lr must be > 0, got 0.0"),
        ({"lr": -1e-3}, ValueError, r"lr must be > 0"),
        ({"lr": "fast"}, TypeError, r"lr must be a number, got str"),
        ({"clip_grad_norm": 0}, ValueError, r"clip_grad_norm must be > 0"),
        ({"val_loader": 3}, TypeError, r"val_loader must be an iterable of batches"),
    ],
)
def test_fit_rejects_bad_arguments(kwargs, error, message):
    arguments = {"epochs": 1, **kwargs}
    with pytest.raises(error, match=message):
        fit(nn.Linear(2, 2), separable_batches(n=8), **arguments)


def test_fit_rejects_bad_model_loader_and_batches():
    with pytest.raises(TypeError, match=r"model must be a torch.nn.Module, got function"):
        fit(lambda x: x, separable_batches(n=8), epochs=1)
    with pytest.raises(TypeError, match=r"train_loader must be an iterable of batches"):
        fit(nn.Linear(2, 2), 5, epochs=1)
    with pytest.raises(ValueError, match=r"train_loader yielded no batches"):
        fit(nn.Linear(2, 2), [], epochs=1)
    with pytest.raises(ValueError, match=r"each batch must be a tuple \(\*inputs, targets\)"):
        fit(nn.Linear(2, 2), [torch.zeros(2, 2)], epochs=1)
    with pytest.raises(TypeError, match=r"each batch must hold only tensors, found list"):
        fit(nn.Linear(2, 2), [(torch.zeros(2, 2), [0, 1])], epochs=1)


def test_fit_on_a_used_up_generator_explains_the_problem():
    batches = iter(separable_batches(n=8))
    with pytest.raises(ValueError, match=r"generator is used up after one epoch"):
        fit(nn.Linear(2, 2), batches, epochs=2)


# --- evaluate / accuracy / predict --------------------------------------------------

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


def test_evaluate_runs_in_eval_mode_and_restores_training_mode():
    model = FixedLogits()
    model.train()
    evaluate(model, [(LOGITS, TARGETS)])
    assert model.modes == [False]
    assert model.training is True


def test_evaluate_uses_a_custom_loss_fn():
    loss, _ = evaluate(FixedLogits(), [(LOGITS, TARGETS)],
                       loss_fn=lambda logits, targets: torch.tensor(7.0))
    assert loss == pytest.approx(7.0)


def test_evaluate_rejects_bad_input():
    with pytest.raises(TypeError, match=r"loader must be an iterable of batches"):
        evaluate(FixedLogits(), None)
    with pytest.raises(ValueError, match=r"loader yielded no targets"):
        evaluate(FixedLogits(), [])
    with pytest.raises(TypeError, match=r"model must be a torch.nn.Module"):
        evaluate("model", [(LOGITS, TARGETS)])


def test_accuracy_is_the_fraction_correct():
    assert accuracy(FixedLogits(), [(LOGITS, TARGETS)]) == pytest.approx(3 / 5)
    assert accuracy(FixedLogits(), [(LOGITS, LOGITS.argmax(-1))]) == 1.0


def test_predict_returns_argmax_classes_on_cpu_and_restores_mode():
    model = FixedLogits()
    model.train()
    classes = predict(model, LOGITS, torch.ones(5, dtype=torch.long))
    assert classes.tolist() == [0, 1, 0, 1, 0]
    assert classes.device == torch.device("cpu")
    assert model.modes == [False]
    assert model.training is True


def test_predict_agrees_with_a_trained_models_logits():
    torch.manual_seed(0)
    model = nn.Linear(2, 3)
    inputs = torch.randn(6, 2)
    assert torch.equal(predict(model, inputs), model(inputs).argmax(-1))


def test_predict_rejects_bad_input():
    with pytest.raises(ValueError, match=r"inputs must hold at least one tensor"):
        predict(FixedLogits())
    with pytest.raises(TypeError, match=r"inputs must be tensors, found list"):
        predict(FixedLogits(), [[1.0, 0.0]])
    with pytest.raises(TypeError, match=r"model must be a torch.nn.Module"):
        predict(None, LOGITS)


def test_history_epochs_counts_training_entries():
    assert History().epochs == 0
    assert History(train_loss=[1.0, 0.5], train_accuracy=[0.5, 0.75]).epochs == 2
