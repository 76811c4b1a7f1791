"""When words were said: the day of a quote's reporting clause ("Lavrov said on Tuesday"
-> that Tuesday), else the day of the article that carries it.

The annotate stage gives every time expression its role in its sentence
(:mod:`storyline.annotate.clauses`); one whose role is ``statement`` modifies the reporting
verb of the main clause. A quote is dated by such an expression when

* it is in the sentence of the quote's speech verb (or, with no verb found, a sentence
  the quote is in), outside the quotation marks (a date inside them is what was said,
  not when);
* it resolves to a day no later than the article's publication (a statement is not
  reported before it is made; "the next day" resolved against the wrong day is not used).

The nearest such expression to the verb wins. Otherwise the article's publication day
stands, with the evidence of that date; an undated article leaves the quote undated.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from storyline.model import Document, Quote, SharedQuote
from storyline.quotes.speakers import sentence_bounds

__all__ = ["said_on", "shared_said_on", "with_said_on"]

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
CLAUSE = "the reporting clause"  # what an evidence from a time expression starts with


def said_on(doc: Document, parts: Sequence[tuple[int, int]], cue_at: int | None = None) -> tuple[str | None, str]:
    """``(day, evidence)`` of words said in ``doc``, quoted in ``parts`` (character
    spans), their speech verb at ``cue_at`` when known."""
    anchors = [cue_at] if cue_at is not None else [a for a, _ in parts]
    bounds = {sentence_bounds(doc, at) for at in anchors}
    best: tuple[int, str, str] | None = None
    for t in doc.timexes:
        if t.role != "statement" or not t.value or not _DAY.fullmatch(t.value):
            continue
        if doc.published and t.value > doc.published:
            continue
        if not any(a <= t.start and t.end <= b for a, b in bounds):
            continue
        if any(a - 1 <= t.start < b + 1 for a, b in parts):
            continue
        distance = min(abs(t.start - at) for at in anchors)
        if best is None or distance < best[0]:
            best = (distance, t.value, f"{CLAUSE}: {t.evidence}")
    if best is not None:
        return best[1], best[2]
    if doc.published:
        return doc.published, f"the article's date ({doc.published_evidence})" if doc.published_evidence else "the article's date"
    return None, ""


def shared_said_on(appearances: Sequence[Quote]) -> tuple[str | None, str]:
    """The day a statement carried by several articles was said: the earliest day a
    reporting clause gives, else the earliest article's day."""
    clause = sorted((q.said_on, q.said_on_evidence) for q in appearances
                    if q.said_on and q.said_on_evidence.startswith(CLAUSE))
    if clause:
        return clause[0]
    dated = sorted((q.said_on, q.said_on_evidence) for q in appearances if q.said_on)
    return dated[0] if dated else (None, "")


def with_said_on(shared: SharedQuote) -> SharedQuote:
    """``shared`` with the day its words were said (:func:`shared_said_on`)."""
    day, evidence = shared_said_on(shared.appearances)
    return replace(shared, said_on=day, said_on_evidence=evidence)
