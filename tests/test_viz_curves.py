"""Tests of seqlab.viz.curves: learning curves, accuracy against the gap, parameter counts,
gradient norms with clipping and next-character distributions by temperature."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest
import torch
from matplotlib.axes import Axes

from seqlab.models import CharRNNHistory
from seqlab.train import History
from seqlab.viz import (
    plot_accuracy_by_gap,
    plot_char_losses,
    plot_clipping,
    plot_gap_comparison,
    plot_parameter_counts,
    plot_temperatures,
)


def make_history() -> CharRNNHistory:
    return CharRNNHistory(train_loss=[3.0, 2.0, 1.5], val_loss=[2.8, 2.1, 1.8],
                          grad_norms=[0.5, 2.0, 0.8, 0.3])


def test_parameter_counts_plots_one_labelled_line_per_model():
    Ts, mlp, rnn = [1, 2, 4], [10, 20, 40], [30, 30, 30]
    ax = plot_parameter_counts(Ts, mlp, rnn)
    assert isinstance(ax, Axes)
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert sorted(lines) == ["MLP", "RNN"]
    assert list(lines["MLP"].get_xdata()) == Ts
    assert list(lines["MLP"].get_ydata()) == mlp
    assert list(lines["RNN"].get_ydata()) == rnn
    assert ax.get_ylim()[0] == 0


def test_parameter_counts_rejects_bad_input():
    with pytest.raises(ValueError, match="rnn_counts must hold 2 counts, one per entry "
                                         "of Ts, got 3"):
        plot_parameter_counts([1, 2], [1, 2], [1, 2, 3])
    with pytest.raises(ValueError, match="Ts must be increasing"):
        plot_parameter_counts([2, 1], [1, 2], [1, 2])
    with pytest.raises(ValueError, match="Ts must be increasing"):
        plot_parameter_counts([0, 1], [1, 2], [1, 2])
    with pytest.raises(ValueError, match="Ts must contain at least one number"):
        plot_parameter_counts([], [], [])
    with pytest.raises(TypeError, match=r"mlp_counts\[0\] must be an int, got float"):
        plot_parameter_counts([1], [1.5], [1])
    with pytest.raises(ValueError, match=r"rnn_counts\[0\] must be >= 0, got -1"):
        plot_parameter_counts([1], [1], [-1])


RESULTS = {
    "widths 2+3": {0: 1.0, 1: 1.0, 2: 0.52, 3: 0.48, 4: 0.49},
    "width 5": {0: 1.0, 1: 1.0, 2: 1.0, 3: 0.99, 4: 0.54},
}


def test_plot_accuracy_by_gap_draws_one_line_per_model_and_the_chance_level():
    ax = plot_accuracy_by_gap(RESULTS)
    lines = ax.get_lines()
    assert len(lines) == 3
    assert list(lines[0].get_xdata()) == [0, 1, 2, 3, 4]
    assert list(lines[1].get_ydata()) == [1.0, 1.0, 1.0, 0.99, 0.54]
    assert list(lines[2].get_ydata()) == [0.5, 0.5]  # the chance line
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["widths 2+3", "width 5", "chance (0.5)"]
    assert list(ax.get_xticks()) == [0, 1, 2, 3, 4]
    assert ax.get_ylabel() == "minimal-pair accuracy"


def test_plot_accuracy_by_gap_sorts_gaps_and_moves_the_chance_line():
    ax = plot_accuracy_by_gap({"model": {2: 0.5, 0: 1.0}}, chance=0.25)
    line, chance = ax.get_lines()
    assert list(line.get_xdata()) == [0, 2] and list(line.get_ydata()) == [1.0, 0.5]
    assert list(chance.get_ydata()) == [0.25, 0.25]


def test_plot_accuracy_by_gap_rejects_bad_arguments():
    # The checks of every model's {gap: accuracy} are tested in test_viz_checks.py.
    with pytest.raises(ValueError, match=r"results\['m'\] gap must be >= 0"):
        plot_accuracy_by_gap({"m": {-1: 0.5}})
    with pytest.raises(ValueError, match=r"at most 5 models, got 6"):
        plot_accuracy_by_gap({str(i): {0: 0.5} for i in range(6)})
    with pytest.raises(TypeError, match=r"chance must be a number"):
        plot_accuracy_by_gap(RESULTS, chance="half")


GAP_RESULTS = {
    "negation": {"BoW": {0: 0.5, 1: 0.5, 2: 0.5}, "RNN": {0: 1.0, 1: 1.0, 2: 1.0}},
    "contrast": {"BoW": {0: 0.5, 1: 0.5, 2: 0.5}, "RNN": {0: 1.0, 1: 1.0, 2: 0.98}},
}


def test_plot_gap_comparison_draws_one_panel_per_family():
    axes = plot_gap_comparison(GAP_RESULTS)
    assert len(axes) == 2
    assert [ax.get_title() for ax in axes] == ["negation pairs", "contrast pairs"]
    for ax, family in zip(axes, GAP_RESULTS, strict=True):
        curves = [line for line in ax.get_lines() if line.get_label() in ("BoW", "RNN")]
        assert [tuple(line.get_ydata()) for line in curves] == [
            tuple(GAP_RESULTS[family][name].values()) for name in ("BoW", "RNN")]
    assert axes[0].get_legend() is not None and axes[1].get_legend() is None
    assert axes[0].figure.get_size_inches()[0] <= 8.0


def test_plot_gap_comparison_shades_the_gaps_not_in_training():
    axes = plot_gap_comparison(GAP_RESULTS, trained_gaps=(0, 1))
    for ax in axes:
        assert len(ax.patches) == 1  # gap 2 only
        assert [t.get_text() for t in ax.texts] == ["not in training"]
    plain = plot_gap_comparison(GAP_RESULTS, trained_gaps=(0, 2))
    assert all(not ax.patches and not ax.texts for ax in plain)


def test_plot_gap_comparison_draws_into_given_axes():
    _, (left, right) = plt.subplots(1, 2)
    assert plot_gap_comparison(GAP_RESULTS, [left, right]) == [left, right]


def test_plot_gap_comparison_rejects_bad_arguments():
    with pytest.raises(ValueError, match="results must be a non-empty mapping family -> model"):
        plot_gap_comparison({})
    with pytest.raises(TypeError, match=r"results' keys must be family names \(str\), got int"):
        plot_gap_comparison({0: GAP_RESULTS["negation"]})
    with pytest.raises(ValueError, match=r"axes must hold 2 Axes \(one per family\), got 1"):
        plot_gap_comparison(GAP_RESULTS, [plt.subplots()[1]])
    with pytest.raises(ValueError, match="trained_gaps must have low <= high"):
        plot_gap_comparison(GAP_RESULTS, trained_gaps=(3, 1))
    with pytest.raises(ValueError, match=r"results\['RNN'\]\[2\] must be an accuracy"):
        plot_gap_comparison({"negation": {"RNN": {2: 1.5}}})  # checked panel by panel


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


# --- plot_clipping, plot_temperatures (chapter 7) -------------------------------------


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
