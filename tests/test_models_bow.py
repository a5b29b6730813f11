"""Unit tests of seqlab.models.bow: the Bag-of-Words MLP baseline."""

from __future__ import annotations

import pytest
import torch

from seqlab.data import LECTURE_PAIR, build_vocab, make_minimal_pairs, to_bow_tensors
from seqlab.models.bow import BagOfWordsMLP


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
