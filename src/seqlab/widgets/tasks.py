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

from seqlab._checks import check_int, check_int_range, check_str
from seqlab.data.tasks import SYMBOL_TOKENS, check_symbols, decode_symbols
from seqlab.viz._style import RIGHT, WRONG
from seqlab.widgets._wiring import SiteControl, live_explorer

__all__ = ["PRESET_STRINGS", "render_reversal", "reversal_explorer", "reverse_with"]

# The strings the website's explorer offers in place of the text box: lengths 1 to 8
# (training had 3 to 6), repeated letters, runs and a palindrome.
PRESET_STRINGS = ("faced", "abc", "cabd", "hgfe", "abcdef", "aabbcc", "abba", "hhhh",
                  "ab", "a", "abcdefg", "hgfedcba")


def _check_letters(text: object, name: str = "text", *, allow_empty: bool = False) -> str:
    """``text`` without surrounding spaces, lowered; only the letters ``a`` to ``h``."""
    return check_symbols(check_str(text, name).strip().lower(), name, allow_empty=allow_empty)


def _check_decoding(model: object, text: object, extra_steps: object) -> str:
    """The letters of ``text``, for a ``model`` that can generate, ``extra_steps >= 0``."""
    if not hasattr(model, "generate"):
        raise TypeError(f"model must be a trained Seq2SeqRNN, got {type(model).__name__}")
    check_int(extra_steps, "extra_steps", minimum=0)
    return _check_letters(text)


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
    text = _check_decoding(model, text, extra_steps)
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
                colour = RIGHT if char == expected else WRONG
                style += f";color:white;background:{colour}"
        cells.append(f"<td style='{style}'>{html.escape(char) or '&middot;'}</td>")
    return "".join(cells)


def _check_reversal(text: object, output: object, trained_lengths: object
                    ) -> tuple[str, str, tuple[int, int] | None]:
    """The input's letters, the model's output (letters only) and the trained lengths."""
    trained = (None if trained_lengths is None
               else check_int_range(trained_lengths, "trained_lengths", minimum=1))
    return _check_letters(text), _check_letters(output, "output", allow_empty=True), trained


def render_reversal(text: str, output: str,
                    trained_lengths: tuple[int, int] | None = None) -> str:
    """HTML: the input, the true reversal and the model's ``output``, letter by letter.

    Each letter of the output is green where it equals the reversal at that
    position and red-orange where it does not (a missing or surplus letter is
    wrong too). A sentence says whether the output is exactly right and, with
    ``trained_lengths = (low, high)``, whether the input's length lies outside
    the lengths the model was trained on.
    """
    text, output, trained = _check_reversal(text, output, trained_lengths)
    target = text[::-1]
    width = max(len(target), len(output))
    rows = [("input", _letter_cells(text, width)),
            ("reversal", _letter_cells(target, width)),
            ("model", _letter_cells(output, width, compare_to=target))]
    table = "".join(f"<tr><td style='padding-right:8px'>{name}</td>{cells}</tr>"
                    for name, cells in rows)
    if output == target:
        verdict = f"<b style='color:{RIGHT}'>exactly right</b>"
    else:
        shared = zip(output, target, strict=False)  # the shorter one ends first
        wrong = sum(a != b for a, b in shared) + abs(len(output) - len(target))
        verdict = (f"<b style='color:{WRONG}'>wrong</b> ({wrong} of {width} positions; "
                   f"{len(output)} letters written for {len(text)})")
    note = ""
    if trained is not None and not trained[0] <= len(text) <= trained[1]:
        note = (f" The input has {len(text)} letters; in training the strings had "
                f"{trained[0]} to {trained[1]}.")
    return (f"<table style='border-collapse:separate;border-spacing:2px'>{table}</table>"
            f"<p>The model's output is {verdict}.{note}</p>")


def reversal_explorer(model: nn.Module, text: str = "cabd",
                      trained_lengths: tuple[int, int] | None = (3, 6)):
    """A text box for letters ``a`` to ``h`` and :func:`render_reversal` of the model's answer.

    A bad starting ``text`` or ``model`` raises; anything typed later that the view
    rejects (another character, an empty box) is shown as a message instead of the table.
    """
    import ipywidgets as widgets

    box = widgets.Text(value=check_str(text, "text"), description="letters",
                       continuous_update=False)
    strings = list(dict.fromkeys([text, *PRESET_STRINGS]))[:len(PRESET_STRINGS)]
    site = [SiteControl("letters", (0,), tuple((letters, (letters,)) for letters in strings))]
    return live_explorer(lambda letters: render_reversal(letters, reverse_with(model, letters),
                                                         trained_lengths),
                         [box], lambda view: [box, view], site, "reversal",
                         "Reversal explorer: the encoder-decoder writes letters back reversed")
