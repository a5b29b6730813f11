"""Unit tests of the core figures: seqlab.viz (bags of words, n-gram sizes, learning curves)."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import matplotlib.pyplot as plt
import pytest
from matplotlib.axes import Axes

from seqlab import viz, widgets
from seqlab.data import LECTURE_PAIR
from seqlab.text import Vocabulary, ngrams, tokenize
from seqlab.train import History
from seqlab.viz import _style, plot_bag_of_words, plot_history, plot_ngram_vocabulary
from seqlab.viz._style import BLUE, GREEN, GREY, ORANGE, PURPLE, RED, new_axes


def tick_labels(ax: Axes) -> list[str]:
    return [label.get_text() for label in ax.get_xticklabels()]


def bar_heights(container) -> list[float]:
    return [float(patch.get_height()) for patch in container]


@pytest.mark.parametrize("package", [viz, widgets], ids=["viz", "widgets"])
def test_every_public_module_name_is_exported_once_and_importable(package):
    exported = []
    for info in pkgutil.iter_modules(package.__path__):
        if not info.name.startswith("_"):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            exported += module.__all__
            assert all(getattr(package, name) is getattr(module, name) for name in module.__all__)
    assert sorted(package.__all__) == sorted(exported)
    assert len(set(package.__all__)) == len(package.__all__)


# --- _style -------------------------------------------------------------------------


def test_palette_holds_six_distinct_colours_and_hex_tints():
    assert len({BLUE, ORANGE, GREEN, RED, PURPLE, GREY}) == 6
    colours = {name: value for name, value in vars(_style).items()
               if name.isupper() and not name.startswith("NODE_")}  # NODE_W, NODE_H: sizes
    assert all(re.fullmatch(r"#[0-9A-F]{6}", value) for value in colours.values()), colours


def test_figures_and_explorers_take_their_colours_from_the_palette():
    # A hex colour anywhere but _style.py (an HTML entity such as &#8214; is no colour).
    colour = re.compile(r"(?<![&\w])#[0-9A-Fa-f]{6}\b|(?<![&\w])#[0-9A-Fa-f]{3}\b")
    for folder in (Path(viz.__file__).parent, Path(widgets.__file__).parent):
        for path in folder.glob("*.py"):
            if path.name != "_style.py":
                assert not colour.findall(path.read_text()), path.name


def test_new_axes_returns_the_given_axes_or_a_new_figures():
    _, ax = plt.subplots()
    assert new_axes(ax, (3.0, 2.0)) is ax
    fresh = new_axes(None, (3.0, 2.0))
    assert isinstance(fresh, Axes) and fresh is not ax
    assert tuple(fresh.figure.get_size_inches()) == pytest.approx((3.0, 2.0))


def test_new_axes_rejects_a_non_axes():
    with pytest.raises(TypeError, match=r"ax must be a matplotlib Axes or None, got Figure"):
        new_axes(plt.figure(), (3.0, 2.0))


# --- plot_bag_of_words --------------------------------------------------------------


def test_plot_bag_of_words_ticks_are_the_joint_vocabulary_words():
    sentence_a, sentence_b = "The movie is good", "The movie is bad"
    ax = plot_bag_of_words(sentence_a, sentence_b)
    assert isinstance(ax, Axes)
    words = Vocabulary([tokenize(sentence_a), tokenize(sentence_b)]).itos[2:]
    assert tick_labels(ax) == words == ["is", "movie", "the", "bad", "good"]
    assert len(ax.containers) == 2
    assert len(ax.patches) == 2 * len(words)
    assert bar_heights(ax.containers[0]) == [1, 1, 1, 0, 1]
    assert bar_heights(ax.containers[1]) == [1, 1, 1, 1, 0]
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert legend == [f"A: {sentence_a}", f"B: {sentence_b}"]
    assert ax.get_ylabel() == "count"


def test_plot_bag_of_words_of_the_lecture_pair_draws_identical_bars():
    ax = plot_bag_of_words(LECTURE_PAIR[0].text, LECTURE_PAIR[1].text)
    assert len(tick_labels(ax)) == 9
    assert bar_heights(ax.containers[0]) == bar_heights(ax.containers[1])


def test_plot_bag_of_words_with_n_counts_ngrams():
    sentence_a, sentence_b = (e.text for e in LECTURE_PAIR)
    ax = plot_bag_of_words(sentence_a, sentence_b, n=2)
    grams = Vocabulary([ngrams(tokenize(sentence_a), 2), ngrams(tokenize(sentence_b), 2)])
    assert tick_labels(ax) == grams.itos[2:]
    assert "not good" in tick_labels(ax)
    assert bar_heights(ax.containers[0]) != bar_heights(ax.containers[1])


def test_plot_bag_of_words_draws_into_the_given_axes():
    _, ax = plt.subplots()
    assert plot_bag_of_words("a b", "b a", ax=ax) is ax


def test_plot_bag_of_words_rejects_bad_sentences():
    # The sentences' checks (shared with the explorer) are tested in test_viz_checks.py.
    with pytest.raises(ValueError, match=r"sentence_b has 1 words, fewer than n=2"):
        plot_bag_of_words("a b", "b", n=2)
    with pytest.raises(TypeError, match=r"ax must be a matplotlib Axes"):
        plot_bag_of_words("a", "b", ax="left")


# --- plot_ngram_vocabulary ----------------------------------------------------------


def test_plot_ngram_vocabulary_draws_one_labelled_bar_per_n_in_order():
    ax = plot_ngram_vocabulary({2: 800, 1: 120, 3: 1500})
    assert isinstance(ax, Axes)
    assert tick_labels(ax) == ["1", "2", "3"]
    assert bar_heights(ax.patches) == [120, 800, 1500]
    assert [text.get_text() for text in ax.texts] == ["120", "800", "1,500"]
    assert ax.get_xlabel() == "n (words per feature)"


def test_plot_ngram_vocabulary_rejects_an_empty_mapping():
    with pytest.raises(ValueError, match=r"sizes must be a non-empty mapping from n to a "):
        plot_ngram_vocabulary({})


# --- plot_history -------------------------------------------------------------------


HISTORY = History(train_loss=[0.9, 0.5, 0.3], train_accuracy=[0.5, 0.7, 0.9],
                  val_loss=[1.0, 0.6, 0.5], val_accuracy=[0.4, 0.6, 0.8])


@pytest.mark.parametrize("metric", ["loss", "accuracy"])
def test_plot_history_draws_training_and_validation_curves(metric):
    ax = plot_history(HISTORY, metric)
    assert [line.get_label() for line in ax.lines] == ["training", "validation"]
    assert list(ax.lines[0].get_xdata()) == [1, 2, 3]
    assert list(ax.lines[0].get_ydata()) == getattr(HISTORY, f"train_{metric}")
    assert list(ax.lines[1].get_ydata()) == getattr(HISTORY, f"val_{metric}")
    assert ax.get_xlabel() == "epoch" and ax.get_ylabel() == metric


def test_plot_history_without_validation_draws_one_line():
    ax = plot_history(History(train_loss=[1.0, 0.5], train_accuracy=[0.5, 0.6]))
    assert [line.get_label() for line in ax.lines] == ["training"]


def test_plot_history_rejects_bad_input():
    with pytest.raises(TypeError, match=r"history must be a seqlab.train.History, got dict"):
        plot_history({"train_loss": [1.0]})
    with pytest.raises(ValueError, match=r"metric must be 'loss' or 'accuracy', got 'f1'"):
        plot_history(HISTORY, "f1")
