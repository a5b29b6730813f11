"""The book's models under Lightning (appendix, "Scaling up"): same networks, another engine.

:class:`ClassifierModule` and :class:`CharRNNModule` are thin ``LightningModule``
wrappers around the book's own ``nn.Module``\\ s (the sequence classifiers of
chapter 6, the :class:`~seqlab.models.CharRNN` of chapter 7): they hold the model
as ``.model`` and say what one training step is, and ``lightning.Trainer`` does
the rest (devices, processes, logging, checkpoints). Each step is the step of
:func:`seqlab.train.fit` or :func:`seqlab.models.train_char_rnn`: Adam,
cross-entropy, gradient clipping as there, so with one seed on the CPU both
engines produce the same losses (the appendix asserts it). Accuracy is a
``torchmetrics`` metric, which also adds up correctly over several processes.

:class:`CharStreamData` serves the streams of truncated backpropagation through
time (:func:`seqlab.data.stream_batches`). Under data parallelism each process
must read *its own streams, in order* (a hidden state is carried from one chunk
to the next), so the ``B`` streams of a batch are split between the processes
(``B / world_size`` each) instead of letting a sampler deal out whole chunks.

``python -m seqlab.scale`` (:func:`main`) trains a char-RNN on the shipped corpus
with the Trainer; the same command runs on one CPU, ``N`` GPUs
(``--accelerator gpu --devices N``), several CPU processes (``--strategy ddp``),
under ``torchrun`` or in a SLURM job.

Needs the optional extra: ``pip install "seqlab[scale]"`` (Lightning, torchmetrics).
"""

from __future__ import annotations

import argparse
import itertools
import logging
import math
import warnings
from collections.abc import Sequence
from pathlib import Path

import torch
from torch import nn
from torch.nn import functional as F

try:
    import lightning as L
    from torchmetrics.aggregation import MeanMetric
    from torchmetrics.classification import MulticlassAccuracy
except ImportError as error:  # the core package works without the extra
    raise ImportError('seqlab.scale needs Lightning and torchmetrics: '
                      'pip install "seqlab[scale]"') from error

from seqlab._checks import (
    check_float,
    check_int,
    check_module,
    check_optional,
    check_sizes,
    check_tensor,
)
from seqlab.data.batching import CharVocab, stream_batches, train_val_split
from seqlab.data.corpus import load_stdlib_corpus
from seqlab.data.tasks import IGNORE_INDEX
from seqlab.models.char import CharRNN, check_char_model
from seqlab.train import set_seed

__all__ = ["CharRNNModule", "CharStreamData", "ClassifierModule", "main", "quiet_lightning",
           "record_step_losses"]


def quiet_lightning() -> None:
    """Silence Lightning's info logs and its advice warnings (they go to stderr and
    change from release to release), so a notebook shows only what it prints."""
    for name in ("lightning", "lightning.pytorch", "lightning.fabric"):
        logging.getLogger(name).setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", module=r"lightning(\.|$)")
    warnings.filterwarnings("ignore", message=r".*(does not have many workers|"
                            r"sync_dist=True|LeafSpec|smaller than the logging interval)")


def record_step_losses(model: CharRNN, train_ids: torch.Tensor, *, batch_size: int,
                       seq_len: int) -> list[float]:
    """A list that fills with the loss of every step :func:`~seqlab.models.train_char_rnn`
    takes with ``model`` on ``train_ids`` (same ``batch_size`` and ``seq_len``).

    ``train_char_rnn`` keeps only each epoch's mean; a forward hook on the model
    recomputes each step's loss from the logits the model returns and that step's
    targets (validation passes, in eval mode, are skipped).
    """
    check_char_model(model)
    batches = stream_batches(train_ids, batch_size, seq_len)  # checks the ids, B and T
    targets = itertools.cycle([chunk_targets for _, chunk_targets in batches])
    losses: list[float] = []

    def record(module: nn.Module, args: tuple, output: tuple[torch.Tensor, torch.Tensor]):
        if module.training:
            logits = output[0].detach()  # (B, T, V)
            losses.append(F.cross_entropy(logits.flatten(0, 1),
                                          next(targets).to(logits.device).flatten()).item())

    model.register_forward_hook(record)
    return losses


def _check_step(lr: object, clip: object) -> tuple[float, float | None]:
    """The learning rate and the clipping norm (``None``: no clipping) of a module."""
    lr = check_float(lr, "lr", positive=True)
    return lr, check_optional(check_float, clip, "clip", positive=True)


