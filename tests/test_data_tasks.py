"""Tests of seqlab.data.tasks: the generated datasets of the five modeling tasks."""

from __future__ import annotations

import pytest
import torch

from seqlab.data import (
    LECTURE_PAIR,
    SYMBOL_BOS,
    SYMBOL_EOS,
    SYMBOL_PAD,
    SYMBOL_TOKENS,
    SymbolExample,
    TaggedSentence,
    decode_symbols,
    make_letter_bags,
    make_negation_scope_data,
    make_polarity_phrases,
    make_reversal_data,
    negation_scope_tags,
    to_bag_tensors,
    to_reversal_tensors,
    to_tagging_tensors,
)
from seqlab.data.sentiment import NEGATIVE_WORDS, POSITIVE_WORDS
from seqlab.text import Vocabulary, tokenize

# --- one-to-one: polarity phrases ----------------------------------------------------


def test_polarity_phrases_hold_out_one_phrase_per_adjective_and_negation():
    train, test = make_polarity_phrases()
    assert (len(train), len(test)) == (128, 32)
    assert not {e.text for e in train} & {e.text for e in test}
    for adjective in POSITIVE_WORDS + NEGATIVE_WORDS:
        for negated in (False, True):
            seen = [e for e in train if e.text.split()[-1] == adjective
                    and (e.text.split()[0] == "not") == negated]
            assert len(seen) == 4  # 5 intensifier variants, one held out


def test_polarity_phrase_label_is_the_adjective_polarity_flipped_by_not():
    train, test = make_polarity_phrases()
    for example in train + test:
        words = example.text.split()
        positive = words[-1] in POSITIVE_WORDS
        assert example.label == int(positive != (words[0] == "not"))
    assert any(e.text == "not awful" and e.label == 1 for e in train + test)


def test_polarity_phrases_are_deterministic_per_seed():
    assert make_polarity_phrases(seed=3) == make_polarity_phrases(seed=3)
    assert make_polarity_phrases(seed=3)[1] != make_polarity_phrases(seed=4)[1]


def test_polarity_phrases_reject_a_split_that_leaves_a_group_empty():
    with pytest.raises(ValueError, match=r"^n_test_per_group must be < the group size=5, got 5$"):
        make_polarity_phrases(n_test_per_group=5)
    with pytest.raises(TypeError, match="n_test_per_group"):
        make_polarity_phrases(n_test_per_group=1.0)


# --- many-to-many, synced: negation scope ---------------------------------------------


def test_negation_scope_of_the_lecture_pair():
    tokens_a, tokens_b = (tokenize(e.text) for e in LECTURE_PAIR)
    # ... has not [seen] is good: the relative clause ends at "is".
    assert negation_scope_tags(tokens_a) == [0, 0, 0, 0, 0, 0, 1, 0, 0]
    # ... has seen is not [good]: the main clause runs to the end.
    assert negation_scope_tags(tokens_b) == [0, 0, 0, 0, 0, 0, 0, 0, 1]


def test_negation_scope_covers_the_rest_of_the_clause_and_not_the_cue():
    tokens = "the book has not read really is truly bad".split()
    assert negation_scope_tags(tokens) == [0, 0, 0, 0, 1, 1, 0, 0, 0]
    assert negation_scope_tags("it was good but not great today".split()) == [
        0, 0, 0, 0, 0, 1, 1]
    assert negation_scope_tags(["fine"]) == [0]


def test_negation_scope_rejects_a_string():
    with pytest.raises(TypeError, match="tokens"):
        negation_scope_tags("the movie is not good")


def test_negation_scope_data_tags_every_token_with_the_rule():
    sentences = make_negation_scope_data(20, seed=0)
    assert len(sentences) == 40
    for sentence in sentences:
        assert isinstance(sentence, TaggedSentence)
        assert list(sentence.tags) == negation_scope_tags(list(sentence.tokens))
        assert sum(sentence.tags) >= 1 and "not" in sentence.tokens
    # Within a pair the same words get different tags: the order decides.
    first, second = sentences[0], sentences[1]
    assert sorted(first.tokens) == sorted(second.tokens) and first.tags != second.tags


