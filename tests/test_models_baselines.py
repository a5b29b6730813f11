"""Unit tests of seqlab.models.baselines: the Bag-of-Words MLP, and the count-based
bigram and n-gram character models of chapter 7."""

from __future__ import annotations

import math

import pytest
import torch

from seqlab.data import LECTURE_PAIR, build_vocab, make_minimal_pairs, to_bow_tensors
from seqlab.models.baselines import BagOfWordsMLP, BigramModel, NGramModel

# --- BagOfWordsMLP --------------------------------------------------------------------


def test_bag_of_words_mlp_maps_counts_b_v_to_logits_b_c():
    torch.manual_seed(0)
    model = BagOfWordsMLP(vocab_size=10, hidden_size=8, num_classes=3)
    logits = model(torch.rand(4, 10))
    assert logits.shape == (4, 3)
    assert logits.dtype == torch.float32


def test_bag_of_words_mlp_has_the_documented_layers():
    model = BagOfWordsMLP(vocab_size=7, hidden_size=5)
    shapes = {name: tuple(p.shape) for name, p in model.named_parameters()}
    assert shapes == {"net.0.weight": (5, 7), "net.0.bias": (5,),
                      "net.2.weight": (2, 5), "net.2.bias": (2,)}
    assert model.vocab_size == 7


def test_identical_inputs_give_identical_outputs():
    torch.manual_seed(0)
    model = BagOfWordsMLP(vocab_size=6)
    counts = torch.rand(1, 6)
    torch.testing.assert_close(model(counts.repeat(3, 1)), model(counts).repeat(3, 1),
                               rtol=1e-6, atol=1e-6)


def test_lecture_pair_gets_the_same_logits_from_a_bag_of_words_mlp():
    torch.manual_seed(0)
    vocab = build_vocab(list(LECTURE_PAIR))
    counts, labels = to_bow_tensors(list(LECTURE_PAIR), vocab)
    logits = BagOfWordsMLP(len(vocab))(counts)
    assert labels.tolist() == [1, 0]
    assert torch.equal(logits[0], logits[1])


def test_bag_of_words_mlp_cannot_separate_any_minimal_pair():
    torch.manual_seed(0)
    examples = make_minimal_pairs(20, family="both", gap=1, seed=0)
    vocab = build_vocab(examples)
    counts, labels = to_bow_tensors(examples, vocab)
    predictions = BagOfWordsMLP(len(vocab))(counts).argmax(-1)
    # same prediction for both members of each pair, opposite labels: exactly 50% correct
    assert torch.equal(predictions[0::2], predictions[1::2])
    assert (predictions == labels).float().mean().item() == 0.5


def test_bag_of_words_mlp_forward_checks_the_counts():
    model = BagOfWordsMLP(vocab_size=5)
    with pytest.raises(ValueError, match=r"counts must have 2 dimensions, got 1"):
        model(torch.rand(5))
    with pytest.raises(ValueError, match=r"counts must have one column per word of the "
                                         r"vocabulary \(vocab_size=5\), got shape \(2, 6\)"):
        model(torch.rand(2, 6))
    with pytest.raises(TypeError, match=r"counts must have the model's dtype torch.float32"):
        model(torch.ones(2, 5, dtype=torch.float64))


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"vocab_size": 0}, ValueError, r"vocab_size must be >= 1"),
        ({"vocab_size": 4, "hidden_size": 0}, ValueError, r"hidden_size must be >= 1"),
        ({"vocab_size": 4, "num_classes": 1}, ValueError, r"num_classes must be >= 2"),
    ],
)
def test_bag_of_words_mlp_constructor_checks_each_size(kwargs, error, message):
    with pytest.raises(error, match=message):
        BagOfWordsMLP(**kwargs)


# --- BigramModel, NGramModel ---------------------------------------------------------


def test_bigram_counts_and_probabilities():
    ids = torch.tensor([0, 1, 0, 1, 1, 2])
    model = BigramModel.fit(ids, vocab_size=3, alpha=0.5)
    expected_counts = torch.tensor([[0, 2, 0], [1, 1, 1], [0, 0, 0]], dtype=torch.float64)
    assert torch.equal(model.counts, expected_counts)
    torch.testing.assert_close(model.log_probs.exp().sum(dim=1),
                               torch.ones(3, dtype=torch.float64))
    # row 0: (0 + .5, 2 + .5, 0 + .5) / (2 + 1.5)
    torch.testing.assert_close(model.log_probs[0].exp(),
                               torch.tensor([0.5, 2.5, 0.5], dtype=torch.float64) / 3.5)
    # an unseen row is uniform
    torch.testing.assert_close(model.log_probs[2].exp(), torch.full((3,), 1 / 3,
                                                                    dtype=torch.float64))


