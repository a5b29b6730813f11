"""The package data chapter 7 needs arrives with every install path.

``pip install .``, the Colab cell's ``pip install "seqlab @ git+..."`` and a wheel all
install from a built wheel, so building one and looking inside is the check: the
standard-library snapshot and its licence must be in it, next to the code that
reads them. (An editable install reads them from ``src/`` and would hide a
missing package-data declaration.)
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_a_built_wheel_carries_the_corpus_snapshot_and_its_licence(tmp_path):
    # --no-build-isolation: build with this environment's setuptools, offline
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--quiet", "--wheel-dir", str(tmp_path), str(ROOT)],
        check=True, capture_output=True, text=True,
    )
    (wheel,) = tmp_path.glob("seqlab-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        assert {"seqlab/data/corpus.py", "seqlab/data/LICENSE-PSF.txt",
                "seqlab/data/stdlib_snapshot.json.gz"} <= names
        payload = json.loads(gzip.decompress(archive.read("seqlab/data/stdlib_snapshot.json.gz")))
    from seqlab.data import DEFAULT_MODULES, SNAPSHOT_PYTHON, load_stdlib_corpus

    assert payload["python_version"] == SNAPSHOT_PYTHON
    assert "\n".join(payload["modules"][name] for name in DEFAULT_MODULES) == load_stdlib_corpus()
