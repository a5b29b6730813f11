"""The temperature explorer: move a slider, watch the next-character distribution
sharpen or flatten, and read a sample drawn at that temperature.

The update logic is plain Python, tested without a browser:
:func:`temperature_table` turns logits and a temperature into an HTML table, and
:func:`temperature_view` adds a seeded sample. :func:`temperature_explorer` only
wires them to core widgets (``FloatSlider``, ``IntSlider``, ``Text``, ``HTML``),
whose API is the same in ipywidgets 7.7 and 8.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import torch

from seqlab._checks import check_float, check_int, check_str
from seqlab.data.batching import CharVocab, char_label
from seqlab.models.char import CharRNN, next_char_logits, sample, temperature_softmax
from seqlab.viz._checks import check_char_logits
from seqlab.viz._style import BLUE, MUTED_GREY
from seqlab.widgets._wiring import SiteControl, live_explorer, site_control

__all__ = ["temperature_explorer", "temperature_table", "temperature_view"]

_BAR_PX = 160  # width of the bar of probability 1
# The website's explorer: the starting prompt and two more, 8 temperatures, 4 seeds.
_SITE_TEMPERATURES = (0.1, 0.3, 0.5, 0.7, 1.0, 1.5, 2.0, 3.0)
_SITE_SEEDS = range(4)
_SITE_PROMPTS = ("def ", "import ")


def _entropy(probabilities: torch.Tensor) -> float:
    return float(-(probabilities * probabilities.clamp_min(1e-300).log()).sum())


def temperature_table(
    logits: torch.Tensor, temperature: float, itos: Sequence[str], top: int = 8
) -> str:
    r"""HTML: the ``top`` likeliest next characters at ``temperature`` and at 1.

    One row per character (ranked by logit, the same order at every temperature)
    with its probability :math:`p_i \propto \exp(z_i / \tau)` as a number and a
    bar, next to its probability at :math:`\tau = 1`; below, how much
    probability the rows hold and the entropy of both distributions in nats.

    Args:
        logits: ``(V,)`` next-character logits.
        temperature: :math:`\tau > 0`.
        itos: the ``V`` characters, ``itos[i]`` for id ``i``.
        top: the number of rows, at most ``V``.
    """
    logits, top = check_char_logits(logits, itos, top)
    probabilities = temperature_softmax(logits, temperature)  # checks the temperature
    model_probabilities = torch.softmax(logits, dim=0)
    order = torch.argsort(logits, descending=True, stable=True)[:top]
    rows = []
    for rank, index in enumerate(order.tolist(), 1):
        p, p_model = float(probabilities[index]), float(model_probabilities[index])
        bar = (f"<span style='display:inline-block;height:0.8em;width:{round(_BAR_PX * p)}px;"
               f"background:{BLUE}'></span>")
        rows.append(
            f"<tr><td style='text-align:right;padding:0 6px'>{rank}</td>"
            f"<td style='font-family:monospace;text-align:center;padding:0 6px'>"
            f"{html.escape(char_label(itos[index]))}</td>"
            f"<td style='text-align:right;font-family:monospace;padding:0 6px'>{p:.3f}</td>"
            f"<td style='padding:0 6px'>{bar}</td>"
            f"<td style='text-align:right;font-family:monospace;color:{MUTED_GREY};"
            f"padding:0 6px'>{p_model:.3f}</td></tr>"
        )
    shown = float(probabilities[order].sum())
    head = (f"<tr><th>#</th><th>next</th><th>p at &tau; = {temperature:g}</th><th></th>"
            f"<th style='color:{MUTED_GREY}'>model's own (&tau; = 1)</th></tr>")
    summary = (f"<p>These {top} characters hold {shown:.1%} of the probability at "
               f"&tau; = {temperature:g}. Entropy: {_entropy(probabilities):.2f} nats "
               f"(at &tau; = 1: {_entropy(model_probabilities):.2f}; uniform over "
               f"V = {len(logits)}: {float(torch.log(torch.tensor(len(logits)))):.2f}).</p>")
    return (f"<table style='border-collapse:collapse;font-size:90%'>{head}{''.join(rows)}"
            f"</table>{summary}")


def temperature_view(
    model: CharRNN,
    vocab: CharVocab,
    prompt: str,
    temperature: float,
    seed: int = 0,
    length: int = 160,
    top: int = 8,
) -> str:
    """The explorer's whole panel as HTML: :func:`temperature_table` for the
    character after ``prompt``, then ``length`` characters sampled at
    ``temperature`` with the generator seeded by ``seed`` (so the same settings
    always show the same text)."""
    check_int(seed, "seed", minimum=0)
    logits = next_char_logits(model, vocab, prompt)
    table = temperature_table(logits, temperature, vocab.itos, top=top)
    text = sample(model, vocab, prompt, length, temperature, generator=seed)
    generated = html.escape(text[len(prompt):])
    return (f"{table}<p><b>Sample</b> (seed {seed}): the prompt in bold, then the model's "
            f"text.</p><pre style='white-space:pre-wrap;font-size:95%'><b>"
            f"{html.escape(prompt)}</b>{generated}</pre>")


def temperature_explorer(
    model: CharRNN,
    vocab: CharVocab,
    prompt: str = "def ",
    temperature: float = 1.0,
    seed: int = 0,
    length: int = 160,
):
    """A temperature slider, a prompt box and a seed slider over :func:`temperature_view`.

    Bad starting arguments raise; a prompt typed later that the view rejects (an
    empty one, a character the vocabulary does not have) is shown as a message
    instead of the panel.
    """
    import ipywidgets as widgets

    # The sliders would clamp a bad start: check it here, the rest on the first drawing.
    check_str(prompt, "prompt")
    temperature = check_float(temperature, "temperature", positive=True)
    check_int(seed, "seed", minimum=0)
    labelled = {"description_width": "initial"}  # show "temperature" in full
    prompt_box = widgets.Text(value=prompt, description="prompt", style=labelled)
    temperature_slider = widgets.FloatSlider(value=min(max(temperature, 0.1), 3.0), min=0.1,
                                             max=3.0, step=0.1, description="temperature",
                                             continuous_update=False, style=labelled)
    seed_slider = widgets.IntSlider(value=min(seed, 20), min=0, max=20, description="seed",
                                    continuous_update=False, style=labelled)

    def show(prompt: str, temperature: float, seed: int) -> str:
        return temperature_view(model, vocab, prompt, temperature, seed, length)

    prompts = list(dict.fromkeys([prompt, *_SITE_PROMPTS]))[:3]  # 3 x 8 x 4 = 96 views
    site = [SiteControl("prompt", (0,), tuple((repr(text), (text,)) for text in prompts)),
            site_control("temperature", 1, _SITE_TEMPERATURES),
            site_control("seed", 2, _SITE_SEEDS)]
    return live_explorer(show, [prompt_box, temperature_slider, seed_slider],
                         lambda panel: [prompt_box,
                                        widgets.HBox([temperature_slider, seed_slider]), panel],
                         site, "temperature",
                         "Temperature explorer: the next-character distribution and a sample")
