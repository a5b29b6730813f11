"""seqlab.experiments: loaders, seeded and same-budget training, parameter counts,
scores (all through seqlab.train's one prediction routine): per family, per gap and
per model, class probabilities, and the spread of a measurement over seeds."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from seqlab import experiments, train
from seqlab.data import LECTURE_PAIR, build_vocab, make_minimal_pairs
from seqlab.experiments import (
    Spread,
    TrainingRun,
    accuracy_by_family,
    accuracy_by_gap,
    compare_by_gap,
    count_parameters,
    evaluate_examples,
    format_accuracy,
    format_spread,
    make_loader,
    predict_proba,
    rounded_bounds,
    spread,
    spread_by_key,
    train_classifier,
    train_models,
)
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


def test_every_name_in_all_exists():
    assert all(hasattr(experiments, name) for name in experiments.__all__)


# --- make_loader ----------------------------------------------------------------------


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


# --- count_parameters / train_classifier / train_models -------------------------------


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


def test_train_classifier_is_reproducible_and_returns_a_history(pairs, vocab):
    histories = []
    for _ in range(2):
        torch.manual_seed(0)
        model = RNNClassifier(len(vocab), hidden_size=8)
        histories.append(train_classifier(model, pairs, vocab, epochs=2, val_examples=pairs))
    assert histories[0].epochs == 2 and len(histories[0].val_accuracy) == 2
    assert histories[0].train_loss == histories[1].train_loss


def test_train_classifier_rejects_bad_arguments(pairs, vocab):
    with pytest.raises(ValueError, match="batch_size must be >= 1"):
        train_classifier(RNNClassifier(len(vocab)), pairs, vocab, epochs=1, batch_size=0)
    with pytest.raises(TypeError, match="model must be a torch.nn.Module"):  # by fit
        train_classifier("rnn", pairs, vocab, epochs=1)


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


def test_train_models_rejects_bad_arguments_before_training(pairs, vocab):
    models = small_models(len(vocab))
    before = {name: [p.detach().clone() for p in m.parameters()] for name, m in models.items()}
    with pytest.raises(ValueError, match="models must be a non-empty mapping"):
        train_models({}, pairs, vocab, epochs=1)
    with pytest.raises(ValueError, match="examples must contain at least one"):  # seqlab.data
        train_models(models, [], vocab, epochs=1)
    with pytest.raises(ValueError, match="epochs must be >= 1"):  # by fit
        train_models(models, pairs, vocab, epochs=0)
    for name, model in models.items():
        assert all(torch.equal(a, b) for a, b in zip(before[name], model.parameters(), strict=True))


# --- scores: one path -----------------------------------------------------------------

SCORES = {
    "evaluate_examples": lambda m, pairs, vocab: evaluate_examples(m, pairs, vocab),
    "accuracy_by_family": lambda m, pairs, vocab: accuracy_by_family(m, pairs, vocab),
    "accuracy_by_gap": lambda m, pairs, vocab: accuracy_by_gap(m, vocab, "contrast", [0, 1],
                                                                n_pairs=3),
    "compare_by_gap": lambda m, pairs, vocab: compare_by_gap({"m": m}, vocab, [0], n_pairs=3),
    "predict_proba": lambda m, pairs, vocab: predict_proba(m, pairs, vocab),
}


@pytest.mark.parametrize("name", SCORES)
def test_every_score_goes_through_the_one_prediction_routine(name, pairs, vocab, monkeypatch):
    calls = []
    routine = train._logits

    def counted(model, inputs, device):
        calls.append(model.training)
        return routine(model, inputs, device)

    monkeypatch.setattr(train, "_logits", counted)
    model = small_models(len(vocab))["rnn"].train()
    SCORES[name](model, pairs, vocab)
    assert calls and model.training  # evaluated there, then given back in training mode


@pytest.mark.parametrize("name", SCORES)
def test_every_score_rejects_a_non_module(name, pairs, vocab):
    with pytest.raises(TypeError, match=r"model(s\['m'\])? must be a torch.nn.Module"):
        SCORES[name]("rnn", pairs, vocab)


def test_bow_model_scores_exactly_half_on_minimal_pairs(pairs, vocab):
    model = BagOfWordsMLP(len(vocab))
    train_classifier(model, pairs, vocab, epochs=2)
    assert evaluate_examples(model, pairs, vocab) == 0.5
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


@pytest.mark.parametrize(
    ("examples", "error", "message"),
    [
        (LECTURE_PAIR[0], TypeError, "examples must be a list of seqlab.data.Example"),
        (["the movie is good"], TypeError, "examples must contain only Example, found str"),
        ([], ValueError, "examples must contain at least one example"),
    ],
)
def test_accuracy_by_family_rejects_bad_examples(examples, error, message, vocab):
    with pytest.raises(error, match=message):
        accuracy_by_family(BagOfWordsMLP(len(vocab)), examples, vocab)


def test_predict_proba_is_the_softmax_of_the_models_logits(vocab):
    for model in small_models(len(vocab)).values():
        probabilities = predict_proba(model, list(LECTURE_PAIR), vocab)
        assert probabilities.shape == (2, 2)
        loader = make_loader(model, list(LECTURE_PAIR), vocab, batch_size=2)
        *inputs, _ = next(iter(loader))
        with torch.no_grad():
            expected = torch.softmax(model.eval()(*inputs), dim=-1)
        torch.testing.assert_close(probabilities, expected, rtol=0, atol=0)
        torch.testing.assert_close(probabilities.sum(dim=1), torch.ones(2), rtol=0, atol=1e-6)


def test_predict_proba_of_a_bow_model_is_identical_for_the_lecture_pair(vocab):
    probabilities = predict_proba(BagOfWordsMLP(len(vocab)), list(LECTURE_PAIR), vocab)
    assert torch.equal(probabilities[0], probabilities[1])


def test_accuracy_by_gap_has_one_entry_per_gap_in_order(vocab):
    model = BagOfWordsMLP(len(vocab))
    result = accuracy_by_gap(model, vocab, "contrast", [3, 0, 1], n_pairs=5)
    assert list(result) == [0, 1, 3]
    assert all(value == 0.5 for value in result.values())


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"gaps": []}, ValueError, "gaps must contain at least one gap"),
        ({"gaps": 3}, TypeError, "gaps must be an iterable of ints"),
        ({"gaps": [-1]}, ValueError, r"gaps\[...\] must be >= 0"),
        ({"n_pairs": 0}, ValueError, "n_pairs must be >= 1"),  # by make_minimal_pairs
        ({"exclude": "the movie is good"}, TypeError, "exclude must be an iterable of sentences"),
    ],
)
def test_accuracy_by_gap_rejects_bad_arguments(kwargs, error, message, vocab):
    arguments = {"gaps": [0], "n_pairs": 3, **kwargs}
    with pytest.raises(error, match=message):
        accuracy_by_gap(BagOfWordsMLP(len(vocab)), vocab, "contrast", **arguments)


def test_accuracy_by_gap_reads_a_generator_of_exclude_once_for_every_gap(vocab, monkeypatch):
    received = []
    real = experiments.make_minimal_pairs

    def recorded(n_pairs, family, **kwargs):
        received.append(list(kwargs["exclude"]))
        return real(n_pairs, family, **kwargs)

    monkeypatch.setattr(experiments, "make_minimal_pairs", recorded)
    sentences = ["the acting was good but the plot was bad"]
    accuracy_by_gap(BagOfWordsMLP(len(vocab)), vocab, "contrast", [0, 1], n_pairs=2,
                    exclude=(sentence for sentence in sentences))
    assert received == [sentences, sentences]


def test_compare_by_gap_equals_accuracy_by_gap_per_model(pairs, vocab):
    models = small_models(len(vocab))
    train_models(models, pairs, vocab, epochs=1, batch_size=16)
    exclude = [e.text for e in pairs]
    result = compare_by_gap(models, vocab, [2, 0], n_pairs=6, seed=50, exclude=iter(exclude))
    assert list(result) == ["negation", "contrast"]
    for family, by_model in result.items():
        assert list(by_model) == ["bow", "cnn", "rnn"]
        for name, model in models.items():
            expected = accuracy_by_gap(model, vocab, family, [0, 2], n_pairs=6, seed=50,
                                       exclude=exclude)
            assert by_model[name] == expected
            assert list(by_model[name]) == [0, 2]


def test_compare_by_gap_draws_the_pairs_once_for_all_models(vocab, monkeypatch):
    drawn = []
    real = experiments.make_minimal_pairs

    def counted(n_pairs, family, **kwargs):
        drawn.append((family, kwargs["gap"]))
        return real(n_pairs, family, **kwargs)

    monkeypatch.setattr(experiments, "make_minimal_pairs", counted)
    compare_by_gap(small_models(len(vocab)), vocab, range(3), n_pairs=3)
    assert sorted(drawn) == sorted((f, g) for f in ("negation", "contrast") for g in range(3))


def test_compare_by_gap_takes_a_subset_of_families(vocab):
    result = compare_by_gap({"bow": BagOfWordsMLP(len(vocab))}, vocab, range(2),
                            families=["contrast"], n_pairs=3)
    assert result == {"contrast": {"bow": {0: 0.5, 1: 0.5}}}


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"families": ["irony"]}, ValueError,
         r"families\[...\] must be 'negation' or 'contrast', got 'irony'"),
        ({"families": "negation"}, TypeError, "families must be a sequence"),
        ({"families": []}, ValueError, "families must contain at least one family"),
        ({"gaps": []}, ValueError, "gaps must contain at least one gap"),
        ({"models": {}}, ValueError, "models must be a non-empty mapping"),
    ],
)
def test_compare_by_gap_rejects_bad_arguments(kwargs, error, message, vocab):
    arguments = {"models": {"bow": BagOfWordsMLP(len(vocab))}, "vocab": vocab, "gaps": [0],
                 **kwargs}
    with pytest.raises(error, match=message):
        compare_by_gap(**arguments)


# --- spread over seeds ----------------------------------------------------------------


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
    with pytest.raises(TypeError, match="chance must be a number"):
        format_accuracy(0.5, chance="half")
    with pytest.raises(ValueError, match="band must be >= 0"):
        format_accuracy(0.5, band=-0.1)
    with pytest.raises(ValueError, match="digits must be >= 0"):
        format_accuracy(0.5, digits=-1)
