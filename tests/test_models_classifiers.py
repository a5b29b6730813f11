"""Tests of seqlab.models.classifiers: the RNN classifier and the fixed-size MLP.

The contract both keep (logits per sentence, padding never matters, the inputs are
checked) is tested once for every classifier in tests/test_models_contract.py;
this file tests what is particular to each.
"""

from __future__ import annotations

import pytest
import torch
from torch import nn

from seqlab.models import ElmanRNN, MLPClassifier, RNNClassifier

# float32 tolerances for results that are the same sums taken in another order.
FLOAT32 = {"rtol": 1e-5, "atol": 1e-6}
VOCAB = 20


def _batch() -> tuple[torch.Tensor, torch.Tensor]:
    """Three right-padded sentences of lengths 5, 2 and 1."""
    lengths = torch.tensor([5, 2, 1])
    token_ids = torch.randint(2, VOCAB, (3, 5))
    token_ids[torch.arange(5) >= lengths.unsqueeze(1)] = 0  # <pad>
    return token_ids, lengths


# --- RNNClassifier ----------------------------------------------------------------


@pytest.mark.parametrize("rnn", ["elman", "torch"])
def test_rnn_classifier_uses_the_requested_recurrent_layer(rnn):
    model = RNNClassifier(VOCAB, embed_dim=4, hidden_size=6, rnn=rnn)
    assert type(model.rnn) is (ElmanRNN if rnn == "elman" else nn.RNN)
    assert model.rnn.batch_first


def test_rnn_classifier_gives_the_same_logits_with_elman_and_torch_rnn():
    torch.manual_seed(0)
    elman = RNNClassifier(VOCAB, rnn="elman", nonlinearity="relu")
    reference = RNNClassifier(VOCAB, rnn="torch", nonlinearity="relu")
    reference.load_state_dict(elman.state_dict(), strict=True)  # same parameter names
    token_ids, lengths = _batch()
    torch.testing.assert_close(elman(token_ids, lengths), reference(token_ids, lengths), **FLOAT32)


def test_rnn_classifier_hidden_states_are_the_rnn_outputs_zeroed_past_the_length():
    torch.manual_seed(0)
    model = RNNClassifier(VOCAB, embed_dim=4, hidden_size=6)
    token_ids, lengths = _batch()
    states = model.hidden_states(token_ids, lengths)
    assert states.shape == (3, 5, 6)  # (B, T, H)
    outputs, _ = model.rnn(model.embedding(token_ids))
    for b, length in enumerate(lengths.tolist()):
        torch.testing.assert_close(states[b, :length], outputs[b, :length], rtol=0, atol=0)
        assert (states[b, length:] == 0).all()


def test_rnn_classifier_prediction_reads_the_last_real_hidden_state():
    torch.manual_seed(0)
    model = RNNClassifier(VOCAB)
    token_ids, lengths = _batch()
    states = model.hidden_states(token_ids, lengths)
    last = states[torch.arange(3), lengths - 1]  # (B, H)
    torch.testing.assert_close(model.head(last), model(token_ids, lengths), **FLOAT32)


@pytest.mark.parametrize(("kwargs", "error", "message"), [
    ({"rnn": "foo"}, ValueError, "rnn must be 'elman' or 'torch', got 'foo'"),
    ({"pad_index": 20}, ValueError, "pad_index must be < vocab_size=20"),
    ({"num_classes": 1}, ValueError, "num_classes must be >= 2"),
    ({"embed_dim": 0}, ValueError, "embed_dim must be >= 1"),
])
def test_rnn_classifier_constructor_checks_each_argument(kwargs, error, message):
    with pytest.raises(error, match=message):
        RNNClassifier(VOCAB, **kwargs)


@pytest.mark.parametrize(("rnn", "message"), [
    ("elman", "nonlinearity must be 'tanh' or 'relu', got 'gelu'"),
    ("torch", "Unknown nonlinearity 'gelu'"),  # torch.nn.RNN's own check
])
def test_rnn_classifier_nonlinearity_is_checked_by_the_recurrent_layer(rnn, message):
    with pytest.raises(ValueError, match=message):
        RNNClassifier(VOCAB, rnn=rnn, nonlinearity="gelu")


def test_rnn_classifier_hidden_states_checks_the_lengths():
    with pytest.raises(ValueError, match="lengths must be >= 1"):
        RNNClassifier(VOCAB).hidden_states(torch.ones(2, 3, dtype=torch.long),
                                           torch.tensor([3, 0]))


# --- MLPClassifier ----------------------------------------------------------------


def test_mlp_classifier_parameter_count_grows_with_max_len():
    V, D, H, C = VOCAB, 4, 8, 3
    for max_len in (1, 5, 50):
        model = MLPClassifier(V, max_len, embed_dim=D, hidden_size=H, num_classes=C)
        expected = V * D + (max_len * D) * H + H + H * C + C
        assert sum(p.numel() for p in model.parameters()) == expected


def test_mlp_classifier_rejects_sequences_longer_than_max_len():
    model = MLPClassifier(VOCAB, max_len=5)
    with pytest.raises(ValueError, match="T must be <= max_len=5, the positions the MLP has "
                                         "weights for, got T=6"):
        model(torch.ones(2, 6, dtype=torch.long))


def test_mlp_classifier_lengths_are_optional():
    torch.manual_seed(0)
    model = MLPClassifier(VOCAB, max_len=8, num_classes=3)
    token_ids, lengths = _batch()
    torch.testing.assert_close(model(token_ids), model(token_ids, lengths), **FLOAT32)


def test_mlp_classifier_is_sensitive_to_word_order():
    torch.manual_seed(0)
    model = MLPClassifier(VOCAB, max_len=3)
    forward = model(torch.tensor([[2, 3, 4]]))
    backward = model(torch.tensor([[4, 3, 2]]))
    assert not torch.allclose(forward, backward)


@pytest.mark.parametrize(("kwargs", "error", "message"), [
    ({"max_len": 5.0}, TypeError, "max_len must be an int, got float"),
    ({"num_classes": 1}, ValueError, "num_classes must be >= 2"),
    ({"pad_index": 20}, ValueError, "pad_index must be < vocab_size=20"),
])
def test_mlp_classifier_constructor_checks_each_argument(kwargs, error, message):
    with pytest.raises(error, match=message):
        MLPClassifier(VOCAB, **{"max_len": 5, **kwargs})
