"""Notebook helpers that must work on the website build and in Colab alike.

:func:`glue` stores a value in a cell's output so that the book's prose can quote
it with ``{glue:text}`name``` (myst-nb's *glue*). myst-nb is part of the book's
build, not of ``seqlab``, and Colab does not have it; this wrapper uses myst-nb
when it is installed and otherwise writes the same output itself, so a chapter
runs unchanged in both places.
"""

from __future__ import annotations

from typing import Any

from seqlab._checks import check_str

__all__ = ["glue"]

# myst-nb's mime-type prefix for glued values that are stored but not shown.
_HIDDEN_PREFIX = "application/papermill.record/"


def glue(name: str, variable: Any, display: bool = False) -> None:
    """Store ``variable``'s display value under ``name`` for ``{glue:...}`` roles.

    Args:
        name: the key the prose refers to (letters, digits, ``_`` and ``-``).
        variable: any object; what is stored is how IPython displays it, so glue
            rounded numbers (e.g. ``round(x, 3)``) to keep stored outputs stable.
        display: also show the value in the cell's output.
    """
    check_str(name, "name", allow_empty=False)
    if not all(ch.isalnum() or ch in "_-" for ch in name):
        raise ValueError(f"name must use letters, digits, '_' and '-' only, got {name!r}")
    try:
        from myst_nb import glue as myst_glue
    except ImportError:
        myst_glue = None
    if myst_glue is not None:
        myst_glue(name, variable, display=display)
        return
    from IPython.core.formatters import format_display_data
    from IPython.display import display as ipy_display

    mimebundle, metadata = format_display_data(variable)
    prefix = "" if display else _HIDDEN_PREFIX
    metadata["scrapbook"] = {"name": name, "mime_prefix": prefix}
    ipy_display({prefix + k: v for k, v in mimebundle.items()}, raw=True, metadata=metadata)
