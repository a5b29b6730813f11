"""Training utilities: seeding, device choice, a small ``fit`` loop and evaluation.

``fit`` works for every model in the book: a batch is a tuple
``(*inputs, targets)`` and the model is called as ``model(*inputs)``. Logits of
shape ``(B, C)`` (classification) or ``(B, T, C)`` (one prediction per step,
targets ``(B, T)`` with ``-100`` for positions to ignore) are both accepted.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import torch
from torch import nn

from seqlab._checks import check_float, check_int, check_module

__all__ = ["History", "accuracy", "default_device", "evaluate", "fit", "predict", "set_seed"]

IGNORE_INDEX = -100


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


@dataclass
class History:
    """Per-epoch record returned by :func:`fit` (validation lists stay empty
    when no validation data were given).

    ``train_loss`` and ``train_accuracy`` are averaged over the epoch's batches
    while the weights change between them; ``val_*`` are measured with the
    weights fixed at the end of the epoch, like :func:`evaluate`.
    """

    train_loss: list[float] = field(default_factory=list)
    train_accuracy: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    val_accuracy: list[float] = field(default_factory=list)

    @property
    def epochs(self) -> int:
        return len(self.train_loss)


def _model_device(model: nn.Module) -> torch.device:
    """Where the model lives: its first parameter's (or buffer's) device, else the CPU.

    A model without parameters (a fixed rule, a test double) is valid here.
    """
    for tensor in (*model.parameters(), *model.buffers()):
        return tensor.device
    return torch.device("cpu")


def _split(batch: Sequence[torch.Tensor], device: torch.device):
    if not isinstance(batch, (tuple, list)) or len(batch) < 2:
        raise ValueError("each batch must be a tuple (*inputs, targets) with at least one input")
    for tensor in batch:
        if not isinstance(tensor, torch.Tensor):
            raise TypeError(f"each batch must hold only tensors, found {type(tensor).__name__}")
    *inputs, targets = (t.to(device) for t in batch)
    return inputs, targets


def _loss_and_correct(logits, targets, loss_fn):
    flat_logits = logits.reshape(-1, logits.shape[-1])
    flat_targets = targets.reshape(-1)
    loss = loss_fn(flat_logits, flat_targets)
    valid = flat_targets != IGNORE_INDEX
    correct = (flat_logits.argmax(-1)[valid] == flat_targets[valid]).sum().item()
    return loss, correct, int(valid.sum().item())


def _check_loader(loader: object, name: str) -> Iterable:
    if not isinstance(loader, Iterable):
        raise TypeError(f"{name} must be an iterable of batches (e.g. a DataLoader), "
                        f"got {type(loader).__name__}")
    return loader


@torch.no_grad()
def evaluate(
    model: nn.Module,
    loader: Iterable,
    loss_fn: Callable | None = None,
    device: torch.device | str | None = None,
) -> tuple[float, float]:
    """Mean loss and accuracy of ``model`` over ``loader`` (in eval mode)."""
    check_module(model)
    _check_loader(loader, "loader")
    device = torch.device(device) if device is not None else _model_device(model)
    loss_fn = loss_fn or nn.CrossEntropyLoss(ignore_index=IGNORE_INDEX)
    was_training = model.training
    model.eval()
    total_loss, total_correct, total = 0.0, 0, 0
    try:
        for batch in loader:
            inputs, targets = _split(batch, device)
            loss, correct, count = _loss_and_correct(model(*inputs), targets, loss_fn)
            if count == 0:  # every target ignored: the mean loss is NaN and weighs nothing
                continue
            total_loss += loss.item() * count
            total_correct += correct
            total += count
    finally:
        model.train(was_training)
    if total == 0:
        raise ValueError("loader yielded no targets to evaluate")
    return total_loss / total, total_correct / total


def accuracy(model: nn.Module, loader: Iterable, device: torch.device | str | None = None) -> float:
    """Fraction of correct predictions of ``model`` over ``loader``."""
    return evaluate(model, loader, device=device)[1]


@torch.no_grad()
def predict(model: nn.Module, *inputs: torch.Tensor) -> torch.Tensor:
    """Predicted classes ``(B,)`` (argmax of the logits) for one batch, in eval mode."""
    check_module(model)
    if not inputs:
        raise ValueError("inputs must hold at least one tensor, e.g. predict(model, token_ids)")
    for x in inputs:
        if not isinstance(x, torch.Tensor):
            raise TypeError(f"inputs must be tensors, found {type(x).__name__}")
    was_training = model.training
    model.eval()
    device = _model_device(model)
    try:
        logits = model(*(x.to(device) for x in inputs))
    finally:
        model.train(was_training)
    return logits.argmax(-1).cpu()


def fit(
    model: nn.Module,
    train_loader: Iterable,
    *,
    epochs: int,
    lr: float = 1e-2,
    val_loader: Iterable | None = None,
    loss_fn: Callable | None = None,
    optimizer: torch.optim.Optimizer | None = None,
    clip_grad_norm: float | None = None,
    device: torch.device | str | None = None,
    verbose: bool = False,
) -> History:
    """Train ``model`` with Adam (or ``optimizer``) and cross-entropy.

    Args:
        model: called as ``model(*inputs)`` for each batch ``(*inputs, targets)``.
        train_loader: iterable of batches, re-iterated every epoch.
        epochs: number of passes over ``train_loader``.
        lr: Adam's learning rate (ignored when ``optimizer`` is given).
        val_loader: optional batches to evaluate after each epoch.
        loss_fn: defaults to ``nn.CrossEntropyLoss(ignore_index=-100)``.
        clip_grad_norm: if set, clip the gradient norm to this value each step.
        device: where to train; defaults to where the model's parameters are.
        verbose: print one line per epoch.

    Returns:
        A :class:`History` of mean loss and accuracy per epoch.
    """
    check_module(model)
    check_int(epochs, "epochs", minimum=1)
    check_float(lr, "lr", positive=True)
    _check_loader(train_loader, "train_loader")
    if val_loader is not None:
        _check_loader(val_loader, "val_loader")
    if clip_grad_norm is not None:
        check_float(clip_grad_norm, "clip_grad_norm", positive=True)
    if device is not None:
        model.to(device)
    device = _model_device(model)
    loss_fn = loss_fn or nn.CrossEntropyLoss(ignore_index=IGNORE_INDEX)
    optimizer = optimizer or torch.optim.Adam(model.parameters(), lr=lr)
    history = History()
    for epoch in range(epochs):
        model.train()
        total_loss, total_correct, total = 0.0, 0, 0
        for batch in train_loader:
            inputs, targets = _split(batch, device)
            loss, correct, count = _loss_and_correct(model(*inputs), targets, loss_fn)
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
            raise ValueError("train_loader yielded no batches with targets "
                             "(a generator is used up after one epoch: pass a list or DataLoader)")
        history.train_loss.append(total_loss / total)
        history.train_accuracy.append(total_correct / total)
        if val_loader is not None:
            val_loss, val_acc = evaluate(model, val_loader, loss_fn, device)
            history.val_loss.append(val_loss)
            history.val_accuracy.append(val_acc)
        if verbose:
            line = (f"epoch {epoch + 1:3d}  loss {history.train_loss[-1]:.4f}  "
                    f"acc {history.train_accuracy[-1]:.3f}")
            if val_loader is not None:
                line += (f"  val_loss {history.val_loss[-1]:.4f}  "
                         f"val_acc {history.val_accuracy[-1]:.3f}")
            print(line)
    return history
