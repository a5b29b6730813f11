"""Tests of seqlab.viz.diagrams: the RNN unrolled in time, forward and backward, and
Karpathy's "hello" diagram of a character RNN."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest
import torch
from matplotlib.axes import Axes
from matplotlib.colors import to_hex
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Rectangle

from figure_helpers import count_patches, texts_on
from seqlab.viz import draw_char_rnn, draw_unrolled_rnn
from seqlab.viz._style import GREEN, RED


@pytest.mark.parametrize("T", [1, 4, 12])
def test_unrolled_rnn_draws_one_input_hidden_and_output_box_per_step(T):
    ax = draw_unrolled_rnn(T)
    assert isinstance(ax, Axes)
    # T inputs, T hidden states plus h^(0), T outputs
    assert count_patches(ax, FancyBboxPatch) == 3 * T + 1
    # x -> h, h^(t-1) -> h^(t), h -> y at every step
    assert count_patches(ax, FancyArrowPatch) == 3 * T
    texts = texts_on(ax)
    for t in range(1, T + 1):
        assert f"$x^{{({t})}}$" in texts
        assert f"$h^{{({t})}}$" in texts
        assert f"$\\hat{{y}}^{{({t})}}$" in texts
    assert "$h^{(0)}$" in texts


def test_unrolled_rnn_labels_every_step_with_the_same_three_weights():
    T = 5
    texts = texts_on(draw_unrolled_rnn(T))
    assert texts.count("$W_{xh}$") == T
    assert texts.count("$W_{hh}$") == T
    assert texts.count("$W_{hy}$") == T
    assert not any("W_{hh}^" in text or "W_{hh," in text for text in texts)


def test_unrolled_rnn_without_labels_writes_only_the_node_names():
    T = 3
    texts = texts_on(draw_unrolled_rnn(T, labels=False))
    assert len(texts) == 3 * T + 1
    assert not any("W_" in text for text in texts)


def test_unrolled_rnn_many_to_one_draws_only_the_last_output():
    T = 4
    ax = draw_unrolled_rnn(T, outputs="last")
    texts = texts_on(ax)
    assert [text for text in texts if "hat{y}" in text] == [f"$\\hat{{y}}^{{({T})}}$"]
    assert texts.count("$W_{hy}$") == 1
    assert count_patches(ax, FancyBboxPatch) == 2 * T + 2
    assert count_patches(ax, FancyArrowPatch) == 2 * T + 1


def test_unrolled_rnn_without_outputs_draws_inputs_and_states_only():
    T = 3
    ax = draw_unrolled_rnn(T, outputs="none")
    assert count_patches(ax, FancyBboxPatch) == 2 * T + 1
    assert count_patches(ax, FancyArrowPatch) == 2 * T
    assert "$W_{hy}$" not in texts_on(ax)


def test_unrolled_rnn_draws_into_given_axes_and_hides_the_frame():
    fig, ax = plt.subplots()
    assert draw_unrolled_rnn(2, ax=ax) is ax
    assert not ax.axison
    assert fig.axes == [ax]


def test_unrolled_rnn_new_figure_is_at_most_8_inches_wide():
    for T in (1, 6, 12):
        width, height = draw_unrolled_rnn(T).figure.get_size_inches()
        assert width <= 8.0
        assert height > 1.0


def test_unrolled_rnn_of_the_lecture_sentence_keeps_readable_fonts():
    # T = 9 (the lecture's sentences, chapters 3 and 4): the 8-inch-wide figure
    # is shown at about 690 px, so its text must not drop below 9 pt.
    ax = draw_unrolled_rnn(9, outputs="last")
    sizes = {text.get_text(): text.get_fontsize() for text in ax.texts}
    assert sizes["$h^{(9)}$"] >= 11 and sizes["$x^{(1)}$"] >= 11
    assert sizes["$W_{xh}$"] >= 10 and sizes["$W_{hy}$"] >= 10
    assert sizes["$W_{hh}$"] >= 9
    # each W_hh label fits in the gap between two neighbouring boxes
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    to_data = ax.transData.inverted()
    hidden = sorted((patch for patch in ax.patches
                     if isinstance(patch, FancyBboxPatch)
                     and patch.get_y() + patch.get_height() / 2 == 1.5),
                    key=lambda patch: patch.get_x())  # h^(0) ... h^(9)
    assert len(hidden) == 10
    gap = hidden[1].get_x() - (hidden[0].get_x() + hidden[0].get_width())
    for text in ax.texts:
        if text.get_text() == "$W_{hh}$":
            box = text.get_window_extent(renderer).transformed(to_data)
            assert box.width < gap


@pytest.mark.parametrize(("T", "error", "match"), [
    (0, ValueError, r"T must be >= 1, got 0"),
    (13, ValueError, r"T must be <= 12 for a readable diagram, got T=13"),
    (2.0, TypeError, r"T must be an int, got float"),
])
def test_unrolled_rnn_rejects_bad_T(T, error, match):
    with pytest.raises(error, match=match):
        draw_unrolled_rnn(T)


def test_unrolled_rnn_rejects_bad_labels_outputs_and_ax():
    with pytest.raises(TypeError, match="labels must be a bool"):
        draw_unrolled_rnn(3, labels="yes")
    with pytest.raises(ValueError, match="outputs must be"):
        draw_unrolled_rnn(3, outputs="first")
    with pytest.raises(TypeError, match="outputs must be a str"):
        draw_unrolled_rnn(3, outputs=1)
    with pytest.raises(TypeError, match="ax must be a matplotlib Axes"):
        draw_unrolled_rnn(3, ax="axes")


# --- draw_unrolled_rnn(backward=True): backpropagation through time ----------------


def _red(ax: Axes) -> list[FancyArrowPatch]:
    return [p for p in ax.patches if isinstance(p, FancyArrowPatch)
            and to_hex(p.get_edgecolor()) == to_hex(RED)]


def _ends(arrow: FancyArrowPatch) -> tuple[tuple[float, float], tuple[float, float]]:
    start, end = arrow._posA_posB  # the data coordinates it was drawn between
    return tuple(start), tuple(end)


def test_backward_adds_a_loss_and_red_gradient_arrows_right_to_left():
    T = 4
    forward = draw_unrolled_rnn(T, outputs="last")
    ax = draw_unrolled_rnn(T, outputs="last", backward=True)
    # one loss box, the forward arrow into it; red: L -> y-hat, y-hat -> h^(T), T along the chain
    assert count_patches(ax, FancyBboxPatch) == count_patches(forward, FancyBboxPatch) + 1
    assert count_patches(ax, FancyArrowPatch) == count_patches(forward, FancyArrowPatch) + 1 + 2 + T
    assert "$L$" in texts_on(ax)
    ends = [_ends(arrow) for arrow in _red(ax)]
    chain = [(start, end) for start, end in ends if start[1] == pytest.approx(end[1])]
    down = [(start, end) for start, end in ends if start[0] == pytest.approx(end[0])]
    assert len(chain) == T and all(start[0] > end[0] for start, end in chain)  # leftwards
    assert len(down) == 2 and all(start[1] > end[1] for start, end in down)  # downwards
    gradients = [text for text in texts_on(ax) if "partial" in text]
    assert gradients == [f"$\\partial L/\\partial h^{{({t})}}$" for t in range(1, T + 1)]


def test_backward_with_every_output_has_a_loss_per_step():
    T = 3
    ax = draw_unrolled_rnn(T, backward=True)
    assert [text for text in texts_on(ax) if text.startswith("$L")] == [
        f"$L^{{({t})}}$" for t in range(1, T + 1)]
    assert len(_red(ax)) == 2 * T + T  # down from every loss and output, and the chain


def test_backward_labels_only_the_ends_of_a_long_chain_and_none_without_labels():
    long_chain = draw_unrolled_rnn(12, outputs="last", backward=True)
    assert sum("partial" in text for text in texts_on(long_chain)) == 2
    unlabelled = draw_unrolled_rnn(4, labels=False, outputs="last", backward=True)
    assert not any("partial" in text for text in texts_on(unlabelled))


def test_backward_makes_room_for_the_loss_and_leaves_the_default_alone():
    plain, backward = draw_unrolled_rnn(4), draw_unrolled_rnn(4, backward=True)
    assert backward.get_ylim()[1] > plain.get_ylim()[1]
    assert backward.figure.get_figwidth() <= 8.0
    assert not _red(plain)


def test_backward_rejects_bad_arguments():
    with pytest.raises(TypeError, match="backward must be a bool"):
        draw_unrolled_rnn(4, backward="yes")
    with pytest.raises(ValueError, match=r'backward=True needs a loss: '
                                         r'outputs must be "all" or "last", got "none"'):
        draw_unrolled_rnn(4, outputs="none", backward=True)


# --- draw_char_rnn: Karpathy's "hello" diagram ---------------------------------------


HELLO_ITOS = ("e", "h", "l", "o")  # CharVocab("hello").itos
HELLO_HIDDEN = torch.tensor([[0.5, -0.2, 0.1], [0.9, 0.0, -0.4], [-0.3, 0.8, 0.2],
                             [0.1, 0.1, -0.9]])  # (T, H) = (4, 3)
HELLO_LOGITS = torch.arange(16, dtype=torch.float32).reshape(4, 4) / 4  # (T, V) = (4, 4)


def _cells(ax: Axes) -> list[Rectangle]:
    return [patch for patch in ax.patches if isinstance(patch, Rectangle)]


def test_draw_char_rnn_draws_every_layer_of_every_step():
    ax = draw_char_rnn("hello", HELLO_ITOS, HELLO_HIDDEN, HELLO_LOGITS)
    assert len(_cells(ax)) == 4 * (2 * 4 + 3)  # T (2V + H)
    assert sum(isinstance(p, FancyArrowPatch) for p in ax.patches) == 3 * 4 - 1
    texts = [text.get_text() for text in ax.texts]
    assert [t for t in texts if t.startswith("'")] == ["'h'", "'e'", "'e'", "'l'", "'l'", "'l'",
                                                       "'l'", "'o'"]  # input, target per step
    assert texts.count("1") == 4 and texts.count("0") == 12  # one one-hot vector per step
    assert "-0.2" in texts and "3.8" in texts  # hidden[0, 1] and logits[3, 3] = 15 / 4
    for name in ("$W_{xh}$", "$W_{hh}$", "$W_{hy}$", "target chars", "input chars"):
        assert texts.count(name) == 1


def test_draw_char_rnn_marks_the_target_of_every_step():
    ax = draw_char_rnn("hello", HELLO_ITOS, HELLO_HIDDEN, HELLO_LOGITS)
    marked = [text.get_text() for text in ax.texts if text.get_fontweight() == "bold"
              and to_hex(text.get_color()) == to_hex(GREEN) and not text.get_text().startswith("'")]
    # targets e, l, l, o are ids 0, 2, 2, 3: logits[t, id] = (4t + id) / 4
    assert marked == [f"{(4 * t + i) / 4:.1f}" for t, i in enumerate((0, 2, 2, 3))]
    outlined = [cell for cell in _cells(ax) if to_hex(cell.get_edgecolor()) == to_hex(GREEN)
                and cell.get_linewidth() > 2]
    assert len(outlined) == 4


def test_draw_char_rnn_draws_into_a_given_axes():
    _, given = plt.subplots()
    assert draw_char_rnn("ab", ["a", "b"], torch.zeros(1, 1), torch.zeros(1, 2), ax=given) is given


@pytest.mark.parametrize(("arguments", "error", "message"), [
    ({"text": 5}, TypeError, "text must be a str"),
    ({"text": "help"}, ValueError, r"text has characters that are not in itos: \['p'\]"),
    ({"text": "h"}, ValueError, r"text must hold 2 to 9 characters, got 1"),
    ({"itos": "ehlo"}, TypeError, "itos must be a sequence of characters, got str"),
    ({"itos": [*"ehlo", *"abcde"]}, ValueError, "itos must hold at most 8 characters, got 9"),
    ({"hidden": torch.zeros(3, 3)}, ValueError,
     r"hidden must have shape \(T, H\) = \(4, H\) with 1 <= H <= 8, got \(3, 3\)"),
    ({"hidden": torch.zeros(4, 3, dtype=torch.long)}, TypeError,
     "hidden must be a floating-point tensor"),
    ({"logits": torch.zeros(4, 5)}, ValueError,
     r"logits must have shape \(T, V\) = \(4, 4\), got \(4, 5\)"),
    ({"logits": torch.zeros(4, 4, dtype=torch.long)}, TypeError,
     "logits must be a floating-point tensor"),
])
def test_draw_char_rnn_rejects_bad_arguments(arguments, error, message):
    given = {"text": "hello", "itos": HELLO_ITOS, "hidden": HELLO_HIDDEN,
             "logits": HELLO_LOGITS, **arguments}
    with pytest.raises(error, match=message):
        draw_char_rnn(**given)
