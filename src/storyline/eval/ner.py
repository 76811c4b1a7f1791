"""Named entities on CoNLL-2003 (English): exact-match entity precision, recall and F1.

The test set is a folder with the CoNLL-2003 files (``train.txt``, ``dev.txt``,
``test.txt``: one token a line, four columns ``word POS chunk NER``, sentences separated
by blank lines, documents by ``-DOCSTART-`` lines). ``test.txt`` (testb: 3,453
sentences, 5,648 entities) is scored.

storyline tags each sentence with its own model, the pinned spaCy pipeline as
:mod:`storyline.annotate.parse` loads it (:func:`~storyline.annotate.parse.load_model`:
parser, lemmatizer and attribute ruler disabled; tok2vec, tagger, senter and ner run).
The Doc is built from the given tokens (``Doc(nlp.vocab, words=tokens)``) so that its
tokens align one to one with the gold ones, and the pipeline's components then run on
it. Each sentence is tagged on its own, as in the usual CoNLL protocol (the product
tags whole articles).

spaCy's labels (OntoNotes 5) map to CoNLL's (:data:`LABEL_MAP`):

* PERSON -> PER; ORG -> ORG; GPE, LOC, FAC -> LOC;
* NORP, EVENT, PRODUCT, WORK_OF_ART, LAW, LANGUAGE -> MISC;
* DATE, TIME, PERCENT, MONEY, QUANTITY, ORDINAL, CARDINAL are dropped (CoNLL does not
  annotate them).

Caveat: the model is trained on OntoNotes 5, not on CoNLL-2003, so this is an
out-of-domain, cross-scheme score. MISC in particular has no OntoNotes counterpart (the
mapping above is approximate: CoNLL's MISC holds nationalities, events, titles of works
and many things OntoNotes leaves untagged), and the annotation guidelines differ at the
edges (OntoNotes puts sports teams named after cities in GPE only sometimes, CoNLL's
ORG; "the" inside names; possessives). The score without MISC (PER, ORG and LOC only,
MISC removed from both sides) is therefore reported too.

Scoring is conlleval's: an entity is a maximal chunk of tokens of one type (IOB1 or
IOB2 tags are both read as conlleval reads them); a predicted entity is correct when a
gold entity has exactly the same first token, last token and type. Precision = correct /
predicted, recall = correct / gold, F1 their harmonic mean, overall (micro-averaged) and
per type. Figures are percentages.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

from storyline.errors import ConfigError
from storyline.eval import EvalResult

__all__ = ["LABEL_MAP", "TYPES", "Scores", "Sentence", "chunks", "evaluate", "read_conll", "score", "tag", "without_article"]

TYPES = ("PER", "ORG", "LOC", "MISC")
LABEL_MAP: dict[str, str] = {
    "PERSON": "PER",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "MISC",
    "EVENT": "MISC",
    "PRODUCT": "MISC",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
    "LANGUAGE": "MISC",
}

Span = tuple[int, int, str]  # first token, last token + 1, CoNLL type


@dataclass(frozen=True)
class Sentence:
    tokens: tuple[str, ...]
    tags: tuple[str, ...]  # gold NER column, IOB1 or IOB2


def read_conll(path: Path) -> list[Sentence]:
    """The sentences of a CoNLL-2003 file (``-DOCSTART-`` lines are not sentences)."""
    sentences: list[Sentence] = []
    tokens: list[str] = []
    tags: list[str] = []

    def flush() -> None:
        if tokens:
            sentences.append(Sentence(tuple(tokens), tuple(tags)))
        tokens.clear()
        tags.clear()

    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        fields = line.split()
        if not fields:
            flush()
            continue
        if fields[0] == "-DOCSTART-":
            flush()
            continue
        if len(fields) < 2:
            raise ConfigError(f"{path}:{number}: expected 'word ... NER', got {line!r}")
        tokens.append(fields[0])
        tags.append(fields[-1])
    flush()
    return sentences


def chunks(tags: Iterable[str]) -> list[Span]:
    """The entities of a tag sequence as conlleval reads it (IOB1 and IOB2).

    A chunk starts at ``B-X``, or at ``I-X`` after ``O`` or after another type; it ends
    before ``O``, ``B-``, or a tag of another type.
    """
    out: list[Span] = []
    start: int | None = None
    kind: str | None = None
    for i, tag in enumerate(list(tags) + ["O"]):
        prefix, _, label = tag.partition("-")
        if tag == "O" or prefix == "B" or label != kind:
            if start is not None and kind is not None:
                out.append((start, i, kind))
            start, kind = (None, None) if tag == "O" else (i, label)
    return out


def without_article(spans: list[Span], tokens: tuple[str, ...]) -> list[Span]:
    """The spans with a leading "the" dropped (OntoNotes often includes it in a name,
    "the United Nations"; CoNLL never does). Used for a secondary, labelled row only."""
    return [(s + 1, e, t) if e - s > 1 and tokens[s].lower() == "the" else (s, e, t) for s, e, t in spans]


def tag(nlp, sentences: list[Sentence], batch_size: int = 256) -> list[list[Span]]:
    """The model's CoNLL-typed entities for each sentence, as token spans."""
    from spacy.tokens import Doc

    docs = (Doc(nlp.vocab, words=list(s.tokens)) for s in sentences)
    out: list[list[Span]] = []
    for doc in nlp.pipe(docs, batch_size=batch_size):
        out.append([(e.start, e.end, LABEL_MAP[e.label_]) for e in doc.ents if e.label_ in LABEL_MAP])
    return out


