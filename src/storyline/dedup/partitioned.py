"""The dedup join as a partitioned job on a Dask cluster: same groups as :func:`group_duplicates`.

The articles arrive as partitions that already live on the workers (futures of lists of
documents). The client only builds the task graph and holds a few numbers per partition;
shingles, postings, pairs and groups stay on the workers.

1. **shingle** each partition (its documents' sorted hashed 3-shingles, as in
   :mod:`storyline.dedup.join`); partition ``p``'s documents are numbered from its offset,
   so a document's number is its position in the whole corpus.
2. **common shingles**: the postings are exchanged by hash range (the top ``range_bits``
   bits of the hash: a range task sees every posting of its shingles) and each range
   finds its shingles held by more than ``max(common_min, common_share x documents)``
   documents; every partition drops them all (they are few: at most 1/common_share
   times an article's shingles) and keeps its usable documents.
3. **document frequencies** per range, among the usable documents, sent back to each
   partition aligned with its postings; each partition works out its documents' prefix
   bound (df cutoff, required prefix overlap, whether the prefix is the whole document)
   exactly as the in-process join does.
4. **candidates** per range: the prefix postings of each shingle paired with the
   postings of later-ranked documents (rank: fewer shingles, then lower number),
   counted; pair counts exchanged to the partition of the smaller document, summed,
   and filtered by its bound.
5. **verify**: a pair decided by its count (whole prefix) is kept or dropped on the
   spot; for the others the larger document's shingles are fetched from its partition
   (a second keyed exchange) and the overlap computed.
6. **groups**: the pairs' connected components, the canonical member chosen by the same
   rule as in-process (earliest dated, then fullest, then id).

The pairs found are exactly the in-process join's (both are exact), so the groups are
identical. One range or partition is sorted at a time on a worker: memory per task is
about a range's or a partition's share of the postings.
"""

from __future__ import annotations

import json
import operator
import os
from typing import Any

import numpy as np

from storyline.dedup import DedupConfig, _canonical_order
from storyline.dedup.join import (_least_overlap, _merge_counts, _overlap, _pair_keys, _WordHashes, hashed_shingles,
                                  prefix_probes)
from storyline.model import Document, DuplicateGroup
from storyline.utils.disjoint import DisjointSet

__all__ = ["group_duplicates_partitioned"]

_DF_MAX = np.iinfo(np.uint16).max


class _Part:
    """One partition on a worker: ids, canonical keys and the shingles of its documents."""

    def __init__(self, offset: int, ids: list[str], keys: list[tuple], sizes: np.ndarray, chunk: np.ndarray):
        self.offset, self.ids, self.keys = offset, ids, keys
        self.sizes = sizes.astype(np.int64)
        self.chunk = chunk
        self.starts = np.concatenate(([0], np.cumsum(self.sizes)[:-1])).astype(np.int64)
        self.usable = np.zeros(len(ids), dtype=bool)

    def doc_of_entry(self) -> np.ndarray:
        return np.repeat(np.arange(len(self.ids), dtype=np.int64), self.sizes)

    def get(self, i: int) -> np.ndarray:
        return self.chunk[self.starts[i] : self.starts[i] + self.sizes[i]]

    def entries_in(self, r: int, shift: int, usable_only: bool) -> np.ndarray:
        """Positions (ascending) of the entries whose hash falls in range ``r``."""
        mask = (self.chunk >> np.uint64(shift)) == np.uint64(r)
        if usable_only:
            mask &= np.repeat(self.usable, self.sizes)
        return np.flatnonzero(mask)


def _shingle(docs: list[Document], offset: int, size: int) -> _Part:
    words = _WordHashes()
    arrays = [hashed_shingles(d.text, size, words) for d in docs]
    chunk = np.concatenate(arrays) if arrays else np.empty(0, dtype=np.uint64)
    return _Part(offset, [d.id for d in docs], [_canonical_order(d) for d in docs],
                 np.array([len(a) for a in arrays], dtype=np.int64), chunk)


