"""Exact containment join over hashed word shingles, in numpy.

Finds every pair of documents ``(Q, X)``, ``Q`` the smaller (fewer shingles, then lower
index), with ``|Q & X| / |Q| >= threshold``, without comparing all pairs:

1. Each document's word n-grams are hashed to 64 bits (every distinct word hashed once
   with BLAKE2b, n-grams combined with a splitmix64 finaliser) and kept as one sorted,
   unique ``uint64`` array; arrays are concatenated in chunks of documents
   (:class:`ShingleStore`).
2. Document frequency (df) of each shingle, counted per hash partition (top 4 bits)
   so that only a sixteenth of the entries is sorted at a time.
3. Prefix filtering (as in set-similarity joins, e.g. AllPairs/PPJoin): order a
   document's shingles rarest first. A pair reaching the threshold shares at least
   ``o_min - (|Q| - p)`` of the first ``p`` shingles of ``Q``, where ``o_min`` is the
   least overlap that reaches the threshold. ``Q``'s prefix is its shingles with df up
   to ``max(cap, df of its (|Q| - o_min + 1)-th rarest)``: long enough that the bound
   is at least 1, and every rare shingle counts, so the bound usually prunes hard.
   Shingles that occur once in the corpus are never shared and make no pairs.
4. Pairs are enumerated from the posting lists of prefix shingles only (each prefix
   entry of ``Q`` pairs with the later-ranked documents holding the same shingle) and
   counted; a pair under its bound is dropped. When ``Q``'s prefix is all of ``Q`` the
   count is the overlap itself; otherwise the overlap is computed on the two arrays.

The result is exact up to 64-bit hash collisions: the same pairs as comparing every
pair of shingle sets.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator

import numpy as np

from storyline.utils.shingles import words as lowered_words

__all__ = ["ShingleStore", "containment_pairs", "hashed_shingles"]

_M1 = np.uint64(0x9E3779B97F4A7C15)
_M2 = np.uint64(0xBF58476D1CE4E5B9)
_M3 = np.uint64(0x94D049BB133111EB)
_PARTITION_SHIFT = 60  # 16 partitions by the top 4 bits of the hash
_NO_PARTITION = 255
_MAX_PAIRS_AT_ONCE = 8_000_000


class _WordHashes(dict):
    """word -> stable 64-bit hash, computed once per distinct word."""

    def __missing__(self, word: str) -> int:
        value = int.from_bytes(hashlib.blake2b(word.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")
        self[word] = value
        return value


def _mix(h: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser, element-wise (uint64 arithmetic wraps)."""
    h = h ^ (h >> np.uint64(30))
    h = h * _M2
    h ^= h >> np.uint64(27)
    h *= _M3
    h ^= h >> np.uint64(31)
    return h


def hashed_shingles(text: str, size: int = 3, words: _WordHashes | None = None) -> np.ndarray:
    """The word ``size``-grams of the lower-cased text as sorted unique 64-bit hashes.

    The same n-grams as :func:`storyline.utils.shingles.shingles` (its words, lower-cased).
    """
    words = _WordHashes() if words is None else words
    lowered = lowered_words(text)
    if len(lowered) < size:
        return np.empty(0, dtype=np.uint64)
    ids = np.fromiter(map(words.__getitem__, lowered), dtype=np.uint64, count=len(lowered))
    n = len(ids) - size + 1
    h = ids[:n] * _M1
    for k in range(1, size):
        h = _mix(h) ^ ids[k : k + n]
    return np.unique(_mix(h))