@dataclass
class Scores:
    gold: Counter
    predicted: Counter
    correct: Counter

    def prf(self, types: Iterable[str] = TYPES) -> tuple[float, float, float]:
        types = list(types)
        gold = sum(self.gold[t] for t in types)
        pred = sum(self.predicted[t] for t in types)
        ok = sum(self.correct[t] for t in types)
        precision = 100.0 * ok / pred if pred else 0.0
        recall = 100.0 * ok / gold if gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1


def score(gold: list[list[Span]], predicted: list[list[Span]]) -> Scores:
    """conlleval's counts: exact span and type."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold sentences but {len(predicted)} predicted")
    g, p, c = Counter(), Counter(), Counter()
    for gs, ps in zip(gold, predicted):
        g.update(t for _, _, t in gs)
        p.update(t for _, _, t in ps)
        c.update(t for _, _, t in set(gs) & set(ps))
    return Scores(g, p, c)


def _errors(gold: list[Span], pred: list[Span]) -> Iterator[str]:
    """Kinds of the sentence's errors: 'type' (same extent, other type), 'boundary'
    (overlapping, other extent), 'spurious' and 'missed' (no overlap)."""
    gold_set, pred_set = set(gold), set(pred)
    for s, e, t in pred_set - gold_set:
        same = [g for g in gold if g[0] == s and g[1] == e]
        overlap = [g for g in gold if g[0] < e and s < g[1]]
        yield "type" if same else "boundary" if overlap else "spurious"
    for s, e, _ in gold_set - pred_set:
        if not any(p[0] < e and s < p[1] for p in pred):
            yield "missed"


def evaluate(data: Path, limit: int | None = None) -> EvalResult:
    from storyline.annotate.parse import MODEL_PACKAGE, load_model, model_version

    data = Path(data)
    path = data / "test.txt" if data.is_dir() else data
    if not path.exists():
        raise ConfigError(f"CoNLL-2003 test file not found: {path}")
    sentences = read_conll(path)[:limit]
    gold = [chunks(s.tags) for s in sentences]

    t0 = time.perf_counter()
    nlp = load_model()
    loaded = time.perf_counter()
    predicted = tag(nlp, sentences)
    seconds = time.perf_counter() - loaded
    counts = score(gold, predicted)

    metrics = _metrics(counts, sentences)
    metrics.update({"seconds": seconds, "load_seconds": loaded - t0})
    trimmed = score(gold, [without_article(ps, s.tokens) for s, ps in zip(sentences, predicted)])
    metrics["f1_article_dropped"] = trimmed.prf()[2]
    rows = _rows(counts, trimmed)
    per_item, kinds = _differences(sentences, gold, predicted)
    p3, r3, f3 = counts.prf(("PER", "ORG", "LOC"))

    tokens = int(metrics["tokens"])
    notes = [
        f"{path}: {len(sentences)} sentences, {tokens} tokens, {int(metrics['gold_entities'])} gold entities"
        + (f" (first {limit} sentences)" if limit is not None else ""),
        f"model {MODEL_PACKAGE} ({model_version()}), one Doc per sentence from the gold tokens; "
        f"tagged in {seconds:.1f} s ({tokens / seconds if seconds else 0:.0f} tokens/s), model loaded in {loaded - t0:.1f} s",
        "labels: PERSON->PER, ORG->ORG, GPE/LOC/FAC->LOC, NORP/EVENT/PRODUCT/WORK_OF_ART/LAW/LANGUAGE->MISC; "
        "DATE/TIME/PERCENT/MONEY/QUANTITY/ORDINAL/CARDINAL dropped",
        "caveat: the model is trained on OntoNotes 5, not CoNLL-2003; the MISC mapping is approximate, "
        f"so F1 without MISC (PER, ORG, LOC) is given too: {f3:.2f} (P {p3:.2f}, R {r3:.2f})",
        "errors (conlleval exact match): " + ", ".join(f"{k} {kinds[k]}" for k in ("type", "boundary", "spurious", "missed"))
        + " (type: right extent, wrong type; boundary: overlaps a gold entity; spurious/missed: no overlap)",
    ]
    meta_f = (nlp.meta.get("performance") or {}).get("ents_f")
    if meta_f is not None:
        notes.append(f"context, not comparable: the model's own meta gives ents_f {100 * meta_f:.1f} on OntoNotes 5 "
                     "(its 18 labels, its own evaluation split); no reliable published CoNLL-2003 figure for this model is known")
    notes.append("second row: the same predictions with a leading 'the' dropped from each entity "
                 "(an OntoNotes/CoNLL boundary convention), not the standard score")
    return EvalResult(benchmark="ner", metrics=metrics, rows=rows, per_item=per_item, notes=notes)


def _metrics(counts: Scores, sentences: list[Sentence]) -> dict[str, float]:
    """The headline figures: overall, per type, without MISC, and the sizes."""
    p, r, f = counts.prf()
    metrics: dict[str, float] = {"f1": f, "precision": p, "recall": r}
    for t in TYPES:
        metrics[f"{t.lower()}_f1"] = counts.prf([t])[2]
    p3, r3, f3 = counts.prf(("PER", "ORG", "LOC"))
    metrics.update({
        "f1_without_misc": f3, "precision_without_misc": p3, "recall_without_misc": r3,
        "sentences": float(len(sentences)), "tokens": float(sum(len(s.tokens) for s in sentences)),
        "gold_entities": float(sum(counts.gold.values())),
        "predicted_entities": float(sum(counts.predicted.values())),
    })
    return metrics


def _rows(counts: Scores, trimmed: Scores) -> list[dict[str, Any]]:
    """The table: all types, each type, PER+ORG+LOC, then all with a leading 'the' dropped."""
    rows: list[dict[str, Any]] = []
    for name, types in [("all", TYPES), *((t, (t,)) for t in TYPES), ("PER+ORG+LOC", ("PER", "ORG", "LOC"))]:
        tp, tr, tf = counts.prf(types)
        rows.append({
            "system": "storyline", "type": name,
            "gold": sum(counts.gold[t] for t in types), "predicted": sum(counts.predicted[t] for t in types),
            "correct": sum(counts.correct[t] for t in types),
            "precision": round(tp, 2), "recall": round(tr, 2), "f1": round(tf, 2),
        })
    tp, tr, tf = trimmed.prf()
    rows.append({
        "system": "storyline, leading 'the' dropped", "type": "all",
        "gold": sum(trimmed.gold.values()), "predicted": sum(trimmed.predicted.values()),
        "correct": sum(trimmed.correct.values()), "precision": round(tp, 2), "recall": round(tr, 2), "f1": round(tf, 2),
    })
    return rows


def _differences(sentences: list[Sentence], gold: list[list[Span]],
                 predicted: list[list[Span]]) -> tuple[list[dict[str, Any]], Counter]:
    """The sentences whose entities differ from the gold ones, and the errors by kind."""
    per_item: list[dict[str, Any]] = []
    kinds: Counter = Counter()
    for i, (s, gs, ps) in enumerate(zip(sentences, gold, predicted)):
        if set(gs) == set(ps):
            continue
        errors = Counter(_errors(gs, ps))
        kinds.update(errors)
        per_item.append({
            "sentence": i, "text": " ".join(s.tokens),
            "gold": [[" ".join(s.tokens[a:b]), t] for a, b, t in gs],
            "predicted": [[" ".join(s.tokens[a:b]), t] for a, b, t in ps],
            "errors": dict(sorted(errors.items())),
        })
    return per_item, kinds
