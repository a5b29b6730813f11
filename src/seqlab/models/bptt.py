r"""Tools to look inside backpropagation through time (chapter 4).

A recurrent network's forward pass, unrolled, is a chain of ``T`` copies of the
same cell, and backpropagation through time is ordinary backpropagation along
that chain. To watch the gradient travel back, :func:`unroll` runs the
recurrence of an :class:`~seqlab.models.ElmanRNN` (or a one-layer
``torch.nn.RNN``) step by step with the module's own weights and returns every
hidden state as its own tensor of one autograd graph; :func:`hidden_state_grads`
asks autograd for :math:`\partial L / \partial h^{(t)}` with respect to each of
them, and :func:`hidden_state_grad_norms` reduces those to one norm per step.
The loop of :func:`unroll`, a line of code per line of mathematics, is also the book's
definition of the recurrence (chapter 4 prints it next to the fast ``ElmanRNN.forward``).

Why not ``rnn(x)[0][t]``? The module's ``output`` is a ``torch.stack`` of the
states, and the gradient with respect to a slice of it holds only the loss's
*direct* dependence on that slice, not the part that flows through all later
steps. The total derivative needs the state the next step was computed from.

:func:`spectral_radius` and :func:`set_spectral_radius` measure and rescale
:math:`W_{hh}`, the knob behind vanishing and exploding gradients.
"""

from __future__ import annotations

from collections.abc import Callable

import torch
from torch import nn

from seqlab._checks import (
    check_choice,
    check_dim_size,
    check_float,
    check_tensor,
    check_time_steps,
    check_type,
)
from seqlab.models.rnn import ElmanRNN

__all__ = [
    "hidden_state_grad_norms",
    "hidden_state_grads",
    "set_spectral_radius",
    "spectral_radius",
    "unroll",
]

_ACTIVATIONS: dict[str, Callable[[torch.Tensor], torch.Tensor]] = {
    "tanh": torch.tanh,
    "relu": torch.relu,
    "linear": lambda pre_activation: pre_activation,
}


def _check_rnn(rnn: object) -> nn.Module:
    """Accept an ElmanRNN or a one-layer, one-direction torch.nn.RNN."""
    check_type(rnn, "rnn", (ElmanRNN, nn.RNN), "a seqlab.models.ElmanRNN or a torch.nn.RNN")
    if isinstance(rnn, nn.RNN) and (rnn.num_layers != 1 or rnn.bidirectional):
        raise ValueError(f"rnn must have 1 layer, 1 direction, got num_layers={rnn.num_layers}, "
                         f"bidirectional={rnn.bidirectional}")
    return rnn


def _check_unroll(
    rnn: object, x: object, nonlinearity: object
) -> Callable[[torch.Tensor], torch.Tensor]:
    """Validate the arguments of :func:`unroll`; return the activation function f."""
    rnn = _check_rnn(rnn)
    nonlinearity = check_choice(nonlinearity, "nonlinearity", (*_ACTIVATIONS, None))
    x = check_tensor(x, "x", ndim=(2, 3), floating=True, dtype=rnn.weight_ih_l0.dtype)
    check_dim_size(x, "x", -1, rnn.input_size,
                   f"input_size={rnn.input_size} features in its last dimension")
    check_time_steps(x, "x", -2)
    return _ACTIVATIONS[nonlinearity or rnn.nonlinearity]


def _check_loss_fn(loss_fn: object) -> Callable[[torch.Tensor], torch.Tensor]:
    """``loss_fn`` itself, or the default loss for ``None``."""
    if loss_fn is not None and not callable(loss_fn):
        raise TypeError(f"loss_fn must be callable or None, got {type(loss_fn).__name__}")
    return _last_state_sum if loss_fn is None else loss_fn


