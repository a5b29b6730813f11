"""Every chapter has the parts a reader relies on (checked on the notebook files).

Learning goals at the top, links to the previous and next page, an explorer, the
closing Summary / Exercises / References sections, solutions folded in dropdowns, a
figure caption on every image output, and stored outputs from one top-to-bottom run.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def load(path: Path) -> dict:
    return json.loads(path.read_text())


def markdown(notebook: dict) -> list[str]:
    return ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown"]


def code_cells(notebook: dict) -> list[dict]:
    return [c for c in notebook["cells"] if c["cell_type"] == "code"]


def test_every_chapter_is_in_the_table_of_contents():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    listed = {entry["file"] for part in toc["parts"] for entry in part["chapters"]}
    assert {f"notebooks/{path.stem}" for path in CHAPTERS} <= listed


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chapter_opens_with_title_navigation_and_learning_goals(path):
    first = markdown(load(path))[:3]
    assert first[0].startswith("# "), "the first cell must be the chapter's one H1 title"
    assert re.search(r"\*\*Previous:\*\* \[.+\]\(.+\) · \*\*Next:\*\* \[.+\]\(.+\)", first[0])
    assert any("learning goals" in cell.lower() for cell in first)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chapter_ends_with_summary_exercises_and_references(path):
    headings = re.findall(r"^## (.+)$", "\n".join(markdown(load(path))), re.M)
    assert headings[-3:] == ["Summary", "Exercises", "References"]


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chapter_has_an_explorer_with_a_widget_snapshot(path):
    notebook = load(path)
    headings = re.findall(r"^## (.+)$", "\n".join(markdown(notebook)), re.M)
    assert "Explore it yourself" in headings
    widget_views = [out for cell in code_cells(notebook) for out in cell.get("outputs", [])
                    if "application/vnd.jupyter.widget-view+json" in out.get("data", {})]
    assert widget_views, "no widget output stored: the website would show no explorer"
    assert notebook["metadata"].get("widgets"), "no saved widget state for the website"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_exercise_solutions_are_folded_in_dropdowns(path):
    text = "\n".join(markdown(load(path)))
    exercises = text[text.index("## Exercises"):text.index("## References")]
    assert exercises.count("{dropdown}") >= 3


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_every_figure_has_a_caption_and_alt_text(path):
    for cell in code_cells(load(path)):
        if any("image/png" in out.get("data", {}) for out in cell.get("outputs", [])):
            options = cell["metadata"].get("mystnb", {})
            assert options.get("figure", {}).get("caption"), "".join(cell["source"])[:80]
            assert options.get("image", {}).get("alt"), "".join(cell["source"])[:80]


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_outputs_are_stored_from_one_top_to_bottom_run(path):
    cells = [c for c in code_cells(load(path)) if "".join(c["source"]).strip()]
    counts = [c["execution_count"] for c in cells]
    assert None not in counts and counts == sorted(counts) and len(set(counts)) == len(counts)
    assert any(c["outputs"] for c in cells), "outputs were stripped; nbval needs them"
