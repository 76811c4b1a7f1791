"""Near-duplicate detection (wire copy, reprints): pairwise precision and recall.

The test set is a folder of ``.txt`` articles and the truth about which of them carry
the same copy:

* ``tests/fixtures/duplicates``: invented articles with a ``labels.json`` that gives the
  true copy groups (``"groups"``: lists of file names) and each file's case
  (``"cases"``: changed boilerplate, trimmed ending, added paragraphs, light copy edits,
  same-topic non-duplicate, same-agency follow-up...). Every pair of files not in one
  group is a true non-duplicate. The label rule: two articles are duplicates when one
  carries the other's copy; sharing names, figures, a quote or one or two background
  paragraphs (a follow-up by the same agency) does not make a duplicate.
* ``../shared/samples/seeds`` (five real articles about Russia and Syria in 2012, no
  labels file): the truth is :data:`SEED_TRUTH`, established by reading them. 001
  (Shanghai Daily) reprints the wire story of 000 (13 March 2012, Lavrov: the ceasefire
  "must be simultaneous"), paragraphs 1-6 with light edits ("yesterday", "US", "UN"),
  and adds a second wire story on arms deliveries; 002-004 are other articles on the
  same subject (Lavrov, Assad, the Security Council) and duplicate nothing.

Articles go through the product's own path: :func:`storyline.ingest.read` on the
``.txt`` files (only those: ``labels.json`` is not an article), :func:`storyline.clean.clean`,
:func:`storyline.clean.drop_recurring_lines` as ``storyline build`` does, then
:func:`storyline.dedup.group_duplicates` with the default :class:`DedupConfig`.

Scoring is over all pairs of documents: a found pair is two documents in one predicted
group, a true pair two in one labelled group. ``pair_precision`` = found and true /
found, ``pair_recall`` = found and true / true, ``pair_f1`` their harmonic mean,
``false_pairs`` the found pairs that are not true. The rows give recall per case (the
share of each file's true partners it was grouped with) and, for the non-duplicate
cases, how many false pairs each file took part in. ``per_item`` lists every labelled,
found or false pair with the shingle containment both ways (the seeds' table).
"""

from __future__ import annotations

import itertools
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from storyline.errors import ConfigError
from storyline.clean import CleanConfig, clean, drop_recurring_lines
from storyline.dedup import DedupConfig, containment, group_duplicates, shingles
from storyline.eval import EvalResult
from storyline.ingest import IngestConfig, read
from storyline.model import Document, Rejected

__all__ = ["SEED_TRUTH", "evaluate", "load", "pair_scores"]

FIXTURES = Path("tests/fixtures/duplicates")

# ../shared/samples/seeds has no labels file; the truth, from reading the five articles
SEED_TRUTH: dict[str, Any] = {
    "groups": [["000_a7ed1a92438f5354.txt", "001_bf6c5033b16c06da.txt"]],
    "cases": {
        "000_a7ed1a92438f5354.txt": "wire original (Lavrov: ceasefire must be simultaneous, 13 March 2012)",
        "001_bf6c5033b16c06da.txt": "reprint: wire paragraphs 1-6 with light edits, plus a second wire story (Antonov)",
        "002_9319fddd38a92689.txt": "same-topic non-duplicate (Lavrov in Yerevan: Syria should make the first step)",
        "003_461fbc77ecd1b75f.txt": "same-topic non-duplicate (Lavrov, 8 February 2012: talks must not be predetermined)",
        "004_78f1fa7e0f5cb6e3.txt": "same-topic non-duplicate (Lavrov against sanctions, 25 January 2012)",
    },
}


def _labels(data: Path, names: list[str]) -> dict[str, Any]:
    path = data / "labels.json"
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))
    seeds = set(SEED_TRUTH["cases"])
    if names and set(names) <= seeds:
        return SEED_TRUTH
    raise ConfigError(f"{data}: no labels.json, and not the seed articles (../shared/samples/seeds)")


def load(data: Path, limit: int | None = None) -> tuple[list[Document], list[str], dict[str, Any]]:
    """The cleaned documents of the folder's ``.txt`` files (the first ``limit``), the
    names of those that did not make it through ingest or cleaning, and the labels."""
    paths = sorted(p for p in data.glob("*.txt") if p.is_file())[:limit]
    labels = _labels(data, [p.name for p in paths])
    docs: list[Document] = []
    lost: list[str] = []
    for item in read([str(p) for p in paths], IngestConfig()):
        result = item if isinstance(item, Rejected) else clean(item, CleanConfig())
        if isinstance(result, Rejected):
            lost.append(f"{Path(result.source).name}: {result.reason}")
        else:
            docs.append(result)
    docs = drop_recurring_lines(docs)
    return docs, lost, labels


def _pairs(partition: dict[str, str]) -> set[tuple[str, str]]:
    by_group: dict[str, list[str]] = defaultdict(list)
    for name, group in partition.items():
        by_group[group].append(name)
    return {pair for members in by_group.values() for pair in itertools.combinations(sorted(members), 2)}


def pair_scores(found: set[tuple[str, str]], true: set[tuple[str, str]]) -> dict[str, float]:
    """Pairwise precision, recall, F1 and the number of false pairs (pairs as sorted tuples)."""
    hits = len(found & true)
    precision = hits / len(found) if found else 1.0
    recall = hits / len(true) if true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"pair_precision": precision, "pair_recall": recall, "pair_f1": f1, "false_pairs": float(len(found - true))}