def _check_loss(loss: object) -> torch.Tensor:
    """What ``loss_fn`` returned, as a 0-dim tensor, if it is a scalar tensor."""
    if not isinstance(loss, torch.Tensor):
        raise TypeError(f"loss_fn must return a scalar tensor, got {type(loss).__name__}")
    if loss.numel() != 1:
        raise ValueError(f"loss_fn must return a scalar tensor, got shape {tuple(loss.shape)}")
    return loss.reshape(())


def unroll(
    rnn: nn.Module, x: torch.Tensor, nonlinearity: str | None = None
) -> list[torch.Tensor]:
    r"""Run the recurrence step by step; return the ``T`` hidden states as separate tensors.

    With the weights of ``rnn`` and :math:`h^{(0)} = 0` it computes, for
    :math:`t = 1, \dots, T`,

    .. math::
        h^{(t)} = f\left(W_{xh}\,x^{(t)} + b_{xh} + W_{hh}\,h^{(t-1)} + b_{hh}\right)

    where :math:`f` is the module's nonlinearity, or ``nonlinearity`` if given:
    ``"tanh"``, ``"relu"`` or ``"linear"`` (the identity, which ``nn.RNN`` does
    not offer; it turns the network into a linear recurrence for analysis).
    Each ``h^{(t)}`` is computed from ``h^{(t-1)}`` itself, so autograd can give
    the total derivative of a loss with respect to any one of them. The zero
    initial state requires grad, so the states are in a graph even when the
    parameters are frozen or the caller is inside ``torch.no_grad()``.

    Args:
        rnn: an :class:`~seqlab.models.ElmanRNN` or a one-layer ``torch.nn.RNN``.
        x: ``(T, D)`` one sequence, or ``(B, T, D)`` a batch. Always batch-first
            here, whatever ``rnn.batch_first`` says.
        nonlinearity: ``None`` (the module's own), ``"tanh"``, ``"relu"`` or ``"linear"``.

    Returns:
        A list of ``T`` tensors, each ``(H,)`` for one sequence or ``(B, H)`` for a batch.
    """
    f = _check_unroll(rnn, x, nonlinearity)  # tanh, relu or the identity
    W_xh, W_hh = rnn.weight_ih_l0, rnn.weight_hh_l0  # (H, D), (H, H)
    b = rnn.bias_ih_l0 + rnn.bias_hh_l0 if rnn.bias else 0.0  # b_xh + b_hh: (H,)
    # enable_grad and a zero state that requires grad: the states form a graph even
    # under no_grad or with frozen weights, so hidden_state_grads can differentiate.
    with torch.enable_grad():
        hidden = torch.zeros(*x.shape[:-2], rnn.hidden_size, dtype=x.dtype,
                             device=x.device, requires_grad=True)  # h^(0) = 0: (H,) or (B, H)
        states = []
        for t in range(x.shape[-2]):  # t = 1, ..., T: each step needs the state before it
            # x^(t) = x[..., t, :] is a row (D,) or rows (B, D), so W x^(t) is x^(t) @ W.T
            hidden = f(x[..., t, :] @ W_xh.T + hidden @ W_hh.T + b)  # h^(t): (H,) or (B, H)
            states.append(hidden)
    return states


def _last_state_sum(hidden: torch.Tensor) -> torch.Tensor:
    return hidden[..., -1, :].sum()


