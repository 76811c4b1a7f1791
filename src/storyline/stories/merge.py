"""The final pass: join stories the stream kept apart, and name each story.

A single pass splits a story when its early articles were weighted with little
evidence (document frequencies are causal) or when its vocabulary drifts (a spill,
then a cap, then a compensation fund). Stories whose centroids are close are joined
greedily, closest pair first (centroid linkage), until no pair reaches
``merge_threshold``. Its cost depends on the number of stories, not of articles.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from storyline.stories.features import bucket
from storyline.stories.single_pass import time_factor
from storyline.stories.state import Centroid, prune

__all__ = ["Group", "merge_stories"]


@dataclass
class Group:
    """Stories joined by the final pass: their summed centroid and all their members."""

    terms: dict[str, float]
    members: list[str]
    first: int | None
    last: int | None


def _vectors(groups: list[Group], bits: int, width: int) -> tuple[np.ndarray, np.ndarray]:
    index = np.zeros((len(groups), width), dtype=np.int64)
    weight = np.zeros((len(groups), width), dtype=np.float64)
    for row, g in enumerate(groups):
        values = np.array(list(g.terms.values()), dtype=np.float64)
        norm = float(np.sqrt(np.dot(values, values))) or 1.0
        index[row, : len(values)] = [bucket(t, bits) for t in g.terms]
        weight[row, : len(values)] = values / norm
    return index, weight


def needed(smaller: np.ndarray, config) -> np.ndarray:
    """The similarity two stories need to be joined, given the smaller one's size.

    One article needs what it needs to join a story in the stream (``join_threshold``);
    the larger the smaller story, the more its centroid says what that story is about,
    and two such centroids that still differ are two stories: the bar rises towards
    ``merge_threshold`` as ``1/size`` falls.
    """
    low, high = config.join_threshold, max(config.merge_threshold, config.join_threshold)
    return high - (high - low) / np.maximum(smaller, 1.0)


def _gap(a: Group, b: Group) -> float:
    if None in (a.first, a.last, b.first, b.last):
        return 0.0
    return float(max(0, b.first - a.last, a.first - b.last))


def merge_stories(clusters: list[Centroid], config) -> list[Group]:
    """Groups of the stream's stories, joined while two are at least ``merge_threshold`` alike."""
    groups = [Group(dict(c.terms), list(c.members), c.first, c.last) for c in clusters]
    if config.mode == "one" or len(groups) < 2 or config.merge_threshold >= 1.0:
        return groups
    bits, width = config.hash_bits, config.centroid_terms
    index, weight = _vectors(groups, bits, width)
    dense = np.zeros(1 << bits, dtype=np.float64)
    k = len(groups)
    sims = np.full((k, k), -1.0)

    def row(i: int) -> np.ndarray:
        np.add.at(dense, index[i], weight[i])
        out = (dense[index] * weight).sum(axis=1)
        dense[index[i]] = 0.0
        gaps = np.array([_gap(groups[i], g) for g in groups])
        out = out * time_factor(gaps, config.time_window, config.merge_half_life)
        out[i] = -1.0
        return out

    for i in range(k):
        sims[i] = row(i)
    sims = np.maximum(sims, sims.T)  # symmetric up to rounding; take one value for both
    alive = np.ones(k, dtype=bool)
    sizes = np.array([len(g.members) for g in groups], dtype=np.float64)
    while True:
        margin = sims - needed(np.minimum(sizes[:, None], sizes[None, :]), config)
        masked = np.where(alive[:, None] & alive[None, :], margin, -1.0)
        flat = int(np.argmax(masked))
        i, j = divmod(flat, k)
        if masked[i, j] < 0.0:
            break
        i, j = min(i, j), max(i, j)
        a, b = groups[i], groups[j]
        summed = dict(a.terms)
        for term, w in b.terms.items():
            summed[term] = summed.get(term, 0.0) + w
        dates = [d for d in (a.first, a.last, b.first, b.last) if d is not None]
        groups[i] = Group(prune(summed, width), a.members + b.members,
                          min(dates) if dates else None, max(dates) if dates else None)
        alive[j] = False
        sizes[i] += sizes[j]
        index[i], weight[i] = (x[0] for x in _vectors([groups[i]], bits, width))
        sims[i] = row(i)
        sims[:, i] = sims[i]
    return [g for g, keep in zip(groups, alive) if keep]
