"""Stage ``dating``: publication dates for undated articles, from what the corpus establishes.

Runs after ``dedup``. An undated article is dated only when the corpus settles its day:
its relative expressions ("said yesterday", "talks on Monday") are tied to sentences
that dated articles carry (a reprint of a dated wire story is the strongest case), and
the reference days those anchors allow intersect in one day. The date is then marked
inferred, with the chain of evidence and a confidence below that of a stated date.
When the evidence does not settle the day, the article stays undated and gets the
bounds the corpus supports (anchors, the days it mentions, a cumulative death toll
compared with dated articles), each with its evidence.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from storyline.annotate import reanchor
from storyline.config import check_config
from storyline.dating.anchors import Anchor, DatedSentences, find_anchors, is_relative_day
from storyline.dating.bounds import Bound, Toll, death_toll, latest_mention, toll_bounds
from storyline.model import DateBounds, Document, DuplicateGroup

__all__ = ["DatingConfig", "infer_dates"]

MAX_EVIDENCE = 3  # anchors quoted in an inferred date's evidence


@dataclass(frozen=True)
class DatingConfig:
    """``infer``: infer dates at all; ``min_similarity``: word containment for two sentences
    to count as the same; ``rounds``: passes, so an inferred date can anchor another article."""

    infer: bool = True
    min_similarity: float = field(default=0.75, metadata={"above": 0, "range": (None, 1)})
    rounds: int = field(default=3, metadata={"range": (1, None)})

    def __post_init__(self) -> None:
        check_config(self)


def infer_dates(
    docs: list[Document], groups: list[DuplicateGroup] = (), config: DatingConfig = DatingConfig()
) -> list[Document]:
    """The documents with inferred dates or bounds for the undated ones (others unchanged)."""
    docs = list(docs)
    if not config.infer or all(d.published for d in docs):
        return docs
    group_of = {member: g.canonical for g in groups for member in g.members}
    tolls = {d.id: toll for d in docs for toll in [death_toll(d)] if toll}  # read once: dates don't change them
    for _ in range(config.rounds):
        index = DatedSentences(docs)
        changed = False
        for i, doc in enumerate(docs):
            if doc.published:
                continue
            dated = _settle(doc, find_anchors(doc, index, config.min_similarity), group_of, docs, tolls)
            if dated is not None:
                docs[i] = reanchor(dated)
                changed = True
        if not changed:
            break
    return _with_bounds(docs, group_of, config, tolls)


def agreeing(anchors: list[Anchor]) -> tuple[list[Anchor], frozenset[dt.date]]:
    """The anchors to trust and the reference days they allow together.

    Copies (the same sentence) must all agree, or nothing is trusted. Events told in
    other words are weaker: those that contradict the copies are dropped, and if the
    rest contradict each other, all of them are.
    """
    copies = [a for a in anchors if a.copy]
    events = [a for a in anchors if not a.copy]
    allowed = frozenset.intersection(*(a.dates for a in copies)) if copies else None
    if copies and not allowed:
        return anchors, frozenset()
    events = [a for a in events if allowed is None or a.dates & allowed]
    if events:
        together = frozenset.intersection(*(a.dates for a in events))
        if allowed is not None:
            together &= allowed
        if together:
            return copies + events, together
    return copies, allowed or frozenset()


def _settle(doc: Document, anchors: list[Anchor], group_of, docs, tolls) -> Document | None:
    """``doc`` dated by its anchors when they agree on one day (bounds included), else None."""
    anchors, allowed = agreeing(anchors)
    if not anchors:
        return None
    bounds = _bounds(doc, docs, tolls)
    allowed = frozenset(d for d in allowed if _within(d, bounds))
    if len(allowed) == 1:
        day = next(iter(allowed))
        confidence = 0.8 if len({a.evidence for a in anchors}) > 1 else 0.7
        return _dated(doc, day, anchors, confidence, "")
    copies = [a for a in anchors if group_of.get(a.source) is not None and group_of.get(a.source) == group_of.get(doc.id)]
    if allowed and copies and all(a.same_wording for a in anchors):
        day = min(dt.date.fromisoformat(_published(docs, a.source)) for a in copies)
        if day in allowed:
            note = f"; it carries the same wire copy as {copies[0].source} with the same wording, so its day is taken"
            return _dated(doc, day, anchors, 0.5, note)
    return None


def _dated(doc: Document, day: dt.date, anchors: list[Anchor], confidence: float, note: str) -> Document:
    decisive = sorted(anchors, key=lambda a: len(a.dates))  # the anchors that narrow most first
    quoted = list(dict.fromkeys(a.evidence for a in decisive))
    more = f" (and {len(quoted) - MAX_EVIDENCE} more)" if len(quoted) > MAX_EVIDENCE else ""
    evidence = f"inferred: {'; '.join(quoted[:MAX_EVIDENCE])}{more}{note} → published {day.isoformat()}"
    return replace(doc, published=day.isoformat(), published_evidence=evidence,
                   published_confidence=confidence, published_inferred=True)


def _published(docs: list[Document], doc_id: str) -> str:
    return next(d.published for d in docs if d.id == doc_id)


def _within(day: dt.date, bounds: list[Bound]) -> bool:
    return all(day >= b.day if b.before else day <= b.day for b in bounds)


def _bounds(doc: Document, docs: list[Document], tolls: dict[str, Toll]) -> list[Bound]:
    out = []
    mention = latest_mention(doc)
    if mention is not None:
        day, text = mention
        out.append(Bound(day, True, f"not before {day.isoformat()}: it mentions '{text}' as past"))
    toll = tolls.get(doc.id)
    if toll is not None:
        dated = [(d, tolls[d.id]) for d in docs if d.published and d.id != doc.id and d.id in tolls]
        found = toll_bounds(doc, toll, dated)
        lower = [b for b in found if b.before]
        upper = [b for b in found if not b.before]
        if not (lower and upper and lower[0].day > upper[0].day):  # counts that disagree say nothing
            out += found
    return out


def _with_bounds(docs: list[Document], group_of, config: DatingConfig, tolls) -> list[Document]:
    index = DatedSentences(docs)
    out = []
    for doc in docs:
        if doc.published:
            out.append(doc)
            continue
        bounds = _bounds(doc, docs, tolls)
        lines = []
        anchors, allowed = agreeing(find_anchors(doc, index, config.min_similarity))
        if anchors:
            if allowed:
                lo, hi = min(allowed), max(allowed)
                what = "; ".join(dict.fromkeys(a.evidence for a in anchors))
                bounds += [Bound(lo, True, f"not before {lo.isoformat()}: {what}"),
                           Bound(hi, False, f"not after {hi.isoformat()}: the same expressions")]
            else:
                lines.append("its relative dates tie it to days that disagree: "
                             + "; ".join(dict.fromkeys(a.evidence for a in anchors)))
        canonical = group_of.get(doc.id)
        if canonical and canonical != doc.id:
            lines.append(f"carries the same copy as {canonical}, but nothing in it settles its day")
        anchored = {a.expression for a in anchors}
        loose = list(dict.fromkeys(t.text for t in doc.timexes if is_relative_day(t) and t.text not in anchored))
        if loose:
            said = ", ".join(f"'{text}'" for text in loose)
            lines.append(f"{said}: no dated article carries the statement, so the day stays open")
        lower = max((b for b in bounds if b.before), key=lambda b: b.day, default=None)
        upper = min((b for b in bounds if not b.before), key=lambda b: b.day, default=None)
        if lower is None and upper is None and not lines:
            out.append(doc)
            continue
        evidence = tuple(b.evidence for b in (lower, upper) if b is not None) + tuple(lines)
        out.append(replace(doc, published_bounds=DateBounds(
            lower.day.isoformat() if lower else None, upper.day.isoformat() if upper else None, evidence)))
    return out
