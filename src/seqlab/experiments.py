"""Train-and-measure helpers shared by the chapters that compare models.

Chapters 1, 2 and 6 train several models on the same minimal-pair data and
measure them the same way; these functions make "the same way" one piece of
code: the loaders (bags of words for :class:`~seqlab.models.BagOfWordsMLP`,
padded ids with lengths for every sequence model), a seeded training run, and
minimal-pair accuracy per ``gap``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from seqlab._checks import check_int, check_module
from seqlab.data import Example, make_minimal_pairs, to_bow_tensors, to_sequence_tensors
from seqlab.models.bow import BagOfWordsMLP
from seqlab.text import Vocabulary
from seqlab.train import History, accuracy, fit, set_seed

__all__ = ["accuracy_by_gap", "evaluate_examples", "make_loader", "train_classifier"]


def make_loader(
    model: nn.Module,
    examples: Sequence[Example],
    vocab: Vocabulary,
    batch_size: int = 64,
    shuffle: bool = False,
    seed: int = 0,
) -> DataLoader:
    """A ``DataLoader`` of the input ``model`` expects.

    Batches are ``(counts (B, V), labels (B,))`` for a :class:`BagOfWordsMLP` and
    ``(token_ids (B, T), lengths (B,), labels (B,))`` for every other model.
    Shuffling uses its own generator seeded with ``seed``, so it is reproducible.
    """
    check_module(model)
    check_int(batch_size, "batch_size", minimum=1)
    if isinstance(model, BagOfWordsMLP):
        tensors = to_bow_tensors(examples, vocab)
    else:
        tensors = to_sequence_tensors(examples, vocab)
    generator = torch.Generator().manual_seed(seed)
    return DataLoader(TensorDataset(*tensors), batch_size=batch_size, shuffle=shuffle,
                      generator=generator)


def train_classifier(
    model: nn.Module,
    train_examples: Sequence[Example],
    vocab: Vocabulary,
    *,
    epochs: int,
    lr: float = 1e-2,
    batch_size: int = 64,
    seed: int = 0,
    val_examples: Sequence[Example] | None = None,
    clip_grad_norm: float | None = None,
) -> History:
    """Train ``model`` on ``train_examples`` with :func:`seqlab.train.fit`.

    The shuffling order depends only on ``seed``, so two models trained with the
    same call see the same batches in the same order (the same budget).
    """
    set_seed(seed)
    train_loader = make_loader(model, train_examples, vocab, batch_size, shuffle=True, seed=seed)
    val_loader = (make_loader(model, val_examples, vocab, batch_size=256)
                  if val_examples is not None else None)
    return fit(model, train_loader, epochs=epochs, lr=lr, val_loader=val_loader,
               clip_grad_norm=clip_grad_norm)


def evaluate_examples(model: nn.Module, examples: Sequence[Example], vocab: Vocabulary) -> float:
    """Accuracy of ``model`` on ``examples``; on minimal pairs this is the
    minimal-pair accuracy (exactly 0.5 for any model that sees only bags of words)."""
    return accuracy(model, make_loader(model, examples, vocab, batch_size=256))


def accuracy_by_gap(
    model: nn.Module,
    vocab: Vocabulary,
    family: str,
    gaps: Iterable[int],
    n_pairs: int = 200,
    seed: int = 1000,
    exclude: Iterable[str] = (),
) -> dict[int, float]:
    """Minimal-pair accuracy of ``model`` on fresh pairs of ``family`` at each gap.

    Each gap gets its own ``n_pairs`` pairs, drawn with ``seed + gap`` and
    never one of the sentences in ``exclude`` (pass the training texts).
    """
    check_int(n_pairs, "n_pairs", minimum=1)
    excluded = list(exclude)
    results = {}
    for gap in sorted(gaps):
        check_int(gap, "gaps[...]", minimum=0)
        pairs = make_minimal_pairs(n_pairs, family, gap=gap, seed=seed + gap, exclude=excluded)
        results[gap] = evaluate_examples(model, pairs, vocab)
    return results
