"""How much slower is the Python loop of ``ElmanRNN`` than ``torch.nn.RNN``? (CPU)

Times one forward and backward pass of both modules, with the same weights and
the same input, at B=64, T=50, D=32, H=64 by default. The two are timed in
interleaved repeats (A, B, A, B, ...) after a warm-up, so that a slow patch on a
shared machine hits both, and the median of each is reported together with the
ratio ElmanRNN / nn.RNN (issue F: at most 1.0x, as fast as torch). This is a
measurement, not a test: it always exits with status 0.

Run from the repository root::

    python benchmarks/rnn_speed.py
    python benchmarks/rnn_speed.py --repeats 50 --seq-len 200
"""

from __future__ import annotations

import argparse
import statistics
import time

import torch
from torch import nn

from seqlab.models import ElmanRNN

TARGET_RATIO = 1.0


def forward_backward_ms(rnn: nn.Module, x: torch.Tensor) -> float:
    """Milliseconds for ``rnn(x)`` plus the backward pass of a scalar loss."""
    rnn.zero_grad(set_to_none=True)
    x.grad = None
    start = time.perf_counter()
    output, h_n = rnn(x)
    (output.sum() + h_n.sum()).backward()
    return (time.perf_counter() - start) * 1e3


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch-size", type=int, default=64, help="B (default 64)")
    parser.add_argument("--seq-len", type=int, default=50, help="T (default 50)")
    parser.add_argument("--input-size", type=int, default=32, help="D (default 32)")
    parser.add_argument("--hidden-size", type=int, default=64, help="H (default 64)")
    parser.add_argument("--repeats", type=int, default=30, help="timed repeats of each")
    parser.add_argument("--warmup", type=int, default=5, help="untimed runs of each first")
    args = parser.parse_args(argv)

    torch.manual_seed(0)
    elman = ElmanRNN(args.input_size, args.hidden_size, batch_first=True)
    reference = nn.RNN(args.input_size, args.hidden_size, batch_first=True)
    reference.load_state_dict(elman.state_dict())  # same weights in both
    x = torch.randn(args.batch_size, args.seq_len, args.input_size, requires_grad=True)

    for _ in range(args.warmup):
        forward_backward_ms(elman, x)
        forward_backward_ms(reference, x)
    elman_ms, reference_ms = [], []
    for repeat in range(args.repeats):
        # Alternate which goes first, so neither always runs on a warmer cache.
        pair = [(elman, elman_ms), (reference, reference_ms)]
        for rnn, times in pair if repeat % 2 == 0 else reversed(pair):
            times.append(forward_backward_ms(rnn, x))

    elman_median = statistics.median(elman_ms)
    reference_median = statistics.median(reference_ms)
    ratio = elman_median / reference_median
    print(
        f"B={args.batch_size} T={args.seq_len} D={args.input_size} H={args.hidden_size}, "
        f"{torch.get_num_threads()} threads, median of {args.repeats} forward+backward:"
    )
    print(
        f"ElmanRNN {elman_median:.2f} ms, nn.RNN {reference_median:.2f} ms, "
        f"ratio {ratio:.2f}x (target <= {TARGET_RATIO}x)"
    )
    return 0


if __name__ == "__main__":
    main()
    raise SystemExit(0)
