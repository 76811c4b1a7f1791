"""CofeNet's BIO files of attribution spans, and how a tagger scores on one.

A file holds one JSON object a line per paragraph, with ``tokens``, ``labels`` (BIO
over source/cue/content) and ``id`` (as in CofeNet's conversion of PolNeAR). Scoring is
exact match (:class:`storyline.quotes.spans.Counts`). Used by the benchmark
(:mod:`storyline.eval.quotes`) and by training (:mod:`storyline.quotes.train`), which
scores the validation split after fitting.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from storyline.quotes.spans import TYPES, Counts, bio_to_spans

__all__ = ["load", "score_file"]


def load(path: Path, limit: int | None = None) -> list[dict[str, Any]]:
    """The rows of a BIO file (the first ``limit`` when given), blank lines skipped."""
    rows = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rows.append(json.loads(line))
                if limit is not None and len(rows) >= limit:
                    break
    return rows


def score_file(path: Path, tagger, limit: int | None = None) -> tuple[dict[str, float], list[dict[str, Any]]]:
    """Metrics and per-paragraph spans of ``tagger`` on one CofeNet BIO file."""
    rows = load(path, limit)
    predicted = tagger.tag_many(r["tokens"] for r in rows)
    counts = Counts()
    per_item = []
    for n, (row, labels) in enumerate(zip(rows, predicted)):
        pred, gold = bio_to_spans(labels), bio_to_spans(row["labels"])
        counts.add(pred, gold)
        per_item.append({
            "id": row.get("id", ""), "line": n + 1,
            "predicted": [[k, s, e, " ".join(row["tokens"][s:e])] for k, s, e in pred],
            "gold": [[k, s, e, " ".join(row["tokens"][s:e])] for k, s, e in gold],
            "exact": sorted(set(pred)) == sorted(set(gold)),
        })
    metrics: dict[str, float] = {}
    for kind in TYPES:
        metrics[f"{kind}_p"], metrics[f"{kind}_r"], metrics[f"{kind}_f1"] = counts.prf(kind)
    return metrics, per_item
