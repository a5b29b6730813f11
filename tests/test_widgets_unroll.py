"""Unit tests of seqlab.widgets.unroll: the time-step explorer and its plain callback."""

from __future__ import annotations

import ipywidgets as widgets
import pytest
import torch

from seqlab.widgets import step_summary, unroll_stepper

TOKENS = ["the", "movie", "is", "<good>"]
HIDDEN = torch.tensor([[0.5, -0.25], [0.5, 0.0], [-1.0, 0.25], [0.0, 1.0]])  # (T, H) = (4, 2)


@pytest.mark.parametrize("t", [1, 2, 3, 4])
def test_step_summary_shows_the_state_of_step_t(t):
    html = step_summary(HIDDEN, TOKENS, t)
    assert f"t = {t} of 4" in html
    for value in HIDDEN[t - 1].tolist():
        assert f"{value:+.3f}" in html
    assert html.count("<tr>") == 2  # one row per hidden unit


def test_step_summary_highlights_the_current_token_and_greys_the_future():
    html = step_summary(HIDDEN, TOKENS, 2)
    assert "<b style='background:#FBE3B0;padding:0 3px'>movie</b>" in html
    assert "<span style='color:#999999'>is</span>" in html
    assert "after reading <b>movie</b>" in html


def test_step_summary_escapes_tokens():
    html = step_summary(HIDDEN, TOKENS, 4)
    assert "&lt;good&gt;" in html and "<good>" not in html


def test_step_summary_reports_norm_and_change_from_the_previous_state():
    first = step_summary(HIDDEN, TOKENS, 1)
    # h^(0) = 0, so the change equals the norm: sqrt(0.25 + 0.0625) = 0.559
    assert "= 0.559, moved" in first and "= 0.559</p>" in first
    second = step_summary(HIDDEN, TOKENS, 2)
    assert "= 0.500, moved" in second and "= 0.250</p>" in second


def test_step_summary_bars_scale_with_the_largest_value_of_the_sequence():
    html = step_summary(HIDDEN, TOKENS, 3)
    assert "width:120px;height:10px;background:#D55E00" in html  # -1.0, the largest |h|
    assert "width:30px;height:10px;background:#0072B2" in html  # +0.25


@pytest.mark.parametrize("t", [0, 5, -1])
def test_step_summary_rejects_t_out_of_range(t):
    with pytest.raises(ValueError, match=rf"t must be a time step in 1..T=4, got t={t}"):
        step_summary(HIDDEN, TOKENS, t)


def test_step_summary_rejects_bad_input():
    with pytest.raises(TypeError, match=r"t must be an int, got float"):
        step_summary(HIDDEN, TOKENS, 1.0)
    with pytest.raises(ValueError, match=r"tokens must hold 4 tokens, one per time step of "
                                         r"hidden_states, got 3"):
        step_summary(HIDDEN, TOKENS[:3], 1)
    with pytest.raises(ValueError, match=r"hidden_states must have at least one time step"):
        step_summary(torch.zeros(0, 2), [], 1)


def test_unroll_stepper_builds_a_slider_and_updates_when_it_moves():
    box = unroll_stepper(HIDDEN, TOKENS)
    assert isinstance(box, widgets.VBox)
    slider, view = box.children
    assert isinstance(slider, widgets.IntSlider) and isinstance(view, widgets.HTML)
    assert (slider.min, slider.max, slider.value, slider.description) == (1, 4, 1, "t")
    assert view.value == step_summary(HIDDEN, TOKENS, 1)
    slider.value = 3
    assert view.value == step_summary(HIDDEN, TOKENS, 3)


def test_unroll_stepper_starts_at_the_requested_step_and_checks_it():
    _, view = unroll_stepper(HIDDEN, TOKENS, t=4).children
    assert view.value == step_summary(HIDDEN, TOKENS, 4)
    with pytest.raises(ValueError, match=r"t must be a time step in 1..T=4, got t=9"):
        unroll_stepper(HIDDEN, TOKENS, t=9)


def test_unroll_stepper_precomputes_every_time_step_for_the_website():
    states = torch.linspace(-1, 1, 12).reshape(4, 3)
    page = unroll_stepper(states, ["a", "b", "c", "d"], t=2).site_html
    assert "data-states='4'" in page
    for t in range(1, 5):
        assert step_summary(states, ["a", "b", "c", "d"], t) in page
    assert f"data-key='1'>{step_summary(states, ['a', 'b', 'c', 'd'], 2)}" in page
