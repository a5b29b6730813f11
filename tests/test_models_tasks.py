"""Tests of seqlab.models.tasks: the one-to-one, one-to-many, synced and seq2seq models."""

from __future__ import annotations

import pytest
import torch
from torch.utils.data import DataLoader, TensorDataset

from seqlab.models import (
    ElmanRNN,
    OneToManyRNN,
    OneToOneRNN,
    RNNDecoder,
    Seq2SeqRNN,
    SequenceTagger,
)
from seqlab.train import fit

# float32 tolerances for results that are the same sums taken in another order.
FLOAT32 = {"rtol": 1e-5, "atol": 1e-6}
V, PAD, BOS, EOS = 11, 0, 1, 2


def _padded_ids(lengths: list[int], low: int = 3) -> tuple[torch.Tensor, torch.Tensor]:
    """Right-padded random ids of the given lengths, with <pad> = 0 after each."""
    lengths_t = torch.tensor(lengths)
    token_ids = torch.randint(low, V, (len(lengths), max(lengths)))
    token_ids[torch.arange(max(lengths)) >= lengths_t.unsqueeze(1)] = PAD
    return token_ids, lengths_t


def _extra_padding(token_ids: torch.Tensor, extra: int) -> torch.Tensor:
    return torch.cat([token_ids, token_ids.new_full((token_ids.shape[0], extra), PAD)], dim=1)


def _loss_drops(model, tensors, epochs=15, lr=1e-2) -> tuple[float, float]:
    loader = DataLoader(TensorDataset(*tensors), batch_size=8)
    history = fit(model, loader, epochs=epochs, lr=lr)
    return history.train_loss[0], history.train_loss[-1]


# --- one-to-one -----------------------------------------------------------------------


def test_one_to_one_maps_vectors_to_logits():
    model = OneToOneRNN(5, hidden_size=7, num_classes=3)
    assert isinstance(model.rnn, ElmanRNN)
    assert model(torch.randn(4, 5)).shape == (4, 3)


def test_one_to_one_is_an_mlp_with_one_tanh_hidden_layer():
    torch.manual_seed(0)
    model = OneToOneRNN(5, hidden_size=7)
    x = torch.randn(4, 5)
    rnn = model.rnn
    hidden = torch.tanh(x @ rnn.weight_ih_l0.T + rnn.bias_ih_l0 + rnn.bias_hh_l0)
    torch.testing.assert_close(model(x), model.head(hidden), **FLOAT32)


def test_one_to_one_never_uses_the_recurrent_weights():
    torch.manual_seed(0)
    model = OneToOneRNN(5)
    x = torch.randn(4, 5)
    before = model(x)
    with torch.no_grad():
        model.rnn.weight_hh_l0.normal_(0, 10.0)
    torch.testing.assert_close(model(x), before, rtol=0, atol=0)


def test_one_to_one_checks_its_arguments():
    # the shared checks' messages are tested in tests/test_checks.py
    with pytest.raises(ValueError, match=r"x must have shape \(B, D\) with D=5, got shape"):
        OneToOneRNN(5)(torch.randn(4, 6))
    with pytest.raises(TypeError, match="x must be a floating-point tensor"):
        OneToOneRNN(5)(torch.ones(4, 5, dtype=torch.long))
    with pytest.raises(ValueError, match="num_classes must be >= 2"):
        OneToOneRNN(5, num_classes=1)


def test_one_to_one_training_lowers_the_loss():
    torch.manual_seed(0)
    x = torch.randn(32, 5)
    first, last = _loss_drops(OneToOneRNN(5), (x, (x[:, 0] > 0).long()))
    assert last < 0.5 * first


