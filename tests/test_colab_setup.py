"""Every chapter's first code cell installs seqlab in Colab, from repository.url."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def repository_url() -> str:
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    return config["repository"]["url"].rstrip("/")


def first_code_cell(path: Path) -> dict:
    notebook = json.loads(path.read_text())
    return next(c for c in notebook["cells"] if c["cell_type"] == "code")


def test_there_are_chapters():
    assert CHAPTERS, "no notebooks found in notebooks/"


def test_repository_url_is_a_github_repository():
    assert re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+", repository_url())


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_colab_setup_cell_installs_from_repository_url(path):
    source = "".join(first_code_cell(path)["source"])
    assert 'if "google.colab" in sys.modules:' in source
    # seqlab itself, or with an extra (the appendix installs "seqlab[scale]")
    installs = re.findall(r"%pip install .*\"seqlab(?:\[\w+\])? @ git\+(\S+?)\"", source)
    assert installs == [repository_url()], f"{path.name} installs from {installs}"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_colab_setup_cell_is_hidden_on_the_website(path):
    assert "remove-cell" in first_code_cell(path)["metadata"].get("tags", [])


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_colab_setup_cell_only_needs_core_python(path):
    # Colab runs Python 3.13 with ipywidgets 7.7: the cell must not require anything
    # that is not there before seqlab is installed.
    source = "".join(first_code_cell(path)["source"])
    imports = re.findall(r"^\s*(?:import|from)\s+(\w+)", source, re.M)
    assert set(imports) <= {"sys"}
