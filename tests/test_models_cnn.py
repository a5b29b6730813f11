"""Tests of seqlab.models.cnn: the hand-written conv1d and the TextCNN classifier.

The classifier contract TextCNN shares with the other classifiers (padding never
changes a prediction, the inputs are checked) is in tests/test_models_contract.py.
"""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from seqlab.models import TextCNN, conv1d_as_conv2d, conv1d_by_hand

# float32 tolerances for results that are the same sums taken in another order.
FLOAT32 = {"rtol": 1e-5, "atol": 1e-6}
VOCAB = 20


# --- conv1d_by_hand ---------------------------------------------------------------


@pytest.mark.parametrize("kernel_width", [1, 2, 3, 7])
@pytest.mark.parametrize("with_bias", [True, False])
def test_conv1d_by_hand_equals_torch_conv1d(kernel_width, with_bias):
    torch.manual_seed(0)
    x = torch.randn(2, 5, 7)  # (B, C_in, T)
    weight = torch.randn(4, 5, kernel_width)  # (C_out, C_in, k)
    bias = torch.randn(4) if with_bias else None
    out = conv1d_by_hand(x, weight, bias)
    assert out.shape == (2, 4, 7 - kernel_width + 1)
    torch.testing.assert_close(out, F.conv1d(x, weight, bias), **FLOAT32)


