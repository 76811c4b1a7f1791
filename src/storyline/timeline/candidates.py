"""Dated sentences: which sentences may speak for which date, and with what weight.

A sentence speaks for a date it mentions (a time expression resolved to a day or a
month). A sentence near the top of an article that mentions no date speaks, more
weakly, for the article's publication date: leads report the news of the day.
"""

from __future__ import annotations

from dataclasses import dataclass

from storyline.model import Document, Sentence

EVENT_GRANULARITIES = ("day", "month")


@dataclass(frozen=True)
class Candidate:
    """One sentence of one document, attached to one date."""

    date: str
    document: str
    group: str  # canonical document of its duplicate group: one independent source
    sentence: Sentence
    text: str
    mentioned: bool  # the sentence names the date (else: lead sentence on its publication day)
    position: int  # index of the sentence in its document
    dated_by: str = ""  # why the sentence speaks for the date: the expression and its resolution
    published: str | None = None  # the document's publication date
    dates_named: int = 1  # how many dates the sentence names
    offset: int = -1  # where in the sentence the date is named (characters), -1 if not named


def dated_sentences(doc: Document, lead_sentences: int = 3,
                    granularities: tuple[str, ...] = EVENT_GRANULARITIES) -> list[Candidate]:
    """Every (date, sentence) pair this document offers the timeline."""
    group = doc.duplicate_of or doc.id
    out: list[Candidate] = []
    timexes = sorted(doc.timexes, key=lambda t: t.start)
    for position, sentence in enumerate(doc.sentences):
        text = doc.sentence_text(sentence)
        inside = [t for t in timexes if sentence.start <= t.start < sentence.end]
        why: dict[str, str] = {}
        where: dict[str, int] = {}
        for t in inside:
            if t.value and t.granularity in granularities:
                why.setdefault(t.value, t.evidence)
                where.setdefault(t.value, t.start - sentence.start)
        for date in sorted(why):
            out.append(Candidate(date, doc.id, group, sentence, text, True, position, why[date],
                                 doc.published, len(why), where[date]))
        if not inside and doc.published and position < lead_sentences:
            lead = f"lead sentence of an article published {doc.published} ({doc.published_evidence})"
            out.append(Candidate(doc.published, doc.id, group, sentence, text, False, position, lead,
                                 doc.published, 0))
    return out
