"""Unit tests of seqlab.data.download, entirely offline: file:// URLs and a fake urlopen.

They check that only a verified file ever appears under the cached name: a
checksum mismatch or a failure mid-download leaves neither the file nor a
temporary file behind; a good download lands in one rename; a verified cache is
reused without touching the network; load_corpus falls back with a clear warning.
"""

from __future__ import annotations

import hashlib
import io
import os
import urllib.error
import urllib.request

import pytest

from seqlab import data
from seqlab.data import (
    KNOWN_URLS,
    CorpusFallbackWarning,
    fetch,
    load_corpus,
    load_stdlib_corpus,
    sha256_of,
)
from seqlab.data import download as download_module

CONTENT = ("First Citizen:\nBefore we proceed any further, hear me speak.\n" * 50).encode()
GOOD_SHA = hashlib.sha256(CONTENT).hexdigest()
WRONG_SHA = "0" * 64


@pytest.fixture
def source(tmp_path):
    """A file to download, outside the destination folder, and its file:// URL."""
    path = tmp_path / "remote" / "input.txt"
    path.parent.mkdir()
    path.write_bytes(CONTENT)
    return path.as_uri()


@pytest.fixture
def cache(tmp_path):
    """The destination folder; fetch creates it."""
    return tmp_path / "cache"


class FakeResponse(io.BytesIO):
    """What urlopen returns: a readable, closable context manager."""

    def __init__(self, payload: bytes, fail_after: int | None = None) -> None:
        super().__init__(payload)
        self.fail_after = fail_after

    def read(self, size: int = -1) -> bytes:
        if self.fail_after is not None and self.tell() >= self.fail_after:
            raise TimeoutError("the read operation timed out")
        return super().read(min(size, 100) if size and size > 0 else size)


def listing(folder):
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_download_names_are_exported():
    assert {"KNOWN_URLS", "CorpusFallbackWarning", "fetch", "load_corpus",
            "sha256_of"} <= set(data.__all__)


def test_good_download_lands_under_dest_with_nothing_else(source, cache):
    dest = cache / "corpus.txt"
    result = fetch(source, GOOD_SHA, dest)
    assert result == dest and dest.read_bytes() == CONTENT
    assert listing(cache) == ["corpus.txt"]  # no temporary file left


def test_good_download_is_renamed_into_place_once(source, cache, monkeypatch):
    calls = []
    real_replace = os.replace

    def spy(src, dst):
        calls.append((os.fspath(src), os.fspath(dst)))
        assert not os.path.exists(dst)  # nothing under the final name before the rename
        real_replace(src, dst)

    monkeypatch.setattr(download_module.os, "replace", spy)
    dest = cache / "corpus.txt"
    fetch(source, GOOD_SHA, dest)
    assert len(calls) == 1 and calls[0][1] == os.fspath(dest)
    temp = calls[0][0]
    assert os.path.dirname(temp) == os.fspath(cache) and temp.endswith(".part")


def test_checksum_mismatch_raises_and_leaves_no_file(source, cache):
    dest = cache / "corpus.txt"
    with pytest.raises(ValueError, match=f"expected sha256 {WRONG_SHA}, got {GOOD_SHA}"):
        fetch(source, WRONG_SHA, dest)
    assert not dest.exists()
    assert listing(cache) == []


def test_exception_mid_read_leaves_no_file_and_no_temp_file(cache, monkeypatch):
    def fake_urlopen(url, timeout):
        return FakeResponse(CONTENT, fail_after=1000)

    monkeypatch.setattr(urllib.request, "urlopen", fake_urlopen)
    dest = cache / "corpus.txt"
    with pytest.raises(TimeoutError, match="timed out"):
        fetch("https://example.org/input.txt", GOOD_SHA, dest)
    assert listing(cache) == []


def test_timeout_is_passed_to_urlopen(cache, monkeypatch):
    seen = {}

    def fake_urlopen(url, timeout):
        seen["url"], seen["timeout"] = url, timeout
        return FakeResponse(CONTENT)

    monkeypatch.setattr(urllib.request, "urlopen", fake_urlopen)
    dest = fetch("https://example.org/input.txt", GOOD_SHA, cache / "c.txt", timeout=7)
    assert seen == {"url": "https://example.org/input.txt", "timeout": 7.0}
    assert dest.read_bytes() == CONTENT


def test_verified_cache_is_reused_without_network(source, cache, monkeypatch):
    dest = fetch(source, GOOD_SHA, cache / "corpus.txt")
    stamp = dest.stat().st_mtime_ns

    def no_network(*args, **kwargs):
        raise AssertionError("urlopen must not be called when the cache is valid")

    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    assert fetch(source, GOOD_SHA.upper(), dest) == dest  # hex digits in any case
    assert dest.stat().st_mtime_ns == stamp


