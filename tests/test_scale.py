"""seqlab.scale: the book's models under lightning.Trainer, one process and two (DDP).

The wrappers must train exactly as seqlab's own loops do, data parallelism must
give every process the same weights as one process on the combined batch, and
the core package must work without the optional extra.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
import torch
from torch import nn

from seqlab.data import CharVocab, load_stdlib_corpus, stream_batches, train_val_split
from seqlab.models import CharRNN, RNNClassifier, train_char_rnn
from seqlab.train import set_seed

HAS_LIGHTNING = all(importlib.util.find_spec(name) for name in ("lightning", "torchmetrics"))
needs_lightning = pytest.mark.skipif(not HAS_LIGHTNING,
                                     reason='needs the extra: pip install "seqlab[scale]"')

# Without Lightning: every core module imports, fit trains, and seqlab.scale says what
# to install. Lightning and torchmetrics are hidden (None in sys.modules blocks them).
WITHOUT_LIGHTNING = """
import sys
sys.modules["lightning"] = sys.modules["torchmetrics"] = None
import torch
import seqlab.data, seqlab.experiments, seqlab.models, seqlab.notebook, seqlab.train
import seqlab.viz, seqlab.widgets
from seqlab.models import BagOfWordsMLP
model = BagOfWordsMLP(vocab_size=4)
batch = (torch.eye(4), torch.tensor([0, 1, 0, 1]))
print("fit", len(seqlab.train.fit(model, [batch], epochs=2).train_loss))
try:
    import seqlab.scale
except ImportError as error:
    print(error)
"""


def test_core_package_works_without_lightning_and_scale_says_what_to_install():
    result = subprocess.run([sys.executable, "-c", WITHOUT_LIGHTNING], capture_output=True,
                            text=True, timeout=120, check=True)
    assert result.stdout.splitlines() == [
        "fit 2", 'seqlab.scale needs Lightning and torchmetrics: pip install "seqlab[scale]"']


def test_importing_scale_without_lightning_raises_import_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "lightning", None)
    monkeypatch.delitem(sys.modules, "seqlab.scale", raising=False)
    with pytest.raises(ImportError, match=r'pip install "seqlab\[scale\]"'):
        importlib.import_module("seqlab.scale")


# --- with Lightning -----------------------------------------------------------------


def _corpus(max_chars: int) -> tuple[int, torch.Tensor, torch.Tensor]:
    """``(V, train_ids, val_ids)`` of the corpus' first ``max_chars`` characters."""
    text = load_stdlib_corpus(max_chars=max_chars)
    vocab = CharVocab(text)
    return (len(vocab), *train_val_split(torch.tensor(vocab.encode(text)), val_fraction=0.1))


def _trainer(**options):
    import lightning as L

    from seqlab.scale import quiet_lightning

    quiet_lightning()
    return L.Trainer(**{"accelerator": "cpu", "devices": 1, "logger": False,
                        "enable_checkpointing": False, "enable_progress_bar": False,
                        "enable_model_summary": False, "num_sanity_val_steps": 0, **options})


def _assert_same_weights(a: nn.Module, b: nn.Module, tolerance: float = 0.0) -> None:
    for (name, p), q in zip(a.state_dict().items(), b.state_dict().values(), strict=True):
        torch.testing.assert_close(p, q, rtol=0, atol=tolerance, msg=name)


@needs_lightning
def test_char_rnn_module_trains_exactly_as_train_char_rnn_step_by_step():
    from seqlab.scale import CharRNNModule, CharStreamData, record_step_losses

    torch.set_num_threads(1)
    V, train_ids, val_ids = _corpus(8_000)
    set_seed(0)
    plain = CharRNN(V, hidden_size=32, embed_dim=8)
    plain_losses = record_step_losses(plain, train_ids, batch_size=8, seq_len=32)
    history = train_char_rnn(plain, train_ids, seq_len=32, batch_size=8, epochs=2,
                             val_ids=val_ids)
    set_seed(0)
    module = CharRNNModule(CharRNN(V, hidden_size=32, embed_dim=8), lr=3e-3, clip=1.0)
    trainer = _trainer(max_epochs=2)
    trainer.fit(module, datamodule=CharStreamData(train_ids, val_ids, batch_size=8, seq_len=32))
    assert len(module.step_losses) == len(plain_losses) == 2 * len(stream_batches(train_ids, 8, 32))
    torch.testing.assert_close(module.step_losses, plain_losses, rtol=0, atol=1e-6)
    torch.testing.assert_close(module.grad_norms, history.grad_norms, rtol=0, atol=1e-6)
    _assert_same_weights(module.model, plain, tolerance=1e-6)
    metrics = {name: float(value) for name, value in trainer.callback_metrics.items()}
    assert metrics["train_loss_epoch"] == pytest.approx(history.train_loss[-1], abs=1e-6)
    assert metrics["train_accuracy"] == pytest.approx(history.train_accuracy[-1], abs=1e-6)
    assert metrics["val_loss"] == pytest.approx(history.val_loss[-1], abs=1e-5)
    assert metrics["val_accuracy"] == pytest.approx(history.val_accuracy[-1], abs=1e-6)


