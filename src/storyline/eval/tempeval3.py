"""Time expressions on TempEval-3: extraction (strict and relaxed) and normalized values.

The test set is TE3-Platinum (``data/TempEval3/Evaluation/te3-platinum``: 20 news
articles, 138 TIMEX3 besides their document creation times); TBAQ-cleaned
(``data/TempEval3/Training/TBAQ-cleaned``: TimeBank and AQUAINT, 256 articles) is
scored too. Each TimeML document gives the text of its ``<TEXT>`` element, the gold
TIMEX3 spans in it, and its creation time (DCT), which is the reference date.

storyline tags each text the way the product does: the spaCy parse
(:class:`storyline.annotate.Annotator`'s model) and then
:func:`storyline.annotate.time_expressions`, whose spans are character offsets into the
same text. Nothing of the gold annotation but the DCT reaches the tagger.

Scoring follows TempEval-3 Task A (UzZaman et al. 2013, and its evaluation toolkit):

* the DCT (``functionInDocument="CREATION_TIME"``) is not scored;
* strict match: a system and a gold expression with the same extent;
* relaxed match: extents that overlap by at least one character;
* precision counts the system expressions that match some gold one, recall the gold
  expressions matched by some system one, F1 their harmonic mean;
* value: among the gold expressions with a relaxed match, the share whose (best
  overlapping) system expression has exactly the gold ``value`` attribute; value
  precision, recall and F1 are that share times relaxed precision, recall and F1.

Figures are percentages. The published rows are the TE3 paper's Task A figures.
"""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from storyline.errors import ConfigError
from storyline.eval import EvalResult

__all__ = ["Annotation", "TimeMLDocument", "Scores", "evaluate", "read_timeml", "score", "tag"]

PLATINUM = Path("data/TempEval3/Evaluation/te3-platinum")
TBAQ = Path("data/TempEval3/Training/TBAQ-cleaned")
TBAQ_PARTS = ("TimeBank", "AQUAINT")  # testpipeline/ repeats one TimeBank file

PUBLISHED = [
    {"system": "HeidelTime (published, TE3 paper)", "data": "te3-platinum",
     "strict_f1": 81.34, "relaxed_f1": 90.30, "value_f1": 77.61},
    {"system": "SUTime (published, TE3 paper)", "data": "te3-platinum",
     "strict_f1": 79.57, "relaxed_f1": 90.32, "value_f1": 67.38},
]


@dataclass(frozen=True)
class Annotation:
    """One time expression: its extent in the text, TIMEX3 type and value."""

    start: int
    end: int
    text: str
    type: str | None
    value: str | None


@dataclass(frozen=True)
class TimeMLDocument:
    """The text of a TimeML document's ``<TEXT>``, its DCT and its gold TIMEX3."""

    name: str
    text: str
    dct: str  # YYYY-MM-DD
    timexes: tuple[Annotation, ...]


def read_timeml(source: str | Path, name: str | None = None) -> TimeMLDocument:
    """Parse a TimeML document (a path, or the XML itself when ``name`` is given)."""
    if name is None:
        path = Path(source)
        root = ET.parse(path).getroot()
        name = path.name
    else:
        root = ET.fromstring(str(source))
    dct = next(
        (t.get("value", "") for t in root.iter("TIMEX3") if t.get("functionInDocument") == "CREATION_TIME"),
        "",
    )
    body = root.find("TEXT")
    if body is None:
        raise ConfigError(f"{name}: no <TEXT> element")
    parts: list[str] = []
    found: list[Annotation] = []

    def walk(element: ET.Element) -> None:
        parts.append(element.text or "")
        for child in element:
            start = sum(map(len, parts))
            walk(child)
            end = sum(map(len, parts))
            if child.tag == "TIMEX3" and child.get("functionInDocument") != "CREATION_TIME":
                text = "".join(parts)[start:end]
                found.append(_trimmed(Annotation(start, end, text, child.get("type"), child.get("value"))))
            parts.append(child.tail or "")

    walk(body)
    return TimeMLDocument(name, "".join(parts), dct[:10], tuple(found))


def _trimmed(a: Annotation) -> Annotation:
    """The annotation without surrounding white space in its extent."""
    lead = len(a.text) - len(a.text.lstrip())
    trail = len(a.text) - len(a.text.rstrip())
    return Annotation(a.start + lead, a.end - trail, a.text.strip(), a.type, a.value)


