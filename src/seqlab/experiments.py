"""Train and score the models the chapters compare, all the same way.

Chapters 2, 5 and 6 train several models on the same minimal-pair data and
measure them the same way (chapter 3 counts their parameters with
:func:`count_parameters`); this module makes "the same way" one piece of code.
:func:`make_loader` gives bags of words to a :class:`~seqlab.models.BagOfWordsMLP`
and padded ids with lengths to every sequence model. :func:`train_classifier` is
one seeded run of :func:`seqlab.train.fit` (same seed: same batches in the same
order); :func:`train_models` gives every model of a comparison that same budget.
Every score goes through one path, :func:`seqlab.train.evaluate` on those batches
(:func:`seqlab.train.predict_logits` for :func:`predict_proba`):
:func:`evaluate_examples`, :func:`accuracy_by_family`, :func:`accuracy_by_gap` on
fresh pairs at each ``gap``, and :func:`compare_by_gap` for several models on one
shared set of pairs. A measurement repeated over seeds is summarised by
:func:`spread` and :func:`spread_by_key` (mean, minimum, maximum), printed by
:func:`format_spread` as ``"0.97 (0.95–0.99)"``; :func:`rounded_bounds` gives
bounds prose can quote ("at least 0.98 for every seed"), and
:func:`format_accuracy` prints an accuracy at chance as ``"~0.5"``, since there its
digits are noise that moves with the last bits of floating-point arithmetic.
"""

from __future__ import annotations

import math
import time
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from seqlab._checks import (
    check_choice,
    check_float,
    check_int,
    check_iterable,
    check_models,
    check_module,
    check_sequence,
    check_type,
)
from seqlab.data import FAMILIES, Example, make_minimal_pairs, to_bow_tensors, to_sequence_tensors
from seqlab.data.batching import check_examples
from seqlab.models.baselines import BagOfWordsMLP
from seqlab.text import Vocabulary
from seqlab.train import History, accuracy, fit, predict_logits, set_seed

__all__ = [
    "Spread",
    "TrainingRun",
    "accuracy_by_family",
    "accuracy_by_gap",
    "compare_by_gap",
    "count_parameters",
    "evaluate_examples",
    "format_accuracy",
    "format_spread",
    "make_loader",
    "predict_proba",
    "rounded_bounds",
    "spread",
    "spread_by_key",
    "train_classifier",
    "train_models",
]


# --- loaders --------------------------------------------------------------------------


def _tensors(model: nn.Module, examples: Sequence[Example], vocab: Vocabulary):
    """The tensors ``(*inputs, labels)`` that ``model`` reads (examples checked by data)."""
    if isinstance(model, BagOfWordsMLP):
        return to_bow_tensors(examples, vocab)  # counts (N, V), labels (N,)
    return to_sequence_tensors(examples, vocab)  # token_ids (N, T), lengths (N,), labels (N,)


def _loader(model, examples, vocab, batch_size: int, shuffle: bool = False,
            seed: int = 0) -> DataLoader:
    generator = torch.Generator().manual_seed(seed)
    return DataLoader(TensorDataset(*_tensors(model, examples, vocab)), batch_size=batch_size,
                      shuffle=shuffle, generator=generator)


def make_loader(model: nn.Module, examples: Sequence[Example], vocab: Vocabulary,
                batch_size: int = 64, shuffle: bool = False, seed: int = 0) -> DataLoader:
    """A ``DataLoader`` of the input ``model`` expects.

    Batches are ``(counts (B, V), labels (B,))`` for a :class:`BagOfWordsMLP` and
    ``(token_ids (B, T), lengths (B,), labels (B,))`` for every other model.
    Shuffling uses its own generator seeded with ``seed``, so it is reproducible.
    """
    check_module(model)
    check_int(batch_size, "batch_size", minimum=1)
    return _loader(model, examples, vocab, batch_size, shuffle, seed)


# --- training -------------------------------------------------------------------------


def count_parameters(model: nn.Module) -> int:
    """Number of trainable parameters of ``model`` (the entries the optimizer updates)."""
    check_module(model)
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


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
    check_int(batch_size, "batch_size", minimum=1)  # model, epochs, lr: checked by fit
    train_loader = _loader(model, train_examples, vocab, batch_size, shuffle=True, seed=seed)
    val_loader = None if val_examples is None else _loader(model, val_examples, vocab, 256)
    return fit(model, train_loader, epochs=epochs, lr=lr, val_loader=val_loader,
               clip_grad_norm=clip_grad_norm)


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
    **options: object,
) -> dict[str, TrainingRun]:
    """Train every model in ``models`` (in place) with the same budget.

    Each model gets one :func:`train_classifier` call with the same ``options``
    (its keyword arguments: ``epochs``, ``lr``, ``batch_size``, ``seed``): Adam,
    cross-entropy, and the same shuffled batches in the same order. The seconds
    are measured with :func:`time.perf_counter` and depend on the machine and its load.

    Returns:
        ``{name: TrainingRun}`` in the order of ``models``.
    """
    models = check_models(models)
    runs = {}
    for name, model in models.items():
        start = time.perf_counter()
        history = train_classifier(model, train_examples, vocab, **options)
        runs[name] = TrainingRun(history, time.perf_counter() - start)
    return runs


# --- scoring: one path, seqlab.train.evaluate on make_loader's batches ------------------


def evaluate_examples(model: nn.Module, examples: Sequence[Example], vocab: Vocabulary) -> float:
    """Accuracy of ``model`` on ``examples``; on minimal pairs this is the
    minimal-pair accuracy (exactly 0.5 for any model that sees only bags of words)."""
    return accuracy(model, _loader(model, examples, vocab, batch_size=256))