def test_bigram_loss_is_the_mean_negative_log_probability():
    ids = torch.tensor([0, 1, 0, 1, 1, 2])
    model = BigramModel.fit(ids, vocab_size=3, alpha=1.0)
    held_out = torch.tensor([1, 0, 2])
    expected = -(model.log_probs[1, 0] + model.log_probs[0, 2]) / 2
    assert model.loss(held_out) == pytest.approx(float(expected))


def test_heavily_smoothed_bigram_is_at_chance_level(char_ids, char_vocab):
    model = BigramModel.fit(char_ids, len(char_vocab), alpha=1e12)
    assert model.loss(char_ids) == pytest.approx(math.log(len(char_vocab)), abs=1e-6)


def test_bigram_checks_its_arguments():
    with pytest.raises(ValueError, match="alpha must be > 0"):
        BigramModel.fit(torch.tensor([0, 1]), 2, alpha=0)
    with pytest.raises(ValueError, match="ids must hold at least order=2 characters"):
        BigramModel.fit(torch.tensor([0]), 2)
    with pytest.raises(ValueError, match=r"ids contains id 2, outside"):
        BigramModel.fit(torch.tensor([0, 2]), 2)
    with pytest.raises(TypeError, match="vocab_size must be an int"):
        BigramModel.fit(torch.tensor([0, 1]), 2.0)
    model = BigramModel.fit(torch.tensor([0, 1]), 2)
    with pytest.raises(ValueError, match="ids must hold at least order=2 characters"):
        model.loss(torch.tensor([1]))
    with pytest.raises(ValueError, match="counts must be square"):
        BigramModel(torch.zeros(2, 3), alpha=1.0)
    with pytest.raises(TypeError, match="counts must be a torch.Tensor"):
        BigramModel([[0.0]], alpha=1.0)


# --- NGramModel ---------------------------------------------------------------------


@pytest.mark.parametrize("alpha", [0.01, 0.3, 1.0])
def test_ngram_of_order_2_is_the_bigram_model(char_ids, char_vocab, alpha):
    train, held_out = char_ids[:900], char_ids[900:]
    bigram = BigramModel.fit(train, len(char_vocab), alpha)
    ngram = NGramModel.fit(train, len(char_vocab), order=2, alpha=alpha)
    assert ngram.loss(held_out) == pytest.approx(bigram.loss(held_out), rel=1e-12)
    for i in range(len(char_vocab)):
        torch.testing.assert_close(ngram.probabilities(torch.tensor([i])),
                                   bigram.log_probs[i].exp(), rtol=1e-12, atol=0.0)


def test_ngram_counts_by_hand():
    ids = torch.tensor([0, 1, 2, 0, 1, 2, 0, 1, 0])  # trigrams: 012 x2, 120 x2, 201 x2, 010
    model = NGramModel.fit(ids, vocab_size=3, order=3, alpha=0.5)
    # after "01": 0 once, 2 twice -> (1 + .5, 0 + .5, 2 + .5) / (3 + 1.5)
    expected = torch.tensor([1.5, 0.5, 2.5], dtype=torch.float64) / 4.5
    torch.testing.assert_close(model.probabilities(torch.tensor([0, 1])), expected)
    # an unseen context is uniform
    torch.testing.assert_close(model.probabilities(torch.tensor([2, 2])),
                               torch.full((3,), 1 / 3, dtype=torch.float64))
    # loss scores ids[2:], each given the two ids before it: P(2 | 01), P(2 | 12)
    held_out = torch.tensor([0, 1, 2, 2])
    expected_loss = -(math.log(2.5 / 4.5) + math.log(0.5 / 3.5)) / 2
    assert model.loss(held_out) == pytest.approx(expected_loss)


