"""Unit tests of seqlab.data: the lecture pair, minimal pairs, padding and encoding, and
(seqlab.data.batching, chapter 7) the character vocabulary, the split and the stream
batches of truncated BPTT."""

from __future__ import annotations

import dataclasses
import pkgutil
import random

import pytest
import torch
from torch import nn

from seqlab import data
from seqlab.data import (
    FAMILIES,
    IGNORE_INDEX,
    LECTURE_PAIR,
    CharVocab,
    Example,
    build_vocab,
    char_label,
    load_stdlib_corpus,
    make_minimal_pairs,
    pad_sequences,
    stream_batches,
    to_bow_tensors,
    to_sequence_tensors,
    train_val_split,
)
from seqlab.text import Vocabulary, bag_of_words, tokenize

# The test's own sentiment judgement of every adjective the generator may use.
POSITIVE = {"good", "great", "excellent", "wonderful", "fun", "brilliant", "charming", "superb"}
NEGATIVE = {"bad", "boring", "awful", "dull", "terrible", "weak", "poor", "tedious"}
STRUCTURE = {"the", "was", "but", "is", "has", "not"}


def polarity(adjective: str) -> int:
    assert adjective in POSITIVE | NEGATIVE, f"unexpected adjective {adjective!r}"
    return int(adjective in POSITIVE)


def pairs_of(examples: list[Example]) -> list[tuple[Example, Example]]:
    return list(zip(examples[::2], examples[1::2], strict=True))


def test_the_package_re_exports_every_public_name_of_each_data_module():
    names = []
    for info in pkgutil.iter_modules(data.__path__):
        module = getattr(data, info.name)
        names += module.__all__
        assert all(getattr(data, name) is getattr(module, name) for name in module.__all__)
    assert sorted(data.__all__) == sorted(names)  # each exactly once, nothing else


def test_families_and_the_ignored_target_value():
    assert FAMILIES == ("negation", "contrast")
    assert IGNORE_INDEX == nn.CrossEntropyLoss().ignore_index == -100


# --- LECTURE_PAIR -------------------------------------------------------------------


def test_lecture_pair_is_the_slide_verbatim_with_labels():
    positive, negative = LECTURE_PAIR
    assert positive.text == "The movie my friend has not seen is good"
    assert positive.label == 1
    assert negative.text == "The movie my friend has seen is not good"
    assert negative.label == 0
    assert positive.family == negative.family == "negation"


def test_lecture_pair_has_identical_sorted_tokens():
    tokens_a, tokens_b = (tokenize(e.text) for e in LECTURE_PAIR)
    assert tokens_a != tokens_b
    assert sorted(tokens_a) == sorted(tokens_b)


def test_example_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        LECTURE_PAIR[0].label = 0  # type: ignore[misc]


# --- make_minimal_pairs: structure --------------------------------------------------


@pytest.mark.parametrize("family", ["negation", "contrast", "both"])
def test_minimal_pairs_are_adjacent_with_shared_pair_id_and_opposite_labels(family):
    examples = make_minimal_pairs(50, family=family, gap=1, seed=3)
    assert len(examples) == 100
    for pair_id, (first, second) in enumerate(pairs_of(examples)):
        assert first.pair_id == second.pair_id == pair_id
        assert {first.label, second.label} == {0, 1}
        assert first.family == second.family
        assert first.gap == second.gap == 1
        assert first.text != second.text


@pytest.mark.parametrize("family", ["negation", "contrast"])
def test_minimal_pairs_have_identical_bags_of_words(family):
    examples = make_minimal_pairs(100, family=family, gap=(0, 3), seed=1)
    vocab = build_vocab(examples)
    for first, second in pairs_of(examples):
        assert sorted(tokenize(first.text)) == sorted(tokenize(second.text))
        assert torch.equal(bag_of_words(tokenize(first.text), vocab),
                           bag_of_words(tokenize(second.text), vocab))


def test_minimal_pairs_are_deterministic_per_seed():
    assert make_minimal_pairs(30, "both", (0, 4), seed=7) == \
        make_minimal_pairs(30, "both", (0, 4), seed=7)


