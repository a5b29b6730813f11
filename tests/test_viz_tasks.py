"""Tests of seqlab.viz.tasks: the diagram of the five modeling tasks."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest
from matplotlib.axes import Axes
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from seqlab.viz import MODELING_TASKS, draw_modeling_tasks
from seqlab.viz._style import BLUE, GREEN, RED


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
