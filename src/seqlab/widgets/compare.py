"""The minimal-pair explorer of chapter 6: pick a family and a gap, see every model
judge a fresh pair.

The update logic is plain Python, tested without a browser:
:func:`predict_fresh_pair` draws one minimal pair that no training sentence
repeats and asks every model for its probability of "positive";
:func:`render_pair` (HTML, for the widget) and :func:`format_pair` (text, for a
printed table) show the result. :func:`pair_explorer` only wires them to a
``Dropdown``, two ``IntSlider`` and an ``HTML`` widget (core widgets whose API is
the same in ipywidgets 7.7 and 8).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from torch import nn

from seqlab._checks import check_choice, check_int, check_models, check_type
from seqlab.data.sentiment import (
    FAMILIES,
    NEGATIVE_WORDS,
    POSITIVE_WORDS,
    Example,
    make_minimal_pairs,
)
from seqlab.experiments import predict_proba
from seqlab.text import Vocabulary, tokenize
from seqlab.viz._style import RIGHT, WRONG
from seqlab.widgets._wiring import SiteControl, live_explorer, site_control

__all__ = ["PairPrediction", "format_pair", "pair_explorer", "predict_fresh_pair", "render_pair"]

_MARKED = {"not", "but", *POSITIVE_WORDS, *NEGATIVE_WORDS}  # the words that decide a pair


@dataclass(frozen=True)
class PairPrediction:
    """One minimal pair and, per model, ``P(positive)`` of its two sentences."""

    pair: tuple[Example, Example]
    p_positive: dict[str, tuple[float, float]]

    def correct(self, name: str) -> int:
        """How many of the two sentences model ``name`` classifies right (0, 1 or 2)."""
        return sum((p > 0.5) == (example.label == 1)
                   for p, example in zip(self.p_positive[name], self.pair, strict=True))


def predict_fresh_pair(
    models: Mapping[str, nn.Module],
    vocab: Vocabulary,
    family: str,
    gap: int,
    seed: int = 0,
    exclude: Iterable[str] = (),
) -> PairPrediction:
    """Draw one minimal pair of ``family`` with ``gap`` fillers per slot and score it.

    Args:
        models: name -> trained classifier (as in :func:`seqlab.experiments.train_models`).
        vocab: the vocabulary the models were trained with.
        family: ``"negation"`` or ``"contrast"``.
        gap: filler words per slot, ``>= 0``.
        seed: which pair: the seed of :func:`seqlab.data.make_minimal_pairs`.
        exclude: sentences the pair must not repeat (pass the training sentences).

    Returns:
        A :class:`PairPrediction` with the pair and every model's ``P(positive)``.
    """
    models = check_models(models)
    check_choice(family, "family", FAMILIES)  # gap, seed and exclude: make_minimal_pairs
    first, second = make_minimal_pairs(1, family, gap=gap, seed=seed, exclude=exclude)
    p_positive = {}
    for name, model in models.items():
        probabilities = predict_proba(model, [first, second], vocab)  # (2, C)
        p_positive[name] = (float(probabilities[0, 1]), float(probabilities[1, 1]))
    return PairPrediction((first, second), p_positive)


def _check_prediction(prediction: object) -> PairPrediction:
    return check_type(prediction, "prediction", PairPrediction,
                      "a PairPrediction (from predict_fresh_pair)")


def _marked_sentence(text: str) -> str:
    """The tokens of ``text``, the deciding words ("not", "but", adjectives) in bold."""
    return " ".join(f"<b>{html.escape(token)}</b>" if token in _MARKED else html.escape(token)
                    for token in tokenize(text))


def render_pair(prediction: PairPrediction) -> str:
    """HTML: the two sentences (deciding words in bold), then one row per model with
    ``P(positive)`` for each sentence, green where it is on the right side of 0.5."""
    prediction = _check_prediction(prediction)
    first = prediction.pair[0]
    sentences = "".join(
        f"<p><b>{tag}</b> (label {example.label}): {_marked_sentence(example.text)}</p>"
        for tag, example in zip("AB", prediction.pair, strict=True))
    rows = []
    for name, probabilities in prediction.p_positive.items():
        cells = []
        for p, example in zip(probabilities, prediction.pair, strict=True):
            colour = RIGHT if (p > 0.5) == (example.label == 1) else WRONG
            cells.append(f"<td style='text-align:right;font-family:monospace;padding:0 8px;"
                         f"color:{colour}'>{p:.2f}</td>")
        rows.append(f"<tr><td style='padding:0 8px'>{html.escape(name)}</td>{''.join(cells)}"
                    f"<td style='text-align:center;padding:0 8px'>"
                    f"{prediction.correct(name)} of 2</td></tr>")
    head = ("<tr><th style='padding:0 8px'>model</th><th style='padding:0 8px'>P(pos) A</th>"
            "<th style='padding:0 8px'>P(pos) B</th><th style='padding:0 8px'>right</th></tr>")
    return (f"<p>A fresh <i>{first.family}</i> pair with gap {first.gap}, never a "
            f"training sentence:</p>{sentences}"
            f"<table style='border-collapse:collapse'>{head}{''.join(rows)}</table>")


def format_pair(prediction: PairPrediction) -> str:
    """The same as :func:`render_pair` as plain text, for a printed table."""
    prediction = _check_prediction(prediction)
    width = max(10, *(len(name) for name in prediction.p_positive))
    lines = [f"{tag}, label {example.label}: {example.text}"
             for tag, example in zip("AB", prediction.pair, strict=True)]
    lines += ["", f"{'model':{width}s}  P(pos) A  P(pos) B  right"]
    for name, (p_a, p_b) in prediction.p_positive.items():
        lines.append(f"{name:{width}s}  {p_a:8.2f}  {p_b:8.2f}  {prediction.correct(name)} of 2")
    return "\n".join(lines)


def pair_explorer(
    models: Mapping[str, nn.Module],
    vocab: Vocabulary,
    family: str = "contrast",
    gap: int = 3,
    seed: int = 0,
    exclude: Iterable[str] = (),
    max_gap: int = 8,
):
    """A family menu, a gap slider and a pair slider over :func:`render_pair`.

    ``exclude`` (the training sentences) is kept, so every pair shown is fresh.
    Bad starting arguments raise, as in :func:`predict_fresh_pair`.
    """
    import ipywidgets as widgets

    check_choice(family, "family", FAMILIES)
    if check_int(gap, "gap", minimum=0) > check_int(max_gap, "max_gap", minimum=0):
        raise ValueError(f"gap must be <= max_gap={max_gap}, got {gap}")
    check_int(seed, "seed", minimum=0)
    exclude = list(exclude)
    family_menu = widgets.Dropdown(options=list(FAMILIES), value=family, description="family")
    gap_slider = widgets.IntSlider(value=gap, min=0, max=max_gap, description="gap",
                                   continuous_update=False)
    seed_slider = widgets.IntSlider(value=min(seed, 50), min=0, max=50, description="pair",
                                    continuous_update=False)

    def show(family: str, gap: int, seed: int) -> str:
        return render_pair(predict_fresh_pair(models, vocab, family, gap, seed, exclude))

    # The website: both families, every gap up to max_gap (at most 8) and five pairs.
    site = [SiteControl("family", (0,), tuple((name, (name,)) for name in FAMILIES)),
            site_control("gap", 1, range(min(max_gap, 8) + 1)),
            site_control("pair", 2, range(5))]
    return live_explorer(show, [family_menu, gap_slider, seed_slider],
                         lambda view: [family_menu, widgets.HBox([gap_slider, seed_slider]),
                                       view],
                         site, "pairs", "Minimal-pair explorer: every model judges a fresh pair")
