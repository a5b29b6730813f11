"""Unit tests of seqlab.viz.char: loss curves with baselines, clipping, temperatures."""

from __future__ import annotations

import pytest
import torch
from matplotlib.axes import Axes

from seqlab.models import CharRNNHistory
from seqlab.train import History
from seqlab.viz import plot_char_losses, plot_clipping, plot_temperatures


def make_history() -> CharRNNHistory:
    return CharRNNHistory(train_loss=[3.0, 2.0, 1.5], val_loss=[2.8, 2.1, 1.8],
                          grad_norms=[0.5, 2.0, 0.8, 0.3])


def test_plot_char_losses_draws_curves_and_labelled_baselines():
    ax = plot_char_losses(make_history(), {"chance, ln V": 4.57, "bigram": 2.47})
    assert isinstance(ax, Axes)
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels == ["RNN, training", "RNN, validation", "chance, ln V (4.57)",
                      "bigram (2.47)"]
    assert list(ax.get_lines()[1].get_ydata()) == [2.8, 2.1, 1.8]


def test_plot_char_losses_without_validation_or_baselines():
    ax = plot_char_losses(History(train_loss=[1.0, 0.5]))
    assert [line.get_label() for line in ax.get_lines()] == ["RNN, training"]


def test_plot_char_losses_rejects_bad_input():
    with pytest.raises(TypeError, match="history must be a seqlab.train.History"):
        plot_char_losses({"train_loss": [1.0]})
    with pytest.raises(ValueError, match="at least one epoch"):
        plot_char_losses(History())
    with pytest.raises(TypeError, match="baselines must be a mapping label -> loss, got list"):
        plot_char_losses(make_history(), [2.0])
    with pytest.raises(TypeError, match=r"baselines\['bigram'\] must be a number"):
        plot_char_losses(make_history(), {"bigram": "2.47"})


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
    with pytest.raises(ValueError, match="temperatures must hold 1 to 5 values, got 6"):
        plot_temperatures(logits, ["a", "b", "c"], temperatures=(1.0,) * 6)
