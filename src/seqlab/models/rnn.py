"""The Elman recurrent network written out in Python, a drop-in twin of ``torch.nn.RNN``.

:class:`ElmanRNN` has the constructor, the parameter names and shapes, the
initialisation and the ``forward`` contract of a one-layer ``torch.nn.RNN``, so a
``state_dict`` loads from one into the other and chapter 4 can assert that both
give the same outputs and the same gradients. The difference is that the loop
over time is here to read. The plain loop, the definition, is
:func:`seqlab.models.unroll`; ``ElmanRNN.forward`` computes the same states fast
(at most ``nn.RNN``'s time, ``benchmarks/rnn_speed.py``): the input projection of
every time step is one matrix product, and only the recurrence
``h = act(x W_ih^T + b + h W_hh^T)`` runs step by step.

:func:`last_valid` reads the hidden state at each sequence's last real
(non-padding) time step, and :func:`padding_mask` marks the real time steps of a
right-padded batch (the models of chapters 2 to 5 share both).
"""

from __future__ import annotations

import math

import torch
from torch import nn

from seqlab._checks import (
    check_bool,
    check_choice,
    check_dim_size,
    check_lengths,
    check_sizes,
    check_tensor,
    check_time_steps,
)

__all__ = ["ElmanRNN", "last_valid", "padding_mask"]

_NONLINEARITIES = ("tanh", "relu")