@pytest.mark.parametrize("interpolate", [False, True])
@pytest.mark.parametrize("order", [1, 2, 3, 4])
def test_ngram_probabilities_sum_to_one_for_every_context(char_ids, char_vocab, order, interpolate):
    model = NGramModel.fit(char_ids, len(char_vocab), order=order, alpha=0.1,
                           interpolate=interpolate)
    for context in (char_ids[10:10 + order - 1], torch.zeros(order - 1, dtype=torch.long)):
        probabilities = model.probabilities(context)  # one seen context, one unseen
        assert probabilities.shape == (len(char_vocab),) and bool((probabilities > 0).all())
        assert float(probabilities.sum()) == pytest.approx(1.0, abs=1e-12)


@pytest.mark.parametrize("interpolate", [False, True])
def test_ngram_loss_falls_with_the_order_on_a_repetitive_text(char_ids, char_vocab, interpolate):
    train, held_out = char_ids[:900], char_ids[900:]
    losses = [NGramModel.fit(train, len(char_vocab), order=n, alpha=0.01,
                             interpolate=interpolate).loss(held_out) for n in (2, 3, 4)]
    assert losses[0] > losses[1] > losses[2]


def test_interpolated_ngram_falls_back_on_shorter_contexts():
    ids = torch.tensor([0, 1, 2, 0, 1, 2, 0, 1, 2])  # "2" always follows "1"
    plain = NGramModel.fit(ids, 3, order=3, alpha=0.1)
    interpolated = NGramModel.fit(ids, 3, order=3, alpha=0.1, interpolate=True)
    unseen = torch.tensor([2, 1])  # "21" never occurs, but "1" does
    assert float(plain.probabilities(unseen)[2]) == pytest.approx(1 / 3)
    assert float(interpolated.probabilities(unseen)[2]) > 0.9


def test_heavily_smoothed_ngram_is_at_chance_level(char_ids, char_vocab):
    model = NGramModel.fit(char_ids, len(char_vocab), order=4, alpha=1e12)
    assert model.loss(char_ids) == pytest.approx(math.log(len(char_vocab)), abs=1e-6)


def test_ngram_fits_a_long_text_sparsely():
    generator = torch.Generator().manual_seed(0)
    ids = torch.randint(0, 100, (200_000,), generator=generator)
    model = NGramModel.fit(ids, 100, order=4)  # 10^8 possible 4-grams, at most 2 * 10^5 seen
    assert model.loss(ids[:1000]) < math.log(100)


@pytest.mark.parametrize(("kwargs", "error", "message"), [
    ({"order": 0}, ValueError, "order must be >= 1"),
    ({"order": 2.0}, TypeError, "order must be an int"),
    ({"alpha": 0.0}, ValueError, "alpha must be > 0"),
    ({"interpolate": 1}, TypeError, "interpolate must be a bool"),
    ({"vocab_size": 2.0}, TypeError, "vocab_size must be an int"),
    ({"ids": torch.tensor([0, 1])}, ValueError,
     r"ids must hold at least order=3 characters, got 2"),
    ({"ids": torch.tensor([0, 1, 5])}, ValueError, r"ids contains id 5, outside"),
    ({"vocab_size": 10 ** 7, "order": 3}, ValueError,
     r"order=3 is too high: vocab_size \*\* order must be < 2 \*\* 63"),
])
def test_ngram_fit_checks_its_arguments(kwargs, error, message):
    arguments = {"ids": torch.tensor([0, 1, 0, 1]), "vocab_size": 2, "order": 3,
                 "alpha": 1.0, **kwargs}
    with pytest.raises(error, match=message):
        NGramModel.fit(arguments.pop("ids"), arguments.pop("vocab_size"), **arguments)


def test_ngram_loss_and_probabilities_check_their_arguments():
    model = NGramModel.fit(torch.tensor([0, 1, 0, 1]), 2, order=3)
    with pytest.raises(ValueError, match=r"ids must hold at least order=3 characters"):
        model.loss(torch.tensor([0, 1]))
    with pytest.raises(ValueError, match=r"context must hold order - 1 = 2 ids, got 1"):
        model.probabilities(torch.tensor([0]))
    with pytest.raises(ValueError, match=r"context contains id 2, outside"):
        model.probabilities(torch.tensor([0, 2]))
    with pytest.raises(TypeError, match=r"context must be a torch.Tensor"):
        model.probabilities([0, 1])
    with pytest.raises(ValueError, match=r"context must have 1 dimensions, got 2"):
        model.probabilities(torch.tensor([[0, 1]]))
