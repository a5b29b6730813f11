"""Unit tests of seqlab.models.char: CharRNN, truncated BPTT training and sampling with
temperature (the count-based baselines: tests/test_models_baselines.py)."""

from __future__ import annotations

import math

import pytest
import torch
from torch import nn

from seqlab.data import CharVocab, stream_batches
from seqlab.models import (
    BigramModel,
    CharRNN,
    CharRNNHistory,
    ElmanRNN,
    evaluate_char_rnn,
    next_char_logits,
    sample,
    temperature_softmax,
    train_char_rnn,
)
from seqlab.train import History, set_seed

# --- CharRNN ------------------------------------------------------------------------


@pytest.mark.parametrize("rnn", ["elman", "torch"])
@pytest.mark.parametrize("embed_dim", [8, None])
def test_char_rnn_shapes(rnn, embed_dim):
    model = CharRNN(vocab_size=11, hidden_size=6, embed_dim=embed_dim, rnn=rnn)
    token_ids = torch.randint(0, 11, (3, 5))
    logits, h_n = model(token_ids)
    assert logits.shape == (3, 5, 11) and h_n.shape == (1, 3, 6)
    logits2, h_n2 = model(token_ids[:, :2], torch.zeros(1, 3, 6))
    assert logits2.shape == (3, 2, 11) and h_n2.shape == (1, 3, 6)
    expected_rnn = ElmanRNN if rnn == "elman" else nn.RNN
    assert isinstance(model.rnn, expected_rnn)


def test_elman_and_torch_char_rnn_build_the_same_network_from_the_same_seed():
    set_seed(0)
    elman = CharRNN(11, hidden_size=6, embed_dim=4, rnn="elman")
    set_seed(0)
    torch_rnn = CharRNN(11, hidden_size=6, embed_dim=4, rnn="torch")
    for (name_a, a), (name_b, b) in zip(elman.state_dict().items(),
                                        torch_rnn.state_dict().items(), strict=True):
        assert name_a == name_b and torch.equal(a, b)
    token_ids = torch.randint(0, 11, (2, 9))
    # float32, different summation order inside the recurrence: a few ulps apart
    torch.testing.assert_close(elman(token_ids)[0], torch_rnn(token_ids)[0],
                               rtol=1e-5, atol=1e-6)


def test_carrying_the_state_equals_reading_in_one_go():
    set_seed(0)
    model = CharRNN(7, hidden_size=5, embed_dim=3)
    token_ids = torch.randint(0, 7, (2, 10))
    whole, h_whole = model(token_ids)
    first, hidden = model(token_ids[:, :4])
    second, h_end = model(token_ids[:, 4:], hidden)
    torch.testing.assert_close(torch.cat([first, second], dim=1), whole, rtol=1e-5, atol=1e-6)
    torch.testing.assert_close(h_end, h_whole, rtol=1e-5, atol=1e-6)


def test_untrained_char_rnn_is_close_to_chance(char_vocab, char_ids):
    set_seed(0)
    model = CharRNN(len(char_vocab), hidden_size=16)
    loss, _ = evaluate_char_rnn(model, char_ids)
    assert abs(loss - math.log(len(char_vocab))) < 0.3


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"vocab_size": 1}, ValueError, "vocab_size must be >= 2"),
        ({"vocab_size": 5, "hidden_size": 0, "rnn": "torch"}, ValueError,
         "hidden_size must be >= 1"),
        ({"vocab_size": 5, "embed_dim": 0}, ValueError, "embed_dim must be >= 1"),
        ({"vocab_size": 5, "rnn": "lstm"}, ValueError, "rnn must be 'elman' or 'torch'"),
    ],
)
def test_char_rnn_rejects_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        CharRNN(**kwargs)


def test_char_rnn_forward_checks_the_token_ids():
    with pytest.raises(ValueError, match=r"token_ids contains id 5, outside .* 0..4"):
        CharRNN(5, hidden_size=4)(torch.tensor([[0, 5]]))


# --- training and evaluation ----------------------------------------------------------


def test_train_char_rnn_learns_a_repetitive_text(char_vocab, char_ids):
    set_seed(0)
    model = CharRNN(len(char_vocab), hidden_size=32, embed_dim=8)
    history = train_char_rnn(model, char_ids, seq_len=16, batch_size=4, epochs=6, lr=1e-2,
                             val_ids=char_ids[:200])
    assert isinstance(history, CharRNNHistory) and isinstance(history, History)
    assert history.epochs == 6 and len(history.val_loss) == 6
    steps_per_epoch = len(stream_batches(char_ids, 4, 16))
    assert len(history.grad_norms) == 6 * steps_per_epoch
    bigram = BigramModel.fit(char_ids, len(char_vocab), alpha=0.1).loss(char_ids[:200])
    assert history.train_loss[-1] < history.train_loss[0]
    assert history.val_loss[-1] < bigram  # the text repeats: memory beats one character