@needs_lightning
def test_classifier_module_trains_exactly_as_fit_for_an_epoch():
    """One epoch. 96 examples fill 6 batches of 16 exactly, so from the second epoch on
    the orders differ: fit asks for a 7th batch, whose StopIteration draws from the
    shuffling generator; the Trainer stops after len(loader) batches."""
    from seqlab.data import build_vocab, make_minimal_pairs
    from seqlab.experiments import make_loader, train_classifier
    from seqlab.scale import ClassifierModule

    torch.set_num_threads(1)
    examples = make_minimal_pairs(48, "both", gap=(0, 1), seed=0)
    vocab = build_vocab(examples)
    set_seed(0)
    plain = RNNClassifier(len(vocab), embed_dim=8, hidden_size=16)
    history = train_classifier(plain, examples, vocab, epochs=1, lr=1e-2, batch_size=16, seed=0)
    set_seed(0)
    module = ClassifierModule(RNNClassifier(len(vocab), embed_dim=8, hidden_size=16), lr=1e-2)
    loader = make_loader(module.model, examples, vocab, batch_size=16, shuffle=True, seed=0)
    trainer = _trainer(max_epochs=1)
    trainer.fit(module, train_dataloaders=loader)
    assert len(module.step_losses) == len(loader) == 6
    _assert_same_weights(module.model, plain, tolerance=1e-6)
    metrics = {name: float(value) for name, value in trainer.callback_metrics.items()}
    assert metrics["train_loss_epoch"] == pytest.approx(history.train_loss[-1], abs=1e-6)
    assert metrics["train_accuracy"] == pytest.approx(history.train_accuracy[-1], abs=1e-6)


@needs_lightning
def test_stream_data_gives_each_process_its_own_streams_in_order():
    from seqlab.scale import CharStreamData

    ids = torch.arange(101)
    data = CharStreamData(ids, batch_size=4, seq_len=5)
    shares = []
    for rank in range(2):
        data.trainer = SimpleNamespace(global_rank=rank, world_size=2)
        shares.append(list(data.train_dataloader()))
    for k, (inputs, targets) in enumerate(stream_batches(ids, 4, 5)):
        assert torch.equal(torch.cat([shares[0][k][0], shares[1][k][0]]), inputs)
        assert torch.equal(torch.cat([shares[0][k][1], shares[1][k][1]]), targets)
    assert list(data.val_dataloader()) == []


@needs_lightning
def test_module_log_epoch_metrics_and_keep_step_values():
    from seqlab.scale import CharRNNModule, CharStreamData

    V, train_ids, val_ids = _corpus(3_000)
    module = CharRNNModule(CharRNN(V, hidden_size=8, embed_dim=4), clip=None)
    trainer = _trainer(max_epochs=1)
    trainer.fit(module, datamodule=CharStreamData(train_ids, val_ids, batch_size=4, seq_len=16))
    assert {"train_loss_step", "train_loss_epoch", "train_accuracy", "val_loss",
            "val_accuracy"} <= set(trainer.callback_metrics)
    assert len(module.step_losses) == len(module.grad_norms) == trainer.global_step
    logits, h_n = module(train_ids[:10].unsqueeze(0))  # forward is the model's
    assert logits.shape == (1, 10, V) and h_n.shape == (1, 1, 8)


# One message per distinct mistake at the public entry points.
BAD_ARGUMENTS = [
    ("ClassifierModule", ("not a model",), {}, TypeError, "model must be a torch.nn.Module"),
    ("ClassifierModule", (nn.Linear(2, 2),), {"num_classes": 1}, ValueError,
     "num_classes must be >= 2"),
    ("ClassifierModule", (nn.Linear(2, 2),), {"lr": 0.0}, ValueError, "lr must be > 0"),
    ("CharRNNModule", (nn.Linear(2, 2),), {}, TypeError, "model must be a seqlab.models.CharRNN"),
    ("CharRNNModule", (CharRNN(4),), {"lr": "fast"}, TypeError, "lr must be a number"),
    ("CharRNNModule", (CharRNN(4),), {"clip": -1.0}, ValueError, "clip must be > 0"),
    ("CharStreamData", (torch.zeros(10),), {"batch_size": 2, "seq_len": 4}, TypeError,
     "train_ids must be an integer tensor"),
    ("CharStreamData", (torch.arange(10), torch.arange(6).view(2, 3)),
     {"batch_size": 2, "seq_len": 4}, ValueError, "val_ids must have 1 dimensions"),
    ("CharStreamData", (torch.arange(10),), {"batch_size": 0, "seq_len": 4}, ValueError,
     "batch_size must be >= 1"),
    ("record_step_losses", (nn.Linear(2, 2), torch.arange(10)), {"batch_size": 2, "seq_len": 2},
     TypeError, "model must be a seqlab.models.CharRNN"),
]