def test_corrupt_cache_is_replaced_only_by_a_verified_copy(source, cache):
    dest = cache / "corpus.txt"
    cache.mkdir()
    dest.write_bytes(b"truncated")
    with pytest.raises(ValueError, match="checksum mismatch"):
        fetch(source, WRONG_SHA, dest)
    assert dest.read_bytes() == b"truncated"  # untouched by the failed attempt
    fetch(source, GOOD_SHA, dest)
    assert dest.read_bytes() == CONTENT and listing(cache) == ["corpus.txt"]


def test_sha256_of_matches_hashlib(tmp_path):
    path = tmp_path / "f.bin"
    path.write_bytes(CONTENT)
    assert sha256_of(path) == GOOD_SHA


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"url": "ftp://example.org/x"}, ValueError, "url must start with https://"),
        ({"url": 3}, TypeError, "url must be a str"),
        ({"sha256": 3}, TypeError, "sha256 must be a str"),
        ({"sha256": "abc"}, ValueError, "sha256 must be 64 hexadecimal digits"),
        ({"sha256": "g" * 64}, ValueError, "sha256 must be 64 hexadecimal digits"),
        ({"dest": 3}, TypeError, "dest must be a path"),
        ({"timeout": 0}, ValueError, "timeout must be > 0"),
    ],
)
def test_fetch_rejects_bad_arguments(kwargs, error, match, tmp_path):
    arguments = {"url": "https://example.org/x", "sha256": GOOD_SHA,
                 "dest": tmp_path / "x.txt", "timeout": 30} | kwargs
    with pytest.raises(error, match=match):
        fetch(**arguments)
    assert listing(tmp_path) == []


# --- load_corpus --------------------------------------------------------------------


def test_load_corpus_stdlib_needs_no_download(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("no download for the embedded corpus")

    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    assert load_corpus() == load_stdlib_corpus()
    assert load_corpus("stdlib", max_chars=100) == load_stdlib_corpus()[:100]


def test_load_corpus_downloads_verifies_and_caches(source, cache):
    text = load_corpus("tiny", url=source, sha256=GOOD_SHA, cache_dir=cache)
    assert text == CONTENT.decode()
    assert listing(cache) == ["tiny.txt"]
    assert load_corpus("tiny", url=source, sha256=GOOD_SHA, cache_dir=cache,
                       max_chars=5) == "First"


def test_load_corpus_falls_back_with_a_clear_warning_when_offline(cache, monkeypatch):
    def offline(url, timeout):
        raise urllib.error.URLError("[Errno -3] Temporary failure in name resolution")

    monkeypatch.setattr(urllib.request, "urlopen", offline)
    with pytest.warns(CorpusFallbackWarning,
                      match=r"could not load corpus 'tiny-shakespeare' from https://raw\."
                            r".*URLError.*falling back to the embedded standard-library"):
        text = load_corpus("tiny-shakespeare", sha256=GOOD_SHA, cache_dir=cache)
    assert text == load_stdlib_corpus()
    assert listing(cache) == []


def test_load_corpus_falls_back_on_a_checksum_mismatch(source, cache):
    with pytest.warns(CorpusFallbackWarning, match=f"expected sha256 {WRONG_SHA}"):
        text = load_corpus("tiny", url=source, sha256=WRONG_SHA, cache_dir=cache,
                           max_chars=300)
    assert text == load_stdlib_corpus(max_chars=300)
    assert listing(cache) == []


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"name": ""}, ValueError, "name must be a non-empty string"),
        ({"name": "../evil"}, ValueError, "name must be a plain file name"),
        ({"name": "tiny-shakespeare", "url": None, "sha256": None}, ValueError,
         "sha256 is required"),
        ({"name": "mine", "url": None}, ValueError, "url is required for corpus 'mine'"),
        ({"sha256": "beef"}, ValueError, "sha256 must be 64 hexadecimal digits"),
        ({"max_chars": 0}, ValueError, "max_chars must be >= 1"),
        ({"cache_dir": 3}, TypeError, "cache_dir must be a path"),
    ],
)
def test_load_corpus_rejects_bad_arguments_instead_of_falling_back(kwargs, error, match,
                                                                   source, cache):
    arguments = {"name": "tiny", "url": source, "sha256": GOOD_SHA, "cache_dir": cache} | kwargs
    with pytest.raises(error, match=match):
        load_corpus(**arguments)
    assert listing(cache) == []


def test_known_urls_are_https_addresses():
    assert KNOWN_URLS["tiny-shakespeare"].startswith("https://")
