"""Unit tests of seqlab.models.bptt: unrolling, per-step gradients, spectral radius."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from seqlab.models import (
    ElmanRNN,
    hidden_state_grad_norms,
    hidden_state_grads,
    set_spectral_radius,
    spectral_radius,
    unroll,
)

# float32 defaults of torch.testing.assert_close, written out.
RTOL, ATOL = 1.3e-6, 1e-5


def make_rnn(input_size: int = 3, hidden_size: int = 5, seed: int = 0, **kwargs) -> ElmanRNN:
    torch.manual_seed(seed)
    return ElmanRNN(input_size, hidden_size, **kwargs)


def manual_state_grads(rnn: ElmanRNN, x: torch.Tensor, loss_fn) -> torch.Tensor:
    """dL/dh^(t) by autograd on states kept with retain_grad (the textbook way)."""
    states = []
    hidden = torch.zeros(rnn.hidden_size)
    for x_t in x:
        hidden = torch.tanh(rnn.weight_ih_l0 @ x_t + rnn.bias_ih_l0
                            + rnn.weight_hh_l0 @ hidden + rnn.bias_hh_l0)
        hidden.retain_grad()
        states.append(hidden)
    loss_fn(torch.stack(states)).backward()
    return torch.stack([state.grad for state in states])


# --- unroll ----------------------------------------------------------------------------


@pytest.mark.parametrize("nonlinearity", ["tanh", "relu"])
def test_unroll_states_equal_the_modules_output(nonlinearity):
    rnn = make_rnn(nonlinearity=nonlinearity)
    x = torch.randn(7, 3)
    states = unroll(rnn, x)
    assert len(states) == 7 and all(state.shape == (5,) for state in states)
    torch.testing.assert_close(torch.stack(states), rnn(x)[0], rtol=RTOL, atol=ATOL)


def test_unroll_reads_batch_first_input_and_torch_rnn_weights():
    reference = nn.RNN(3, 5, batch_first=False)
    x = torch.randn(2, 6, 3)  # (B, T, D): batch-first here whatever the module says
    states = unroll(reference, x)
    assert len(states) == 6 and states[0].shape == (2, 5)
    expected, _ = reference(x.transpose(0, 1))  # nn.RNN wants (T, B, D)
    torch.testing.assert_close(torch.stack(states, dim=1), expected.transpose(0, 1),
                               rtol=RTOL, atol=ATOL)


def test_unroll_linear_is_the_recurrence_without_activation():
    rnn = make_rnn(bias=False)
    x = torch.randn(4, 3)
    states = unroll(rnn, x, nonlinearity="linear")
    hidden = torch.zeros(5)
    for t in range(4):
        hidden = rnn.weight_ih_l0 @ x[t] + rnn.weight_hh_l0 @ hidden
        torch.testing.assert_close(states[t], hidden, rtol=RTOL, atol=ATOL)


def test_unroll_builds_a_graph_inside_no_grad_and_with_frozen_weights():
    rnn = make_rnn().requires_grad_(False)
    with torch.no_grad():
        states = unroll(rnn, torch.randn(3, 3))
    assert all(state.requires_grad for state in states)


def test_unroll_rejects_bad_input():
    rnn = make_rnn()
    with pytest.raises(TypeError, match=r"rnn must be a seqlab.models.ElmanRNN or a torch.nn.RNN"):
        unroll(nn.LSTM(3, 5), torch.randn(4, 3))
    with pytest.raises(ValueError, match=r"rnn must have 1 layer, 1 direction"):
        unroll(nn.RNN(3, 5, num_layers=2), torch.randn(4, 3))
    with pytest.raises(ValueError, match=r"x must have input_size=3 features"):
        unroll(rnn, torch.randn(4, 2))
    with pytest.raises(ValueError, match=r"x must have at least one time step"):
        unroll(rnn, torch.randn(2, 0, 3))  # (B, T, D): time is the second-to-last axis
    with pytest.raises(TypeError, match=r"x must have the model's dtype"):
        unroll(rnn, torch.randn(4, 3, dtype=torch.float64))
    with pytest.raises(ValueError, match=r"nonlinearity must be 'tanh', 'relu', 'linear' or None"):
        unroll(rnn, torch.randn(4, 3), nonlinearity="sigmoid")


# --- hidden_state_grads / hidden_state_grad_norms ---------------------------------------


def test_grad_norms_have_one_entry_per_time_step_and_match_manual_autograd():
    rnn = make_rnn()
    x = torch.randn(8, 3)
    head = nn.Linear(5, 2)

    def loss_fn(hidden):
        return nn.functional.cross_entropy(head(hidden[-1]), torch.tensor(1))

    norms = hidden_state_grad_norms(rnn, x, loss_fn)
    assert norms.shape == (8,) and not norms.requires_grad
    expected = manual_state_grads(rnn, x, loss_fn)
    torch.testing.assert_close(hidden_state_grads(rnn, x, loss_fn), expected,
                               rtol=RTOL, atol=ATOL)
    torch.testing.assert_close(norms, expected.norm(dim=1), rtol=RTOL, atol=ATOL)


def test_default_loss_is_the_sum_of_the_last_state():
    rnn = make_rnn()
    grads = hidden_state_grads(rnn, torch.randn(6, 3))
    torch.testing.assert_close(grads[-1], torch.ones(5))
    torch.testing.assert_close(hidden_state_grad_norms(rnn, torch.randn(6, 3))[-1],
                               torch.tensor(5.0).sqrt())


def test_grads_of_a_loss_on_every_step_add_the_direct_part():
    # With L = sum of all states, dL/dh^(T) is still ones, but earlier steps get
    # their own direct 1 plus what flows back from later steps.
    rnn = make_rnn()
    x = torch.randn(5, 3)
    expected = manual_state_grads(rnn, x, lambda hidden: hidden.sum())
    grads = hidden_state_grads(rnn, x, lambda hidden: hidden.sum())
    torch.testing.assert_close(grads, expected, rtol=RTOL, atol=ATOL)
    assert not torch.allclose(grads[0], torch.ones(5))


def test_batched_grad_norms_take_the_norm_over_batch_and_units():
    rnn = make_rnn()
    x = torch.randn(4, 6, 3)  # (B, T, D)
    grads = hidden_state_grads(rnn, x)
    assert grads.shape == (4, 6, 5)
    per_sequence = torch.stack([hidden_state_grads(rnn, x[b]) for b in range(4)])
    torch.testing.assert_close(grads, per_sequence, rtol=RTOL, atol=ATOL)
    norms = hidden_state_grad_norms(rnn, x)
    assert norms.shape == (6,)
    torch.testing.assert_close(norms, grads.pow(2).sum(dim=(0, 2)).sqrt(), rtol=RTOL, atol=ATOL)


def test_linear_recurrence_with_scaled_orthogonal_weight_gives_rho_powers():
    rnn = make_rnn(hidden_size=6).double()
    orthogonal, _ = torch.linalg.qr(torch.randn(6, 6, dtype=torch.float64))
    with torch.no_grad():
        rnn.weight_hh_l0.copy_(1.5 * orthogonal)
    x = torch.randn(10, 3, dtype=torch.float64)
    norms = hidden_state_grad_norms(rnn, x, nonlinearity="linear")
    distance = torch.arange(9, -1, -1, dtype=torch.float64)
    torch.testing.assert_close(norms, 1.5 ** distance * norms[-1])


def test_grads_check_the_arguments_and_the_loss():
    rnn = make_rnn()
    x = torch.randn(4, 3)
    with pytest.raises(TypeError, match=r"loss_fn must be callable or None, got int"):
        hidden_state_grad_norms(rnn, x, loss_fn=3)
    with pytest.raises(ValueError, match=r"must return a scalar tensor, got shape \(4, 5\)"):
        hidden_state_grad_norms(rnn, x, loss_fn=lambda hidden: hidden)
    with pytest.raises(TypeError, match=r"loss_fn must return a scalar tensor, got float"):
        hidden_state_grad_norms(rnn, x, loss_fn=lambda hidden: 1.0)
    with pytest.raises(ValueError, match=r"x must have input_size=3 features"):  # by unroll
        hidden_state_grads(rnn, torch.randn(4, 2))


def test_a_loss_on_the_first_step_only_gives_zero_gradient_later():
    rnn = make_rnn()
    grads = hidden_state_grads(rnn, torch.randn(4, 3), lambda hidden: hidden[0].sum())
    torch.testing.assert_close(grads[1:], torch.zeros(3, 5))


# --- spectral radius ---------------------------------------------------------------------


def test_spectral_radius_is_the_largest_absolute_eigenvalue():
    rotation = torch.tensor([[0.0, -2.0], [2.0, 0.0]])  # eigenvalues +-2i
    assert spectral_radius(rotation) == pytest.approx(2.0)
    assert spectral_radius(torch.diag(torch.tensor([0.5, -3.0, 1.0]))) == pytest.approx(3.0)


@pytest.mark.parametrize("rho", [0.5, 0.9, 1.0, 1.1, 1.5, 2.0])
def test_set_spectral_radius_gives_the_requested_radius(rho):
    rnn = make_rnn(hidden_size=16)
    weight_ih = rnn.weight_ih_l0.detach().clone()
    assert set_spectral_radius(rnn, rho) is rnn
    eigenvalues = torch.linalg.eigvals(rnn.weight_hh_l0.detach().double())
    assert float(eigenvalues.abs().max()) == pytest.approx(rho, rel=1e-5)
    assert torch.equal(rnn.weight_ih_l0, weight_ih)  # nothing else changes


def test_set_spectral_radius_keeps_the_direction_of_the_matrix():
    rnn = make_rnn(hidden_size=4)
    before = rnn.weight_hh_l0.detach().clone()
    set_spectral_radius(rnn, 2 * spectral_radius(before))
    torch.testing.assert_close(rnn.weight_hh_l0.detach(), 2 * before)


def test_set_spectral_radius_works_on_torch_rnn():
    reference = nn.RNN(3, 8)
    set_spectral_radius(reference, 1.25)
    assert spectral_radius(reference.weight_hh_l0) == pytest.approx(1.25, rel=1e-5)


def test_spectral_radius_helpers_reject_bad_input():
    rnn = make_rnn()
    with pytest.raises(ValueError, match=r"rho must be >= 0, got -1.0"):
        set_spectral_radius(rnn, -1.0)
    with pytest.raises(TypeError, match=r"rnn must be a seqlab.models.ElmanRNN"):
        set_spectral_radius(nn.Linear(3, 3), 1.0)
    with torch.no_grad():
        rnn.weight_hh_l0.zero_()
    with pytest.raises(ValueError, match=r"spectral radius 0 and cannot be rescaled"):
        set_spectral_radius(rnn, 1.0)
    with pytest.raises(ValueError, match=r"weight must be a square matrix, got shape \(2, 3\)"):
        spectral_radius(torch.zeros(2, 3))
    with pytest.raises(ValueError, match=r"weight must have 2 dimensions"):
        spectral_radius(torch.zeros(3))


def test_set_spectral_radius_accepts_rho_zero():
    rnn = make_rnn()
    set_spectral_radius(rnn, 0)
    assert spectral_radius(rnn.weight_hh_l0) == 0.0
