"""The stream: each article joins the most similar story so far, or starts a new one.

This is the single-pass clustering of Topic Detection and Tracking (Allan et al. 1998):
an article is compared with the centroid of every story found so far; it joins the
best one when the similarity reaches ``join_threshold``, else it starts a story of its
own. Similarity is the cosine of tf·idf vectors, discounted by the time between the
article and the story's dated articles (:func:`time_factor`): stories have a life
span, and two with the same vocabulary months apart are usually two stories.

Centroids are kept as rows of two fixed-width arrays (term buckets and weights), so
that scoring an article against all stories is one numpy gather.
"""

from __future__ import annotations

import numpy as np

from storyline.model import Document
from storyline.stories.features import bucket, terms
from storyline.stories.state import Centroid, ClusterState, day_number

__all__ = ["Stream", "time_factor"]


def time_factor(gap: np.ndarray, window: float, half_life: float) -> np.ndarray:
    """1 within ``window`` days, then halved every ``half_life`` days (1 everywhere when 0)."""
    if half_life <= 0:
        return np.ones_like(gap, dtype=np.float64)
    return np.power(0.5, np.maximum(gap - window, 0.0) / half_life)


def day_gaps(day: int | None, first: np.ndarray, last: np.ndarray) -> np.ndarray:
    """Days between ``day`` and each story's date range (0 inside it or when undated)."""
    if day is None:
        return np.zeros_like(first)
    gap = np.maximum(np.maximum(day - last, first - day), 0.0)
    return np.nan_to_num(gap, nan=0.0)


class Stream:
    """Adds articles, in canonical order, to a :class:`ClusterState` (which it updates)."""

    def __init__(self, state: ClusterState, config) -> None:
        self.state = state
        self.config = config
        self.width = config.centroid_terms
        self._dense = np.zeros(1 << config.hash_bits, dtype=np.float64)
        capacity = 64
        while capacity < len(state.clusters):
            capacity *= 2
        self._index = np.zeros((capacity, self.width), dtype=np.int64)
        self._weight = np.zeros((capacity, self.width), dtype=np.float64)
        self._norm = np.ones(capacity, dtype=np.float64)
        self._first = np.full(capacity, np.nan)
        self._last = np.full(capacity, np.nan)
        for row in range(len(state.clusters)):
            self._set_row(row)

    def _set_row(self, row: int) -> None:
        if row >= len(self._norm):
            self._grow()
        c = self.state.clusters[row]
        names = list(c.terms)
        weights = np.array([c.terms[t] for t in names], dtype=np.float64)
        self._index[row] = 0
        self._weight[row] = 0.0
        self._index[row, : len(names)] = [bucket(t, self.config.hash_bits) for t in names]
        self._weight[row, : len(names)] = weights
        self._norm[row] = float(np.sqrt(np.dot(weights, weights))) or 1.0
        self._first[row] = np.nan if c.first is None else c.first
        self._last[row] = np.nan if c.last is None else c.last

    def _grow(self) -> None:
        n = len(self._norm)
        self._index = np.vstack([self._index, np.zeros_like(self._index)])
        self._weight = np.vstack([self._weight, np.zeros_like(self._weight)])
        self._norm = np.concatenate([self._norm, np.ones(n)])
        self._first = np.concatenate([self._first, np.full(n, np.nan)])
        self._last = np.concatenate([self._last, np.full(n, np.nan)])

    def scores(self, vector: dict[str, float], day: int | None) -> np.ndarray:
        """Time-discounted cosine of the article with every story so far."""
        k = len(self.state.clusters)
        if k == 0 or not vector:
            return np.zeros(k)
        idx = np.array([bucket(t, self.config.hash_bits) for t in vector], dtype=np.int64)
        np.add.at(self._dense, idx, np.array(list(vector.values())))
        cosine = (self._dense[self._index[:k]] * self._weight[:k]).sum(axis=1) / self._norm[:k]
        self._dense[idx] = 0.0
        gaps = day_gaps(day, self._first[:k], self._last[:k])
        return cosine * time_factor(gaps, self.config.time_window, self.config.time_half_life)

    def add(self, doc: Document) -> int:
        """Cluster one article; the index of the story it joined or started."""
        cfg = self.config
        counts = terms(doc, cfg.bigrams, cfg.title_weight)
        vector = self.state.df.weigh(counts, cfg.doc_terms)
        day = day_number(doc.published)
        clusters = self.state.clusters
        target = None
        if cfg.mode == "one":
            target = 0 if clusters else None
        elif clusters:
            scores = self.scores(vector, day)
            best = int(np.argmax(scores))
            if scores[best] >= cfg.join_threshold:
                target = best
        if target is None:
            clusters.append(Centroid({}))
            target = len(clusters) - 1
        clusters[target].add(doc.id, vector, day, self.width)
        self._set_row(target)
        self.state.record(doc)
        return target
