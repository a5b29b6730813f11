"""Unit tests of seqlab.widgets.temperature: the temperature table, the panel and
the explorer's wiring, without a browser."""

from __future__ import annotations

import html
import re

import ipywidgets as widgets
import pytest
import torch

from seqlab.data import CharVocab
from seqlab.models import CharRNN, sample
from seqlab.train import set_seed
from seqlab.widgets import temperature_explorer, temperature_table, temperature_view

ITOS = (" ", "a", "b", "c", "\n")
LOGITS = torch.tensor([2.0, 1.0, 0.0, -1.0, -2.0])


def probabilities_in(table: str) -> list[float]:
    """The first probability column of the table, top to bottom."""
    return [float(p) for p in re.findall(r"monospace;padding:0 6px'>([0-9.]+)</td>", table)]


def test_table_lists_the_top_characters_in_logit_order_with_visible_whitespace():
    table = temperature_table(LOGITS, 1.0, ITOS, top=3)
    assert table.count("<tr>") == 4  # header + 3 rows
    assert table.index("\u2423") < table.index(">a<") < table.index(">b<")
    expected = torch.softmax(LOGITS, 0)[:3].tolist()
    assert probabilities_in(table) == [round(p, 3) for p in expected]


def test_low_temperature_sharpens_and_high_temperature_flattens():
    cold = probabilities_in(temperature_table(LOGITS, 0.5, ITOS, top=5))
    model = probabilities_in(temperature_table(LOGITS, 1.0, ITOS, top=5))
    hot = probabilities_in(temperature_table(LOGITS, 2.0, ITOS, top=5))
    assert cold[0] > model[0] > hot[0]
    assert cold[-1] < model[-1] < hot[-1]


def test_table_reports_coverage_and_entropies():
    table = temperature_table(torch.zeros(4), 1.0, ("a", "b", "c", "d"), top=2)
    assert "hold 50.0% of the probability" in table
    assert "Entropy: 1.39 nats" in table and "V = 4: 1.39" in table


def test_table_escapes_html_characters():
    table = temperature_table(torch.tensor([1.0, 0.0]), 1.0, ("<", "&"), top=2)
    assert "&lt;" in table and "&amp;" in table and ">&<" not in table


@pytest.mark.parametrize(
    ("args", "error", "match"),
    [
        ((LOGITS, 0.0, ITOS), ValueError, "temperature must be > 0"),
        ((LOGITS, 1.0, ITOS[:3]), ValueError, "itos must be a sequence of the 5 characters"),
        ((LOGITS.view(1, 5), 1.0, ITOS), ValueError, "logits must have 1 dimensions"),
    ],
)
def test_table_rejects_bad_input(args, error, match):
    with pytest.raises(error, match=match):
        temperature_table(*args)


@pytest.fixture
def model_and_vocab():
    vocab = CharVocab("def f(x):\n    return x + 1\n")
    set_seed(0)
    return CharRNN(len(vocab), hidden_size=8), vocab


def test_view_shows_the_table_and_the_seeded_sample(model_and_vocab):
    model, vocab = model_and_vocab
    view = temperature_view(model, vocab, "def ", 0.7, seed=2, length=30)
    generated = sample(model, vocab, "def ", 30, 0.7, generator=2)[4:]
    assert "<table" in view and "(seed 2)" in view
    assert view == temperature_view(model, vocab, "def ", 0.7, seed=2, length=30)
    assert html.escape(generated) in view


def test_view_rejects_a_bad_seed(model_and_vocab):
    with pytest.raises(ValueError, match="seed must be >= 0, got -1"):
        temperature_view(*model_and_vocab, "def ", 1.0, seed=-1)


def test_explorer_wires_core_widgets_and_reacts(model_and_vocab):
    model, vocab = model_and_vocab
    box = temperature_explorer(model, vocab, prompt="def ", length=20)
    prompt_box, sliders, panel = box.children
    slider, seed_slider = sliders.children
    assert isinstance(prompt_box, widgets.Text) and isinstance(slider, widgets.FloatSlider)
    assert isinstance(seed_slider, widgets.IntSlider) and isinstance(panel, widgets.HTML)
    assert panel.value == temperature_view(model, vocab, "def ", 1.0, 0, 20)
    slider.value = 0.3
    assert panel.value == temperature_view(model, vocab, "def ", 0.3, 0, 20)
    prompt_box.value = "Q"  # not in the vocabulary: a message, not an exception
    assert "not in the vocabulary" in panel.value


def test_explorer_rejects_bad_arguments(model_and_vocab):
    model, vocab = model_and_vocab
    with pytest.raises(ValueError, match="temperature must be > 0"):
        temperature_explorer(model, vocab, temperature=0)
    with pytest.raises(TypeError, match="prompt must be a str"):
        temperature_explorer(model, vocab, prompt=1)
    with pytest.raises(ValueError, match="seed must be >= 0"):
        temperature_explorer(model, vocab, seed=-1)
    with pytest.raises(ValueError, match="length must be >= 1"):
        temperature_explorer(model, vocab, length=0)  # raised by the first drawing


def test_explorer_precomputes_prompts_temperatures_and_seeds_for_the_website(model_and_vocab):
    model, vocab = model_and_vocab
    page = temperature_explorer(model, vocab, prompt="x ", length=20).site_html
    assert "data-states='96'" in page  # 3 prompts x 8 temperatures x 4 seeds
    assert temperature_view(model, vocab, "def ", 0.5, 3, 20) in page
    assert "not in the vocabulary" in page  # "import " has letters this vocabulary lacks
    assert f"data-key='0-4-0'>{temperature_view(model, vocab, 'x ', 1.0, 0, 20)}" in page
