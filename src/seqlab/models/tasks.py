"""The modeling tasks of chapter 5, all built on the same recurrent core.

Karpathy's figure of "The Unreasonable Effectiveness of Recurrent Neural
Networks" sorts sequence models by what goes in and what comes out. Every
model here uses :class:`~seqlab.models.rnn.ElmanRNN` (the twin of a one-layer
``torch.nn.RNN``); they differ only in what they feed it and which of its
states they read (``T'`` is an output length that the input does not fix):

    mode                   model            shapes in -> out
    one-to-one             OneToOneRNN      (B, D) -> (B, C)
    one-to-many            OneToManyRNN     (B, D) -> (B, T', V)
    many-to-one            RNNClassifier    (B, T) -> (B, C)      (seqlab.models.classifiers)
    many-to-many, synced   SequenceTagger   (B, T) -> (B, T, C)
    encoder-decoder        Seq2SeqRNN       (B, T) -> (B, T', V)

:class:`RNNDecoder` is the part that produces a sequence from a state: the
one-to-many model puts a start vector in front of it, the encoder-decoder a
many-to-one encoder. In training it reads the true previous token (teacher
forcing); at inference it reads its own previous prediction (greedy decoding).
"""

from __future__ import annotations

import torch
from torch import nn

from seqlab._checks import (
    check_dim_size,
    check_embedding_sizes,
    check_index,
    check_int,
    check_lengths,
    check_optional,
    check_sizes,
    check_tensor,
    check_token_ids,
)
from seqlab.models.rnn import ElmanRNN, last_valid, padding_mask

__all__ = ["OneToManyRNN", "OneToOneRNN", "RNNDecoder", "Seq2SeqRNN", "SequenceTagger"]


def _check_vectors(x: object, size: int, dtype: torch.dtype) -> torch.Tensor:
    """``x``, if it is a ``(B, D)`` floating-point tensor of the parameters' dtype, ``D = size``."""
    x = check_tensor(x, "x", ndim=2, floating=True, dtype=dtype)
    return check_dim_size(x, "x", 1, size, f"shape (B, D) with D={size}")


def _check_decoder_inputs(decoder_inputs: object, vocab_size: int, batch_size: int,
                          rows: str) -> torch.Tensor:
    """``(B, T')`` ids in the vocabulary, one row per ``rows`` (``batch_size`` of them)."""
    decoder_inputs = check_token_ids(decoder_inputs, vocab_size, "decoder_inputs")
    return check_dim_size(decoder_inputs, "decoder_inputs", 0, batch_size,
                          f"one row per {rows} ({batch_size})")


