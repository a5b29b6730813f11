"""Break each argument check of seqlab once and see a unit test fail (issue F, point 8).

    .venv/bin/python tools/mutate_checks.py [--jobs N] [--limit N] [--files src/seqlab/x.py ...]

The package and its unit tests are copied to a temporary folder; nothing in the
working tree is touched. First the unit tests run once under coverage with one
context per test, which says which tests reach each line. Then, one mutant at a
time, one check is deleted (replaced by ``pass``) and only the tests that reach it
run against the mutant (``PYTHONPATH`` puts the copy before the editable install):

* every ``raise`` statement (one per distinct message), and
* every call of a checker at a public entry point that can be deleted without
  changing the code around it: a bare ``check_...(...)`` / ``_check_...(...)`` call,
  or ``x = check_...(x, ...)`` that hands back its own first argument.

A mutant is *killed* when a test fails (or hangs past a timeout, as a sampler
whose bound was deleted does), *survived* when every test that reaches it
passes, and *unreached* when no test reaches the line. The report lists the last two
with their file and line, then the counts; the exit status is 1 if any check
survived or was unreached.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Tests of other things than the package's behaviour (the site, the notebooks'
# conventions, the wheel), slow and unaffected by a check.
# A mutant whose tests run longer than this is counted as killed (a test hangs).
_TIMEOUT = 120
_SKIPPED_TESTS = ("test_site.py", "test_packaging.py", "test_chapters.py", "test_colab_setup.py")


@dataclass(frozen=True)
class Mutant:
    path: str  # relative to the package copy's src/
    line: int
    end_line: int
    kind: str  # "raise" or "call"
    text: str


def _is_checker_call(node: ast.expr) -> bool:
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
    return name.startswith(("check_", "_check"))


def _deletable_call(node: ast.stmt) -> bool:
    """A checker call whose deletion leaves the surrounding code valid and unchanged."""
    if isinstance(node, ast.Expr):
        return _is_checker_call(node.value)
    if isinstance(node, ast.Assign) and _is_checker_call(node.value) and len(node.targets) == 1:
        target, args = node.targets[0], node.value.args
        return (isinstance(target, ast.Name) and bool(args) and isinstance(args[0], ast.Name)
                and args[0].id == target.id)
    return False


def find_mutants(src: Path, files: list[Path]) -> list[Mutant]:
    mutants = []
    for path in files:
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        for node in ast.walk(ast.parse(source)):
            kind = ("raise" if isinstance(node, ast.Raise)
                    else "call" if isinstance(node, ast.stmt) and _deletable_call(node) else None)
            if kind is not None:
                mutants.append(Mutant(str(path.relative_to(src)), node.lineno, node.end_lineno,
                                      kind, lines[node.lineno - 1].strip()))
    return sorted(mutants, key=lambda m: (m.path, m.line))


def _mutated(source: str, mutant: Mutant) -> str:
    lines = source.splitlines(keepends=True)
    first = lines[mutant.line - 1]
    indent = first[: len(first) - len(first.lstrip())]
    lines[mutant.line - 1] = f"{indent}pass  # mutant\n"
    for n in range(mutant.line, mutant.end_line):
        lines[n] = "\n"
    return "".join(lines)


def _coverage_contexts(work: Path, env: dict[str, str]) -> dict[str, dict[int, list[str]]]:
    """For each package file (relative to src/), the test node ids reaching each line."""
    rc = work / ".coveragerc"
    rc.write_text(f"[run]\nsource = {work / 'src' / 'seqlab'}\ndynamic_context = test_function\n"
                  f"data_file = {work / '.coverage'}\n")
    tests = [str(p) for p in sorted((work / "tests").glob("test_*.py"))
             if p.name not in _SKIPPED_TESTS]
    baseline = subprocess.run([sys.executable, "-m", "coverage", "run", f"--rcfile={rc}", "-m",
                               "pytest", "-q", "-p", "no:cacheprovider", "-x", *tests],
                              cwd=work, env=env, capture_output=True, text=True)
    if baseline.returncode != 0:  # the unmutated package must pass first
        sys.exit("the unit tests fail without any mutant:\n" + baseline.stdout[-3000:])
    report = work / "coverage.json"
    subprocess.run([sys.executable, "-m", "coverage", "json", f"--rcfile={rc}", "--show-contexts",
                    "-o", str(report)], cwd=work, env=env, check=True, stdout=subprocess.DEVNULL)
    contexts: dict[str, dict[int, list[str]]] = {}
    src = (work / "src").resolve()
    for name, data in json.loads(report.read_text())["files"].items():
        relative = str((work / name).resolve().relative_to(src))
        contexts[relative] = {int(line): sorted({c.split("|")[0] for c in ctx if c})
                              for line, ctx in data.get("contexts", {}).items()}
    return contexts


def _node_id(tests: Path, context: str) -> str | None:
    """``test_x.TestY.test_z`` (coverage's test_function context) as a pytest node id."""
    parts = context.split(".")
    for i, part in enumerate(parts):
        if (tests / f"{part}.py").is_file():
            return "::".join([f"tests/{part}.py", *parts[i + 1:]])
    return None


def _run_mutant(work: Path, env: dict[str, str], mutant: Mutant, tests: list[str]) -> str:
    copy = Path(tempfile.mkdtemp(prefix="mutant-", dir=work))
    try:
        shutil.copytree(work / "src", copy / "src")
        target = copy / "src" / mutant.path
        target.write_text(_mutated(target.read_text(encoding="utf-8"), mutant), encoding="utf-8")
        mutant_env = {**env, "PYTHONPATH": str(copy / "src")}
        try:
            result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p",
                                     "no:cacheprovider", *tests], cwd=work, env=mutant_env,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                    timeout=_TIMEOUT)
        except subprocess.TimeoutExpired:  # e.g. a generator loops forever without its check
            return "killed"
        return "killed" if result.returncode != 0 else "survived"
    finally:
        shutil.rmtree(copy, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--limit", type=int, default=None, help="only the first N mutants")
    parser.add_argument("--files", nargs="*", default=None,
                        help="package files to mutate (default: all of src/seqlab)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="mutate-checks-") as tmp:
        work = Path(tmp)
        shutil.copytree(ROOT / "src", work / "src", ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copytree(ROOT / "tests", work / "tests",
                        ignore=shutil.ignore_patterns("__pycache__"))
        for entry in sorted(ROOT.iterdir()):  # what tests read beside the package: links
            if entry.name not in ("src", "tests", ".git") and not entry.name.startswith(".venv"):
                (work / entry.name).symlink_to(entry)
        env = {**os.environ, "PYTHONPATH": str(work / "src"), "MPLBACKEND": "Agg"}
        src = work / "src"
        files = ([src / Path(f).relative_to("src") for f in args.files] if args.files
                 else sorted((src / "seqlab").rglob("*.py")))
        mutants = find_mutants(src, files)[: args.limit]
        print(f"{len(mutants)} checks to break in {len(files)} files; tests under coverage ...",
              flush=True)
        contexts = _coverage_contexts(work, env)

        def verdict(mutant: Mutant) -> tuple[Mutant, str]:
            by_line = contexts.get(mutant.path, {})
            lines = range(mutant.line, mutant.end_line + 1)
            tests = sorted({_node_id(work / "tests", c) for n in lines
                            for c in by_line.get(n, [])} - {None})
            return mutant, (_run_mutant(work, env, mutant, tests) if tests else "unreached")

        counts = {"killed": 0, "survived": 0, "unreached": 0}
        with ThreadPoolExecutor(max_workers=args.jobs) as pool:
            for mutant, outcome in pool.map(verdict, mutants):
                counts[outcome] += 1
                if outcome != "killed":
                    print(f"{outcome:9s} {mutant.kind:5s} src/{mutant.path}:{mutant.line}: "
                          f"{mutant.text}", flush=True)
        print(f"{len(mutants)} checks broken one at a time: {counts['killed']} killed by a test, "
              f"{counts['survived']} survived, {counts['unreached']} reached by no test")
        return 0 if counts["killed"] == len(mutants) else 1


if __name__ == "__main__":
    sys.exit(main())
