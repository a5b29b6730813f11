"""Which seqlab modules each chapter's code lives in (issue F's "modules per chapter").

    .venv/bin/python tools/chapter_modules.py [--markdown]

For every chapter, the modules that define the names its code cells import from
seqlab (classes and functions by their ``__module__``, constants by the module that
assigns them). A module imported by three or more chapters is counted as shared
infrastructure (data sets, training, the notebook helpers, the line plots), and so
is a private module (``History`` is defined in ``seqlab._torch``). Of the
rest, a chapter *introduces* the modules no earlier chapter used: those hold the
chapter's own code ("own"); the others it reuses from the chapter that introduced
them (chapter 6 reuses chapter 2's TextCNN, the appendix chapter 7's CharRNN).
"""

from __future__ import annotations

import ast
import collections
import importlib
import inspect
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def _defining_module(module, name: str) -> str:
    obj = getattr(module, name)
    if inspect.ismodule(obj):
        return obj.__name__
    if inspect.isclass(obj) or inspect.isfunction(obj):
        return obj.__module__
    # a constant: the submodule of ``module`` that assigns it
    for child in sorted(vars(module).values(), key=lambda m: getattr(m, "__name__", "")):
        if (inspect.ismodule(child) and child.__name__.startswith(module.__name__ + ".")
                and name in vars(child) and vars(child)[name] is obj):
            return child.__name__
    return module.__name__


def chapter_modules(path: Path) -> set[str]:
    modules = set()
    for cell in json.loads(path.read_text())["cells"]:
        if cell["cell_type"] != "code":
            continue
        lines = [line for line in "".join(cell["source"]).splitlines()
                 if not line.lstrip().startswith(("%", "!"))]
        try:
            tree = ast.parse("\n".join(lines))
        except SyntaxError:  # the Colab setup cell once its %pip line is dropped
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("seqlab"):
                module = importlib.import_module(node.module)
                modules.update(_defining_module(module, alias.name) for alias in node.names)
            elif isinstance(node, ast.Import):
                modules.update(a.name for a in node.names if a.name.startswith("seqlab"))
    return modules


def classify() -> dict[str, tuple[list[str], list[str], list[str]]]:
    """Chapter file name -> its ``(own, reused, shared)`` modules, chapters in order."""
    used = {path.name: chapter_modules(path) for path in sorted(ROOT.glob("notebooks/*.ipynb"))}
    chapters_using = collections.Counter(m for modules in used.values() for m in modules)
    for module in chapters_using:  # private modules (_torch, _checks) serve every layer
        if module.startswith("seqlab._"):
            chapters_using[module] = len(used)
    seen: set[str] = set()
    result = {}
    for name, modules in used.items():
        own = sorted(m for m in modules if chapters_using[m] <= 2 and m not in seen)
        reused = sorted(m for m in modules if chapters_using[m] <= 2 and m in seen)
        shared = sorted(m for m in modules if chapters_using[m] > 2)
        seen.update(modules)
        result[name] = (own, reused, shared)
    return result


def _path(module: str) -> str:
    return "`" + module.removeprefix("seqlab.").replace(".", "/") + ".py`"


def markdown_rows() -> list[str]:
    """The README's table "where each chapter's code lives", one row per chapter."""
    return [f"| `{name}` | {', '.join(map(_path, own))} | {', '.join(map(_path, reused)) or '-'} |"
            for name, (own, reused, _) in classify().items()]


def main() -> None:
    if sys.argv[1:] == ["--markdown"]:
        print("\n".join(markdown_rows()))
        return
    for name, (own, reused, shared) in classify().items():
        print(f"{name:28s} own {len(own)}: {', '.join(own)}")
        print(f"{'':28s} reused: {', '.join(reused) or '-'}")
        print(f"{'':28s} shared: {', '.join(shared)}")


if __name__ == "__main__":
    main()
