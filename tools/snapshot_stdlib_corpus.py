"""Write the standard-library snapshot that chapter 7 trains on (package data).

    .venv/bin/python tools/snapshot_stdlib_corpus.py

reads the source of every module in ``seqlab.data.LARGE_MODULES`` (chapter 7's
``DEFAULT_MODULES`` first, then the appendix's ten more) from the
running interpreter and writes ``src/seqlab/data/stdlib_snapshot.json.gz``:
``{"python_version": ..., "modules": {name: source, ...}}``, gzip-compressed with
no time stamp, so the same interpreter always writes the same bytes. The shipped
file was written by CPython 3.11.7; its licence (the PSF License) is
``src/seqlab/data/LICENSE-PSF.txt``, copied from that interpreter's ``LICENSE.txt``.
Taken from another Python, the snapshot would change every number of chapter 7 and
the appendix: re-execute them afterwards.
"""

from __future__ import annotations

import gzip
import json
import platform
from pathlib import Path

from seqlab.data.corpus import LARGE_MODULES, SNAPSHOT_PATH, load_stdlib_corpus


def main() -> None:
    modules = {name: load_stdlib_corpus([name], source="interpreter")
               for name in LARGE_MODULES}
    payload = {"python_version": platform.python_version(), "modules": modules}
    raw = json.dumps(payload, ensure_ascii=False, indent=0).encode("utf-8")
    with Path(SNAPSHOT_PATH).open("wb") as file, gzip.GzipFile(
        fileobj=file, mode="wb", filename="", mtime=0, compresslevel=9
    ) as archive:
        archive.write(raw)
    chars = sum(map(len, modules.values()))
    print(f"{SNAPSHOT_PATH}: Python {payload['python_version']}, {len(modules)} modules, "
          f"{chars:,} characters, {Path(SNAPSHOT_PATH).stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
