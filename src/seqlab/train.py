"""Training utilities: seeding, device choice, a small ``fit`` loop and evaluation.

``fit`` works for every model in the book: a batch is a tuple
``(*inputs, targets)`` and the model is called as ``model(*inputs)``. Logits of
shape ``(B, C)`` (classification) or ``(B, T, C)`` (one prediction per step,
targets ``(B, T)`` with ``-100`` for positions to ignore) are both accepted.

Every score goes through one prediction routine: the model's logits for one batch,
computed in eval mode without autograd on the model's device
(:func:`predict_logits`, and :func:`evaluate` batch by batch); :func:`accuracy`,
:func:`predict` and the helpers of :mod:`seqlab.experiments` are built on them.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence

import numpy as np
import torch
from torch import nn

from seqlab._checks import (
    check_float,
    check_int,
    check_module,
    check_optional,
    check_sequence,
    check_type,
)
from seqlab._torch import History, evaluating
from seqlab.data.tasks import IGNORE_INDEX

__all__ = ["History", "accuracy", "default_device", "evaluate", "fit", "predict",
           "predict_logits", "set_seed"]


def set_seed(seed: int) -> None:
    """Seed Python's, NumPy's and PyTorch's random number generators."""
    check_int(seed, "seed", minimum=0)
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def default_device() -> torch.device:
    """The best available device: CUDA, then Apple's MPS, then the CPU."""
    if torch.cuda.is_available():
        return torch.device("cuda")
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        return torch.device("mps")
    return torch.device("cpu")


def _model_device(model: nn.Module) -> torch.device:
    """Where the model lives: its first parameter's (or buffer's) device, else the CPU.

    A model without parameters (a fixed rule, a test double) is valid here.
    """
    for tensor in (*model.parameters(), *model.buffers()):
        return tensor.device
    return torch.device("cpu")


def _check_loader(loader: object, name: str) -> None:
    check_type(loader, name, Iterable, "an iterable of batches (e.g. a DataLoader)")


def _split(batch: object) -> tuple[Sequence[torch.Tensor], torch.Tensor]:
    """``(inputs, targets)`` of one batch ``(*inputs, targets)``."""
    batch = check_sequence(batch, "each batch", "a tuple (*inputs, targets)", of=torch.Tensor)
    if len(batch) < 2:
        raise ValueError("each batch must be a tuple (*inputs, targets) with at least one input")
    return batch[:-1], batch[-1]


def _logits(model: nn.Module, inputs: Sequence[torch.Tensor], device: torch.device):
    """The one prediction routine: ``model(*inputs)`` in eval mode, without autograd."""
    with evaluating(model):
        return model(*(x.to(device) for x in inputs))


def _loss_and_correct(logits, targets, loss_fn):
    flat_logits = logits.reshape(-1, logits.shape[-1])
    flat_targets = targets.reshape(-1)
    loss = loss_fn(flat_logits, flat_targets)
    valid = flat_targets != IGNORE_INDEX
    correct = (flat_logits.argmax(-1)[valid] == flat_targets[valid]).sum().item()
    return loss, correct, int(valid.sum().item())


def evaluate(model: nn.Module, loader: Iterable) -> tuple[float, float]:
    """Mean cross-entropy and accuracy of ``model`` over ``loader`` (in eval mode)."""
    check_module(model)
    _check_loader(loader, "loader")
    device = _model_device(model)
    loss_fn = nn.CrossEntropyLoss(ignore_index=IGNORE_INDEX)
    total_loss, total_correct, total = 0.0, 0, 0
    for batch in loader:
        inputs, targets = _split(batch)
        logits = _logits(model, inputs, device)
        loss, correct, count = _loss_and_correct(logits, targets.to(device), loss_fn)
        if count == 0:  # every target ignored: the mean loss is NaN and weighs nothing
            continue
        total_loss += loss.item() * count
        total_correct += correct
        total += count
    if total == 0:
        raise ValueError("loader yielded no targets to evaluate")
    return total_loss / total, total_correct / total


def accuracy(model: nn.Module, loader: Iterable) -> float:
    """Fraction of correct predictions of ``model`` over ``loader``."""
    return evaluate(model, loader)[1]


def predict_logits(model: nn.Module, *inputs: torch.Tensor) -> torch.Tensor:
    """Logits ``(B, ..., C)`` of ``model`` for one batch, in eval mode, on the CPU."""
    check_module(model)
    check_sequence(inputs, "inputs", "tensors", item="tensor", of=torch.Tensor)
    return _logits(model, inputs, _model_device(model)).cpu()


def predict(model: nn.Module, *inputs: torch.Tensor) -> torch.Tensor:
    """Predicted classes ``(B,)`` (argmax of the logits) for one batch, in eval mode."""
    return predict_logits(model, *inputs).argmax(-1)


def _check_fit(model, train_loader, epochs, lr, val_loader, clip_grad_norm) -> None:
    check_module(model)
    check_int(epochs, "epochs", minimum=1)
    check_float(lr, "lr", positive=True)
    _check_loader(train_loader, "train_loader")
    check_optional(_check_loader, val_loader, "val_loader")
    check_optional(check_float, clip_grad_norm, "clip_grad_norm", positive=True)


def fit(
    model: nn.Module,
    train_loader: Iterable,
    *,
    epochs: int,
    lr: float = 1e-2,
    val_loader: Iterable | None = None,
    clip_grad_norm: float | None = None,
) -> History:
    """Train ``model`` with Adam and cross-entropy, where its parameters are.

    Args:
        model: called as ``model(*inputs)`` for each batch ``(*inputs, targets)``.
        train_loader: iterable of batches, re-iterated every epoch.
        epochs: number of passes over ``train_loader``.
        lr: Adam's learning rate.
        val_loader: optional batches to evaluate after each epoch.
        clip_grad_norm: if set, clip the gradient norm to this value each step.

    Returns:
        A :class:`History` of mean loss and accuracy per epoch.
    """
    _check_fit(model, train_loader, epochs, lr, val_loader, clip_grad_norm)
    device = _model_device(model)
    loss_fn = nn.CrossEntropyLoss(ignore_index=IGNORE_INDEX)  # targets -100 are skipped
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    history = History()
    for _ in range(epochs):
        model.train()
        total_loss, total_correct, total = 0.0, 0, 0
        for batch in train_loader:
            inputs, targets = _split(batch)
            logits = model(*(x.to(device) for x in inputs))
            loss, correct, count = _loss_and_correct(logits, targets.to(device), loss_fn)
            if count == 0:  # every target ignored: NaN loss, nothing to learn from
                continue
            optimizer.zero_grad()
            loss.backward()
            if clip_grad_norm is not None:
                nn.utils.clip_grad_norm_(model.parameters(), clip_grad_norm)
            optimizer.step()
            total_loss += loss.item() * count
            total_correct += correct
            total += count
        if total == 0:
            raise ValueError("train_loader yielded no batches with targets (a generator is used "
                             "up after one epoch: pass a list or DataLoader)")
        history.train_loss.append(total_loss / total)
        history.train_accuracy.append(total_correct / total)
        if val_loader is not None:
            val_loss, val_accuracy = evaluate(model, val_loader)
            history.val_loss.append(val_loss)
            history.val_accuracy.append(val_accuracy)
    return history
