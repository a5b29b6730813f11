"""seqlab.experiments: loaders, seeded training, minimal-pair accuracy per gap and
the spread of a measurement over seeds."""

from __future__ import annotations

import pytest
import torch

from seqlab.data import build_vocab, make_minimal_pairs
from seqlab.experiments import (
    Spread,
    accuracy_by_gap,
    evaluate_examples,
    format_accuracy,
    format_spread,
    make_loader,
    rounded_bounds,
    spread,
    spread_by_key,
    train_classifier,
)
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


def test_spread_is_mean_min_and_max():
    result = spread([0.5, 1.0, 0.75])
    assert result == Spread(0.75, 0.5, 1.0)
    assert (result.mean, result.low, result.high) == (0.75, 0.5, 1.0)
    assert spread(iter([2])) == Spread(2.0, 2.0, 2.0)


def test_spread_mean_does_not_depend_on_the_order():
    values = [0.1, 0.2, 0.3, 1e-17]
    assert spread(values).mean == spread(values[::-1]).mean


def test_spread_rejects_no_values_and_non_numbers():
    with pytest.raises(ValueError, match="at least one"):
        spread([])
    with pytest.raises(TypeError, match="values must be an iterable"):
        spread(0.5)
    with pytest.raises(TypeError, match="must be a number"):
        spread(["0.5"])
    with pytest.raises(ValueError, match="finite"):
        spread([0.5, float("nan")])


def test_spread_by_key_summarises_each_key_in_order():
    per_seed = [{3: 0.5, 0: 1.0}, {0: 1.0, 3: 0.7}, {3: 0.6, 0: 1.0}]
    result = spread_by_key(per_seed)
    assert list(result) == [3, 0]
    assert result[0] == Spread(1.0, 1.0, 1.0)
    assert result[3].low == 0.5 and result[3].high == 0.7
    assert result[3].mean == pytest.approx(0.6)


def test_spread_by_key_rejects_mismatched_keys_and_bad_input():
    with pytest.raises(ValueError, match="keys"):
        spread_by_key([{0: 1.0}, {1: 1.0}])
    with pytest.raises(ValueError, match="at least one"):
        spread_by_key([])
    with pytest.raises(TypeError, match="sequence of mappings"):
        spread_by_key({0: 1.0})
    with pytest.raises(TypeError, match=r"results\[1\] must be a mapping"):
        spread_by_key([{0: 1.0}, 1.0])


def test_format_spread_prints_mean_and_range():
    assert format_spread([0.95, 0.97, 0.99]) == "0.97 (0.95\u20130.99)"
    assert format_spread([0.5, 0.5, 0.5]) == "0.50"
    assert format_spread([0.998, 1.0, 1.0]) == "1.00"  # every seed prints 1.00
    assert format_spread([0.5, 0.6], digits=1) == "0.6 (0.5\u20130.6)"
    assert format_spread(Spread(0.5, 0.25, 0.75), digits=3) == "0.500 (0.250\u20130.750)"
    assert format_spread([1, 2], digits=0) == "2 (1\u20132)"
    with pytest.raises(ValueError, match="digits must be >= 0"):
        format_spread([0.5], digits=-1)


def test_rounded_bounds_round_outwards():
    assert rounded_bounds([0.987, 0.552]) == (0.55, 0.99)
    assert rounded_bounds([0.552, 0.6]) == (0.55, 0.6)
    assert rounded_bounds([0.57, 0.57]) == (0.57, 0.57)  # 0.57 * 100 is 56.99999...
    assert rounded_bounds([0.985, 0.995], digits=3) == (0.985, 0.995)
    assert rounded_bounds(Spread(0.6, 0.41, 0.79), digits=1) == (0.4, 0.8)
    with pytest.raises(ValueError, match="digits must be >= 0"):
        rounded_bounds([0.5], digits=-1)


def test_format_accuracy_hides_the_digits_of_chance():
    assert format_accuracy(0.47) == "~0.5"
    assert format_accuracy(0.35) == format_accuracy(0.65) == "~0.5"  # the band is closed
    assert format_accuracy(0.7) == "0.70"
    assert format_accuracy(1.0) == "1.00" and format_accuracy(0.3) == "0.30"
    assert format_accuracy(0.62, digits=3) == " ~0.5"  # as wide as "0.620"
    assert format_accuracy(0.3, chance=0.25, band=0.1) == "~0.25"
    assert format_accuracy(0.5, band=0.0) == "~0.5" and format_accuracy(0.51, band=0.0) == "0.51"


def test_format_accuracy_rejects_bad_arguments():
    with pytest.raises(TypeError, match="value must be a number"):
        format_accuracy("0.5")
    with pytest.raises(ValueError, match="band must be >= 0"):
        format_accuracy(0.5, band=-0.1)
    with pytest.raises(ValueError, match="digits must be >= 0"):
        format_accuracy(0.5, digits=-1)
