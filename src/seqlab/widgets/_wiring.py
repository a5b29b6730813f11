"""How every explorer is wired: its controls, observed, re-render one ``HTML`` view.

An explorer builds its controls (sliders, text boxes, menus), hands them with its
plain render function to :func:`live_html`, and lays the controls and the view out
in a ``VBox``. Only core widgets and the API that ipywidgets 7.7 and 8 share are
used: ``HTML(value=...)``, ``.value`` and ``observe(handler, names="value")``.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

# What a render function raises for a value a reader typed or picked in a control.
_SHOWN = (TypeError, ValueError)


def error_html(error: Exception) -> str:
    """The message shown in the view instead of what ``error`` stopped."""
    return f"<p><i>{html.escape(str(error))}</i></p>"


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
        try:
            view.value = render(*(control.value for control in controls))
        except _SHOWN as error:
            view.value = error_html(error)

    for control in controls:
        control.observe(update, names="value")
    return view
