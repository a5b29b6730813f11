"""Execute chapters with nbclient and print how long each takes.

    python benchmarks/chapter_times.py notebooks/*.ipynb          # measure only
    python benchmarks/chapter_times.py --write notebooks/*.ipynb  # and store the outputs

``--write`` is how a chapter is re-executed after a change to ``seqlab``: it
stores the new outputs (and the widget state the website shows) in place.
Each chapter runs in its own kernel, from its own folder, as nbval runs it.
Each time is printed beside its budget (issue E: chapters 1-4 at most 30 s,
chapters 5 and later at most 60 s, and so the appendix ``08_scaling_up`` too (issue
12), the whole book at most 3 minutes, on a 2-core machine); a budget exceeded is
flagged, never asserted.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def execute(path: Path, write: bool) -> float:
    """Execute the notebook at ``path``; return the wall-clock seconds it took."""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        store_widget_state=True,
    )
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    if write:
        nbformat.write(notebook, path)
    return seconds


BOOK_BUDGET = 180.0


def budget(path: Path) -> float:
    """The execution budget in seconds of the chapter at ``path`` ("01_..." -> 30,
    "05_..." to "07_..." and the appendix "08_scaling_up" -> 60)."""
    number = int(path.name.split("_", 1)[0]) if path.name[:2].isdigit() else 99
    return 30.0 if number <= 4 else 60.0


def verdict(seconds: float, limit: float) -> str:
    return f"budget {limit:4.0f} s  " + ("ok" if seconds <= limit else "OVER BUDGET")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--write", action="store_true", help="store the new outputs in place")
    args = parser.parse_args()
    total = 0.0
    for path in sorted(args.notebooks):
        seconds = execute(path, args.write)
        total += seconds
        print(f"{path.name:32s} {seconds:6.1f} s  {verdict(seconds, budget(path))}"
              + ("  (outputs written)" if args.write else ""))
    print(f"{'all chapters':32s} {total:6.1f} s  {verdict(total, BOOK_BUDGET)}")


if __name__ == "__main__":
    main()
