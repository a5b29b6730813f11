"""seqlab.compare: same-budget training, parameter counts, per-family and per-gap accuracy."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from seqlab.compare import (
    TrainingRun,
    accuracy_by_family,
    compare_by_gap,
    count_parameters,
    predict_proba,
    train_models,
)
from seqlab.data import LECTURE_PAIR, build_vocab, make_minimal_pairs
from seqlab.experiments import accuracy_by_gap, evaluate_examples
from seqlab.models import BagOfWordsMLP, RNNClassifier, TextCNN
from seqlab.train import History


@pytest.fixture(scope="module")
def pairs():
    return make_minimal_pairs(30, "both", gap=(0, 2), seed=0)


@pytest.fixture(scope="module")
def vocab(pairs):
    # Cover the words of fresh pairs at larger gaps and of the lecture pair too.
    return build_vocab(pairs + make_minimal_pairs(60, "both", gap=(0, 3), seed=5)
                       + list(LECTURE_PAIR))


def small_models(vocab_size: int) -> dict[str, nn.Module]:
    torch.manual_seed(0)
    return {"bow": BagOfWordsMLP(vocab_size, hidden_size=8),
            "cnn": TextCNN(vocab_size, embed_dim=4, num_filters=4, kernel_sizes=(2,)),
            "rnn": RNNClassifier(vocab_size, embed_dim=4, hidden_size=4)}


# --- count_parameters -----------------------------------------------------------------


def test_count_parameters_adds_up_every_trainable_entry():
    assert count_parameters(nn.Linear(3, 2)) == 3 * 2 + 2
    assert count_parameters(BagOfWordsMLP(10, hidden_size=4)) == 10 * 4 + 4 + 4 * 2 + 2


def test_count_parameters_skips_frozen_parameters():
    layer = nn.Linear(3, 2)
    layer.bias.requires_grad_(False)
    assert count_parameters(layer) == 6


def test_count_parameters_rejects_a_non_module():
    with pytest.raises(TypeError, match="model must be a torch.nn.Module, got str"):
        count_parameters("rnn")


# --- train_models ---------------------------------------------------------------------


def test_train_models_gives_every_model_the_same_budget(pairs, vocab):
    models = small_models(len(vocab))
    runs = train_models(models, pairs, vocab, epochs=2, batch_size=16)
    assert list(runs) == ["bow", "cnn", "rnn"]
    for run in runs.values():
        assert isinstance(run, TrainingRun) and isinstance(run.history, History)
        assert run.history.epochs == 2 and run.seconds >= 0.0


def test_train_models_is_reproducible(pairs, vocab):
    losses = []
    for _ in range(2):
        runs = train_models(small_models(len(vocab)), pairs, vocab, epochs=2, batch_size=16)
        losses.append({name: run.history.train_loss for name, run in runs.items()})
    assert losses[0] == losses[1]


def test_train_models_rejects_bad_arguments(pairs, vocab):
    with pytest.raises(TypeError, match="models must be a mapping"):
        train_models([BagOfWordsMLP(len(vocab))], pairs, vocab, epochs=1)
    with pytest.raises(ValueError, match="models must name at least one model"):
        train_models({}, pairs, vocab, epochs=1)
    with pytest.raises(TypeError, match=r"models\['bow'\] must be a torch.nn.Module"):
        train_models({"bow": "mlp"}, pairs, vocab, epochs=1)
    with pytest.raises(TypeError, match="models' keys must be model names"):
        train_models({1: BagOfWordsMLP(len(vocab))}, pairs, vocab, epochs=1)
    with pytest.raises(ValueError, match="examples must not be empty"):
        train_models(small_models(len(vocab)), [], vocab, epochs=1)
    with pytest.raises(ValueError, match="epochs must be >= 1"):
        train_models(small_models(len(vocab)), pairs, vocab, epochs=0)


# --- accuracy_by_family -----------------------------------------------------------------


def test_accuracy_by_family_of_a_bow_model_is_exactly_one_half(pairs, vocab):
    model = BagOfWordsMLP(len(vocab))
    assert accuracy_by_family(model, pairs, vocab) == {"negation": 0.5, "contrast": 0.5}


def test_accuracy_by_family_matches_evaluating_each_family_alone(pairs, vocab):
    model = small_models(len(vocab))["rnn"]
    result = accuracy_by_family(model, pairs, vocab)
    for family in ("negation", "contrast"):
        members = [e for e in pairs if e.family == family]
        assert result[family] == evaluate_examples(model, members, vocab)


def test_accuracy_by_family_leaves_out_absent_families(vocab):
    only_contrast = make_minimal_pairs(4, "contrast", seed=2)
    assert list(accuracy_by_family(BagOfWordsMLP(len(vocab)), only_contrast, vocab)) == [
        "contrast"]


def test_accuracy_by_family_rejects_bad_examples(vocab):
    model = BagOfWordsMLP(len(vocab))
    with pytest.raises(TypeError, match="examples must be a list of seqlab.data.Example"):
        accuracy_by_family(model, LECTURE_PAIR[0], vocab)
    with pytest.raises(TypeError, match="examples must contain only seqlab.data.Example"):
        accuracy_by_family(model, ["the movie is good"], vocab)


# --- predict_proba -----------------------------------------------------------------------


def test_predict_proba_gives_rows_that_sum_to_one(vocab):
    for model in small_models(len(vocab)).values():
        probabilities = predict_proba(model, list(LECTURE_PAIR), vocab)
        assert probabilities.shape == (2, 2)
        torch.testing.assert_close(probabilities.sum(dim=1), torch.ones(2), rtol=0, atol=1e-6)


def test_predict_proba_of_a_bow_model_is_identical_for_the_lecture_pair(vocab):
    probabilities = predict_proba(BagOfWordsMLP(len(vocab)), list(LECTURE_PAIR), vocab)
    assert torch.equal(probabilities[0], probabilities[1])


def test_predict_proba_uses_eval_mode_and_restores_the_mode(vocab):
    model = small_models(len(vocab))["rnn"]
    model.train()
    predict_proba(model, list(LECTURE_PAIR), vocab)
    assert model.training
    model.eval()
    predict_proba(model, list(LECTURE_PAIR), vocab)
    assert not model.training


def test_predict_proba_rejects_a_non_module(vocab):
    with pytest.raises(TypeError, match="model must be a torch.nn.Module"):
        predict_proba(None, list(LECTURE_PAIR), vocab)


# --- compare_by_gap ----------------------------------------------------------------------


def test_compare_by_gap_equals_accuracy_by_gap_per_model(pairs, vocab):
    models = small_models(len(vocab))
    train_models(models, pairs, vocab, epochs=1, batch_size=16)
    exclude = [e.text for e in pairs]
    result = compare_by_gap(models, vocab, [2, 0], n_pairs=6, seed=50, exclude=exclude)
    assert list(result) == ["negation", "contrast"]
    for family, by_model in result.items():
        assert list(by_model) == ["bow", "cnn", "rnn"]
        for name, model in models.items():
            expected = accuracy_by_gap(model, vocab, family, [0, 2], n_pairs=6, seed=50,
                                       exclude=exclude)
            assert by_model[name] == expected
            assert list(by_model[name]) == [0, 2]


def test_compare_by_gap_takes_a_subset_of_families(vocab):
    result = compare_by_gap({"bow": BagOfWordsMLP(len(vocab))}, vocab, range(2),
                            families=["contrast"], n_pairs=3)
    assert result == {"contrast": {"bow": {0: 0.5, 1: 0.5}}}


def test_compare_by_gap_rejects_bad_arguments(vocab):
    models = {"bow": BagOfWordsMLP(len(vocab))}
    with pytest.raises(ValueError, match="families must contain only"):
        compare_by_gap(models, vocab, [0], families=["irony"])
    with pytest.raises(TypeError, match="families must be a sequence"):
        compare_by_gap(models, vocab, [0], families="negation")
    with pytest.raises(ValueError, match="families must name at least one family"):
        compare_by_gap(models, vocab, [0], families=[])
    with pytest.raises(ValueError, match="gaps must hold at least one gap"):
        compare_by_gap(models, vocab, [])
    with pytest.raises(TypeError, match="gaps must be an iterable of ints"):
        compare_by_gap(models, vocab, 3)
    with pytest.raises(ValueError, match=r"gaps\[...\] must be >= 0"):
        compare_by_gap(models, vocab, [-1])
    with pytest.raises(ValueError, match="n_pairs must be >= 1"):
        compare_by_gap(models, vocab, [0], n_pairs=0)
    with pytest.raises(TypeError, match="exclude must be an iterable of sentences"):
        compare_by_gap(models, vocab, [0], exclude="the movie is good")
    with pytest.raises(ValueError, match="models must name at least one model"):
        compare_by_gap({}, vocab, [0])
