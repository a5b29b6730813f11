"""Unit tests of seqlab.widgets.tasks: the reversal explorer of chapter 5, without a browser."""

from __future__ import annotations

import ipywidgets as widgets
import pytest
import torch

from seqlab.data import SYMBOL_BOS, SYMBOL_EOS, SYMBOL_PAD, SYMBOL_TOKENS, decode_symbols
from seqlab.models import Seq2SeqRNN
from seqlab.train import set_seed
from seqlab.widgets import render_reversal, reversal_explorer, reverse_with


class PerfectReverser:
    """Stands in for a trained Seq2SeqRNN: writes every source reversed, then <eos>."""

    def __init__(self, drop_last: bool = False) -> None:
        self.drop_last = drop_last
        self.calls: list[int] = []

    def generate(self, source_ids, source_lengths, max_steps):
        self.calls.append(max_steps)
        rows = []
        for ids, length in zip(source_ids.tolist(), source_lengths.tolist(), strict=True):
            written = ids[:length][::-1][: length - 1 if self.drop_last else length]
            row = [*written, SYMBOL_EOS] + [SYMBOL_PAD] * max_steps
            rows.append(row[:max_steps])
        return torch.tensor(rows)


def test_reverse_with_decodes_the_models_output_and_allows_extra_steps():
    model = PerfectReverser()
    assert reverse_with(model, "cabd") == "dbac"
    assert model.calls == [4 + 1 + 3]  # the letters, <eos>, three extra steps
    assert reverse_with(model, "  CAB ", extra_steps=0) == "bac"  # trimmed, lowered
    assert model.calls[-1] == 4


def test_reverse_with_runs_a_real_seq2seq_model():
    set_seed(0)
    model = Seq2SeqRNN(len(SYMBOL_TOKENS), SYMBOL_BOS, SYMBOL_EOS, SYMBOL_PAD, hidden_size=8)
    output = reverse_with(model, "abc")
    assert isinstance(output, str) and len(output) <= 3 + 1 + 3
    assert set(output) <= set("abcdefgh")
    ids = model.generate(torch.tensor([[3, 4, 5]]), torch.tensor([3]), 7)
    assert output == decode_symbols(ids[0])  # greedy decoding is deterministic


def test_reverse_with_rejects_bad_input():
    with pytest.raises(ValueError, match=r"only the letters 'abcdefgh', found 'x', 'z'"):
        reverse_with(PerfectReverser(), "axz")
    with pytest.raises(ValueError, match=r"text must hold at least one letter"):
        reverse_with(PerfectReverser(), "   ")
    with pytest.raises(TypeError, match=r"model must be a trained Seq2SeqRNN, got str"):
        reverse_with("model", "abc")
    with pytest.raises(ValueError, match=r"extra_steps must be >= 0"):
        reverse_with(PerfectReverser(), "abc", extra_steps=-1)


def test_render_reversal_marks_a_right_answer_green():
    view = render_reversal("cabd", "dbac")
    assert "exactly right" in view
    assert view.count("<tr>") == 3  # input, reversal, model
    assert view.count("background:#009E73") == 4 and "background:#D55E00" not in view


def test_render_reversal_marks_wrong_missing_and_surplus_letters():
    short = render_reversal("cabd", "dba")  # the last letter is missing
    assert "wrong</b> (1 of 4 positions; 3 letters written for 4)" in short
    assert short.count("background:#D55E00") == 1 and "&middot;" in short
    swapped = render_reversal("cabd", "dbcaa")  # two wrong letters and a surplus one
    assert "wrong</b> (3 of 5 positions; 5 letters written for 4)" in swapped
    assert swapped.count("background:#D55E00") == 3


def test_render_reversal_notes_lengths_outside_training():
    assert "in training the strings had 3 to 6" in render_reversal("abcdefgh", "hgfedcba", (3, 6))
    assert "in training" not in render_reversal("abcd", "dcba", (3, 6))
    assert "in training" not in render_reversal("abcdefgh", "hgfedcba")


def test_render_reversal_rejects_bad_input():
    with pytest.raises(ValueError, match=r"output must use only the letters"):
        render_reversal("abc", "cb<a>")
    with pytest.raises(TypeError, match=r"output must be a str, got NoneType"):
        render_reversal("abc", None)
    with pytest.raises(ValueError, match=r"text must use only the letters"):
        render_reversal("a-c", "cba")
    with pytest.raises(ValueError, match=r"trained_lengths must have low <= high"):
        render_reversal("abc", "cba", (6, 3))


def test_reversal_explorer_wires_a_text_box_to_the_view():
    box_and_view = reversal_explorer(PerfectReverser(drop_last=True), text="abc")
    assert isinstance(box_and_view, widgets.VBox)
    box, view = box_and_view.children
    assert isinstance(box, widgets.Text) and isinstance(view, widgets.HTML)
    assert "wrong" in view.value  # "cb" instead of "cba"
    box.value = "hgfedcbaa"
    assert "in training the strings had 3 to 6" in view.value
    box.value = "abx"
    assert "text must use only the letters" in view.value  # shown, not raised


def test_reversal_explorer_rejects_bad_arguments():
    with pytest.raises(ValueError, match=r"text must use only the letters"):
        reversal_explorer(PerfectReverser(), text="xyz")
    with pytest.raises(TypeError, match=r"model must be a trained Seq2SeqRNN"):
        reversal_explorer(object(), text="abc")
    with pytest.raises(TypeError, match=r"text must be a str, got int"):
        reversal_explorer(PerfectReverser(), text=123)


def test_reversal_explorer_precomputes_the_preset_strings_for_the_website():
    model = PerfectReverser(drop_last=True)
    page = reversal_explorer(model, text="abc", trained_lengths=(3, 6)).site_html
    assert "data-states='12'" in page  # "abc" first, then the other presets
    for letters in ("abc", "faced", "hgfedcba"):
        assert render_reversal(letters, reverse_with(model, letters), (3, 6)) in page