def _range_hashes(part: _Part, r: int, shift: int) -> np.ndarray:
    return part.chunk[part.entries_in(r, shift, False)]


def _common(max_df: int, *pieces: np.ndarray) -> np.ndarray:
    keys, counts = np.unique(np.concatenate(pieces), return_counts=True)
    return keys[counts > max_df]


def _drop(part: _Part, min_shingles: int, *commons: np.ndarray) -> _Part:
    """The partition without the common shingles; usable documents marked."""
    drop = np.sort(np.concatenate(commons))
    keep = ~np.isin(part.chunk, drop) if len(drop) else np.ones(len(part.chunk), dtype=bool)
    kept = np.concatenate(([0], np.cumsum(keep)))
    sizes = kept[part.starts + part.sizes] - kept[part.starts]
    out = _Part(part.offset, part.ids, part.keys, sizes, part.chunk[keep])
    out.usable = out.sizes >= min_shingles
    return out


def _usable_sizes(part: _Part) -> np.ndarray:
    """Shingles per document, -1 for a document that is not usable."""
    return np.where(part.usable, part.sizes, -1)


def _postings(part: _Part, r: int, shift: int) -> tuple[np.ndarray, np.ndarray]:
    """The usable entries of range ``r``: hash values and global document numbers."""
    where = part.entries_in(r, shift, True)
    return part.chunk[where], (part.offset + part.doc_of_entry()[where]).astype(np.int64)


def _range_df(*pieces: tuple[np.ndarray, np.ndarray]) -> list[np.ndarray]:
    """Per partition, the document frequency (capped to uint16) of each of its entries."""
    values = np.concatenate([v for v, _ in pieces])
    freq = np.zeros(len(values), dtype=np.uint16)
    if len(values):
        _, inverse, counts = np.unique(values, return_inverse=True, return_counts=True)
        freq = np.minimum(counts[inverse], _DF_MAX).astype(np.uint16)
    bounds = np.cumsum([0] + [len(v) for v, _ in pieces])
    return [freq[bounds[i] : bounds[i + 1]] for i in range(len(pieces))]


def _bounds(part: _Part, shift: int, threshold: float, cap: int, *df_pieces: np.ndarray) -> dict[str, np.ndarray]:
    """Each usable document's prefix cutoff, required prefix overlap and whether its
    prefix is all of it (as :func:`storyline.dedup.join._prefixes`)."""
    df = np.zeros(len(part.chunk), dtype=np.uint16)
    for r, piece in enumerate(df_pieces):
        df[part.entries_in(r, shift, True)] = piece
    n = part.sizes
    first = part.starts
    keys = np.sort((part.doc_of_entry() << 16) | df.astype(np.int64))
    ok = part.usable
    o_min = np.zeros(len(n), dtype=np.int64)
    o_min[ok] = _least_overlap(n[ok], threshold)
    kth = np.zeros(len(n), dtype=np.int64)
    kth[ok] = keys[first[ok] + n[ok] - o_min[ok]] & 0xFFFF
    cutoff = np.where(ok, np.maximum(kth, cap), -1)
    pre = df <= np.repeat(cutoff, n)
    prefix_len = np.zeros(len(n), dtype=np.int64)
    if (n > 0).any():
        prefix_len[n > 0] = np.add.reduceat(pre.astype(np.int64), first[n > 0])
    return {"cutoff": cutoff, "required": o_min - (n - prefix_len), "whole": prefix_len == n, "size": n}