def test_negation_scope_data_excludes_given_sentences():
    train = make_negation_scope_data(50, seed=0)
    texts = [" ".join(s.tokens) for s in train]
    test = make_negation_scope_data(50, seed=0, exclude=texts)
    assert not {" ".join(s.tokens) for s in test} & set(texts)


def test_tagging_tensors_pad_ids_with_pad_and_tags_with_minus_100():
    sentences = make_negation_scope_data(10, gap=(0, 2), seed=1)
    vocab = Vocabulary([list(s.tokens) for s in sentences])
    token_ids, lengths, tags = to_tagging_tensors(sentences, vocab)
    assert token_ids.shape == tags.shape == (20, int(lengths.max()))
    for i, sentence in enumerate(sentences):
        n = len(sentence.tokens)
        assert lengths[i] == n
        assert tags[i, :n].tolist() == list(sentence.tags)
        assert (tags[i, n:] == -100).all() and (token_ids[i, n:] == vocab.pad_index).all()


def test_tagging_tensors_reject_bad_input():
    sentence = TaggedSentence(("not", "good"), (0, 1))
    vocab = Vocabulary([["not", "good"]])
    with pytest.raises(TypeError, match="vocab"):
        to_tagging_tensors([sentence], {"not": 2})
    with pytest.raises(TypeError, match="sentences"):
        to_tagging_tensors(sentence, vocab)
    with pytest.raises(ValueError, match="sentences"):
        to_tagging_tensors([], vocab)
    with pytest.raises(ValueError, match=r"sentences\[0\] has 2 tokens but 1 tags"):
        to_tagging_tensors([TaggedSentence(("not", "good"), (0,))], vocab)


# --- one-to-many: letter bags ---------------------------------------------------------


def test_letter_bags_are_all_multisets_split_into_disjoint_parts():
    train, test = make_letter_bags()
    # multisets of 2..5 of 8 letters: C(9,2) + C(10,3) + C(11,4) + C(12,5)
    assert (len(train), len(test)) == (1022, 256)  # 20% of 1278, rounded
    assert not {e.target for e in train} & {e.target for e in test}


def test_letter_bag_target_is_the_source_sorted():
    train, test = make_letter_bags(seed=2)
    for example in train + test:
        assert example.target == "".join(sorted(example.source))
    assert any(e.source != e.target for e in train)  # sources come in random order


def test_letter_bags_reject_bad_sizes():
    with pytest.raises(ValueError, match="min_size must be <= max_size, got 4 > 3"):
        make_letter_bags(min_size=4, max_size=3)
    with pytest.raises(ValueError, match="min_size must be >= 1"):
        make_letter_bags(min_size=0)
    with pytest.raises(ValueError, match="max_size must be >= 1"):
        make_letter_bags(min_size=1, max_size=0)
    with pytest.raises(ValueError, match="test_fraction"):
        make_letter_bags(test_fraction=1.0)
    with pytest.raises(TypeError, match="test_fraction"):
        make_letter_bags(test_fraction="0.2")


def test_bag_tensors_count_letters_and_shift_the_targets_for_teacher_forcing():
    examples = [SymbolExample("cbc", "bcc"), SymbolExample("ha", "ah")]
    counts, decoder_inputs, targets = to_bag_tensors(examples)
    assert counts.tolist() == [[0, 1, 2, 0, 0, 0, 0, 0], [1, 0, 0, 0, 0, 0, 0, 1]]
    b, c, a, h = (SYMBOL_TOKENS.index(x) for x in "bcah")
    assert decoder_inputs.tolist() == [[SYMBOL_BOS, b, c, c], [SYMBOL_BOS, a, h, SYMBOL_PAD]]
    assert targets.tolist() == [[b, c, c, SYMBOL_EOS], [a, h, SYMBOL_EOS, -100]]


