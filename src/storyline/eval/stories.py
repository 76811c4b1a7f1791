"""Story clustering on Timeline17: all 14 topic folders in one pile, sorted back into stories.

Every folder is read and cleaned with the product's own code (``ingest.read``,
``clean.clean``, then ``clean.drop_recurring_lines`` over the whole pile, as a build
does). The gold story of an article is its folder's topic (``bpoil_bbc`` -> ``bpoil``,
``EgyptianProtest_cnn`` -> ``egypt``, ``LibyaWar_reuters`` -> ``libya``): seven stories,
the same story from up to five outlets. The clustering must not see the folder: each
article gets an opaque id (a hash of its path) and no source path; it keeps its text,
publication date and outlet.

Scores (no scikit-learn): the Adjusted Rand Index (Hubert & Arabie 1985) from the
contingency table, and B-cubed precision, recall and F1 (Bagga & Baldwin 1998),
averaged over articles. Each row is one method; ``docs/s`` and ``peak_mib``
(tracemalloc) measure the clustering alone, not reading and cleaning.
"""

from __future__ import annotations

import time
import tracemalloc
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from storyline.errors import ConfigError
from storyline.eval import EvalResult
from storyline.model import Document, sha256

__all__ = ["adjusted_rand_index", "bcubed", "evaluate", "gold_topic", "load", "METHODS"]

# folder prefix (lower-cased) -> story, where the two differ
TOPICS = {"egyptianprotest": "egypt", "libyawar": "libya"}

# the chosen method first; the others show what each part contributes
METHODS: dict[str, dict[str, Any]] = {
    "storyline (time-aware single pass + merge)": {},
    "without time": {"time_half_life": 0.0, "merge_half_life": 0.0},
    "without final merge": {"merge_threshold": 1.0},
    "tf-idf single pass only (no time, no merge)": {"time_half_life": 0.0, "merge_half_life": 0.0,
                                                    "merge_threshold": 1.0},
    "short vectors (60 terms/article, 300/story)": {"doc_terms": 60, "centroid_terms": 300},
    "with word pairs (bigrams)": {"bigrams": True},
}


def gold_topic(folder: str) -> str:
    """``"bpoil_bbc"`` -> ``"bpoil"``, ``"LibyaWar_cnn"`` -> ``"libya"``."""
    prefix = folder.rpartition("_")[0] or folder
    return TOPICS.get(prefix.lower(), prefix.lower())


def load(data: Path, limit: int | None = None) -> tuple[list[Document], dict[str, str]]:
    """The cleaned articles of every topic folder under ``data`` (the first ``limit`` of each),
    with opaque ids, and each id's gold story."""
    from storyline.clean import CleanConfig, RecurringConfig, clean, drop_recurring_lines
    from storyline.ingest import IngestConfig, read
    from storyline.model import Rejected

    docs: list[Document] = []
    gold: dict[str, str] = {}
    folders = sorted(p for p in Path(data).iterdir() if (p / "InputDocs").is_dir())
    if not folders:
        raise ConfigError(f"no Timeline17 topic folders (with InputDocs/) in {data}")
    for folder in folders:
        taken = 0
        for raw in read([str(folder)], IngestConfig()):
            if isinstance(raw, Rejected):
                continue
            doc = clean(raw, CleanConfig())
            if isinstance(doc, Rejected):
                continue
            opaque = "doc-" + sha256(raw.source)[:16]
            docs.append(replace(doc, id=opaque, source=opaque))
            gold[opaque] = gold_topic(folder.name)
            taken += 1
            if limit is not None and taken >= limit:
                break
    return drop_recurring_lines(docs, RecurringConfig()), gold


def _comb2(x: np.ndarray | int) -> np.ndarray | float:
    return np.asarray(x, dtype=np.float64) * (np.asarray(x, dtype=np.float64) - 1) / 2


def adjusted_rand_index(gold: list[str], found: list[str]) -> float:
    """ARI of two labelings of the same items, from their contingency table."""
    pairs = Counter(zip(gold, found))
    n = len(gold)
    if n < 2:
        return 1.0
    index = float(np.sum(_comb2(np.array(list(pairs.values())))))
    rows = float(np.sum(_comb2(np.array(list(Counter(gold).values())))))
    cols = float(np.sum(_comb2(np.array(list(Counter(found).values())))))
    expected = rows * cols / float(_comb2(n))
    best = (rows + cols) / 2
    if best == expected:
        return 1.0
    return (index - expected) / (best - expected)


