"""Words and word n-grams (shingles): what near-duplicate checks compare.

A word is a run of ``\\w`` characters, punctuation and spacing ignored; words are
compared lower-cased. :func:`ngrams` gives a sequence's n-grams in order, and, with
``short=True``, one gram of the whole sequence when it is shorter than ``n`` (a short
line still has something to compare); :func:`shingles` is the set of a text's n-grams
as space-joined strings.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["WORD", "containment", "ngrams", "shingles", "words"]

WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """The words of ``text``, lower-cased, in order."""
    found = WORD.findall(text)
    lowered = " ".join(found).lower().split(" ")  # one call to lower() instead of one per word
    if len(lowered) != len(found):  # no text (one empty string); a lower-cased word never holds a space
        lowered = [w.lower() for w in found]
    return lowered


def ngrams(seq: Sequence[str], n: int, short: bool = False) -> list[tuple[str, ...]]:
    """The ``n``-grams of ``seq`` in order (repeats kept). A sequence shorter than ``n``
    has none, or with ``short`` one gram of all of it (the empty tuple for an empty one)."""
    count = len(seq) - n + 1
    if short:
        count = max(1, count)
    return [tuple(seq[i : i + n]) for i in range(count)]


def shingles(text: str, size: int = 3) -> frozenset[str]:
    """Word ``size``-grams of the lower-cased text, punctuation ignored, each written as
    its words joined by single spaces; none when the text has fewer words."""
    found = words(text)
    return frozenset(" ".join(found[i : i + size]) for i in range(max(0, len(found) - size + 1)))


def containment(small: frozenset[str], large: frozenset[str]) -> float:
    """Share of ``small`` found in ``large`` (0 for an empty ``small``)."""
    return len(small & large) / len(small) if small else 0.0