class OneToOneRNN(nn.Module):
    """One input vector, one output: the RNN with a single time step (``T = 1``).

    ``x (B, D) -> (B, 1, D) -> ElmanRNN -> h^(1) (B, H) -> Linear(H, C) -> logits (B, C)``

    With one step and :math:`h^{(0)} = 0` the recurrence reduces to
    :math:`h^{(1)} = \\tanh(W_{xh} x + b_{xh} + b_{hh})`: :math:`W_{hh}` is never
    used, and the model *is* a multilayer perceptron with one tanh hidden layer.

    Args:
        input_size: ``D``.
        hidden_size: ``H``.
        num_classes: ``C``.
    """

    def __init__(self, input_size: int, hidden_size: int = 32, num_classes: int = 2) -> None:
        super().__init__()
        check_int(num_classes, "num_classes", minimum=2)
        self.rnn = ElmanRNN(input_size, hidden_size, batch_first=True)  # checks both sizes
        self.head = nn.Linear(hidden_size, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``x (B, D)`` float -> logits ``(B, C)``."""
        x = _check_vectors(x, self.rnn.input_size, self.rnn.weight_ih_l0.dtype)
        _, h_n = self.rnn(x.unsqueeze(1))  # a sequence of ONE step: (B, 1, D) -> h_n (1, B, H)
        return self.head(h_n[0])  # (B, C)


class RNNDecoder(nn.Module):
    """Produce a sequence from a start state: embedding -> ElmanRNN -> linear, per step.

    ``decoder_inputs (B, T) -> (B, T, D) -> ElmanRNN(h0) -> (B, T, H) -> Linear -> (B, T, V)``

    At step ``t`` it reads the token of step ``t - 1`` (``<bos>`` at ``t = 1``) and
    predicts the token of step ``t``. In training ``decoder_inputs`` are the true
    previous tokens (*teacher forcing*: all steps in one call); :meth:`generate`
    instead feeds back its own previous prediction, one step at a time.

    Args:
        vocab_size: ``V``, the tokens it reads and predicts (including ``<bos>``).
        embed_dim: ``D``, the size of each token's vector.
        hidden_size: ``H``, which is also the size of the start state ``h0``.
        pad_index: id of ``<pad>`` (its embedding stays zero), or ``None``.
    """

    def __init__(self, vocab_size: int, embed_dim: int = 16, hidden_size: int = 64,
                 pad_index: int | None = None) -> None:
        super().__init__()
        self.vocab_size = check_int(vocab_size, "vocab_size", minimum=2)
        check_sizes(embed_dim=embed_dim, hidden_size=hidden_size)
        check_optional(check_index, pad_index, "pad_index", vocab_size)
        self.pad_index = pad_index
        self.embedding = nn.Embedding(vocab_size, embed_dim, padding_idx=pad_index)
        self.rnn = ElmanRNN(embed_dim, hidden_size, batch_first=True)
        self.head = nn.Linear(hidden_size, vocab_size)

    def forward(self, decoder_inputs: torch.Tensor, h0: torch.Tensor) -> torch.Tensor:
        """``decoder_inputs (B, T)`` long, ``h0 (1, B, H)`` -> logits ``(B, T, V)``."""
        decoder_inputs = check_token_ids(decoder_inputs, self.vocab_size, "decoder_inputs")
        return self._logits(decoder_inputs, h0)

    def _logits(self, decoder_inputs: torch.Tensor, h0: torch.Tensor) -> torch.Tensor:
        """:meth:`forward` for ``decoder_inputs`` that the caller has checked."""
        outputs, _ = self.rnn(self.embedding(decoder_inputs), h0)  # (B, T, H)
        return self.head(outputs)  # (B, T, V)

    def _check_generate(self, h0: object, steps: object, bos_index: object,
                        eos_index: object, pad_index: object) -> torch.Tensor:
        """Validate the arguments of :meth:`generate`; return ``h0``."""
        check_int(steps, "steps", minimum=1)
        check_index(bos_index, "bos_index", self.vocab_size)
        check_optional(check_index, eos_index, "eos_index", self.vocab_size)
        check_index(pad_index, "pad_index", self.vocab_size)
        return check_tensor(h0, "h0", ndim=3, floating=True)  # its shape: the RNN checks it

    @torch.no_grad()
    def generate(self, h0: torch.Tensor, steps: int, bos_index: int,
                 eos_index: int | None = None, pad_index: int = 0) -> torch.Tensor:
        """Greedy decoding: ``h0 (1, B, H)`` -> token ids ``(B, steps)``.

        Each step feeds the previous prediction back as the next input and keeps
        the most likely token. After a sequence has produced ``eos_index`` (if
        given) the rest of its row is ``pad_index``.
        """
        h0 = self._check_generate(h0, steps, bos_index, eos_index, pad_index)
        batch_size = h0.shape[1]
        token = torch.full((batch_size, 1), bos_index, dtype=torch.long, device=h0.device)
        hidden, finished, generated = h0, torch.zeros(batch_size, dtype=torch.bool), []
        for _ in range(steps):
            output, hidden = self.rnn(self.embedding(token), hidden)  # (B, 1, H), (1, B, H)
            token = self.head(output).argmax(-1)  # (B, 1): the prediction is the next input
            generated.append(token[:, 0].masked_fill(finished.to(token.device), pad_index))
            if eos_index is not None:
                finished = finished | (token[:, 0] == eos_index).cpu()
        return torch.stack(generated, dim=1)  # (B, steps)


class OneToManyRNN(nn.Module):
    """One input vector, a sequence out: the vector sets the start state, a decoder writes.

    ``x (B, D) -> h0 = tanh(Linear(D, H)(x)) (1, B, H) -> RNNDecoder -> logits (B, T', V)``

    The input enters once, as the initial state :math:`h^{(0)}`; from then on
    the decoder reads only its own previous output token, so everything it still
    has to write must be carried by the hidden state.

    Args:
        input_size: ``D``, the size of the input vector.
        vocab_size: ``V``, the output tokens plus the special ones.
        bos_index: id of ``<bos>``, the decoder's first input.
        eos_index: id of ``<eos>``, which ends a generated sequence, or ``None``
            for outputs of a fixed length.
        pad_index: id of ``<pad>``: padding of ``decoder_inputs`` and the filler
            of generated rows after ``<eos>``.
        embed_dim: the size of the decoder's token vectors (the ``D`` of its RNN).
        hidden_size: ``H``.

    Attributes:
        init: ``nn.Linear(D, H)``, the input's map to :math:`h^{(0)}`.
        decoder: the :class:`RNNDecoder`.
    """

    def __init__(self, input_size: int, vocab_size: int, bos_index: int,
                 eos_index: int | None = None, pad_index: int = 0,
                 embed_dim: int = 16, hidden_size: int = 64) -> None:
        super().__init__()
        self.input_size, _ = check_sizes(input_size=input_size, hidden_size=hidden_size)
        check_int(vocab_size, "vocab_size", minimum=2)
        self.bos_index = check_index(bos_index, "bos_index", vocab_size)
        self.eos_index = (None if eos_index is None
                          else check_index(eos_index, "eos_index", vocab_size))
        self.pad_index = check_index(pad_index, "pad_index", vocab_size)
        self.init = nn.Linear(input_size, hidden_size)
        self.decoder = RNNDecoder(vocab_size, embed_dim, hidden_size, pad_index=pad_index)

    def initial_state(self, x: torch.Tensor) -> torch.Tensor:
        """``x (B, D)`` -> the decoder's start state ``h0 (1, B, H)``."""
        x = _check_vectors(x, self.input_size, self.init.weight.dtype)
        return torch.tanh(self.init(x)).unsqueeze(0)  # (1, B, H)

    def forward(self, x: torch.Tensor, decoder_inputs: torch.Tensor) -> torch.Tensor:
        """Teacher forcing: ``x (B, D)``, ``decoder_inputs (B, T')`` -> logits ``(B, T', V)``."""
        h0 = self.initial_state(x)
        decoder_inputs = _check_decoder_inputs(decoder_inputs, self.decoder.vocab_size,
                                               h0.shape[1], "row of x")
        return self.decoder._logits(decoder_inputs, h0)

    @torch.no_grad()
    def generate(self, x: torch.Tensor, steps: int) -> torch.Tensor:
        """Greedy decoding: ``x (B, D)`` -> token ids ``(B, steps)``, ``<pad>`` after ``<eos>``."""
        return self.decoder.generate(self.initial_state(x), steps, self.bos_index,
                                     self.eos_index, self.pad_index)


class SequenceTagger(nn.Module):
    """Many-to-many, synced: one prediction for every input token.

    ``token_ids (B, T) -> (B, T, D) -> ElmanRNN -> (B, T, H) -> Linear(H, C) -> (B, T, C)``

    The logits of step ``t`` read :math:`h^{(t)}`, which has seen tokens ``1..t``
    only, so padding after a sentence never changes its logits; the logits at
    padded positions (``t >= lengths[b]``) are set to 0 (train with ``-100``
    targets there).

    Args:
        vocab_size: ``V``.
        embed_dim: ``D``.
        hidden_size: ``H``.
        num_tags: ``C``, the number of tags.
        pad_index: id of ``<pad>``; its embedding is kept at zero.
    """

    def __init__(self, vocab_size: int, embed_dim: int = 16, hidden_size: int = 32,
                 num_tags: int = 2, pad_index: int = 0) -> None:
        super().__init__()
        self.vocab_size, _, _ = check_embedding_sizes(vocab_size, pad_index, embed_dim=embed_dim,
                                                      hidden_size=hidden_size)
        check_int(num_tags, "num_tags", minimum=2)
        self.embedding = nn.Embedding(vocab_size, embed_dim, padding_idx=pad_index)
        self.rnn = ElmanRNN(embed_dim, hidden_size, batch_first=True)
        self.head = nn.Linear(hidden_size, num_tags)

    def forward(self, token_ids: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        """``token_ids (B, T)`` long, ``lengths (B,)`` long -> logits ``(B, T, C)``."""
        token_ids = check_token_ids(token_ids, self.vocab_size)
        lengths = check_lengths(lengths, *token_ids.shape)
        outputs, _ = self.rnn(self.embedding(token_ids))  # (B, T, H): a state per step
        logits = self.head(outputs)  # (B, T, C): a prediction per step
        real = padding_mask(lengths, token_ids.shape[1], logits.device)  # (B, T)
        return logits * real.unsqueeze(-1).to(logits.dtype)  # zeros at padding


class Seq2SeqRNN(nn.Module):
    """Many-to-many, encoder-decoder: read a whole sequence, then write another.

    ``source_ids (B, T) -> Embedding -> encoder ElmanRNN -> h at t = lengths-1 (B, H)``
    ``-> h0 (1, B, H) -> RNNDecoder(decoder_inputs (B, T')) -> logits (B, T', V)``

    The encoder is a many-to-one reader (its last real state summarises the
    source), the decoder a one-to-many writer started from that summary
    (Sutskever et al., 2014). Input and output lengths are independent.

    Args:
        vocab_size: ``V``, one vocabulary shared by source and target.
        bos_index, eos_index, pad_index: ids of ``<bos>``, ``<eos>`` and ``<pad>``.
        embed_dim: ``D``.
        hidden_size: ``H``.

    Attributes:
        embedding, encoder: the source side; decoder: the :class:`RNNDecoder`.
    """

    def __init__(self, vocab_size: int, bos_index: int, eos_index: int, pad_index: int = 0,
                 embed_dim: int = 16, hidden_size: int = 64) -> None:
        super().__init__()
        self.vocab_size = check_int(vocab_size, "vocab_size", minimum=2)
        check_sizes(embed_dim=embed_dim, hidden_size=hidden_size)
        self.bos_index = check_index(bos_index, "bos_index", vocab_size)
        self.eos_index = check_index(eos_index, "eos_index", vocab_size)
        self.pad_index = check_index(pad_index, "pad_index", vocab_size)
        self.embedding = nn.Embedding(vocab_size, embed_dim, padding_idx=pad_index)
        self.encoder = ElmanRNN(embed_dim, hidden_size, batch_first=True)
        self.decoder = RNNDecoder(vocab_size, embed_dim, hidden_size, pad_index=pad_index)

    def encode(self, source_ids: torch.Tensor, source_lengths: torch.Tensor) -> torch.Tensor:
        """``source_ids (B, T)``, ``source_lengths (B,)`` -> the summary ``h0 (1, B, H)``."""
        source_ids = check_token_ids(source_ids, self.vocab_size, "source_ids")
        outputs, _ = self.encoder(self.embedding(source_ids))  # (B, T, H)
        # The state after the last REAL token, not after the padding that follows it
        # (last_valid also checks the lengths).
        return last_valid(outputs, source_lengths, "source_lengths").unsqueeze(0)  # (1, B, H)

    def forward(self, source_ids: torch.Tensor, source_lengths: torch.Tensor,
                decoder_inputs: torch.Tensor) -> torch.Tensor:
        """Teacher forcing: ``(B, T)``, ``(B,)``, ``decoder_inputs (B, T')`` -> ``(B, T', V)``."""
        h0 = self.encode(source_ids, source_lengths)
        decoder_inputs = _check_decoder_inputs(decoder_inputs, self.vocab_size, h0.shape[1],
                                               "source sequence")
        return self.decoder._logits(decoder_inputs, h0)

    @torch.no_grad()
    def generate(self, source_ids: torch.Tensor, source_lengths: torch.Tensor,
                 steps: int) -> torch.Tensor:
        """Greedy decoding: -> token ids ``(B, steps)``, ``<pad>`` after ``<eos>``."""
        return self.decoder.generate(self.encode(source_ids, source_lengths), steps,
                                     self.bos_index, self.eos_index, self.pad_index)
