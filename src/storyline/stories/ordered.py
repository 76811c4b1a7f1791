"""The story stream as one ordered pass over partitioned articles, with bounded memory.

What is global, and what is streamed:

* **Per article, in parallel** (:func:`write_terms`, a task per partition on the
  workers): the article's term counts (:func:`storyline.stories.features.terms`, the
  tokenising, most of the per-article work) and its text hash, written to files, one
  per publication day and partition, each sorted by id. The articles never reach the
  coordinating process.
* **Sequential by nature** (:func:`run_stream`, one task): the single pass reads the
  articles in canonical order (day, then id: a k-way merge of the day's files), and
  each article's tf·idf weights depend on the document frequencies of the articles
  *before* it (they are causal, so that a run can be resumed), and its story on the
  stories found before it. Nothing of it can run in parallel without changing the
  result. Its global state is the fixed-size document-frequency table (2**hash_bits
  counters, whatever the number of articles) and the stories.
* **Retired stories**: a story whose last article is so long ago that its time factor
  (:func:`storyline.stories.single_pass.time_factor`) is below ``join_threshold`` can
  never be joined again (an article's cosine with a centroid is at most 1): it is
  written to disk and leaves the centroid matrix, which holds only the active stories.
  Articles come in day order, so a retired story stays retired; undated articles come
  last and match any story (no time gap), so at the first one the retired stories come
  back.

The stories are the same, in the same order, with the same centroids, as the in-process
:func:`storyline.stories.cluster_stories`, and the final pass is the same
:func:`storyline.stories.merge.merge_stories` over all of them (its cost grows with the
square of the number of stories, not with the articles; see
benchmarks/corpus_scale/README.md).
"""

from __future__ import annotations

import bisect
import heapq
import operator
import os
import pickle
import time
from collections import Counter
from collections.abc import Callable, Iterator

import numpy as np

from storyline.clean import is_english
from storyline.model import Document, StoryCluster, sha256
from storyline.stories import StoryConfig, _language_stories, _stories
from storyline.stories.features import DocFrequencies, bucket, terms
from storyline.stories.merge import merge_stories
from storyline.stories.single_pass import day_gaps, time_factor
from storyline.stories.state import Centroid, ClusterState, _START, day_number

__all__ = ["OrderedStream", "cluster_stories_ordered", "run_stream", "write_terms"]

_UNDATED = "9999"
_SAFETY = 1.0 + 1e-6  # a retired story's best score stays this far under the threshold
_MAX_TERMS = 2_000_000  # terms whose bucket the stream remembers


def _day_file(folder: str, published: str, part: int) -> str:
    return os.path.join(folder, "terms", published.encode("utf-8").hex(), f"p{part:06d}.pkl")


def write_terms(docs: list[Document], folder: str, part: int, config: StoryConfig) -> dict[str, int]:
    """Write the partition's English articles' terms to ``folder`` by day, sorted by id;
    the others' ids by language. On a worker. Returns counts."""
    by_day: dict[str, list[tuple]] = {}
    others: list[tuple[str, str]] = []
    for doc in docs:
        if not is_english(doc.language):
            others.append((doc.language or "", doc.id))
            continue
        counts = terms(doc, config.bigrams, config.title_weight)
        buckets = [bucket(t, config.hash_bits) for t in sorted(counts)]
        record = (doc.id, doc.published, doc.title or "", doc.text_hash, dict(counts), buckets)
        by_day.setdefault(doc.published or _UNDATED, []).append(record)
    for published, records in by_day.items():
        path = _day_file(folder, published, part)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            for record in sorted(records, key=lambda r: r[0]):
                pickle.dump(record, f, protocol=pickle.HIGHEST_PROTOCOL)
    path = os.path.join(folder, "other", f"p{part:06d}.pkl")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        pickle.dump(others, f, protocol=pickle.HIGHEST_PROTOCOL)
    return {"english": len(docs) - len(others), "other": len(others)}


def _records(path: str) -> Iterator[tuple]:
    with open(path, "rb") as f:
        while True:
            try:
                yield pickle.load(f)
            except EOFError:
                return


def read_in_order(folder: str) -> Iterator[tuple]:
    """Every article's record in canonical order (day, then id), one day's files merged."""
    root = os.path.join(folder, "terms")
    days = sorted(os.listdir(root), key=lambda h: bytes.fromhex(h).decode("utf-8")) if os.path.isdir(root) else []
    for day in days:
        files = sorted(os.listdir(os.path.join(root, day)))
        yield from heapq.merge(*(_records(os.path.join(root, day, f)) for f in files), key=lambda r: r[0])


