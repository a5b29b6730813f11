"""The texts of chapter 7: Python's own standard library, shipped, and optional downloads.

Karpathy's char-RNN demo trained on Shakespeare and on the Linux kernel's source
code. Downloading either would make the book depend on the network, so the
default corpus here is the source code of a fixed list of pure-Python modules of
the standard library (:data:`DEFAULT_MODULES`).

The files change a little from one Python version to the next (a docstring
edited, a function added), so the package ships a fixed snapshot of them, taken
from CPython :data:`SNAPSHOT_PYTHON` (``stdlib_snapshot.json.gz`` beside this
module, under the Python Software Foundation License in ``LICENSE-PSF.txt``), and
:func:`load_stdlib_corpus` reads that snapshot by default: chapter 7's numbers
are the same on every Python from 3.10 to 3.13. ``source="interpreter"`` reads
the running interpreter's own files instead.

A reader who wants a bigger text calls :func:`load_corpus`, which downloads it
once with :func:`fetch` and otherwise falls back to the embedded corpus; nothing in
the book's build or tests downloads anything over the network. :func:`fetch` hands
the work to ``pooch`` (the downloader of SciPy's and scikit-image's data), which
never leaves a half-written or unverified file under the cached name: it writes to
a temporary file in the destination's folder, checks the SHA-256 of what arrived,
and only then moves it into place (a rename on one file system). Any failure
deletes the temporary file.

The SHA-256 of a remote file is not known in advance here (the book is built
offline), so :func:`load_corpus` needs it from the caller. To get it, download
the file once by hand, compare it with what you expect to read, and hash it::

    >>> from seqlab.data import sha256_of
    >>> sha256_of("input.txt")  # doctest: +SKIP

(or ``sha256sum input.txt`` in a shell); pass that hex string as ``sha256``
from then on. The characters' vocabulary and batches are in
:mod:`seqlab.data.batching`.
"""

from __future__ import annotations

import functools
import gzip
import importlib.util
import json
import logging
import os
import re
import shutil
import urllib.request
import warnings
from collections.abc import Sequence
from pathlib import Path

import pooch

from seqlab._checks import (
    check_choice,
    check_float,
    check_int,
    check_optional,
    check_sequence,
    check_str,
    check_type,
)

__all__ = [
    "DEFAULT_MODULES",
    "KNOWN_URLS",
    "LARGE_MODULES",
    "SNAPSHOT_PATH",
    "SNAPSHOT_PYTHON",
    "CorpusFallbackWarning",
    "fetch",
    "load_corpus",
    "load_stdlib_corpus",
    "sha256_of",
]

#: Pure-Python standard-library modules whose source makes the default corpus, in
#: this order. All exist, as ``.py`` files, in Python 3.10 to 3.13.
DEFAULT_MODULES: tuple[str, ...] = (
    "textwrap",
    "string",
    "bisect",
    "heapq",
    "colorsys",
    "fnmatch",
    "glob",
    "copy",
    "queue",
    "sched",
    "graphlib",
    "numbers",
    "operator",
    "reprlib",
)

#: The larger corpus of the scaling appendix: :data:`DEFAULT_MODULES` and ten bigger
#: pure-Python modules after them (about 4 times the text), in the same snapshot.
LARGE_MODULES: tuple[str, ...] = DEFAULT_MODULES + (
    "argparse",
    "dataclasses",
    "difflib",
    "fractions",
    "functools",
    "statistics",
    "shlex",
    "calendar",
    "pprint",
    "contextlib",
)

#: The shipped snapshot of :data:`LARGE_MODULES`' source (package data; written by
#: ``tools/snapshot_stdlib_corpus.py``) and the CPython release it was taken from.
SNAPSHOT_PATH: Path = Path(__file__).with_name("stdlib_snapshot.json.gz")
SNAPSHOT_PYTHON = "3.11.7"
_SOURCES = ("snapshot", "interpreter")


@functools.lru_cache(maxsize=1)
def _snapshot() -> dict[str, str]:
    """The modules' source texts of the shipped snapshot, by module name."""
    with gzip.open(SNAPSHOT_PATH, "rt", encoding="utf-8") as file:
        payload = json.load(file)
    if payload["python_version"] != SNAPSHOT_PYTHON:
        raise RuntimeError(f"{SNAPSHOT_PATH} was taken from Python "
                           f"{payload['python_version']}, expected {SNAPSHOT_PYTHON}")
    return payload["modules"]


def _interpreter_source(name: str) -> str:
    """The source text of the standard-library module ``name``, read from the running
    interpreter's file."""
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError) as error:  # e.g. a dotted name whose parent is missing
        raise ValueError(f"modules: cannot find module {name!r} ({error})") from error
    if spec is None:
        raise ValueError(f"modules: no module named {name!r} in this Python installation")
    origin = spec.origin
    if origin is None or not origin.endswith(".py"):
        raise ValueError(f"modules: {name!r} has no Python source file (origin {origin!r}); "
                         "choose pure-Python modules such as those in DEFAULT_MODULES")
    # Reading the file (instead of importing the module) runs none of its code.
    return Path(origin).read_text(encoding="utf-8")