class ShingleStore:
    """Every document's hashed shingles: sorted unique arrays, concatenated per chunk."""

    CHUNK = 4096

    def __init__(self, chunks: list[np.ndarray], sizes: np.ndarray):
        self.chunks = chunks
        self.sizes = sizes.astype(np.int64)
        self.chunk_of = np.arange(len(sizes), dtype=np.int64) // self.CHUNK
        starts = np.zeros(len(sizes), dtype=np.int64)
        for c in range(len(chunks)):
            lo, hi = c * self.CHUNK, min(len(sizes), (c + 1) * self.CHUNK)
            starts[lo:hi] = np.concatenate(([0], np.cumsum(self.sizes[lo:hi])[:-1]))
        self.starts = starts

    @classmethod
    def build(cls, texts: Iterable[str], size: int) -> "ShingleStore":
        words = _WordHashes()
        chunks: list[np.ndarray] = []
        sizes: list[int] = []
        pending: list[np.ndarray] = []
        for text in texts:
            arr = hashed_shingles(text, size, words)
            pending.append(arr)
            sizes.append(len(arr))
            if len(pending) == cls.CHUNK:
                chunks.append(np.concatenate(pending))
                pending = []
        if pending or not chunks:
            chunks.append(np.concatenate(pending) if pending else np.empty(0, dtype=np.uint64))
        return cls(chunks, np.array(sizes, dtype=np.int64))

    def __len__(self) -> int:
        return len(self.sizes)

    def common(self, max_df: int) -> np.ndarray:
        """The sorted shingles found in more than ``max_df`` documents, counted one hash
        partition at a time so that only a sixteenth of the entries is sorted at once."""
        found = []
        for p in range(16):
            values = np.concatenate([c[(c >> np.uint64(_PARTITION_SHIFT)) == np.uint64(p)] for c in self.chunks])
            keys, counts = np.unique(values, return_counts=True)
            found.append(keys[counts > max_df])
        return np.sort(np.concatenate(found))

    def without(self, drop: np.ndarray) -> "ShingleStore":
        """The same documents with the shingles in ``drop`` (sorted) removed."""
        if not len(drop):
            return self
        chunks, sizes = [], np.empty_like(self.sizes)
        for c, chunk in enumerate(self.chunks):
            docs = self.chunk_docs(c)
            keep = ~np.isin(chunk, drop)
            kept = np.concatenate(([0], np.cumsum(keep)))
            starts = self.starts[docs.start : docs.stop]
            ends = starts + self.sizes[docs.start : docs.stop]
            sizes[docs.start : docs.stop] = kept[ends] - kept[starts]
            chunks.append(chunk[keep])
        return ShingleStore(chunks, sizes)

    def size(self, i: int) -> int:
        return int(self.sizes[i])

    def get(self, i: int) -> np.ndarray:
        start = self.starts[i]
        return self.chunks[self.chunk_of[i]][start : start + self.sizes[i]]

    def chunk_docs(self, c: int) -> range:
        return range(c * self.CHUNK, min(len(self.sizes), (c + 1) * self.CHUNK))


def _overlap(a: np.ndarray, b: np.ndarray) -> int:
    """``|a & b|`` of two sorted unique arrays."""
    if len(a) > len(b):
        a, b = b, a
    idx = np.searchsorted(b, a)
    idx[idx == len(b)] = 0
    return int(np.count_nonzero(b[idx] == a))


