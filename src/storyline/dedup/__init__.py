"""Stage ``dedup``: group documents that carry the same copy (wire stories, reprints).

Candidates come from MinHash LSH Ensemble, which searches by *containment* rather than
Jaccard similarity: a reprint that adds its own reporting, or a page that trims the
wire story's ending, still joins its original. Every candidate pair is then verified
exactly on word shingles (LSH results are approximate), and verified pairs are joined
into groups. The canonical member is the earliest dated, then the fullest.

MinHash signatures depend on ``num_perm`` and ``seed``; both are part of the config
recorded with each run.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

import numpy as np
from datasketch import MinHash, MinHashLSHEnsemble

from storyline.model import Document, DuplicateGroup

__all__ = ["DedupConfig", "group_duplicates", "shingles", "containment"]

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class DedupConfig:
    """``threshold``: share of the smaller document's shingles found in the larger one."""

    threshold: float = 0.4
    shingle: int = 3
    num_perm: int = 128
    seed: int = 1
    min_shingles: int = 20

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {self.threshold}")
        if self.shingle < 1 or self.num_perm < 16 or self.min_shingles < 1:
            raise ValueError("shingle >= 1, num_perm >= 16 and min_shingles >= 1 are required")


def shingles(text: str, size: int = 3) -> frozenset[str]:
    """Word n-grams of the lower-cased text, punctuation ignored."""
    words = [w.lower() for w in _WORD.findall(text)]
    return frozenset(" ".join(words[i : i + size]) for i in range(max(0, len(words) - size + 1)))


def containment(small: frozenset[str], large: frozenset[str]) -> float:
    """Share of ``small`` found in ``large``."""
    return len(small & large) / len(small) if small else 0.0


def _size_bucket(n: int) -> int:
    """Sizes rounded up to a 15% grid: LSH Ensemble's partitioning is quadratic in the
    number of distinct sizes, and candidates are verified exactly anyway."""
    return int(round(1.15 ** math.ceil(math.log(max(n, 1), 1.15))))


def _candidates(sets: list[frozenset[str]], config: DedupConfig) -> list[tuple[int, int]]:
    """Pairs that may pass the containment threshold, smallest index first, sorted."""
    hashes = []
    for items in sets:
        mh = MinHash(num_perm=config.num_perm, seed=config.seed)
        mh.update_batch([s.encode("utf-8") for s in sorted(items)])
        hashes.append(mh)
    index = MinHashLSHEnsemble(threshold=config.threshold, num_perm=config.num_perm, num_part=16)
    index.index((i, hashes[i], _size_bucket(len(sets[i]))) for i in range(len(sets)))
    pairs = set()
    for i, mh in enumerate(hashes):
        for j in index.query(mh, _size_bucket(len(sets[i]))):
            if j != i:
                pairs.add((min(i, j), max(i, j)))
    if not pairs:
        return []
    # Cheap second filter: containment estimated from the signatures' Jaccard estimate,
    # with a wide margin below the threshold; the survivors are checked exactly.
    ordered = np.array(sorted(pairs))
    matrix = np.stack([h.hashvalues for h in hashes])
    jaccard = (matrix[ordered[:, 0]] == matrix[ordered[:, 1]]).mean(axis=1)
    sizes = np.array([len(s) for s in sets], dtype=float)
    small = np.minimum(sizes[ordered[:, 0]], sizes[ordered[:, 1]])
    total = sizes[ordered[:, 0]] + sizes[ordered[:, 1]]
    estimate = jaccard * total / ((1 + jaccard) * small)
    keep = estimate >= config.threshold - 0.15
    return [(int(a), int(b)) for a, b in ordered[keep]]


def _canonical_order(doc: Document) -> tuple:
    return (doc.published is None, doc.published or "", -len(doc.text), doc.id)


def group_duplicates(
    docs: list[Document], config: DedupConfig = DedupConfig()
) -> tuple[list[Document], list[DuplicateGroup]]:
    """Documents with ``duplicate_of`` set, and the groups, in a deterministic order."""
    sets = [shingles(d.text, config.shingle) for d in docs]
    usable = [i for i, s in enumerate(sets) if len(s) >= config.min_shingles]
    parent = list(range(len(docs)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    if len(usable) > 1:
        local = _candidates([sets[i] for i in usable], config)
        for a, b in local:
            i, j = usable[a], usable[b]
            small, large = sorted((sets[i], sets[j]), key=len)
            if containment(small, large) >= config.threshold:
                parent[root(i)] = root(j)
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