def _snapshot_source(name: str) -> str:
    """The source text of module ``name`` in the shipped snapshot."""
    modules = _snapshot()
    if name not in modules:
        raise ValueError(f"modules: {name!r} is not in the shipped snapshot (LARGE_MODULES); pass "
                         "source='interpreter' to read it from this Python installation")
    return modules[name]


def _check_corpus_arguments(modules: Sequence[str], max_chars: int | None, source: str) -> None:
    modules = check_sequence(modules, "modules", "a sequence of module names", item="module")
    for name in modules:
        check_str(name, "modules", allow_empty=False)
    check_optional(check_int, max_chars, "max_chars", minimum=1)
    check_choice(source, "source", _SOURCES)


def load_stdlib_corpus(
    modules: Sequence[str] = DEFAULT_MODULES,
    max_chars: int | None = None,
    *,
    source: str = "snapshot",
) -> str:
    """Concatenate the source code of ``modules`` into one string.

    Args:
        modules: names of pure-Python standard-library modules, read in this order.
        max_chars: if given, keep only the first ``max_chars`` characters.
        source: ``"snapshot"`` (the default) reads the shipped snapshot of CPython
            :data:`SNAPSHOT_PYTHON`, the same text on every Python version;
            ``"interpreter"`` reads the running interpreter's own files, whose
            text differs a little between Python versions.

    Returns:
        The files' text, joined by one blank line (each file ends with a newline),
        with ``"\\n"`` line endings.

    Raises:
        ValueError: a module is not in the snapshot, or (``source="interpreter"``)
            unknown or without ``.py`` source; ``max_chars < 1``; an unknown ``source``.
    """
    _check_corpus_arguments(modules, max_chars, source)
    read = _snapshot_source if source == "snapshot" else _interpreter_source
    text = "\n".join(read(name) for name in modules)
    return text if max_chars is None else text[:max_chars]


# The corpora shipped in the package's snapshot, by name: no download.
_EMBEDDED: dict[str, tuple[str, ...]] = {"stdlib": DEFAULT_MODULES, "stdlib-large": LARGE_MODULES}

#: Where some public-domain texts live. No checksum is stored for them: it could
#: not be verified when the book was written, so :func:`load_corpus` asks for one.
KNOWN_URLS: dict[str, str] = {
    # Karpathy's "tiny Shakespeare" (about 1.1 MB), the text of his char-rnn demo.
    "tiny-shakespeare": (
        "https://raw.githubusercontent.com/karpathy/char-rnn/master/data/tinyshakespeare/input.txt"
    ),
}

_SCHEMES = ("https://", "http://", "file://")
_HEX64 = re.compile(r"[0-9a-f]{64}")


class CorpusFallbackWarning(UserWarning):
    """:func:`load_corpus` could not get the requested corpus and used the embedded one."""


def _check_download(url: object, sha256: object, timeout: object) -> tuple[str, float]:
    """The lower-case expected digest and the timeout of a download from ``url``."""
    check_str(url, "url")
    if not url.startswith(_SCHEMES):
        raise ValueError(f"url must start with https://, http:// or file://, got {url!r}")
    check_str(sha256, "sha256")
    if not _HEX64.fullmatch(sha256.strip().lower()):
        raise ValueError(f"sha256 must be 64 hexadecimal digits, got {sha256!r}")
    return sha256.strip().lower(), check_float(timeout, "timeout", positive=True)


def _check_path(path: object, name: str) -> None:
    check_type(path, name, (str, os.PathLike), "a path (str or os.PathLike)")


def sha256_of(path: str | os.PathLike) -> str:
    """The SHA-256 hex digest of the file at ``path`` (``pooch.file_hash``, read in chunks)."""
    _check_path(path, "path")
    return pooch.file_hash(os.fspath(path), alg="sha256")


def fetch(url: str, sha256: str, dest: str | os.PathLike, timeout: float = 30) -> Path:
    """Download ``url`` to ``dest`` unless a verified copy is already there.

    Args:
        url: an ``https://``, ``http://`` or ``file://`` address.
        sha256: the expected SHA-256 of the file, 64 hex digits.
        dest: where the file is cached; its folder is created if needed.
        timeout: seconds allowed for connecting and for each read from the
            connection (``requests``' meaning); a stalled download raises.

    Returns:
        ``Path(dest)``, whose content has the expected checksum.

    Raises:
        ValueError: the downloaded bytes have another checksum (pooch's message gives
            the expected and the actual digest; nothing is left on disk), or an
            argument is malformed.
        OSError: the download failed (no network, a timeout, an HTTP error:
            ``requests``' exceptions are ``OSError`` subclasses); nothing is left
            on disk either.

    This is ``pooch.retrieve`` with a downloader for the address. If ``dest``
    exists with the right checksum it is returned without any network access. If
    it exists with a wrong one it is downloaded again and replaced only once the
    new copy is verified.
    """
    expected, timeout = _check_download(url, sha256, timeout)
    _check_path(dest, "dest")
    return _fetch(url, expected, Path(dest), timeout)


