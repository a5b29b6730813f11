"""The package's shape (issue F): small modules, and printed bodies that are the algorithm.

Checked on the source files and the chapters' code cells, with the measures of
``tools/count_checks.py`` (what counts as a checking line) and
``tools/chapter_modules.py`` (which modules a chapter's code lives in).
"""

from __future__ import annotations

import ast
import importlib.util
import inspect
import json
import re
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = sorted((ROOT / "src" / "seqlab").rglob("*.py"))
PAGES = sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted((ROOT / "book").glob("*.ipynb"))


def _tool(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


count_checks = _tool("count_checks")
chapter_modules = _tool("chapter_modules")


@pytest.mark.parametrize("path", PACKAGE, ids=lambda p: str(p.relative_to(ROOT / "src")))
def test_no_module_is_longer_than_400_lines(path):
    assert len(path.read_text().splitlines()) <= 400


def test_argument_checks_are_at_most_15_percent_of_the_code():
    code = checks = 0
    for path in PACKAGE:
        file_code, file_checks = count_checks.count(path)
        code, checks = code + file_code, checks + file_checks
    assert checks <= 0.15 * code, f"{checks} checking lines of {code} ({checks / code:.1%})"


def _printed_objects() -> list[tuple[str, str]]:
    """``(page, expression)`` for every ``show_source(...)`` in the executed pages."""
    found = []
    for page in PAGES:
        for cell in json.loads(page.read_text())["cells"]:
            if cell["cell_type"] == "code":
                for expression in re.findall(r"show_source\(([\w.]+)\)", "".join(cell["source"])):
                    found.append((page.stem, expression))
    return sorted(set(found))


def _resolve(expression: str):
    import seqlab.data
    import seqlab.experiments
    import seqlab.models
    import seqlab.text
    import seqlab.train

    namespaces = [seqlab.models, seqlab.data, seqlab.text, seqlab.train, seqlab.experiments]
    if importlib.util.find_spec("lightning") is not None:
        import seqlab.scale

        namespaces.append(seqlab.scale)
    head, *rest = expression.split(".")
    for namespace in namespaces:
        if hasattr(namespace, head):
            obj = getattr(namespace, head)
            for part in rest:
                obj = getattr(obj, part)
            return obj
    pytest.skip(f"{expression} is not importable here")


PRINTED = _printed_objects()


def test_the_chapters_print_some_of_the_package():
    assert len(PRINTED) >= 15


@pytest.mark.parametrize(("page", "expression"), PRINTED, ids=[e for _, e in PRINTED])
def test_a_printed_body_has_at_most_3_checking_lines(page, expression):
    obj = inspect.unwrap(_resolve(expression))
    source = textwrap.dedent(inspect.getsource(obj))
    tree = ast.parse(source)
    function = tree.body[0]
    assert isinstance(function, (ast.FunctionDef, ast.ClassDef))
    found: set[int] = set()
    count_checks._check_lines(function.body, found)
    assert len(found) <= 3, f"{page}: {expression} has {len(found)} checking lines"


def test_the_readme_says_where_each_chapters_code_lives():
    readme = (ROOT / "README.md").read_text()
    for row in chapter_modules.markdown_rows():
        assert row in readme, f"README.md lacks (tools/chapter_modules.py --markdown):\n{row}"
