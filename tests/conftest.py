"""Shared pytest fixtures for the unit tests of seqlab."""

from __future__ import annotations

import matplotlib
import pytest

# Select the non-interactive backend before pyplot is imported anywhere.
matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402


@pytest.fixture(autouse=True)
def _agg_backend_and_close_figures():
    """Draw with the headless "Agg" backend and close every figure after each test."""
    matplotlib.use("Agg")
    yield
    plt.close("all")
