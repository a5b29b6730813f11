"""Unit tests of seqlab.widgets.conv: the convolution-window explorer and its plain callbacks."""

from __future__ import annotations

import ipywidgets as widgets
import pytest

from seqlab.data import LECTURE_PAIR
from seqlab.text import tokenize
from seqlab.widgets import conv_window_explorer, render_window

LECTURE_B = tokenize(LECTURE_PAIR[1].text)  # the movie my friend has seen is not good
WINDOW_STYLE = "background:#FBE3B0"
OUTPUT_STYLE = "background:#BBD7EE"


def children_of(box: widgets.Box, kind: type) -> list:
    """All widgets of ``kind`` inside ``box``, depth first."""
    found = []
    for child in box.children:
        if isinstance(child, kind):
            found.append(child)
        if isinstance(child, widgets.Box):
            found.extend(children_of(child, kind))
    return found


# --- render_window ----------------------------------------------------------------


def test_render_window_highlights_k_tokens_and_one_of_t_minus_k_plus_one_outputs():
    page = render_window(LECTURE_B, 6, 2)
    assert page.count(WINDOW_STYLE) == 2
    assert page.count(OUTPUT_STYLE) == 1
    assert page.count("y<sub>") == 9 - 2 + 1 + 1  # every output cell, plus the caption
    assert "tokens (T = 9)" in page
    assert "outputs (T &minus; k + 1 = 8)" in page
    assert "<b>&ldquo;is not&rdquo;</b>" in page
    assert "tokens 6&ndash;7" in page


def test_render_window_marks_the_current_output_under_the_window_start():
    page = render_window(["a", "b", "c", "d"], 1, 3)
    assert page.count("y<sub>") == 2 + 1
    assert f"{OUTPUT_STYLE};border:2px solid #0072B2'><b>y<sub>1</sub>" in page


def test_render_window_escapes_html_in_tokens():
    page = render_window(["<b>", "a&b"], 0, 2)
    assert "&lt;b&gt;" in page and "a&amp;b" in page
    assert "<td style='padding:3px 6px;text-align:center;border:1px solid #CCCCCC;" \
           "background:#FBE3B0;border:2px solid #E69F00'><b></td>" not in page
    assert "<td style='padding:3px 6px;text-align:center;border:1px solid #CCCCCC;" \
           "background:#FBE3B0;border:2px solid #E69F00'>&lt;b&gt;</td>" in page


def test_render_window_raises_like_window_tokens():
    with pytest.raises(ValueError, match=r"past the end of the sentence"):
        render_window(LECTURE_B, 9, 1)


# --- conv_window_explorer -------------------------------------------------------


def test_explorer_starts_on_the_lecture_sentence_with_width_two():
    box = conv_window_explorer()
    (text,) = children_of(box, widgets.Text)
    (slider,) = children_of(box, widgets.IntSlider)
    (kernel,) = children_of(box, widgets.Dropdown)
    (view,) = children_of(box, widgets.HTML)
    assert text.value == LECTURE_PAIR[1].text
    assert (slider.value, slider.min, slider.max) == (0, 0, 7)
    assert kernel.value == 2
    assert "<b>&ldquo;the movie&rdquo;</b>" in view.value


def test_explorer_follows_the_slider_and_the_kernel_width():
    box = conv_window_explorer()
    (slider,) = children_of(box, widgets.IntSlider)
    (kernel,) = children_of(box, widgets.Dropdown)
    (view,) = children_of(box, widgets.HTML)
    slider.value = 6
    assert "<b>&ldquo;is not&rdquo;</b>" in view.value
    kernel.value = 5  # T - k = 4: the slider's maximum shrinks and its value is clamped
    assert slider.max == 4 and slider.value == 4
    assert "<b>&ldquo;has seen is not good&rdquo;</b>" in view.value


def test_explorer_shows_the_error_for_a_kernel_wider_than_the_sentence():
    box = conv_window_explorer()
    (text,) = children_of(box, widgets.Text)
    (view,) = children_of(box, widgets.HTML)
    text.value = "not good"
    (kernel,) = children_of(box, widgets.Dropdown)
    kernel.value = 3
    assert "kernel_size=3 is wider than the sentence (T=2 tokens)" in view.value
    assert "<table" not in view.value


def test_explorer_accepts_its_own_sentence_and_start():
    box = conv_window_explorer("the plot was good but the acting was bad", kernel_size=3,
                               position=2)
    (view,) = children_of(box, widgets.HTML)
    assert "<b>&ldquo;was good but&rdquo;</b>" in view.value


def test_explorer_rejects_bad_arguments():
    with pytest.raises(TypeError, match=r"sentence must be a str, got int"):
        conv_window_explorer(3)
    with pytest.raises(ValueError, match=r"kernel_size must be <= 7 in the explorer, got 8"):
        conv_window_explorer(kernel_size=8)
    with pytest.raises(ValueError, match=r"position=9 puts the window"):
        conv_window_explorer(position=9)


def test_conv_window_explorer_precomputes_two_sentences_widths_and_positions():
    page = conv_window_explorer().site_html
    assert "data-states='96'" in page  # 2 sentences x positions 0..7 x widths 2..7
    tokens = tokenize("the plot was good but the acting was bad")
    assert render_window(tokens, 3, 5) in page
    assert "data-key='0-0-0'>" in page  # the start: the lecture's sentence, t = 0, k = 2
    assert "position=7 puts the window past the end" in page  # position 7 with k = 7 is refused
