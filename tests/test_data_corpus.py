"""Unit tests of seqlab.data.corpus, entirely offline: the embedded standard-library
corpus, and the optional download of a larger one (pooch underneath).

``file://`` URLs go through the module's own pooch downloader; ``https://`` goes
through ``pooch.HTTPDownloader``, whose ``requests.get`` is replaced by a fake here
(and one test serves real HTTP from 127.0.0.1). They check that only a verified
file ever appears under the cached name: a checksum mismatch or a failure
mid-download leaves neither the file nor a temporary file behind; a good download
lands in one move; a verified cache is reused without touching the network;
load_corpus falls back with a clear warning.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import http.server
import importlib.util
import json
import logging
import platform
import shutil
import threading
import urllib.request
from pathlib import Path

import pooch
import pytest
import requests

from seqlab.data import (
    DEFAULT_MODULES,
    KNOWN_URLS,
    LARGE_MODULES,
    SNAPSHOT_PATH,
    SNAPSHOT_PYTHON,
    CorpusFallbackWarning,
    fetch,
    load_corpus,
    load_stdlib_corpus,
    sha256_of,
)

# --- load_stdlib_corpus -------------------------------------------------------------


def test_default_modules_are_pure_python_files_of_this_installation():
    assert len(LARGE_MODULES) == len(set(LARGE_MODULES))
    for name in LARGE_MODULES:
        origin = importlib.util.find_spec(name).origin
        assert origin.endswith(".py"), name


def test_default_corpus_is_the_shipped_snapshot_joined_by_blank_lines():
    with gzip.open(SNAPSHOT_PATH, "rt", encoding="utf-8") as file:
        payload = json.load(file)
    assert payload["python_version"] == SNAPSHOT_PYTHON
    assert tuple(payload["modules"]) == LARGE_MODULES  # chapter 7's modules come first
    assert LARGE_MODULES[: len(DEFAULT_MODULES)] == DEFAULT_MODULES
    text = load_stdlib_corpus()
    assert text == "\n".join(payload["modules"][name] for name in DEFAULT_MODULES)
    assert len(text) == 139_351  # chapter 7's numbers come from exactly this text
    assert "def dedent(text):" in text  # textwrap, the first module
    assert (SNAPSHOT_PATH.parent / "LICENSE-PSF.txt").read_text().count(
        "PYTHON SOFTWARE FOUNDATION LICENSE VERSION 2") == 1


def test_interpreter_source_reads_the_running_pythons_files():
    text = load_stdlib_corpus(source="interpreter")
    files = [Path(importlib.util.find_spec(m).origin).read_text(encoding="utf-8")
             for m in DEFAULT_MODULES]
    assert text == "\n".join(files)
    if platform.python_version() == SNAPSHOT_PYTHON:
        assert text == load_stdlib_corpus()


def test_corpus_is_identical_between_calls_and_max_chars_truncates():
    assert load_stdlib_corpus() == load_stdlib_corpus()
    assert load_stdlib_corpus(max_chars=500) == load_stdlib_corpus()[:500]
    assert load_stdlib_corpus(["bisect"]).startswith('"""Bisection algorithms."""')


@pytest.mark.parametrize(
    ("modules", "error", "match"),
    [
        ("textwrap", TypeError, "modules must be a sequence"),
        ([], ValueError, "at least one module"),
        (["no_such_module_xyz"], ValueError, "no module named 'no_such_module_xyz'"),
        (["sys"], ValueError, "has no Python source file"),
        ([3], TypeError, "modules must be a str"),
    ],
)
def test_load_stdlib_corpus_rejects_bad_modules(modules, error, match):
    with pytest.raises(error, match=match):
        load_stdlib_corpus(modules, source="interpreter")


def test_load_stdlib_corpus_rejects_modules_outside_the_snapshot_and_bad_source():
    with pytest.raises(ValueError, match="'json' is not in the shipped snapshot"):
        load_stdlib_corpus(["json"])
    with pytest.raises(ValueError, match="source must be 'snapshot' or 'interpreter', got 'disk'"):
        load_stdlib_corpus(source="disk")


def test_load_stdlib_corpus_rejects_bad_max_chars():
    with pytest.raises(ValueError, match="max_chars must be >= 1"):
        load_stdlib_corpus(max_chars=0)


def test_the_large_corpus_is_embedded_and_starts_with_chapter_7s():
    large = load_corpus("stdlib-large")
    assert large == load_stdlib_corpus(LARGE_MODULES)
    assert large.startswith(load_stdlib_corpus() + "\n")
    assert len(large) == 585_488  # the appendix's numbers come from exactly this text
    assert load_corpus("stdlib-large", max_chars=100) == large[:100]


def test_a_snapshot_of_another_python_is_refused(monkeypatch):
    from seqlab.data import corpus

    corpus._snapshot.cache_clear()
    monkeypatch.setattr(corpus, "SNAPSHOT_PYTHON", "3.0.0")
    try:
        with pytest.raises(RuntimeError, match="was taken from Python 3.11.7, expected 3.0.0"):
            load_stdlib_corpus()
    finally:
        corpus._snapshot.cache_clear()


def test_interpreter_source_rejects_a_module_whose_package_is_missing():
    with pytest.raises(ValueError, match="modules: cannot find module 'no_such_pkg_xyz.mod'"):
        load_stdlib_corpus(["no_such_pkg_xyz.mod"], source="interpreter")


# --- downloads (fetch, load_corpus) -------------------------------------------------

CONTENT = ("First Citizen:\nBefore we proceed any further, hear me speak.\n" * 50).encode()
GOOD_SHA = hashlib.sha256(CONTENT).hexdigest()
WRONG_SHA = "0" * 64
HTTPS_URL = "https://example.org/input.txt"


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


class FakeResponse:
    """What ``requests.get(..., stream=True)`` returns, as far as pooch reads it."""

    def __init__(self, fail_after: int | None = None, error: BaseException | None = None):
        self.fail_after, self.error = fail_after, error
        self.headers = {"content-length": str(len(CONTENT))}

    def raise_for_status(self) -> None:
        pass  # a 200; the 404 is served for real below

    def iter_content(self, chunk_size: int):
        for start in range(0, len(CONTENT), chunk_size):
            if self.fail_after is not None and start >= self.fail_after:
                raise self.error
            yield CONTENT[start : start + chunk_size]


def fake_get(monkeypatch, response=None, raises=None):
    """Replace ``requests.get`` (what pooch.HTTPDownloader calls); return its calls."""
    calls = []

    def get(url, timeout, **kwargs):
        calls.append({"url": url, "timeout": timeout, **kwargs})
        if raises is not None:
            raise raises
        return response

    monkeypatch.setattr(requests, "get", get)
    return calls


def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("no download expected here")

    monkeypatch.setattr(requests, "get", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)


def listing(folder):
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_good_download_lands_under_dest_with_nothing_else(source, cache, capfd):
    dest = cache / "corpus.txt"
    result = fetch(source, GOOD_SHA, dest)
    assert result == dest and dest.read_bytes() == CONTENT
    assert listing(cache) == ["corpus.txt"]  # no temporary file left
    assert capfd.readouterr().err == ""  # pooch's "Downloading data from ..." is silenced
    assert pooch.get_logger().level == logging.NOTSET  # and its logger restored


def test_good_download_is_moved_into_place_once_from_dests_folder(source, cache, monkeypatch):
    calls = []
    real_move = shutil.move

    def spy(src, dst):
        calls.append((src, dst))
        assert not (cache / "corpus.txt").exists()  # nothing under the name before the move
        return real_move(src, dst)

    monkeypatch.setattr(shutil, "move", spy)
    fetch(source, GOOD_SHA, cache / "corpus.txt")
    assert len(calls) == 1 and calls[0][1] == str((cache / "corpus.txt").resolve())
    assert Path(calls[0][0]).parent == cache.resolve()  # a rename within one folder


def test_checksum_mismatch_raises_and_leaves_no_file(source, cache):
    dest = cache / "corpus.txt"
    with pytest.raises(ValueError, match=f"expected sha256:{WRONG_SHA} but got {GOOD_SHA}"):
        fetch(source, WRONG_SHA, dest)
    assert not dest.exists()
    assert listing(cache) == []


@pytest.mark.parametrize("error", [requests.exceptions.ReadTimeout("Read timed out."),
                                   KeyboardInterrupt()], ids=["timeout", "interrupt"])
def test_exception_mid_download_leaves_no_file_and_no_temp_file(error, cache, monkeypatch):
    fake_get(monkeypatch, FakeResponse(fail_after=1000, error=error))
    with pytest.raises(type(error)):
        fetch(HTTPS_URL, GOOD_SHA, cache / "corpus.txt")
    assert listing(cache) == []


def test_timeout_reaches_the_downloader(cache, monkeypatch):
    calls = fake_get(monkeypatch, FakeResponse())
    dest = fetch(HTTPS_URL, GOOD_SHA, cache / "c.txt", timeout=7)
    assert calls == [{"url": HTTPS_URL, "timeout": 7.0, "stream": True}]
    assert dest.read_bytes() == CONTENT


def test_verified_cache_is_reused_without_network(source, cache, monkeypatch):
    dest = fetch(source, GOOD_SHA, cache / "corpus.txt")
    stamp = dest.stat().st_mtime_ns
    no_network(monkeypatch)
    assert fetch(source, GOOD_SHA.upper(), dest) == dest  # hex digits in any case
    assert fetch(HTTPS_URL, GOOD_SHA, dest) == dest
    assert dest.stat().st_mtime_ns == stamp


def test_corrupt_cache_is_replaced_only_by_a_verified_copy(source, cache):
    dest = cache / "corpus.txt"
    cache.mkdir()
    dest.write_bytes(b"truncated")
    with pytest.raises(ValueError):
        fetch(source, WRONG_SHA, dest)
    assert dest.read_bytes() == b"truncated"  # untouched by the failed attempt
    fetch(source, GOOD_SHA, dest)
    assert dest.read_bytes() == CONTENT and listing(cache) == ["corpus.txt"]


def test_sha256_of_matches_hashlib(tmp_path):
    path = tmp_path / "f.bin"
    path.write_bytes(CONTENT)
    assert sha256_of(path) == sha256_of(str(path)) == GOOD_SHA
    with pytest.raises(TypeError, match="path must be a path"):
        sha256_of(3)  # not file descriptor 3


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
def test_fetch_rejects_bad_arguments(kwargs, error, match, tmp_path, monkeypatch):
    no_network(monkeypatch)
    arguments = {"url": HTTPS_URL, "sha256": GOOD_SHA,
                 "dest": tmp_path / "x.txt", "timeout": 30} | kwargs
    with pytest.raises(error, match=match):
        fetch(**arguments)
    assert listing(tmp_path) == []


# --- load_corpus --------------------------------------------------------------------


def test_load_corpus_stdlib_needs_no_download(monkeypatch):
    no_network(monkeypatch)
    monkeypatch.setattr(pooch, "retrieve", None)  # not even pooch is asked
    assert load_corpus() == load_stdlib_corpus()
    assert load_corpus("stdlib", max_chars=100) == load_stdlib_corpus()[:100]


def test_load_corpus_downloads_verifies_and_caches(source, cache):
    text = load_corpus("tiny", url=source, sha256=GOOD_SHA, cache_dir=cache)
    assert text == CONTENT.decode()
    assert listing(cache) == ["tiny.txt"]
    assert load_corpus("tiny", url=source, sha256=GOOD_SHA, cache_dir=cache,
                       max_chars=5) == "First"


@pytest.mark.parametrize(
    ("raises", "error"),
    [
        (requests.exceptions.ConnectionError("Failed to resolve 'raw.githubusercontent.com'"),
         "ConnectionError"),
        (requests.exceptions.ConnectTimeout("Connection timed out"), "ConnectTimeout"),
    ],
    ids=["offline", "timeout"],
)
def test_load_corpus_falls_back_with_a_clear_warning_when_offline(raises, error, cache,
                                                                  monkeypatch):
    fake_get(monkeypatch, raises=raises)  # pooch.HTTPDownloader calls requests.get
    with pytest.warns(CorpusFallbackWarning,
                      match=rf"could not load corpus 'tiny-shakespeare' from https://raw\."
                            rf".*\({error}: .*\); falling back to the embedded standard-library"):
        text = load_corpus("tiny-shakespeare", sha256=GOOD_SHA, cache_dir=cache)
    assert text == load_stdlib_corpus()
    assert listing(cache) == []


def test_load_corpus_falls_back_on_a_checksum_mismatch(source, cache):
    with pytest.warns(CorpusFallbackWarning, match=rf"\(ValueError: SHA256 hash .* expected "
                                                   rf"sha256:{WRONG_SHA}"):
        text = load_corpus("tiny", url=source, sha256=WRONG_SHA, cache_dir=cache,
                           max_chars=300)
    assert text == load_stdlib_corpus(max_chars=300)
    assert listing(cache) == []


def test_load_corpus_falls_back_on_a_file_that_is_not_utf8(tmp_path, cache):
    path = tmp_path / "latin1.txt"
    path.write_bytes("café".encode("latin-1"))
    with pytest.warns(CorpusFallbackWarning, match="UnicodeDecodeError"):
        text = load_corpus("latin", url=path.as_uri(), sha256=sha256_of(path), cache_dir=cache)
    assert text == load_stdlib_corpus()


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


# --- real HTTP, from 127.0.0.1 only -------------------------------------------------


@pytest.fixture
def http_url(tmp_path, monkeypatch):
    """The http:// address of a folder holding input.txt, served from this machine."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    (tmp_path / "served").mkdir()
    (tmp_path / "served" / "input.txt").write_bytes(CONTENT)

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(tmp_path / "served"))
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        yield f"http://127.0.0.1:{server.server_address[1]}"
        server.shutdown()
    thread.join()


def test_real_http_download_and_a_404_fallback(http_url, cache):
    dest = fetch(f"{http_url}/input.txt", GOOD_SHA, cache / "corpus.txt", timeout=5)
    assert dest.read_bytes() == CONTENT
    with pytest.warns(CorpusFallbackWarning, match="HTTPError: 404"):
        text = load_corpus("gone", url=f"{http_url}/gone.txt", sha256=GOOD_SHA, cache_dir=cache)
    assert text == load_stdlib_corpus() and listing(cache) == ["corpus.txt"]
