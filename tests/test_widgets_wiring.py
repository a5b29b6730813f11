"""Unit tests of seqlab.widgets._wiring: the one way every explorer is wired."""

from __future__ import annotations

import ipywidgets as widgets
import pytest

from seqlab.widgets._wiring import error_html, live_html


def render(word: str, count: int) -> str:
    if count < 0:
        raise ValueError(f"count must be >= 0, got {count} <{word}>")
    if count > 99:
        raise RuntimeError("a bug, not a reader's input")
    return " ".join([word] * count)


def test_live_html_draws_the_controls_values_now_and_after_every_change():
    text, slider = widgets.Text(value="ab"), widgets.IntSlider(value=2, min=-5, max=200)
    view = live_html(render, [text, slider])
    assert isinstance(view, widgets.HTML) and view.value == "ab ab"
    slider.value = 3
    assert view.value == "ab ab ab"
    text.value = "c"
    assert view.value == "c c c"


def test_live_html_raises_on_the_first_drawing():
    with pytest.raises(ValueError, match="count must be >= 0, got -1"):
        live_html(render, [widgets.Text(value="ab"), widgets.IntSlider(value=-1, min=-5)])


def test_live_html_shows_a_later_value_error_as_an_escaped_message():
    slider = widgets.IntSlider(value=1, min=-5, max=200)
    view = live_html(render, [widgets.Text(value="ab"), slider])
    slider.value = -2
    assert view.value == "<p><i>count must be &gt;= 0, got -2 &lt;ab&gt;</i></p>"
    assert view.value == error_html(ValueError("count must be >= 0, got -2 <ab>"))
    slider.value = 1
    assert view.value == "ab"
    with pytest.raises(RuntimeError, match="a bug"):  # only a reader's mistakes are shown
        slider.value = 100