def bcubed(gold: list[str], found: list[str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1, averaged over items."""
    pairs = Counter(zip(gold, found))
    in_gold, in_found = Counter(gold), Counter(found)
    n = len(gold)
    precision = sum(c * c / in_found[f] for (g, f), c in pairs.items()) / n
    recall = sum(c * c / in_gold[g] for (g, f), c in pairs.items()) / n
    return precision, recall, (2 * precision * recall / (precision + recall) if precision + recall else 0.0)


def _run(name: str, docs: list[Document], gold: dict[str, str], options: dict[str, Any],
         memory: bool = False) -> dict[str, Any]:
    """Cluster once for time; with ``memory``, again under tracemalloc for the peak (which
    slows it down severalfold) and as a check that a second run gives the same stories."""
    from storyline.stories import StoryConfig, cluster_stories

    config = StoryConfig(**options)
    start = time.perf_counter()
    clusters, _ = cluster_stories(docs, config)
    seconds = time.perf_counter() - start
    peak = None
    if memory:
        tracemalloc.start()
        again, _ = cluster_stories(docs, config)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        if again != clusters:
            raise AssertionError(f"{name}: two runs over the same articles gave different stories")
    found = {m: c.id for c in clusters for m in c.members}
    ids = sorted(gold)
    g, f = [gold[i] for i in ids], [found[i] for i in ids]
    p, r, f1 = bcubed(g, f)
    row = {
        "system": name, "ari": adjusted_rand_index(g, f), "bcubed_f1": f1, "bcubed_p": p, "bcubed_r": r,
        "clusters": len(clusters), "clusters_5plus": sum(len(c.members) >= 5 for c in clusters),
        "docs/s": len(docs) / seconds if seconds > 0 else float("inf"), "seconds": seconds,
        "peak_mib": None if peak is None else peak / 2**20,
    }
    return {"row": row, "clusters": clusters, "found": found}


def _resume_check(docs: list[Document], clusters) -> str:
    """Cluster the first 90% (canonical order), resume with the rest: same stories as a full run?"""
    from storyline.stories import ClusterState, cluster_stories
    from storyline.stories.state import canonical_order

    ordered = canonical_order(docs)
    _, state = cluster_stories(ordered[: len(ordered) * 9 // 10])
    saved = state.to_json()
    start = time.perf_counter()
    resumed, _ = cluster_stories(docs, state=ClusterState.from_json(saved))
    seconds = time.perf_counter() - start
    return (f"resume: state after the first 90% is {len(saved) / 2**20:.1f} MiB of JSON; adding the last "
            f"{len(ordered) - len(ordered) * 9 // 10} articles took {seconds:.1f} s; "
            f"same stories as the full run: {resumed == clusters}")


def _per_topic(gold: dict[str, str], found: dict[str, str], clusters) -> list[dict[str, Any]]:
    items = []
    for topic, size in sorted(Counter(gold.values()).items()):
        where = Counter(found[i] for i, t in gold.items() if t == topic)
        best, hits = where.most_common(1)[0]
        best_size = sum(1 for c in found.values() if c == best)
        items.append({"kind": "topic", "topic": topic, "articles": size, "best_cluster": best,
                      "recall": hits / size, "purity_of_best": hits / best_size, "clusters": len(where),
                      "spread": dict(where.most_common(5))})
    for c in clusters:
        topics = Counter(gold[m] for m in c.members)
        top, hits = topics.most_common(1)[0]
        items.append({"kind": "cluster", "cluster": c.id, "label": c.label, "keywords": list(c.keywords),
                      "articles": len(c.members), "topic": top, "purity": hits / len(c.members),
                      "topics": dict(topics.most_common())})
    return items


def evaluate(data: Path, limit: int | None = None) -> EvalResult:
    """Cluster all T17 articles with each method in :data:`METHODS`; metrics are the first's."""
    from storyline.stories import StoryConfig

    begin = time.perf_counter()
    docs, gold = load(Path(data), limit)
    loaded = time.perf_counter() - begin
    runs = {name: _run(name, docs, gold, options, memory=i == 0) for i, (name, options) in enumerate(METHODS.items())}
    chosen = runs[next(iter(METHODS))]
    row = chosen["row"]
    metrics = {key: float(row[key]) for key in ("ari", "bcubed_f1", "bcubed_p", "bcubed_r", "clusters",
                                                "docs/s", "seconds", "peak_mib")}
    metrics = {k.replace("docs/s", "docs_per_second"): v for k, v in metrics.items()}
    stories = Counter(gold.values())
    notes = [
        f"{len(docs)} articles, {len(stories)} gold stories ("
        + ", ".join(f"{t} {n}" for t, n in sorted(stories.items())) + f"); read and cleaned in {loaded:.1f} s",
        f"chosen settings: {StoryConfig()}",
        "clusters_5plus: clusters with at least 5 articles; docs/s, seconds and peak_mib: clustering alone, "
        "reading and cleaning excluded; peak_mib (tracemalloc, a second run that must give the same stories) "
        "for the chosen method only",
        _resume_check(docs, chosen["clusters"]),
        f"total evaluation time {time.perf_counter() - begin:.1f} s",
    ]
    return EvalResult("stories", metrics, [r["row"] for r in runs.values()],
                      _per_topic(gold, chosen["found"], chosen["clusters"]), notes)