@pytest.mark.parametrize(("build", "error", "message"), [
    (lambda: RNNDecoder(1), ValueError, "vocab_size must be >= 2"),
    (lambda: OneToManyRNN(8, 1, BOS), ValueError, "vocab_size must be >= 2"),
    (lambda: OneToManyRNN(8, V, V), ValueError, "bos_index must be < vocab_size"),
    (lambda: OneToManyRNN(8, V, BOS, EOS, pad_index=V), ValueError, "pad_index must be <"),
    (lambda: OneToManyRNN(8, V, BOS, pad_index=None), TypeError, "pad_index must be an int"),
    (lambda: SequenceTagger(V, pad_index=V), ValueError, "pad_index must be < vocab_size"),
    (lambda: Seq2SeqRNN(1, BOS, EOS), ValueError, "vocab_size must be >= 2"),
    (lambda: Seq2SeqRNN(V, V, EOS), ValueError, "bos_index must be < vocab_size"),
    (lambda: Seq2SeqRNN(V, BOS, V), ValueError, "eos_index must be < vocab_size"),
    # embed_dim is the recurrent layer's input_size: named as the caller named it
    (lambda: RNNDecoder(V, embed_dim=0), ValueError, "embed_dim must be >= 1"),
    (lambda: Seq2SeqRNN(V, BOS, EOS, embed_dim=0), ValueError, "embed_dim must be >= 1"),
    (lambda: OneToOneRNN(0), ValueError, "input_size must be >= 1"),  # by its ElmanRNN
])
def test_task_model_constructors_check_their_arguments(build, error, message):
    with pytest.raises(error, match=message):
        build()


# --- the decoder shared by one-to-many and seq2seq ------------------------------------


def test_decoder_greedy_output_is_the_argmax_of_teacher_forcing_on_its_own_output():
    torch.manual_seed(0)
    decoder = RNNDecoder(V, embed_dim=4, hidden_size=6)
    h0 = torch.randn(1, 3, 6)
    generated = decoder.generate(h0, steps=5, bos_index=BOS)
    assert generated.shape == (3, 5) and generated.dtype == torch.long
    fed_back = torch.cat([torch.full((3, 1), BOS), generated[:, :-1]], dim=1)
    assert torch.equal(decoder(fed_back, h0).argmax(-1), generated)


def test_decoder_fills_the_rest_of_a_row_with_pad_after_eos():
    torch.manual_seed(0)
    decoder = RNNDecoder(V, hidden_size=6)
    with torch.no_grad():  # make <eos> the only possible prediction
        decoder.head.bias.fill_(-100.0)
        decoder.head.bias[EOS] = 100.0
    generated = decoder.generate(torch.zeros(1, 2, 6), 4, BOS, eos_index=EOS, pad_index=PAD)
    assert generated.tolist() == [[EOS, PAD, PAD, PAD]] * 2


def test_decoder_checks_its_arguments():
    decoder = RNNDecoder(V, hidden_size=6)
    with pytest.raises(ValueError, match="decoder_inputs contains id 11"):
        decoder(torch.tensor([[1, 11]]), torch.zeros(1, 1, 6))
    with pytest.raises(ValueError, match="h0 must have shape"):  # by its ElmanRNN
        decoder(torch.tensor([[1, 3]]), torch.zeros(1, 2, 6))
    with pytest.raises(ValueError, match="pad_index must be < vocab_size"):
        RNNDecoder(V, pad_index=V)


@pytest.mark.parametrize(("args", "error", "message"), [
    ((torch.zeros(1, 1, 6), 0, BOS), ValueError, "steps must be >= 1"),
    ((torch.zeros(1, 1, 6), 3, V), ValueError, "bos_index must be < vocab_size"),
    ((torch.zeros(1, 1, 6), 3, BOS, V), ValueError, "eos_index must be < vocab_size"),
    ((torch.zeros(1, 1, 6), 3, BOS, EOS, -1), ValueError, "pad_index must be >= 0"),
    ((torch.zeros(1, 6), 3, BOS), ValueError, "h0 must have 3 dimensions"),
])
def test_decoder_generate_checks_each_argument(args, error, message):
    with pytest.raises(error, match=message):
        RNNDecoder(V, hidden_size=6).generate(*args)


# --- one-to-many ----------------------------------------------------------------------