class ClassifierModule(L.LightningModule):
    """:func:`seqlab.train.fit`'s training step as a ``LightningModule``.

    A batch is ``(*inputs, targets)`` and the model is called as ``model(*inputs)``,
    as in ``fit``: logits ``(B, C)`` with targets ``(B,)``, or ``(B, T, C)`` with
    ``(B, T)`` (``-100`` marks a target to skip). Adam with ``lr``, cross-entropy.

    Args:
        model: any classifier of the book (e.g. :class:`~seqlab.models.RNNClassifier`).
        num_classes: ``C``, for the accuracy metric. Default: 2.
        lr: Adam's learning rate (``fit``'s default, 0.01).

    Logged: ``train_loss`` per step and per epoch, ``train_accuracy`` per epoch,
    ``val_loss`` and ``val_accuracy`` per epoch when the Trainer validates.
    ``step_losses`` keeps every step's loss in this process.

    With the same seed and loader, training is ``fit``'s step for step, with one
    catch: when the batches are all full (the examples a multiple of the batch
    size), ``fit`` asks a shuffling loader for one batch more than there are, which
    makes its sampler draw from its generator, and the Trainer does not; from the
    second epoch on, the two then see the examples in different (equally random)
    orders.
    """

    def __init__(self, model: nn.Module, num_classes: int = 2, lr: float = 1e-2) -> None:
        super().__init__()
        self.model = check_module(model)
        check_int(num_classes, "num_classes", minimum=2)
        self.lr, _ = _check_step(lr, None)
        self.save_hyperparameters(ignore=["model"])
        self.train_accuracy = MulticlassAccuracy(num_classes, average="micro",
                                                 ignore_index=IGNORE_INDEX)
        self.val_accuracy = self.train_accuracy.clone()
        self.step_losses: list[float] = []

    def forward(self, *inputs: torch.Tensor) -> torch.Tensor:
        return self.model(*inputs)

    def _step(self, batch, accuracy: MulticlassAccuracy) -> tuple[torch.Tensor, int]:
        *inputs, targets = batch
        logits = self.model(*inputs)  # (B, C) or (B, T, C)
        flat_logits, flat_targets = logits.reshape(-1, logits.shape[-1]), targets.reshape(-1)
        accuracy.update(flat_logits, flat_targets)
        loss = F.cross_entropy(flat_logits, flat_targets, ignore_index=IGNORE_INDEX)
        return loss, int((flat_targets != IGNORE_INDEX).sum())

    def training_step(self, batch, batch_idx: int) -> torch.Tensor:
        loss, count = self._step(batch, self.train_accuracy)
        self.step_losses.append(loss.item())
        # batch_size weights the epoch mean by targets, as fit's History does
        self.log("train_loss", loss, on_step=True, on_epoch=True, batch_size=count,
                 sync_dist=True)
        self.log("train_accuracy", self.train_accuracy, on_step=False, on_epoch=True)
        return loss

    def validation_step(self, batch, batch_idx: int) -> None:
        loss, count = self._step(batch, self.val_accuracy)
        self.log("val_loss", loss, batch_size=count, sync_dist=True)
        self.log("val_accuracy", self.val_accuracy)

    def configure_optimizers(self) -> torch.optim.Optimizer:
        return torch.optim.Adam(self.model.parameters(), lr=self.lr)