def _merge_counts(
    keys: np.ndarray, counts: np.ndarray, more_keys: np.ndarray, more_counts: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Two sorted (key, count) tables as one, counts of equal keys added."""
    if not len(keys):
        return more_keys, more_counts.astype(np.int64)
    all_keys = np.concatenate((keys, more_keys))
    all_counts = np.concatenate((counts, more_counts))
    order = np.argsort(all_keys, kind="stable")
    all_keys, all_counts = all_keys[order], all_counts[order]
    new = np.empty(len(all_keys), dtype=bool)
    new[0] = True
    np.not_equal(all_keys[1:], all_keys[:-1], out=new[1:])
    starts = np.flatnonzero(new)
    return all_keys[starts], np.add.reduceat(all_counts, starts)


def _least_overlap(sizes: np.ndarray, threshold: float) -> np.ndarray:
    """Per size n, the least o with ``o / n >= threshold`` in float arithmetic."""
    o = np.ceil(threshold * sizes).astype(np.int64)
    while True:
        lower = (o > 0) & ((o - 1) / sizes >= threshold)
        higher = o / sizes < threshold
        if not lower.any() and not higher.any():
            return o
        o = o - lower + higher


def _entry_partitions(store: ShingleStore, local: np.ndarray) -> list[np.ndarray]:
    """Per chunk, the hash partition of each entry (255 for entries of unusable documents)."""
    parts = []
    for c, chunk in enumerate(store.chunks):
        in_chunk = store.chunk_docs(c)
        part = (chunk >> np.uint64(_PARTITION_SHIFT)).astype(np.uint8)
        part[np.repeat(local[in_chunk.start : in_chunk.stop] < 0, store.sizes[in_chunk.start : in_chunk.stop])] = _NO_PARTITION
        parts.append(part)
    return parts


def _owners(store: ShingleStore, local: np.ndarray, c: int, positions: np.ndarray) -> np.ndarray:
    """The local document of each entry at ``positions`` in chunk ``c``."""
    in_chunk = store.chunk_docs(c)
    starts = store.starts[in_chunk.start : in_chunk.stop]
    return local[in_chunk.start + np.searchsorted(starts, positions, side="right") - 1]


def _document_frequency(store: ShingleStore, parts: list[np.ndarray]) -> list[np.ndarray]:
    """Per chunk, the number of usable documents holding each entry's shingle, capped to uint16."""
    df = [np.zeros(len(chunk), dtype=np.uint16) for chunk in store.chunks]
    for p in range(1 << (64 - _PARTITION_SHIFT)):
        where = [np.flatnonzero(part == p) for part in parts]
        values = np.concatenate([chunk[w] for chunk, w in zip(store.chunks, where)])
        if not len(values):
            continue
        order = np.argsort(values, kind="stable")
        ordered = values[order]
        new = np.empty(len(ordered), dtype=bool)
        new[0] = True
        np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
        starts = np.flatnonzero(new)
        counts = np.diff(np.append(starts, len(ordered)))
        freq = np.empty(len(ordered), dtype=np.uint16)
        freq[order] = np.minimum(np.repeat(counts, counts), np.iinfo(np.uint16).max)
        offset = 0
        for c, w in enumerate(where):
            df[c][w] = freq[offset : offset + len(w)]
            offset += len(w)
        del values, order, ordered, new, freq
    return df


def _prefixes(
    store: ShingleStore, local: np.ndarray, df: list[np.ndarray], o_min: np.ndarray, cap: int, m: int
) -> tuple[list[np.ndarray], np.ndarray]:
    """Per chunk, whether each entry is in its document's prefix (df <= max(cap, df of
    the (n - o_min + 1)-th rarest shingle)); and each usable document's prefix length."""
    prefix_len = np.zeros(m, dtype=np.int64)
    prefix: list[np.ndarray] = []
    for c, chunk in enumerate(store.chunks):
        in_chunk = store.chunk_docs(c)
        n = store.sizes[in_chunk.start : in_chunk.stop]
        loc = local[in_chunk.start : in_chunk.stop]
        within = np.repeat(np.arange(len(n), dtype=np.int64), n)
        keys = np.sort((within << 16) | df[c].astype(np.int64))
        first = np.concatenate(([0], np.cumsum(n)[:-1]))
        ok = loc >= 0
        kth = np.zeros(len(n), dtype=np.int64)
        need = n[ok] - o_min[loc[ok]]  # index of the (n - o_min + 1)-th rarest
        kth[ok] = keys[first[ok] + need] & 0xFFFF
        cutoff = np.maximum(kth, cap)
        pre = df[c] <= np.repeat(cutoff, n)
        prefix.append(pre)
        if len(pre):
            counted = np.add.reduceat(pre.astype(np.int64), first[n > 0]) if (n > 0).any() else np.zeros(0, np.int64)
            per_doc = np.zeros(len(n), dtype=np.int64)
            per_doc[n > 0] = counted
            prefix_len[loc[ok]] = per_doc[ok]
    return prefix, prefix_len


def prefix_probes(values: np.ndarray, pre: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For postings sorted by shingle, then by the rank of their document: the position of
    each prefix posting that has later postings of the same shingle (a probe), and how many
    it has (its partners: the documents ranked after it that hold the shingle)."""
    new = np.empty(len(values), dtype=bool)
    new[0] = True
    np.not_equal(values[1:], values[:-1], out=new[1:])
    starts = np.flatnonzero(new)
    ends = np.append(starts[1:], len(values))
    group_end = np.repeat(ends, ends - starts)
    probes = np.flatnonzero(pre)
    partners = group_end[probes] - probes - 1
    return probes[partners > 0], partners[partners > 0]


def _pair_keys(probes: np.ndarray, partners: np.ndarray, owner: np.ndarray, m: int,
               found_keys: np.ndarray, found_counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The counts so far with every (probe, later posting) pair added, at most
    ``_MAX_PAIRS_AT_ONCE`` pairs materialised at a time; pair key = q * m + x."""
    total = np.cumsum(partners)
    lo = 0
    while lo < len(probes):
        base = total[lo - 1] if lo else 0
        hi = max(lo + 1, int(np.searchsorted(total, base + _MAX_PAIRS_AT_ONCE, side="right")))
        cnt = partners[lo:hi]
        e = int(cnt.sum())
        offsets = np.repeat(np.cumsum(cnt) - cnt, cnt)
        other = np.repeat(probes[lo:hi] + 1, cnt) + (np.arange(e, dtype=np.int64) - offsets)
        keys = np.repeat(owner[probes[lo:hi]], cnt) * m + owner[other]
        uniq, counts = np.unique(keys, return_counts=True)
        del keys, offsets, other
        found_keys, found_counts = _merge_counts(found_keys, found_counts, uniq, counts)
        lo = hi
    return found_keys, found_counts


def _candidate_counts(
    store: ShingleStore, local: np.ndarray, parts: list[np.ndarray], df: list[np.ndarray],
    prefix: list[np.ndarray], rank: np.ndarray, m: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Candidate pairs (key q * m + x) from the posting lists of shareable prefix
    entries, each with the number of prefix entries of ``q`` it shares with ``x``."""
    found_keys = np.empty(0, dtype=np.int64)
    found_counts = np.empty(0, dtype=np.int64)
    for p in range(1 << (64 - _PARTITION_SHIFT)):
        where = [np.flatnonzero((part == p) & (f >= 2)) for part, f in zip(parts, df)]
        values = np.concatenate([chunk[w] for chunk, w in zip(store.chunks, where)])
        if not len(values):
            continue
        owner = np.concatenate([_owners(store, local, c, w) for c, w in enumerate(where)])
        pre = np.concatenate([x[w] for x, w in zip(prefix, where)])
        order = np.lexsort((rank[owner], values))
        values, owner, pre = values[order], owner[order], pre[order]
        probes, partners = prefix_probes(values, pre)
        found_keys, found_counts = _pair_keys(probes, partners, owner, m, found_keys, found_counts)
    return found_keys, found_counts


def containment_pairs(
    store: ShingleStore,
    usable: list[int],
    threshold: float,
    cap: int = 4,
    skip: Callable[[int, int], bool] | None = None,
) -> Iterator[tuple[int, int]]:
    """Pairs ``(i, j)`` of ``usable`` documents whose containment reaches ``threshold``.

    In a deterministic order. ``skip(i, j)``, when given, is asked before a pair's
    overlap is computed on the arrays; a pair it answers True for is not yielded (the
    caller already knows the two are joined). Pairs decided by their prefix count alone
    are yielded without asking.
    """
    m = len(usable)
    if m < 2:
        return
    docs = np.asarray(usable, dtype=np.int64)
    local = np.full(len(store), -1, dtype=np.int64)
    local[docs] = np.arange(m)
    sizes = store.sizes[docs]
    rank = np.empty(m, dtype=np.int64)
    rank[np.lexsort((docs, sizes))] = np.arange(m)
    o_min = _least_overlap(sizes, threshold)

    parts = _entry_partitions(store, local)
    df = _document_frequency(store, parts)
    prefix, prefix_len = _prefixes(store, local, df, o_min, cap, m)
    required = o_min - (sizes - prefix_len)
    whole = prefix_len == sizes
    keys, counts = _candidate_counts(store, local, parts, df, prefix, rank, m)
    if not len(keys):
        return
    q, x = keys // m, keys % m
    keep = counts >= required[q]
    q, x, counts = q[keep], x[keep], counts[keep]

    # decide: the count when the prefix is the whole document, else the overlap itself
    for a, b, count in zip(q.tolist(), x.tolist(), counts.tolist()):
        i, j = int(docs[a]), int(docs[b])
        n = int(sizes[a])
        if whole[a]:
            if count / n >= threshold:
                yield i, j
            continue
        if skip is not None and skip(i, j):
            continue
        if _overlap(store.get(i), store.get(j)) / n >= threshold:
            yield i, j
