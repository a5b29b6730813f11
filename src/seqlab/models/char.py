"""A character-level language model (chapter 7): Karpathy's char-RNN, small and careful.

:class:`CharRNN` reads character ids and predicts, at every time step, a
distribution over the next character (a synced many-to-many RNN): an embedding,
one recurrent layer (:class:`~seqlab.models.ElmanRNN` or ``torch.nn.RNN``) and a
linear read-out to ``V`` logits. :func:`train_char_rnn` trains it with truncated
backpropagation through time on one long text; :func:`evaluate_char_rnn`
measures its cross-entropy per character. :func:`sample` generates text with a
temperature, reproducibly from a seeded ``torch.Generator``. The count-based
baselines it has to beat are in :mod:`seqlab.models.baselines`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import torch
from torch import nn
from torch.nn import functional as F

from seqlab._checks import (
    check_bool,
    check_choice,
    check_float,
    check_int,
    check_optional,
    check_sizes,
    check_str,
    check_tensor,
    check_token_ids,
    check_type,
)
from seqlab._torch import History, evaluating
from seqlab.data.batching import CharVocab, stream_batches
from seqlab.models.rnn import ElmanRNN

__all__ = [
    "CharRNN",
    "CharRNNHistory",
    "evaluate_char_rnn",
    "next_char_logits",
    "sample",
    "temperature_softmax",
    "train_char_rnn",
]

_RNN_KINDS = ("elman", "torch")


class CharRNN(nn.Module):
    """Embedding -> one recurrent layer -> linear: next-character logits at every step.

    Args:
        vocab_size: ``V``, the number of distinct characters.
        hidden_size: ``H``. Default: 128.
        embed_dim: ``D``, the size of a character's learned vector; ``None``
            feeds one-hot vectors (``D = V``), as in Karpathy's original. Default: 32.
        rnn: ``"elman"`` for the book's :class:`~seqlab.models.ElmanRNN`, ``"torch"``
            for ``torch.nn.RNN``. Both have the same parameters (names, shapes,
            initialisation), so the same seed builds the same network.

    Inputs: token_ids, h0
        * **token_ids**: ``(B, T)`` long tensor of character ids.
        * **h0**: ``(1, B, H)`` initial hidden state, zeros if ``None``.

    Outputs: logits, h_n
        * **logits**: ``(B, T, V)``, the scores of the character following each position.
        * **h_n**: ``(1, B, H)``, the state after the last step (to carry on reading).
    """

    def __init__(
        self,
        vocab_size: int,
        hidden_size: int = 128,
        embed_dim: int | None = 32,
        rnn: str = "elman",
    ) -> None:
        super().__init__()
        self.vocab_size = check_int(vocab_size, "vocab_size", minimum=2)
        self.hidden_size = check_int(hidden_size, "hidden_size", minimum=1)
        if embed_dim is not None:
            check_sizes(embed_dim=embed_dim)
        self.rnn_kind = check_choice(rnn, "rnn", _RNN_KINDS)
        if embed_dim is None:
            self.embedding = None  # one-hot input: D = V
            input_size = vocab_size
        else:
            self.embedding = nn.Embedding(vocab_size, embed_dim)
            input_size = embed_dim
        rnn_class = ElmanRNN if rnn == "elman" else nn.RNN
        self.rnn = rnn_class(input_size, hidden_size, batch_first=True)
        self.head = nn.Linear(hidden_size, vocab_size)

    def forward(
        self, token_ids: torch.Tensor, h0: torch.Tensor | None = None
    ) -> tuple[torch.Tensor, torch.Tensor]:
        token_ids = check_token_ids(token_ids, self.vocab_size)  # (B, T), T >= 1
        if self.embedding is None:
            inputs = F.one_hot(token_ids, self.vocab_size).float()  # (B, T, V)
        else:
            inputs = self.embedding(token_ids)  # (B, T, D)
        outputs, h_n = self.rnn(inputs, h0)  # (B, T, H), (1, B, H)
        return self.head(outputs), h_n  # (B, T, V), (1, B, H)


@dataclass
class CharRNNHistory(History):
    """A :class:`~seqlab.train.History` (loss and next-character accuracy per
    epoch) plus the gradient norm of every optimisation step, before clipping."""

    grad_norms: list[float] = field(default_factory=list)


def check_char_model(model: object) -> CharRNN:
    """``model``, if it is a :class:`CharRNN` (the check of every function here that
    takes one, and of :mod:`seqlab.scale`'s wrapper)."""
    return check_type(model, "model", CharRNN, "a seqlab.models.CharRNN")


def evaluate_char_rnn(
    model: CharRNN,
    ids: torch.Tensor,
    *,
    seq_len: int = 256,
    batch_size: int = 1,
    carry_state: bool = True,
) -> tuple[float, float]:
    """Mean cross-entropy (nats per character) and next-character accuracy on ``ids``.

    The text is read as ``batch_size`` streams in chunks of ``seq_len`` (see
    :func:`~seqlab.data.stream_batches`). With ``carry_state=True`` the hidden
    state flows from chunk to chunk, so every prediction sees the whole stream so
    far; with ``False`` it restarts from zeros at every chunk. With
    ``batch_size=1`` the targets are exactly ``ids[1:]``, the same characters a
    bigram model is scored on.
    """
    check_token_ids(ids, check_char_model(model).vocab_size, "ids", ndim=1)
    return _evaluate(model, ids, seq_len, batch_size, check_bool(carry_state, "carry_state"))


def _evaluate(model: CharRNN, ids: torch.Tensor, seq_len: int = 256, batch_size: int = 1,
              carry_state: bool = True) -> tuple[float, float]:
    """:func:`evaluate_char_rnn` (same defaults) for a checked ``model``, ``ids`` and
    ``carry_state``."""
    device = next(model.parameters()).device
    total_loss, total_correct, total = 0.0, 0, 0
    hidden = None
    with evaluating(model):
        for inputs, targets in stream_batches(ids, batch_size, seq_len):
            inputs, targets = inputs.to(device), targets.to(device)
            logits, hidden = model(inputs, hidden if carry_state else None)
            total_loss += F.cross_entropy(
                logits.reshape(-1, model.vocab_size), targets.reshape(-1), reduction="sum"
            ).item()
            total_correct += int((logits.argmax(-1) == targets).sum())
            total += targets.numel()
    return total_loss / total, total_correct / total


def train_char_rnn(
    model: CharRNN,
    train_ids: torch.Tensor,
    *,
    seq_len: int,
    batch_size: int,
    epochs: int,
    lr: float = 3e-3,
    clip: float | None = 1.0,
    val_ids: torch.Tensor | None = None,
    verbose: bool = False,
) -> CharRNNHistory:
    """Train ``model`` on one long text with truncated backpropagation through time.

    The text is cut into ``batch_size`` parallel streams (no shuffling, so no
    randomness beyond the model's initial weights). Each optimisation step reads
    the next chunk of ``seq_len`` characters of every stream, starting from the
    hidden state the previous chunk ended with; ``detach()`` cuts the graph
    there, so gradients flow back at most ``seq_len`` steps while the state
    itself remembers everything the stream has read this epoch.

    Args:
        model: a :class:`CharRNN`.
        train_ids: 1-D long tensor of character ids.
        seq_len: ``T``, the truncation length of backpropagation through time.
        batch_size: ``B``, the number of parallel streams.
        epochs: passes over the text; the state restarts from zeros at each.
        lr: Adam's learning rate.
        clip: the largest gradient norm allowed (rescaled if larger); ``None``: no clipping.
        val_ids: optional validation ids, scored with :func:`evaluate_char_rnn`
            (one stream, carried state) after every epoch.
        verbose: print one line per epoch.

    Returns:
        A :class:`CharRNNHistory` with the mean loss (nats per character) and
        accuracy per epoch, and the gradient norm of every step.
    """
    check_token_ids(train_ids, check_char_model(model).vocab_size, "train_ids", ndim=1)
    check_int(epochs, "epochs", minimum=1)
    lr = check_float(lr, "lr", positive=True)
    clip = check_optional(check_float, clip, "clip", positive=True)
    check_optional(check_token_ids, val_ids, model.vocab_size, "val_ids", ndim=1)
    batches = stream_batches(train_ids, batch_size, seq_len)  # checks B and T
    device = next(model.parameters()).device
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    history = CharRNNHistory()
    for epoch in range(epochs):
        model.train()
        hidden = None  # each epoch starts reading the streams from their beginning
        total_loss, total_correct, total = 0.0, 0, 0
        for inputs, targets in batches:
            inputs, targets = inputs.to(device), targets.to(device)
            logits, hidden = model(inputs, hidden)  # (B, T, V), (1, B, H)
            hidden = hidden.detach()  # keep the state's value, cut its gradient path
            loss = F.cross_entropy(logits.reshape(-1, model.vocab_size), targets.reshape(-1))
            optimizer.zero_grad()
            loss.backward()
            max_norm = clip if clip is not None else math.inf
            history.grad_norms.append(float(nn.utils.clip_grad_norm_(model.parameters(),
                                                                      max_norm)))
            optimizer.step()
            total_loss += loss.item() * targets.numel()
            total_correct += int((logits.argmax(-1) == targets).sum())
            total += targets.numel()
        history.train_loss.append(total_loss / total)
        history.train_accuracy.append(total_correct / total)
        line = f"epoch {epoch + 1:2d}  train loss {history.train_loss[-1]:.3f}"
        if val_ids is not None:
            val_loss, val_accuracy = _evaluate(model, val_ids)  # val_ids: checked above
            history.val_loss.append(val_loss)
            history.val_accuracy.append(val_accuracy)
            line += f"  validation loss {val_loss:.3f}"
        if verbose:
            print(line)
    return history


def temperature_softmax(logits: torch.Tensor, temperature: float) -> torch.Tensor:
    r"""Probabilities :math:`p_i \propto \exp(z_i / \tau)` over the last dimension.

    ``temperature`` :math:`\tau = 1` is the model's own distribution; :math:`\tau < 1`
    sharpens it towards the most likely character (the argmax as
    :math:`\tau \to 0`); :math:`\tau > 1` flattens it towards uniform.
    """
    check_tensor(logits, "logits", floating=True)
    temperature = check_float(temperature, "temperature", positive=True)
    return torch.softmax(logits / temperature, dim=-1)


def _check_prompt(model: object, vocab: object, prompt: object, name: str) -> torch.Tensor:
    """Validate a model, its vocabulary and a prompt; return the prompt's ids ``(T,)``."""
    check_char_model(model)
    if len(check_type(vocab, "vocab", CharVocab, "a seqlab.data.CharVocab")) != model.vocab_size:
        raise ValueError(f"vocab has {len(vocab)} characters, the model {model.vocab_size}")
    if not check_str(prompt, name):
        raise ValueError(f"{name} must contain at least one character")
    try:
        return torch.tensor(vocab.encode(prompt))
    except ValueError as error:
        raise ValueError(f"{name}: {error}") from None


def _check_sampling(
    length: object, temperature: object, generator: object
) -> tuple[float, torch.Generator | None]:
    """Validate :func:`sample`'s ``length``, ``temperature`` and ``generator``; return the
    temperature as a float and the generator (an int seed becomes a seeded CPU one)."""
    check_int(length, "length", minimum=1)
    temperature = check_float(temperature, "temperature", positive=True)
    if isinstance(generator, int) and not isinstance(generator, bool):
        generator = torch.Generator().manual_seed(check_int(generator, "generator", minimum=0))
    elif generator is not None and not isinstance(generator, torch.Generator):
        raise TypeError(f"generator must be a torch.Generator, int or None, "
                        f"got {type(generator).__name__}")
    return temperature, generator


def next_char_logits(model: CharRNN, vocab: CharVocab, prompt: str) -> torch.Tensor:
    """The model's logits ``(V,)`` for the character that follows ``prompt``."""
    prompt_ids = _check_prompt(model, vocab, prompt, "prompt")
    device = next(model.parameters()).device
    with evaluating(model):
        logits, _ = model(prompt_ids.unsqueeze(0).to(device))  # (1, T, V)
    return logits[0, -1].cpu()


def sample(
    model: CharRNN,
    vocab: CharVocab,
    start: str,
    length: int,
    temperature: float = 1.0,
    generator: torch.Generator | int | None = None,
) -> str:
    """Generate ``length`` characters after ``start``, one at a time.

    The model reads ``start``, then repeatedly draws the next character from
    :func:`temperature_softmax` of its logits and feeds it back in, carrying the
    hidden state (a one-to-many use of the same network).

    Args:
        model: a trained :class:`CharRNN`.
        vocab: the :class:`~seqlab.data.CharVocab` it was trained with.
        start: the prompt, at least one character, all in ``vocab``.
        length: how many characters to generate (``>= 1``).
        temperature: ``> 0``; see :func:`temperature_softmax`.
        generator: a CPU ``torch.Generator`` or an ``int`` seed. The same seed
            and the same model give the same text; ``None`` uses torch's global
            generator.

    Returns:
        ``start`` followed by the generated characters.
    """
    prompt_ids = _check_prompt(model, vocab, start, "start")
    temperature, generator = _check_sampling(length, temperature, generator)
    device = next(model.parameters()).device
    generated = []
    with evaluating(model):
        logits, hidden = model(prompt_ids.unsqueeze(0).to(device))  # read the whole prompt
        for _ in range(length):
            # temperature_softmax, without checking the temperature again at every step
            probabilities = torch.softmax(logits[0, -1].cpu() / temperature, dim=-1)  # (V,)
            next_id = int(torch.multinomial(probabilities, 1, generator=generator))
            generated.append(next_id)
            logits, hidden = model(torch.tensor([[next_id]], device=device), hidden)
    return start + vocab.decode(generated)