class OrderedStream:
    """:class:`storyline.stories.single_pass.Stream` with retirement: the same decisions,
    the centroid matrix holding only the stories that can still be joined."""

    def __init__(self, config: StoryConfig, spill: str):
        self.config = config
        self.width = config.centroid_terms
        self.df = DocFrequencies(config.hash_bits)
        self.processed, self.digest = 0, _START
        self.count = 0  # stories started
        self.active: dict[int, Centroid] = {}  # story number -> centroid, in number order
        self.rows: list[int] = []
        self.retired = 0
        self.spill_path = spill
        self._spill = open(spill, "wb")
        self._dense = np.zeros(1 << config.hash_bits, dtype=np.float64)
        self._rebuild()
        self._today: int | None = None
        self.peak_active = 0
        self._bucket_of: dict[str, int] = {}  # the terms seen so far (cleared at _MAX_TERMS)

    def _row_values(self, c: Centroid) -> tuple:
        names = list(c.terms)
        weights = np.array([c.terms[t] for t in names], dtype=np.float64)
        index = np.zeros(self.width, dtype=np.int64)
        weight = np.zeros(self.width, dtype=np.float64)
        index[: len(names)] = self._buckets(names)
        weight[: len(names)] = weights
        norm = float(np.sqrt(np.dot(weights, weights))) or 1.0
        return index, weight, norm, np.nan if c.first is None else c.first, np.nan if c.last is None else c.last

    def _buckets(self, names: list[str]) -> list[int]:
        try:
            return list(operator.itemgetter(*names)(self._bucket_of)) if len(names) > 1 else \
                [self._bucket_of[n] for n in names]
        except KeyError:
            return [bucket(t, self.config.hash_bits) for t in names]

    def _rebuild(self) -> None:
        """The matrix rows of the active stories, in story-number order."""
        self.rows = sorted(self.active)
        self._index = np.zeros((max(64, len(self.rows)), self.width), dtype=np.int64)
        self._weight = np.zeros_like(self._index, dtype=np.float64)
        self._norm, self._first, self._last = np.ones(len(self._index)), *np.full((2, len(self._index)), np.nan)
        for row in range(len(self.rows)):
            self._set_row(row)

    def _set_row(self, row: int) -> None:
        index, weight, norm, first, last = self._row_values(self.active[self.rows[row]])
        self._index[row], self._weight[row], self._norm[row] = index, weight, norm
        self._first[row], self._last[row] = first, last

    def _retire(self, day: int) -> None:
        """Move the stories no article from ``day`` on can join to the spill file."""
        cfg = self.config
        if cfg.mode != "auto" or cfg.time_half_life <= 0 or not self.rows:
            return
        k = len(self.rows)
        gaps = np.nan_to_num(day - self._last[:k], nan=0.0)
        gone = time_factor(gaps, cfg.time_window, cfg.time_half_life) * _SAFETY < cfg.join_threshold
        gone &= ~np.isnan(self._last[:k])
        if not gone.any():
            return
        for row in np.flatnonzero(gone).tolist():
            number = self.rows[row]
            pickle.dump((number, self.active.pop(number)), self._spill, protocol=pickle.HIGHEST_PROTOCOL)
            self.retired += 1
        keep = np.flatnonzero(~gone)
        self.rows = [self.rows[row] for row in keep.tolist()]
        for array in (self._index, self._weight, self._norm, self._first, self._last):
            array[: len(keep)] = array[keep]

    def _restore(self) -> None:
        """Bring every retired story back (undated articles can join any story)."""
        self._spill.close()
        for number, centroid in _records(self.spill_path):
            self.active[number] = centroid
        self.retired = 0
        self._spill = open(self.spill_path, "wb")
        self._rebuild()

    def add(self, doc_id: str, published: str | None, title: str, text_hash: str, counts: dict[str, int],
            buckets: list[int] | None = None) -> int:
        """Cluster one article (its term counts, and the buckets of its sorted terms when
        known); the number of the story it joined or started."""
        cfg = self.config
        if buckets is not None:
            if len(self._bucket_of) > _MAX_TERMS:
                self._bucket_of.clear()
            self._bucket_of.update(zip(sorted(counts), buckets))
        vector = self.df.weigh(Counter(counts), cfg.doc_terms, buckets)
        day = day_number(published)
        if day is None and self.retired:
            self._restore()
        elif day is not None and day != self._today:
            self._today = day
            self._retire(day)
        target = None
        if cfg.mode == "one":
            target = 0 if self.count else None
        elif self.rows and vector:
            k = len(self.rows)
            idx = np.array(self._buckets(list(vector)), dtype=np.int64)
            np.add.at(self._dense, idx, np.array(list(vector.values())))
            cosine = (self._dense[self._index[:k]] * self._weight[:k]).sum(axis=1) / self._norm[:k]
            self._dense[idx] = 0.0
            gaps = day_gaps(day, self._first[:k], self._last[:k])
            scores = cosine * time_factor(gaps, cfg.time_window, cfg.time_half_life)
            best = int(np.argmax(scores))
            if scores[best] >= cfg.join_threshold:
                target = self.rows[best]
        if target is None:
            target = self.count
            self.count += 1
            self.active[target] = Centroid({})
            self.rows.append(target)
            if len(self.rows) > len(self._norm):
                self._grow()
        self.active[target].add(doc_id, vector, day, self.width)
        self._set_row(bisect.bisect_left(self.rows, target))
        self.processed += 1
        self.digest = sha256(self.digest, doc_id, text_hash, title, published or "")
        self.peak_active = max(self.peak_active, len(self.rows))
        return target

    def _grow(self) -> None:
        n = len(self._norm)
        self._index = np.vstack([self._index, np.zeros_like(self._index)])
        self._weight = np.vstack([self._weight, np.zeros_like(self._weight)])
        self._norm = np.concatenate([self._norm, np.ones(n)])
        self._first, self._last = (np.concatenate([a, np.full(n, np.nan)]) for a in (self._first, self._last))

    def stories(self) -> list[Centroid]:
        """Every story, in number order (the retired ones read back from disk)."""
        self._spill.close()
        found = dict(_records(self.spill_path))
        found.update(self.active)
        return [found[n] for n in sorted(found)]

    def state(self, settings: dict) -> ClusterState:
        """The resumable state, as :func:`cluster_stories` leaves it."""
        return ClusterState(settings, self.df, self.stories(), self.processed, self.digest)