def test_minimal_pairs_differ_across_seeds():
    texts_0 = [e.text for e in make_minimal_pairs(30, "both", 2, seed=0)]
    texts_1 = [e.text for e in make_minimal_pairs(30, "both", 2, seed=1)]
    assert texts_0 != texts_1


def test_minimal_pairs_leave_the_global_random_state_untouched():
    random.seed(123)
    expected = random.random()
    random.seed(123)
    make_minimal_pairs(10, seed=5)
    assert random.random() == expected


def test_family_both_alternates_negation_and_contrast():
    examples = make_minimal_pairs(6, family="both", seed=0)
    families = [first.family for first, _ in pairs_of(examples)]
    assert families == ["negation", "contrast"] * 3


def test_default_family_is_negation():
    assert {e.family for e in make_minimal_pairs(10)} == {"negation"}


def test_generated_text_is_lower_case_and_already_tokenized():
    for example in make_minimal_pairs(40, "both", (0, 2), seed=2):
        assert example.text == " ".join(tokenize(example.text))


# --- make_minimal_pairs: gap --------------------------------------------------------


@pytest.mark.parametrize("gap", [0, 1, 3, 6])
def test_contrast_gap_puts_gap_fillers_in_each_of_the_four_slots(gap):
    for example in make_minimal_pairs(20, family="contrast", gap=gap, seed=gap):
        tokens = tokenize(example.text)
        assert len(tokens) == 9 + 4 * gap
        first_the = tokens.index("the")
        but = tokens.index("but")
        second_the = tokens.index("the", but)
        before_first_clause = tokens[:first_the]
        after_first_adjective = tokens[first_the + 4 : but]
        after_but = tokens[but + 1 : second_the]
        at_the_end = tokens[second_the + 4 :]
        for slot in (before_first_clause, after_first_adjective, after_but, at_the_end):
            assert len(slot) == gap, tokens
            assert not set(slot) & (STRUCTURE | POSITIVE | NEGATIVE), tokens
        assert tokens[first_the + 2] == tokens[second_the + 2] == "was"


@pytest.mark.parametrize("gap", [0, 1, 3, 6])
def test_negation_gap_puts_gap_fillers_in_each_of_three_slots(gap):
    for example in make_minimal_pairs(20, family="negation", gap=gap, seed=gap):
        tokens = tokenize(example.text)
        # the N poss person has [not] verb ... is [not] adjective: 9 words plus 3 * gap fillers
        assert len(tokens) == 9 + 3 * gap
        assert tokens.index("the") == gap
        assert tokens[gap + 4] == "has"
        assert tokens.count("not") == 1
        is_position = tokens.index("is")
        between_has_and_is = [t for t in tokens[gap + 5 : is_position] if t != "not"]
        assert len(between_has_and_is) == 1 + gap  # the verb, then the middle fillers
        adjective_position = is_position + (2 if tokens[is_position + 1] == "not" else 1)
        assert len(tokens) - adjective_position - 1 == gap


def test_gap_range_draws_each_pairs_gap_inclusively():
    examples = make_minimal_pairs(200, family="both", gap=(1, 3), seed=0)
    gaps = {e.gap for e in examples}
    assert gaps == {1, 2, 3}
    for example in examples:
        fillers = 4 if example.family == "contrast" else 3
        assert len(tokenize(example.text)) == 9 + fillers * example.gap


def test_gap_range_with_equal_ends_is_a_fixed_gap():
    assert {e.gap for e in make_minimal_pairs(20, gap=(2, 2))} == {2}


# --- make_minimal_pairs: labels -----------------------------------------------------


def test_negation_label_is_flipped_by_not_in_the_main_clause():
    for example in make_minimal_pairs(200, family="negation", gap=(0, 2), seed=4):
        tokens = tokenize(example.text)
        adjective = tokens[-1 - example.gap]
        not_in_main_clause = tokens[-2 - example.gap] == "not"
        expected = 1 - polarity(adjective) if not_in_main_clause else polarity(adjective)
        assert example.label == expected, example


