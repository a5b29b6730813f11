"""Unit tests of seqlab.widgets.compare: the minimal-pair explorer of chapter 6,
without a browser."""

from __future__ import annotations

import ipywidgets as widgets
import pytest
import torch
from torch import nn

from seqlab.data import Example, build_vocab, make_minimal_pairs
from seqlab.experiments import predict_proba
from seqlab.models import BagOfWordsMLP, RNNClassifier
from seqlab.text import tokenize
from seqlab.widgets import (
    PairPrediction,
    format_pair,
    pair_explorer,
    predict_fresh_pair,
    render_pair,
)


@pytest.fixture(scope="module")
def vocab():
    return build_vocab(make_minimal_pairs(200, "both", gap=(0, 8), seed=3))


@pytest.fixture(scope="module")
def models(vocab):
    torch.manual_seed(0)
    return {"BoW": BagOfWordsMLP(len(vocab), hidden_size=8),
            "RNN": RNNClassifier(len(vocab), embed_dim=4, hidden_size=4)}


def handmade(p_a: float, p_b: float) -> PairPrediction:
    pair = (Example("the plot was good but the cast was not bad", 0, "contrast", gap=1),
            Example("the plot was bad but the cast was good", 1, "contrast", gap=1))
    return PairPrediction(pair, {"model": (p_a, p_b)})


def test_predict_fresh_pair_draws_a_minimal_pair_and_scores_every_model(models, vocab):
    prediction = predict_fresh_pair(models, vocab, "contrast", 3, seed=4)
    first, second = prediction.pair
    assert first.family == second.family == "contrast" and first.gap == second.gap == 3
    assert sorted(tokenize(first.text)) == sorted(tokenize(second.text))
    assert {first.label, second.label} == {0, 1}
    assert list(prediction.p_positive) == ["BoW", "RNN"]
    expected = predict_proba(models["RNN"], list(prediction.pair), vocab)[:, 1].tolist()
    assert prediction.p_positive["RNN"] == pytest.approx(tuple(expected))
    p_bow = prediction.p_positive["BoW"]
    assert p_bow[0] == p_bow[1]  # a bag of words cannot tell the twins apart
    assert prediction.correct("BoW") == 1


def test_predict_fresh_pair_is_reproducible_and_respects_exclude(models, vocab):
    one = predict_fresh_pair(models, vocab, "negation", 1, seed=2)
    assert predict_fresh_pair(models, vocab, "negation", 1, seed=2) == one
    other = predict_fresh_pair(models, vocab, "negation", 1, seed=2,
                               exclude=[example.text for example in one.pair])
    assert not {e.text for e in other.pair} & {e.text for e in one.pair}


def test_correct_counts_the_sentences_on_the_right_side_of_one_half():
    assert handmade(0.1, 0.9).correct("model") == 2
    assert handmade(0.7, 0.9).correct("model") == 1
    assert handmade(0.9, 0.1).correct("model") == 0


def test_render_pair_marks_the_deciding_words_and_colours_the_probabilities():
    view = render_pair(handmade(0.1, 0.3))
    assert "<b>good</b> <b>but</b>" in view and "<b>not</b> <b>bad</b>" in view
    assert "<b>plot</b>" not in view
    assert "color:#009E73'>0.10</td>" in view and "color:#D55E00'>0.30</td>" in view
    assert "1 of 2" in view and "gap 1" in view


def test_render_pair_escapes_model_names():
    prediction = PairPrediction(handmade(0.1, 0.9).pair, {"<rnn>": (0.1, 0.9)})
    assert "&lt;rnn&gt;" in render_pair(prediction) and "<rnn>" not in render_pair(prediction)


def test_format_pair_is_a_plain_text_table():
    text = format_pair(handmade(0.1, 0.9))
    lines = text.splitlines()
    assert lines[0] == "A, label 0: the plot was good but the cast was not bad"
    assert lines[1].startswith("B, label 1: ")
    assert lines[2] == ""  # a blank line between the sentences and the table
    assert lines[3].split() == ["model", "P(pos)", "A", "P(pos)", "B", "right"]
    assert lines[4].split() == ["model", "0.10", "0.90", "2", "of", "2"]
    assert "<" not in text


def test_rejects_bad_input(models, vocab):
    with pytest.raises(ValueError, match=r"family must be 'negation' or 'contrast', got 'both'"):
        predict_fresh_pair(models, vocab, "both", 1)
    with pytest.raises(ValueError, match=r"gap must be >= 0"):  # checked by make_minimal_pairs
        predict_fresh_pair(models, vocab, "contrast", -1)
    with pytest.raises(ValueError, match=r"models must be a non-empty mapping"):
        predict_fresh_pair({}, vocab, "contrast", 1)
    with pytest.raises(TypeError, match=r"prediction must be a PairPrediction"):
        render_pair({"pair": None})
    with pytest.raises(TypeError, match=r"prediction must be a PairPrediction"):
        format_pair(None)


def test_pair_explorer_wires_menu_and_sliders_to_the_view(models, vocab):
    box = pair_explorer(models, vocab, family="negation", gap=2, seed=1)
    assert isinstance(box, widgets.VBox)
    family_menu, sliders, view = box.children
    gap_slider, pair_slider = sliders.children
    assert isinstance(family_menu, widgets.Dropdown) and isinstance(view, widgets.HTML)
    assert isinstance(gap_slider, widgets.IntSlider) and isinstance(pair_slider, widgets.IntSlider)
    assert "<i>negation</i> pair with gap 2" in view.value
    gap_slider.value = 5
    assert "gap 5" in view.value
    family_menu.value = "contrast"
    assert "<i>contrast</i> pair" in view.value and "<b>but</b>" in view.value
    before = view.value
    pair_slider.value = 7
    assert view.value != before


def test_pair_explorer_rejects_bad_arguments(models, vocab):
    with pytest.raises(ValueError, match=r"gap must be <= max_gap=8, got 9"):
        pair_explorer(models, vocab, gap=9)
    with pytest.raises(ValueError, match=r"seed must be >= 0, got -1"):  # the slider would clamp
        pair_explorer(models, vocab, seed=-1)
    with pytest.raises(ValueError, match=r"gap must be >= 0, got -1"):
        pair_explorer(models, vocab, gap=-1)
    with pytest.raises(ValueError, match=r"max_gap must be >= 0, got -1"):
        pair_explorer(models, vocab, gap=0, max_gap=-1)
    with pytest.raises(ValueError, match=r"family must be 'negation' or 'contrast'"):
        pair_explorer(models, vocab, family="sarcasm")
    with pytest.raises(TypeError, match=r"models must be a mapping"):
        pair_explorer([nn.Linear(2, 2)], vocab)  # raised by the first drawing of the view


def test_pair_explorer_precomputes_both_families_every_gap_and_five_pairs(models, vocab):
    page = pair_explorer(models, vocab, family="contrast", gap=2, max_gap=2).site_html
    assert "data-states='30'" in page  # 2 families x gaps 0..2 x 5 pairs
    assert render_pair(predict_fresh_pair(models, vocab, "negation", 1, seed=4)) in page
    start = render_pair(predict_fresh_pair(models, vocab, "contrast", 2, seed=0))
    assert f"<div class='seqlab-view' data-key='1-2-0'>{start}</div>" in page  # shown
