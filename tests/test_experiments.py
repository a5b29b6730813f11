"""seqlab.experiments: loaders, seeded training and minimal-pair accuracy per gap."""

from __future__ import annotations

import pytest
import torch

from seqlab.data import build_vocab, make_minimal_pairs
from seqlab.experiments import accuracy_by_gap, evaluate_examples, make_loader, train_classifier
from seqlab.models import BagOfWordsMLP, RNNClassifier


@pytest.fixture(scope="module")
def pairs():
    return make_minimal_pairs(40, "both", gap=(0, 1), seed=0)


@pytest.fixture(scope="module")
def vocab(pairs):
    return build_vocab(pairs + make_minimal_pairs(40, "both", gap=(0, 3), seed=9))


def test_make_loader_gives_bags_of_words_to_a_bow_model(pairs, vocab):
    counts, labels = next(iter(make_loader(BagOfWordsMLP(len(vocab)), pairs, vocab, 8)))
    assert counts.shape == (8, len(vocab)) and counts.dtype == torch.float32
    assert labels.shape == (8,)


def test_make_loader_gives_ids_and_lengths_to_a_sequence_model(pairs, vocab):
    token_ids, lengths, labels = next(iter(make_loader(RNNClassifier(len(vocab)), pairs, vocab, 8)))
    assert token_ids.dim() == 2 and token_ids.shape[0] == 8
    assert lengths.shape == labels.shape == (8,)


def test_make_loader_shuffles_reproducibly(pairs, vocab):
    model = RNNClassifier(len(vocab))
    first = [b[2].tolist() for b in make_loader(model, pairs, vocab, 8, shuffle=True, seed=3)]
    again = [b[2].tolist() for b in make_loader(model, pairs, vocab, 8, shuffle=True, seed=3)]
    assert first == again


def test_make_loader_rejects_bad_arguments(pairs, vocab):
    with pytest.raises(TypeError, match="model must be a torch.nn.Module"):
        make_loader("rnn", pairs, vocab)
    with pytest.raises(ValueError, match="batch_size must be >= 1"):
        make_loader(RNNClassifier(len(vocab)), pairs, vocab, batch_size=0)


def test_train_classifier_is_reproducible_and_returns_a_history(pairs, vocab):
    histories = []
    for _ in range(2):
        torch.manual_seed(0)
        model = RNNClassifier(len(vocab), hidden_size=8)
        histories.append(train_classifier(model, pairs, vocab, epochs=2, val_examples=pairs))
    assert histories[0].epochs == 2 and len(histories[0].val_accuracy) == 2
    assert histories[0].train_loss == histories[1].train_loss


def test_bow_model_scores_exactly_half_on_minimal_pairs(pairs, vocab):
    model = BagOfWordsMLP(len(vocab))
    train_classifier(model, pairs, vocab, epochs=2)
    assert evaluate_examples(model, pairs, vocab) == 0.5


def test_accuracy_by_gap_has_one_entry_per_gap_in_order(vocab):
    model = BagOfWordsMLP(len(vocab))
    result = accuracy_by_gap(model, vocab, "contrast", [3, 0, 1], n_pairs=5)
    assert list(result) == [0, 1, 3]
    assert all(value == 0.5 for value in result.values())


def test_accuracy_by_gap_rejects_negative_gaps_and_no_pairs(vocab):
    model = BagOfWordsMLP(len(vocab))
    with pytest.raises(ValueError, match="gaps"):
        accuracy_by_gap(model, vocab, "contrast", [-1])
    with pytest.raises(ValueError, match="n_pairs must be >= 1"):
        accuracy_by_gap(model, vocab, "contrast", [0], n_pairs=0)