def evaluate(data: Path, limit: int | None = None) -> EvalResult:
    data = Path(data)
    docs, lost, labels = load(data, limit)
    config = DedupConfig()
    out, groups = group_duplicates(docs, config)
    name_of = {d.id: Path(d.source).name for d in out}
    names = sorted(name_of.values())
    present = set(names) | {line.split(":")[0] for line in lost}
    true_group = {name: name for name in present}
    for members in labels["groups"]:
        for name in members:
            if name in true_group:
                true_group[name] = members[0]
    predicted = {name_of[d.id]: name_of[d.duplicate_of or d.id] for d in out}
    for line in lost:
        name = line.split(":")[0]
        predicted[name] = name
    true = _pairs(true_group)
    found = _pairs(predicted)
    metrics = pair_scores(found, true)
    metrics.update({"documents": float(len(present)), "true_pairs": float(len(true)), "found_pairs": float(len(found))})

    cases: dict[str, str] = labels.get("cases", {})
    rows = _rows(present, true, found, cases, metrics)
    sets = {name_of[d.id]: shingles(d.text, config.shingle) for d in out}
    seeds = labels is SEED_TRUTH
    per_item = _pair_items(present, true, found, cases, sets, seeds)
    notes = [
        f"{len(present)} articles, {len(true)} true pairs in {len(labels['groups'])} copy groups; "
        f"found {len(found)} pairs in {len(groups)} groups; threshold {config.threshold} "
        f"(share of the smaller document's word {config.shingle}-shingles in the larger)",
    ]
    if seeds:
        notes.append("truth: SEED_TRUTH in storyline.eval.duplicates (no labels.json in the seeds folder)")
    notes += [f"not scored as a document (lost in ingest/clean): {line}" for line in lost]
    for item in per_item:
        if seeds or item["outcome"] in ("missed", "false pair") or item["outcome"].startswith("apart"):
            notes.append(
                f"{item['outcome']:>10}: {item['a']} ~ {item['b']}  containment "
                f"{item['containment_a_in_b']:.3f} / {item['containment_b_in_a']:.3f}"
            )
    return EvalResult(benchmark="duplicates", metrics=metrics, rows=rows, per_item=per_item, notes=notes)


def _rows(present: set[str], true: set[tuple[str, str]], found: set[tuple[str, str]],
          cases: dict[str, str], metrics: dict[str, float]) -> list[dict[str, Any]]:
    """The table: all pairs, then each kind of labelled case with the pairs its files are in."""
    partners: dict[str, set[str]] = defaultdict(set)
    for a, b in true:
        partners[a].add(b)
        partners[b].add(a)
    grouped: dict[str, set[str]] = defaultdict(set)
    for a, b in found:
        grouped[a].add(b)
        grouped[b].add(a)
    by_case: dict[str, dict[str, float]] = {}
    for name in sorted(present):
        case = _case_kind(cases.get(name, "unlabelled"))
        row = by_case.setdefault(case, {"files": 0, "true": 0, "found": 0, "false": 0})
        row["files"] += 1
        row["true"] += len(partners[name])
        row["found"] += len(partners[name] & grouped[name])
        row["false"] += len(grouped[name] - partners[name])
    rows: list[dict[str, Any]] = [{
        "system": "storyline", "case": "all pairs", "files": len(present), "true_pairs": len(true),
        "recall": metrics["pair_recall"], "precision": metrics["pair_precision"], "f1": metrics["pair_f1"],
        "false_pairs": len(found - true),
    }]
    for case, row in sorted(by_case.items()):
        rows.append({
            "system": "storyline", "case": case, "files": int(row["files"]), "true_pairs": int(row["true"]),
            "recall": row["found"] / row["true"] if row["true"] else None, "precision": None, "f1": None,
            "false_pairs": int(row["false"]),
        })
    return rows


def _pair_items(present: set[str], true: set[tuple[str, str]], found: set[tuple[str, str]],
                cases: dict[str, str], sets: dict[str, frozenset[str]], seeds: bool) -> list[dict[str, Any]]:
    """One item per pair that is a duplicate or was grouped (every pair for the seeds), then
    the closest non-duplicates left apart: how much margin the threshold has."""
    per_item: list[dict[str, Any]] = []
    for a, b in itertools.combinations(sorted(present), 2):
        pair = (a, b)
        if not (seeds or pair in true or pair in found):
            continue
        outcome = ("found" if pair in true else "false pair") if pair in found else ("missed" if pair in true else "apart")
        sa, sb = sets.get(a, frozenset()), sets.get(b, frozenset())
        per_item.append({
            "a": a, "b": b, "truth": "duplicate" if pair in true else "not duplicate", "outcome": outcome,
            "containment_a_in_b": round(containment(sa, sb), 3), "containment_b_in_a": round(containment(sb, sa), 3),
            "grouped": pair in found, "case_a": cases.get(a), "case_b": cases.get(b),
        })
    if seeds:
        return per_item
    closest = sorted(
        ((_smaller_in_larger(sets[a], sets[b]), a, b)
         for a, b in itertools.combinations(sorted(sets), 2) if (a, b) not in true),
        reverse=True,
    )[:5]
    for _, a, b in closest:
        if (a, b) in found:
            continue
        per_item.append({
            "a": a, "b": b, "truth": "not duplicate", "outcome": "apart (closest non-duplicates)",
            "containment_a_in_b": round(containment(sets[a], sets[b]), 3),
            "containment_b_in_a": round(containment(sets[b], sets[a]), 3),
            "grouped": False, "case_a": cases.get(a), "case_b": cases.get(b),
        })
    return per_item


def _case_kind(case: str) -> str:
    """A case label's short kind: the text before any parenthesis."""
    return case.split(" (")[0].split(":")[0].strip()


def _smaller_in_larger(a: frozenset[str], b: frozenset[str]) -> float:
    """The containment the dedup stage compares with its threshold."""
    return containment(a, b) if len(a) <= len(b) else containment(b, a)
