"""The lecture's sentence pair and the order-sensitive minimal pairs.

The sentiment data come in **minimal pairs**: two sentences made of exactly the
same words (identical bags of words) with opposite labels. A model that ignores
word order cannot tell the two apart, so on such pairs it is right exactly half
of the time. Two families:

* ``"negation"`` (the lecture's): the "not" moves between the relative clause and
  the main clause, ``the movie my friend has not seen is good`` (positive) vs
  ``the movie my friend has seen is not good`` (negative).
* ``"contrast"``: ``the acting was good but the plot was bad`` (negative) vs the
  same with the two adjectives swapped (positive); the clause after "but" decides.

``gap`` puts that many random filler words ("really", "today", ...) into every
slot of the sentence, stretching the distance between the words that decide.
The exact :data:`LECTURE_PAIR` sentences are never generated, so a model is
tested on them without having seen them.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass

from seqlab._checks import check_choice, check_int, check_int_range, check_iterable
from seqlab.text import tokenize

__all__ = ["FAMILIES", "LECTURE_PAIR", "NEGATIVE_WORDS", "POSITIVE_WORDS", "Example",
           "make_minimal_pairs"]

FAMILIES = ("negation", "contrast")


@dataclass(frozen=True)
class Example:
    """One labelled sentence. ``label`` is 1 for positive, 0 for negative;
    the two members of a minimal pair share ``pair_id``."""

    text: str
    label: int
    family: str = "negation"
    pair_id: int = -1
    gap: int = 0


LECTURE_PAIR: tuple[Example, Example] = (
    Example("The movie my friend has not seen is good", 1, "negation", -1, 0),
    Example("The movie my friend has seen is not good", 0, "negation", -1, 0),
)

_NOUNS = ("movie", "film", "book", "show", "play", "song", "album", "novel",
          "series", "game", "concert", "story")
_POSSESSIVES = ("my", "our", "his", "her")
_PEOPLE = ("friend", "sister", "brother", "neighbor", "teacher", "cousin", "boss", "roommate")
_VERBS = ("seen", "watched", "read", "heard", "liked", "reviewed", "finished", "recommended")
#: The adjectives of the generated sentences, by polarity.
POSITIVE_WORDS = ("good", "great", "excellent", "wonderful", "fun", "brilliant", "charming",
                  "superb")
NEGATIVE_WORDS = ("bad", "boring", "awful", "dull", "terrible", "weak", "poor", "tedious")
_ASPECTS = ("acting", "plot", "music", "ending", "dialogue", "pacing", "cast", "script",
            "soundtrack", "humor", "setting", "direction")
_FILLERS = ("really", "honestly", "truly", "today", "again", "then", "still", "also",
            "yesterday", "somehow", "indeed", "now", "here", "anyway", "frankly", "simply")

# The lecture's own sentences are held out: this content is never generated.
_LECTURE_CONTENT = ("movie", "my", "friend", "seen", "good")


def _fill(rng: random.Random, gap: int) -> list[str]:
    return [rng.choice(_FILLERS) for _ in range(gap)]


def _negation_pair(rng: random.Random, gap: int) -> tuple[list[str], list[str], int]:
    """Return (tokens with "not" in the relative clause, tokens with "not" in the
    main clause, label of the first)."""
    while True:
        noun, poss, person = rng.choice(_NOUNS), rng.choice(_POSSESSIVES), rng.choice(_PEOPLE)
        verb = rng.choice(_VERBS)
        positive = rng.random() < 0.5
        adj = rng.choice(POSITIVE_WORDS if positive else NEGATIVE_WORDS)
        if (noun, poss, person, verb, adj) != _LECTURE_CONTENT:
            break
    start, middle, end = _fill(rng, gap), _fill(rng, gap), _fill(rng, gap)
    head = [*start, "the", noun, poss, person, "has"]
    not_in_relative = [*head, "not", verb, *middle, "is", adj, *end]
    not_in_main = [*head, verb, *middle, "is", "not", adj, *end]
    # "... has not seen is good": the main clause is not negated, so the adjective decides.
    return not_in_relative, not_in_main, int(positive)


def _contrast_pair(rng: random.Random, gap: int) -> tuple[list[str], list[str], int]:
    """Return (tokens with the positive adjective first, tokens with it second,
    label of the first); the clause after "but" decides."""
    first, second = rng.sample(_ASPECTS, 2)
    good, bad = rng.choice(POSITIVE_WORDS), rng.choice(NEGATIVE_WORDS)
    slots = [_fill(rng, gap) for _ in range(4)]

    def sentence(adj1: str, adj2: str) -> list[str]:
        return [*slots[0], "the", first, "was", adj1, *slots[1], "but", *slots[2],
                "the", second, "was", adj2, *slots[3]]

    return sentence(good, bad), sentence(bad, good), 0


def make_minimal_pairs(
    n_pairs: int,
    family: str = "negation",
    gap: int | tuple[int, int] = 0,
    seed: int = 0,
    exclude: Iterable[str] = (),
) -> list[Example]:
    """Generate ``n_pairs`` minimal pairs (``2 * n_pairs`` examples, pairs adjacent).

    Args:
        n_pairs: how many pairs.
        family: ``"negation"``, ``"contrast"`` or ``"both"`` (alternating).
        gap: filler words per slot; an int, or ``(low, high)`` to draw each pair's
            gap uniformly from ``low..high`` inclusive.
        seed: seed of the private random generator (the global RNG is untouched).
        exclude: sentences that must not be generated (e.g. the training set's, to
            keep a test set disjoint); a pair is redrawn if either sentence is in it.

    Returns:
        A list of :class:`Example`; both members of a pair share ``pair_id``, have
        identical bags of words and opposite labels.
    """
    low, high = _check_arguments(n_pairs, family, gap, seed)
    excluded = _check_exclude(exclude)
    rng = random.Random(seed)
    examples: list[Example] = []
    attempts = 0
    while len(examples) < 2 * n_pairs:
        attempts += 1
        if attempts > 50 * n_pairs + 1000:
            raise ValueError(f"could not draw {n_pairs} pairs: exclude removes too many")
        pair_id = len(examples) // 2
        fam = family if family != "both" else FAMILIES[pair_id % 2]
        this_gap = rng.randint(low, high)
        make = _negation_pair if fam == "negation" else _contrast_pair
        first, second, label = make(rng, this_gap)
        texts = (" ".join(first), " ".join(second))
        if texts[0] in excluded or texts[1] in excluded:
            continue
        examples.append(Example(texts[0], label, fam, pair_id, this_gap))
        examples.append(Example(texts[1], 1 - label, fam, pair_id, this_gap))
    return examples


def _check_arguments(n_pairs: object, family: object, gap: object,
                     seed: object) -> tuple[int, int]:
    """Check the arguments of :func:`make_minimal_pairs`; return the gap range ``(low, high)``."""
    check_int(n_pairs, "n_pairs", minimum=1)
    check_int(seed, "seed")
    check_choice(family, "family", (*FAMILIES, "both"))
    if not isinstance(gap, tuple):
        gap = check_int(gap, "gap", minimum=0)
        return gap, gap
    return check_int_range(gap, "gap", minimum=0)


def _check_exclude(exclude: object) -> set[str]:
    """The excluded sentences, each normalised to its space-joined tokens."""
    # A bare str is an iterable of characters: refuse it rather than exclude letters.
    sentences = check_iterable(exclude, "exclude", "an iterable of sentences (str)", of=str)
    return {" ".join(tokenize(sentence)) for sentence in sentences}
