"""The contract every sequence classifier of seqlab.models keeps, tested once for all.

``model(token_ids (B, T), lengths (B,)) -> logits (B, C)`` for a right-padded batch,
and padding never changes a prediction: not extra ``<pad>`` columns, not whatever ids
lie past a sentence's length, not the other sentences of the batch. The classifiers
are :class:`RNNClassifier` (with the book's ElmanRNN and with torch.nn.RNN),
:class:`TextCNN` and :class:`MLPClassifier`; what is particular to each is tested in
its own module's tests.
"""

from __future__ import annotations

import pytest
import torch

from seqlab.models import MLPClassifier, RNNClassifier, TextCNN

# float32 tolerances for results that are the same sums taken in another order.
FLOAT32 = {"rtol": 1e-5, "atol": 1e-6}
VOCAB, CLASSES = 20, 3

CLASSIFIERS = {
    "rnn-elman": lambda: RNNClassifier(VOCAB, num_classes=CLASSES, rnn="elman"),
    "rnn-torch": lambda: RNNClassifier(VOCAB, num_classes=CLASSES, rnn="torch"),
    # kernel widths 3 and 5 are wider than some of the sentences
    "text-cnn": lambda: TextCNN(VOCAB, num_classes=CLASSES, kernel_sizes=(2, 3, 5)),
    "mlp": lambda: MLPClassifier(VOCAB, max_len=9, num_classes=CLASSES),
}


@pytest.fixture(params=list(CLASSIFIERS))
def model(request):
    torch.manual_seed(0)
    return CLASSIFIERS[request.param]()


def _batch() -> tuple[torch.Tensor, torch.Tensor]:
    """Four right-padded sentences of lengths 6, 3, 2 and 1 (<pad> = 0)."""
    torch.manual_seed(1)
    lengths = torch.tensor([6, 3, 2, 1])
    token_ids = torch.randint(2, VOCAB, (4, 6))
    token_ids[torch.arange(6) >= lengths.unsqueeze(1)] = 0
    return token_ids, lengths


def _with_extra_padding(token_ids: torch.Tensor, extra: int) -> torch.Tensor:
    return torch.cat([token_ids, token_ids.new_zeros(token_ids.shape[0], extra)], dim=1)


def test_logits_have_one_row_per_sentence(model):
    token_ids, lengths = _batch()
    logits = model(token_ids, lengths)
    assert logits.shape == (4, CLASSES) and torch.isfinite(logits).all()


def test_logits_do_not_change_with_extra_pad_columns(model):
    token_ids, lengths = _batch()
    logits = model(token_ids, lengths)
    for extra in (1, 3):
        torch.testing.assert_close(model(_with_extra_padding(token_ids, extra), lengths),
                                   logits, **FLOAT32)


def test_batched_logits_equal_each_sentence_alone(model):
    token_ids, lengths = _batch()
    logits = model(token_ids, lengths)
    for b, length in enumerate(lengths.tolist()):
        alone = model(token_ids[b : b + 1, :length], lengths[b : b + 1])
        torch.testing.assert_close(alone[0], logits[b], **FLOAT32)


def test_ids_past_the_length_are_ignored_whatever_they_are(model):
    # A non-zero <pad> embedding too: the lengths, not padding_idx, must do the work.
    with torch.no_grad():
        model.embedding.weight[0] = torch.randn(model.embedding.weight.shape[1])
    token_ids, lengths = _batch()
    garbage = token_ids.clone()
    past_end = torch.arange(6) >= lengths.unsqueeze(1)
    garbage[past_end] = torch.randint(2, VOCAB, (int(past_end.sum()),))
    torch.testing.assert_close(model(garbage, lengths), model(token_ids, lengths), **FLOAT32)


def test_forward_checks_token_ids_and_lengths(model):
    # one representative bad call each; every message is in tests/test_checks.py
    with pytest.raises(ValueError, match="token_ids contains id 20, outside .*vocab_size=20"):
        model(torch.tensor([[1, 20]]), torch.tensor([2]))
    with pytest.raises(ValueError, match="lengths must be <= the padded length T=3, got 4"):
        model(torch.ones(2, 3, dtype=torch.long), torch.tensor([4, 1]))