def test_conv1d_by_hand_gradients_equal_torch_conv1d():
    torch.manual_seed(0)
    x, weight, bias = torch.randn(2, 3, 6), torch.randn(4, 3, 2), torch.randn(4)
    grads = []
    for conv in (conv1d_by_hand, F.conv1d):
        leaves = [t.clone().requires_grad_(True) for t in (x, weight, bias)]
        conv(*leaves).pow(2).sum().backward()
        grads.append([leaf.grad for leaf in leaves])
    for by_hand, reference in zip(*grads, strict=True):
        torch.testing.assert_close(by_hand, reference, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize(("args", "error", "message"), [
    (([[[1.0, 2.0]]], torch.randn(1, 1, 1)), TypeError, "x must be a torch.Tensor, got list"),
    ((torch.randn(2, 5, 7), torch.randn(4, 5)), ValueError, "weight must have 3 dimensions"),
    ((torch.randn(2, 5, 7), torch.randn(4, 5, 2), torch.ones(4, dtype=torch.long)), TypeError,
     "bias must be a floating-point tensor"),
])
def test_conv1d_by_hand_checks_each_input(args, error, message):
    # the shared checks' messages are tested in tests/test_checks.py
    with pytest.raises(error, match=message):
        conv1d_by_hand(*args)


def test_conv1d_by_hand_rejects_channel_mismatch():
    with pytest.raises(ValueError, match=r"weight must have C_in=5 input channels like x "
                                         r"\(shape \(2, 5, 7\)\), got shape \(4, 3, 2\)"):
        conv1d_by_hand(torch.randn(2, 5, 7), torch.randn(4, 3, 2))


def test_conv1d_by_hand_rejects_kernel_wider_than_the_sequence():
    with pytest.raises(ValueError, match=r"weight's width k=4 must be <= T=3 of x"):
        conv1d_by_hand(torch.randn(2, 5, 3), torch.randn(4, 5, 4))


def test_conv1d_by_hand_rejects_bias_of_wrong_length():
    with pytest.raises(ValueError, match=r"bias must have one entry per output channel \(4\)"):
        conv1d_by_hand(torch.randn(2, 5, 7), torch.randn(4, 5, 2), torch.randn(3))


# --- conv1d_as_conv2d -------------------------------------------------------------


@pytest.mark.parametrize("kernel_width", [1, 3, 9])
@pytest.mark.parametrize("bias", [True, False])
def test_conv2d_of_height_d_equals_conv1d(kernel_width, bias):
    torch.manual_seed(0)
    conv1d = nn.Conv1d(16, 8, kernel_width, bias=bias)
    conv2d = conv1d_as_conv2d(conv1d)
    assert conv2d.kernel_size == (16, kernel_width) and conv2d.in_channels == 1
    assert conv2d.weight.shape == (8, 1, 16, kernel_width)
    x = torch.randn(2, 16, 9)  # (B, D, T)
    with torch.no_grad():
        image_out = conv2d(x.unsqueeze(1))  # (B, F, 1, T - k + 1): height 1, it slid along T only
        assert image_out.shape == (2, 8, 1, 9 - kernel_width + 1)
        torch.testing.assert_close(image_out.squeeze(2), conv1d(x), **FLOAT32)


def test_conv1d_as_conv2d_copies_the_weights():
    conv1d = nn.Conv1d(4, 2, 3)
    conv2d = conv1d_as_conv2d(conv1d)
    with torch.no_grad():
        conv1d.weight.zero_()  # a copy: changing one leaves the other
    assert conv2d.weight.abs().sum() > 0


def test_conv1d_as_conv2d_rejects_other_convolutions():
    with pytest.raises(TypeError, match="conv must be a torch.nn.Conv1d, got Conv2d"):
        conv1d_as_conv2d(nn.Conv2d(1, 2, 3))
    with pytest.raises(ValueError, match=r"conv must have stride 1, no padding or dilation, "
                                         r"1 group; got \{'stride': \(2,\)\}"):
        conv1d_as_conv2d(nn.Conv1d(4, 2, 3, stride=2))


# --- TextCNN ----------------------------------------------------------------------


def _batch() -> tuple[torch.Tensor, torch.Tensor]:
    """Four sentences, two of them shorter than the widest kernel (3)."""
    lengths = torch.tensor([6, 3, 2, 1])
    token_ids = torch.randint(2, VOCAB, (4, 6))
    token_ids[torch.arange(6) >= lengths.unsqueeze(1)] = 0  # <pad>
    return token_ids, lengths


def _with_extra_padding(token_ids: torch.Tensor, extra: int, fill: int = 0) -> torch.Tensor:
    return torch.cat([token_ids, token_ids.new_full((token_ids.shape[0], extra), fill)], dim=1)


def test_text_cnn_accepts_a_batch_shorter_than_its_widest_kernel():
    torch.manual_seed(0)
    model = TextCNN(VOCAB, kernel_sizes=(2, 4))
    token_ids, lengths = torch.tensor([[5], [7]]), torch.tensor([1, 1])
    logits = model(token_ids, lengths)
    assert logits.shape == (2, 2)
    assert torch.isfinite(logits).all()
    torch.testing.assert_close(model(_with_extra_padding(token_ids, 4), lengths), logits, **FLOAT32)


def test_text_cnn_feature_maps_have_one_map_per_kernel_width():
    torch.manual_seed(0)
    model = TextCNN(VOCAB, num_filters=5, kernel_sizes=(2, 3))
    token_ids, lengths = _batch()
    maps = model.feature_maps(token_ids, lengths)
    assert [m.shape for m in maps] == [(4, 5, 5), (4, 5, 4)]  # (B, F, T - k + 1)
    assert all((m >= 0).all() for m in maps)


def test_text_cnn_feature_maps_are_zero_at_windows_past_the_sentence():
    torch.manual_seed(0)
    model = TextCNN(VOCAB, kernel_sizes=(2, 3))
    token_ids, lengths = _batch()
    all_maps = model.feature_maps(token_ids, lengths)
    for k, maps in zip(model.kernel_sizes, all_maps, strict=True):
        for b, length in enumerate(lengths.tolist()):
            valid_windows = max(length - k + 1, 1)  # a too-short sentence keeps window 0
            assert (maps[b, :, valid_windows:] == 0).all()


def test_text_cnn_prediction_is_the_max_over_its_feature_maps():
    torch.manual_seed(0)
    model = TextCNN(VOCAB)
    token_ids, lengths = _batch()
    pooled = torch.cat([m.amax(dim=2) for m in model.feature_maps(token_ids, lengths)], dim=1)
    torch.testing.assert_close(model.head(pooled), model(token_ids, lengths), **FLOAT32)


def test_text_cnn_constructor_checks_its_arguments():
    with pytest.raises(ValueError, match="num_classes must be >= 2"):
        TextCNN(VOCAB, num_classes=1)
    with pytest.raises(ValueError, match="pad_index must be < vocab_size=20"):
        TextCNN(VOCAB, pad_index=VOCAB)


def test_text_cnn_constructor_checks_its_kernel_sizes():
    with pytest.raises(ValueError, match="kernel_sizes must contain at least one width"):
        TextCNN(VOCAB, kernel_sizes=())
    with pytest.raises(ValueError, match="kernel_sizes must be >= 1, got 0"):
        TextCNN(VOCAB, kernel_sizes=(2, 0))
    with pytest.raises(TypeError, match=r"kernel_sizes must be a sequence of int, got int"):
        TextCNN(VOCAB, kernel_sizes=3)


def test_text_cnn_feature_maps_check_their_inputs():
    with pytest.raises(TypeError, match="token_ids must be an integer tensor"):
        TextCNN(VOCAB).feature_maps(torch.ones(1, 3), torch.tensor([3]))
