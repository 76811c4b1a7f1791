"""What single-pass story clustering carries from one article to the next, and across runs.

:class:`ClusterState` is everything the stream needs to go on: the running document
frequencies (a fixed-size table), one :class:`Centroid` per story found so far (at most
``centroid_terms`` terms each, plus its member ids and date range), and a running hash
of the articles processed, in order. A later run that adds articles resumes from it
when the articles it processed are, in the same canonical order, the first ones of
the new run (:meth:`ClusterState.can_resume`); it then gives exactly what a full run
over all articles would.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any, Iterable

from storyline.model import Document, sha256
from storyline.stories.features import DocFrequencies

__all__ = ["Centroid", "ClusterState", "canonical_order", "day_number"]

FORMAT = "storyline.stories/1"
_START = sha256("storyline.stories")


def canonical_order(docs: Iterable[Document]) -> list[Document]:
    """Articles in the order the stream reads them: by publication day (undated last), then id."""
    return sorted(docs, key=lambda d: (d.published or "9999", d.id))


def day_number(published: str | None) -> int | None:
    """The day as a number (proleptic ordinal), None when undated or unreadable."""
    if not published:
        return None
    try:
        return dt.date.fromisoformat(published[:10]).toordinal()
    except ValueError:
        return None


def _step(digest: str, doc: Document) -> str:
    return sha256(digest, doc.id, doc.text_hash, doc.title or "", doc.published or "")


@dataclass
class Centroid:
    """One story so far: the summed tf·idf vectors of its articles, pruned to the heaviest terms."""

    terms: dict[str, float]
    size: int = 0
    first: int | None = None  # day_number of its earliest dated article
    last: int | None = None
    members: list[str] = field(default_factory=list)

    def add(self, doc_id: str, vector: dict[str, float], day: int | None, keep: int) -> None:
        merged = dict(self.terms)
        for term, weight in vector.items():
            merged[term] = merged.get(term, 0.0) + weight
        self.terms = prune(merged, keep)
        self.size += 1
        self.members.append(doc_id)
        if day is not None:
            self.first = day if self.first is None else min(self.first, day)
            self.last = day if self.last is None else max(self.last, day)

    def to_dict(self) -> dict[str, Any]:
        return {"terms": [[t, w] for t, w in self.terms.items()], "size": self.size,
                "first": self.first, "last": self.last, "members": self.members}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Centroid":
        return cls({t: float(w) for t, w in data["terms"]}, int(data["size"]), data["first"], data["last"],
                   list(data["members"]))


def prune(weights: dict[str, float], keep: int) -> dict[str, float]:
    """The ``keep`` heaviest terms, heaviest first (ties by term, so the order is stable)."""
    return dict(sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:keep])


@dataclass
class ClusterState:
    """The resumable state of the stream; ``settings`` are the config values it depends on."""

    settings: dict[str, Any]
    df: DocFrequencies
    clusters: list[Centroid] = field(default_factory=list)
    processed: int = 0
    digest: str = _START

    def record(self, doc: Document) -> None:
        self.processed += 1
        self.digest = _step(self.digest, doc)

    def can_resume(self, docs: list[Document], settings: dict[str, Any] | None = None) -> bool:
        """Are the articles this state has seen the first ones of ``docs`` in canonical order
        (and, when given, were they clustered with these ``settings``)?"""
        if settings is not None and settings != self.settings:
            return False
        if len(docs) < self.processed:
            return False
        digest = _START
        for doc in canonical_order(docs)[: self.processed]:
            digest = _step(digest, doc)
        return digest == self.digest

    def to_json(self) -> str:
        return json.dumps({
            "format": FORMAT,
            "settings": self.settings,
            "processed": self.processed,
            "digest": self.digest,
            "documents_counted": self.df.n,
            "doc_frequencies": self.df.to_text(),
            "clusters": [c.to_dict() for c in self.clusters],
        }, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> "ClusterState":
        data = json.loads(text)
        if data.get("format") != FORMAT:
            raise ValueError(f"not a story-clustering state ({FORMAT}): format {data.get('format')!r}")
        settings = data["settings"]
        df = DocFrequencies.from_text(data["doc_frequencies"], int(settings["hash_bits"]), int(data["documents_counted"]))
        clusters = [Centroid.from_dict(c) for c in data["clusters"]]
        return cls(settings, df, clusters, int(data["processed"]), data["digest"])
