"""seqlab.notebook.glue: the same output with and without myst-nb installed."""

from __future__ import annotations

import builtins
import sys

import pytest

from seqlab import notebook


@pytest.fixture
def captured(monkeypatch):
    """Record what IPython.display.display is asked to show."""
    import IPython.display

    calls = []
    monkeypatch.setattr(IPython.display, "display",
                        lambda *args, **kwargs: calls.append((args, kwargs)))
    return calls


def hide_myst_nb(monkeypatch):
    real_import = builtins.__import__

    def fake_import(name, *args, **kwargs):
        if name == "myst_nb" or name.startswith("myst_nb."):
            raise ImportError("no myst_nb here (as in Colab)")
        return real_import(name, *args, **kwargs)

    monkeypatch.delitem(sys.modules, "myst_nb", raising=False)
    monkeypatch.setattr(builtins, "__import__", fake_import)


def test_glue_without_myst_nb_writes_myst_nb_s_hidden_record(monkeypatch, captured):
    hide_myst_nb(monkeypatch)
    notebook.glue("accuracy", 0.5)
    (bundle,), kwargs = captured[0]
    assert bundle == {"application/papermill.record/text/plain": "0.5"}
    assert kwargs["raw"] is True
    assert kwargs["metadata"]["scrapbook"] == {
        "name": "accuracy", "mime_prefix": "application/papermill.record/"}


def test_glue_without_myst_nb_can_also_display(monkeypatch, captured):
    hide_myst_nb(monkeypatch)
    notebook.glue("count", 3, display=True)
    (bundle,), kwargs = captured[0]
    assert bundle == {"text/plain": "3"}
    assert kwargs["metadata"]["scrapbook"]["mime_prefix"] == ""


def test_glue_uses_myst_nb_when_it_is_installed(monkeypatch):
    import myst_nb

    calls = []
    monkeypatch.setattr(myst_nb, "glue", lambda *args, **kwargs: calls.append((args, kwargs)))
    notebook.glue("pairs", 7)
    assert calls == [(("pairs", 7), {"display": False})]


@pytest.mark.parametrize(("name", "error", "message"), [
    (3, TypeError, "name must be a str"),
    ("", ValueError, "name must be a non-empty string"),
    ("two words", ValueError, "name must use letters, digits"),
])
def test_glue_rejects_bad_names(name, error, message):
    with pytest.raises(error, match=message):
        notebook.glue(name, 1)


def _documented(x):
    """Add one.

    A long explanation that the chapter's prose makes instead.
    """
    return x + 1  # the code stays


class _Holder:
    def method(self):
        """One line only."""
        return 2


def _bare():
    return 3


def test_source_without_docstring_keeps_the_summary_and_the_code():
    source = notebook.source_without_docstring(_documented)
    assert source.splitlines() == [
        "def _documented(x):",
        '    """Add one. [...]"""',
        "    return x + 1  # the code stays",
    ]
    namespace = {}
    exec(source, namespace)  # still valid Python
    assert namespace["_documented"](1) == 2


def test_source_without_docstring_dedents_methods_and_keeps_short_docstrings():
    source = notebook.source_without_docstring(_Holder.method)
    assert source.startswith("def method(self):\n")
    assert '"""One line only."""' in source


def test_source_without_docstring_leaves_undocumented_code_alone():
    assert notebook.source_without_docstring(_bare) == "def _bare():\n    return 3\n"


def test_show_source_prints_the_shortened_source(capsys):
    notebook.show_source(_documented)
    assert capsys.readouterr().out == notebook.source_without_docstring(_documented)


def test_source_without_docstring_rejects_what_has_no_source():
    with pytest.raises(TypeError, match="obj must be a function, method or class, got int"):
        notebook.source_without_docstring(3)
