"""Words of prose per chapter, all and unfolded, with gated exercises counted as folded.

    python3 tools/prose_words.py notebooks/*.ipynb book/*.ipynb

``../shared/tools/prose-words.py`` is the book's measure of length (issue G: at most
2,000 words of unfolded prose per chapter). It leaves out text inside ``{dropdown}``,
``{toggle}``, ``{exercise}`` and ``{solution}`` directives, but it cannot see the
*gated* form the chapters use so that solutions can hold executed code cells:
``{exercise-start}`` ... ``{exercise-end}`` and ``{solution-start}`` ... ``{solution-end}``
open and close in separate cells, with the prose between them outside any fence. This
script runs the shared measure once on the chapter as it is (all prose) and once with
the prose inside gated exercises and solutions blanked (unfolded prose).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared" / "tools" / "prose-words.py"
_GATE = re.compile(r"\{(exercise|solution)-(start|end)\}")


def _shared_prose():
    """The ``prose(markdown) -> (all, unfolded)`` function of the shared measure."""
    source = SHARED.read_text(encoding="utf-8").split("tot = [0, 0]")[0]
    namespace: dict = {}
    exec(compile(source, str(SHARED), "exec"), namespace)  # its functions, not its main loop
    return namespace["prose"]


def blank_gated(markdown: str) -> str:
    """``markdown`` with the lines inside gated exercises and solutions emptied."""
    lines, depth = [], 0
    for line in markdown.splitlines():
        gate = _GATE.search(line)
        if gate:
            depth += 1 if gate.group(2) == "start" else -1
        elif depth > 0 and not line.lstrip().startswith(("```", ":::")):
            line = ""
        lines.append(line)
    return "\n".join(lines)


def main(paths: list[str]) -> None:
    prose = _shared_prose()
    for path in paths:
        cells = json.loads(Path(path).read_text(encoding="utf-8"))["cells"]
        markdown = "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        everything, _ = prose(markdown)
        _, unfolded = prose(blank_gated(markdown))
        print(f"{Path(path).name:32s} prose {everything:6d} words, unfolded {unfolded:6d}")


if __name__ == "__main__":
    main(sys.argv[1:])