def _copy_file_url(url: str, output_file: str, pooch_object: object) -> None:
    """A pooch downloader for ``file://`` addresses (a mirror on disk), which pooch lacks."""
    with urllib.request.urlopen(url) as source, open(output_file, "wb") as target:
        shutil.copyfileobj(source, target)


def _fetch(url: str, expected: str, dest: Path, timeout: float) -> Path:
    """:func:`fetch` with checked arguments (``expected`` in lower case)."""
    downloader = (_copy_file_url if url.startswith("file://")
                  else pooch.HTTPDownloader(timeout=timeout, progressbar=False))
    logger = pooch.get_logger()
    level = logger.level
    logger.setLevel(logging.WARNING)  # quiet: no "Downloading data from ..." line
    try:
        pooch.retrieve(url, f"sha256:{expected}", fname=dest.name,
                       path=dest.parent.absolute(), downloader=downloader)
    finally:
        logger.setLevel(level)
    return dest


def _default_cache_dir() -> Path:
    return Path.home() / ".cache" / "seqlab"


def _check_corpus(name, url, sha256, cache_dir, timeout, max_chars) -> tuple[str, str, float]:
    """Checked ``(url, sha256, timeout)`` of a download; malformed arguments are the
    caller's mistake: they raise, they never fall back."""
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", name):
        raise ValueError(f"name must be a plain file name (letters, digits, . _ -), got {name!r}")
    url = KNOWN_URLS.get(name) if url is None else url
    if url is None:
        raise ValueError(f"url is required for corpus {name!r} (known names: "
                         f"{sorted(KNOWN_URLS)} and {sorted(_EMBEDDED)})")
    if sha256 is None:
        raise ValueError(f"sha256 is required to download corpus {name!r}: hash a copy you "
                         "trust (sha256sum FILE) and pass the 64 hex digits")
    check_optional(check_int, max_chars, "max_chars", minimum=1)
    check_optional(_check_path, cache_dir, "cache_dir")
    return (url, *_check_download(url, sha256, timeout))


def load_corpus(
    name: str = "stdlib",
    *,
    url: str | None = None,
    sha256: str | None = None,
    cache_dir: str | os.PathLike | None = None,
    timeout: float = 30,
    max_chars: int | None = None,
) -> str:
    """The text of a corpus: the embedded one, or a verified download of another.

    Args:
        name: ``"stdlib"`` (the default, no download: chapter 7's corpus, see
            :func:`~seqlab.data.load_stdlib_corpus`), ``"stdlib-large"`` (no download
            either: :data:`~seqlab.data.LARGE_MODULES`, about 4 times the text), or a
            name for a downloaded
            text, also its file name in ``cache_dir``. For names in
            :data:`KNOWN_URLS` (``"tiny-shakespeare"``) ``url`` may be left out.
        url: where to download the text from.
        sha256: its SHA-256 (required for every download; see the module
            docstring for how to compute it once).
        cache_dir: folder of downloaded corpora; default ``~/.cache/seqlab``.
        timeout: passed to :func:`fetch`.
        max_chars: if given, keep only the first ``max_chars`` characters.

    Returns:
        The corpus as a ``str``. If the download fails (no network, a timeout, an
        HTTP error, a checksum mismatch, a file that is not UTF-8) a
        :class:`CorpusFallbackWarning` says why, and the embedded standard-library
        corpus is returned instead.
    """
    check_str(name, "name", allow_empty=False)
    if name in _EMBEDDED:
        return load_stdlib_corpus(_EMBEDDED[name], max_chars=max_chars)
    url, sha256, timeout = _check_corpus(name, url, sha256, cache_dir, timeout, max_chars)
    cache = _default_cache_dir() if cache_dir is None else Path(cache_dir)
    try:
        text = _fetch(url, sha256, cache / f"{name}.txt", timeout).read_text(encoding="utf-8")
    # requests' ConnectionError, Timeout and HTTPError are OSErrors; pooch's checksum
    # mismatch and a file that is not UTF-8 are ValueErrors
    except (OSError, ValueError) as error:
        message = (f"could not load corpus {name!r} from {url} ({type(error).__name__}: "
                   f"{error}); falling back to the embedded standard-library corpus")
        warnings.warn(message, CorpusFallbackWarning, stacklevel=2)
        return load_stdlib_corpus(max_chars=max_chars)
    return text if max_chars is None else text[:max_chars]