def test_contrast_label_is_decided_by_the_adjective_after_but():
    for example in make_minimal_pairs(200, family="contrast", gap=(0, 2), seed=4):
        tokens = tokenize(example.text)
        after_but = tokens[tokens.index("but"):]
        adjectives = [t for t in tokens if t in POSITIVE | NEGATIVE]
        assert len(adjectives) == 2 and polarity(adjectives[0]) != polarity(adjectives[1])
        decisive = next(t for t in after_but if t in POSITIVE | NEGATIVE)
        assert example.label == polarity(decisive), example


def test_lecture_sentences_are_never_generated():
    lecture = {" ".join(tokenize(e.text)) for e in LECTURE_PAIR}
    generated = {" ".join(tokenize(e.text))
                 for e in make_minimal_pairs(5000, family="negation", gap=0, seed=0)}
    assert not generated & lecture
    # the generator does produce the lecture's template with other words
    assert any(text.startswith("the movie my friend has") for text in generated)


# --- make_minimal_pairs: exclude ----------------------------------------------------


def test_exclude_keeps_excluded_sentences_out():
    train = make_minimal_pairs(20, family="contrast", seed=0)
    test = make_minimal_pairs(20, family="contrast", seed=0,
                              exclude=[e.text for e in train])
    assert not {e.text for e in train} & {e.text for e in test}
    assert len(test) == 40


def test_exclude_compares_tokenized_lower_case_text():
    first = make_minimal_pairs(1, seed=0)[0].text
    shouted = first.upper().replace(" ", ",  ") + "!"
    redrawn = make_minimal_pairs(1, seed=0, exclude=[shouted])
    assert first not in {e.text for e in redrawn}


def test_exclude_that_removes_everything_raises_value_error(monkeypatch):
    fixed = (["the", "a", "was", "good"], ["the", "a", "was", "bad"], 1)
    monkeypatch.setattr(data.sentiment, "_negation_pair", lambda rng, gap: fixed)
    with pytest.raises(ValueError, match=r"exclude removes too many"):
        make_minimal_pairs(2, exclude=["the a was good"])


def test_exclude_rejects_a_bare_string_and_non_strings():
    with pytest.raises(TypeError, match=r"exclude must be an iterable of sentences"):
        make_minimal_pairs(1, exclude="the movie is good")
    with pytest.raises(TypeError, match=r"exclude must be an iterable of sentences"):
        make_minimal_pairs(1, exclude=3)
    with pytest.raises(TypeError, match=r"exclude must contain only str, found int"):
        make_minimal_pairs(1, exclude=["ok", 3])


# --- make_minimal_pairs: bad arguments ----------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"n_pairs": 0}, ValueError, r"n_pairs must be >= 1"),
        ({"family": "sarcasm"}, ValueError, r"family must be 'negation', 'contrast' or 'both'"),
        ({"gap": -1}, ValueError, r"gap must be >= 0"),
        ({"gap": (3, 1)}, ValueError, r"gap must have low <= high"),
        ({"gap": (1, 2, 3)}, ValueError, r"gap must be a \(low, high\) pair, got \(1, 2, 3\)"),
        ({"gap": (-1, 2)}, ValueError, r"gap must be >= 0"),
        ({"seed": "0"}, TypeError, r"seed must be an int"),
    ],
)
def test_make_minimal_pairs_rejects_bad_arguments(kwargs, error, message):
    arguments = {"n_pairs": 2, **kwargs}
    with pytest.raises(error, match=message):
        make_minimal_pairs(**arguments)


# --- build_vocab --------------------------------------------------------------------


def test_build_vocab_equals_vocabulary_of_tokenized_texts():
    examples = make_minimal_pairs(20, "both", 1, seed=0)
    vocab = build_vocab(examples)
    assert vocab.itos == Vocabulary([tokenize(e.text) for e in examples]).itos
    assert build_vocab(list(LECTURE_PAIR)).itos[:2] == ["<pad>", "<unk>"]


