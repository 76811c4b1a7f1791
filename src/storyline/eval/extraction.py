"""Article body extraction on the Scrapinghub article-extraction-benchmark.

The scoring follows the benchmark's own method (its ``evaluate.py``, re-implemented):

* a text is cut into word tokens (``\\w+``, case kept) and then into overlapping
  4-token shingles, counted as a multiset; a text of fewer than four tokens is one
  shingle of all of them;
* per page, shingles shared by the extracted and the true body are true positives,
  extra extracted ones false positives, missed true ones false negatives; the three
  counts are divided by their sum so that long pages weigh no more than short ones;
* precision is the mean over the pages where something was extracted (an empty output
  lowers recall only), recall the mean over the pages that have a true body, and F1 the
  harmonic mean of those two means (not a mean of per-page F1);
* the ± is the standard deviation of each figure over bootstrap resamples of the pages
  (1,000 of them; seeded here, so a run is reproducible).

What storyline is scored on is the product's own path,
``storyline.clean.html.clean_html(html, url).text``. The saved outputs of peer tools
in ``output/`` are scored by the same code, so the table compares like with like.
"""

from __future__ import annotations

import gzip
import json
import random
import re
import statistics
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Sequence

from storyline.errors import ConfigError
from storyline.eval import EvalResult

__all__ = [
    "PEER_OUTPUTS",
    "ShingleMatch",
    "bootstrap_std",
    "corpus_scores",
    "evaluate",
    "exact_share",
    "storyline_body",
    "match_shingles",
    "shingles",
    "tokens",
]

SHINGLE_SIZE = 4
BOOTSTRAP_SAMPLES = 1000
BOOTSTRAP_SEED = 20191120  # fixed, so the ± printed is the same on every run

# saved peer outputs shown beside storyline: file stem -> name in the table
PEER_OUTPUTS: dict[str, str] = {
    "rs_trafilatura": "rs_trafilatura",
    "AutoExtract": "AutoExtract (commercial)",
    "go_trafilatura": "go_trafilatura",
    "trafilatura": "trafilatura",
    "newspaper": "newspaper4k",
    "readability_js": "readability.js",
    "readability": "readability-lxml",
    "goose3": "goose3",
    "justext": "justext",
}

_TOKEN = re.compile(r"\w+")


def tokens(text: str | None) -> list[str]:
    """The word tokens the benchmark compares (runs of letters, digits and ``_``)."""
    return _TOKEN.findall(text or "")


