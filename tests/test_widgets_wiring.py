"""Unit tests of seqlab.widgets._wiring: the one way every explorer is wired."""

from __future__ import annotations

import re

import ipywidgets as widgets
import pytest

from seqlab.widgets._wiring import (
    MAX_STATES,
    SiteControl,
    error_html,
    live_explorer,
    live_html,
    site_control,
    site_html,
    state_count,
)


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


# --- the website's version: every state of a finite grid, precomputed ----------------


def test_site_html_precomputes_every_state_of_the_grid_with_the_same_render():
    site = [site_control("count", 1, range(3)),
            SiteControl("word", (0,), (("ab", ("ab",)), ("c", ("c",))))]
    page = site_html(render, ["ab", 2], site, name="repeat")
    views = re.findall(r"<div class='seqlab-view' data-key='([\d-]+)'( hidden)?>(.*?)</div>",
                       page)
    assert state_count(site) == len(views) == 6
    shown = {key: view for key, _, view in views}
    assert shown["2-0"] == render("ab", 2) and shown["1-1"] == render("c", 1)
    assert shown["0-1"] == ""
    assert [key for key, hidden, _ in views if not hidden] == ["2-0"]  # the start: ab, 2
    assert "data-explorer='repeat'" in page and "data-states='6'" in page


def test_site_html_draws_sliders_and_menus_with_their_choices():
    site = [site_control("count", 1, [1, 2]), SiteControl("word", (0,), (("ab", ("ab",)),))]
    page = site_html(render, ["ab", 2], site)
    assert "<input type='range' min='0' max='1' step='1' value='1' data-axis='0'" in page
    assert "<output style='font-family:monospace'>2</output>" in page
    assert "<select data-axis='1'" in page and "<option value='0' selected>ab</option>" in page
    assert "data-values='[[1], [2]]'" in page


def test_site_html_shows_a_rejected_state_as_its_message():
    page = site_html(render, ["ab", 1], [site_control("count", 1, [-1, 1])])
    assert error_html(ValueError("count must be >= 0, got -1 <ab>")) in page


def test_site_html_opens_on_the_first_state_when_the_start_is_not_on_the_grid():
    page = site_html(render, ["ab", 7], [site_control("count", 1, [1, 2])])
    assert "data-key='0'>ab</div>" in page and "data-key='1' hidden>" in page


def test_site_html_refuses_more_than_max_states():
    site = [site_control("count", 1, range(MAX_STATES + 1))]
    with pytest.raises(ValueError, match=f"would hold {MAX_STATES + 1} states, more than"):
        site_html(render, ["ab", 1], site)


def test_site_control_choices_must_set_one_value_per_control():
    with pytest.raises(ValueError, match="choice 'x' sets 1 values for 2 controls"):
        SiteControl("pair", (0, 1), (("x", ("a",)),))
    with pytest.raises(ValueError, match="needs at least one choice"):
        SiteControl("pair", (0,), ())


def test_live_explorer_output_holds_the_widget_the_site_html_and_a_summary():
    text, slider = widgets.Text(value="ab"), widgets.IntSlider(value=2, min=-5, max=200)
    box = live_explorer(render, [text, slider], lambda view: [text, slider, view],
                        [site_control("count", 1, range(4))], "repeat", "Repeats")
    assert isinstance(box, widgets.VBox) and box.children[:2] == (text, slider)
    bundle = box._repr_mimebundle_()
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == box.model_id
    assert bundle["text/html"] == site_html(render, ["ab", 2],
                                            [site_control("count", 1, range(4))], "repeat")
    assert bundle["text/plain"].startswith("Repeats (an interactive explorer")
    assert "4 precomputed views on the website" in bundle["text/plain"]
    slider.value = 3  # the kernel view stays live
    assert box.children[-1].value == "ab ab ab"
