"""Unit tests of seqlab.viz._checks: one test per message of the checkers that the
figures and the explorers share (the entry points' tests only show that they are wired)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch

from seqlab._checks import check_int_range, check_mapping, check_numbers
from seqlab.train import History
from seqlab.viz._checks import (
    check_accuracies,
    check_axes,
    check_char_logits,
    check_history,
    check_sentences,
    check_states,
    check_time_step,
)


def test_check_mapping_returns_a_dict_and_names_what_it_maps():
    assert check_mapping({"a": 1}, "sizes", "from n to a size", keys="labels") == {"a": 1}
    assert check_mapping({}, "baselines", "label -> loss", allow_empty=True) == {}
    with pytest.raises(TypeError, match=r"^sizes must be a mapping from n to a size, got list$"):
        check_mapping([1], "sizes", "from n to a size")
    with pytest.raises(ValueError, match=r"^sizes must be a non-empty mapping from n to a size$"):
        check_mapping({}, "sizes", "from n to a size")
    with pytest.raises(TypeError, match=r"^results' keys must be model names \(str\), got int$"):
        check_mapping({3: {}}, "results", "of models", keys="model names")


def test_check_numbers_accepts_sequences_tensors_and_arrays():
    assert check_numbers([1, 2.5], "values") == [1.0, 2.5]
    assert check_numbers(torch.tensor([0.5, 1.0]), "values") == [0.5, 1.0]
    assert check_numbers(np.arange(3), "Ts", integer=True) == [0, 1, 2]
    assert check_numbers([np.int64(4)], "Ts", integer=True) == [4]


def test_check_numbers_rejects_bad_input():
    with pytest.raises(TypeError, match=r"^values must be a sequence of numbers, got str$"):
        check_numbers("0123", "values")
    with pytest.raises(TypeError, match=r"^Ts must be a sequence of ints, got int$"):
        check_numbers(3, "Ts", integer=True)
    with pytest.raises(ValueError, match=r"^values must contain at least one number$"):
        check_numbers([], "values")
    with pytest.raises(TypeError, match=r"^mlp_counts\[1\] must be an int, got float$"):
        check_numbers([1, 1.5], "mlp_counts", integer=True)
    with pytest.raises(ValueError, match=r"^lengths\[0\] must be >= 1, got 0$"):
        check_numbers([0], "lengths", integer=True, minimum=1)
    with pytest.raises(ValueError, match=r"^temperatures\[1\] must be > 0, got -1.0$"):
        check_numbers([1.0, -1.0], "temperatures", positive=True)


def test_check_sentences():
    assert check_sentences("Good movie!", "bad", 1) == [["good", "movie"], ["bad"]]
    with pytest.raises(TypeError, match=r"^sentence_a must be a str, got NoneType$"):
        check_sentences(None, "bad", 1)
    with pytest.raises(TypeError, match=r"^sentence_b must be a str, got list$"):
        check_sentences("good", ["bad"], 1)
    with pytest.raises(ValueError, match=r"^n must be >= 1, got 0$"):
        check_sentences("good", "bad", 0)
    with pytest.raises(ValueError, match=r"^sentence_b contains no words$"):
        check_sentences("good", "  ?! ", 1)
    with pytest.raises(ValueError, match=r"^sentence_a has 1 words, fewer than n=2$"):
        check_sentences("good", "a bad movie", 2)


def test_check_int_range():
    assert check_int_range((0, 4), "trained_gaps") == (0, 4)
    with pytest.raises(TypeError, match=r"^trained_gaps must be a \(low, high\) tuple or None"):
        check_int_range(4, "trained_gaps")
    with pytest.raises(ValueError, match=r"^trained_gaps must be a \(low, high\) pair, got"):
        check_int_range((1, 2, 3), "trained_gaps")
    with pytest.raises(ValueError, match=r"^trained_gaps must have low <= high, got \(3, 1\)$"):
        check_int_range((3, 1), "trained_gaps")
    with pytest.raises(ValueError, match=r"^trained_lengths must be >= 1, got 0$"):
        check_int_range((0, 3), "trained_lengths", minimum=1)


def test_check_accuracies_checks_every_model_and_key():
    results = {"RNN": {"negation": 1.0, "contrast": 0.5}}
    assert check_accuracies(results) == results
    with pytest.raises(ValueError, match=r"^results must be a non-empty mapping from a model "
                                         r"name to \{family: accuracy\}$"):
        check_accuracies({})
    with pytest.raises(TypeError, match=r"^results' keys must be model names \(str\), got int"):
        check_accuracies({1: {"negation": 0.5}})
    with pytest.raises(ValueError, match=r"^results\['m'\] must be a non-empty mapping "
                                         r"\{gap: accuracy\}$"):
        check_accuracies({"m": {}}, gaps=True)
    with pytest.raises(TypeError, match=r"^results\['m'\] must be a mapping \{family: accuracy\}"):
        check_accuracies({"m": [0.5]})
    with pytest.raises(ValueError, match=r"^results\['m'\] gap must be >= 0, got -1$"):
        check_accuracies({"m": {-1: 0.5}}, gaps=True)
    with pytest.raises(ValueError, match=r"^results\['m'\]\['a'\] must be an accuracy in "
                                         r"\[0, 1\], got 1.5$"):
        check_accuracies({"m": {"a": 1.5}})
    with pytest.raises(TypeError, match=r"^results\['m'\]\[0\] must be a number, got str$"):
        check_accuracies({"m": {0: "high"}}, gaps=True)


def test_check_time_step():
    assert check_time_step(4, 4) == 4
    with pytest.raises(TypeError, match=r"^highlight must be an int, got float$"):
        check_time_step(1.0, 4, "highlight")
    with pytest.raises(ValueError, match=r"^t must be a time step in 1..T=4, got t=0$"):
        check_time_step(0, 4)


def test_check_char_logits():
    logits, top = check_char_logits(torch.zeros(3), ("a", "b", "c"), 10)
    assert logits.dtype == torch.float64 and top == 3  # at most V rows
    with pytest.raises(TypeError, match=r"^itos must be a sequence of the 3 characters of the "
                                        r"vocabulary, one per logit, got str$"):
        check_char_logits(torch.zeros(3), "abc", 1)
    with pytest.raises(ValueError, match=r"^itos must be a sequence of the 3 characters of the "
                                         r"vocabulary, one per logit, got 2$"):
        check_char_logits(torch.zeros(3), ["a", "b"], 1)
    with pytest.raises(ValueError, match=r"^top must be >= 1, got 0$"):
        check_char_logits(torch.zeros(3), ["a", "b", "c"], 0)


def test_check_history():
    history = History(train_loss=[1.0])
    assert check_history(history) is history
    with pytest.raises(TypeError, match=r"^history must be a seqlab.train.History, got dict$"):
        check_history({"train_loss": [1.0]})


def test_check_states():
    hidden, tokens = check_states(torch.ones(2, 3, requires_grad=True), ["a", "b"], "hidden")
    assert not hidden.requires_grad and tokens == ["a", "b"]
    with pytest.raises(ValueError, match=r"^hidden must have at least one time step, got shape "
                                         r"\(0, 3\)$"):
        check_states(torch.zeros(0, 3), [], "hidden")
    with pytest.raises(ValueError, match=r"^tokens must hold 2 tokens, one per time step of "
                                         r"hidden_states, got 1$"):
        check_states(torch.zeros(2, 3), ["a"], "hidden_states")
    with pytest.raises(ValueError, match=r"^hidden must have 2 dimensions, got 1"):
        check_states(torch.zeros(2), ["a", "b"], "hidden")
    with pytest.raises(TypeError, match=r"^tokens must be a list of str tokens"):
        check_states(torch.zeros(2, 3), "ab", "hidden")


def test_check_axes():
    fig, axes = plt.subplots(1, 2)
    assert check_axes(axes, 2, "a pair") == list(axes)  # an array, as plt.subplots returns
    with pytest.raises(TypeError, match=r"^axes must be None or a sequence of matplotlib Axes "
                                        r"\(one per family\), got Axes$"):
        check_axes(axes[0], 1, "one per family")
    with pytest.raises(TypeError, match=r"^axes must contain only Axes, found str$"):
        check_axes([axes[0], "right"], 2, "a pair")
    with pytest.raises(ValueError, match=r"^axes must hold 5 Axes \(one per task\), got 2$"):
        check_axes(axes, 5, "one per task")
    plt.close(fig)