def shingles(text: str | None, size: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """Multiset of ``size``-token shingles; a shorter text is a single shingle."""
    words = tokens(text)
    if len(words) < size:
        return Counter([tuple(words)] if words else [])
    return Counter(tuple(words[i : i + size]) for i in range(len(words) - size + 1))


@dataclass(frozen=True)
class ShingleMatch:
    """Shares of one page's shingles that were right (tp), extra (fp) and missed (fn)."""

    tp: float = 0.0
    fp: float = 0.0
    fn: float = 0.0

    @property
    def extracted(self) -> bool:
        """Something was extracted: the page counts towards precision."""
        return self.tp + self.fp > 0

    @property
    def has_truth(self) -> bool:
        """The page has a true body: it counts towards recall."""
        return self.tp + self.fn > 0

    @property
    def precision(self) -> float:
        if self.fp == self.fn == 0:
            return 1.0
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        if self.fp == self.fn == 0:
            return 1.0
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def match_shingles(true: str | None, predicted: str | None) -> ShingleMatch:
    """Compare a predicted body with the true one, shingle by shingle."""
    truth, guess = shingles(true), shingles(predicted)
    tp = sum((truth & guess).values())
    fp = sum((guess - truth).values())
    fn = sum((truth - guess).values())
    total = tp + fp + fn
    if total == 0:
        return ShingleMatch()
    return ShingleMatch(tp / total, fp / total, fn / total)


def _harmonic(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def corpus_scores(matches: Sequence[ShingleMatch]) -> dict[str, float]:
    """Mean precision (over pages with output), mean recall (over pages with a body), F1."""
    precisions = [m.precision for m in matches if m.extracted]
    recalls = [m.recall for m in matches if m.has_truth]
    precision = statistics.fmean(precisions) if precisions else 0.0
    recall = statistics.fmean(recalls) if recalls else 0.0
    return {"precision": precision, "recall": recall, "f1": _harmonic(precision, recall)}


def bootstrap_std(
    matches: Sequence[ShingleMatch], samples: int = BOOTSTRAP_SAMPLES, seed: int = BOOTSTRAP_SEED
) -> dict[str, float]:
    """Standard deviation of each corpus figure over resamples of the pages."""
    rng = random.Random(seed)
    n = len(matches)
    if n < 2:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    draws: dict[str, list[float]] = {"precision": [], "recall": [], "f1": []}
    for _ in range(samples):
        figures = corpus_scores([matches[rng.randrange(n)] for _ in range(n)])
        for key, value in figures.items():
            draws[key].append(value)
    return {key: statistics.stdev(values) for key, values in draws.items()}


def exact_share(pairs: Iterable[tuple[str | None, str | None]]) -> float:
    """Share of pages whose extracted tokens equal the true ones (the benchmark's accuracy)."""
    hits = [tokens(true) == tokens(pred) for true, pred in pairs]
    return sum(hits) / len(hits) if hits else 0.0


def _load_bodies(path: Path) -> dict[str, str]:
    """``{id: articleBody}`` from a ground-truth or output file (wrapped or not)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(data, dict) and isinstance(data.get("output"), dict):
        data = data["output"]
    return {key: (item or {}).get("articleBody") or "" for key, item in data.items()}


def _version(path: Path) -> str | None:
    data = json.loads(path.read_text(encoding="utf-8"))
    return data.get("version") if isinstance(data, dict) and "output" in data else None


def _row(system: str, truth: list[str], predicted: list[str]) -> dict[str, Any]:
    """One line of the table: ``predicted`` bodies scored against ``truth``."""
    matches = [match_shingles(t, p) for t, p in zip(truth, predicted)]
    scores = corpus_scores(matches)
    return {
        "system": system,
        "precision": scores["precision"],
        "recall": scores["recall"],
        "f1": scores["f1"],
        "f1 ±": bootstrap_std(matches)["f1"],
        "accuracy": exact_share(zip(truth, predicted)),
    }


def storyline_body(html: str, url: str | None) -> str:
    """The article body storyline keeps for a page: the product's own path."""
    from storyline.clean.html import clean_html

    return clean_html(html, url).text


def uncleaned_body(html: str, url: str | None) -> str:
    """The body as extraction finds it, before line cleaning (for comparison only)."""
    from storyline.clean.body import extract_article

    return extract_article(html, url).text


def plain_trafilatura(html: str, url: str | None) -> str:
    """trafilatura's default extraction, as the benchmark runs it, with the installed version."""
    import trafilatura

    return trafilatura.extract(html, url=url, include_comments=False) or ""


def _read_page(path: Path) -> str:
    with gzip.open(path, "rt", encoding="utf-8", errors="replace") as fh:
        return fh.read()


def _peer_rows(data: Path, ids: list[str], truth: list[str]) -> list[dict[str, Any]]:
    """The saved outputs of :data:`PEER_OUTPUTS` found in ``data/output``, scored alike."""
    rows = []
    for stem, name in PEER_OUTPUTS.items():
        path = data / "output" / f"{stem}.json"
        if not path.exists():
            continue
        bodies = _load_bodies(path)
        version = _version(path)
        label = f"{name} {version} (saved output)" if version else f"{name} (saved output)"
        rows.append(_row(label, truth, [bodies.get(i, "") for i in ids]))
    return rows


def evaluate(data: Path, limit: int | None = None) -> EvalResult:
    """Extract the benchmark's pages in ``data`` (the first ``limit``) and score them with the peers."""
    from importlib.metadata import version

    data = Path(data)
    truth_file = data / "ground-truth.json"
    if not truth_file.exists():
        raise ConfigError(f"no ground-truth.json in {data}")
    truth_items = json.loads(truth_file.read_text(encoding="utf-8"))
    ids = sorted(truth_items)[:limit] if limit else sorted(truth_items)
    truth = [truth_items[i].get("articleBody") or "" for i in ids]
    pages = [(_read_page(data / "html" / f"{i}.html.gz"), truth_items[i].get("url")) for i in ids]

    started = time.perf_counter()
    predicted = [storyline_body(html, url) for html, url in pages]
    seconds = time.perf_counter() - started
    rows = [
        _row("storyline", truth, predicted),
        _row("storyline body before line cleaning", truth, [uncleaned_body(h, u) for h, u in pages]),
        _row(f"trafilatura {version('trafilatura')} (run here)", truth, [plain_trafilatura(h, u) for h, u in pages]),
        *_peer_rows(data, ids, truth),
    ]
    per_item = [
        {"id": i, "precision": m.precision, "recall": m.recall, "f1": m.f1}
        for i, m in zip(ids, (match_shingles(t, p) for t, p in zip(truth, predicted)))
    ]
    notes = [
        f"{len(ids)} pages, {len(ids) / max(seconds, 1e-9):.1f} pages/s "
        "(storyline.clean.html.clean_html, one process, pages already in memory)",
        "'storyline' scores clean_html(html, url).text, the product's path; the next row scores "
        "storyline.clean.body.extract_article before clean_lines drops labels, repeats and "
        "furniture; 'run here' is trafilatura.extract(html, include_comments=False)",
        "scored by the benchmark's method: 4-token shingles, per-page normalised counts, "
        "macro precision/recall, F1 of the means; ± = bootstrap std of F1 "
        f"({BOOTSTRAP_SAMPLES} resamples, seed {BOOTSTRAP_SEED}); accuracy = share of pages "
        "whose tokens match exactly",
    ]
    metrics = {key: rows[0][key] for key in ("precision", "recall", "f1")}
    return EvalResult("extraction", metrics, rows=rows, per_item=per_item, notes=notes)