def test_train_char_rnn_is_deterministic(char_vocab, char_ids):
    def run():
        set_seed(1)
        model = CharRNN(len(char_vocab), hidden_size=8)
        return train_char_rnn(model, char_ids, seq_len=8, batch_size=2, epochs=1)

    assert run().train_loss == run().train_loss


def test_train_char_rnn_clips_the_gradient_norm(char_vocab, char_ids, monkeypatch):
    seen = []
    real = nn.utils.clip_grad_norm_

    def spy(parameters, max_norm):
        seen.append(max_norm)
        return real(parameters, max_norm)

    monkeypatch.setattr(nn.utils, "clip_grad_norm_", spy)
    set_seed(0)
    model = CharRNN(len(char_vocab), hidden_size=8)
    train_char_rnn(model, char_ids[:100], seq_len=8, batch_size=2, epochs=1, clip=0.5)
    assert seen and set(seen) == {0.5}
    seen.clear()
    history = train_char_rnn(model, char_ids[:100], seq_len=8, batch_size=2, epochs=1, clip=None)
    assert set(seen) == {math.inf} and all(n > 0 for n in history.grad_norms)


def test_train_char_rnn_carries_a_detached_state_between_chunks(char_vocab, char_ids):
    """Chunk k + 1 starts from chunk k's final state (the value), but backpropagation
    stops there: the state it receives is cut from the previous chunk's graph."""
    received = []

    class SpyRNN(CharRNN):
        def forward(self, token_ids, h0=None):
            received.append(None if h0 is None else (h0.clone(), h0.grad_fn))
            logits, h_n = super().forward(token_ids, h0)
            received.append(("out", h_n.detach().clone()))
            return logits, h_n

    set_seed(0)
    model = SpyRNN(len(char_vocab), hidden_size=8)
    train_char_rnn(model, char_ids[:81], seq_len=10, batch_size=2, epochs=1)  # 4 chunks
    starts, ends = received[0::2], received[1::2]
    assert starts[0] is None  # the epoch starts from zeros
    for (h0, grad_fn), (_, previous_end) in zip(starts[1:], ends[:-1], strict=True):
        assert grad_fn is None and not h0.requires_grad
        torch.testing.assert_close(h0, previous_end)


def test_evaluate_char_rnn_with_one_stream_scores_every_transition(char_vocab, char_ids):
    set_seed(0)
    model = CharRNN(len(char_vocab), hidden_size=8)
    loss, accuracy = evaluate_char_rnn(model, char_ids[:300], seq_len=37)
    with torch.no_grad():
        logits, _ = model(char_ids[:299].unsqueeze(0))
    expected = nn.functional.cross_entropy(logits[0], char_ids[1:300]).item()
    assert loss == pytest.approx(expected, rel=1e-5)
    assert 0 <= accuracy <= 1
    assert model.training  # restored


def test_evaluate_char_rnn_without_carried_state_restarts_every_chunk(char_vocab, char_ids):
    set_seed(0)
    model = CharRNN(len(char_vocab), hidden_size=8)
    loss, _ = evaluate_char_rnn(model, char_ids[:41], seq_len=10, carry_state=False)
    with torch.no_grad():
        chunks = char_ids[:40].view(4, 10)  # four independent chunks
        logits, _ = model(chunks)
    expected = nn.functional.cross_entropy(logits.reshape(-1, len(char_vocab)),
                                           char_ids[1:41].view(4, 10).reshape(-1)).item()
    assert loss == pytest.approx(expected, rel=1e-5)


def test_training_functions_reject_bad_input(char_vocab, char_ids):
    model = CharRNN(len(char_vocab), hidden_size=8)
    with pytest.raises(TypeError, match="model must be a seqlab.models.CharRNN"):
        train_char_rnn(nn.Linear(2, 2), char_ids, seq_len=4, batch_size=2, epochs=1)
    with pytest.raises(ValueError, match="epochs must be >= 1"):
        train_char_rnn(model, char_ids, seq_len=4, batch_size=2, epochs=0)
    with pytest.raises(ValueError, match="clip must be > 0"):
        train_char_rnn(model, char_ids, seq_len=4, batch_size=2, epochs=1, clip=0)
    with pytest.raises(ValueError, match="train_ids contains id"):
        train_char_rnn(model, char_ids + 100, seq_len=4, batch_size=2, epochs=1)
    with pytest.raises(ValueError, match="val_ids must have 1 dimensions"):
        train_char_rnn(model, char_ids, seq_len=4, batch_size=2, epochs=1,
                       val_ids=char_ids.view(1, -1))
    with pytest.raises(TypeError, match="carry_state must be a bool"):
        evaluate_char_rnn(model, char_ids, carry_state=1)
    with pytest.raises(ValueError, match="^ids contains id"):
        evaluate_char_rnn(model, char_ids + 100)
    with pytest.raises(TypeError, match="model must be a seqlab.models.CharRNN"):
        evaluate_char_rnn(nn.Linear(2, 2), char_ids)
    with pytest.raises(ValueError, match="lr must be > 0"):
        train_char_rnn(model, char_ids, seq_len=4, batch_size=2, epochs=1, lr=0)