def test_build_vocab_passes_min_freq():
    examples = [Example("a a b", 1), Example("a c", 0)]
    assert build_vocab(examples, min_freq=2).itos == ["<pad>", "<unk>", "a"]


def test_build_vocab_rejects_bad_examples():
    with pytest.raises(TypeError, match=r"examples must be a list of seqlab.data.Example, "
                       r"got Example"):
        build_vocab(LECTURE_PAIR[0])
    with pytest.raises(TypeError, match=r"examples must contain only Example, found str"):
        build_vocab(["a sentence"])
    with pytest.raises(ValueError, match=r"examples must contain at least one example"):
        build_vocab([])


# --- pad_sequences ------------------------------------------------------------------


def test_pad_sequences_right_pads_to_the_longest_and_returns_lengths():
    token_ids, lengths = pad_sequences([[5, 6, 7], [8], [9, 10]])
    assert token_ids.dtype == lengths.dtype == torch.long
    assert token_ids.tolist() == [[5, 6, 7], [8, 0, 0], [9, 10, 0]]
    assert lengths.tolist() == [3, 1, 2]


def test_pad_sequences_uses_pad_index_and_max_len():
    token_ids, lengths = pad_sequences([[5, 6], [7]], pad_index=-1, max_len=4)
    assert token_ids.shape == (2, 4)
    assert token_ids.tolist() == [[5, 6, -1, -1], [7, -1, -1, -1]]
    assert lengths.tolist() == [2, 1]


def test_pad_sequences_accepts_tuples_and_integer_tensors():
    token_ids, lengths = pad_sequences([(1, 2), torch.tensor([3, 4, 5])])
    assert token_ids.tolist() == [[1, 2, 0], [3, 4, 5]]
    assert lengths.tolist() == [2, 3]


def test_pad_sequences_refuses_an_empty_sequence():
    with pytest.raises(ValueError, match=r"sequences\[1\] must contain at least one token id"):
        pad_sequences([[1], []])
    with pytest.raises(ValueError, match=r"sequences must contain at least one sequence"):
        pad_sequences([])


def test_pad_sequences_refuses_max_len_shorter_than_longest():
    with pytest.raises(ValueError, match=r"max_len=2 is shorter than the longest sequence \(3\)"):
        pad_sequences([[1, 2, 3]], max_len=2)
    with pytest.raises(ValueError, match=r"max_len must be >= 1"):
        pad_sequences([[1]], max_len=0)


def test_pad_sequences_rejects_bad_types():
    with pytest.raises(TypeError, match=r"sequences must be a list of id lists"):
        pad_sequences(torch.ones(2, 3, dtype=torch.long))
    with pytest.raises(TypeError, match=r"sequences must be a list of id lists"):
        pad_sequences("abc")
    with pytest.raises(TypeError, match=r"sequences\[0\] must be a list of int ids, got int"):
        pad_sequences([1, 2])
    with pytest.raises(TypeError, match=r"sequences\[0\] must contain only int ids, found str"):
        pad_sequences([["a"]])
    with pytest.raises(TypeError, match=r"sequences\[0\] must contain only int ids, found float"):
        pad_sequences([[1.5]])
    with pytest.raises(TypeError, match=r"sequences\[0\] must be an integer tensor"):
        pad_sequences([torch.tensor([1.7, 2.2])])
    with pytest.raises(TypeError, match=r"pad_index must be an int"):
        pad_sequences([[1]], pad_index="0")
    with pytest.raises(TypeError, match=r"max_len must be an int"):
        pad_sequences([[1]], max_len=2.0)


# --- to_sequence_tensors / to_bow_tensors -------------------------------------------


def test_to_sequence_tensors_shapes_lengths_and_labels():
    examples = make_minimal_pairs(5, "both", (0, 2), seed=0)
    vocab = build_vocab(examples)
    token_ids, lengths, labels = to_sequence_tensors(examples, vocab)
    true_lengths = [len(tokenize(e.text)) for e in examples]
    assert token_ids.shape == (10, max(true_lengths))
    assert lengths.tolist() == true_lengths
    assert labels.tolist() == [e.label for e in examples]
    for row, length, example in zip(token_ids, lengths, examples, strict=True):
        assert vocab.decode(row[:length]) == tokenize(example.text)
        assert (row[length:] == vocab.pad_index).all()