@needs_lightning
@pytest.mark.parametrize("name, args, kwargs, error, message", BAD_ARGUMENTS,
                         ids=[row[-1] for row in BAD_ARGUMENTS])
def test_bad_arguments_are_rejected_with_a_message_naming_them(name, args, kwargs, error,
                                                                message):
    import seqlab.scale

    with pytest.raises(error, match=message):
        getattr(seqlab.scale, name)(*args, **kwargs)


@needs_lightning
def test_streams_that_cannot_be_split_between_processes_are_rejected():
    from seqlab.scale import CharStreamData

    data = CharStreamData(torch.arange(50), batch_size=3, seq_len=4)
    data.trainer = SimpleNamespace(global_rank=0, world_size=2)
    with pytest.raises(ValueError, match="batch_size=3 streams cannot be split evenly"):
        data.train_dataloader()


@needs_lightning
def test_trainer_gradient_clipping_is_refused_for_the_module_clips_itself():
    from seqlab.scale import CharRNNModule, CharStreamData

    V, train_ids, _ = _corpus(2_000)
    module = CharRNNModule(CharRNN(V, hidden_size=8, embed_dim=4))
    trainer = _trainer(max_epochs=1, gradient_clip_val=1.0)
    with pytest.raises(ValueError, match="leave the Trainer's gradient_clip_val unset"):
        trainer.fit(module, datamodule=CharStreamData(train_ids, batch_size=4, seq_len=16))


@needs_lightning
def test_ddp_on_two_cpu_processes_matches_one_process_on_the_combined_batch(tmp_path):
    """Two processes (gloo) read 4 streams each; one process reads all 8."""
    from seqlab.scale import record_step_losses

    command = [sys.executable, "-m", "seqlab.scale", "--accelerator", "cpu", "--devices", "2",
               "--strategy", "ddp", "--epochs", "1", "--batch-size", "8", "--seq-len", "32",
               "--hidden-size", "32", "--max-chars", "12000", "--out", str(tmp_path)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.startswith("2 process(es)")
    ranks = [torch.load(tmp_path / f"rank{rank}.pt") for rank in range(2)]
    assert [r["world_size"] for r in ranks] == [2, 2]
    for name, weight in ranks[0]["state_dict"].items():  # identical, to the last bit
        assert torch.equal(weight, ranks[1]["state_dict"][name]), name

    torch.set_num_threads(1)
    V, train_ids, _ = _corpus(12_000)
    set_seed(0)
    single = CharRNN(V, hidden_size=32)
    single_losses = record_step_losses(single, train_ids, batch_size=8, seq_len=32)
    train_char_rnn(single, train_ids, seq_len=32, batch_size=8, epochs=1)
    for name, weight in single.state_dict().items():
        torch.testing.assert_close(ranks[0]["state_dict"][name], weight, rtol=0, atol=1e-5,
                                   msg=name)
    # each process' loss is the mean over its half of the streams: their mean is the
    # loss of the combined batch, step by step
    halves = torch.tensor([r["step_losses"] for r in ranks])  # (2, steps)
    torch.testing.assert_close(halves.mean(0), torch.tensor(single_losses), rtol=0, atol=1e-5)


# --- the benchmark and the appendix's table of it -------------------------------------

ROOT = Path(__file__).resolve().parents[1]


def _benchmark_module():
    path = ROOT / "benchmarks" / "scale_throughput.py"
    spec = importlib.util.spec_from_file_location("scale_throughput", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_appendix_quotes_the_committed_benchmark_run_verbatim():
    record = json.loads((ROOT / "benchmarks" / "scale_throughput.json").read_text())
    chapter = json.loads((ROOT / "notebooks" / "08_scaling_up.ipynb").read_text())
    prose = "\n".join("".join(cell["source"]) for cell in chapter["cells"]
                      if cell["cell_type"] == "markdown")
    assert _benchmark_module().markdown_table(record) in prose
    assert record["command"] in prose and record["date"] in prose


@pytest.mark.skipif(torch.cuda.is_available(), reason="a CUDA device is there to measure")
def test_benchmark_skips_the_gpu_table_without_cuda():
    assert _benchmark_module().gpu_table(repeats=1) is None
