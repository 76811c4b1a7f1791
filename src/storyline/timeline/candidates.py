"""Dated sentences: which sentences may speak for which date, and with what weight.

A sentence speaks for a date it names (a time expression resolved to a day or a month)
when that date is its event's: the date of its main clause, of the statement it reports
("said on Tuesday"), or of the event it reports. A date the sentence only mentions
("since March", "a January plan", "an initiative floated last November") still tells
that the date matters (``line`` False), but the sentence is not filed under it. When
the sentence dates its statement, that date wins over the reported event's. A
sentence near the top of an article that names no date of its own speaks, more weakly,
for the article's publication date: leads report the news of the day.

A line whose date lies after its article's publication was ahead at the time of writing:
``planned``.
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
    line: bool = True  # the sentence may be filed under the date (False: it only mentions it)
    planned: bool = False  # the date lies after the article's publication: announced, not yet happened


def dated_sentences(doc: Document, lead_sentences: int = 3,
                    granularities: tuple[str, ...] = EVENT_GRANULARITIES) -> list[Candidate]:
    """Every (date, sentence) pair this document offers the timeline."""
    group = doc.duplicate_of or doc.id
    out: list[Candidate] = []
    timexes = sorted(doc.timexes, key=lambda t: t.start)
    for position, sentence in enumerate(doc.sentences):
        text = doc.sentence_text(sentence)
        inside = [t for t in timexes if sentence.start <= t.start < sentence.end]
        dated = [t for t in inside if t.value and t.granularity in granularities]
        own = _line_dates(dated)
        why: dict[str, str] = {}
        where: dict[str, int] = {}
        for t in dated:
            why.setdefault(t.value, t.evidence)
            where.setdefault(t.value, t.start - sentence.start)
        for date in sorted(why):
            out.append(Candidate(date, doc.id, group, sentence, text, True, position, why[date],
                                 doc.published, len(why), where[date], date in own,
                                 _after(date, doc.published)))
        if not own and doc.published and position < lead_sentences and not _names_time(inside):
            lead = f"lead sentence of an article published {doc.published} ({doc.published_evidence})"
            if dated:
                mentions = ", ".join(f"'{t.text}'" for t in dated)
                lead += f"; it names {mentions} only as a mention, not as its event"
            out.append(Candidate(doc.published, doc.id, group, sentence, text, False, position, lead,
                                 doc.published, 0))
    return out


def _line_dates(dated) -> set[str]:
    """The dates the sentence may be filed under: its statement's when it dates one, else
    those of its events (and of expressions whose role is not known)."""
    statement = {t.value for t in dated if t.role == "statement"}
    if statement:
        return statement
    return {t.value for t in dated if t.role != "mention"}


def _names_time(inside) -> bool:
    """Does the sentence name a time that is not a mere mention (its own date, a
    duration, a vague expression)? Such a sentence is not a lead of the day."""
    return any(t.role != "mention" for t in inside)


def _after(date: str, published: str | None) -> bool:
    """Is ``date`` (a day or a month) after the publication day (or its month)?"""
    return bool(published) and date > published[: len(date)]
