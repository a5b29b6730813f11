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
