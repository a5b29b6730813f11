"""Tests of seqlab.models.cnn's filter reading: a TextCNN's filters as n-gram detectors."""

from __future__ import annotations

import pytest
import torch

from seqlab.models import FilterSummary, TextCNN, ngram_activations, top_filters
from seqlab.text import Vocabulary, tokenize

TEXTS = ["the movie is not good", "the movie is good", "not the movie"]


def is_not_detector() -> tuple[TextCNN, Vocabulary]:
    """A TextCNN whose filter 0 (width 2) fires 1.0 exactly on "is not" and whose
    filter 1 never fires; filter 0 votes negative with weight difference -2."""
    vocab = Vocabulary([tokenize(text) for text in TEXTS])
    V = len(vocab)
    model = TextCNN(V, embed_dim=V, num_filters=2, kernel_sizes=(2,))
    with torch.no_grad():
        model.embedding.weight.copy_(torch.eye(V))  # one-hot embeddings: D = V
        conv = model.convs[0]
        conv.weight.zero_()
        conv.weight[0, vocab.stoi["is"], 0] = 1.0
        conv.weight[0, vocab.stoi["not"], 1] = 1.0
        conv.bias.copy_(torch.tensor([-1.0, 0.0]))
        model.head.weight.copy_(torch.tensor([[1.0, 0.5], [-1.0, 0.5]]))
        model.head.bias.zero_()
    return model, vocab


# --- ngram_activations -------------------------------------------------------------


def test_ngram_activations_lists_distinct_sorted_ngrams_with_each_filters_response():
    model, vocab = is_not_detector()
    grams, activations = ngram_activations(model, vocab, TEXTS, kernel_size=2)
    assert grams == sorted(set(grams))
    assert grams == ["is good", "is not", "movie is", "not good", "not the", "the movie"]
    assert activations.shape == (len(grams), 2)
    expected = torch.zeros(len(grams), 2)
    expected[grams.index("is not"), 0] = 1.0
    torch.testing.assert_close(activations, expected, rtol=0, atol=1e-6)


def test_ngram_activations_equal_the_feature_maps_inside_the_sentences():
    torch.manual_seed(0)
    vocab = Vocabulary([tokenize(text) for text in TEXTS])
    model = TextCNN(len(vocab), embed_dim=6, num_filters=3, kernel_sizes=(2, 3))
    for index, k in enumerate(model.kernel_sizes):
        grams, activations = ngram_activations(model, vocab, TEXTS, kernel_size=k)
        for text in TEXTS:
            tokens = tokenize(text)
            ids = torch.tensor([vocab.encode(tokens)])
            with torch.no_grad():
                maps = model.feature_maps(ids, torch.tensor([len(tokens)]))[index][0]  # (F, W)
            for start in range(len(tokens) - k + 1):
                gram = " ".join(tokens[start : start + k])
                # float32: the same window, computed in batches of different shapes
                torch.testing.assert_close(activations[grams.index(gram)], maps[:, start],
                                           rtol=1e-5, atol=1e-6)


def test_ngram_activations_and_top_filters_restore_training_mode():
    model, vocab = is_not_detector()
    model.train()
    ngram_activations(model, vocab, TEXTS, 2)
    top_filters(model, vocab, TEXTS, 2)
    assert model.training


def test_ngram_activations_rejects_bad_arguments():
    model, vocab = is_not_detector()
    with pytest.raises(TypeError, match=r"model must be a seqlab.models.TextCNN, got Linear"):
        ngram_activations(torch.nn.Linear(2, 2), vocab, TEXTS, 2)
    with pytest.raises(TypeError, match=r"vocab must be a seqlab.text.Vocabulary, got dict"):
        ngram_activations(model, {}, TEXTS, 2)
    with pytest.raises(ValueError, match=r"vocab must have vocab_size=7 entries, got 3"):
        ngram_activations(model, Vocabulary([["a"]]), TEXTS, 2)
    with pytest.raises(TypeError, match=r"texts must be a list of sentences \(str\), got str"):
        ngram_activations(model, vocab, "the movie is not good", 2)
    with pytest.raises(ValueError, match=r"texts must contain at least one sentence"):
        ngram_activations(model, vocab, [], 2)
    with pytest.raises(ValueError, match=r"kernel_size must be one of \(2,\), got 3"):
        ngram_activations(model, vocab, TEXTS, 3)
    with pytest.raises(TypeError, match=r"kernel_size must be an int"):
        ngram_activations(model, vocab, TEXTS, 2.0)  # 2.0 == 2: the type check matters
    with pytest.raises(ValueError, match=r"texts have no window of kernel_size=2 tokens"):
        ngram_activations(model, vocab, ["good", "movie"], 2)


# --- top_filters -------------------------------------------------------------------


def test_top_filters_ranks_the_is_not_detector_first_with_its_vote():
    model, vocab = is_not_detector()
    summaries = top_filters(model, vocab, TEXTS, kernel_size=2, n_filters=2, n_ngrams=3)
    assert [s.filter_index for s in summaries] == [0, 1]
    first, second = summaries
    assert isinstance(first, FilterSummary) and first.kernel_size == 2
    assert first.vote == pytest.approx(-2.0)  # head.weight[1, 0] - head.weight[0, 0]
    # pooled activation 1 in one sentence of three, times |vote| 2
    assert first.importance == pytest.approx(2 / 3)
    assert first.top_ngrams[0] == ("is not", pytest.approx(1.0))
    assert second.importance == 0.0 and second.vote == pytest.approx(0.0)
    # a filter that never fires: all activations tie at 0 and the n-grams go alphabetically
    assert [gram for gram, _ in second.top_ngrams] == ["is good", "is not", "movie is"]


def test_top_filters_breaks_importance_ties_by_filter_index_and_limits_counts():
    model, vocab = is_not_detector()
    with torch.no_grad():
        model.head.weight.zero_()  # every filter now has vote 0 and importance 0
    summaries = top_filters(model, vocab, TEXTS, kernel_size=2, n_filters=1, n_ngrams=2)
    assert len(summaries) == 1 and summaries[0].filter_index == 0
    assert len(summaries[0].top_ngrams) == 2


def test_top_filters_is_deterministic():
    torch.manual_seed(0)
    vocab = Vocabulary([tokenize(text) for text in TEXTS])
    model = TextCNN(len(vocab), embed_dim=4, num_filters=5, kernel_sizes=(2, 3))
    assert top_filters(model, vocab, TEXTS, 3) == top_filters(model, vocab, TEXTS, 3)


def test_top_filters_rejects_bad_arguments():
    model, vocab = is_not_detector()
    with pytest.raises(TypeError, match=r"model must be a seqlab.models.TextCNN"):
        top_filters(torch.nn.Linear(2, 2), vocab, TEXTS, 2)
    with pytest.raises(ValueError, match=r"n_filters must be >= 1"):
        top_filters(model, vocab, TEXTS, 2, n_filters=0)
    with pytest.raises(ValueError, match=r"n_ngrams must be >= 1"):
        top_filters(model, vocab, TEXTS, 2, n_ngrams=0)
    with pytest.raises(ValueError, match=r"texts\[1\] has no words"):
        top_filters(model, vocab, ["the movie is", "?!"], 2)
    three_classes = TextCNN(len(vocab), num_classes=3, kernel_sizes=(2,))
    with pytest.raises(ValueError, match=r"model must have 2 classes, got 3"):
        top_filters(three_classes, vocab, TEXTS, 2)
