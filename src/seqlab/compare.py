"""Head-to-head comparison of text classifiers on minimal pairs (chapter 6).

Chapter 6 trains a bag-of-words MLP, TextCNNs of several kernel widths and an
RNN on the same data with the same budget and measures them the same way.
These helpers keep that bookkeeping out of the notebook: train every model with
one call to :func:`seqlab.experiments.train_classifier` each (same seed, so the
same batches in the same order), count parameters, split accuracy by family of
minimal pairs, read class probabilities, and measure minimal-pair accuracy per
``gap`` for all models on one set of test pairs per family and gap.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import torch
from torch import nn

from seqlab._checks import check_int, check_models, check_module
from seqlab.data import FAMILIES, Example, make_minimal_pairs
from seqlab.experiments import evaluate_examples, make_loader, train_classifier
from seqlab.text import Vocabulary
from seqlab.train import History

__all__ = [
    "TrainingRun",
    "accuracy_by_family",
    "compare_by_gap",
    "count_parameters",
    "predict_proba",
    "train_models",
]


def _check_examples(examples: object) -> list[Example]:
    if isinstance(examples, Example) or not isinstance(examples, Sequence):
        raise TypeError(f"examples must be a list of seqlab.data.Example, "
                        f"got {type(examples).__name__}")
    if not examples:
        raise ValueError("examples must not be empty")
    for example in examples:
        if not isinstance(example, Example):
            raise TypeError(f"examples must contain only seqlab.data.Example, "
                            f"found {type(example).__name__}")
    return list(examples)


def count_parameters(model: nn.Module) -> int:
    """Number of trainable parameters of ``model`` (the entries the optimizer updates)."""
    check_module(model)
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


@dataclass(frozen=True)
class TrainingRun:
    """What :func:`train_models` records for one model: its per-epoch
    :class:`~seqlab.train.History` and the wall-clock seconds training took."""

    history: History
    seconds: float


def train_models(
    models: Mapping[str, nn.Module],
    train_examples: Sequence[Example],
    vocab: Vocabulary,
    *,
    epochs: int,
    lr: float = 1e-2,
    batch_size: int = 64,
    seed: int = 0,
) -> dict[str, TrainingRun]:
    """Train every model in ``models`` (in place) with the same budget.

    Each model gets one :func:`~seqlab.experiments.train_classifier` call with the
    same ``epochs``, ``lr``, ``batch_size`` and ``seed``: Adam, cross-entropy, and
    the same shuffled batches in the same order. The seconds are measured with
    :func:`time.perf_counter` and depend on the machine and its load.

    Returns:
        ``{name: TrainingRun}`` in the order of ``models``.
    """
    models = check_models(models)
    train_examples = _check_examples(train_examples)
    check_int(epochs, "epochs", minimum=1)
    runs = {}
    for name, model in models.items():
        start = time.perf_counter()
        history = train_classifier(model, train_examples, vocab, epochs=epochs, lr=lr,
                                   batch_size=batch_size, seed=seed)
        runs[name] = TrainingRun(history, time.perf_counter() - start)
    return runs


def accuracy_by_family(
    model: nn.Module, examples: Sequence[Example], vocab: Vocabulary
) -> dict[str, float]:
    """Accuracy of ``model`` on the examples of each family, ``{family: accuracy}``.

    Families come in the order of :data:`seqlab.data.FAMILIES`; a family without
    examples is left out. On complete minimal pairs each value is that family's
    minimal-pair accuracy (exactly 0.5 for a bag-of-words model).
    """
    check_module(model)
    examples = _check_examples(examples)
    results = {}
    for family in FAMILIES:
        members = [e for e in examples if e.family == family]
        if members:
            results[family] = evaluate_examples(model, members, vocab)
    return results


@torch.no_grad()
def predict_proba(model: nn.Module, examples: Sequence[Example], vocab: Vocabulary) -> torch.Tensor:
    """Class probabilities ``(N, C)`` of ``model`` for ``examples`` (softmax of the logits).

    The inputs are what the model expects (bags of words for a
    :class:`~seqlab.models.BagOfWordsMLP`, padded ids and lengths otherwise);
    the model is evaluated in eval mode and left in the mode it was in.
    """
    check_module(model)
    examples = _check_examples(examples)
    loader = make_loader(model, examples, vocab, batch_size=len(examples))
    *inputs, _labels = next(iter(loader))
    was_training = model.training
    model.eval()
    try:
        logits = model(*inputs)  # (N, C)
    finally:
        model.train(was_training)
    return torch.softmax(logits, dim=-1)


def compare_by_gap(
    models: Mapping[str, nn.Module],
    vocab: Vocabulary,
    gaps: Iterable[int],
    families: Sequence[str] = FAMILIES,
    n_pairs: int = 200,
    seed: int = 1000,
    exclude: Iterable[str] = (),
) -> dict[str, dict[str, dict[int, float]]]:
    """Minimal-pair accuracy of every model per family and gap, on shared test pairs.

    For each family and gap, ``n_pairs`` fresh pairs are drawn once (with
    ``seed + gap`` and never a sentence of ``exclude``, as
    :func:`seqlab.experiments.accuracy_by_gap` draws them) and every model is
    scored on the same pairs.

    Returns:
        ``{family: {model name: {gap: accuracy}}}``, families in the given order,
        models in the order of ``models``, gaps ascending.
    """
    models = check_models(models)
    if isinstance(families, str) or not isinstance(families, Sequence):
        raise TypeError(f"families must be a sequence of family names such as "
                        f"{FAMILIES!r}, got {type(families).__name__}")
    if not families:
        raise ValueError("families must name at least one family")
    for family in families:
        if family not in FAMILIES:
            raise ValueError(f"families must contain only {FAMILIES!r}, got {family!r}")
    if isinstance(gaps, (str, bytes)) or not isinstance(gaps, Iterable):
        raise TypeError(f"gaps must be an iterable of ints, got {type(gaps).__name__}")
    gaps = sorted(check_int(gap, "gaps[...]", minimum=0) for gap in gaps)
    if not gaps:
        raise ValueError("gaps must hold at least one gap")
    check_int(n_pairs, "n_pairs", minimum=1)
    if isinstance(exclude, str) or not isinstance(exclude, Iterable):
        raise TypeError(f"exclude must be an iterable of sentences (str), "
                        f"got {type(exclude).__name__}")
    excluded = list(exclude)  # read once, even if it is a generator
    results: dict[str, dict[str, dict[int, float]]] = {}
    for family in families:
        results[family] = {name: {} for name in models}
        for gap in gaps:
            pairs = make_minimal_pairs(n_pairs, family, gap=gap, seed=seed + gap,
                                       exclude=excluded)
            for name, model in models.items():
                results[family][name][gap] = evaluate_examples(model, pairs, vocab)
    return results