def test_to_sequence_tensors_pads_to_max_len_and_maps_unknown_words_to_1():
    vocab = Vocabulary([["good"]])
    token_ids, lengths, labels = to_sequence_tensors([Example("Good, new!", 1)], vocab,
                                                     max_len=5)
    assert token_ids.tolist() == [[2, 1, 0, 0, 0]]
    assert lengths.tolist() == [2]
    assert labels.tolist() == [1]


def test_to_sequence_tensors_rejects_bad_input():
    vocab = build_vocab(list(LECTURE_PAIR))
    with pytest.raises(TypeError, match=r"vocab must be a seqlab.text.Vocabulary"):
        to_sequence_tensors(list(LECTURE_PAIR), {"the": 2})
    with pytest.raises(ValueError, match=r"examples\[1\]\.text has no words"):
        to_sequence_tensors([LECTURE_PAIR[0], Example("?!", 0)], vocab)
    with pytest.raises(ValueError, match=r"max_len=3 is shorter than the longest"):
        to_sequence_tensors(list(LECTURE_PAIR), vocab, max_len=3)
    with pytest.raises(ValueError, match=r"examples must contain at least one example"):
        to_sequence_tensors([], vocab)


def test_to_bow_tensors_shapes_and_identical_rows_within_pairs():
    examples = make_minimal_pairs(8, "both", 1, seed=0)
    vocab = build_vocab(examples)
    counts, labels = to_bow_tensors(examples, vocab)
    assert counts.shape == (16, len(vocab))
    assert counts.dtype == torch.float32
    assert labels.tolist() == [e.label for e in examples]
    torch.testing.assert_close(counts[0], bag_of_words(tokenize(examples[0].text), vocab),
                               rtol=0, atol=0)
    assert torch.equal(counts[0::2], counts[1::2])
    assert (labels[0::2] != labels[1::2]).all()


def test_to_bow_tensors_rejects_bad_input():
    with pytest.raises(TypeError, match=r"vocab must be a seqlab.text.Vocabulary, got list"):
        to_bow_tensors(list(LECTURE_PAIR), ["the"])
    with pytest.raises(TypeError, match=r"examples must contain only Example, found tuple"):
        to_bow_tensors([("a", 1)], build_vocab(list(LECTURE_PAIR)))


# --- CharVocab ----------------------------------------------------------------------


def test_char_vocab_is_sorted_and_round_trips():
    vocab = CharVocab("hello world")
    assert vocab.itos == (" ", "d", "e", "h", "l", "o", "r", "w")
    assert len(vocab) == 8 and "h" in vocab and "z" not in vocab
    ids = vocab.encode("hello")
    assert ids == [3, 2, 4, 4, 5]
    assert vocab.decode(ids) == "hello" and vocab.decode(torch.tensor([7, 5])) == "wo"


def test_char_vocab_encodes_like_the_word_vocabulary():
    # one concept, one return type: a list of int ids, for characters as for words
    assert CharVocab("ab").encode("ba") == [1, 0]
    assert Vocabulary([["a"]]).encode(["a", "b"]) == [2, 1]
    assert type(CharVocab("ab").encode("ba")) is type(Vocabulary([["a"]]).encode(["a"])) is list


def test_char_vocab_of_the_corpus_covers_it_and_is_deterministic():
    text = load_stdlib_corpus(max_chars=20_000)
    vocab = CharVocab(text)
    assert vocab.itos == tuple(sorted(set(text)))
    assert vocab.decode(vocab.encode(text)) == text


def test_char_vocab_rejects_bad_input():
    with pytest.raises(ValueError, match="at least one character"):
        CharVocab("")
    with pytest.raises(TypeError, match="text must be a str"):
        CharVocab(["a"])
    vocab = CharVocab("abc")
    with pytest.raises(ValueError, match=r"not in the vocabulary: \['z'\]"):
        vocab.encode("abz")
    # decode checks its ids with check_id_list, whose messages tests/test_checks.py tests
    with pytest.raises(ValueError, match=r"ids\[1\] must be < len\(vocab\)=3, got 3"):
        vocab.decode([0, 3])