class CharRNNModule(L.LightningModule):
    """:func:`seqlab.models.train_char_rnn`'s training step as a ``LightningModule``.

    Truncated backpropagation through time: each step reads the next chunk
    ``(inputs (B, T), targets (B, T))`` of every stream from the hidden state the
    previous chunk ended with, detached; the state restarts from zeros at each
    epoch. Adam with ``lr``; the gradient norm is clipped to ``clip`` here, as
    ``train_char_rnn`` does (leave the Trainer's ``gradient_clip_val`` unset).
    Validation reads the validation text as one stream with the state carried,
    as :func:`~seqlab.models.evaluate_char_rnn` does.

    Args:
        model: a :class:`~seqlab.models.CharRNN`.
        lr: Adam's learning rate. Default: 3e-3.
        clip: the largest gradient norm allowed; ``None``: no clipping. Default: 1.0.

    Logged: ``train_loss`` per step and per epoch, ``train_accuracy`` per epoch,
    ``val_loss`` (nats per character) and ``val_accuracy`` per epoch.
    ``step_losses`` and ``grad_norms`` (before clipping) keep every step's values.
    """

    def __init__(self, model: CharRNN, lr: float = 3e-3, clip: float | None = 1.0) -> None:
        super().__init__()
        self.model = check_char_model(model)
        self.lr, self.clip = _check_step(lr, clip)
        self.save_hyperparameters(ignore=["model"])
        V = model.vocab_size
        self.train_accuracy = MulticlassAccuracy(V, average="micro")
        self.val_accuracy = MulticlassAccuracy(V, average="micro")
        self.val_loss = MeanMetric()  # nats per character over the whole text
        self.step_losses: list[float] = []
        self.grad_norms: list[float] = []
        self._hidden: torch.Tensor | None = None

    def forward(self, token_ids: torch.Tensor, h0: torch.Tensor | None = None):
        return self.model(token_ids, h0)

    def _read(self, inputs: torch.Tensor) -> torch.Tensor:
        """Logits ``(B, T, V)`` of the next chunk; carries the detached state on."""
        logits, hidden = self.model(inputs, self._hidden)  # (B, T, V), (1, B, H)
        self._hidden = hidden.detach()  # keep the state's value, cut its gradient path
        return logits

    def on_train_epoch_start(self) -> None:
        self._hidden = None  # each epoch reads the streams from their beginning

    def training_step(self, batch, batch_idx: int) -> torch.Tensor:
        inputs, targets = batch
        logits = self._read(inputs).reshape(-1, self.model.vocab_size)  # (B*T, V)
        loss = F.cross_entropy(logits, targets.reshape(-1))
        self.train_accuracy.update(logits, targets.reshape(-1))
        self.step_losses.append(loss.item())
        self.log("train_loss", loss, on_step=True, on_epoch=True,
                 batch_size=targets.numel(), sync_dist=True)
        self.log("train_accuracy", self.train_accuracy, on_step=False, on_epoch=True)
        return loss

    def configure_gradient_clipping(self, optimizer, gradient_clip_val=None,
                                    gradient_clip_algorithm=None) -> None:
        # Called after backward, so under DDP on the gradients averaged over processes.
        if gradient_clip_val is not None:
            raise ValueError("CharRNNModule clips with its own clip argument, as "
                             "train_char_rnn does; leave the Trainer's gradient_clip_val unset")
        max_norm = self.clip if self.clip is not None else math.inf
        self.grad_norms.append(float(nn.utils.clip_grad_norm_(self.parameters(), max_norm)))

    def on_validation_epoch_start(self) -> None:
        self._hidden = None

    def validation_step(self, batch, batch_idx: int) -> None:
        inputs, targets = batch
        logits = self._read(inputs).reshape(-1, self.model.vocab_size)
        losses = F.cross_entropy(logits, targets.reshape(-1), reduction="none")
        self.val_loss.update(losses)
        self.val_accuracy.update(logits, targets.reshape(-1))
        self.log("val_loss", self.val_loss, on_epoch=True)
        self.log("val_accuracy", self.val_accuracy, on_epoch=True)

    def on_validation_epoch_end(self) -> None:
        self._hidden = None  # training resumes its own streams, not this state

    def configure_optimizers(self) -> torch.optim.Optimizer:
        return torch.optim.Adam(self.model.parameters(), lr=self.lr)


class _Chunks:
    """Chunks served in order, as one loader. Not a ``DataLoader``, so the Trainer adds
    no sampler that would deal them out between processes, and not a list, which it
    would read as one loader per element."""

    def __init__(self, chunks: list[tuple[torch.Tensor, torch.Tensor]]) -> None:
        self.chunks = chunks

    def __iter__(self):
        return iter(self.chunks)

    def __len__(self) -> int:
        return len(self.chunks)


def _check_stream_data(train_ids, val_ids, batch_size, seq_len, val_seq_len) -> None:
    check_tensor(train_ids, "train_ids", ndim=1, floating=False)
    check_optional(check_tensor, val_ids, "val_ids", ndim=1, floating=False)
    check_sizes(batch_size=batch_size, seq_len=seq_len, val_seq_len=val_seq_len)