# --- temperature and sampling ---------------------------------------------------------


def test_temperature_one_is_the_softmax_and_entropy_grows_with_temperature():
    logits = torch.tensor([2.0, 1.0, 0.5, -1.0])
    torch.testing.assert_close(temperature_softmax(logits, 1.0), torch.softmax(logits, 0))

    def entropy(p):
        return float(-(p * p.log()).sum())

    entropies = [entropy(temperature_softmax(logits, t)) for t in (0.25, 0.5, 1.0, 2.0, 8.0)]
    assert entropies == sorted(entropies)
    assert temperature_softmax(logits, 0.01)[0] == pytest.approx(1.0)  # -> the argmax
    torch.testing.assert_close(temperature_softmax(logits, 1e6), torch.full((4,), 0.25),
                               rtol=0, atol=1e-5)  # -> uniform


def test_temperature_softmax_checks_its_arguments():
    with pytest.raises(ValueError, match="temperature must be > 0"):
        temperature_softmax(torch.zeros(3), 0)
    with pytest.raises(TypeError, match="logits must be a floating-point tensor"):
        temperature_softmax(torch.zeros(3, dtype=torch.long), 1.0)


@pytest.fixture
def small_model(char_vocab):
    set_seed(0)
    return CharRNN(len(char_vocab), hidden_size=8)


def test_sample_is_reproducible_with_a_seed(small_model, char_vocab):
    first = sample(small_model, char_vocab, "def ", 40, temperature=1.0, generator=3)
    again = sample(small_model, char_vocab, "def ", 40, temperature=1.0,
                   generator=torch.Generator().manual_seed(3))
    other = sample(small_model, char_vocab, "def ", 40, temperature=1.0, generator=4)
    assert first == again and first != other
    assert first.startswith("def ") and len(first) == 44
    assert set(first) <= set(char_vocab.itos)


def test_sample_at_low_temperature_is_greedy(small_model, char_vocab):
    text = "re"
    for _ in range(10):
        logits = next_char_logits(small_model, char_vocab, text)
        text += char_vocab.itos[int(logits.argmax())]
    greedy = text
    for seed in range(3):
        assert sample(small_model, char_vocab, "re", 10, temperature=1e-4, generator=seed) == greedy


def test_next_char_logits_is_the_last_step_of_forward(small_model, char_vocab):
    prompt = "return a"
    logits, _ = small_model(torch.tensor([char_vocab.encode(prompt)]))
    torch.testing.assert_close(next_char_logits(small_model, char_vocab, prompt), logits[0, -1])


def test_sample_checks_its_arguments(small_model, char_vocab):
    with pytest.raises(ValueError, match="temperature must be > 0"):
        sample(small_model, char_vocab, "def", 5, temperature=0.0)
    with pytest.raises(ValueError, match="start must contain at least one character"):
        sample(small_model, char_vocab, "", 5)
    with pytest.raises(ValueError, match=r"start: text contains characters not in the vocabulary"):
        sample(small_model, char_vocab, "Z", 5)
    with pytest.raises(ValueError, match="length must be >= 1"):
        sample(small_model, char_vocab, "d", 0)
    with pytest.raises(TypeError, match="generator must be a torch.Generator"):
        sample(small_model, char_vocab, "d", 5, generator="seed")
    with pytest.raises(ValueError, match="generator must be >= 0"):
        sample(small_model, char_vocab, "d", 5, generator=-1)
    with pytest.raises(TypeError, match="start must be a str, got list"):
        sample(small_model, char_vocab, ["d"], 5)
    with pytest.raises(TypeError, match="vocab must be a seqlab.data.CharVocab"):
        sample(small_model, char_vocab.itos, "d", 5)
    with pytest.raises(ValueError, match="vocab has 3 characters, the model"):
        sample(small_model, CharVocab("def"), "d", 5)
    with pytest.raises(TypeError, match="model must be a seqlab.models.CharRNN"):
        sample(nn.Linear(2, 2), char_vocab, "d", 5)


def test_next_char_logits_checks_its_arguments(small_model, char_vocab):
    with pytest.raises(ValueError, match="prompt must contain at least one character"):
        next_char_logits(small_model, char_vocab, "")


def test_sampling_and_scoring_restore_the_training_mode(small_model, char_vocab, char_ids):
    small_model.train()
    sample(small_model, char_vocab, "d", 3, generator=0)
    next_char_logits(small_model, char_vocab, "d")
    evaluate_char_rnn(small_model, char_ids[:50], seq_len=10)
    assert small_model.training
