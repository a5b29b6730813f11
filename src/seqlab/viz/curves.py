"""Learning curves from a :class:`seqlab.train.History`."""

from __future__ import annotations

from matplotlib.axes import Axes

from seqlab._checks import check_choice
from seqlab.train import History
from seqlab.viz._checks import check_history
from seqlab.viz._style import BLUE, ORANGE, new_axes

__all__ = ["plot_history"]


def plot_history(history: History, metric: str = "loss", ax: Axes | None = None) -> Axes:
    """Plot the per-epoch ``"loss"`` or ``"accuracy"`` of training (and validation)."""
    check_history(history)
    check_choice(metric, "metric", ("loss", "accuracy"))
    ax = new_axes(ax, (4.5, 3.0))
    epochs = range(1, history.epochs + 1)
    ax.plot(epochs, getattr(history, f"train_{metric}"), color=BLUE, marker="o", ms=3,
            label="training")
    if getattr(history, f"val_{metric}"):
        ax.plot(epochs, getattr(history, f"val_{metric}"), color=ORANGE, marker="o", ms=3,
                label="validation")
    ax.set_xlabel("epoch")
    ax.set_ylabel(metric)
    ax.legend(frameon=False)
    return ax
