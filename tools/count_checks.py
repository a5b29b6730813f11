"""Count argument-checking lines against code lines in the package (issue F's measure).

    python3 tools/count_checks.py $(git ls-files 'src/seqlab/*.py')

A statement is a check if it is a ``raise``, a call (bare or assigned) of a function
whose name starts with ``check_`` or ``_check``, or an ``if``/``for`` whose body holds
only checks; all its lines count. Code lines are the non-blank, non-comment lines
outside docstrings. (The bodies of ``_check_*`` helpers count only through their
``raise`` statements and checker calls.)
"""

from __future__ import annotations

import ast
import io
import sys
import tokenize
from pathlib import Path


def _is_check(node: ast.stmt) -> bool:
    if isinstance(node, ast.Raise):
        return True
    if isinstance(node, (ast.Expr, ast.Assign, ast.AnnAssign)) and isinstance(node.value, ast.Call):
        func = node.value.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        return name.startswith(("check_", "_check"))
    if isinstance(node, ast.If):
        return all(map(_is_check, node.body)) and all(map(_is_check, node.orelse))
    if isinstance(node, ast.For):
        return all(map(_is_check, node.body)) and not node.orelse
    return False


def _docstring_lines(tree: ast.Module) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            first = node.body[0] if node.body else None
            if (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
                    and isinstance(first.value.value, str)):
                lines.update(range(first.lineno, first.end_lineno + 1))
    return lines


def _code_lines(source: str, tree: ast.Module) -> set[int]:
    skip = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT,
            tokenize.DEDENT, tokenize.ENDMARKER}
    docstrings = _docstring_lines(tree)
    lines: set[int] = set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type not in skip:
            lines.update(n for n in range(token.start[0], token.end[0] + 1) if n not in docstrings)
    return lines


def _check_lines(statements: list[ast.stmt], found: set[int]) -> None:
    for statement in statements:
        if _is_check(statement):
            found.update(range(statement.lineno, statement.end_lineno + 1))
            continue
        for field in ("body", "orelse", "finalbody"):
            if isinstance(getattr(statement, field, None), list):
                _check_lines(getattr(statement, field), found)
        for handler in getattr(statement, "handlers", []):
            _check_lines(handler.body, found)


def count(path: Path) -> tuple[int, int]:
    """``(code lines, checking lines)`` of the Python file at ``path``."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    code = _code_lines(source, tree)
    checks: set[int] = set()
    _check_lines(tree.body, checks)
    return len(code), len(checks & code)


def main() -> None:
    total_code = total_checks = 0
    for name in sys.argv[1:]:
        code, checks = count(Path(name))
        total_code, total_checks = total_code + code, total_checks + checks
        share = 100 * checks / max(code, 1)
        print(f"{name:45s} code {code:5d}  checks {checks:4d}  ({share:4.1f}%)")
    share = 100 * total_checks / max(total_code, 1)
    print(f"{'all':45s} code {total_code:5d}  checks {total_checks:4d}  ({share:4.1f}%)")


if __name__ == "__main__":
    main()
