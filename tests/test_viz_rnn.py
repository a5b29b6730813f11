"""Unit tests of seqlab.viz.rnn: hidden-state heatmaps, gradient norms, run times, powers."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
from matplotlib.axes import Axes
from matplotlib.image import AxesImage
from matplotlib.patches import Rectangle

from seqlab.viz import plot_gradient_norms, plot_hidden_states, plot_powers, plot_runtime

TOKENS = ["the", "movie", "is", "good"]


# --- plot_hidden_states --------------------------------------------------------------


def test_plot_hidden_states_draws_one_column_per_time_step():
    hidden = torch.linspace(-0.9, 0.9, 12).reshape(4, 3)  # (T, H)
    ax = plot_hidden_states(hidden, TOKENS)
    assert isinstance(ax, Axes)
    images = [child for child in ax.get_children() if isinstance(child, AxesImage)]
    assert len(images) == 1
    np.testing.assert_allclose(images[0].get_array(), hidden.T.numpy())  # (H, T)
    assert images[0].get_clim() == (-1.0, 1.0)  # the range of tanh
    assert [label.get_text() for label in ax.get_xticklabels()] == [
        "the\n1", "movie\n2", "is\n3", "good\n4"]
    assert len(ax.get_yticks()) == 3
    assert len(ax.figure.axes) == 2  # the heatmap and its colour bar


def test_plot_hidden_states_widens_the_colour_scale_for_values_beyond_one():
    ax = plot_hidden_states(torch.tensor([[0.0, 2.5], [1.0, -0.5]]), ["a", "b"], colorbar=False)
    image = next(c for c in ax.get_children() if isinstance(c, AxesImage))
    assert image.get_clim() == (-2.5, 2.5)
    assert len(ax.figure.axes) == 1


def test_plot_hidden_states_frames_the_highlighted_step_and_uses_given_axes():
    _, ax = plt.subplots()
    returned = plot_hidden_states(torch.zeros(4, 2), TOKENS, ax=ax, highlight=3, title="A")
    assert returned is ax and ax.get_title() == "A"
    frames = [p for p in ax.patches if isinstance(p, Rectangle)]
    assert len(frames) == 1 and frames[0].get_x() == pytest.approx(1.5)


def test_plot_hidden_states_rejects_bad_input():
    with pytest.raises(ValueError, match=r"tokens must hold 4 tokens, one per time step of hidden, "
                                         r"got 3"):
        plot_hidden_states(torch.zeros(4, 2), TOKENS[:3])
    with pytest.raises(ValueError, match=r"highlight must be a time step in 1..T=4, "
                                         r"got highlight=5"):
        plot_hidden_states(torch.zeros(4, 2), TOKENS, highlight=5)
    with pytest.raises(TypeError, match=r"title must be a str, got int"):
        plot_hidden_states(torch.zeros(4, 2), TOKENS, title=1)


# --- plot_gradient_norms -------------------------------------------------------------


def test_plot_gradient_norms_puts_the_end_of_the_sequence_at_distance_zero():
    norms = torch.tensor([0.01, 0.1, 1.0])  # time order: the last step is largest
    ax = plot_gradient_norms({"tanh": norms})
    assert isinstance(ax, Axes) and ax.get_yscale() == "log"
    (line,) = ax.get_lines()
    np.testing.assert_array_equal(line.get_xdata(), [2, 1, 0])
    np.testing.assert_allclose(line.get_ydata(), [0.01, 0.1, 1.0])
    assert [text.get_text() for text in ax.get_legend().get_texts()] == ["tanh"]


def test_plot_gradient_norms_draws_references_dashed_in_the_same_colour():
    curves = {"rho = 0.5": torch.tensor([0.25, 0.5, 1.0]), "rho = 2": torch.tensor([4.0, 2, 1])}
    ax = plot_gradient_norms(curves, reference={"rho = 2": torch.tensor([4.0, 2.0, 1.0])},
                             reference_label="theory", cmap="viridis")
    lines = ax.get_lines()
    assert len(lines) == 3
    assert lines[2].get_linestyle() == "--" and lines[2].get_color() == lines[1].get_color()
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["rho = 0.5", "rho = 2",
                                                                   "theory"]


def test_plot_gradient_norms_leaves_out_zeros_and_draws_into_given_axes():
    _, ax = plt.subplots()
    assert plot_gradient_norms({"a": torch.tensor([0.0, 1e-3, 1.0])}, ax=ax) is ax
    np.testing.assert_array_equal(ax.get_lines()[0].get_xdata(), [1, 0])


def test_plot_gradient_norms_can_leave_the_legend_to_the_caller():
    ax = plot_gradient_norms({"a": torch.ones(3)}, legend=False)
    assert ax.get_legend() is None
    handles, labels = ax.get_legend_handles_labels()
    assert labels == ["a"] and len(handles) == 1


def test_plot_gradient_norms_rejects_bad_input():
    with pytest.raises(ValueError, match=r"norms_by_label must be a non-empty mapping label"):
        plot_gradient_norms({})
    with pytest.raises(ValueError, match=r"norms_by_label\['a'\] must have 1 dimensions"):
        plot_gradient_norms({"a": torch.ones(2, 2)})
    with pytest.raises(ValueError, match=r"reference\['a'\] must have at least one time step"):
        plot_gradient_norms({"a": torch.ones(3)}, reference={"a": torch.ones(0)})
    with pytest.raises(ValueError, match=r"reference has labels that norms_by_label lacks"):
        plot_gradient_norms({"a": torch.ones(3)}, reference={"b": torch.ones(3)})
    with pytest.raises(ValueError, match=r"the palette has 6 colours for 7 curves; pass cmap"):
        plot_gradient_norms({str(i): torch.ones(3) for i in range(7)})
    with pytest.raises(TypeError, match=r"legend must be a bool, got str"):
        plot_gradient_norms({"a": torch.ones(3)}, legend="no")
    with pytest.raises(TypeError, match=r"reference_label must be a str, got int"):
        plot_gradient_norms({"a": torch.ones(3)}, reference_label=1)
    with pytest.raises(TypeError, match=r"cmap must be a str, got int"):
        plot_gradient_norms({"a": torch.ones(3)}, cmap=1)


# --- plot_runtime --------------------------------------------------------------------


def test_plot_runtime_draws_milliseconds_against_length():
    ax = plot_runtime([10, 20, 40], {"ElmanRNN": [0.001, 0.002, 0.004], "matmul": [1e-4] * 3})
    assert isinstance(ax, Axes)
    first, second = ax.get_lines()
    np.testing.assert_array_equal(first.get_xdata(), [10, 20, 40])
    np.testing.assert_allclose(first.get_ydata(), [1.0, 2.0, 4.0])
    assert ax.get_ylim()[0] == 0
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["ElmanRNN", "matmul"]


def test_plot_runtime_rejects_bad_input():
    with pytest.raises(ValueError, match=r"seconds_by_label\['a'\] must hold 2 times, "
                                         r"one per length"):
        plot_runtime([10, 20], {"a": [0.1]})
    with pytest.raises(ValueError, match=r"lengths must contain at least one number"):
        plot_runtime([], {"a": []})
    with pytest.raises(ValueError, match=r"seconds_by_label must be a non-empty mapping"):
        plot_runtime([10], {})


# --- plot_powers ----------------------------------------------------------------------


def test_plot_powers_draws_a_to_the_t_with_the_last_values_written():
    ax = plot_powers()
    assert ax.get_yscale() == "log"
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == ["a = 0.9", "a = 1", "a = 1.1"]
    assert list(lines[0].get_xdata()) == list(range(51))
    assert lines[0].get_ydata()[-1] == pytest.approx(0.9 ** 50)
    assert lines[2].get_ydata()[-1] == pytest.approx(117.39, abs=0.01)
    texts = [text.get_text() for text in ax.texts]
    assert texts == ["$0.9^{50} \\approx 0.00515$", "$1^{50} = 1$", "$1.1^{50} \\approx 117$"]


def test_plot_powers_takes_other_bases_steps_and_axes():
    _, given = plt.subplots()
    assert plot_powers((0.5, 2.0), steps=10, ax=given) is given
    assert [len(line.get_xdata()) for line in given.get_lines()] == [11, 11]
    assert "$2^{10} \\approx 1.02e+03$" in [text.get_text() for text in given.texts]


def test_plot_powers_rejects_bad_arguments():
    with pytest.raises(ValueError, match=r"bases\[0\] must be > 0"):
        plot_powers((0.0, 1.0))
    with pytest.raises(ValueError, match=r"bases must hold at most 6 numbers, got 7"):
        plot_powers([1.0] * 7)
    with pytest.raises(ValueError, match=r"steps must be >= 1"):
        plot_powers(steps=0)
    with pytest.raises(TypeError, match=r"steps must be an int"):
        plot_powers(steps=5.0)
