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
# executed pages outside the chapters (the lecture in ten minutes): no chapter structure,
# but the same rules for code, figures and stored outputs
PAGES = CHAPTERS + sorted((ROOT / "book").glob("*.ipynb"))


def load(path: Path) -> dict:
    return json.loads(path.read_text())


def markdown(notebook: dict) -> list[str]:
    return ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown"]


def code_cells(notebook: dict) -> list[dict]:
    return [c for c in notebook["cells"] if c["cell_type"] == "code"]


def test_every_chapter_and_page_is_in_the_table_of_contents():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    listed = {entry["file"] for part in toc["parts"] for entry in part["chapters"]}
    assert {f"{path.parent.name}/{path.stem}" for path in PAGES} <= listed


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


def solution_spans(notebook: dict) -> list[list[dict]]:
    """The cells of each gated solution, from its {solution-start} to its {solution-end}."""
    spans, current = [], None
    for cell in notebook["cells"]:
        text = "".join(cell["source"]) if cell["cell_type"] == "markdown" else ""
        if "{solution-start}" in text:
            assert current is None, "a solution starts inside another one"
            current = []
        if current is not None:
            current.append(cell)
        if "{solution-end}" in text:
            assert current is not None, "{solution-end} without a {solution-start}"
            spans.append(current)
            current = None
    assert current is None, "a {solution-start} is never closed"
    return spans


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_exercises_have_folded_solutions_that_are_executed(path):
    notebook = load(path)
    text = "\n".join(markdown(notebook))
    exercises = text[text.index("## Exercises"):text.index("## References")]
    assert exercises.count("{exercise-start}") == exercises.count("{exercise-end}") >= 3
    assert exercises.count("{solution-start}") == exercises.count("{exercise-start}")
    heads = re.findall(r"\{solution-start\}[^\n]*\n(?::[^\n]*\n)*", exercises)
    assert heads and all(":class: dropdown" in head for head in heads), heads
    spans = solution_spans(notebook)
    assert len(spans) == exercises.count("{solution-start}")
    # the solutions' code runs (nbval checks what it prints): at least one code cell in most
    with_code = [span for span in spans if any(c["cell_type"] == "code" for c in span)]
    assert len(with_code) >= len(spans) - 1


@pytest.mark.parametrize("path", PAGES + sorted((ROOT / "book").glob("*.md")),
                         ids=lambda p: p.name)
def test_no_python_that_never_runs_and_no_unchecked_numbers(path):
    """Code in a markdown fence never runs and "in our run" quotes a number nothing
    checks: both belong in code cells (printed or glued), where nbval compares them."""
    texts = markdown(load(path)) if path.suffix == ".ipynb" else [path.read_text()]
    for text in texts:
        assert not re.search(r"^\s*[`~]{3,}\s*(\{code-cell\}\s*)?(python|ipython3?|py)\b",
                             text, re.M | re.I), text[:200]
        assert "in our run" not in text.lower(), text[:200]


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_every_figure_has_a_caption_and_alt_text(path):
    for cell in code_cells(load(path)):
        if any("image/png" in out.get("data", {}) for out in cell.get("outputs", [])):
            options = cell["metadata"].get("mystnb", {})
            assert options.get("figure", {}).get("caption"), "".join(cell["source"])[:80]
            assert options.get("image", {}).get("alt"), "".join(cell["source"])[:80]


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_outputs_are_stored_from_one_top_to_bottom_run(path):
    cells = [c for c in code_cells(load(path)) if "".join(c["source"]).strip()]
    counts = [c["execution_count"] for c in cells]
    assert None not in counts and counts == sorted(counts) and len(set(counts)) == len(counts)
    assert any(c["outputs"] for c in cells), "outputs were stripped; nbval needs them"
