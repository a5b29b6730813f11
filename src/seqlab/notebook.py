"""Notebook helpers that must work on the website build and in Colab alike.

:func:`show_source` prints the code of a ``seqlab`` function as it is in the
package, so a chapter shows the code that runs rather than a copy that can drift;
its docstring is cut to the summary line, because the chapter's prose explains it.

:func:`glue` stores a value in a cell's output so that the book's prose can quote
it with ``{glue:text}`name``` (myst-nb's *glue*). myst-nb is part of the book's
build, not of ``seqlab``, and Colab does not have it; this wrapper uses myst-nb
when it is installed and otherwise writes the same output itself, so a chapter
runs unchanged in both places.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from typing import Any

from seqlab._checks import check_str

__all__ = ["glue", "show_source", "source_without_docstring"]

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


def source_without_docstring(obj: Any) -> str:
    """The source of a function, method or class, dedented, with a multi-line
    docstring shortened to its summary line followed by ``[...]``."""
    if not (inspect.isfunction(obj) or inspect.ismethod(obj) or inspect.isclass(obj)):
        raise TypeError(f"obj must be a function, method or class, got {type(obj).__name__}")
    source = textwrap.dedent(inspect.getsource(obj))
    definition = ast.parse(source).body[0]
    first = definition.body[0]
    if not (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
            and isinstance(first.value.value, str)):
        return source
    docstring = first.value.value.strip()
    if "\n" not in docstring:
        return source
    lines = source.splitlines(keepends=True)
    indent = lines[first.lineno - 1][: first.col_offset]
    summary = docstring.split("\n\n")[0].replace("\n", " ").strip()
    shortened = f'{indent}"""{summary} [...]"""\n'
    return "".join(lines[: first.lineno - 1] + [shortened] + lines[first.end_lineno :])


def show_source(obj: Any) -> None:
    """Print :func:`source_without_docstring` of ``obj``."""
    print(source_without_docstring(obj), end="")
