"""Stage ``dedup``: group documents that carry the same copy (wire stories, reprints).

Documents are compared by *containment* rather than Jaccard similarity: the share of
the smaller document's word 3-shingles found in the larger one. A reprint that adds its
own reporting, or a page that trims the wire story's ending, still joins its original.
Pairs at or above the threshold are joined into groups (their connected components);
the canonical member is the earliest dated, then the fullest.

The search is exact, not approximate: every pair whose containment reaches the
threshold is found (:mod:`storyline.dedup.join`). Shingles are hashed to 64 bits
(a collision between two different shingles has a chance of about 2^-64 per pair of
shingles) and each document's are kept as a sorted numpy array, so 100,000 articles
fit in a few hundred megabytes. It replaced a MinHash LSH Ensemble search (datasketch),
which at 100,000 synthetic articles took 8x the time and 10x the memory and missed
pairs (recall .9995); see benchmarks/dedup/README.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from storyline.dedup.join import ShingleStore, containment_pairs
from storyline.model import Document, DuplicateGroup

__all__ = ["DedupConfig", "group_duplicates", "shingles", "containment"]

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class DedupConfig:
    """``threshold``: share of the smaller document's shingles found in the larger one.

    A shingle found in more than ``max(common_min, common_share x documents)`` documents
    is page furniture or a formula (an outlet's promo line, a widget), not copy, and is
    ignored: otherwise a short page made of a photo caption and a promo line is
    "contained" in every article that carries the promo, and chains them all into one
    group (on Timeline17, 229 Reuters articles of three stories). ``min_shingles``
    counts what is left.
    """

    threshold: float = 0.4
    shingle: int = 3
    min_shingles: int = 20
    common_share: float = 0.02
    common_min: int = 100

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {self.threshold}")
        if self.shingle < 1 or self.min_shingles < 1 or self.common_min < 1:
            raise ValueError("shingle >= 1, min_shingles >= 1 and common_min >= 1 are required")
        if not 0.0 < self.common_share <= 1.0:
            raise ValueError(f"common_share must be in (0, 1], got {self.common_share}")


def shingles(text: str, size: int = 3) -> frozenset[str]:
    """Word n-grams of the lower-cased text, punctuation ignored."""
    words = [w.lower() for w in _WORD.findall(text)]
    return frozenset(" ".join(words[i : i + size]) for i in range(max(0, len(words) - size + 1)))


def containment(small: frozenset[str], large: frozenset[str]) -> float:
    """Share of ``small`` found in ``large``."""
    return len(small & large) / len(small) if small else 0.0


def _canonical_order(doc: Document) -> tuple:
    return (doc.published is None, doc.published or "", -len(doc.text), doc.id)


def group_duplicates(
    docs: list[Document], config: DedupConfig = DedupConfig()
) -> tuple[list[Document], list[DuplicateGroup]]:
    """Documents with ``duplicate_of`` set, and the groups, in a deterministic order."""
    store = ShingleStore.build((d.text for d in docs), config.shingle)
    store = store.without(store.common(max(config.common_min, int(config.common_share * len(docs)))))
    usable = [i for i in range(len(docs)) if store.size(i) >= config.min_shingles]
    parent = list(range(len(docs)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    if len(usable) > 1:
        for i, j in containment_pairs(store, usable, config.threshold, skip=lambda i, j: root(i) == root(j)):
            parent[root(i)] = root(j)
    del store
    members: dict[int, list[int]] = {}
    for i in range(len(docs)):
        members.setdefault(root(i), []).append(i)
    groups = []
    duplicate_of: dict[str, str] = {}
    for indices in members.values():
        if len(indices) < 2:
            continue
        ordered = sorted((docs[i] for i in indices), key=_canonical_order)
        canonical = ordered[0].id
        rest = sorted(d.id for d in ordered[1:])
        groups.append(DuplicateGroup(canonical, (canonical, *rest)))
        duplicate_of.update({doc_id: canonical for doc_id in rest})
    groups.sort(key=lambda g: g.canonical)
    out = [replace(d, duplicate_of=duplicate_of.get(d.id)) for d in docs]
    return out, groups
