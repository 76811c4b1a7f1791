"""Stage ``eval``: score a stage on a public test set.

Each benchmark is a module of this package with a function
``evaluate(data: Path, limit: int | None = None) -> EvalResult``. :data:`BENCHMARKS`
names them; ``storyline eval NAME --data DIR`` runs one and prints its table.
"""

from __future__ import annotations

import importlib
import inspect
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storyline.errors import ConfigError

__all__ = ["BENCHMARKS", "EvalResult", "evaluate", "format_table"]

# benchmark name -> (module, one-line description)
BENCHMARKS: dict[str, tuple[str, str]] = {
    "extraction": ("storyline.eval.extraction", "article body from HTML (Scrapinghub benchmark)"),
    "pubdate": ("storyline.eval.pubdate", "publication date of web pages (htmldate's Media Cloud set)"),
    "tempeval3": ("storyline.eval.tempeval3", "time expressions: extraction and values (TempEval-3 Platinum)"),
    "duplicates": ("storyline.eval.duplicates", "near-duplicate copy groups: pairwise precision and recall (own labelled fixtures, seeds)"),
    "stories": ("storyline.eval.stories", "story clustering: which article belongs to which story (Timeline17, all topics in one pile)"),
    "ner": ("storyline.eval.ner", "named entities: exact-match entity P/R/F1 on CoNLL-2003 test (spaCy OntoNotes model, labels mapped to CoNLL)"),
    "quotes": ("storyline.eval.quotes", "quote attribution: exact-match Source/Cue/Content span F1 (PolNeAR test, CofeNet's sentence-level conversion)"),
    "t17": ("storyline.eval.t17", "timeline summarization: build and score one timeline per Timeline17 reference (news-tls protocol, tilse metrics)"),
    "reader": ("storyline.eval.reader", "what a reader gets: default build of each Timeline17 topic, main story's dates against the references and its lines' debris, comments and dangling openings"),
    "tls": ("storyline.eval.tls", "timeline summarization: score a folder of tilse-format timelines against Timeline17 references (--system DIR)"),
    "positions": ("storyline.eval.positions", "shifts and reiterations of one speaker, disagreements and agreements of outlets: per-label P/R/F1 (own labelled set, benchmarks/positions)"),
}


@dataclass
class EvalResult:
    """What one benchmark run measured.

    ``metrics``: storyline's figures under the names the issue gives (plus comparison
    figures such as ``htmldate_accuracy``). ``rows``: the printed table, one dict per
    system (``{"system": "storyline", "f1": 0.97, ...}``). ``per_item``: one dict per
    scored item. ``notes``: lines printed under the table (skipped items, settings).
    """

    benchmark: str
    metrics: dict[str, float]
    rows: list[dict[str, Any]] = field(default_factory=list)
    per_item: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "benchmark": self.benchmark,
            "metrics": self.metrics,
            "systems": self.rows,
            "notes": self.notes,
            "per_item": self.per_item,
        }

    def write_json(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def evaluate(benchmark: str, data: str | Path, limit: int | None = None, **options: Any) -> EvalResult:
    """Run ``benchmark`` on the test set in ``data``; ValueError when either is unknown.

    ``options`` (``system``, ``outputs``, ``db``, ``jobs``; None means not given) go to
    the benchmarks that take them; giving one to a benchmark that does not is an error.
    """
    if benchmark not in BENCHMARKS:
        raise ConfigError(f"unknown benchmark {benchmark!r}; known: {', '.join(sorted(BENCHMARKS))}")
    data = Path(data)
    if not data.exists():
        raise ConfigError(f"test data not found: {data}")
    module = importlib.import_module(BENCHMARKS[benchmark][0])
    options = {name: value for name, value in options.items() if value is not None}
    accepted = inspect.signature(module.evaluate).parameters
    unknown = sorted(name for name in options if name not in accepted)
    if unknown:
        flags = ", ".join("--" + name.replace("_", "-") for name in unknown)
        raise ConfigError(f"benchmark {benchmark} does not take {flags}")
    return module.evaluate(data, limit=limit, **options)


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) <= 1.0 else f"{value:.1f}"
    return "–" if value is None else str(value)


def format_table(result: EvalResult) -> str:
    """The rows as a plain-text table, columns in first-seen order."""
    columns: list[str] = []
    for row in result.rows:
        columns += [key for key in row if key not in columns]
    if not columns:
        return ""
    cells = [[_cell(row.get(col)) for col in columns] for row in result.rows]
    widths = [max(len(col), *(len(r[i]) for r in cells)) for i, col in enumerate(columns)]
    lines = ["  ".join(col.ljust(w) for col, w in zip(columns, widths))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)) for r in cells]
    return "\n".join(line.rstrip() for line in lines)
