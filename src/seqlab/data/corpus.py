"""The character-level corpus of chapter 7: Python's own standard library, shipped.

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

Also here: :class:`CharVocab` (characters <-> integer ids), :func:`train_val_split`
and :func:`stream_batches`, which cuts a long id sequence into ``B`` parallel
streams and consecutive chunks of ``T`` characters for truncated
backpropagation through time, and :func:`char_label`, a visible name for
whitespace characters in tables and figures.
"""

from __future__ import annotations

import functools
import gzip
import importlib.util
import json
from collections.abc import Sequence
from pathlib import Path

import torch

from seqlab._checks import (
    check_choice,
    check_fraction,
    check_id_list,
    check_int,
    check_optional,
    check_sequence,
    check_sizes,
    check_str,
    check_tensor,
)

__all__ = [
    "DEFAULT_MODULES",
    "LARGE_MODULES",
    "SNAPSHOT_PATH",
    "SNAPSHOT_PYTHON",
    "CharVocab",
    "char_label",
    "load_stdlib_corpus",
    "stream_batches",
    "train_val_split",
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


_VISIBLE = {" ": "\u2423", "\n": "\u21b5", "\t": "\\t", "\r": "\\r"}


def char_label(char: str) -> str:
    """A visible label for one character: ``"␣"`` for a space, ``"↵"`` for a newline,
    ``"\\t"``/``"\\r"`` for tab and carriage return, the character itself otherwise."""
    check_str(char, "char")
    if len(char) != 1:
        raise ValueError(f"char must be a single character, got {char!r}")
    return _VISIBLE.get(char, char)


class CharVocab:
    """Characters <-> integer ids, from ``sorted(set(text))``.

    Sorting makes the ids the same in every process (a plain ``set`` of strings is
    ordered by hash, which changes between runs). Its length is ``V``.

    Example::

        >>> vocab = CharVocab("hello")
        >>> vocab.itos, vocab.encode("hole")
        (('e', 'h', 'l', 'o'), [1, 3, 2, 0])
    """

    def __init__(self, text: str) -> None:
        check_str(text, "text")
        if not text:
            raise ValueError("text must contain at least one character")
        self.itos: tuple[str, ...] = tuple(sorted(set(text)))
        self.stoi: dict[str, int] = {char: index for index, char in enumerate(self.itos)}

    def __len__(self) -> int:
        return len(self.itos)

    def __contains__(self, char: object) -> bool:
        return char in self.stoi

    def __repr__(self) -> str:
        shown = "".join(char_label(c) for c in self.itos[:20])
        more = "..." if len(self.itos) > 20 else ""
        return f"CharVocab(size={len(self)}: {shown}{more})"

    def encode(self, text: str) -> list[int]:
        """The ids of ``text``'s characters, a list of ``len(text)`` ints (as
        :meth:`seqlab.text.Vocabulary.encode`): ``torch.tensor(vocab.encode(text))``
        makes the long tensor of shape ``(len(text),)`` that a model reads."""
        check_str(text, "text")
        unknown = sorted(set(text) - self.stoi.keys())
        if unknown:
            raise ValueError(f"text contains characters not in the vocabulary: {unknown[:10]!r}")
        return [self.stoi[char] for char in text]

    def decode(self, ids: Sequence[int] | torch.Tensor) -> str:
        """The text of a 1-D tensor or a sequence of ids."""
        return "".join(self.itos[i] for i in check_id_list(ids, len(self)))


def train_val_split(
    ids: torch.Tensor, val_fraction: float = 0.1
) -> tuple[torch.Tensor, torch.Tensor]:
    """Split a 1-D id sequence into its first part (training) and its last
    ``val_fraction`` (validation), without shuffling.

    Shuffling characters would destroy the text; cutting at one point keeps both
    parts readable and the validation text unseen (here: other modules' code).
    """
    check_tensor(ids, "ids", ndim=1, floating=False)
    val_fraction = check_fraction(val_fraction, "val_fraction")
    n_val = round(len(ids) * val_fraction)
    if n_val < 2 or len(ids) - n_val < 2:
        raise ValueError(f"ids has {len(ids)} characters: too few for a split with "
                         f"val_fraction={val_fraction} (each part needs at least 2)")
    return ids[: len(ids) - n_val], ids[len(ids) - n_val :]


def stream_batches(
    ids: torch.Tensor, batch_size: int, seq_len: int
) -> list[tuple[torch.Tensor, torch.Tensor]]:
    """Cut ``ids`` into ``B`` parallel streams and consecutive chunks of ``T`` steps.

    The sequence of inputs ``ids[:-1]`` and of targets ``ids[1:]`` (the next
    character) is split into ``B = batch_size`` contiguous streams of equal
    length ``L = (len(ids) - 1) // B``; the last ``(len(ids) - 1) % B`` targets are
    dropped. Chunk ``k`` holds columns ``k*T .. k*T + T - 1`` of every stream, so
    row ``b`` of chunk ``k + 1`` continues row ``b`` of chunk ``k`` exactly where it
    stopped: a hidden state carried from one chunk to the next has read the
    stream's text up to there. The last chunk is shorter when ``T`` does not divide ``L``.

    Args:
        ids: 1-D integer tensor, at least ``batch_size + 1`` long.
        batch_size: ``B``, the number of parallel streams.
        seq_len: ``T``, the number of time steps per chunk.

    Returns:
        A list of ``(inputs, targets)``, both long tensors of shape ``(B, T)``.
        With ``batch_size=1`` the targets are exactly ``ids[1:]``.
    """
    check_tensor(ids, "ids", ndim=1, floating=False)
    check_sizes(batch_size=batch_size, seq_len=seq_len)
    length = (len(ids) - 1) // batch_size
    if length < 1:
        raise ValueError(f"ids must be longer than batch_size={batch_size}, got length {len(ids)}")
    inputs = ids[: length * batch_size].view(batch_size, length)  # (B, L)
    targets = ids[1 : length * batch_size + 1].view(batch_size, length)  # (B, L)
    return [
        (inputs[:, start : start + seq_len], targets[:, start : start + seq_len])
        for start in range(0, length, seq_len)
    ]