def load(folder: Path, limit: int | None = None, parts: tuple[str, ...] = ()) -> list[TimeMLDocument]:
    """The ``.tml`` documents under ``folder`` in path order (the first ``limit``).

    ``parts``: only those in these subfolders (TBAQ-cleaned's ``testpipeline/`` repeats
    a TimeBank file).
    """
    paths = [p for p in sorted(folder.rglob("*.tml")) if p.is_file() and (not parts or p.parent.name in parts)]
    return [read_timeml(path) for path in paths[:limit]]


@dataclass
class Scores:
    """Match counts over one or more documents; figures derived from them in percent."""

    gold: int = 0
    system: int = 0
    strict_system: int = 0  # system expressions with an exact gold match
    strict_gold: int = 0
    relaxed_system: int = 0  # system expressions overlapping a gold one
    relaxed_gold: int = 0
    value_gold: int = 0  # relaxed-matched gold expressions whose value is right

    def __iadd__(self, other: "Scores") -> "Scores":
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        return self

    def figures(self) -> dict[str, float]:
        p_strict = _ratio(self.strict_system, self.system)
        r_strict = _ratio(self.strict_gold, self.gold)
        p_relaxed = _ratio(self.relaxed_system, self.system)
        r_relaxed = _ratio(self.relaxed_gold, self.gold)
        accuracy = _ratio(self.value_gold, self.relaxed_gold)
        out = {}
        for key, (p, r) in {
            "strict": (p_strict, r_strict),
            "relaxed": (p_relaxed, r_relaxed),
            "value": (accuracy * p_relaxed, accuracy * r_relaxed),
        }.items():
            out[f"{key}_precision"] = 100 * p
            out[f"{key}_recall"] = 100 * r
            out[f"{key}_f1"] = 100 * (2 * p * r / (p + r) if p + r else 0.0)
        out["value_accuracy"] = 100 * accuracy
        return out


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def _overlap(a: Annotation, b: Annotation) -> int:
    return min(a.end, b.end) - max(a.start, b.start)


def score(gold: Iterable[Annotation], system: Iterable[Annotation]) -> Scores:
    """Match counts of one document's system expressions against its gold ones."""
    gold, system = list(gold), list(system)
    s = Scores(gold=len(gold), system=len(system))
    exact = {(g.start, g.end) for g in gold}
    s.strict_system = sum((x.start, x.end) in exact for x in system)
    mine = {(x.start, x.end) for x in system}
    s.strict_gold = sum((g.start, g.end) in mine for g in gold)
    s.relaxed_system = sum(any(_overlap(x, g) > 0 for g in gold) for x in system)
    for g in gold:
        overlapping = [x for x in system if _overlap(x, g) > 0]
        if overlapping:
            s.relaxed_gold += 1
            best = max(overlapping, key=lambda x: (_overlap(x, g), -abs(x.start - g.start)))
            s.value_gold += best.value == g.value
    return s


def tag(docs: list[TimeMLDocument], annotator=None, timing: dict[str, float] | None = None) -> list[list[Annotation]]:
    """storyline's time expressions in each document's text, its DCT as reference date.

    ``timing``, when given, receives the seconds spent in the model (``"parse"``) and in
    the time-expression rules (``"rules"``).
    """
    from storyline.annotate import Annotator, time_expressions
    from storyline.annotate.parse import parse_texts
    from storyline.model import Document

    annotator = annotator or Annotator()
    start = time.perf_counter()
    parses = list(parse_texts(annotator._model(), [d.text for d in docs], 1, annotator.config.batch_size))
    parsed = time.perf_counter()
    out = []
    for item, parse in zip(docs, parses):
        doc = Document(id=item.name, source=item.name, text=item.text, published=item.dct or None,
                       published_evidence="document creation time")
        out.append([
            Annotation(t.start, t.end, t.text, t.resolution.type, t.resolution.timeml)
            for t in time_expressions(doc, parse)
        ])
    if timing is not None:
        timing["parse"] = parsed - start
        timing["rules"] = time.perf_counter() - parsed
    return out


@dataclass
class _Run:
    label: str
    docs: list[TimeMLDocument]
    found: list[list[Annotation]]
    seconds: float
    timing: dict[str, float]

    @property
    def scores(self) -> Scores:
        total = Scores()
        for doc, found in zip(self.docs, self.found):
            total += score(doc.timexes, found)
        return total

    @property
    def per_second(self) -> float:
        return len(self.docs) / self.seconds if self.seconds > 0 else float("inf")


