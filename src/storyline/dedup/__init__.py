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

from dataclasses import dataclass, field, replace

from storyline.config import check_config
from storyline.dedup.join import ShingleStore, containment_pairs
from storyline.model import Document, DuplicateGroup
from storyline.utils.disjoint import DisjointSet
from storyline.utils.shingles import containment, shingles

__all__ = ["DedupConfig", "group_duplicates", "shingles", "containment"]


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

    threshold: float = field(default=0.4, metadata={"above": 0, "range": (None, 1)})
    shingle: int = field(default=3, metadata={"range": (1, None)})
    min_shingles: int = field(default=20, metadata={"range": (1, None)})
    common_share: float = field(default=0.02, metadata={"above": 0, "range": (None, 1)})
    common_min: int = field(default=100, metadata={"range": (1, None)})

    def __post_init__(self) -> None:
        check_config(self)


def _canonical_order(doc: Document) -> tuple:
    return (doc.published is None, doc.published or "", -len(doc.text), doc.id)


def group_duplicates(
    docs: list[Document], config: DedupConfig = DedupConfig()
) -> tuple[list[Document], list[DuplicateGroup]]:
    """Documents with ``duplicate_of`` set, and the groups, in a deterministic order."""
    store = ShingleStore.build((d.text for d in docs), config.shingle)
    store = store.without(store.common(max(config.common_min, int(config.common_share * len(docs)))))
    usable = [i for i in range(len(docs)) if store.size(i) >= config.min_shingles]
    joined: DisjointSet[int] = DisjointSet(range(len(docs)))
    if len(usable) > 1:
        for i, j in containment_pairs(store, usable, config.threshold, skip=joined.connected):
            joined.union(j, i)
    del store
    groups = []
    duplicate_of: dict[str, str] = {}
    for indices in joined.groups():
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
