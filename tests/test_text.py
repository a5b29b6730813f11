"""Unit tests of seqlab.text: tokens, the vocabulary, bags of words and n-grams."""

from __future__ import annotations

import random

import pytest
import torch

from seqlab import text
from seqlab.data import LECTURE_PAIR
from seqlab.text import PAD, UNK, Vocabulary, bag_of_words, ngrams, tokenize


def test_public_names_are_importable_and_the_special_tokens_are_pad_and_unk():
    assert all(hasattr(text, name) for name in text.__all__)
    assert (PAD, UNK) == ("<pad>", "<unk>")


# --- tokenize -----------------------------------------------------------------------


def test_tokenize_lower_cases_and_drops_punctuation():
    assert tokenize("The movie is NOT good!") == ["the", "movie", "is", "not", "good"]
    assert tokenize("Well, well... (really?) yes; no: ok.") == [
        "well", "well", "really", "yes", "no", "ok"]


def test_tokenize_keeps_apostrophes_inside_words():
    assert tokenize("It isn't bad, I don't mind") == ["it", "isn't", "bad", "i", "don't", "mind"]


def test_tokenize_treats_typographic_apostrophe_like_ascii():
    assert tokenize("It isn\u2019t bad") == tokenize("It isn't bad")


def test_tokenize_drops_quotation_marks_around_words():
    assert tokenize("The movie is 'good'") == ["the", "movie", "is", "good"]


def test_tokenize_keeps_digits_and_non_ascii_letters():
    assert tokenize("Café 2024 Über") == ["café", "2024", "über"]


def test_tokenize_keeps_not_because_no_stop_words_are_removed():
    tokens = tokenize("The movie my friend has seen is not good")
    assert tokens == ["the", "movie", "my", "friend", "has", "seen", "is", "not", "good"]
    assert "not" in tokens and "the" in tokens and "is" in tokens


def test_tokenize_of_empty_or_punctuation_only_text_is_empty():
    assert tokenize("") == []
    assert tokenize("  ?!... ''' ") == []


def test_tokenize_rejects_non_string_text():
    with pytest.raises(TypeError, match=r"text must be a str, got bytes"):
        tokenize(b"bytes")


# --- Vocabulary ---------------------------------------------------------------------


def test_vocabulary_reserves_pad_at_0_and_unk_at_1():
    vocab = Vocabulary([["b", "a"]])
    assert vocab.itos[:2] == [PAD, UNK]
    assert vocab.stoi[PAD] == vocab.pad_index == 0
    assert vocab.stoi[UNK] == vocab.unk_index == 1


def test_vocabulary_orders_by_descending_frequency_with_alphabetical_ties():
    vocab = Vocabulary([["b", "c", "a", "c"], ["c", "b", "d"]])
    # c: 3, b: 2, then a and d once each (alphabetical)
    assert vocab.itos == [PAD, UNK, "c", "b", "a", "d"]


def test_vocabulary_is_deterministic_regardless_of_text_order():
    texts = [tokenize(e.text) for e in LECTURE_PAIR] + [["zebra", "apple", "apple"]]
    reference = Vocabulary(texts).itos
    shuffled = texts[:]
    for seed in range(5):
        random.Random(seed).shuffle(shuffled)
        assert Vocabulary(shuffled).itos == reference


def test_vocabulary_min_freq_leaves_rare_tokens_out_and_they_map_to_unk():
    vocab = Vocabulary([["a", "a", "b"], ["a", "c", "c"]], min_freq=2)
    assert vocab.itos == [PAD, UNK, "a", "c"]
    assert "b" not in vocab
    assert vocab.encode(["b"]) == [1]


def test_vocabulary_len_and_contains():
    vocab = Vocabulary([["x", "y"]])
    assert len(vocab) == 4
    assert "x" in vocab and "y" in vocab and PAD in vocab and UNK in vocab
    assert "z" not in vocab
    assert 3 not in vocab


def test_vocabulary_accepts_a_generator_of_token_lists():
    vocab = Vocabulary(tokenize(e.text) for e in LECTURE_PAIR)
    assert len(vocab) == 2 + 9


def test_vocabulary_encode_decode_round_trip():
    vocab = Vocabulary([tokenize(e.text) for e in LECTURE_PAIR])
    tokens = tokenize(LECTURE_PAIR[1].text)
    ids = vocab.encode(tokens)
    assert all(isinstance(i, int) for i in ids)
    assert vocab.decode(ids) == tokens
    assert vocab.decode(torch.tensor(ids)) == tokens


def test_vocabulary_encodes_unknown_words_as_1():
    vocab = Vocabulary([["good"]])
    assert vocab.encode(["good", "unseen", "words"]) == [2, 1, 1]