def test_one_to_many_teacher_forcing_shapes_and_start_state():
    torch.manual_seed(0)
    model = OneToManyRNN(8, V, BOS, EOS, embed_dim=4, hidden_size=6)
    x = torch.randn(3, 8)
    assert model(x, torch.randint(0, V, (3, 5))).shape == (3, 5, V)
    h0 = model.initial_state(x)
    assert h0.shape == (1, 3, 6)
    torch.testing.assert_close(h0[0], torch.tanh(model.init(x)), **FLOAT32)


def test_one_to_many_generation_feeds_back_its_own_predictions():
    torch.manual_seed(0)
    model = OneToManyRNN(8, V, BOS)  # no <eos>: every row has all its steps
    x = torch.randn(3, 8)
    generated = model.generate(x, 6)
    assert generated.shape == (3, 6)
    fed_back = torch.cat([torch.full((3, 1), BOS), generated[:, :-1]], dim=1)
    assert torch.equal(model(x, fed_back).argmax(-1), generated)


def test_one_to_many_checks_its_arguments():
    model = OneToManyRNN(8, V, BOS, EOS)
    with pytest.raises(ValueError, match="x must have shape"):
        model(torch.randn(3, 7), torch.ones(3, 2, dtype=torch.long))
    with pytest.raises(ValueError, match=r"decoder_inputs must have one row per row of x \(3\)"):
        model(torch.randn(3, 8), torch.ones(2, 2, dtype=torch.long))
    with pytest.raises(TypeError, match="decoder_inputs must be an integer"):
        model(torch.randn(3, 8), torch.ones(3, 2))
    with pytest.raises(TypeError, match="x must be a floating-point tensor"):
        model.initial_state(torch.ones(3, 8, dtype=torch.long))
    with pytest.raises(ValueError, match="steps must be >= 1"):  # by the decoder
        model.generate(torch.randn(3, 8), 0)
    with pytest.raises(ValueError, match="x must have shape"):
        model.generate(torch.randn(3, 7), 2)
    with pytest.raises(ValueError, match="eos_index"):
        OneToManyRNN(8, V, BOS, eos_index=V)


def test_one_to_many_training_lowers_the_loss():
    torch.manual_seed(0)
    x = torch.eye(8)  # 8 one-hot inputs, each to its own 3-token sequence
    targets = torch.randint(3, V, (8, 3))
    decoder_inputs = torch.cat([torch.full((8, 1), BOS), targets[:, :-1]], dim=1)
    first, last = _loss_drops(OneToManyRNN(8, V, BOS), (x, decoder_inputs, targets))
    assert last < 0.5 * first


# --- many-to-many, synced -------------------------------------------------------------


def test_tagger_gives_one_logit_vector_per_token():
    torch.manual_seed(0)
    model = SequenceTagger(V, num_tags=3)
    token_ids, lengths = _padded_ids([5, 2, 1])
    assert model(token_ids, lengths).shape == (3, 5, 3)


def test_tagger_logits_ignore_padding_and_are_zero_there():
    torch.manual_seed(0)
    model = SequenceTagger(V)
    token_ids, lengths = _padded_ids([5, 2, 1])
    logits = model(token_ids, lengths)
    for b, length in enumerate(lengths.tolist()):
        assert (logits[b, length:] == 0).all()
        alone = model(token_ids[b : b + 1, :length], lengths[b : b + 1])
        torch.testing.assert_close(alone[0], logits[b, :length], **FLOAT32)
    longer = model(_extra_padding(token_ids, 3), lengths)
    torch.testing.assert_close(longer[:, :5], logits, **FLOAT32)


def test_tagger_checks_its_arguments():
    model = SequenceTagger(V)
    token_ids, lengths = _padded_ids([4, 2])
    with pytest.raises(ValueError, match="lengths must be <= the padded length"):
        model(token_ids, torch.tensor([5, 2]))
    with pytest.raises(ValueError, match="token_ids contains id 11"):
        model(torch.full((2, 4), V), lengths)
    with pytest.raises(ValueError, match="num_tags must be >= 2"):
        SequenceTagger(V, num_tags=1)


