"""Tests of seqlab.viz.conv: which tokens a window covers, the conv-window figure, the
filter over the embedding matrix, max-over-time pooling."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
from matplotlib.patches import Polygon, Rectangle

from figure_helpers import texts_on
from seqlab.data import LECTURE_PAIR
from seqlab.text import tokenize
from seqlab.viz import (
    plot_conv_window,
    plot_embedding_conv,
    plot_max_pooling,
    window_tokens,
)

LECTURE_B = tokenize(LECTURE_PAIR[1].text)  # the movie my friend has seen is not good
ORANGE, BLUE = (0.9019607843137255, 0.6235294117647059, 0.0), (0.0, 0.4470588235294118,
                                                                0.6980392156862745)


# --- window_tokens ----------------------------------------------------------------


def test_window_tokens_returns_the_k_tokens_from_position():
    assert window_tokens(LECTURE_B, 6, 2) == ["is", "not"]
    assert window_tokens(LECTURE_B, 0, 3) == ["the", "movie", "my"]
    assert window_tokens(LECTURE_B, 7, 2) == ["not", "good"]  # the last window, t = T - k
    assert window_tokens(["good"], 0, 1) == ["good"]


def test_window_tokens_refuses_a_window_past_the_end():
    with pytest.raises(ValueError, match=r"position=8 puts the window past the end of the "
                                         r"sentence \(T=9\); position must be <= T - k = 7"):
        window_tokens(LECTURE_B, 8, 2)


def test_window_tokens_refuses_a_kernel_wider_than_the_sentence():
    with pytest.raises(ValueError,
                       match=r"kernel_size=4 is wider than the sentence \(T=3 tokens\)"):
        window_tokens(["is", "not", "good"], 0, 4)


def test_window_tokens_rejects_bad_arguments():
    with pytest.raises(TypeError, match=r"tokens must be a list of str tokens"):
        window_tokens("is not good", 0, 2)
    with pytest.raises(ValueError, match=r"tokens must contain at least one token"):
        window_tokens([], 0, 1)
    with pytest.raises(ValueError, match=r"position must be >= 0"):
        window_tokens(LECTURE_B, -1, 2)
    with pytest.raises(ValueError, match=r"kernel_size must be >= 1"):
        window_tokens(LECTURE_B, 0, 0)


# --- plot_conv_window --------------------------------------------------------------


def test_plot_conv_window_draws_tokens_window_and_outputs():
    ax = plot_conv_window(LECTURE_B, 6, 2)
    rectangles = [p for p in ax.patches if isinstance(p, Rectangle)]
    funnels = [p for p in ax.patches if isinstance(p, Polygon)]
    assert len(rectangles) == 9 + 1 + 8  # tokens, the window's outline, T - k + 1 outputs
    assert len(funnels) == 1
    assert "“is not”" in ax.get_title() and "k = 2" in ax.get_title()
    labels = texts_on(ax)
    assert all(token in labels for token in LECTURE_B)
    assert [f"$y_{{{t}}}$" for t in range(8)] == [s for s in labels if s.startswith("$y_")]
    assert "tokens\n(T = 9)" in labels and "outputs\n(T-k+1 = 8)" in labels


def test_plot_conv_window_highlights_exactly_the_window_and_its_output():
    ax = plot_conv_window(LECTURE_B, 2, 3)
    orange_boxes = [p for p in ax.patches if isinstance(p, Rectangle) and p.get_fill()
                    and p.get_edgecolor()[:3] == pytest.approx(ORANGE)]
    blue_boxes = [p for p in ax.patches if isinstance(p, Rectangle)
                  and p.get_edgecolor()[:3] == pytest.approx(BLUE)]
    assert sorted(p.get_x() + p.get_width() / 2 for p in orange_boxes) == pytest.approx([2, 3, 4])
    (output,) = blue_boxes
    assert output.get_x() + output.get_width() / 2 == pytest.approx(3.0)  # window centre


def test_plot_conv_window_writes_values_into_the_output_cells():
    ax = plot_conv_window(["is", "not", "good"], 0, 2, values=torch.tensor([4.14, 0.0]))
    labels = texts_on(ax)
    assert "4.1" in labels and "0.0" in labels
    assert not any(s.startswith("$y_") for s in labels)


def test_plot_conv_window_writes_long_sentences_upright():
    long_words = ["yesterday", "frankly", "honestly"] * 5  # T = 15 long tokens
    ax = plot_conv_window(long_words, 0, 4)
    token_texts = [t for t in ax.texts if t.get_text() in long_words]
    assert len(token_texts) == 15 and all(t.get_rotation() == 90 for t in token_texts)
    ax = plot_conv_window(LECTURE_B, 0, 2)
    assert all(t.get_rotation() == 0 for t in ax.texts)


def test_plot_conv_window_draws_into_a_given_axes_and_keeps_width_readable():
    _, given = plt.subplots()
    assert plot_conv_window(LECTURE_B, 0, 1, ax=given) is given
    ax = plot_conv_window(["word"] * 24, 0, 2)
    assert ax.figure.get_figwidth() <= 8.0


def test_plot_conv_window_rejects_bad_arguments():
    with pytest.raises(ValueError, match=r"position=8 puts the window past the end"):
        plot_conv_window(LECTURE_B, 8, 2)
    with pytest.raises(ValueError, match=r"tokens must hold at most 24 tokens .* got 25"):
        plot_conv_window(["a"] * 25, 0, 2)
    with pytest.raises(ValueError, match=r"values must hold T - k \+ 1 = 8 numbers, got 9"):
        plot_conv_window(LECTURE_B, 0, 2, values=[0.0] * 9)
    with pytest.raises(TypeError, match=r"values must be a sequence of numbers, got str"):
        plot_conv_window(LECTURE_B, 0, 2, values="01234567")
    with pytest.raises(TypeError, match=r"ax must be a matplotlib Axes or None, got str"):
        plot_conv_window(LECTURE_B, 0, 2, ax="axes")


# --- plot_embedding_conv -------------------------------------------------------------


EMBEDDINGS = torch.arange(9 * 4, dtype=torch.float32).reshape(9, 4) - 17  # (T, D) = (9, 4)


def test_plot_embedding_conv_draws_the_matrix_with_time_along_x():
    ax = plot_embedding_conv(LECTURE_B, EMBEDDINGS, 6, 2)
    (image,) = ax.get_images()
    assert image.get_array().shape == (4, 9)  # (D, T): one column per token
    assert image.get_array()[0, 0] == -17 and image.get_array()[3, 0] == -14  # dimension 0 on top
    labels = texts_on(ax)
    assert [s for s in labels if s in LECTURE_B] == LECTURE_B
    assert "embedding\n(D = 4)" in labels and "outputs\n(T-k+1 = 8)" in labels
    assert [f"$y_{{{t}}}$" for t in range(8)] == [s for s in labels if s.startswith("$y_")]
    assert "D \u00d7 k = 4 \u00d7 2" in ax.get_title() and "“is not”" in ax.get_title()


def test_plot_embedding_conv_window_spans_all_dimensions_and_k_tokens():
    ax = plot_embedding_conv(LECTURE_B, EMBEDDINGS, 2, 3)
    window, *outputs = [p for p in ax.patches if isinstance(p, Rectangle)]
    assert not window.get_fill() and window.get_edgecolor()[:3] == pytest.approx(ORANGE)
    assert (window.get_x(), window.get_width()) == (1.5, 3)
    (image,) = ax.get_images()
    bottom, top = image.get_extent()[2:]
    assert window.get_y() < bottom and window.get_y() + window.get_height() > top
    assert len(outputs) == 7
    (current,) = [p for p in outputs if p.get_edgecolor()[:3] == pytest.approx(BLUE)]
    assert current.get_x() + current.get_width() / 2 == pytest.approx(3.0)  # window centre
    assert sum(isinstance(p, Polygon) for p in ax.patches) == 1  # the funnel
    bold = [t.get_text() for t in ax.texts if t.get_fontweight() == "bold" and t.get_text()
            in LECTURE_B]
    assert bold == ["my", "friend", "has"]


def test_plot_embedding_conv_takes_arrays_values_and_a_given_axes():
    _, given = plt.subplots()
    ax = plot_embedding_conv(["is", "not", "good"], np.ones((3, 2)), 0, 2, given,
                             values=[4.14, 0.0])
    assert ax is given and "4.1" in texts_on(ax) and "0.0" in texts_on(ax)


def test_plot_embedding_conv_rejects_bad_embeddings():
    # tokens, position, kernel_size and values: the checks of plot_conv_window, tested above
    with pytest.raises(TypeError, match=r"embeddings must be a tensor or an array, got list"):
        plot_embedding_conv(["a", "b"], [[0.0], [1.0]], 0, 1)
    with pytest.raises(ValueError, match=r"embeddings must have shape \(T, D\) = \(9, D\), "
                                         r"got \(8, 4\)"):
        plot_embedding_conv(LECTURE_B, torch.zeros(8, 4), 0, 2)
    with pytest.raises(ValueError, match=r"embeddings must hold at most 16 dimensions D to stay "
                                         r"readable, got 17"):
        plot_embedding_conv(LECTURE_B, torch.zeros(9, 17), 0, 2)
    with pytest.raises(ValueError, match=r"values must hold T - k \+ 1 = 8 numbers, got 2"):
        plot_embedding_conv(LECTURE_B, EMBEDDINGS, 0, 2, values=[1.0, 2.0])


# --- plot_max_pooling --------------------------------------------------------------


def test_plot_max_pooling_outlines_each_rows_maximum():
    activations = np.array([[0.0, 3.0, 1.0], [2.0, 0.5, 2.0]])  # row 1 ties: the first wins
    ax = plot_max_pooling(["is", "not", "good", "really"], activations, 2,
                          labels=["detector A", "detector B"])
    outlines = [p for p in ax.patches if isinstance(p, Rectangle)]
    assert sorted((p.get_x() + 0.5, p.get_y() + 0.5) for p in outlines) == [(0, 1), (1, 0)]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["is not", "not good", "good really"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["detector A", "detector B"]
    assert " max = 3.0" in texts_on(ax) and " max = 2.0" in texts_on(ax)


def test_plot_max_pooling_accepts_a_tensor_and_names_rows_by_default():
    ax = plot_max_pooling(LECTURE_B, torch.rand(3, 8), 2)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["filter 0", "filter 1", "filter 2"]


def test_plot_max_pooling_rejects_bad_arguments():
    with pytest.raises(ValueError, match=r"activations must have shape \(n_filters, T - k \+ 1\) "
                                         r"= \(n, 8\), got \(2, 7\)"):
        plot_max_pooling(LECTURE_B, np.zeros((2, 7)), 2)
    with pytest.raises(TypeError, match=r"activations must be a tensor or an array, got list"):
        plot_max_pooling(LECTURE_B, [[0.0] * 8], 2)
    with pytest.raises(ValueError, match=r"labels must hold 1 names, one per row, got 2"):
        plot_max_pooling(LECTURE_B, np.zeros((1, 8)), 2, labels=["a", "b"])
    with pytest.raises(TypeError, match=r"labels must contain only str, found int"):
        plot_max_pooling(LECTURE_B, np.zeros((1, 8)), 2, labels=[0])
    with pytest.raises(ValueError, match=r"kernel_size=10 is wider than the sentence"):
        plot_max_pooling(LECTURE_B, np.zeros((1, 8)), 10)


# --- plot_accuracy_by_gap ----------------------------------------------------------
