"""Positions and cross-outlet comparison: shifts, reiterations, disagreements, agreements.

The test set is storyline's own labelled folder ``benchmarks/positions`` (its README gives
the labelling guideline and the counts):

* ``pairs.jsonl``: two statements by one speaker, ``a`` said before ``b``, labelled
  "shift" (``b`` departs from or contradicts ``a``), "reiteration" (``b`` repeats it) or
  "unrelated" (``b`` is about another question);
* ``reports.jsonl``: two independent outlets' sentences about one figure, date or
  speaker, labelled "disagree" or "agree" (``about``: "figure", "date", "speaker");
* ``articles/*.jsonl``: the invented articles the spans of the invented items point into.

A span is ``{"file", "start", "end", "outlet", "published"}`` (pairs add ``said_on``):
``file`` is ``articles/NAME.jsonl#ID`` or ``shared:PATH``, a file under ``../shared`` read
in place (dev material: the seed articles and Timeline17; nothing of it is copied into the
repository). :func:`load` resolves every span and fails with a one-line reason naming the
file and the item when one is out of range, empty or points nowhere.

Each pair goes to :func:`storyline.positions.relate` as two ``Said`` (the span's words;
``context`` the sentence around it; ``direct`` when quote marks enclose it), each report
pair to :func:`storyline.corroboration.compare_reports`. "unsure" (or "unrelated" for a
report pair) is no mark: it costs recall, never precision. Figures per label (precision,
recall, F1, counts), overall and per origin (``dev``: spans into ``../shared``;
``invented``), a confusion table, and every error with the function's ``why``; ``per_item``
gives the words of invented items only (dev items: their offsets, so no results file
carries ../shared text).
"""

from __future__ import annotations

import importlib
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

from storyline.errors import ConfigError
from storyline.eval import EvalResult

__all__ = ["Item", "Labelled", "evaluate", "load", "prf", "score", "sentence_around"]

PAIR_LABELS = ("shift", "reiteration", "unrelated")
REPORT_LABELS = ("disagree", "agree")
ABOUT = ("figure", "date", "speaker")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_QUOTE_MARKS = "\"“”‘’'`"


@dataclass(frozen=True)
class Span:
    file: str
    start: int
    end: int
    text: str
    context: str
    outlet: str
    published: str | None
    said_on: str | None
    direct: bool


@dataclass(frozen=True)
class Item:
    """One labelled pair (``kind`` "pair" or "report") with its spans resolved."""

    id: str
    kind: str
    label: str
    origin: str  # "dev" or "invented"
    a: Span
    b: Span
    speaker: str = ""
    about: str = ""
    note: str = ""


@dataclass(frozen=True)
class Labelled:
    pairs: tuple[Item, ...]
    reports: tuple[Item, ...]
    skipped: tuple[str, ...]  # one line per item left out (../shared absent)


def find_shared(data: Path) -> Path | None:
    """The ``shared`` folder beside the first ancestor of ``data`` that has one."""
    for folder in Path(data).resolve().parents:
        if (folder / "shared").is_dir():
            return folder / "shared"
    return None


_END = re.compile(r"[.!?][\"”’']*(?=\s|$)")
_ABBREVIATION = re.compile(r"(?:\b[A-Za-z]\.)+$|\b(?:Mr|Mrs|Ms|Dr|St|Gen|Sen|Rep|Gov|Lt|Col|No|Jan|Feb|Aug|Sept|Oct|Nov|Dec)\.$")


def _ends(text: str, start: int, stop: int) -> list[int]:
    """Where sentences end in ``text[start:stop]``: after ``[.!?]`` (and closing quote
    marks) followed by a space, unless the full stop closes an abbreviation (U.N., Mr.)."""
    return [m.end() for m in _END.finditer(text, start, stop)
            if not (m.group()[0] == "." and _ABBREVIATION.search(text, max(0, m.start() - 8), m.start() + 1))]


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence holding ``text[start:end]``: from the previous sentence end (or the
    line start) to the next one (or the line end)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    before = _ends(text, line_start, start)
    after = _ends(text, end, line_end)
    return text[before[-1] if before else line_start:after[0] if after else line_end].strip()


def _direct(text: str, start: int, end: int) -> bool:
    """Whether quote marks enclose the span (trailing punctuation between them aside)."""
    before = text[max(0, start - 4):start].rstrip()
    after = text[end:end + 6].lstrip(" ,.;:!?")
    return bool(before) and before[-1] in _QUOTE_MARKS and bool(after) and after[0] in _QUOTE_MARKS