def test_tagger_training_lowers_the_loss():
    torch.manual_seed(0)
    token_ids, lengths = _padded_ids([6] * 16 + [3] * 16)
    tags = (token_ids % 2).masked_fill(token_ids == PAD, -100)  # tag = parity of the id
    first, last = _loss_drops(SequenceTagger(V), (token_ids, lengths, tags))
    assert last < 0.5 * first


# --- encoder-decoder ------------------------------------------------------------------


def test_seq2seq_output_length_is_the_decoders_not_the_sources():
    torch.manual_seed(0)
    model = Seq2SeqRNN(V, BOS, EOS, PAD, embed_dim=4, hidden_size=6)
    source_ids, lengths = _padded_ids([5, 3])
    assert model(source_ids, lengths, torch.ones(2, 8, dtype=torch.long)).shape == (2, 8, V)
    assert model.encode(source_ids, lengths).shape == (1, 2, 6)


def test_seq2seq_summary_is_the_encoder_state_after_the_last_real_token():
    torch.manual_seed(0)
    model = Seq2SeqRNN(V, BOS, EOS, PAD)
    source_ids, lengths = _padded_ids([5, 3, 1])
    summary = model.encode(source_ids, lengths)
    for b, length in enumerate(lengths.tolist()):
        _, h_n = model.encoder(model.embedding(source_ids[b : b + 1, :length]))
        torch.testing.assert_close(summary[:, b], h_n[:, 0], **FLOAT32)
    longer = model.encode(_extra_padding(source_ids, 4), lengths)
    torch.testing.assert_close(longer, summary, **FLOAT32)


def test_seq2seq_generation_matches_teacher_forcing_and_pads_after_eos():
    torch.manual_seed(0)
    model = Seq2SeqRNN(V, BOS, EOS, PAD, hidden_size=8)
    source_ids, lengths = _padded_ids([4, 2, 3])
    generated = model.generate(source_ids, lengths, steps=6)
    assert generated.shape == (3, 6)
    fed_back = torch.cat([torch.full((3, 1), BOS), generated[:, :-1]], dim=1)
    predicted = model(source_ids, lengths, fed_back).argmax(-1)
    for row, expected in zip(generated.tolist(), predicted.tolist(), strict=True):
        end = row.index(EOS) + 1 if EOS in row else len(row)
        assert row[:end] == expected[:end] and all(t == PAD for t in row[end:])


def test_seq2seq_checks_its_arguments():
    model = Seq2SeqRNN(V, BOS, EOS, PAD)
    source_ids, lengths = _padded_ids([4, 2])
    with pytest.raises(ValueError, match="source_lengths must have one entry"):
        model(source_ids, torch.tensor([4]), torch.ones(2, 3, dtype=torch.long))
    with pytest.raises(ValueError, match="one row per source sequence"):
        model(source_ids, lengths, torch.ones(3, 3, dtype=torch.long))
    with pytest.raises(TypeError, match="source_ids must be an integer"):
        model.encode(source_ids.float(), lengths)
    with pytest.raises(ValueError, match="decoder_inputs contains id 11"):
        model(source_ids, lengths, torch.full((2, 3), V))
    with pytest.raises(ValueError, match="steps must be >= 1"):  # by the decoder
        model.generate(source_ids, lengths, 0)
    with pytest.raises(ValueError, match="pad_index must be < vocab_size"):
        Seq2SeqRNN(V, BOS, EOS, pad_index=V)


def test_seq2seq_training_lowers_the_loss():
    torch.manual_seed(0)
    source_ids, lengths = _padded_ids([3] * 32)
    targets = torch.cat([source_ids.flip(1), torch.full((32, 1), EOS)], dim=1)  # reversed
    decoder_inputs = torch.cat([torch.full((32, 1), BOS), targets[:, :-1]], dim=1)
    model = Seq2SeqRNN(V, BOS, EOS, PAD, hidden_size=32)
    first, last = _loss_drops(model, (source_ids, lengths, decoder_inputs, targets))
    assert last < 0.5 * first
