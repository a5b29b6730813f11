"""Tests of seqlab.models.classifiers: the RNN classifier and the fixed-size MLP."""

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


def _with_extra_padding(token_ids: torch.Tensor, extra: int) -> torch.Tensor:
    return torch.cat([token_ids, token_ids.new_zeros(token_ids.shape[0], extra)], dim=1)


# --- RNNClassifier ----------------------------------------------------------------


@pytest.mark.parametrize("rnn", ["elman", "torch"])
def test_rnn_classifier_uses_the_requested_recurrent_layer(rnn):
    model = RNNClassifier(VOCAB, embed_dim=4, hidden_size=6, rnn=rnn)
    assert type(model.rnn) is (ElmanRNN if rnn == "elman" else nn.RNN)
    assert model.rnn.batch_first


@pytest.mark.parametrize("rnn", ["elman", "torch"])
def test_rnn_classifier_logits_do_not_change_with_extra_pad_columns(rnn):
    torch.manual_seed(0)
    model = RNNClassifier(VOCAB, num_classes=3, rnn=rnn)
    token_ids, lengths = _batch()
    logits = model(token_ids, lengths)
    assert logits.shape == (3, 3)
    for extra in (1, 4):
        torch.testing.assert_close(
            model(_with_extra_padding(token_ids, extra), lengths), logits, **FLOAT32
        )


@pytest.mark.parametrize("rnn", ["elman", "torch"])
def test_rnn_classifier_batched_logits_equal_each_sentence_alone(rnn):
    torch.manual_seed(0)
    model = RNNClassifier(VOCAB, rnn=rnn)
    token_ids, lengths = _batch()
    logits = model(token_ids, lengths)
    for b, length in enumerate(lengths.tolist()):
        alone = model(token_ids[b : b + 1, :length], lengths[b : b + 1])
        torch.testing.assert_close(alone[0], logits[b], **FLOAT32)


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


def test_rnn_classifier_rejects_unknown_rnn_kind():
    with pytest.raises(ValueError, match="rnn must be 'elman' or 'torch', got 'foo'"):
        RNNClassifier(VOCAB, rnn="foo")


def test_rnn_classifier_rejects_unknown_nonlinearity():
    with pytest.raises(ValueError, match="nonlinearity must be 'tanh' or 'relu', got 'gelu'"):
        RNNClassifier(VOCAB, nonlinearity="gelu")


def test_rnn_classifier_rejects_pad_index_outside_the_vocabulary():
    with pytest.raises(ValueError, match="pad_index must be < vocab_size=20"):
        RNNClassifier(VOCAB, pad_index=20)


def test_rnn_classifier_rejects_token_ids_of_wrong_rank():
    with pytest.raises(ValueError, match="token_ids must have 2 dimensions"):
        RNNClassifier(VOCAB)(torch.tensor([1, 2, 3]), torch.tensor([3]))


def test_rnn_classifier_rejects_non_tensor_token_ids():
    with pytest.raises(TypeError, match="token_ids must be a torch.Tensor, got list"):
        RNNClassifier(VOCAB)([[1, 2, 3]], torch.tensor([3]))


def test_rnn_classifier_rejects_lengths_longer_than_the_batch():
    with pytest.raises(ValueError, match="lengths must be <= the padded length T=3, got 4"):
        RNNClassifier(VOCAB)(torch.ones(2, 3, dtype=torch.long), torch.tensor([4, 1]))


def test_rnn_classifier_rejects_zero_lengths():
    with pytest.raises(ValueError, match="lengths must be >= 1"):
        RNNClassifier(VOCAB)(torch.ones(2, 3, dtype=torch.long), torch.tensor([3, 0]))


def test_rnn_classifier_rejects_one_length_per_wrong_batch():
    with pytest.raises(ValueError, match=r"lengths must have one entry per sequence \(2\)"):
        RNNClassifier(VOCAB)(torch.ones(2, 3, dtype=torch.long), torch.tensor([3]))


def test_rnn_classifier_rejects_ids_outside_its_vocabulary():
    with pytest.raises(ValueError, match="token_ids contains id -1, outside"):
        RNNClassifier(VOCAB)(torch.tensor([[1, -1]]), torch.tensor([2]))


# --- MLPClassifier ----------------------------------------------------------------


def test_mlp_classifier_parameter_count_grows_with_max_len():
    V, E, H, C = VOCAB, 4, 8, 3
    for max_len in (1, 5, 50):
        model = MLPClassifier(V, max_len, embed_dim=E, hidden_size=H, num_classes=C)
        expected = V * E + (max_len * E) * H + H + H * C + C
        assert sum(p.numel() for p in model.parameters()) == expected


def test_mlp_classifier_rejects_sequences_longer_than_max_len():
    model = MLPClassifier(VOCAB, max_len=5)
    with pytest.raises(ValueError, match="built for at most max_len=5 tokens, got T=6"):
        model(torch.ones(2, 6, dtype=torch.long))


def test_mlp_classifier_pads_shorter_input_to_max_len_itself():
    torch.manual_seed(0)
    model = MLPClassifier(VOCAB, max_len=8, num_classes=3)
    token_ids, lengths = _batch()
    logits = model(token_ids, lengths)
    assert logits.shape == (3, 3)
    torch.testing.assert_close(model(_with_extra_padding(token_ids, 3), lengths), logits, **FLOAT32)
    torch.testing.assert_close(model(token_ids), logits, **FLOAT32)  # lengths are optional


def test_mlp_classifier_ignores_ids_past_the_given_lengths():
    torch.manual_seed(0)
    model = MLPClassifier(VOCAB, max_len=5)
    token_ids, lengths = _batch()
    garbage = token_ids.clone()
    garbage[torch.arange(5) >= lengths.unsqueeze(1)] = 7
    torch.testing.assert_close(model(garbage, lengths), model(token_ids, lengths), **FLOAT32)


def test_mlp_classifier_is_sensitive_to_word_order():
    torch.manual_seed(0)
    model = MLPClassifier(VOCAB, max_len=3)
    forward = model(torch.tensor([[2, 3, 4]]))
    backward = model(torch.tensor([[4, 3, 2]]))
    assert not torch.allclose(forward, backward)


def test_mlp_classifier_rejects_non_tensor_token_ids():
    with pytest.raises(TypeError, match="token_ids must be a torch.Tensor, got list"):
        MLPClassifier(VOCAB, max_len=3)([[1, 2, 3]])


def test_mlp_classifier_rejects_token_ids_of_wrong_rank():
    with pytest.raises(ValueError, match="token_ids must have 2 dimensions"):
        MLPClassifier(VOCAB, max_len=3)(torch.tensor([1, 2, 3]))


def test_mlp_classifier_rejects_lengths_longer_than_the_batch():
    with pytest.raises(ValueError, match="lengths must be <= the padded length T=2, got 3"):
        MLPClassifier(VOCAB, max_len=3)(torch.ones(1, 2, dtype=torch.long), torch.tensor([3]))


def test_mlp_classifier_rejects_zero_lengths():
    with pytest.raises(ValueError, match="lengths must be >= 1"):
        MLPClassifier(VOCAB, max_len=3)(torch.ones(1, 2, dtype=torch.long), torch.tensor([0]))


def test_mlp_classifier_rejects_non_int_max_len():
    with pytest.raises(TypeError, match="max_len must be an int, got float"):
        MLPClassifier(VOCAB, max_len=5.0)
