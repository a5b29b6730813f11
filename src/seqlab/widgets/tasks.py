"""The reversal explorer of chapter 5: type letters, see the encoder-decoder write them back.

The update logic is plain Python, tested without a browser: :func:`reverse_with`
runs a trained :class:`~seqlab.models.Seq2SeqRNN` on one string (greedy decoding),
:func:`render_reversal` compares its output with the true reversal, letter by
letter, as HTML. :func:`reversal_explorer` only wires them to a ``Text`` and an
``HTML`` widget (core widgets whose API is the same in ipywidgets 7.7 and 8).
"""

from __future__ import annotations

import html

import torch
from torch import nn

from seqlab._checks import check_int, check_str
from seqlab.data.tasks import SYMBOL_ALPHABET, SYMBOL_TOKENS, decode_symbols

__all__ = ["render_reversal", "reversal_explorer", "reverse_with"]

_RIGHT, _WRONG = "#009E73", "#D55E00"  # the book's green and red-orange


def _check_letters(text: object, name: str = "text") -> str:
    """``text`` without surrounding spaces; only the letters ``a`` to ``h``."""
    text = check_str(text, name).strip().lower()
    if not text:
        raise ValueError(f"{name} must hold at least one letter of {SYMBOL_ALPHABET!r}")
    bad = sorted({char for char in text if char not in SYMBOL_ALPHABET})
    if bad:
        raise ValueError(f"{name} must use only the letters {SYMBOL_ALPHABET!r}, "
                         f"found {', '.join(repr(char) for char in bad)}")
    return text


def reverse_with(model: nn.Module, text: str, extra_steps: int = 3) -> str:
    """What ``model`` writes for ``text``: greedy decoding, up to ``<eos>``.

    Args:
        model: a trained :class:`~seqlab.models.Seq2SeqRNN` (anything with its
            ``generate(source_ids, source_lengths, max_steps)``).
        text: letters of ``"abcdefgh"`` (surrounding spaces are ignored, upper
            case is lowered).
        extra_steps: decoding steps allowed beyond ``len(text) + 1`` (the letters
            and ``<eos>``), so that an output longer than the input shows.

    Returns:
        The decoded letters, without ``<eos>`` and padding.
    """
    if not hasattr(model, "generate"):
        raise TypeError(f"model must be a trained Seq2SeqRNN, got {type(model).__name__}")
    text = _check_letters(text)
    check_int(extra_steps, "extra_steps", minimum=0)
    source_ids = torch.tensor([[SYMBOL_TOKENS.index(char) for char in text]])  # (1, T)
    generated = model.generate(source_ids, torch.tensor([len(text)]),
                               len(text) + 1 + extra_steps)  # (1, max_steps)
    return decode_symbols(generated[0])


def _letter_cells(letters: str, width: int, compare_to: str | None = None) -> str:
    cells = []
    for position in range(width):
        char = letters[position] if position < len(letters) else ""
        style = "font-family:monospace;text-align:center;width:1.6em;padding:1px 0"
        if compare_to is not None:
            expected = compare_to[position] if position < len(compare_to) else ""
            if char or expected:
                colour = _RIGHT if char == expected else _WRONG
                style += f";color:white;background:{colour}"
        cells.append(f"<td style='{style}'>{html.escape(char) or '&middot;'}</td>")
    return "".join(cells)


def render_reversal(text: str, output: str,
                    trained_lengths: tuple[int, int] | None = None) -> str:
    """HTML: the input, the true reversal and the model's ``output``, letter by letter.

    Each letter of the output is green where it equals the reversal at that
    position and red-orange where it does not (a missing or surplus letter is
    wrong too). A sentence says whether the output is exactly right and, with
    ``trained_lengths = (low, high)``, whether the input's length lies outside
    the lengths the model was trained on.
    """
    text = _check_letters(text)
    output = check_str(output, "output")
    if any(char not in SYMBOL_ALPHABET for char in output):
        raise ValueError(f"output must use only the letters {SYMBOL_ALPHABET!r}, got {output!r}")
    target = text[::-1]
    width = max(len(target), len(output))
    rows = [("input", _letter_cells(text, width)),
            ("reversal", _letter_cells(target, width)),
            ("model", _letter_cells(output, width, compare_to=target))]
    table = "".join(f"<tr><td style='padding-right:8px'>{name}</td>{cells}</tr>"
                    for name, cells in rows)
    if output == target:
        verdict = f"<b style='color:{_RIGHT}'>exactly right</b>"
    else:
        shared = zip(output, target, strict=False)  # the shorter one ends first
        wrong = sum(a != b for a, b in shared) + abs(len(output) - len(target))
        verdict = (f"<b style='color:{_WRONG}'>wrong</b> ({wrong} of {width} positions; "
                   f"{len(output)} letters written for {len(text)})")
    note = ""
    if trained_lengths is not None:
        low, high = (check_int(n, "trained_lengths", minimum=1) for n in trained_lengths)
        if not low <= len(text) <= high:
            note = (f" The input has {len(text)} letters; in training the strings had "
                    f"{low} to {high}.")
    return (f"<table style='border-collapse:separate;border-spacing:2px'>{table}</table>"
            f"<p>The model's output is {verdict}.{note}</p>")


def reversal_explorer(model: nn.Module, text: str = "cabd",
                      trained_lengths: tuple[int, int] | None = (3, 6)):
    """A text box for letters ``a`` to ``h`` and :func:`render_reversal` of the model's answer.

    Anything the view rejects (another character, an empty box) is shown as a
    message instead of the table.
    """
    import ipywidgets as widgets

    _check_letters(text)
    if not hasattr(model, "generate"):
        raise TypeError(f"model must be a trained Seq2SeqRNN, got {type(model).__name__}")
    box = widgets.Text(value=text, description="letters", continuous_update=False)
    view = widgets.HTML()

    def update(_change=None) -> None:
        try:
            view.value = render_reversal(box.value, reverse_with(model, box.value),
                                         trained_lengths)
        except (TypeError, ValueError) as error:
            view.value = f"<p><i>{html.escape(str(error))}</i></p>"

    box.observe(update, names="value")
    update()
    return widgets.VBox([box, view])
