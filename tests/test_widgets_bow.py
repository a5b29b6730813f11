"""Unit tests of seqlab.widgets.bow: the Bag-of-Words explorer and its plain callbacks."""

from __future__ import annotations

import html

import ipywidgets as widgets
import pytest

from seqlab.data import LECTURE_PAIR
from seqlab.widgets import (
    PRESET_PAIRS,
    BowComparison,
    bow_explorer,
    compare_bags,
    render_comparison,
)


def children_of(box: widgets.VBox, kind: type) -> list:
    return [child for child in box.children if isinstance(child, kind)]


# --- compare_bags -------------------------------------------------------------------


def test_lecture_pair_has_identical_bag_of_words():
    comparison = compare_bags(LECTURE_PAIR[0].text, LECTURE_PAIR[1].text)
    assert comparison.identical
    assert comparison.counts_a == comparison.counts_b
    assert len(comparison.words) == 9 and "not" in comparison.words


def test_good_movie_and_bad_movie_have_different_bags():
    comparison = compare_bags("good movie", "bad movie")
    assert not comparison.identical
    assert comparison.words == ("movie", "bad", "good")
    assert comparison.counts_a == (1, 0, 1)
    assert comparison.counts_b == (1, 1, 0)


def test_compare_bags_counts_repeated_words_and_ignores_case_and_punctuation():
    comparison = compare_bags("Good, GOOD movie!", "good good movie")
    assert comparison.identical
    assert dict(zip(comparison.words, comparison.counts_a, strict=True)) == {"good": 2,
                                                                             "movie": 1}


def test_compare_bags_with_bigrams_separates_the_lecture_pair():
    comparison = compare_bags(LECTURE_PAIR[0].text, LECTURE_PAIR[1].text, n=2)
    assert not comparison.identical
    assert comparison.n == 2
    assert "not good" in comparison.words


def test_compare_bags_rejects_bad_sentences():
    # The sentences' checks (shared with the figure) are tested in test_viz_checks.py.
    with pytest.raises(ValueError, match=r"sentence_b contains no words"):
        compare_bags("good movie", "?!")


# --- render_comparison --------------------------------------------------------------


def test_render_comparison_says_identical_for_the_lecture_pair():
    page = render_comparison(compare_bags(LECTURE_PAIR[0].text, LECTURE_PAIR[1].text))
    assert "identical vectors" in page
    assert "cannot tell these sentences apart" in page
    assert "different vectors" not in page
    assert page.count("<th style='padding:2px 6px'>") == 9 + 2  # words, then rows A and B


def test_render_comparison_says_different_for_different_bags():
    page = render_comparison(compare_bags("good movie", "bad movie"))
    assert "different vectors" in page
    assert "identical vectors" not in page
    assert "<td style='text-align:center'>1</td>" in page


def test_render_comparison_escapes_html_in_words():
    comparison = BowComparison(words=("<b>", "a&b"), counts_a=(1, 0), counts_b=(0, 1))
    page = render_comparison(comparison)
    assert "&lt;b&gt;" in page and "a&amp;b" in page
    assert "<th style='padding:2px 6px'><b></th>" not in page


def test_render_comparison_names_the_ngram_unit():
    page = render_comparison(compare_bags("good movie", "bad movie", n=2))
    assert "different bags of bigrams" in page


def test_render_comparison_rejects_a_non_comparison():
    with pytest.raises(TypeError, match=r"comparison must be a BowComparison, got tuple"):
        render_comparison((("a",), (1,), (1,)))


def test_bow_comparison_identical_compares_counts():
    assert BowComparison(("a",), (1,), (1,)).identical
    assert not BowComparison(("a", "b"), (1, 0), (0, 1)).identical


# --- bow_explorer -------------------------------------------------------------------


def test_bow_explorer_shows_the_lecture_pair_by_default():
    box = bow_explorer()
    assert isinstance(box, widgets.VBox)
    texts = children_of(box, widgets.Text)
    assert [t.value for t in texts] == [LECTURE_PAIR[0].text, LECTURE_PAIR[1].text]
    (table,) = children_of(box, widgets.HTML)
    assert "identical vectors" in table.value


def test_bow_explorer_updates_its_table_when_a_sentence_changes():
    box = bow_explorer("good movie", "good movie")
    box_a, _ = children_of(box, widgets.Text)
    (table,) = children_of(box, widgets.HTML)
    assert "identical vectors" in table.value
    box_a.value = "bad movie"
    assert "different vectors" in table.value
    assert "<th style='padding:2px 6px'>bad</th>" in table.value


def test_bow_explorer_shows_the_error_for_an_empty_sentence():
    box = bow_explorer()
    _, box_b = children_of(box, widgets.Text)
    (table,) = children_of(box, widgets.HTML)
    box_b.value = ""
    assert "sentence_b contains no words" in table.value
    assert "<table" not in table.value


def test_bow_explorer_rejects_bad_arguments():
    with pytest.raises(TypeError, match=r"sentence_a must be a str, got int"):
        bow_explorer(5)
    with pytest.raises(ValueError, match=r"n must be 1, 2 or 3 in the explorer, got 4"):
        bow_explorer(n=4)
    with pytest.raises(ValueError, match=r"sentence_a contains no words"):
        bow_explorer("?!")  # a bad start raises; typed later, it is shown (test above)


def test_bow_explorer_offers_the_preset_pairs_and_every_n_on_the_website():
    page = bow_explorer().site_html
    assert "data-states='15'" in page  # 5 pairs (the lecture's first) x n = 1, 2, 3
    for sentence_a, sentence_b in PRESET_PAIRS:
        for n in (1, 2, 3):
            assert render_comparison(compare_bags(sentence_a, sentence_b, n)) in page
    custom = bow_explorer("good movie", "movie good").site_html
    assert html.escape("good movie / movie good") in custom and "data-states='15'" in custom