def test_bag_tensors_reject_unknown_letters():
    with pytest.raises(ValueError, match=r"examples\[0\].source must use only the letters "
                                         r"'abcdefgh', found 'x', 'y', 'z'$"):
        to_bag_tensors([SymbolExample("xyz", "xyz")])


# --- encoder-decoder: reversal --------------------------------------------------------


def test_reversal_data_are_distinct_reversed_strings_in_the_length_range():
    examples = make_reversal_data(300, min_len=2, max_len=4, seed=0)
    assert len({e.source for e in examples}) == 300
    for example in examples:
        assert example.target == example.source[::-1] and 2 <= len(example.source) <= 4
    assert make_reversal_data(300, min_len=2, max_len=4, seed=0) == examples


def test_reversal_data_exclude_gives_a_disjoint_test_set():
    train = make_reversal_data(500, seed=0)
    test = make_reversal_data(100, seed=0, exclude=[e.source for e in train])
    assert not {e.source for e in train} & {e.source for e in test}


def test_reversal_data_reject_bad_arguments():
    with pytest.raises(ValueError, match="n=100"):
        make_reversal_data(100, min_len=1, max_len=2)  # only 8 + 64 strings
    with pytest.raises(ValueError, match="n=72 is more than the 72 strings"):
        make_reversal_data(72, min_len=1, max_len=2, exclude=["a"])  # 72 - 1 remain
    with pytest.raises(ValueError, match="n must be >= 1"):
        make_reversal_data(0)
    with pytest.raises(ValueError, match="min_len must be <= max_len"):
        make_reversal_data(10, min_len=5, max_len=3)
    with pytest.raises(TypeError, match="exclude must be an iterable of str"):
        make_reversal_data(10, exclude="abc")
    with pytest.raises(TypeError, match=r"exclude must contain only str, found int"):
        make_reversal_data(10, exclude=[1])


def test_reversal_tensors_round_trip_through_decode_symbols():
    examples = make_reversal_data(50, seed=3)
    source_ids, lengths, decoder_inputs, targets = to_reversal_tensors(examples)
    assert source_ids.shape == (50, int(lengths.max()))
    assert decoder_inputs.shape == targets.shape == (50, int(lengths.max()) + 1)
    for i, example in enumerate(examples):
        assert decode_symbols(source_ids[i]) == example.source
        assert decode_symbols(decoder_inputs[i]) == example.target
        assert decode_symbols(targets[i, : len(example.target) + 1]) == example.target
        assert (targets[i, len(example.target) + 1:] == -100).all()


def test_decode_symbols_stops_at_eos_and_skips_pad_and_bos():
    assert decode_symbols([SYMBOL_BOS, 6, 5, 4, SYMBOL_EOS, 3, SYMBOL_PAD]) == "dcb"
    assert decode_symbols(torch.tensor([3, 4, SYMBOL_PAD])) == "ab"
    with pytest.raises(ValueError, match=r"ids\[1\] must be < len\(vocab\)=11, got 11"):
        decode_symbols([3, 11])


# --- every generator and encoder of the symbol and phrase tasks is wired to its checks -----


@pytest.mark.parametrize("make", [make_polarity_phrases, make_letter_bags,
                                  lambda seed: make_reversal_data(10, seed=seed)],
                         ids=["polarity_phrases", "letter_bags", "reversal_data"])
def test_generators_reject_a_negative_seed(make):
    with pytest.raises(ValueError, match="seed must be >= 0, got -1"):
        make(seed=-1)


@pytest.mark.parametrize("encode", [to_bag_tensors, to_reversal_tensors])
def test_symbol_tensors_reject_what_is_not_a_list_of_examples(encode):
    with pytest.raises(TypeError, match="examples must be a list of SymbolExample"):
        encode("abc")
    with pytest.raises(ValueError, match="examples must contain at least one SymbolExample"):
        encode([])
    with pytest.raises(ValueError, match=r"examples\[0\].source must hold at least one letter"):
        encode([SymbolExample("", "")])
