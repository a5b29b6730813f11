"""How every explorer is wired: live in a kernel, precomputed on the website.

An explorer builds its controls (sliders, text boxes, menus) and hands them, with its
plain render function (controls' values -> HTML), to :func:`live_explorer`. In a
kernel the controls are observed and :func:`live_html` draws the view again on every
change. The same render function also draws, when the notebook is executed, every
state of a finite grid of the controls' values (the :class:`SiteControl` list); that
is :func:`site_html`, a self-contained HTML fragment whose own sliders and menus
switch between the precomputed views with a few lines of inline JavaScript. The
explorer's output carries both: a widget view, which Jupyter and Colab show, and
``text/html``, which the website shows (``nb_mime_priority_overrides`` in
``_config.yml``); the PDF shows the one-line ``text/plain``.

Only core widgets and the API that ipywidgets 7.7 and 8 share are used:
``HTML(value=...)``, ``VBox``, ``.value`` and ``observe(handler, names="value")``.
"""

from __future__ import annotations

import functools
import html
import itertools
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

__all__: list[str] = []  # the helpers are the explorers' own, not the book's API

# What a render function raises for a value a reader typed or picked in a control.
_SHOWN = (TypeError, ValueError)

# The most states one explorer precomputes for the website.
MAX_STATES = 100

# The one handler of every control of the website's explorers: show the view whose key
# is the controls' choice indices, and write each slider's value beside it. An inline
# handler (not a <script>) so it also runs where HTML is inserted as innerHTML.
_SWITCH = (
    "var r=this.closest('.seqlab-explorer'),k=[];"
    "r.querySelectorAll('[data-axis]').forEach(function(c){k.push(c.value);"
    "var o=c.parentNode.querySelector('output');"
    "if(o){o.textContent=JSON.parse(c.dataset.labels)[c.value];}});"
    "k=k.join('-');"
    "r.querySelectorAll('.seqlab-view').forEach(function(v){v.hidden=v.dataset.key!==k;});"
)


def error_html(error: Exception) -> str:
    """The message shown in the view instead of what ``error`` stopped."""
    return f"<p><i>{html.escape(str(error))}</i></p>"


def _render_or_message(render: Callable[..., str], values: Sequence) -> str:
    """``render(*values)``, or the message of the ``TypeError``/``ValueError`` it raised."""
    try:
        return render(*values)
    except _SHOWN as error:
        return error_html(error)


def live_html(render: Callable[..., str], controls: Sequence):
    """An ``HTML`` widget showing ``render(*values)``, ``values`` being the controls'
    values in order, drawn again whenever one of them changes.

    The first drawing happens now and raises, so that an explorer called with bad
    arguments fails at its call; afterwards a ``TypeError`` or ``ValueError`` (a
    sentence with no word, a character the vocabulary lacks) is shown as a message
    in place of the view.
    """
    import ipywidgets as widgets

    view = widgets.HTML(value=render(*(control.value for control in controls)))

    def update(_change=None) -> None:
        view.value = _render_or_message(render, [control.value for control in controls])

    for control in controls:
        control.observe(update, names="value")
    return view


def state_count(site: Sequence[SiteControl]) -> int:
    """How many views the website's grid of ``site`` controls holds (their product)."""
    return functools.reduce(lambda count, control: count * len(control.choices), site, 1)


@dataclass(frozen=True)
class SiteControl:
    """One control of an explorer's website version: finitely many choices.

    ``sets`` are the positions (in the kernel explorer's control list) of the values
    this control sets; each choice is ``(label, values)`` with one value per position
    (a menu of sentence pairs sets two text boxes at once). ``slider`` draws it as a
    range slider, else as a drop-down menu.
    """

    description: str
    sets: tuple[int, ...]
    choices: tuple[tuple[str, tuple], ...]
    slider: bool = False

    def __post_init__(self) -> None:
        if not self.choices:
            raise ValueError(f"site control {self.description!r} needs at least one choice")
        for label, values in self.choices:
            if len(values) != len(self.sets):
                raise ValueError(f"site control {self.description!r}: choice {label!r} sets "
                                 f"{len(values)} values for {len(self.sets)} controls")


def site_control(description: str, position: int, values: Sequence, *, slider: bool = True,
                 label: Callable[[object], str] = "{:g}".format) -> SiteControl:
    """A :class:`SiteControl` over ``values`` of the kernel control at ``position``.

    The website opens on the kernel control's starting value where ``values`` holds
    it, else on the first value (so the grid, and the page, never grow).
    """
    return SiteControl(description, (position,),
                       tuple((label(value), (value,)) for value in values), slider)


def _start_index(control: SiteControl, start: Sequence) -> int:
    wanted = tuple(start[position] for position in control.sets)
    for index, (_, values) in enumerate(control.choices):
        if values == wanted:
            return index
    return 0


