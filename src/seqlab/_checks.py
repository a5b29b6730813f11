"""Argument checks shared by the public API.

Every public function of ``seqlab`` validates what it is given and raises a
``TypeError`` (wrong kind of object) or ``ValueError`` (right kind, wrong value)
whose message names the argument and says what was expected.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import torch


def check_str(value: object, name: str, *, allow_empty: bool = True) -> str:
    """Return ``value`` if it is a ``str``; raise otherwise."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, got {type(value).__name__}")
    if not allow_empty and not value.strip():
        raise ValueError(f"{name} must be a non-empty string, got {value!r}")
    return value


def check_int(value: object, name: str, *, minimum: int | None = None) -> int:
    """Return ``value`` if it is an ``int`` (not a bool) at least ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return value


def check_float(value: object, name: str, *, positive: bool = False) -> float:
    """Return ``value`` as a float if it is a real number (and > 0 if ``positive``)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name} must be a number, got {type(value).__name__}")
    if positive and not value > 0:
        raise ValueError(f"{name} must be > 0, got {value}")
    return float(value)


def check_tokens(tokens: object, name: str = "tokens") -> list[str]:
    """Return ``tokens`` as a list if it is a sequence of strings (not a bare str)."""
    if isinstance(tokens, str) or not isinstance(tokens, Sequence):
        raise TypeError(
            f"{name} must be a list of str tokens (use seqlab.text.tokenize first), "
            f"got {type(tokens).__name__}"
        )
    for token in tokens:
        if not isinstance(token, str):
            raise TypeError(f"{name} must contain only str, found {type(token).__name__}")
    return list(tokens)


def check_tensor(
    value: object,
    name: str,
    *,
    ndim: int | tuple[int, ...] | None = None,
    floating: bool | None = None,
) -> torch.Tensor:
    """Return ``value`` if it is a tensor of the expected rank and kind.

    ``ndim`` may be one rank or a tuple of allowed ranks. ``floating=True``
    demands a floating-point dtype, ``floating=False`` an integer dtype.
    """
    if not isinstance(value, torch.Tensor):
        raise TypeError(f"{name} must be a torch.Tensor, got {type(value).__name__}")
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if value.dim() not in allowed:
            wanted = " or ".join(str(n) for n in allowed)
            raise ValueError(
                f"{name} must have {wanted} dimensions, got {value.dim()} "
                f"(shape {tuple(value.shape)})"
            )
    if floating is True and not value.is_floating_point():
        raise TypeError(f"{name} must be a floating-point tensor, got dtype {value.dtype}")
    if floating is False and (value.is_floating_point() or value.is_complex()
                              or value.dtype == torch.bool):
        raise TypeError(f"{name} must be an integer tensor, got dtype {value.dtype}")
    return value


def check_lengths(lengths: object, batch_size: int, max_len: int,
                  name: str = "lengths") -> torch.Tensor:
    """Validate a ``(B,)`` integer tensor of sequence lengths in ``1..max_len``."""
    lengths = check_tensor(lengths, name, ndim=1, floating=False)
    if lengths.shape[0] != batch_size:
        raise ValueError(
            f"{name} must have one entry per sequence ({batch_size}), got {lengths.shape[0]}"
        )
    if batch_size and int(lengths.min()) < 1:
        raise ValueError(f"{name} must be >= 1 (no empty sequences), got {int(lengths.min())}")
    if batch_size and int(lengths.max()) > max_len:
        raise ValueError(
            f"{name} must be <= the padded length T={max_len}, got {int(lengths.max())}"
        )
    return lengths


def check_id_list(ids: object, size: int, name: str = "ids") -> list[int]:
    """Return ``ids`` (a 1-D tensor or a sequence of int) as a list of ints in ``0..size-1``."""
    if isinstance(ids, torch.Tensor):
        if ids.dim() != 1:
            raise ValueError(f"{name} must be a 1-D tensor, got {ids.dim()} dimensions")
        ids = ids.tolist()
    if isinstance(ids, (str, bytes)) or not isinstance(ids, Sequence):
        raise TypeError(f"{name} must be a sequence of int, got {type(ids).__name__}")
    for token_id in ids:
        check_int(token_id, f"{name}[...]")
        if not 0 <= token_id < size:
            raise ValueError(f"{name} contains {token_id}, outside 0..{size - 1}")
    return list(ids)


def check_module(value: object, name: str = "model") -> torch.nn.Module:
    """Return ``value`` if it is a ``torch.nn.Module``."""
    if not isinstance(value, torch.nn.Module):
        raise TypeError(f"{name} must be a torch.nn.Module, got {type(value).__name__}")
    return value


def check_token_ids(value: object, vocab_size: int, name: str = "token_ids") -> torch.Tensor:
    """Validate a ``(B, T)`` integer batch, ``T >= 1``, of ids in ``0..vocab_size-1``."""
    value = check_tensor(value, name, ndim=2, floating=False)
    if value.shape[1] == 0:
        raise ValueError(
            f"{name} must have at least one time step, got shape {tuple(value.shape)}"
        )
    if value.numel():
        low, high = int(value.min()), int(value.max())
        if low < 0 or high >= vocab_size:
            bad = low if low < 0 else high
            raise ValueError(
                f"{name} contains id {bad}, outside the model's vocabulary "
                f"0..{vocab_size - 1} (vocab_size={vocab_size}); was it encoded with "
                "another Vocabulary?"
            )
    return value


def check_models(models: object, name: str = "models") -> dict[str, torch.nn.Module]:
    """A non-empty mapping from model names (str) to modules, as a dict in its order."""
    if not isinstance(models, Mapping):
        raise TypeError(f"{name} must be a mapping from a name to a torch.nn.Module, "
                        f"got {type(models).__name__}")
    if not models:
        raise ValueError(f"{name} must name at least one model")
    for key, model in models.items():
        if not isinstance(key, str):
            raise TypeError(f"{name}' keys must be model names (str), got {type(key).__name__}")
        check_module(model, f"{name}[{key!r}]")
    return dict(models)
