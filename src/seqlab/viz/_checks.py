"""Argument checks the figures and the explorers share, on top of :mod:`seqlab._checks`.

They follow its rule: a wrong type raises ``TypeError``; a wrong value, a wrong
shape or an empty argument raises ``ValueError``; every message names the argument
and says what was expected. The generic checkers they build on (including
``check_mapping``, ``check_numbers`` and ``check_int_range``) live in
:mod:`seqlab._checks`; the checkers in this module know the figures' vocabulary.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import torch
from matplotlib.axes import Axes

from seqlab._checks import (
    check_float,
    check_int,
    check_mapping,
    check_sequence,
    check_str,
    check_tensor,
    check_time_steps,
    check_tokens,
    check_type,
)
from seqlab.text import tokenize
from seqlab.train import History

if TYPE_CHECKING:
    from collections.abc import Sized

_MAX_STEPS = 12  # the largest T the network diagrams draw; more steps make the labels unreadable


def check_diagram_steps(T: object) -> int:
    """``T``, the time steps of a network diagram, an int in ``1..12``."""
    if check_int(T, "T", minimum=1) > _MAX_STEPS:
        raise ValueError(f"T must be <= {_MAX_STEPS} for a readable diagram, got T={T}")
    return T


def check_count(items: Sized, name: str, what: str, *, exactly: int | None = None,
                at_most: int | None = None) -> Sized:
    """``items`` if it holds ``exactly`` (or ``at_most``) that many ``what``: the figures'
    "one per ..." and "few enough to stay readable" rules."""
    if exactly is not None and len(items) != exactly:
        raise ValueError(f"{name} must hold {exactly} {what}, got {len(items)}")
    if at_most is not None and len(items) > at_most:
        raise ValueError(f"{name} must hold at most {at_most} {what}, got {len(items)}")
    return items


def check_matrix(value: object, name: str, shape: tuple[int | None, int | None],
                 what: str) -> np.ndarray:
    """``value`` (a tensor or an array) as a 2-D float array with no empty side, of
    ``shape`` where its entries are not ``None``; ``what`` spells the shape."""
    if isinstance(value, torch.Tensor):
        value = value.detach().cpu().numpy()
    check_type(value, name, np.ndarray, "a tensor or an array")
    if value.ndim != 2 or 0 in value.shape or any(
            want not in (None, got) for want, got in zip(shape, value.shape, strict=True)):
        raise ValueError(f"{name} must have shape {what}, got {tuple(value.shape)}")
    return value.astype(float)


def check_accuracies(results: object, *, gaps: bool = False,
                     name: str = "results") -> dict[str, dict]:
    """``results`` (model name -> ``{family: accuracy}``, or ``{gap: accuracy}`` with
    ``gaps``) as a dict: every mapping non-empty, gaps ints ``>= 0``, accuracies in ``[0, 1]``."""
    key = "gap" if gaps else "family"
    results = check_mapping(results, name, f"from a model name to {{{key}: accuracy}}",
                            keys="model names")
    for model, by_key in results.items():
        for k, value in check_mapping(by_key, f"{name}[{model!r}]", f"{{{key}: accuracy}}").items():
            if gaps:
                check_int(k, f"{name}[{model!r}] gap", minimum=0)
            if not 0.0 <= check_float(value, f"{name}[{model!r}][{k!r}]") <= 1.0:
                raise ValueError(f"{name}[{model!r}][{k!r}] must be an accuracy in [0, 1], "
                                 f"got {value}")
    return results


def check_time_step(t: object, steps: int, name: str = "t") -> int:
    """``t`` if it is a time step of a sequence of ``steps`` steps, ``1 <= t <= steps``."""
    check_int(t, name)
    if not 1 <= t <= steps:
        raise ValueError(f"{name} must be a time step in 1..T={steps}, got {name}={t}")
    return t


def check_axes(axes: object, count: int, what: str, name: str = "axes") -> list[Axes]:
    """``axes`` (a sequence or an array of Axes, as ``plt.subplots`` returns) as a list of
    ``count`` Axes; ``what`` says what they are for (e.g. ``"one per family"``)."""
    axes = list(axes.ravel()) if isinstance(axes, np.ndarray) else axes
    axes = check_sequence(axes, name, f"None or a sequence of matplotlib Axes ({what})", of=Axes)
    if len(axes) != count:
        raise ValueError(f"{name} must hold {count} Axes ({what}), got {len(axes)}")
    return axes


def check_sentences(sentence_a: object, sentence_b: object, n: object) -> list[list[str]]:
    """The tokens of two sentences, each of which needs at least ``n >= 1`` words."""
    check_int(n, "n", minimum=1)
    tokens = [tokenize(check_str(sentence_a, "sentence_a")),
              tokenize(check_str(sentence_b, "sentence_b"))]
    for words, name in zip(tokens, ("sentence_a", "sentence_b"), strict=True):
        if len(words) < n:
            raise ValueError(f"{name} contains no words" if not words
                             else f"{name} has {len(words)} words, fewer than n={n}")
    return tokens


def check_char_logits(logits: object, itos: object, top: object) -> tuple[torch.Tensor, int]:
    """``(V,)`` next-character ``logits`` (as float64 on the CPU), their ``V`` characters
    ``itos``, and how many to show: ``top >= 1``, at most ``V``."""
    logits = check_tensor(logits, "logits", ndim=1, floating=True).detach().cpu().double()
    what = f"a sequence of the {len(logits)} characters of the vocabulary, one per logit"
    if len(check_sequence(itos, "itos", what)) != len(logits):
        raise ValueError(f"itos must be {what}, got {len(itos)}")
    return logits, min(check_int(top, "top", minimum=1), len(logits))


def check_history(history: object) -> History:
    """Return ``history`` if it is a :class:`~seqlab.train.History`."""
    return check_type(history, "history", History, "a seqlab.train.History")


def check_states(hidden: object, tokens: object, name: str) -> tuple[torch.Tensor, list[str]]:
    """``(T, H)`` float hidden states (detached, on the CPU), ``T >= 1``, and their ``T`` tokens."""
    hidden = check_time_steps(check_tensor(hidden, name, ndim=2, floating=True), name, dim=0)
    tokens = check_tokens(tokens)
    check_count(tokens, "tokens", f"tokens, one per time step of {name}", exactly=hidden.shape[0])
    return hidden.detach().cpu(), tokens
