"""Unit tests of seqlab.data.corpus: the embedded standard-library corpus, the
character vocabulary, the split and the stream batches of truncated BPTT."""

from __future__ import annotations

import gzip
import importlib.util
import json
import platform
from pathlib import Path

import pytest
import torch

from seqlab.data import (
    DEFAULT_MODULES,
    LARGE_MODULES,
    SNAPSHOT_PATH,
    SNAPSHOT_PYTHON,
    CharVocab,
    char_label,
    load_corpus,
    load_stdlib_corpus,
    stream_batches,
    train_val_split,
)
from seqlab.text import Vocabulary

# --- load_stdlib_corpus -------------------------------------------------------------


def test_default_modules_are_pure_python_files_of_this_installation():
    assert len(LARGE_MODULES) == len(set(LARGE_MODULES))
    for name in LARGE_MODULES:
        origin = importlib.util.find_spec(name).origin
        assert origin.endswith(".py"), name


def test_default_corpus_is_the_shipped_snapshot_joined_by_blank_lines():
    with gzip.open(SNAPSHOT_PATH, "rt", encoding="utf-8") as file:
        payload = json.load(file)
    assert payload["python_version"] == SNAPSHOT_PYTHON
    assert tuple(payload["modules"]) == LARGE_MODULES  # chapter 7's modules come first
    assert LARGE_MODULES[: len(DEFAULT_MODULES)] == DEFAULT_MODULES
    text = load_stdlib_corpus()
    assert text == "\n".join(payload["modules"][name] for name in DEFAULT_MODULES)
    assert len(text) == 139_351  # chapter 7's numbers come from exactly this text
    assert "def dedent(text):" in text  # textwrap, the first module
    assert (SNAPSHOT_PATH.parent / "LICENSE-PSF.txt").read_text().count(
        "PYTHON SOFTWARE FOUNDATION LICENSE VERSION 2") == 1


def test_interpreter_source_reads_the_running_pythons_files():
    text = load_stdlib_corpus(source="interpreter")
    files = [Path(importlib.util.find_spec(m).origin).read_text(encoding="utf-8")
             for m in DEFAULT_MODULES]
    assert text == "\n".join(files)
    if platform.python_version() == SNAPSHOT_PYTHON:
        assert text == load_stdlib_corpus()


def test_corpus_is_identical_between_calls_and_max_chars_truncates():
    assert load_stdlib_corpus() == load_stdlib_corpus()
    assert load_stdlib_corpus(max_chars=500) == load_stdlib_corpus()[:500]
    assert load_stdlib_corpus(["bisect"]).startswith('"""Bisection algorithms."""')


@pytest.mark.parametrize(
    ("modules", "error", "match"),
    [
        ("textwrap", TypeError, "modules must be a sequence"),
        ([], ValueError, "at least one module"),
        (["no_such_module_xyz"], ValueError, "no module named 'no_such_module_xyz'"),
        (["sys"], ValueError, "has no Python source file"),
        ([3], TypeError, "modules must be a str"),
    ],
)
def test_load_stdlib_corpus_rejects_bad_modules(modules, error, match):
    with pytest.raises(error, match=match):
        load_stdlib_corpus(modules, source="interpreter")


def test_load_stdlib_corpus_rejects_modules_outside_the_snapshot_and_bad_source():
    with pytest.raises(ValueError, match="'json' is not in the shipped snapshot"):
        load_stdlib_corpus(["json"])
    with pytest.raises(ValueError, match="source must be 'snapshot' or 'interpreter', got 'disk'"):
        load_stdlib_corpus(source="disk")


def test_load_stdlib_corpus_rejects_bad_max_chars():
    with pytest.raises(ValueError, match="max_chars must be >= 1"):
        load_stdlib_corpus(max_chars=0)


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


def test_the_large_corpus_is_embedded_and_starts_with_chapter_7s():
    large = load_corpus("stdlib-large")
    assert large == load_stdlib_corpus(LARGE_MODULES)
    assert large.startswith(load_stdlib_corpus() + "\n")
    assert len(large) == 585_488  # the appendix's numbers come from exactly this text
    assert load_corpus("stdlib-large", max_chars=100) == large[:100]


def test_a_snapshot_of_another_python_is_refused(monkeypatch):
    from seqlab.data import corpus

    corpus._snapshot.cache_clear()
    monkeypatch.setattr(corpus, "SNAPSHOT_PYTHON", "3.0.0")
    try:
        with pytest.raises(RuntimeError, match="was taken from Python 3.11.7, expected 3.0.0"):
            load_stdlib_corpus()
    finally:
        corpus._snapshot.cache_clear()


def test_interpreter_source_rejects_a_module_whose_package_is_missing():
    with pytest.raises(ValueError, match="modules: cannot find module 'no_such_pkg_xyz.mod'"):
        load_stdlib_corpus(["no_such_pkg_xyz.mod"], source="interpreter")


def test_char_label_and_encode_reject_what_is_not_a_str():
    with pytest.raises(TypeError, match="char must be a str, got int"):
        char_label(3)
    with pytest.raises(TypeError, match="text must be a str, got list"):
        CharVocab("ab").encode(["a"])
