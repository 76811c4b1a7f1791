"""Terms of an article and their weights, computed in one pass with bounded memory.

An article is described by its distinctive words: the title (counted twice, since a
headline names the story) and the body, lower-cased, without stop words and numbers
(optionally also pairs of adjacent content words; measured not to help). Each term
is weighted by its raw count times inverse document frequency, and only the
``doc_terms`` heaviest terms are kept: what makes an article part of a story is the
names and words it repeats, not its long tail. (Raw counts separated same-story from
other-story article pairs better than sublinear ``1 + log tf`` on Timeline17: pair
AUC .97 against .90.)

Document frequencies live in a fixed-size table indexed by a stable hash of the term
(:class:`DocFrequencies`), so their memory does not grow with the number of articles,
and they are *causal*: an article is weighted with the frequencies of the articles
processed before it (and itself). That is what makes a run resumable: adding articles
later never changes how the earlier ones were weighted."""

from __future__ import annotations

import base64
import math
import re
import zlib
from collections import Counter

import numpy as np

from storyline.model import Document
from storyline.timeline import STOPWORDS as _BASE_STOPWORDS

__all__ = ["DocFrequencies", "STOPWORDS", "bucket", "terms"]

_WORD = re.compile(r"[^\W\d_]{2,}")
# Function words plus the vocabulary of news reporting itself ("told reporters on
# Tuesday"), which every story shares and so says nothing about which story it is.
STOPWORDS = _BASE_STOPWORDS | frozenset(
    """across ago almost already although always among another anyone anything around asked
    away back became because become becomes come comes could cannot day days despite does done
    down either else enough even ever every few first get gets getting give given go going gone
    got however including instead last later least less like likely made make makes
    many may might much must need needs never new next now often one ones per perhaps put
    quite rather really say see seem seemed seen several since still take taken tell thing
    things think three told took toward towards two upon us use used via want wanted way ways
    week weeks well whether whose within without year years yet yesterday today tomorrow
    monday tuesday wednesday thursday friday saturday sunday january february march april june
    july august september october november december jan feb mar apr jun jul aug sep sept oct
    nov dec am pm mr mrs ms dr st told telling according added adding reported reports report
    reporting reporters news people time times part well end another also like back already
    copyright rights reserved reuters associated press ap afp cnn bbc guardian fox post
    washington updated click image photo video caption share email print comments story
    stories read more nbsp amp quot http https www com""".split()
)


def bucket(term: str, bits: int) -> int:
    """A stable index in ``[0, 2**bits)`` for ``term`` (CRC-32: the same in every run)."""
    return zlib.crc32(term.encode("utf-8")) & ((1 << bits) - 1)


def terms(doc: Document, bigrams: bool = False, title_weight: int = 2) -> Counter[str]:
    """Counts of the content words (and adjacent pairs) of the title and the text."""
    counts: Counter[str] = Counter()
    for text, weight in ((doc.title or "", title_weight), (doc.text, 1)):
        words = [w for w in (m.group(0).lower() for m in _WORD.finditer(text)) if w not in STOPWORDS]
        for _ in range(weight):
            counts.update(words)
            if bigrams:
                counts.update(f"{a} {b}" for a, b in zip(words, words[1:]))
    return counts


class DocFrequencies:
    """Running document frequencies in a hashed table of ``2**bits`` counters.

    Collisions only make a rare term look a little more common; the table's size is
    fixed whatever the number of articles.
    """

    def __init__(self, bits: int, n: int = 0, table: np.ndarray | None = None):
        self.bits = bits
        self.n = n
        self.table = table if table is not None else np.zeros(1 << bits, dtype=np.int32)

    def add(self, indices: list[int]) -> None:
        """Count one article with these (distinct) term buckets."""
        self.n += 1
        self.table[np.unique(np.asarray(indices, dtype=np.int64))] += 1

    def idf(self, indices: list[int]) -> np.ndarray:
        df = self.table[np.asarray(indices, dtype=np.int64)].astype(np.float64)
        return np.log((1.0 + self.n) / (1.0 + df)) + 1.0

    def weigh(self, counts: Counter[str], keep: int, indices: list[int] | None = None) -> dict[str, float]:
        """Count the article, then its ``keep`` heaviest terms, L2-normalised (tf·idf).
        ``indices``: the buckets of ``sorted(counts)``, when already known."""
        if not counts:
            self.n += 1
            return {}
        names = sorted(counts)
        if indices is None:
            indices = [bucket(t, self.bits) for t in names]
        self.add(indices)
        tf = np.array([counts[t] for t in names], dtype=np.float64)
        weights = tf * self.idf(indices)
        order = sorted(range(len(names)), key=lambda i: (-weights[i], names[i]))[:keep]
        norm = math.sqrt(sum(float(weights[i]) ** 2 for i in order))
        return {names[i]: float(weights[i]) / norm for i in order}

    def to_text(self) -> str:
        """The table, zlib-compressed and base64-encoded (it is mostly zeros)."""
        return base64.b64encode(zlib.compress(self.table.astype("<i4").tobytes(), 6)).decode("ascii")

    @classmethod
    def from_text(cls, text: str, bits: int, n: int) -> "DocFrequencies":
        raw = zlib.decompress(base64.b64decode(text))
        table = np.frombuffer(raw, dtype="<i4").astype(np.int32)
        if table.size != 1 << bits:
            raise ValueError(f"document-frequency table has {table.size} counters, expected {1 << bits}")
        return cls(bits, n, table.copy())