def run_stream(folder: str, config: StoryConfig, keep_state: bool = True) -> dict:
    """The single pass over the records in ``folder`` (on one worker); returns counts.
    With ``keep_state``, the whole state (every story) is pickled to ``folder`` for the
    final pass; else the stories stay in the spill file and the active ones are added to it."""
    stream = OrderedStream(config, os.path.join(folder, "retired.pkl"))
    for record in read_in_order(folder):
        stream.add(*record)
    summary = {"articles": stream.processed, "stream_stories": stream.count, "peak_active": stream.peak_active,
               "retired": stream.retired}
    if keep_state:
        with open(os.path.join(folder, "state.pkl"), "wb") as f:
            pickle.dump(stream.state(config.stream_settings()), f, protocol=pickle.HIGHEST_PROTOCOL)
    else:
        for number in sorted(stream.active):
            pickle.dump((number, stream.active[number]), stream._spill, protocol=pickle.HIGHEST_PROTOCOL)
        stream._spill.close()
    return summary


def final_pass(folder: str, config: StoryConfig, lookup: Callable[[list[str]], list[Document]]) -> list[StoryCluster]:
    """The final pass and labels: :func:`merge_stories` over the stream's stories, named
    as in-process (``lookup(ids)`` gives the documents whose text shows a term's spelling)."""
    with open(os.path.join(folder, "state.pkl"), "rb") as f:
        state = pickle.load(f)
    groups = merge_stories(state.clusters, config)
    wanted = sorted({m for g in groups for m in sorted(g.members)[:30]})
    by_id = {d.id: d for d in lookup(wanted)}
    others: list[tuple[str, str]] = []
    for name in sorted(os.listdir(os.path.join(folder, "other"))):
        with open(os.path.join(folder, "other", name), "rb") as f:
            others += pickle.load(f)
    taken: set[str] = set()
    told = _stories(groups, _Lookup(by_id), config, taken)
    return told + _language_stories([Document(id=i, source=i, text="", language=lang) for lang, i in others], taken)


class _Lookup(dict):
    """The documents of a story's first 30 members (all :func:`_stories` reads)."""

    def __missing__(self, key: str) -> Document:
        return Document(id=key, source=key, text="")


def cluster_stories_ordered(client, partitions: list, folder: str, config: StoryConfig = StoryConfig(),
                            lookup: Callable[[list[str]], list[Document]] | None = None,
                            keep_state: bool = True) -> dict:
    """The stories of the documents in ``partitions`` (futures of lists of documents),
    with the terms computed on the workers and the single pass as one task. ``folder``
    must be reachable by every worker. Returns the stream's counts; with ``lookup``,
    also ``clusters``: the same list as :func:`storyline.stories.cluster_stories`."""
    started = time.perf_counter()
    written = [client.submit(write_terms, f, folder, p, config, pure=False) for p, f in enumerate(partitions)]
    client.gather(written)
    terms_s = time.perf_counter() - started
    summary = client.submit(run_stream, folder, config, keep_state, pure=False).result()
    summary |= {"terms_s": terms_s, "pass_s": time.perf_counter() - started - terms_s}
    if lookup is not None:
        summary["clusters"] = final_pass(folder, config, lookup)
    return summary
