"""Argument checks shared by the public API.

Every public function of ``seqlab`` validates what it is given, once, at its entry
point, with these checkers. One rule for the exception: a ``TypeError`` for the
wrong kind of object (including a tensor of the wrong dtype), a ``ValueError`` for
the right kind with a wrong value, shape or size, or an empty one. Each message
names the argument and says what was expected. Each checker returns the value it
accepted, so a check reads ``x = check_tensor(x, "x", ndim=3)``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import torch


def check_str(value: object, name: str, *, allow_empty: bool = True) -> str:
    """Return ``value`` if it is a ``str``; raise otherwise."""
    check_type(value, name, str, "a str")
    if not allow_empty and not value.strip():
        raise ValueError(f"{name} must be a non-empty string, got {value!r}")
    return value


def check_type(value: object, name: str, types: type | tuple[type, ...], what: str) -> object:
    """Return ``value`` if it is an instance of ``types``; ``what`` names them for the
    message (``"a seqlab.models.TextCNN"``)."""
    if not isinstance(value, types):
        raise TypeError(f"{name} must be {what}, got {type(value).__name__}")
    return value


def check_optional(check, value: object, *args, **kwargs):
    """``None`` if ``value`` is ``None``, else ``check(value, *args, **kwargs)``: the check of
    an argument whose default ``None`` means "not given"."""
    return None if value is None else check(value, *args, **kwargs)


def check_bool(value: object, name: str) -> bool:
    """Return ``value`` if it is a ``bool`` (not merely truthy)."""
    return check_type(value, name, bool, "a bool")


def check_choice(value: object, name: str, choices: Sequence[str | None]) -> str | None:
    """Return ``value`` if it is one of the strings ``choices`` (or ``None``, if listed)."""
    if value is None and None in choices:
        return None
    check_str(value, name)
    if value not in choices:
        words = [repr(choice) for choice in choices]
        wanted = words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"
        raise ValueError(f"{name} must be {wanted}, got {value!r}")
    return value


def _check_number(value: object, name: str, types: type | tuple[type, ...], what: str,
                  minimum: float | None) -> int | float:
    """``value`` if it is one of ``types`` (never a bool), ``>= minimum`` if given."""
    if isinstance(value, bool) or not isinstance(value, types):
        raise TypeError(f"{name} must be {what}, got {type(value).__name__}")
    if minimum is not None and not value >= minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return value


def check_int(value: object, name: str, *, minimum: int | None = None) -> int:
    """Return ``value`` if it is an ``int`` (not a bool) at least ``minimum``."""
    return _check_number(value, name, int, "an int", minimum)


def check_sizes(**sizes: object) -> list[int]:
    """Check every keyword is an int ``>= 1`` (a size); return them in order."""
    return [check_int(value, name, minimum=1) for name, value in sizes.items()]


def check_embedding_sizes(vocab_size: object, pad_index: object, **sizes: object) -> list[int]:
    """The sizes of a model that embeds token ids: ``vocab_size`` and every keyword an
    int ``>= 1``, ``pad_index`` an id of the vocabulary; the sizes in order, ``vocab_size``
    first."""
    sizes = check_sizes(vocab_size=vocab_size, **sizes)
    check_index(pad_index, "pad_index", vocab_size)
    return sizes


def check_index(value: object, name: str, size: int, size_name: str = "vocab_size") -> int:
    """Return ``value`` if it is an int index into ``size`` things, ``0..size-1``."""
    check_int(value, name, minimum=0)
    if value >= size:
        raise ValueError(f"{name} must be < {size_name}={size}, got {value}")
    return value


def check_float(value: object, name: str, *, positive: bool = False,
                minimum: float | None = None) -> float:
    """Return ``value`` as a float if it is a real number (``> 0`` if ``positive``,
    ``>= minimum`` if given)."""
    value = _check_number(value, name, (int, float), "a number", minimum)
    if positive and not value > 0:
        raise ValueError(f"{name} must be > 0, got {value}")
    return float(value)


def check_fraction(value: object, name: str) -> float:
    """Return ``value`` as a float if it is a number strictly between 0 and 1."""
    value = check_float(value, name)
    if not 0 < value < 1:
        raise ValueError(f"{name} must be in (0, 1), got {value}")
    return value


def check_sequence(value: object, name: str, what: str, *, item: str | None = None,
                   of: type | None = None, kind: type = Sequence) -> list:
    """Return ``value`` as a list if it is a sequence (with ``kind=Iterable``, any
    iterable), but not a bare ``str``.

    ``what`` describes the expected argument for the ``TypeError``; with ``item``
    the sequence must hold at least one (``ValueError`` naming the ``item``); with
    ``of`` every element must be an instance of that type.
    """
    if isinstance(value, (str, bytes)) or not isinstance(value, kind):
        raise TypeError(f"{name} must be {what}, got {type(value).__name__}")
    value = list(value)
    if item is not None and not value:
        raise ValueError(f"{name} must contain at least one {item}")
    for entry in value if of is not None else ():
        if not isinstance(entry, of):
            raise TypeError(f"{name} must contain only {of.__name__}, found {type(entry).__name__}")
    return value


def check_iterable(value: object, name: str, what: str, **options) -> list:
    """:func:`check_sequence` for any iterable but a ``str``: the list of its elements
    (a generator is read once, here)."""
    return check_sequence(value, name, what, kind=Iterable, **options)


def check_tokens(tokens: object, name: str = "tokens") -> list[str]:
    """Return ``tokens`` as a list if it is a sequence of strings (not a bare str)."""
    return check_sequence(tokens, name, "a list of str tokens (use seqlab.text.tokenize "
                          "first)", of=str)


def check_tensor(
    value: object,
    name: str,
    *,
    ndim: int | tuple[int, ...] | None = None,
    floating: bool | None = None,
    dtype: torch.dtype | None = None,
) -> torch.Tensor:
    """Return ``value`` if it is a tensor of the expected rank and kind.

    ``ndim`` may be one rank or a tuple of allowed ranks. ``floating=True``
    demands a floating-point dtype, ``floating=False`` an integer dtype, and
    ``dtype`` exactly that dtype (the model's: its parameters').
    """
    check_type(value, name, torch.Tensor, "a torch.Tensor")
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if value.dim() not in allowed:
            wanted = " or ".join(str(n) for n in allowed)
            raise ValueError(f"{name} must have {wanted} dimensions, got {value.dim()} "
                             f"(shape {tuple(value.shape)})")
    if floating is True and not value.is_floating_point():
        raise TypeError(f"{name} must be a floating-point tensor, got dtype {value.dtype}")
    if floating is False and (value.is_floating_point() or value.is_complex()
                              or value.dtype == torch.bool):
        raise TypeError(f"{name} must be an integer tensor, got dtype {value.dtype}")
    if dtype is not None and value.dtype != dtype:
        raise TypeError(f"{name} must have the model's dtype {dtype}, got {value.dtype} "
                        f"(convert with {name}.to({dtype}))")
    return value


def check_dim_size(value: torch.Tensor, name: str, dim: int, size: int,
                   what: str) -> torch.Tensor:
    """Return the tensor ``value`` if ``value.shape[dim] == size``; ``what`` says
    what that size means (``"input_size=8 features in its last dimension"``)."""
    if value.shape[dim] != size:
        raise ValueError(f"{name} must have {what}, got shape {tuple(value.shape)}")
    return value


def check_time_steps(value: torch.Tensor, name: str, dim: int = -1) -> torch.Tensor:
    """Return the tensor ``value`` if its time dimension ``dim`` is not empty."""
    if value.shape[dim] == 0:
        raise ValueError(f"{name} must have at least one time step, got shape {tuple(value.shape)}")
    return value


def check_lengths(lengths: object, batch_size: int, max_len: int,
                  name: str = "lengths") -> torch.Tensor:
    """Validate a ``(B,)`` integer tensor of sequence lengths in ``1..max_len``."""
    lengths = check_tensor(lengths, name, ndim=1, floating=False)
    if lengths.shape[0] != batch_size:
        raise ValueError(f"{name} must have one entry per sequence ({batch_size}), "
                         f"got {len(lengths)}")
    low, high = (int(lengths.min()), int(lengths.max())) if batch_size else (1, max_len)
    if low < 1:
        raise ValueError(f"{name} must be >= 1 (no empty sequences), got {low}")
    if high > max_len:
        raise ValueError(f"{name} must be <= the padded length T={max_len}, got {high}")
    return lengths


def check_id_list(ids: object, size: int, name: str = "ids") -> list[int]:
    """Return ``ids`` (a 1-D integer tensor or a sequence of int) as a list of ints in
    ``0..size-1``, the ids of a vocabulary of ``size`` entries."""
    if isinstance(ids, torch.Tensor):
        ids = check_tensor(ids, name, ndim=1, floating=False).tolist()
    ids = check_sequence(ids, name, "a sequence of int")
    for i, token_id in enumerate(ids):
        check_index(token_id, f"{name}[{i}]", size, "len(vocab)")
    return ids


def check_module(value: object, name: str = "model") -> torch.nn.Module:
    """Return ``value`` if it is a ``torch.nn.Module``."""
    return check_type(value, name, torch.nn.Module, "a torch.nn.Module")


def check_token_ids(value: object, vocab_size: int, name: str = "token_ids", *,
                    ndim: int = 2) -> torch.Tensor:
    """Validate an integer tensor of ids in ``0..vocab_size-1`` with at least one time step
    (its last dimension): a ``(B, T)`` batch, or with ``ndim=1`` one ``(T,)`` sequence."""
    value = check_time_steps(check_tensor(value, name, ndim=ndim, floating=False), name)
    low, high = (int(value.min()), int(value.max())) if value.numel() else (0, 0)
    if low < 0 or high >= vocab_size:
        raise ValueError(f"{name} contains id {low if low < 0 else high}, outside the model's "
                         f"vocabulary 0..{vocab_size - 1} (vocab_size={vocab_size}); was it "
                         "encoded with another vocabulary?")
    return value


def check_models(models: object, name: str = "models") -> dict[str, torch.nn.Module]:
    """A non-empty mapping from model names (str) to modules, as a dict in its order."""
    models = check_mapping(models, name, "from a name to a torch.nn.Module", keys="model names")
    for key, model in models.items():
        check_module(model, f"{name}[{key!r}]")
    return models


def check_mapping(value: object, name: str, what: str, *, keys: str | None = None,
                  allow_empty: bool = False) -> dict:
    """``value`` as a dict if it is a mapping ``what`` (non-empty unless ``allow_empty``).

    With ``keys`` (e.g. ``"model names"``), every key must be a ``str``.
    """
    check_type(value, name, Mapping, f"a mapping {what}")
    if not value and not allow_empty:
        raise ValueError(f"{name} must be a non-empty mapping {what}")
    for key in value if keys is not None else ():
        check_type(key, f"{name}' keys", str, f"{keys} (str)")
    return dict(value)


def check_numbers(values: object, name: str, *, integer: bool = False,
                  minimum: int | None = None, positive: bool = False) -> list:
    """``values`` (a sequence, or a 1-D tensor or array) as a non-empty list of numbers.

    ``integer`` demands ints (at least ``minimum``), else real numbers (``> 0`` if
    ``positive``); NumPy and tensor scalars count as Python numbers.
    """
    if isinstance(values, (np.ndarray, torch.Tensor)):
        values = values.tolist()
    values = check_sequence(values, name, f"a sequence of {'ints' if integer else 'numbers'}",
                            item="number")
    values = [v.item() if isinstance(v, (np.generic, torch.Tensor)) else v for v in values]
    if integer:
        return [check_int(v, f"{name}[{i}]", minimum=minimum) for i, v in enumerate(values)]
    return [check_float(v, f"{name}[{i}]", positive=positive) for i, v in enumerate(values)]


def check_int_range(value: object, name: str, *, minimum: int = 0) -> tuple[int, int]:
    """``value`` as ``(low, high)``: a pair of ints ``>= minimum`` with ``low <= high``."""
    check_type(value, name, tuple, "a (low, high) tuple or None")
    if len(value) != 2:
        raise ValueError(f"{name} must be a (low, high) pair, got {value!r}")
    low, high = (check_int(n, name, minimum=minimum) for n in value)
    if low > high:
        raise ValueError(f"{name} must have low <= high, got {value!r}")
    return low, high