def _control_html(axis: int, control: SiteControl, chosen: int) -> str:
    labels = [label for label, _ in control.choices]
    values = json.dumps([list(values) for _, values in control.choices])
    # data-values: the Python values of each choice, for the browser tests
    common = (f"data-axis='{axis}' data-values='{html.escape(values)}' "
              f"aria-label='{html.escape(control.description)}'")
    if control.slider:  # the handler writes the chosen label beside the slider
        common += f" data-labels='{html.escape(json.dumps(labels))}'"
        widget = (f"<input type='range' min='0' max='{len(labels) - 1}' step='1' "
                  f"value='{chosen}' {common} oninput=\"{_SWITCH}\" onchange=\"{_SWITCH}\" "
                  f"style='vertical-align:middle;width:12em'> "
                  f"<output style='font-family:monospace'>{html.escape(labels[chosen])}</output>")
    else:
        options = "".join(f"<option value='{index}'{' selected' if index == chosen else ''}>"
                          f"{html.escape(label)}</option>" for index, label in enumerate(labels))
        widget = (f"<select {common} onchange=\"{_SWITCH}\" style='max-width:100%'>"
                  f"{options}</select>")
    return (f"<label style='display:inline-block;margin:0 1.5em 4px 0'>"
            f"{html.escape(control.description)} {widget}</label>")


def site_html(render: Callable[..., str], start: Sequence, site: Sequence[SiteControl],
              name: str = "explorer", constants: Mapping[str, object] | None = None) -> str:
    """Every state of the ``site`` grid drawn by ``render``, with controls that switch views.

    ``start`` holds the kernel controls' starting values; each state replaces those
    that its :class:`SiteControl` choices set and calls ``render(*values)``. A state
    that ``render`` rejects with a ``TypeError`` or ``ValueError`` shows that message,
    as the kernel explorer does. The view of the starting state is the visible one.

    ``constants`` (JSON-able) are the render's fixed arguments that the page records
    in ``data-constants``, so a browser test can draw a view again from them.

    Raises ``ValueError`` when the grid holds more than :data:`MAX_STATES` states.
    """
    site = list(site)
    states = state_count(site)
    if states > MAX_STATES:
        raise ValueError(f"the website's {name} would hold {states} states, more than {MAX_STATES}")
    chosen = [_start_index(control, start) for control in site]
    views = []
    for indices in itertools.product(*(range(len(control.choices)) for control in site)):
        values = list(start)
        for control, index in zip(site, indices, strict=True):
            for position, value in zip(control.sets, control.choices[index][1], strict=True):
                values[position] = value
        view = _render_or_message(render, values)
        key = "-".join(map(str, indices))
        hidden = "" if list(indices) == chosen else " hidden"
        views.append(f"<div class='seqlab-view' data-key='{key}'{hidden}>{view}</div>")
    controls = "".join(_control_html(axis, control, index)
                       for axis, (control, index) in enumerate(zip(site, chosen, strict=True)))
    recorded = (f" data-constants='{html.escape(json.dumps(dict(constants)))}'"
                if constants else "")
    return (f"<div class='seqlab-explorer' data-explorer='{html.escape(name)}' "
            f"data-states='{states}'{recorded}><div class='seqlab-controls'>{controls}</div>"
            f"{''.join(views)}</div>")


@functools.cache
def _explorer_class() -> type:
    import ipywidgets as widgets
    from IPython.display import display

    class Explorer(widgets.VBox):
        """A ``VBox`` whose output also carries the website's precomputed version."""

        site_html: str = ""
        summary: str = "An explorer"

        def _repr_mimebundle_(self, **kwargs) -> dict:
            bundle = {"text/plain": self.summary, "text/html": self.site_html}
            if self._view_name is not None:
                bundle["application/vnd.jupyter.widget-view+json"] = {
                    "version_major": 2, "version_minor": 0, "model_id": self.model_id}
            return bundle

        # ipywidgets 7.7 (Colab) displays a widget through _ipython_display_, which
        # IPython prefers to _repr_mimebundle_: send the same bundle there too.
        def _ipython_display_(self, **kwargs) -> None:
            display(self._repr_mimebundle_(), raw=True)
            handle = getattr(self, "_handle_displayed", None)
            if handle is not None:
                handle(**kwargs)

    return Explorer


def live_explorer(render: Callable[..., str], controls: Sequence,
                  layout: Callable[[object], list], site: Sequence[SiteControl],
                  name: str, summary: str, constants: Mapping[str, object] | None = None):
    """The explorer: ``layout(view)`` in a ``VBox``, ``view`` being :func:`live_html` of
    ``render`` and ``controls``, and :func:`site_html` of the ``site`` grid for the website.

    ``name`` identifies the explorer on the page (``data-explorer``); ``summary`` is
    its one-line ``text/plain`` (what the PDF shows in its place); ``constants`` go
    to :func:`site_html`.
    """
    view = live_html(render, controls)  # draws the start now: bad arguments raise here
    start = [control.value for control in controls]
    box = _explorer_class()(children=layout(view))
    box.site_html = site_html(render, start, site, name, constants)
    box.summary = (f"{summary} (an interactive explorer: live in Jupyter and Colab, "
                   f"{state_count(site)} precomputed views on the website)")
    return box
