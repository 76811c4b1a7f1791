"""Sparse TF-IDF vectors for sentences, and cosine similarity between them."""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Iterable

_WORD = re.compile(r"[^\W\d_]{2,}|\d+(?:[.,]\d+)?")
STOPWORDS = frozenset(
    """a about after again against all also an and any are as at be been before being but by
    can could did do does during each for from had has have he her him his how i if in into is
    it its just me more most my no nor not of on once only or other our out over own said same
    says she should so some such than that the their them then there these they this those
    through to too under until up very was we were what when where which while who whom why
    will with would you your lrb rrb""".split()
)

Vector = dict[str, float]


def tokens(text: str) -> list[str]:
    return [w for w in (m.group(0).lower() for m in _WORD.finditer(text)) if w not in STOPWORDS]


class Idf:
    """Inverse document frequencies over a collection of texts (sentences)."""

    def __init__(self, texts: Iterable[str]):
        df: Counter[str] = Counter()
        n = 0
        for text in texts:
            n += 1
            df.update(set(tokens(text)))
        self.n = max(n, 1)
        self._idf = {w: math.log((1 + self.n) / (1 + c)) + 1.0 for w, c in df.items()}
        self._unseen = math.log(1 + self.n) + 1.0

    def vector(self, text: str) -> Vector:
        counts = Counter(tokens(text))
        vec = {w: (1 + math.log(c)) * self._idf.get(w, self._unseen) for w, c in counts.items()}
        return normalise(vec)


def normalise(vec: Vector) -> Vector:
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {w: v / norm for w, v in vec.items()} if norm else {}


def cosine(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(w, 0.0) for w, v in a.items())


def centroid(vectors: Iterable[Vector]) -> Vector:
    total: Counter[str] = Counter()
    for vec in vectors:
        total.update(vec)
    return normalise(dict(total))
