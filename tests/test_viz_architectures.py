"""Tests of seqlab.viz.architectures: the MLP-vs-RNN diagram and the five modeling tasks."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest
from matplotlib.axes import Axes
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from figure_helpers import count_patches, texts_on
from seqlab.viz import MODELING_TASKS, draw_mlp_vs_rnn, draw_modeling_tasks
from seqlab.viz._style import BLUE, GREEN, RED


@pytest.mark.parametrize("T", [1, 4, 12])
def test_mlp_vs_rnn_draws_two_panels_with_documented_boxes_and_arrows(T):
    fig = draw_mlp_vs_rnn(T)
    assert isinstance(fig, Figure)
    mlp_ax, rnn_ax = fig.axes
    assert count_patches(mlp_ax, FancyBboxPatch) == T + 2  # T inputs, hidden layer, output
    assert count_patches(mlp_ax, FancyArrowPatch) == T + 1  # one per input, hidden -> output
    assert count_patches(rnn_ax, FancyBboxPatch) == 3  # x^(t), h^(t), y^(t)
    assert count_patches(rnn_ax, FancyArrowPatch) == 3  # W_xh, the W_hh self-loop, W_hy
    assert mlp_ax.get_title() == "Multilayer perceptron (unit 4)"
    assert rnn_ax.get_title() == "Recurrent neural network"
    assert tuple(fig.get_size_inches())[0] <= 8.0


def test_mlp_vs_rnn_uses_the_books_notation():
    mlp_ax, rnn_ax = draw_mlp_vs_rnn(4).axes
    mlp_texts = texts_on(mlp_ax)
    for t in range(1, 5):
        assert f"$x^{{({t})}}$" in mlp_texts
        assert f"$W_1^{{[{t}]}}$" in mlp_texts  # one weight block per position
    assert "$W_2$" in mlp_texts
    rnn_texts = texts_on(rnn_ax)
    for label in ("$x^{(t)}$", "$h^{(t)}$", "$\\hat{y}^{(t)}$", "$W_{xh}$", "$W_{hh}$",
                  "$W_{hy}$"):
        assert label in rnn_texts, label


def test_mlp_vs_rnn_the_rnn_panel_does_not_depend_on_T():
    short = texts_on(draw_mlp_vs_rnn(2).axes[1])
    long = texts_on(draw_mlp_vs_rnn(9).axes[1])
    assert short == long


def test_mlp_vs_rnn_draws_into_given_axes():
    fig, axes = plt.subplots(1, 2)
    assert draw_mlp_vs_rnn(3, axes=axes) is fig
    assert count_patches(axes[0], FancyBboxPatch) == 5


def test_mlp_vs_rnn_rejects_bad_T_and_bad_axes():
    with pytest.raises(ValueError, match="T must be <= 12 for a readable diagram"):
        draw_mlp_vs_rnn(13)
    _, ax = plt.subplots()
    with pytest.raises(ValueError, match=r"axes must hold 2 Axes \(mlp_ax, rnn_ax\), got 1"):
        draw_mlp_vs_rnn(4, axes=[ax])


def _boxes(ax: Axes) -> list[FancyBboxPatch]:
    return [p for p in ax.patches if isinstance(p, FancyBboxPatch)]


def test_modeling_tasks_draws_five_panels_in_karpathys_order():
    fig = draw_modeling_tasks()
    assert isinstance(fig, Figure) and len(fig.axes) == 5
    titles = [title for title, *_ in MODELING_TASKS]
    assert titles == ["one to one", "one to many", "many to one",
                      "many to many\n(encoder–decoder)", "many to many\n(synced)"]
    for ax, title in zip(fig.axes, titles, strict=True):
        assert title in [text.get_text() for text in ax.texts]


@pytest.mark.parametrize("panel", range(5))
def test_each_panel_has_a_box_per_state_input_and_output_and_an_arrow_per_link(panel):
    fig = draw_modeling_tasks()
    _, _, steps, inputs, outputs = MODELING_TASKS[panel]
    ax = fig.axes[panel]
    boxes = _boxes(ax)
    edges = [to_hex(box.get_edgecolor()) for box in boxes]
    assert edges.count(to_hex(GREEN)) == steps
    assert edges.count(to_hex(RED)) == len(inputs)
    assert edges.count(to_hex(BLUE)) == len(outputs)
    arrows = sum(isinstance(p, FancyArrowPatch) for p in ax.patches)
    assert arrows == steps - 1 + len(inputs) + len(outputs)


def test_inputs_are_below_states_and_outputs_above():
    ax = draw_modeling_tasks().axes[3]  # encoder-decoder
    heights = {}
    for box in _boxes(ax):
        heights.setdefault(to_hex(box.get_edgecolor()), set()).add(round(box.get_y(), 6))
    (y_in,), (y_state,), (y_out,) = (heights[to_hex(c)] for c in (RED, GREEN, BLUE))
    assert y_in < y_state < y_out


def test_the_encoder_decoder_panel_reads_before_it_writes():
    _, _, steps, inputs, outputs = MODELING_TASKS[3]
    assert max(inputs) < min(outputs) and len(inputs) != len(outputs)


def test_tasks_false_leaves_out_the_example_tasks():
    with_tasks = draw_modeling_tasks()
    without = draw_modeling_tasks(tasks=False)
    assert "sentence\n→ sentiment" in [t.get_text() for t in with_tasks.axes[2].texts]
    assert "sentence\n→ sentiment" not in [t.get_text() for t in without.axes[2].texts]


def test_figure_is_at_most_8_inches_wide():
    width, height = draw_modeling_tasks().get_size_inches()
    assert width <= 8.0 and height < width


def test_draws_into_given_axes():
    fig, axes = plt.subplots(1, 5)
    assert draw_modeling_tasks(axes=list(axes)) is fig


def test_rejects_bad_arguments():
    with pytest.raises(ValueError, match=r"axes must hold 5 Axes \(one per task\), got 2"):
        draw_modeling_tasks(axes=plt.subplots(1, 2)[1])
    with pytest.raises(TypeError, match="tasks must be a bool"):
        draw_modeling_tasks(tasks="yes")


# --- feedback=True: the decoders' inputs ---------------------------------------------


def _dashed(ax: Axes, kind: type) -> list:
    return [p for p in ax.patches if isinstance(p, kind) and p.get_linestyle() == "--"]


def test_feedback_feeds_each_decoder_output_to_the_next_step():
    fig = draw_modeling_tasks(feedback=True)
    one_to_many, encoder_decoder = fig.axes[1], fig.axes[3]
    # one to many: outputs at 0, 1, 2; steps 1 and 2 read the token written before
    fed = _dashed(one_to_many, FancyBboxPatch)
    assert sorted(box.get_x() + box.get_width() / 2 for box in fed) == pytest.approx([1.0, 2.0])
    assert all(to_hex(box.get_edgecolor()) == to_hex(BLUE) for box in fed)
    assert len(_dashed(one_to_many, FancyArrowPatch)) == 2
    # encoder-decoder: <bos> at its first output step (3), then output 3 is read at step 4
    assert "<bos>" in [text.get_text() for text in encoder_decoder.texts]
    assert len(_dashed(encoder_decoder, FancyBboxPatch)) == 2
    assert len(_dashed(encoder_decoder, FancyArrowPatch)) == 1
    assert "teacher forcing" in " ".join(text.get_text() for text in fig.texts)


@pytest.mark.parametrize("panel", [0, 2, 4])
def test_feedback_leaves_panels_without_a_decoder_as_they_are(panel):
    plain, fed = draw_modeling_tasks(), draw_modeling_tasks(feedback=True)
    assert len(fed.axes[panel].patches) == len(plain.axes[panel].patches)


@pytest.mark.parametrize("panel", [1, 3])
def test_feedback_adds_a_box_and_an_arrow_up_per_decoder_input(panel):
    _, _, _, inputs, outputs = MODELING_TASKS[panel]
    decoder_inputs = [t for t in outputs if t not in inputs]
    fed_back = [t for t in decoder_inputs if t - 1 in outputs]
    plain, fed = draw_modeling_tasks().axes[panel], draw_modeling_tasks(feedback=True).axes[panel]
    assert len(_boxes(fed)) == len(_boxes(plain)) + len(decoder_inputs)
    arrows = [sum(isinstance(p, FancyArrowPatch) for p in ax.patches) for ax in (plain, fed)]
    assert arrows[1] == arrows[0] + len(decoder_inputs) + len(fed_back)


def test_feedback_makes_room_for_its_note_and_the_default_has_none():
    plain, fed = draw_modeling_tasks(), draw_modeling_tasks(feedback=True)
    assert not plain.texts and fed.get_size_inches()[1] > plain.get_size_inches()[1]
    assert fed.get_size_inches()[0] <= 8.0


def test_feedback_must_be_a_bool():
    with pytest.raises(TypeError, match="feedback must be a bool"):
        draw_modeling_tasks(feedback=1)