def _range_candidates(n_docs: int, offsets: np.ndarray, sizes: np.ndarray, cutoffs: np.ndarray,
                      postings: list[tuple[np.ndarray, np.ndarray]], dfs: list[np.ndarray]) -> list[tuple]:
    """Candidate pair counts of one range, split by the partition of the smaller document."""
    values = np.concatenate([v for v, _ in postings])
    owner = np.concatenate([d for _, d in postings])
    df = np.concatenate(dfs)
    shareable = df >= 2
    values, owner = values[shareable], owner[shareable]
    pre = df[shareable] <= cutoffs[owner]
    keys = np.empty(0, dtype=np.int64)
    counts = np.empty(0, dtype=np.int64)
    if len(values):
        order = np.lexsort((owner, sizes[owner], values))
        values, owner, pre = values[order], owner[order], pre[order]
        probes, partners = prefix_probes(values, pre)
        keys, counts = _pair_keys(probes, partners, owner, n_docs, keys, counts)
    part_of = np.searchsorted(offsets, keys // n_docs, side="right") - 1
    return [(keys[part_of == p], counts[part_of == p]) for p in range(len(offsets))]


def _decide(part: _Part, bounds: dict, n_docs: int, offsets: np.ndarray, threshold: float,
            *pieces: tuple[np.ndarray, np.ndarray]) -> dict[str, Any]:
    """Pairs whose smaller document is here: kept when decided by their count; the others
    as requests to the partition of the larger document."""
    keys, counts = np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    for more_keys, more_counts in pieces:
        if len(more_keys):
            keys, counts = _merge_counts(keys, counts, more_keys, more_counts)
    q, x = keys // n_docs, keys % n_docs
    local = q - part.offset
    keep = counts >= bounds["required"][local]
    q, x, counts, local = q[keep], x[keep], counts[keep], local[keep]
    whole = bounds["whole"][local]
    decided = whole & (counts / bounds["size"][local] >= threshold)
    open_q, open_x = q[~whole], x[~whole]
    part_of = np.searchsorted(offsets, open_x, side="right") - 1
    requests = [(open_q[part_of == p], open_x[part_of == p]) for p in range(len(offsets))]
    return {"pairs": np.stack((q[decided], x[decided]), axis=1), "requests": requests}


def _reply(part: _Part, request: tuple[np.ndarray, np.ndarray]) -> dict[int, np.ndarray]:
    """The shingles of the requested (larger) documents held here."""
    return {int(x): part.get(int(x) - part.offset) for x in np.unique(request[1])}


def _verify(part: _Part, decided: dict, threshold: float, *replies: dict[int, np.ndarray]) -> np.ndarray:
    """The decided pairs, and the requested pairs whose overlap reaches the threshold."""
    found = [decided["pairs"]]
    for (qs, xs), reply in zip(decided["requests"], replies):
        for q, x in zip(qs.tolist(), xs.tolist()):
            mine = part.get(q - part.offset)
            if _overlap(mine, reply[x]) / len(mine) >= threshold:
                found.append(np.array([[q, x]], dtype=np.int64))
    return np.concatenate(found).reshape(-1, 2)


def _components(*pairs: np.ndarray) -> dict[int, int]:
    """Document number -> the root of its group, for documents in a group of two or more."""
    joined: DisjointSet[int] = DisjointSet()
    for found in pairs:
        for i, j in found.tolist():
            joined.union(j, i)
    return {item: group[0] for group in joined.groups() for item in group}


def _member_keys(part: _Part, components: dict[int, int]) -> list[tuple[int, tuple]]:
    return [(components[part.offset + i], part.keys[i]) for i in range(len(part.ids))
            if part.offset + i in components]


def _groups(out: str | None, *members: list[tuple[int, tuple]]) -> list[DuplicateGroup] | int:
    """The groups with their canonical member; written to ``out`` (JSON lines) when given."""
    by_root: dict[int, list[tuple]] = {}
    for found in members:
        for root, key in found:
            by_root.setdefault(root, []).append(key)
    groups = []
    for keys in by_root.values():
        keys.sort()
        canonical = keys[0][-1]
        groups.append(DuplicateGroup(canonical, (canonical, *sorted(k[-1] for k in keys[1:]))))
    groups.sort(key=lambda g: g.canonical)
    if out is None:
        return groups
    os.makedirs(os.path.dirname(out) or ".", exist_ok=True)
    with open(out, "w", encoding="utf-8") as f:
        for g in groups:
            f.write(json.dumps({"canonical": g.canonical, "members": list(g.members)}) + "\n")
    return len(groups)


def _submit_each(client, fn, items: list, *args) -> list:
    return [client.submit(fn, item, *args, pure=False) for item in items]


def _in_waves(ranges: range, wave: int, submit) -> list:
    """``submit(r)`` for every range, ``wave`` ranges at a time (each wave finished before
    the next starts, so that the postings of at most ``wave`` ranges are in memory)."""
    from distributed import wait

    out = []
    for start in range(0, len(ranges), wave):
        futures = [submit(r) for r in ranges[start : start + wave]]
        wait(futures)
        out += futures
    return out


def group_duplicates_partitioned(client, partitions: list, config: DedupConfig = DedupConfig(),
                                 range_bits: int = 4, out: str | None = None,
                                 wave: int = 2) -> list[DuplicateGroup] | int:
    """The duplicate groups of the documents in ``partitions`` (futures of lists of
    documents, in corpus order), computed on the cluster of ``client``.

    The same groups as :func:`storyline.dedup.group_duplicates` on the concatenated
    documents. With ``out``, the groups are written there (JSON lines, by a worker) and
    only their number comes back. ``wave``: hash ranges exchanged at a time (memory).
    """
    shift, ranges = 64 - range_bits, range(1 << range_bits)
    lengths = client.gather([client.submit(len, f) for f in partitions])
    offsets = np.concatenate(([0], np.cumsum(lengths)[:-1])).astype(np.int64)
    n_docs = int(sum(lengths))
    raw = [client.submit(_shingle, f, int(o), config.shingle, pure=False) for f, o in zip(partitions, offsets)]
    max_df = max(config.common_min, int(config.common_share * n_docs))
    commons = _in_waves(ranges, wave, lambda r: client.submit(
        _common, max_df, *_submit_each(client, _range_hashes, raw, r, shift), pure=False))
    parts = _submit_each(client, _drop, raw, config.min_shingles, *commons)
    del raw, commons
    dfs = _in_waves(ranges, wave, lambda r: client.submit(
        _range_df, *_submit_each(client, _postings, parts, r, shift), pure=False))
    df_of = [[client.submit(operator.getitem, d, p, pure=False) for p in range(len(parts))] for d in dfs]
    bounds = [client.submit(_bounds, part, shift, config.threshold, 4, *(df_of[r][p] for r in ranges), pure=False)
              for p, part in enumerate(parts)]
    cutoffs = client.submit(_concat, *[client.submit(operator.getitem, b, "cutoff") for b in bounds], pure=False)
    sizes = client.submit(_concat, *_submit_each(client, _usable_sizes, parts), pure=False)
    pieces = _in_waves(ranges, wave, lambda r: client.submit(
        _range_candidates, n_docs, offsets, sizes, cutoffs, _submit_each(client, _postings, parts, r, shift),
        df_of[r], pure=False))
    del dfs, df_of
    decided = [client.submit(_decide, part, bounds[p], n_docs, offsets, config.threshold,
                             *(client.submit(operator.getitem, c, p, pure=False) for c in pieces), pure=False)
               for p, part in enumerate(parts)]
    del pieces, bounds, cutoffs, sizes
    requests = [[client.submit(_request, d, p, pure=False) for p in range(len(parts))] for d in decided]
    replies = [[client.submit(_reply, parts[p], requests[q][p], pure=False) for p in range(len(parts))]
               for q in range(len(parts))]
    found = [client.submit(_verify, parts[q], decided[q], config.threshold, *replies[q], pure=False)
             for q in range(len(parts))]
    del requests, replies, decided
    components = client.submit(_components, *found, pure=False)
    members = _submit_each(client, _member_keys, parts, components)
    return client.submit(_groups, out, *members, pure=False).result()


def _request(decided: dict, p: int) -> tuple[np.ndarray, np.ndarray]:
    return decided["requests"][p]


def _concat(*arrays: np.ndarray) -> np.ndarray:
    return np.concatenate(arrays)
