"""Optional larger corpora: a checksum-verified, atomic download and a safe fallback.

Nothing in the book's build or tests calls this module over the network: the
default corpus (:func:`seqlab.data.load_stdlib_corpus`) is already on disk.
A reader who wants a bigger text calls :func:`load_corpus`, which downloads it
once with :func:`fetch` and otherwise falls back to the embedded corpus.

:func:`fetch` hands the work to ``pooch`` (the downloader of SciPy's and
scikit-image's data), which never leaves a half-written or unverified file under
the cached name: it writes to a temporary file in the destination's folder, checks
the SHA-256 of what arrived, and only then moves it into place (a rename on one
file system). Any failure deletes the temporary file.

The SHA-256 of a remote file is not known in advance here (the book is built
offline), so :func:`load_corpus` needs it from the caller. To get it, download
the file once by hand, compare it with what you expect to read, and hash it::

    >>> from seqlab.data import sha256_of
    >>> sha256_of("input.txt")  # doctest: +SKIP

(or ``sha256sum input.txt`` in a shell); pass that hex string as ``sha256``
from then on.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import urllib.request
import warnings
from pathlib import Path

import pooch

from seqlab._checks import check_float, check_int, check_optional, check_str, check_type
from seqlab.data.corpus import DEFAULT_MODULES, LARGE_MODULES, load_stdlib_corpus

__all__ = ["KNOWN_URLS", "CorpusFallbackWarning", "fetch", "load_corpus", "sha256_of"]

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
