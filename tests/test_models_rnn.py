"""Tests of seqlab.models.rnn: ElmanRNN is interchangeable with a one-layer torch.nn.RNN."""

from __future__ import annotations

import itertools
import math

import pytest
import torch
from torch import nn

from seqlab.models import ElmanRNN, last_valid, padding_mask

# float32 tolerances: both modules do the same arithmetic, only the order of a few
# additions differs (ElmanRNN adds b_ih + b_hh once), so results agree to rounding.
FLOAT32 = {"rtol": 1e-5, "atol": 1e-6}

T, B, D, H = 5, 3, 4, 6


def _pair(**kwargs) -> tuple[ElmanRNN, nn.RNN]:
    """An ElmanRNN and an nn.RNN with the same weights (copied through a state_dict)."""
    elman = ElmanRNN(D, H, **kwargs)
    reference = nn.RNN(D, H, **kwargs)
    reference.load_state_dict(elman.state_dict(), strict=True)
    return elman, reference


def _run(rnn: nn.Module, x: torch.Tensor, h0: torch.Tensor | None, upstream):
    """Outputs, h_n and the gradients of a fixed random loss w.r.t. x, h0 and parameters."""
    x = x.clone().requires_grad_(True)
    h0 = None if h0 is None else h0.clone().requires_grad_(True)
    output, h_n = rnn(x, h0)
    loss = (output * upstream[0]).sum() + (h_n * upstream[1]).sum()
    loss.backward()
    grads = {name: p.grad for name, p in rnn.named_parameters()}
    grads["x"] = x.grad
    if h0 is not None:
        grads["h0"] = h0.grad
    return output.detach(), h_n.detach(), grads


# The input layouts: batch_first only matters for batched input, so the three layouts
# cover batched x batch_first without the two unbatched cases that would repeat each other.
LAYOUTS = {"unbatched": (False, False), "time_first": (True, False), "batch_first": (True, True)}
CASES = list(itertools.product(LAYOUTS, (True, False), ("tanh", "relu"), (True, False)))


@pytest.mark.parametrize(
    "layout, with_h0, nonlinearity, bias",
    CASES,
    ids=[f"{lay}-{'h0' if h else 'no_h0'}-{nl}-{'bias' if bi else 'no_bias'}"
         for lay, h, nl, bi in CASES],
)
def test_elman_rnn_matches_torch_rnn_outputs_and_gradients(layout, with_h0, nonlinearity, bias):
    torch.manual_seed(0)
    batched, batch_first = LAYOUTS[layout]
    elman, reference = _pair(nonlinearity=nonlinearity, bias=bias, batch_first=batch_first)
    if batched:
        x = torch.randn(B, T, D) if batch_first else torch.randn(T, B, D)
        h0 = torch.randn(1, B, H) if with_h0 else None
    else:
        x = torch.randn(T, D)
        h0 = torch.randn(1, H) if with_h0 else None
    reference_output, _ = reference(x, h0)
    # Random upstream gradients, so that every output element matters differently.
    upstream = (torch.randn_like(reference_output), torch.randn((1, B, H) if batched else (1, H)))

    elman_out = _run(elman, x, h0, upstream)
    reference_out = _run(reference, x, h0, upstream)

    torch.testing.assert_close(elman_out[0], reference_out[0], **FLOAT32)  # output
    torch.testing.assert_close(elman_out[1], reference_out[1], **FLOAT32)  # h_n
    assert elman_out[2].keys() == reference_out[2].keys()
    for name in reference_out[2]:
        torch.testing.assert_close(
            elman_out[2][name], reference_out[2][name], **FLOAT32, msg=f"gradient of {name}"
        )


def test_unbatched_input_ignores_batch_first():
    torch.manual_seed(0)
    elman = ElmanRNN(D, H)
    other = ElmanRNN(D, H, batch_first=True)
    other.load_state_dict(elman.state_dict())
    x = torch.randn(T, D)
    torch.testing.assert_close(other(x)[0], elman(x)[0], rtol=0, atol=0)


@pytest.mark.parametrize("bias", [True, False])
def test_elman_rnn_has_torch_rnn_parameter_names_and_shapes(bias):
    elman, reference = ElmanRNN(D, H, bias=bias), nn.RNN(D, H, bias=bias)
    elman_shapes = {name: tuple(p.shape) for name, p in elman.named_parameters()}
    reference_shapes = {name: tuple(p.shape) for name, p in reference.named_parameters()}
    assert elman_shapes == reference_shapes
    expected = {"weight_ih_l0": (H, D), "weight_hh_l0": (H, H)}
    if bias:
        expected |= {"bias_ih_l0": (H,), "bias_hh_l0": (H,)}
    assert elman_shapes == expected
    assert list(elman.state_dict()) == list(reference.state_dict())
    # a state_dict loads in both directions
    elman.load_state_dict(reference.state_dict(), strict=True)
    reference.load_state_dict(elman.state_dict(), strict=True)


def test_elman_rnn_initialises_like_torch_rnn_from_the_same_seed():
    torch.manual_seed(123)
    elman = ElmanRNN(D, H)
    torch.manual_seed(123)
    reference = nn.RNN(D, H)
    bound = 1 / math.sqrt(H)
    for (name, p), q in zip(elman.named_parameters(), reference.parameters(), strict=True):
        torch.testing.assert_close(p, q, rtol=0, atol=0, msg=f"parameter {name}")
        assert p.abs().max() <= bound


