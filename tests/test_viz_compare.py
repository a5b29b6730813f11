"""Unit tests of the comparison figures of chapter 6: seqlab.viz.compare."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest
from matplotlib.axes import Axes

from seqlab.viz import plot_pair_accuracy

PAIR_RESULTS = {
    "BoW-MLP": {"negation": 0.5, "contrast": 0.5},
    "CNN k=2,3": {"negation": 1.0, "contrast": 0.69},
    "RNN": {"negation": 1.0, "contrast": 1.0},
}


# --- plot_pair_accuracy ---------------------------------------------------------------


def test_plot_pair_accuracy_draws_one_bar_per_model_and_family():
    ax = plot_pair_accuracy(PAIR_RESULTS)
    assert isinstance(ax, Axes)
    assert [t.get_text() for t in ax.get_xticklabels()] == list(PAIR_RESULTS)
    negation, contrast = ax.containers
    assert [p.get_height() for p in negation] == [0.5, 1.0, 1.0]
    assert [p.get_height() for p in contrast] == [0.5, 0.69, 1.0]
    # the negation bar of each model lies left of its contrast bar
    assert all(n.get_x() < c.get_x() for n, c in zip(negation, contrast, strict=True))


def test_plot_pair_accuracy_labels_bars_and_draws_the_chance_line():
    ax = plot_pair_accuracy(PAIR_RESULTS, chance=0.5)
    labels = [t.get_text() for t in ax.texts]
    assert labels == ["0.50", "1.00", "1.00", "0.50", "0.69", "1.00"]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["negation", "contrast", "chance (0.5)"]
    assert [tuple(line.get_ydata()) for line in ax.get_lines()] == [(0.5, 0.5)]


def test_plot_pair_accuracy_draws_into_given_axes():
    _, ax = plt.subplots()
    assert plot_pair_accuracy(PAIR_RESULTS, ax=ax) is ax


def test_plot_pair_accuracy_rejects_bad_results():
    # The checks of every model's {family: accuracy} are tested in test_viz_checks.py.
    with pytest.raises(ValueError, match=r"results\['RNN'\]\['negation'\] must be an accuracy"):
        plot_pair_accuracy({"RNN": {"negation": 1.5}})
    with pytest.raises(ValueError, match="every model needs the same families"):
        plot_pair_accuracy({"BoW": {"negation": 0.5}, "RNN": {"contrast": 1.0}})
    with pytest.raises(ValueError, match="at most 3 families"):
        plot_pair_accuracy({"RNN": {"a": 1.0, "b": 1.0, "c": 1.0, "d": 1.0}})
    with pytest.raises(TypeError, match="chance must be a number"):
        plot_pair_accuracy(PAIR_RESULTS, chance="half")


# --- plot_gap_comparison -------------------------------------------------------------