def _run(label: str, folder: Path, limit: int | None, annotator) -> _Run:
    if not folder.is_dir():
        raise ConfigError(f"{folder} not found")
    docs = load(folder, limit, TBAQ_PARTS if folder.name == TBAQ.name else ())
    timing: dict[str, float] = {}
    start = time.perf_counter()
    found = tag(docs, annotator, timing)
    return _Run(label, docs, found, time.perf_counter() - start, timing)


def _row(run: _Run) -> dict[str, Any]:
    f = run.scores.figures()
    return {
        "system": "storyline",
        "data": run.label,
        "docs": len(run.docs),
        "timexes": run.scores.gold,
        "strict_f1": f["strict_f1"],
        "relaxed_f1": f["relaxed_f1"],
        "value_f1": f["value_f1"],
        "strict_p": f["strict_precision"],
        "strict_r": f["strict_recall"],
        "relaxed_p": f["relaxed_precision"],
        "relaxed_r": f["relaxed_recall"],
        "value_acc": f["value_accuracy"],
        "articles/s": run.per_second,
    }


def _errors(doc: TimeMLDocument, found: list[Annotation]) -> dict[str, list[str]]:
    """What went wrong in one document, as short readable lines."""
    missed, wrong, extent = [], [], []
    for g in doc.timexes:
        overlapping = [x for x in found if _overlap(x, g) > 0]
        if not overlapping:
            missed.append(f"{g.text!r} {g.type} {g.value}")
            continue
        best = max(overlapping, key=lambda x: (_overlap(x, g), -abs(x.start - g.start)))
        if (best.start, best.end) != (g.start, g.end):
            extent.append(f"{best.text!r} for {g.text!r}")
        if best.value != g.value:
            wrong.append(f"{g.text!r}: {best.value} for {g.value}")
    spurious = [f"{x.text!r} {x.type} {x.value}" for x in found if not any(_overlap(x, g) > 0 for g in doc.timexes)]
    return {"missed": missed, "spurious": spurious, "extent": extent, "wrong_value": wrong}


def _per_item(run: _Run) -> list[dict[str, Any]]:
    items = []
    for doc, found in zip(run.docs, run.found):
        f = score(doc.timexes, found).figures()
        items.append({
            "data": run.label,
            "document": doc.name,
            "dct": doc.dct,
            "gold": len(doc.timexes),
            "system": len(found),
            "strict_f1": f["strict_f1"],
            "relaxed_f1": f["relaxed_f1"],
            "value_f1": f["value_f1"],
            **_errors(doc, found),
        })
    return items


def evaluate(data: Path, limit: int | None = None) -> EvalResult:
    """Tag TE3-Platinum and TBAQ-cleaned with storyline and score both; metrics are Platinum's."""
    from storyline.annotate import Annotator

    data = Path(data)
    annotator = Annotator()
    annotator._model()  # load once, outside the timing
    platinum = _run("te3-platinum", data / PLATINUM, limit, annotator)
    runs = [platinum]
    if (data / TBAQ).is_dir():
        runs.append(_run("TBAQ-cleaned", data / TBAQ, limit, annotator))
    f = platinum.scores.figures()
    metrics = {key: f[key] for key in (
        "strict_f1", "strict_precision", "strict_recall",
        "relaxed_f1", "relaxed_precision", "relaxed_recall",
        "value_f1", "value_precision", "value_recall", "value_accuracy",
    )}
    metrics["articles_per_second"] = platinum.per_second
    rows = [_row(run) for run in runs] + [dict(row) for row in PUBLISHED]
    notes = [
        "TE3 Task A scoring: strict = same extent, relaxed = overlap, value F1 = relaxed F1 x share of "
        "matched gold expressions with the exact gold value; DCTs not scored; figures in percent",
        "published rows: TempEval-3 overview paper (UzZaman et al. 2013), Task A, same Platinum test set",
        "articles/s: " + ", ".join(
            f"{run.label} {run.per_second:.1f} ({len(run.docs)} docs in {run.seconds:.1f} s: spaCy parse "
            f"{run.timing['parse']:.1f} s, time-expression rules {run.timing['rules']:.2f} s)"
            for run in runs
        ),
    ]
    items = [item for run in runs for item in _per_item(run)]
    return EvalResult("tempeval3", metrics, rows, items, notes)