def test_elman_rnn_output_shapes_match_torch_rnn_with_batch_first():
    torch.manual_seed(0)
    elman = ElmanRNN(D, H, batch_first=True)
    output, h_n = elman(torch.randn(B, T, D))
    assert output.shape == (B, T, H)
    assert h_n.shape == (1, B, H)  # h_n is never batch-first, as in nn.RNN
    torch.testing.assert_close(output[:, -1], h_n[0], rtol=0, atol=0)


def test_elman_rnn_unbatched_input_gives_unbatched_output():
    torch.manual_seed(0)
    output, h_n = ElmanRNN(D, H)(torch.randn(T, D))
    assert output.shape == (T, H)
    assert h_n.shape == (1, H)


def test_elman_rnn_relu_state_is_never_negative():
    torch.manual_seed(0)
    output, _ = ElmanRNN(D, H, nonlinearity="relu")(torch.randn(T, B, D))
    assert (output >= 0).all()


def test_elman_rnn_repr_names_the_configuration():
    assert repr(ElmanRNN(4, 6, nonlinearity="relu", bias=False, batch_first=True)) == (
        "ElmanRNN(4, 6, nonlinearity='relu', bias=False, batch_first=True)"
    )


# --- bad input: the checks are wired (their messages: tests/test_checks.py) --------


@pytest.mark.parametrize(("kwargs", "error", "message"), [
    ({"hidden_size": 0}, ValueError, "hidden_size must be >= 1"),
    ({"nonlinearity": "sigmoid"}, ValueError, "nonlinearity must be 'tanh' or 'relu'.*'sigmoid'"),
    ({"bias": 1}, TypeError, "bias must be a bool"),
    ({"batch_first": "yes"}, TypeError, "batch_first must be a bool"),
])
def test_elman_rnn_constructor_checks_each_argument(kwargs, error, message):
    with pytest.raises(error, match=message):
        ElmanRNN(**{"input_size": D, "hidden_size": H, **kwargs})


def test_elman_rnn_forward_checks_x():
    with pytest.raises(TypeError, match="x must be a torch.Tensor, got list"):
        ElmanRNN(D, H)([[0.0] * D] * T)


def test_elman_rnn_checks_x_against_its_input_size_and_dtype():
    with pytest.raises(ValueError, match="x must have input_size=4 features in its last"):
        ElmanRNN(D, H)(torch.randn(T, B, D + 1))
    with pytest.raises(TypeError, match="x must have the model's dtype torch.float32"):
        ElmanRNN(D, H)(torch.randn(T, B, D, dtype=torch.float64))


@pytest.mark.parametrize("batch_first", [False, True])
def test_elman_rnn_rejects_empty_sequence_on_its_time_axis(batch_first):
    x = torch.randn(B, 0, D) if batch_first else torch.randn(0, B, D)
    with pytest.raises(ValueError, match="x must have at least one time step"):
        ElmanRNN(D, H, batch_first=batch_first)(x)


@pytest.mark.parametrize(
    "x_shape, h0_shape",
    [
        ((T, B, D), (B, H)),  # missing the layer dimension
        ((T, B, D), (1, B + 1, H)),  # wrong batch size
        ((T, B, D), (1, B, H + 1)),  # wrong hidden size
        ((T, D), (1, 1, H)),  # batched h0 for unbatched x
        ((T, D), (H,)),
    ],
)
def test_elman_rnn_rejects_h0_of_wrong_shape(x_shape, h0_shape):
    symbols = r"\(1, B, H\)" if len(x_shape) == 3 else r"\(1, H\)"
    with pytest.raises(ValueError, match=f"h0 must have shape {symbols}"):
        ElmanRNN(D, H)(torch.randn(x_shape), torch.randn(h0_shape))


def test_elman_rnn_checks_h0_batch_size_against_batch_first_input():
    with pytest.raises(ValueError, match=r"h0 must have shape .*\(1, 7, 6\)"):
        ElmanRNN(D, H, batch_first=True)(torch.randn(7, T, D), torch.randn(1, T, H))


def test_elman_rnn_checks_h0_tensor_and_dtype():
    with pytest.raises(TypeError, match="h0 must be a torch.Tensor"):
        ElmanRNN(D, H)(torch.randn(T, B, D), 0.0)
    with pytest.raises(TypeError, match="h0 must have the model's dtype torch.float32"):
        ElmanRNN(D, H)(torch.randn(T, B, D), torch.zeros(1, B, H, dtype=torch.float64))


# --- last_valid and padding_mask ---------------------------------------------------


def test_last_valid_picks_the_state_at_each_sequences_last_token():
    torch.manual_seed(0)
    outputs = torch.randn(3, 4, H)
    lengths = torch.tensor([4, 1, 2])
    picked = last_valid(outputs, lengths)
    assert picked.shape == (3, H)
    for b, length in enumerate(lengths.tolist()):
        torch.testing.assert_close(picked[b], outputs[b, length - 1], rtol=0, atol=0)


def test_last_valid_checks_outputs_and_lengths_against_them():
    with pytest.raises(ValueError, match="outputs must have 3 dimensions"):
        last_valid(torch.randn(4, H), torch.tensor([1]))
    with pytest.raises(ValueError, match="lengths must be <= the padded length T=4, got 5"):
        last_valid(torch.randn(2, 4, H), torch.tensor([5, 1]))
    with pytest.raises(ValueError, match=r"source_lengths must have one entry per sequence \(2\)"):
        last_valid(torch.randn(2, 4, H), torch.tensor([1]), "source_lengths")


def test_padding_mask_marks_the_real_time_steps():
    mask = padding_mask(torch.tensor([3, 1]), 4)
    assert mask.dtype == torch.bool
    assert mask.tolist() == [[True, True, True, False], [True, False, False, False]]
