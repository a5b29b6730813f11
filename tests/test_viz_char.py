"""Unit tests of seqlab.viz.char: clipping, temperatures and Karpathy's "hello" diagram."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest
import torch
from matplotlib.axes import Axes
from matplotlib.colors import to_hex
from matplotlib.patches import FancyArrowPatch, Rectangle

from seqlab.models import CharRNNHistory
from seqlab.viz import draw_char_rnn, plot_clipping, plot_temperatures
from seqlab.viz._style import GREEN


def make_history() -> CharRNNHistory:
    return CharRNNHistory(train_loss=[3.0, 2.0, 1.5], val_loss=[2.8, 2.1, 1.8],
                          grad_norms=[0.5, 2.0, 0.8, 0.3])


def test_plot_clipping_marks_the_clipped_steps():
    ax = plot_clipping(make_history().grad_norms, clip=1.0)
    assert ax.get_yscale() == "log"
    labels = ax.get_legend_handles_labels()[1]
    assert "clip = 1" in labels and "clipped (1 of 4 steps)" in labels
    with pytest.raises(ValueError, match="grad_norms must contain at least one number"):
        plot_clipping([])
    with pytest.raises(ValueError, match="clip must be > 0"):
        plot_clipping([1.0], clip=0)


def test_plot_temperatures_bars_sum_to_one_per_temperature():
    logits = torch.tensor([3.0, 1.0, 0.5, 0.0, -1.0, -2.0])
    itos = [" ", "\n", "a", "b", "c", "d"]
    ax = plot_temperatures(logits, itos, temperatures=(0.5, 1.0, 2.0), top=3, prompt="x")
    heights = [patch.get_height() for patch in ax.patches]
    assert len(heights) == 3 * 4  # 3 temperatures x (3 characters + "all others")
    for t in range(3):
        assert sum(heights[4 * t: 4 * t + 4]) == pytest.approx(1.0)
    cold, model, hot = heights[0], heights[4], heights[8]
    assert cold > model > hot  # the likeliest character, sharpened then flattened
    tick_labels = [label.get_text() for label in ax.get_xticklabels()]
    assert tick_labels == ["\u2423", "\u21b5", "a", "all\nothers"]
    assert "'x'" in ax.get_title()


def test_plot_temperatures_rejects_bad_input():
    logits = torch.zeros(3)
    with pytest.raises(ValueError, match="itos must be a sequence of the 3 characters"):
        plot_temperatures(logits, ["a", "b"])
    with pytest.raises(ValueError, match=r"temperatures\[1\] must be > 0"):
        plot_temperatures(logits, ["a", "b", "c"], temperatures=(1.0, -1.0))
    with pytest.raises(ValueError, match="temperatures must hold at most 5 values, got 6"):
        plot_temperatures(logits, ["a", "b", "c"], temperatures=(1.0,) * 6)


# --- draw_char_rnn: Karpathy's "hello" diagram ---------------------------------------


HELLO_ITOS = ("e", "h", "l", "o")  # CharVocab("hello").itos
HELLO_HIDDEN = torch.tensor([[0.5, -0.2, 0.1], [0.9, 0.0, -0.4], [-0.3, 0.8, 0.2],
                             [0.1, 0.1, -0.9]])  # (T, H) = (4, 3)
HELLO_LOGITS = torch.arange(16, dtype=torch.float32).reshape(4, 4) / 4  # (T, V) = (4, 4)


def _cells(ax: Axes) -> list[Rectangle]:
    return [patch for patch in ax.patches if isinstance(patch, Rectangle)]


def test_draw_char_rnn_draws_every_layer_of_every_step():
    ax = draw_char_rnn("hello", HELLO_ITOS, HELLO_HIDDEN, HELLO_LOGITS)
    assert len(_cells(ax)) == 4 * (2 * 4 + 3)  # T (2V + H)
    assert sum(isinstance(p, FancyArrowPatch) for p in ax.patches) == 3 * 4 - 1
    texts = [text.get_text() for text in ax.texts]
    assert [t for t in texts if t.startswith("'")] == ["'h'", "'e'", "'e'", "'l'", "'l'", "'l'",
                                                       "'l'", "'o'"]  # input, target per step
    assert texts.count("1") == 4 and texts.count("0") == 12  # one one-hot vector per step
    assert "-0.2" in texts and "3.8" in texts  # hidden[0, 1] and logits[3, 3] = 15 / 4
    for name in ("$W_{xh}$", "$W_{hh}$", "$W_{hy}$", "target chars", "input chars"):
        assert texts.count(name) == 1


def test_draw_char_rnn_marks_the_target_of_every_step():
    ax = draw_char_rnn("hello", HELLO_ITOS, HELLO_HIDDEN, HELLO_LOGITS)
    marked = [text.get_text() for text in ax.texts if text.get_fontweight() == "bold"
              and to_hex(text.get_color()) == to_hex(GREEN) and not text.get_text().startswith("'")]
    # targets e, l, l, o are ids 0, 2, 2, 3: logits[t, id] = (4t + id) / 4
    assert marked == [f"{(4 * t + i) / 4:.1f}" for t, i in enumerate((0, 2, 2, 3))]
    outlined = [cell for cell in _cells(ax) if to_hex(cell.get_edgecolor()) == to_hex(GREEN)
                and cell.get_linewidth() > 2]
    assert len(outlined) == 4


def test_draw_char_rnn_draws_into_a_given_axes():
    _, given = plt.subplots()
    assert draw_char_rnn("ab", ["a", "b"], torch.zeros(1, 1), torch.zeros(1, 2), ax=given) is given


@pytest.mark.parametrize(("arguments", "error", "message"), [
    ({"text": 5}, TypeError, "text must be a str"),
    ({"text": "help"}, ValueError, r"text has characters that are not in itos: \['p'\]"),
    ({"text": "h"}, ValueError, r"text must hold 2 to 9 characters, got 1"),
    ({"itos": "ehlo"}, TypeError, "itos must be a sequence of characters, got str"),
    ({"itos": [*"ehlo", *"abcde"]}, ValueError, "itos must hold at most 8 characters, got 9"),
    ({"hidden": torch.zeros(3, 3)}, ValueError,
     r"hidden must have shape \(T, H\) = \(4, H\) with 1 <= H <= 8, got \(3, 3\)"),
    ({"hidden": torch.zeros(4, 3, dtype=torch.long)}, TypeError,
     "hidden must be a floating-point tensor"),
    ({"logits": torch.zeros(4, 5)}, ValueError,
     r"logits must have shape \(T, V\) = \(4, 4\), got \(4, 5\)"),
    ({"logits": torch.zeros(4, 4, dtype=torch.long)}, TypeError,
     "logits must be a floating-point tensor"),
])
def test_draw_char_rnn_rejects_bad_arguments(arguments, error, message):
    given = {"text": "hello", "itos": HELLO_ITOS, "hidden": HELLO_HIDDEN,
             "logits": HELLO_LOGITS, **arguments}
    with pytest.raises(error, match=message):
        draw_char_rnn(**given)
