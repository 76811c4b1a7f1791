"""BIO tag sequences <-> typed token spans, and exact-match span scoring.

A span is ``(type, start, end)`` over token indices, ``end`` exclusive; types are
``source``, ``cue`` and ``content``. Scoring follows CofeNet (Wang et al. 2022, Table 6
"Exact Match"): a predicted span is correct when its type, start and end equal those of
a gold span; P = correct / predicted, R = correct / gold, in percent.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

__all__ = ["TYPES", "LABELS", "bio_to_spans", "spans_to_bio", "score", "Counts"]

TYPES = ("source", "cue", "content")
LABELS = ("O", "B-source", "I-source", "B-cue", "I-cue", "B-content", "I-content")

Span = tuple[str, int, int]


def bio_to_spans(labels: Sequence[str]) -> list[Span]:
    """The spans of a BIO sequence. An ``I-x`` that does not continue an ``x`` span
    starts a new one (the lenient CoNLL reading)."""
    spans: list[Span] = []
    kind: str | None = None
    start = 0
    for i, label in enumerate(list(labels) + ["O"]):
        prefix, _, tag = label.partition("-")
        if kind is not None and (prefix != "I" or tag != kind):
            spans.append((kind, start, i))
            kind = None
        if prefix == "B" or (prefix == "I" and kind is None):
            kind, start = tag, i
    return spans


def spans_to_bio(spans: Iterable[Span], length: int) -> list[str]:
    """A BIO sequence of ``length`` tokens from non-overlapping spans (ValueError on overlap)."""
    labels = ["O"] * length
    for kind, start, end in sorted(spans, key=lambda s: s[1]):
        if not 0 <= start < end <= length:
            raise ValueError(f"span {(kind, start, end)} outside 0..{length}")
        if any(label != "O" for label in labels[start:end]):
            raise ValueError(f"span {(kind, start, end)} overlaps another")
        labels[start] = "B-" + kind
        for i in range(start + 1, end):
            labels[i] = "I-" + kind
    return labels


class Counts:
    """Running counts of correct / predicted / gold spans per type."""

    def __init__(self) -> None:
        self.correct = dict.fromkeys(TYPES, 0)
        self.predicted = dict.fromkeys(TYPES, 0)
        self.gold = dict.fromkeys(TYPES, 0)

    def add(self, predicted: Iterable[Span], gold: Iterable[Span]) -> None:
        predicted, gold = set(predicted), set(gold)
        for kind, *_ in predicted:
            self.predicted[kind] += 1
        for kind, *_ in gold:
            self.gold[kind] += 1
        for kind, *_ in predicted & gold:
            self.correct[kind] += 1

    def prf(self, kind: str) -> tuple[float, float, float]:
        """Precision, recall and F1 of ``kind`` in percent (0 when undefined)."""
        c, p, g = self.correct[kind], self.predicted[kind], self.gold[kind]
        precision = 100.0 * c / p if p else 0.0
        recall = 100.0 * c / g if g else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1


def score(pairs: Iterable[tuple[Sequence[str], Sequence[str]]]) -> dict[str, float]:
    """``{"source_p": .., "source_r": .., "source_f1": .., ...}`` over (predicted, gold)
    BIO sequence pairs."""
    counts = Counts()
    for predicted, gold in pairs:
        counts.add(bio_to_spans(predicted), bio_to_spans(gold))
    out: dict[str, float] = {}
    for kind in TYPES:
        out[f"{kind}_p"], out[f"{kind}_r"], out[f"{kind}_f1"] = counts.prf(kind)
    return out