class ElmanRNN(nn.Module):
    r"""A one-layer Elman RNN with :math:`\tanh` or ReLU, equivalent to ``torch.nn.RNN``.

    For each element of the input sequence it computes

    .. math::
        h_t = \tanh(x_t W_{ih}^T + b_{ih} + h_{t-1} W_{hh}^T + b_{hh})

    where :math:`h_t` is the hidden state at time `t`, :math:`x_t` the input at
    time `t` and :math:`h_{-1}` the initial hidden state ``h0`` (zeros by
    default). With ``nonlinearity="relu"``, ReLU replaces :math:`\tanh`. In the
    book's notation :math:`W_{ih} = W_{xh}` is ``weight_ih_l0``.

    Because :math:`x_t W_{ih}^T + b_{ih} + b_{hh}` does not depend on the previous
    state, it is computed for all time steps at once, as one ``(T*B, D) @ (D, H)``
    matrix product; only :math:`h_{t-1} W_{hh}^T` has to wait for the step before.

    Args:
        input_size: ``D``, the number of features of each input vector ``x_t``.
        hidden_size: ``H``, the number of features of the hidden state ``h_t``.
        nonlinearity: ``"tanh"`` or ``"relu"``. Default: ``"tanh"``.
        bias: if ``False``, the layer has no ``b_ih`` and ``b_hh``. Default: ``True``.
        batch_first: if ``True``, batched input and output are ``(B, T, *)``
            instead of ``(T, B, *)``. It does not apply to ``h0``/``h_n``, nor
            to unbatched input. Default: ``False``.

    Inputs: x, h0
        * **x**: ``(T, D)`` unbatched, ``(T, B, D)`` batched, or ``(B, T, D)``
          batched with ``batch_first=True``.
        * **h0**: ``(1, H)`` unbatched or ``(1, B, H)`` batched; zeros if ``None``.

    Outputs: output, h_n
        * **output**: ``(T, H)`` unbatched, ``(T, B, H)`` or (with ``batch_first``)
          ``(B, T, H)``: the hidden state ``h_t`` of every time step.
        * **h_n**: ``(1, H)`` unbatched or ``(1, B, H)`` batched: the last hidden state.

    Attributes:
        weight_ih_l0: ``(H, D)``, :math:`W_{ih}`.
        weight_hh_l0: ``(H, H)``, :math:`W_{hh}`.
        bias_ih_l0: ``(H,)``, :math:`b_{ih}` (absent when ``bias=False``).
        bias_hh_l0: ``(H,)``, :math:`b_{hh}` (absent when ``bias=False``).

    All weights and biases are drawn from :math:`\mathcal{U}(-1/\sqrt{H}, 1/\sqrt{H})`,
    in ``nn.RNN``'s order, so the same seed gives both modules the same weights.

    Example::

        >>> rnn = ElmanRNN(10, 20)
        >>> output, h_n = rnn(torch.randn(5, 3, 10))   # T=5, B=3, D=10
        >>> output.shape, h_n.shape
        (torch.Size([5, 3, 20]), torch.Size([1, 3, 20]))
    """

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        nonlinearity: str = "tanh",
        bias: bool = True,
        batch_first: bool = False,
    ) -> None:
        super().__init__()
        self.input_size, self.hidden_size = check_sizes(input_size=input_size,
                                                        hidden_size=hidden_size)
        self.nonlinearity = check_choice(nonlinearity, "nonlinearity", _NONLINEARITIES)
        self.bias = check_bool(bias, "bias")
        self.batch_first = check_bool(batch_first, "batch_first")
        self.num_layers = 1  # as nn.RNN reports it; only one layer is supported
        # Registered in nn.RNN's order, so reset_parameters draws the same numbers.
        self.weight_ih_l0 = nn.Parameter(torch.empty(hidden_size, input_size))
        self.weight_hh_l0 = nn.Parameter(torch.empty(hidden_size, hidden_size))
        if bias:
            self.bias_ih_l0 = nn.Parameter(torch.empty(hidden_size))
            self.bias_hh_l0 = nn.Parameter(torch.empty(hidden_size))
        else:
            # None keeps the attributes readable while leaving them out of state_dict,
            # exactly like nn.RNN(bias=False).
            self.register_parameter("bias_ih_l0", None)
            self.register_parameter("bias_hh_l0", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Draw every weight and bias from ``U(-1/sqrt(H), 1/sqrt(H))``, like ``nn.RNN``."""
        bound = 1.0 / math.sqrt(self.hidden_size)
        for parameter in self.parameters():
            nn.init.uniform_(parameter, -bound, bound)

    def extra_repr(self) -> str:
        text = f"{self.input_size}, {self.hidden_size}"
        if self.nonlinearity != "tanh":
            text += f", nonlinearity={self.nonlinearity!r}"
        if not self.bias:
            text += ", bias=False"
        if self.batch_first:
            text += ", batch_first=True"
        return text

    def _check_inputs(
        self, x: object, h0: object
    ) -> tuple[torch.Tensor, torch.Tensor | None, bool]:
        """Validate ``x`` and ``h0``; return them and whether the input is batched."""
        x = check_tensor(x, "x", ndim=(2, 3), floating=True, dtype=self.weight_ih_l0.dtype)
        check_dim_size(x, "x", -1, self.input_size,
                       f"input_size={self.input_size} features in its last dimension")
        batched = x.dim() == 3
        check_time_steps(x, "x", 1 if batched and self.batch_first else 0)
        if h0 is None:
            return x, None, batched
        h0 = check_tensor(h0, "h0", floating=True, dtype=x.dtype)
        if batched:
            batch_size = x.shape[0] if self.batch_first else x.shape[1]
            expected: tuple[int, ...] = (1, batch_size, self.hidden_size)
        else:
            expected = (1, self.hidden_size)
        if tuple(h0.shape) != expected:
            symbols, kind = ("(1, B, H)", "batched") if batched else ("(1, H)", "unbatched")
            raise ValueError(f"h0 must have shape {symbols} = {expected} for this {kind} x, "
                             f"got {tuple(h0.shape)}")
        return x, h0, batched

    def forward(
        self, x: torch.Tensor, h0: torch.Tensor | None = None
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """Run the recurrence over ``x``; see the class docstring for the shapes.

        Returns ``(output, h_n)``: every hidden state and the last one.
        """
        x, h0, batched = self._check_inputs(x, h0)
        if not batched:
            x = x.unsqueeze(1)  # (T, D) -> (T, 1, D)
            h0 = None if h0 is None else h0.unsqueeze(1)  # (1, H) -> (1, 1, H)
        elif self.batch_first:
            x = x.transpose(0, 1)  # (B, T, D) -> (T, B, D): time-major so x_t is x[t]
        T, B, D = x.shape

        # The part of every step that does not depend on h_{t-1}: one big matmul,
        # with both biases folded in once instead of at every step.
        inputs_2d = x.reshape(T * B, D)
        if self.bias:
            bias = self.bias_ih_l0 + self.bias_hh_l0  # (H,)
            projected = torch.addmm(bias, inputs_2d, self.weight_ih_l0.t())  # (T*B, H)
        else:
            projected = inputs_2d @ self.weight_ih_l0.t()  # (T*B, H)
        # unbind gives all T views with ONE autograd node (x[t] would add one per step).
        projected_steps = projected.view(T, B, self.hidden_size).unbind(0)  # T x (B, H)

        weight_hh_t = self.weight_hh_l0.t()  # (H, H), transposed once, not per step
        activation = torch.tanh if self.nonlinearity == "tanh" else torch.relu
        activation_ = torch.tanh_ if self.nonlinearity == "tanh" else torch.relu_
        hidden_states = []
        if h0 is None:
            # h_{-1} = 0, so the first step has no recurrent term to multiply.
            hidden = activation(projected_steps[0])  # (B, H)
            start = 1
            hidden_states.append(hidden)
        else:
            hidden = h0[0]  # (B, H)
            start = 0
        for t in range(start, T):
            # addmm computes projected_t + hidden @ W_hh^T in one call, into a fresh
            # tensor that the in-place activation may then overwrite.
            hidden = activation_(torch.addmm(projected_steps[t], hidden, weight_hh_t))
            hidden_states.append(hidden)

        output = torch.stack(hidden_states, dim=0)  # (T, B, H)
        h_n = hidden.unsqueeze(0)  # (1, B, H)
        if not batched:
            return output.squeeze(1), h_n.squeeze(1)  # (T, H), (1, H)
        if self.batch_first:
            output = output.transpose(0, 1)  # (B, T, H)
        return output, h_n


def padding_mask(
    lengths: torch.Tensor, max_len: int, device: torch.device | None = None
) -> torch.Tensor:
    """``(B, T)`` bool, True at real tokens (``t < lengths[b]``), False at padding.

    ``lengths`` is a ``(B,)`` integer tensor of lengths in ``1..max_len``, which the
    calling model has checked at its entry point; ``device`` defaults to its own.
    """
    device = lengths.device if device is None else device
    positions = torch.arange(max_len, device=device)  # (T,)
    return positions.unsqueeze(0) < lengths.to(device).unsqueeze(1)  # (B, T)


def last_valid(outputs: torch.Tensor, lengths: torch.Tensor, name: str = "lengths") -> torch.Tensor:
    """Pick ``outputs[b, lengths[b] - 1]`` for every ``b``: the last real time step.

    In a right-padded batch the state at position ``T - 1`` of a short sequence
    has read ``<pad>`` tokens; the state at ``lengths[b] - 1`` has read exactly
    the sequence and nothing else.

    Args:
        outputs: ``(B, T, H)``, batch-first per-step outputs.
        lengths: ``(B,)`` integer tensor, true lengths in ``1..T``. This is where
            a model's lengths are checked, so the models pass them on unchecked.
        name: what to call ``lengths`` in an error message.

    Returns:
        ``(B, H)``.
    """
    check_tensor(outputs, "outputs", ndim=3)
    lengths = check_lengths(lengths, outputs.shape[0], outputs.shape[1], name)
    rows = torch.arange(outputs.shape[0], device=outputs.device)  # (B,)
    return outputs[rows, lengths.to(outputs.device) - 1]  # (B, H)
