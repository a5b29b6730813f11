"""Train-and-measure helpers shared by the chapters that compare models.

Chapters 1, 2 and 6 train several models on the same minimal-pair data and
measure them the same way; these functions make "the same way" one piece of
code: the loaders (bags of words for :class:`~seqlab.models.BagOfWordsMLP`,
padded ids with lengths for every sequence model), a seeded training run, and
minimal-pair accuracy per ``gap``. When a measurement is repeated over several
seeds, :func:`spread` and :func:`spread_by_key` summarise it as mean, minimum and
maximum, :func:`format_spread` prints that as ``"0.97 (0.95–0.99)"``, and
:func:`rounded_bounds` gives bounds that prose can quote ("at least 0.98 for every
seed"). :func:`format_accuracy` prints an accuracy at chance as ``"~0.5"``, since
there its digits are noise that moves with the last bits of floating-point arithmetic.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import NamedTuple

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from seqlab._checks import check_float, check_int, check_module
from seqlab.data import Example, make_minimal_pairs, to_bow_tensors, to_sequence_tensors
from seqlab.models.bow import BagOfWordsMLP
from seqlab.text import Vocabulary
from seqlab.train import History, accuracy, fit, set_seed

__all__ = [
    "Spread",
    "accuracy_by_gap",
    "evaluate_examples",
    "format_accuracy",
    "format_spread",
    "make_loader",
    "rounded_bounds",
    "spread",
    "spread_by_key",
    "train_classifier",
]


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


class Spread(NamedTuple):
    """Mean, lowest and highest value of one measurement repeated over several seeds."""

    mean: float
    low: float
    high: float


def spread(values: Iterable[float]) -> Spread:
    """The :class:`Spread` of ``values``, one measurement per seed.

    The mean is computed with :func:`math.fsum`, so it does not depend on the order
    of the values. Raises ``ValueError`` for no values.
    """
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise TypeError(f"values must be an iterable of numbers, got {type(values).__name__}")
    numbers = [check_float(value, "values[...]") for value in values]
    if not numbers:
        raise ValueError("values must hold at least one number")
    if not all(math.isfinite(x) for x in numbers):
        raise ValueError(f"values must be finite numbers, got {numbers}")
    return Spread(math.fsum(numbers) / len(numbers), min(numbers), max(numbers))


def spread_by_key(results: Sequence[Mapping[Hashable, float]]) -> dict[Hashable, Spread]:
    """Summarise one ``{key: value}`` result per seed as ``{key: Spread}``.

    Every result must have the same keys (e.g. the gaps of
    :func:`accuracy_by_gap`); the output keeps the keys in the first result's order.
    """
    if isinstance(results, (str, bytes, Mapping)) or not isinstance(results, Sequence):
        raise TypeError(f"results must be a sequence of mappings (one per seed), "
                        f"got {type(results).__name__}")
    if not results:
        raise ValueError("results must hold at least one result")
    for i, result in enumerate(results):
        if not isinstance(result, Mapping):
            raise TypeError(f"results[{i}] must be a mapping, got {type(result).__name__}")
    keys = list(results[0])
    for i, result in enumerate(results):
        if set(result) != set(keys):
            raise ValueError(f"results[{i}] has keys {sorted(result, key=repr)}, "
                             f"but results[0] has {sorted(keys, key=repr)}")
    return {key: spread(result[key] for result in results) for key in keys}


def format_spread(values: Spread | Iterable[float], digits: int = 2) -> str:
    """``"mean (min–max)"`` of ``values`` (or of a :class:`Spread`), e.g. ``"0.97 (0.95–0.99)"``.

    Each number is rounded to ``digits`` decimals. Where the lowest and the highest
    value print the same (every seed agrees at that precision) the result is that
    one number, e.g. ``"1.00"``.
    """
    check_int(digits, "digits", minimum=0)
    summary = values if isinstance(values, Spread) else spread(values)
    mean, low, high = (f"{x:.{digits}f}" for x in summary)
    return mean if low == high else f"{mean} ({low}\u2013{high})"


def rounded_bounds(values: Spread | Iterable[float], digits: int = 2) -> tuple[float, float]:
    """``(low, high)``: the lowest value rounded *down* and the highest rounded *up*
    to ``digits`` decimals.

    Unlike plain rounding, "at least ``low``" and "at most ``high``" then hold for
    every value (every seed): ``rounded_bounds([0.987, 0.552])`` is ``(0.55, 0.99)``.
    Products such as ``0.57 * 100`` that land a hair below an integer are not
    rounded down a whole step.
    """
    check_int(digits, "digits", minimum=0)
    summary = values if isinstance(values, Spread) else spread(values)
    scale = 10 ** digits
    low = math.floor(round(summary.low * scale, 6)) / scale
    high = math.ceil(round(summary.high * scale, 6)) / scale
    return round(low, digits), round(high, digits)


def format_accuracy(value: float, digits: int = 2, *, chance: float = 0.5,
                    band: float = 0.15) -> str:
    """``value`` with ``digits`` decimals, or ``"~0.5"`` where it is at chance.

    A model at chance on minimal pairs is right on a sentence only by the sign of a
    logit near zero, so its accuracy moves by a sentence or two with the last bits of
    floating-point arithmetic (another CPU, another PyTorch). A value within
    ``band`` of ``chance`` (inclusive) is therefore printed as ``"~"`` and the
    chance level, right-aligned to the width of a number with ``digits`` decimals:
    ``format_accuracy(0.47)`` is ``"~0.5"``, ``format_accuracy(0.995)`` is ``"0.99"``
    (``0.995`` is a hair below it in binary) and ``format_accuracy(0.7)`` is ``"0.70"``.
    """
    value = check_float(value, "value")
    check_int(digits, "digits", minimum=0)
    chance = check_float(chance, "chance")
    band = check_float(band, "band")
    if band < 0:
        raise ValueError(f"band must be >= 0, got {band}")
    text = f"{value:.{digits}f}"
    if abs(value - chance) <= band + 1e-12:
        return f"~{chance:g}".rjust(len(text))
    return text
