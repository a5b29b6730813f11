"""Char-RNN training throughput: seqlab's loop against lightning.Trainer; ElmanRNN against cuDNN.

CPU (always): characters per second of training chapter 7's char-RNN
(``B=32`` streams, ``T=64``, ``H=128``, the shipped corpus, one thread) with
:func:`seqlab.models.train_char_rnn` and with ``lightning.Trainer`` running
:class:`seqlab.scale.CharRNNModule` (no logger, no checkpoint, no validation: the
engine's own cost), over a run of a few epochs (``--epochs``, 3), so that the
Trainer's set-up (about a second's fraction) is spread as in real use. The two
engines run in interleaved repeats (A, B, A, B, ...) after a warm-up, and the
median of each is reported with the ratio.

GPU (only when CUDA is available): forward and backward of the book's scratch
``ElmanRNN`` against ``torch.nn.RNN`` (cuDNN) with the same weights, at several
``B``, ``T`` and ``H``, as a table of time ratios. Without CUDA that part is
skipped with a message. A measurement, not a test: it always exits with status 0.

Run from the repository root::

    python benchmarks/scale_throughput.py
    python benchmarks/scale_throughput.py --json benchmarks/scale_throughput.json

``--json`` also records the date, the machine and the command, so a chapter can
quote a named run.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shlex
import statistics
import sys
import time
from pathlib import Path

import torch
from torch import nn

from seqlab.data import CharVocab, load_stdlib_corpus, stream_batches, train_val_split
from seqlab.models import CharRNN, ElmanRNN, train_char_rnn
from seqlab.train import set_seed

GPU_SHAPES = [(B, T, H) for B in (32, 256) for T in (64, 256) for H in (128, 512)]


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _seconds_plain(model: CharRNN, train_ids: torch.Tensor, B: int, T: int, epochs: int) -> float:
    start = time.perf_counter()
    train_char_rnn(model, train_ids, seq_len=T, batch_size=B, epochs=epochs)
    return time.perf_counter() - start


def _seconds_lightning(model: CharRNN, train_ids: torch.Tensor, B: int, T: int,
                       epochs: int) -> float:
    import lightning as L

    from seqlab.scale import CharRNNModule, CharStreamData

    trainer = L.Trainer(accelerator="cpu", devices=1, max_epochs=epochs, logger=False,
                        enable_checkpointing=False, enable_progress_bar=False,
                        enable_model_summary=False, num_sanity_val_steps=0)
    data = CharStreamData(train_ids, batch_size=B, seq_len=T)
    start = time.perf_counter()
    trainer.fit(CharRNNModule(model), datamodule=data)
    return time.perf_counter() - start


def cpu_throughput(repeats: int, rnn: str, epochs: int) -> dict:
    """Median characters per second of a run of ``epochs`` epochs with each engine."""
    from seqlab.scale import quiet_lightning

    quiet_lightning()
    torch.set_num_threads(1)
    B, T, H = 32, 64, 128
    text = load_stdlib_corpus()
    vocab = CharVocab(text)
    train_ids, _ = train_val_split(torch.tensor(vocab.encode(text)), val_fraction=0.1)
    characters = sum(targets.numel() for _, targets in stream_batches(train_ids, B, T))
    engines = {"seqlab train_char_rnn": _seconds_plain, "lightning.Trainer": _seconds_lightning}
    seconds = {name: [] for name in engines}
    for repeat in range(repeats + 1):  # the first round is the warm-up
        order = list(engines.items())
        for name, run in order if repeat % 2 == 0 else reversed(order):
            set_seed(0)
            elapsed = run(CharRNN(len(vocab), hidden_size=H, rnn=rnn), train_ids, B, T, epochs)
            if repeat:
                seconds[name].append(elapsed)
    rates = {name: epochs * characters / statistics.median(times)
             for name, times in seconds.items()}
    return {"B": B, "T": T, "H": H, "rnn": rnn, "characters_per_epoch": characters,
            "epochs": epochs, "repeats": repeats, "chars_per_second": rates,
            "ratio_trainer_over_loop": rates["lightning.Trainer"] / rates["seqlab train_char_rnn"]}


def _gpu_ms(rnn: nn.Module, x: torch.Tensor, repeats: int) -> float:
    """Median milliseconds of forward + backward on the GPU (synchronised)."""
    times = []
    for index in range(repeats + 3):  # 3 warm-up runs
        rnn.zero_grad(set_to_none=True)
        torch.cuda.synchronize()
        start = time.perf_counter()
        output, h_n = rnn(x)
        (output.sum() + h_n.sum()).backward()
        torch.cuda.synchronize()
        if index >= 3:
            times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times)


def gpu_table(repeats: int, D: int = 32) -> list[dict] | None:
    """ElmanRNN / nn.RNN (cuDNN) time ratios on the GPU; ``None`` without CUDA."""
    if not torch.cuda.is_available():
        return None
    rows = []
    for B, T, H in GPU_SHAPES:
        torch.manual_seed(0)
        elman = ElmanRNN(D, H, batch_first=True).cuda()
        reference = nn.RNN(D, H, batch_first=True).cuda()
        reference.load_state_dict(elman.state_dict())
        x = torch.randn(B, T, D, device="cuda")
        elman_ms, cudnn_ms = _gpu_ms(elman, x, repeats), _gpu_ms(reference, x, repeats)
        rows.append({"B": B, "T": T, "H": H, "elman_ms": elman_ms, "cudnn_ms": cudnn_ms,
                     "ratio": elman_ms / cudnn_ms})
    return rows


def markdown_table(record: dict) -> str:
    """The chapter's account of a run written by ``--json``: what, where, when, and the
    tables (the appendix quotes it verbatim; tests/test_scale.py checks that it does)."""
    cpu = record["cpu"]
    load = record.get("load_average_at_start")
    lines = [
        f"Run of {record['date']} on {record['machine']} (Python "
        f"{record['versions']['python']}, torch {record['versions']['torch']}, Lightning "
        f"{record['versions']['lightning']})"
        + (f", load average {load:.1f} from other jobs at the start" if load else "")
        + f": `{record['command']}`. Chapter 7's char-RNN, $B = {cpu['B']}$, "
        f"$T = {cpu['T']}$, $H = {cpu['H']}$, `rnn=\"{cpu['rnn']}\"`, one thread, median "
        f"of {cpu['repeats']} runs of {cpu['epochs']} epochs of "
        f"{cpu['characters_per_epoch']:,} characters.",
        "",
        "| engine (CPU) | characters per second |",
        "|---|---:|",
    ]
    lines += [f"| `{name}` | {rate:,.0f} |" for name, rate in cpu["chars_per_second"].items()]
    lines.append(f"| Trainer / loop | {cpu['ratio_trainer_over_loop']:.2f} |")
    lines.append("")
    if record["gpu_table"] is None:
        lines.append("The GPU table has not been measured yet: no CUDA device was available "
                     "for this run. On a machine with one, the same command adds the "
                     "time ratios `ElmanRNN` / `nn.RNN` (cuDNN) of a forward and backward "
                     "pass at $B \\in \\{32, 256\\}$, $T \\in \\{64, 256\\}$ and "
                     "$H \\in \\{128, 512\\}$.")
    else:
        lines += [f"On the GPU ({record['gpu']}), forward and backward, median of "
                  f"{record.get('gpu_repeats', 20)} runs:", "",
                  "| B | T | H | ElmanRNN ms | cuDNN ms | ElmanRNN / cuDNN |",
                  "|---:|---:|---:|---:|---:|---:|"]
        lines += [f"| {r['B']} | {r['T']} | {r['H']} | {r['elman_ms']:.2f} | "
                  f"{r['cudnn_ms']:.2f} | {r['ratio']:.1f} |" for r in record["gpu_table"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="timed runs of each engine")
    parser.add_argument("--epochs", type=int, default=3, help="epochs of each timed run")
    parser.add_argument("--rnn", default="elman", choices=["elman", "torch"],
                        help="the char-RNN's recurrent layer (default: the book's elman)")
    parser.add_argument("--gpu-repeats", type=int, default=20)
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    args = parser.parse_args(argv)

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    cpu = cpu_throughput(args.repeats, args.rnn, args.epochs)
    print(f"CPU ({_cpu_model()}, 1 thread): chapter 7's char-RNN, B={cpu['B']} T={cpu['T']} "
          f"H={cpu['H']} rnn={cpu['rnn']}, median of {cpu['repeats']} runs of {cpu['epochs']} "
          f"epochs of {cpu['characters_per_epoch']:,} characters")
    for name, rate in cpu["chars_per_second"].items():
        print(f"  {name:22s} {rate:9,.0f} characters/s")
    print(f"  Trainer / loop: {cpu['ratio_trainer_over_loop']:.2f}x the loop's throughput")

    gpu = gpu_table(args.gpu_repeats)
    if gpu is None:
        print("GPU: no CUDA device here; the table ElmanRNN vs nn.RNN (cuDNN) is skipped "
              "(run this script on a machine with CUDA to measure it)")
    else:
        print(f"GPU ({torch.cuda.get_device_name()}): forward+backward, median of "
              f"{args.gpu_repeats}, ElmanRNN / nn.RNN (cuDNN)")
        print(f"  {'B':>4} {'T':>4} {'H':>4} {'ElmanRNN ms':>12} {'cuDNN ms':>9} {'ratio':>6}")
        for row in gpu:
            print(f"  {row['B']:4d} {row['T']:4d} {row['H']:4d} {row['elman_ms']:12.2f} "
                  f"{row['cudnn_ms']:9.2f} {row['ratio']:6.1f}")

    if args.json is not None:
        import lightning

        record = {
            "date": datetime.date.today().isoformat(),
            "machine": f"{_cpu_model()}, {os.cpu_count()} cores",
            "load_average_at_start": load,
            "gpu": torch.cuda.get_device_name() if gpu is not None else None,
            "command": "python " + shlex.join(["benchmarks/scale_throughput.py", *sys.argv[1:]]),
            "versions": {"python": platform.python_version(), "torch": torch.__version__,
                         "lightning": lightning.__version__},
            "cpu": cpu,
            "gpu_repeats": args.gpu_repeats,
            "gpu_table": gpu,
        }
        args.json.write_text(json.dumps(record, indent=2) + "\n")
        print(f"written to {args.json}")
    return 0


if __name__ == "__main__":
    main()
    raise SystemExit(0)
