"""Shared pytest fixtures for the unit tests of seqlab."""

from __future__ import annotations

import matplotlib
import pytest
import torch

# Select the non-interactive backend before pyplot is imported anywhere.
matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

from seqlab.data import CharVocab  # noqa: E402

# A short, very repetitive Python text: what the character models' tests train and count on.
CHAR_TEXT = "def add(a, b):\n    return a + b\n\n" * 40


@pytest.fixture(autouse=True)
def _agg_backend_and_close_figures():
    """Draw with the headless "Agg" backend and close every figure after each test."""
    matplotlib.use("Agg")
    yield
    plt.close("all")


@pytest.fixture
def char_vocab() -> CharVocab:
    """The :class:`CharVocab` of ``CHAR_TEXT`` (the char-RNN and n-gram tests)."""
    return CharVocab(CHAR_TEXT)


@pytest.fixture
def char_ids(char_vocab: CharVocab) -> torch.Tensor:
    """``CHAR_TEXT`` as a 1-D tensor of ids."""
    return torch.tensor(char_vocab.encode(CHAR_TEXT))
