"""Sequence classifiers of chapters 3 and 4: a fixed-size MLP and an RNN.

:class:`MLPClassifier` flattens a padded ``(B, max_len, D)`` block of embeddings
into one long vector, so it needs an input size fixed in advance and its first
layer grows with ``max_len``. :class:`RNNClassifier` reads the same embeddings one
step at a time with weights shared across time (an :class:`~seqlab.models.rnn.ElmanRNN`
or ``torch.nn.RNN``) and classifies the hidden state at each sequence's last real
token, so it takes any length and ``<pad>`` tokens never change its prediction.
"""

from __future__ import annotations

import torch
from torch import nn

from seqlab._checks import (
    check_choice,
    check_embedding_sizes,
    check_int,
    check_lengths,
    check_sizes,
    check_token_ids,
)
from seqlab.models.rnn import ElmanRNN, last_valid, padding_mask

__all__ = ["MLPClassifier", "RNNClassifier", "mlp_parameter_count", "rnn_parameter_count"]

_RNN_KINDS = ("elman", "torch")


class RNNClassifier(nn.Module):
    """Embedding -> RNN -> hidden state at the last real token -> linear.

    ``token_ids (B, T) -> (B, T, D) -> RNN -> (B, T, H) -> pick t = lengths-1 -> (B, H)
    -> Linear(H, C) -> logits (B, C)``

    The state at ``t = lengths[b] - 1`` has read exactly the sentence, so
    appending ``<pad>`` tokens never changes a prediction.

    Args:
        vocab_size: ``V``.
        embed_dim: ``D``, the size of each token's vector (the RNN's input size).
        hidden_size: ``H``.
        num_classes: ``C``.
        rnn: ``"elman"`` for the book's :class:`~seqlab.models.rnn.ElmanRNN`,
            ``"torch"`` for ``torch.nn.RNN`` (same parameters, same results).
        pad_index: id of ``<pad>``; its embedding is kept at zero.
        nonlinearity: ``"tanh"`` or ``"relu"`` (checked by the recurrent layer).

    Attributes:
        rnn: the recurrent layer, built with ``batch_first=True``.
    """

    def __init__(
        self,
        vocab_size: int,
        embed_dim: int = 16,
        hidden_size: int = 32,
        num_classes: int = 2,
        rnn: str = "elman",
        pad_index: int = 0,
        nonlinearity: str = "tanh",
    ) -> None:
        super().__init__()
        self.vocab_size, _, _ = check_embedding_sizes(vocab_size, pad_index, embed_dim=embed_dim,
                                                      hidden_size=hidden_size)
        check_int(num_classes, "num_classes", minimum=2)
        self.rnn_kind = check_choice(rnn, "rnn", _RNN_KINDS)
        self.embedding = nn.Embedding(vocab_size, embed_dim, padding_idx=pad_index)
        recurrent = ElmanRNN if rnn == "elman" else nn.RNN
        self.rnn = recurrent(embed_dim, hidden_size, nonlinearity=nonlinearity, batch_first=True)
        self.head = nn.Linear(hidden_size, num_classes)

    def _outputs(self, token_ids: torch.Tensor) -> torch.Tensor:
        """The RNN's state at every step, ``(B, T, H)``."""
        embedded = self.embedding(check_token_ids(token_ids, self.vocab_size))  # (B, T, D)
        outputs, _ = self.rnn(embedded)  # (B, T, H); h_n is (1, B, H) at t = T-1
        return outputs

    def forward(self, token_ids: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        """``token_ids (B, T)`` long, ``lengths (B,)`` long -> logits ``(B, C)``."""
        # h_n is the state after the LAST column, which for short sequences has
        # read padding; the state at lengths-1 has not (last_valid checks lengths).
        return self.head(last_valid(self._outputs(token_ids), lengths))  # (B, C)

    def hidden_states(self, token_ids: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        """The hidden state of every time step, ``(B, T, H)``, for heatmaps.

        Positions at or past a sequence's length (states computed from
        ``<pad>`` tokens, which no prediction reads) are set to 0.
        """
        outputs = self._outputs(token_ids)  # (B, T, H)
        lengths = check_lengths(lengths, outputs.shape[0], outputs.shape[1])
        mask = padding_mask(lengths, outputs.shape[1], outputs.device)  # (B, T)
        return outputs * mask.unsqueeze(-1).to(outputs.dtype)  # (B, T, H)


class MLPClassifier(nn.Module):
    """Embedding -> flatten a fixed number of positions -> MLP, the "no RNN" baseline.

    ``token_ids (B, T<=max_len) -> right-pad to (B, max_len) -> (B, max_len, D)
    -> (B, max_len*D) -> Linear -> ReLU -> Linear -> logits (B, C)``

    Every position has its own weights in the first layer, which therefore has
    ``max_len * D * H + H`` parameters: the model cannot read a sentence longer
    than ``max_len`` at all, and its size grows with it. In total it has
    ``V*D + max_len*D*H + H + H*C + C`` parameters.

    Args:
        vocab_size: ``V``.
        max_len: the largest ``T`` the model accepts; shorter input is
            right-padded with ``pad_index`` internally.
        embed_dim: ``D``, the size of each token's vector.
        hidden_size: ``H``, the width of the hidden layer.
        num_classes: ``C``.
        pad_index: id of ``<pad>``; its embedding is kept at zero, so padding adds
            nothing to the first layer's input.
    """

    def __init__(
        self,
        vocab_size: int,
        max_len: int,
        embed_dim: int = 16,
        hidden_size: int = 32,
        num_classes: int = 2,
        pad_index: int = 0,
    ) -> None:
        super().__init__()
        self.vocab_size, self.max_len, self.embed_dim, _ = check_embedding_sizes(
            vocab_size, pad_index, max_len=max_len, embed_dim=embed_dim, hidden_size=hidden_size)
        check_int(num_classes, "num_classes", minimum=2)
        self.pad_index = pad_index
        self.embedding = nn.Embedding(vocab_size, embed_dim, padding_idx=pad_index)
        self.net = nn.Sequential(
            nn.Linear(max_len * embed_dim, hidden_size),
            nn.ReLU(),
            nn.Linear(hidden_size, num_classes),
        )

    def _check_inputs(
        self, token_ids: object, lengths: object
    ) -> tuple[torch.Tensor, torch.Tensor | None]:
        token_ids = check_token_ids(token_ids, self.vocab_size)
        B, T = token_ids.shape
        if T > self.max_len:
            raise ValueError(f"T must be <= max_len={self.max_len}, the positions the MLP has "
                             f"weights for, got T={T}")
        return token_ids, None if lengths is None else check_lengths(lengths, B, T)

    def forward(self, token_ids: torch.Tensor, lengths: torch.Tensor | None = None) -> torch.Tensor:
        """``token_ids (B, T)`` with ``T <= max_len`` -> logits ``(B, C)``.

        ``lengths (B,)``, if given, marks positions at or past a sequence's
        length as padding whatever their ids (their embeddings are zeroed).
        """
        token_ids, lengths = self._check_inputs(token_ids, lengths)
        B, T = token_ids.shape
        if T < self.max_len:
            padding = token_ids.new_full((B, self.max_len - T), self.pad_index)
            token_ids = torch.cat([token_ids, padding], dim=1)  # (B, max_len)
        embedded = self.embedding(token_ids)  # (B, max_len, D)
        if lengths is not None:
            mask = padding_mask(lengths, self.max_len, embedded.device)  # (B, max_len)
            embedded = embedded * mask.unsqueeze(-1).to(embedded.dtype)
        return self.net(embedded.reshape(B, self.max_len * self.embed_dim))  # (B, C)


def mlp_parameter_count(
    vocab_size: int, max_len: int, embed_dim: int, hidden_size: int, num_classes: int
) -> int:
    """Parameters of an :class:`MLPClassifier`: ``V*D + T*D*H + H + H*C + C``.

    The ``T*D*H`` term is the first layer's block of weights for every position.
    """
    V, T, D, H, C = check_sizes(vocab_size=vocab_size, max_len=max_len, embed_dim=embed_dim,
                                hidden_size=hidden_size, num_classes=num_classes)
    return V * D + T * D * H + H + H * C + C


def rnn_parameter_count(vocab_size: int, embed_dim: int, hidden_size: int,
                        num_classes: int) -> int:
    """Parameters of an :class:`RNNClassifier`: ``V*D + H*D + H*H + 2H + H*C + C``.

    No term depends on the sequence length ``T``: the weights are shared across time.
    """
    V, D, H, C = check_sizes(vocab_size=vocab_size, embed_dim=embed_dim,
                             hidden_size=hidden_size, num_classes=num_classes)
    return V * D + H * D + H * H + 2 * H + H * C + C