class CharStreamData(L.LightningDataModule):
    """The stream batches of :func:`~seqlab.models.train_char_rnn`, split between processes.

    Training batches are :func:`~seqlab.data.stream_batches` of ``train_ids``
    (``B = batch_size`` streams, chunks of ``T = seq_len``), in order, never
    shuffled. With ``world_size`` processes, process ``rank`` reads streams
    ``rank * B/world_size`` to ``(rank + 1) * B/world_size - 1`` of every chunk: its
    own part of the text, continued from chunk to chunk. Together the processes
    read exactly the batches of one process. Validation is ``val_ids`` as one
    stream in chunks of ``val_seq_len`` (every process reads all of it).

    Args:
        train_ids: 1-D long tensor of character ids.
        val_ids: optional 1-D long tensor for validation.
        batch_size: ``B``, the streams of all processes together.
        seq_len: ``T``.
        val_seq_len: chunk length of validation. Default: 256.
    """

    def __init__(self, train_ids: torch.Tensor, val_ids: torch.Tensor | None = None, *,
                 batch_size: int, seq_len: int, val_seq_len: int = 256) -> None:
        super().__init__()
        _check_stream_data(train_ids, val_ids, batch_size, seq_len, val_seq_len)
        self.train_ids, self.val_ids = train_ids, val_ids
        self.batch_size, self.seq_len, self.val_seq_len = batch_size, seq_len, val_seq_len

    def _process(self) -> tuple[int, int]:
        """``(rank, world_size)`` of this process (``(0, 1)`` outside a Trainer)."""
        trainer = self.trainer
        return (0, 1) if trainer is None else (trainer.global_rank, trainer.world_size)

    def train_dataloader(self) -> _Chunks:
        rank, world_size = self._process()
        if self.batch_size % world_size:
            raise ValueError(f"batch_size={self.batch_size} streams cannot be split evenly "
                             f"between world_size={world_size} processes")
        share = self.batch_size // world_size
        rows = slice(rank * share, (rank + 1) * share)
        return _Chunks([(inputs[rows], targets[rows]) for inputs, targets
                        in stream_batches(self.train_ids, self.batch_size, self.seq_len)])

    def val_dataloader(self) -> _Chunks:
        chunks = [] if self.val_ids is None else stream_batches(self.val_ids, 1, self.val_seq_len)
        return _Chunks(chunks)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m seqlab.scale",
                                     description="Train chapter 7's char-RNN with Lightning.")
    add = parser.add_argument
    add("--accelerator", default="auto", help='"cpu", "gpu", "auto" (default)')
    add("--devices", default="auto", help='devices per node: a number or "auto" (default)')
    add("--strategy", default="auto", help='"ddp" for one process per device')
    add("--num-nodes", type=int, default=1, help="machines (default 1)")
    add("--epochs", type=int, default=10)
    add("--batch-size", type=int, default=32, help="B, streams of all processes together")
    add("--seq-len", type=int, default=64, help="T")
    add("--hidden-size", type=int, default=128, help="H")
    add("--lr", type=float, default=3e-3)
    add("--max-chars", type=int, default=None, help="use only the corpus' first characters")
    add("--seed", type=int, default=0)
    add("--out", type=Path, default=None,
        help="folder for each process' final weights and step losses (rank<r>.pt)")
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    """``python -m seqlab.scale``: chapter 7's recipe, trained by ``lightning.Trainer``."""
    args = _parser().parse_args(argv)
    quiet_lightning()
    torch.set_num_threads(1)  # one thread per process, as in chapter 7
    text = load_stdlib_corpus(max_chars=args.max_chars)
    vocab = CharVocab(text)
    train_ids, val_ids = train_val_split(torch.tensor(vocab.encode(text)), val_fraction=0.1)
    set_seed(args.seed)  # the same initial weights in every process
    module = CharRNNModule(CharRNN(len(vocab), hidden_size=args.hidden_size), lr=args.lr)
    data = CharStreamData(train_ids, val_ids, batch_size=args.batch_size, seq_len=args.seq_len)
    devices = args.devices if args.devices == "auto" else int(args.devices)
    trainer = L.Trainer(accelerator=args.accelerator, devices=devices, strategy=args.strategy,
                        num_nodes=args.num_nodes, max_epochs=args.epochs, logger=False,
                        enable_checkpointing=False, enable_progress_bar=False,
                        enable_model_summary=False, num_sanity_val_steps=0)
    trainer.fit(module, datamodule=data)
    if args.out is not None:
        args.out.mkdir(parents=True, exist_ok=True)
        state = {name: value.cpu() for name, value in module.model.state_dict().items()}
        torch.save({"state_dict": state, "step_losses": module.step_losses,
                    "world_size": trainer.world_size},
                   args.out / f"rank{trainer.global_rank}.pt")
    if trainer.is_global_zero:
        print(f"{trainer.world_size} process(es), {trainer.global_step} steps, "
              f"validation loss {trainer.callback_metrics['val_loss']:.3f}")


if __name__ == "__main__":
    main()