def predict_proba(model: nn.Module, examples: Sequence[Example], vocab: Vocabulary) -> torch.Tensor:
    """Class probabilities ``(N, C)`` of ``model`` for ``examples`` (softmax of the logits).

    The inputs are what the model expects (bags of words for a
    :class:`~seqlab.models.BagOfWordsMLP`, padded ids and lengths otherwise);
    the model is evaluated in eval mode and left in the mode it was in.
    """
    *inputs, _labels = _tensors(model, examples, vocab)
    return torch.softmax(predict_logits(model, *inputs), dim=-1)


def accuracy_by_family(model: nn.Module, examples: Sequence[Example],
                       vocab: Vocabulary) -> dict[str, float]:
    """Accuracy of ``model`` on the examples of each family, ``{family: accuracy}``.

    Families come in the order of :data:`seqlab.data.FAMILIES`; a family without
    examples is left out. On complete minimal pairs each value is that family's
    minimal-pair accuracy (exactly 0.5 for a bag-of-words model).
    """
    examples = check_examples(examples)
    by_family = {family: [e for e in examples if e.family == family] for family in FAMILIES}
    return {family: evaluate_examples(model, members, vocab)
            for family, members in by_family.items() if members}


def _check_gaps(gaps: object, exclude: object) -> tuple[list[int], list[str]]:
    """The gaps, ascending, and the excluded sentences read once (even from a generator)."""
    gaps = check_iterable(gaps, "gaps", "an iterable of ints", item="gap")
    exclude = check_iterable(exclude, "exclude", "an iterable of sentences (str)")
    return sorted(check_int(gap, "gaps[...]", minimum=0) for gap in gaps), exclude


def _check_families(families: object) -> list[str]:
    families = check_sequence(families, "families", "a sequence of family names", item="family")
    return [check_choice(family, "families[...]", FAMILIES) for family in families]


def _pairs_by_gap(family, gaps, n_pairs, seed, excluded) -> dict[int, list[Example]]:
    """``n_pairs`` fresh pairs of ``family`` per gap, drawn with ``seed + gap``
    (``n_pairs``, ``seed`` and ``family`` are checked by make_minimal_pairs)."""
    return {gap: make_minimal_pairs(n_pairs, family, gap=gap, seed=seed + gap, exclude=excluded)
            for gap in gaps}


def _scores_by_gap(model, vocab, pairs_by_gap: Mapping[int, list[Example]]) -> dict[int, float]:
    return {gap: evaluate_examples(model, pairs, vocab) for gap, pairs in pairs_by_gap.items()}


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

    Returns:
        ``{gap: accuracy}``, gaps ascending.
    """
    gaps, excluded = _check_gaps(gaps, exclude)
    return _scores_by_gap(model, vocab, _pairs_by_gap(family, gaps, n_pairs, seed, excluded))


def compare_by_gap(
    models: Mapping[str, nn.Module],
    vocab: Vocabulary,
    gaps: Iterable[int],
    families: Sequence[str] = FAMILIES,
    n_pairs: int = 200,
    seed: int = 1000,
    exclude: Iterable[str] = (),
) -> dict[str, dict[str, dict[int, float]]]:
    """:func:`accuracy_by_gap` of every model per family, on shared test pairs.

    For each family and gap, ``n_pairs`` fresh pairs are drawn once (with
    ``seed + gap`` and never a sentence of ``exclude``, as :func:`accuracy_by_gap`
    draws them) and every model is scored on the same pairs.

    Returns:
        ``{family: {model name: {gap: accuracy}}}``, families in the given order,
        models in the order of ``models``, gaps ascending.
    """
    models = check_models(models)
    families = _check_families(families)
    gaps, excluded = _check_gaps(gaps, exclude)
    results = {}
    for family in families:
        pairs_by_gap = _pairs_by_gap(family, gaps, n_pairs, seed, excluded)
        results[family] = {name: _scores_by_gap(model, vocab, pairs_by_gap)
                           for name, model in models.items()}
    return results


# --- spread over seeds ----------------------------------------------------------------


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
    values = check_iterable(values, "values", "an iterable of numbers", item="number")
    numbers = [check_float(value, "values[...]") for value in values]
    if not all(math.isfinite(x) for x in numbers):
        raise ValueError(f"values must be finite numbers, got {numbers}")
    return Spread(math.fsum(numbers) / len(numbers), min(numbers), max(numbers))


def spread_by_key(results: Sequence[Mapping[Hashable, float]]) -> dict[Hashable, Spread]:
    """Summarise one ``{key: value}`` result per seed as ``{key: Spread}``.

    Every result must have the same keys (e.g. the gaps of
    :func:`accuracy_by_gap`); the output keeps the keys in the first result's order.
    """
    results = check_sequence(results, "results", "a sequence of mappings (one per seed)",
                             item="result")
    for i, result in enumerate(results):  # results[0] is checked first
        check_type(result, f"results[{i}]", Mapping, "a mapping")
        if set(result) != set(results[0]):
            raise ValueError(f"results[{i}] has keys {sorted(result, key=repr)}, "
                             f"but results[0] has {sorted(results[0], key=repr)}")
    keys = list(results[0])
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
    band = check_float(band, "band", minimum=0)
    text = f"{value:.{digits}f}"
    if abs(value - chance) <= band + 1e-12:
        return f"~{chance:g}".rjust(len(text))
    return text