class _Texts:
    """The texts spans point into, read once: invented articles and ../shared files."""

    def __init__(self, data: Path, shared: Path | None) -> None:
        self.data, self.shared = data, shared
        self.articles: dict[str, dict[str, dict[str, Any]]] = {}
        self.files: dict[str, str] = {}

    def article(self, name: str, where: str) -> dict[str, dict[str, Any]]:
        if name not in self.articles:
            path = self.data / name
            if not path.is_file():
                raise ConfigError(f"{where}: no article file {name} in {self.data}")
            rows: dict[str, dict[str, Any]] = {}
            for number, row in _json_lines(path):
                if not isinstance(row, dict) or not isinstance(row.get("text"), str) or not row.get("id"):
                    raise ConfigError(f"{path}:{number}: an article needs an id and a text")
                rows[str(row["id"])] = row
            self.articles[name] = rows
        return self.articles[name]

    def text(self, file: str, where: str) -> str | None:
        """The file's text; None when it is in ../shared and that is absent."""
        if file.startswith("shared:"):
            if self.shared is None:
                return None
            relative = file[len("shared:"):]
            if relative.startswith("/") or ".." in Path(relative).parts:
                raise ConfigError(f"{where}: shared path must stay inside ../shared: {relative}")
            if file not in self.files:
                path = self.shared / relative
                if not path.is_file():
                    raise ConfigError(f"{where}: no such file in ../shared: {relative}")
                self.files[file] = path.read_text(encoding="utf-8", errors="replace")
            return self.files[file]
        name, _, article_id = file.partition("#")
        if not name.startswith("articles/") or not article_id:
            raise ConfigError(f"{where}: file must be 'articles/NAME.jsonl#ID' or 'shared:PATH', not {file!r}")
        rows = self.article(name, where)
        if article_id not in rows:
            raise ConfigError(f"{where}: no article {article_id!r} in {name}")
        return rows[article_id]["text"]


