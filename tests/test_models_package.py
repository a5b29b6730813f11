"""seqlab.models re-exports the public names of its modules, each listed once."""

from __future__ import annotations

import importlib
import pkgutil

import seqlab.models as models


def test_every_module_s_public_names_are_re_exported_and_importable():
    modules = [importlib.import_module(f"seqlab.models.{info.name}")
               for info in pkgutil.iter_modules(models.__path__)
               if not info.name.startswith("_")]
    assert [module.__name__.rsplit(".", 1)[1] for module in modules] == [
        "baselines", "bptt", "char", "classifiers", "cnn", "rnn", "tasks"]
    for module in modules:
        for name in module.__all__:
            assert name in models.__all__, f"{module.__name__}.{name} is not re-exported"
            assert getattr(models, name) is getattr(module, name)
    assert len(models.__all__) == len(set(models.__all__))  # no name twice
    namespace = {}
    exec("from seqlab.models import *", namespace)
    assert set(models.__all__) <= namespace.keys()