def hidden_state_grads(
    rnn: nn.Module,
    x: torch.Tensor,
    loss_fn: Callable[[torch.Tensor], torch.Tensor] | None = None,
    nonlinearity: str | None = None,
) -> torch.Tensor:
    r"""The gradient :math:`\partial L / \partial h^{(t)}` of a loss for every time step.

    The states come from :func:`unroll`; ``loss_fn`` receives them stacked,
    ``(T, H)`` (or ``(B, T, H)``), and must return a scalar. The default loss is
    the sum of the entries of the last state, :math:`L = \sum_j h^{(T)}_j`, so that
    :math:`\partial L / \partial h^{(T)}` is a vector of ones and everything
    earlier is what backpropagation through time carried back from the end.

    Args:
        rnn: an :class:`~seqlab.models.ElmanRNN` or a one-layer ``torch.nn.RNN``.
        x: ``(T, D)`` or ``(B, T, D)`` (batch-first).
        loss_fn: ``hidden (T, H) or (B, T, H) -> scalar tensor``; ``None`` for the default.
        nonlinearity: as in :func:`unroll`.

    Returns:
        ``(T, H)`` or ``(B, T, H)``, detached: row ``t - 1`` holds
        :math:`\partial L / \partial h^{(t)}`.
    """
    loss_fn = _check_loss_fn(loss_fn)
    states = unroll(rnn, x, nonlinearity)  # T tensors h^(t), each (H,) or (B, H)
    with torch.enable_grad():
        loss = _check_loss(loss_fn(torch.stack(states, dim=-2)))  # reads (T, H) or (B, T, H)
    # allow_unused: a state the loss never reaches (possible with a custom loss) gets zeros.
    grads = torch.autograd.grad(loss, states, allow_unused=True)
    grads = [torch.zeros_like(s) if g is None else g for g, s in zip(grads, states, strict=True)]
    return torch.stack(grads, dim=-2).detach()


def hidden_state_grad_norms(
    rnn: nn.Module,
    x: torch.Tensor,
    loss_fn: Callable[[torch.Tensor], torch.Tensor] | None = None,
    nonlinearity: str | None = None,
) -> torch.Tensor:
    r"""The Euclidean norm :math:`\lVert \partial L / \partial h^{(t)} \rVert` for every step.

    Same arguments as :func:`hidden_state_grads`; for a batch the norm is taken
    over the whole ``(B, H)`` gradient of step ``t``.

    Returns:
        ``(T,)``, detached; entry ``t - 1`` belongs to :math:`h^{(t)}`, so the last
        entry is at distance 0 from the end and the first at distance ``T - 1``.
    """
    grads = hidden_state_grads(rnn, x, loss_fn, nonlinearity)  # (T, H) or (B, T, H)
    if grads.dim() == 3:
        grads = grads.transpose(0, 1).reshape(grads.shape[1], -1)  # (T, B*H)
    return torch.linalg.vector_norm(grads, dim=-1)  # (T,)


def spectral_radius(weight: torch.Tensor) -> float:
    r"""The largest absolute value of the eigenvalues of a square matrix, :math:`\rho(W)`.

    Computed in float64, so that rounding in float32 weights does not show.
    """
    weight = check_tensor(weight, "weight", ndim=2, floating=True)
    if weight.shape[0] != weight.shape[1]:
        raise ValueError(f"weight must be a square matrix, got shape {tuple(weight.shape)}")
    eigenvalues = torch.linalg.eigvals(weight.detach().to(torch.float64))
    return float(eigenvalues.abs().max())


def set_spectral_radius(rnn: nn.Module, rho: float) -> nn.Module:
    r"""Rescale :math:`W_{hh}` of ``rnn`` in place so that its spectral radius is ``rho``.

    Multiplying a matrix by a positive number multiplies every eigenvalue by it,
    so ``W_hh * rho / spectral_radius(W_hh)`` has spectral radius ``rho`` and the
    same eigenvectors. Nothing else changes. Returns ``rnn``.

    Raises ``ValueError`` for ``rho < 0`` and when :math:`W_{hh}` has spectral
    radius 0 (no scale factor can give it another one).
    """
    rnn, rho = _check_rnn(rnn), check_float(rho, "rho", minimum=0)
    current = spectral_radius(rnn.weight_hh_l0)
    if current == 0.0:
        raise ValueError("rnn.weight_hh_l0 has spectral radius 0 and cannot be rescaled")
    with torch.no_grad():
        rnn.weight_hh_l0.mul_(rho / current)
    return rnn