def test_char_label_makes_whitespace_visible():
    assert [char_label(c) for c in " \n\tx"] == ["\u2423", "\u21b5", "\\t", "x"]
    with pytest.raises(ValueError, match="single character"):
        char_label("ab")


# --- train_val_split ----------------------------------------------------------------


def test_train_val_split_cuts_off_the_last_fraction_without_shuffling():
    ids = torch.arange(100)
    train, val = train_val_split(ids, 0.1)
    assert torch.equal(train, torch.arange(90)) and torch.equal(val, torch.arange(90, 100))


@pytest.mark.parametrize(
    ("ids", "fraction", "error", "match"),
    [
        (torch.arange(100), 0.0, ValueError, r"val_fraction must be in \(0, 1\), got 0.0"),
        (torch.arange(100), 1.0, ValueError, r"val_fraction must be in \(0, 1\), got 1.0"),
        (torch.arange(5), 0.1, ValueError, "too few for a split"),
        (torch.zeros(10), 0.1, TypeError, "ids must be an integer tensor"),
    ],
)
def test_train_val_split_rejects_bad_input(ids, fraction, error, match):
    with pytest.raises(error, match=match):
        train_val_split(ids, fraction)


# --- stream_batches -----------------------------------------------------------------


def test_stream_batches_targets_are_the_next_characters():
    ids = torch.arange(101)
    for inputs, targets in stream_batches(ids, batch_size=4, seq_len=7):
        assert inputs.shape == targets.shape and inputs.shape[0] == 4
        assert torch.equal(targets, inputs + 1)  # ids are positions here


def test_stream_batches_chunks_continue_each_stream():
    ids = torch.arange(101)  # 100 targets -> 4 streams of 25
    batches = stream_batches(ids, batch_size=4, seq_len=10)
    assert [inputs.shape[1] for inputs, _ in batches] == [10, 10, 5]
    streams = torch.cat([inputs for inputs, _ in batches], dim=1)  # (B, L)
    assert torch.equal(streams, torch.arange(100).view(4, 25))
    for (_, previous_targets), (next_inputs, _) in zip(batches, batches[1:], strict=False):
        # a carried hidden state has read exactly up to here
        assert torch.equal(next_inputs[:, 0], previous_targets[:, -1])


def test_stream_batches_with_one_stream_covers_every_transition():
    ids = torch.randint(0, 5, (57,), generator=torch.Generator().manual_seed(0))
    batches = stream_batches(ids, batch_size=1, seq_len=8)
    assert torch.equal(torch.cat([t for _, t in batches], dim=1)[0], ids[1:])
    assert torch.equal(torch.cat([x for x, _ in batches], dim=1)[0], ids[:-1])


def test_stream_batches_drops_only_the_remainder():
    batches = stream_batches(torch.arange(12), batch_size=3, seq_len=100)  # 11 targets
    assert len(batches) == 1 and batches[0][1].numel() == 9


def test_stream_batches_rejects_bad_input():
    with pytest.raises(ValueError, match=r"^ids must be longer than batch_size=5, got length 5$"):
        stream_batches(torch.arange(5), batch_size=5, seq_len=2)
    with pytest.raises(ValueError, match="seq_len must be >= 1"):
        stream_batches(torch.arange(50), batch_size=2, seq_len=0)
    with pytest.raises(ValueError, match="batch_size must be >= 1"):
        stream_batches(torch.arange(50), batch_size=0, seq_len=4)
    with pytest.raises(TypeError, match="ids must be an integer tensor"):
        stream_batches(torch.rand(50), batch_size=2, seq_len=4)


def test_char_label_and_encode_reject_what_is_not_a_str():
    with pytest.raises(TypeError, match="char must be a str, got int"):
        char_label(3)
    with pytest.raises(TypeError, match="text must be a str, got list"):
        CharVocab("ab").encode(["a"])
