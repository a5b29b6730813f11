"""The parameter-count explorer and the closed-form counts behind it."""

from __future__ import annotations

import pytest

from seqlab.models import MLPClassifier, RNNClassifier, mlp_parameter_count, rnn_parameter_count
from seqlab.widgets import parameter_explorer, render_parameter_counts


def count(model) -> int:
    return sum(p.numel() for p in model.parameters())


@pytest.mark.parametrize(("V", "T", "D", "H", "C"), [(5, 1, 2, 3, 2), (50, 9, 16, 32, 2),
                                                    (20, 40, 4, 8, 3)])
def test_closed_form_counts_equal_the_real_models(V, T, D, H, C):
    mlp = MLPClassifier(V, max_len=T, embed_dim=D, hidden_size=H, num_classes=C)
    rnn = RNNClassifier(V, embed_dim=D, hidden_size=H, num_classes=C)
    assert mlp_parameter_count(V, T, D, H, C) == count(mlp)
    assert rnn_parameter_count(V, D, H, C) == count(rnn)


def test_counts_reject_non_positive_sizes():
    with pytest.raises(ValueError, match="max_len must be >= 1"):
        mlp_parameter_count(10, 0, 4, 4, 2)
    with pytest.raises(TypeError, match="hidden_size must be an int"):
        rnn_parameter_count(10, 4, 4.0, 2)


def test_render_parameter_counts_shows_both_counts_and_the_per_position_cost():
    html = render_parameter_counts(T=9, D=16, H=32, V=100, C=2)
    assert f"{mlp_parameter_count(100, 9, 16, 32, 2):,}" in html
    assert f"{rnn_parameter_count(100, 16, 32, 2):,}" in html
    assert "D&middot;H = 512" in html


def test_render_parameter_counts_rejects_a_zero_length():
    with pytest.raises(ValueError, match="max_len must be >= 1"):
        render_parameter_counts(T=0, D=4, H=4)


def test_parameter_explorer_updates_when_a_slider_moves():
    box = parameter_explorer(V=100)
    t_slider, table = box.children[0], box.children[-1]
    before = table.value
    t_slider.value = 50
    assert table.value != before
    assert f"{mlp_parameter_count(100, 50, 16, 32, 2):,}" in table.value


def test_parameter_explorer_precomputes_a_grid_of_t_d_and_h():
    page = parameter_explorer(V=100).site_html
    assert "data-states='96'" in page  # 6 values of T x 4 of D x 4 of H
    assert "data-constants='{&quot;V&quot;: 100, &quot;C&quot;: 2}'" in page
    assert render_parameter_counts(200, 64, 128, 100, 2) in page
    assert f"data-key='1-1-1'>{render_parameter_counts(9, 16, 32, 100, 2)}" in page  # start