def _json_lines(path: Path) -> Iterator[tuple[int, Any]]:
    """(line number, value) of each non-blank line of a JSON Lines file."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                yield number, json.loads(line)
            except json.JSONDecodeError as exc:
                raise ConfigError(f"{path}:{number}: not JSON ({exc.msg})") from None


def _span(raw: Any, where: str, texts: _Texts, dated: bool) -> Span | None:
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: span is not an object")
    file, start, end = raw.get("file"), raw.get("start"), raw.get("end")
    if not isinstance(file, str) or not isinstance(start, int) or not isinstance(end, int):
        raise ConfigError(f"{where}: span needs file (text), start and end (integers)")
    for key in ("published",) + (("said_on",) if dated else ()):
        if not isinstance(raw.get(key), str) or not _DATE.fullmatch(raw[key]):
            raise ConfigError(f"{where}: span {key} must be YYYY-MM-DD, not {raw.get(key)!r}")
    if not isinstance(raw.get("outlet"), str) or not raw["outlet"].strip():
        raise ConfigError(f"{where}: span has no outlet")
    text = texts.text(file, where)
    if text is None:
        return None
    if not 0 <= start < end <= len(text):
        raise ConfigError(f"{where}: span {start}-{end} out of range of {file} ({len(text)} characters)")
    words = text[start:end]
    if not words.strip():
        raise ConfigError(f"{where}: span {start}-{end} of {file} is empty (only whitespace)")
    direct = raw.get("direct")
    return Span(file, start, end, words, sentence_around(text, start, end), raw["outlet"],
                raw["published"], raw.get("said_on"),
                direct if isinstance(direct, bool) else _direct(text, start, end))


def _items(path: Path, kind: str, texts: _Texts, skipped: list[str]) -> list[Item]:
    labels = PAIR_LABELS if kind == "pair" else REPORT_LABELS
    items: list[Item] = []
    seen: set[str] = set()
    for number, row in _json_lines(path):
        item_id = row.get("id") if isinstance(row, dict) else None
        where = f"{path.name} {item_id or f'line {number}'}"
        if not isinstance(item_id, str) or not item_id:
            raise ConfigError(f"{where}: no id")
        if item_id in seen:
            raise ConfigError(f"{where}: id used twice")
        seen.add(item_id)
        if row.get("label") not in labels:
            raise ConfigError(f"{where}: label must be one of {', '.join(labels)}, not {row.get('label')!r}")
        if kind == "pair" and not str(row.get("speaker") or "").strip():
            raise ConfigError(f"{where}: no speaker")
        if kind == "report" and row.get("about") not in ABOUT:
            raise ConfigError(f"{where}: about must be one of {', '.join(ABOUT)}, not {row.get('about')!r}")
        a = _span(row.get("a"), f"{where} a", texts, kind == "pair")
        b = _span(row.get("b"), f"{where} b", texts, kind == "pair")
        if a is None or b is None:
            skipped.append(f"{item_id}: needs ../shared (not found)")
            continue
        if kind == "pair" and (a.said_on or "") > (b.said_on or ""):
            raise ConfigError(f"{where}: a must be said before b ({a.said_on} > {b.said_on})")
        if kind == "report" and a.outlet == b.outlet:
            raise ConfigError(f"{where}: both reports are from {a.outlet}; outlets must be independent")
        origin = "dev" if a.file.startswith("shared:") or b.file.startswith("shared:") else "invented"
        items.append(Item(item_id, kind, row["label"], origin, a, b, str(row.get("speaker") or ""),
                          str(row.get("about") or ""), str(row.get("note") or "")))
    return items


def load(data: str | Path, shared: str | Path | None = None) -> Labelled:
    """The labelled pairs and report pairs of ``data``, every span checked and resolved.
    ``shared``: the ../shared folder (found beside an ancestor of ``data`` when None);
    items pointing into it are skipped, with a line in ``skipped``, when it is absent."""
    data = Path(data)
    root = Path(shared) if shared is not None else find_shared(data)
    if root is not None and not root.is_dir():
        root = None
    texts = _Texts(data, root)
    skipped: list[str] = []
    found = {}
    for name, kind in (("pairs.jsonl", "pair"), ("reports.jsonl", "report")):
        path = data / name
        if not path.is_file():
            raise ConfigError(f"{data}: no {name} (not the positions test set, benchmarks/positions)")
        found[kind] = tuple(_items(path, kind, texts, skipped))
    return Labelled(found["pair"], found["report"], tuple(skipped))


def prf(gold: list[str], predicted: list[str], label: str) -> dict[str, float]:
    """Precision, recall, F1 of ``label`` and its counts (gold, predicted, correct)."""
    correct = sum(1 for g, p in zip(gold, predicted) if g == p == label)
    n_gold, n_pred = gold.count(label), predicted.count(label)
    precision = correct / n_pred if n_pred else 0.0
    recall = correct / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1,
            "gold": float(n_gold), "predicted": float(n_pred), "correct": float(correct)}


@dataclass(frozen=True)
class _Said:
    """The fields of ``storyline.positions.Said``, for scoring a stand-in function while
    that module is absent."""

    text: str
    speaker: str | None
    said_on: str | None = None
    direct: bool = True
    context: str = ""


@dataclass(frozen=True)
class _Report:
    """The fields of ``storyline.corroboration.Report`` (see :class:`_Said`)."""

    text: str
    outlet: str
    published: str | None = None


def _class(module: str, name: str, fallback: type) -> Any:
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return fallback


def _predict(items: tuple[Item, ...], call: Callable[[Item], Any], notes: list[str]) -> list[dict[str, Any]]:
    out = []
    for item in items:
        try:
            answer = call(item)
            predicted, why, about = str(answer.kind), str(getattr(answer, "why", "")), str(getattr(answer, "about", ""))
        except Exception as exc:  # noqa: BLE001 - one failing pair is an error to read, not the end of the run
            predicted, why, about = "error", f"{type(exc).__name__}: {exc}", ""
            notes.append(f"{item.id}: the function failed: {why}")
        out.append({"id": item.id, "kind": item.kind, "origin": item.origin, "gold": item.label,
                    "predicted": predicted, "gold_about": item.about, "predicted_about": about, "why": why,
                    "speaker": item.speaker, "note": item.note,
                    "a": f"{item.a.file}:{item.a.start}-{item.a.end}", "b": f"{item.b.file}:{item.b.start}-{item.b.end}",
                    "a_text": item.a.text if item.origin == "invented" else "",
                    "b_text": item.b.text if item.origin == "invented" else ""})
    return out


def _confusion(per_item: list[dict[str, Any]], labels: tuple[str, ...], title: str) -> list[str]:
    predicted = sorted({row["predicted"] for row in per_item} | set(labels), key=lambda p: (p not in labels, p))
    counts = Counter((row["gold"], row["predicted"]) for row in per_item)
    width = max(len(p) for p in predicted + list(labels)) + 1
    lines = [f"{title}: gold (rows) x predicted (columns)",
             "  " + " " * width + "".join(p.rjust(width) for p in predicted)]
    for gold in labels:
        lines.append("  " + gold.ljust(width) + "".join(str(counts[(gold, p)]).rjust(width) for p in predicted))
    return lines


def score(labelled: Labelled, relate: Callable[[Any, Any], Any] | None = None,
          compare: Callable[[Any, Any], Any] | None = None) -> EvalResult:
    """Score ``relate(Said, Said)`` on the pairs and ``compare(Report, Report)`` on the
    report pairs (either None: that half is not scored)."""
    notes: list[str] = []
    per_item: list[dict[str, Any]] = []
    if relate is not None:
        Said = _class("storyline.positions", "Said", _Said)

        def said(span: Span, speaker: str) -> Any:
            return Said(text=span.text, speaker=speaker, said_on=span.said_on, direct=span.direct, context=span.context)

        per_item += _predict(labelled.pairs, lambda item: relate(said(item.a, item.speaker), said(item.b, item.speaker)), notes)
    if compare is not None:
        Report = _class("storyline.corroboration", "Report", _Report)

        def report(span: Span) -> Any:
            return Report(text=span.text, outlet=span.outlet, published=span.published)

        per_item += _predict(labelled.reports, lambda item: compare(report(item.a), report(item.b)), notes)
    metrics: dict[str, float] = {"pairs": float(len(labelled.pairs)), "reports": float(len(labelled.reports))}
    rows: list[dict[str, Any]] = []
    tasks = [("pair", PAIR_LABELS, ("shift", "reiteration")), ("report", REPORT_LABELS, REPORT_LABELS)]
    for kind, labels, scored in tasks:
        for origin in ("all", "dev", "invented"):
            chosen = [r for r in per_item if r["kind"] == kind and origin in ("all", r["origin"])]
            if not chosen:
                continue
            gold = [r["gold"] for r in chosen]
            predicted = [r["predicted"] for r in chosen]
            for label in scored:
                figures = prf(gold, predicted, label)
                prefix = f"{label}_" if origin == "all" else f"{origin}_{label}_"
                metrics.update({prefix + name: value for name, value in figures.items()})
                rows.append({"system": "storyline", "set": origin, "label": label, "gold": int(figures["gold"]),
                             "predicted": int(figures["predicted"]), "correct": int(figures["correct"]),
                             "precision": figures["precision"], "recall": figures["recall"], "f1": figures["f1"]})
    found = [r for r in per_item if r["kind"] == "report" and r["gold"] == r["predicted"] == "disagree"]
    if found:
        metrics["disagree_about_accuracy"] = sum(r["gold_about"] == r["predicted_about"] for r in found) / len(found)
    for kind, labels, _ in tasks:
        chosen = [r for r in per_item if r["kind"] == kind]
        if chosen:
            notes += _confusion(chosen, labels, "statement pairs" if kind == "pair" else "report pairs")
    errors = [r for r in per_item if r["gold"] != r["predicted"]]
    if errors:
        notes.append(f"errors ({len(errors)}):")
    for r in errors:
        notes.append(f"  {r['id']} [{r['origin']}] gold {r['gold']}, predicted {r['predicted']}: {r['why'] or '(no reason given)'}")
    notes += [f"not scored: {line}" for line in labelled.skipped]
    return EvalResult(benchmark="positions", metrics=metrics, rows=rows, per_item=per_item, notes=notes)


def evaluate(data: Path, limit: int | None = None) -> EvalResult:
    labelled = load(data)
    if limit is not None:
        labelled = Labelled(labelled.pairs[:limit], labelled.reports[:limit], labelled.skipped)
    relate = compare = None
    missing: list[str] = []
    try:
        from storyline.positions import relate
    except ImportError as exc:
        missing.append(f"statement pairs not scored: storyline.positions.relate is not available ({exc})")
    try:
        from storyline.corroboration import compare_reports as compare
    except ImportError as exc:
        missing.append(f"report pairs not scored: storyline.corroboration.compare_reports is not available ({exc})")
    if relate is None and compare is None:
        raise ConfigError("; ".join(missing))
    result = score(labelled, relate, compare)
    counts = Counter((item.kind, item.origin, item.label) for item in labelled.pairs + labelled.reports)
    result.notes[:0] = [
        f"{len(labelled.pairs)} statement pairs, {len(labelled.reports)} report pairs; by origin and label: "
        + ", ".join(f"{origin} {label} {n}" for (_, origin, label), n in sorted(counts.items())),
        "'unsure' (pairs) and 'unrelated' (reports) are no mark: they cost recall, not precision",
        *missing,
    ]
    return result