def test_vocabulary_decode_refuses_an_id_outside_the_vocabulary():
    # check_id_list's other messages are tested in tests/test_checks.py
    with pytest.raises(ValueError, match=r"ids\[1\] must be < len\(vocab\)=3, got 3"):
        Vocabulary([["a"]]).decode([0, 3])


def test_vocabulary_never_counts_special_tokens_as_words():
    vocab = Vocabulary([[PAD, UNK, "a"]])
    assert vocab.itos == [PAD, UNK, "a"]


def test_vocabulary_rejects_bad_input():
    with pytest.raises(TypeError, match=r"tokenized_texts must be an iterable of token lists"):
        Vocabulary("the movie")
    with pytest.raises(TypeError, match=r"tokenized_texts must be an iterable of token lists"):
        Vocabulary(5)
    with pytest.raises(TypeError, match=r"tokenized_texts\[1\] must be a list of str tokens"):
        Vocabulary([["a"], "the movie"])
    with pytest.raises(ValueError, match=r"min_freq must be >= 1"):
        Vocabulary([["a"]], min_freq=0)


def test_vocabulary_encode_rejects_a_bare_string():
    vocab = Vocabulary([["a"]])
    with pytest.raises(TypeError, match=r"tokens must be a list of str tokens"):
        vocab.encode("a b")


def test_vocabulary_repr_shows_size():
    assert repr(Vocabulary([["a"]])) == "Vocabulary(size=3: <pad>, <unk>, a)"


# --- bag_of_words -------------------------------------------------------------------


def test_bag_of_words_has_shape_v_and_float32_counts():
    vocab = Vocabulary([["a", "b", "c"]])
    vector = bag_of_words(["b", "a", "b"], vocab)
    assert vector.shape == (len(vocab),)
    assert vector.dtype == torch.float32
    expected = torch.zeros(len(vocab))
    expected[vocab.stoi["a"]] = 1.0
    expected[vocab.stoi["b"]] = 2.0
    torch.testing.assert_close(vector, expected, rtol=0, atol=0)


def test_bag_of_words_counts_unknown_words_toward_unk():
    vocab = Vocabulary([["good"]])
    vector = bag_of_words(["good", "new", "other", "good"], vocab)
    assert vector.tolist() == [0.0, 2.0, 2.0]


def test_bag_of_words_of_no_tokens_is_all_zero():
    vocab = Vocabulary([["a"]])
    assert bag_of_words([], vocab).tolist() == [0.0, 0.0, 0.0]


def test_bag_of_words_is_invariant_to_permutation():
    vocab = Vocabulary([tokenize(e.text) for e in LECTURE_PAIR])
    tokens = tokenize(LECTURE_PAIR[0].text)
    reference = bag_of_words(tokens, vocab)
    rng = random.Random(0)
    for _ in range(10):
        permuted = tokens[:]
        rng.shuffle(permuted)
        assert torch.equal(bag_of_words(permuted, vocab), reference)


def test_lecture_pair_has_identical_bag_of_words():
    tokens_a, tokens_b = (tokenize(e.text) for e in LECTURE_PAIR)
    vocab = Vocabulary([tokens_a, tokens_b])
    assert torch.equal(bag_of_words(tokens_a, vocab), bag_of_words(tokens_b, vocab))


def test_bag_of_words_rejects_bad_input():
    vocab = Vocabulary([["a"]])
    with pytest.raises(TypeError, match=r"tokens must be a list of str tokens"):
        bag_of_words("a sentence", vocab)
    with pytest.raises(TypeError, match=r"vocab must be a seqlab.text.Vocabulary, got dict"):
        bag_of_words(["a"], {"a": 2})


# --- ngrams -------------------------------------------------------------------------


def test_ngrams_joins_contiguous_windows_with_spaces():
    tokens = ["is", "not", "good"]
    assert ngrams(tokens, 1) == tokens
    assert ngrams(tokens, 2) == ["is not", "not good"]
    assert ngrams(tokens, 3) == ["is not good"]


def test_ngrams_of_a_sequence_shorter_than_n_is_empty():
    assert ngrams(["good"], 2) == []
    assert ngrams([], 1) == []


def test_bigrams_separate_the_lecture_pair():
    bigrams_a, bigrams_b = (set(ngrams(tokenize(e.text), 2)) for e in LECTURE_PAIR)
    assert bigrams_a != bigrams_b
    assert "not good" in bigrams_b and "not good" not in bigrams_a
    assert "not seen" in bigrams_a and "not seen" not in bigrams_b


def test_ngrams_rejects_bad_input():
    with pytest.raises(ValueError, match=r"n must be >= 1, got 0"):
        ngrams(["a"], 0)
    with pytest.raises(TypeError, match=r"tokens must be a list of str tokens"):
        ngrams("is not good", 2)
