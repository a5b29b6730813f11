"""The cost of the website's precomputed explorers: views per explorer, bytes per page.

    python benchmarks/site_size.py                 # the site in _build/html
    python benchmarks/site_size.py --site DIR      # another build

For every chapter page of the built site it prints the size of the HTML, of the images
the page shows (its own files under the site folder; shared theme files are left out)
and of both together, beside the budget of issue H (4 MB per page); then each explorer
on the page (``data-explorer``) with its number of precomputed views beside its budget
(about 100). A budget exceeded is flagged, never asserted.
"""

from __future__ import annotations

import argparse
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
PAGE_BUDGET = 4_000_000  # bytes of HTML and images per chapter page
STATES_BUDGET = 100  # precomputed views per explorer
EXPLORER = re.compile(r"<div class='seqlab-explorer' data-explorer='([\w-]+)' data-states='(\d+)'")


class _Images(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.sources += [value for name, value in attrs if name == "src" and value]


def image_bytes(page: Path, site: Path) -> int:
    """The bytes of the distinct local images that ``page`` shows."""
    parser = _Images()
    parser.feed(page.read_text(errors="replace"))
    files = set()
    for source in parser.sources:
        parts = urlsplit(source)
        if parts.scheme or source.startswith("data:"):
            continue  # remote, or inline (counted with the HTML)
        path = (page.parent / unquote(parts.path)).resolve()
        if path.is_file() and site in path.parents:
            files.add(path)
    return sum(path.stat().st_size for path in files)


def verdict(value: float, budget: float) -> str:
    return "ok" if value <= budget else "OVER BUDGET"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html")
    args = parser.parse_args()
    site = args.site.resolve()
    pages = sorted((site / "notebooks").glob("*.html"))
    if not pages:
        raise SystemExit(f"no chapter pages in {site / 'notebooks'}: run `make book` first")
    print(f"{'page':32s} {'HTML':>9s} {'images':>9s} {'total':>9s}  budget 4.0 MB")
    for page in pages:
        text = page.read_text(errors="replace")
        html_size, images = len(text.encode()), image_bytes(page, site)
        total = html_size + images
        print(f"{page.stem:32s} {html_size / 1e6:7.2f} MB {images / 1e6:7.2f} MB "
              f"{total / 1e6:7.2f} MB  {verdict(total, PAGE_BUDGET)}")
        for name, states in EXPLORER.findall(text):
            print(f"    explorer {name:22s} {int(states):4d} views"
                  f"{'':13s}budget {STATES_BUDGET}  {verdict(int(states), STATES_BUDGET)}")


if __name__ == "__main__":
    main()
