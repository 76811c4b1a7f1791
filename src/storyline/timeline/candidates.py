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

import re
from dataclasses import dataclass, replace

from storyline.model import Document, Sentence

EVENT_GRANULARITIES = ("day", "month")

# What opens a wire story before its first word of news: a photo credit "(By Jason Reed --
# Reuters)", a byline "By Noel Randewich and Armando Tovar", a dateline "MEXICO CITY, April
# 24 (Reuters) -" or "WASHINGTON --". A line starts after them; its span still points into
# the document (only its start moves).
_NAME = r"[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){1,3}"
_AGENCY = r"(?:Reuters|AP|AFP|CNN|UPI|Xinhua|dpa|Bloomberg|BBC)"
# matched at the sentence's start (``match(text, start)``: no ``^``, which would only match at
# the start of the whole text)
_LEAD_IN = re.compile(
    r"\s*(?:\(\s*By\s+[^()]{1,60}\)\s*"
    rf"|By\s+{_NAME}(?:\s*(?:,|and)\s+{_NAME})*\s+(?=[A-Z]{{2,}}))?"
    r"(?:(?:[A-Z][A-Z.'-]+(?:\s+[A-Z][A-Z.'-]+){0,3}"  # the place, in capitals
    r"(?:\s*,\s*[A-Z][a-z]{2,8}\.?(?:\s+\d{1,2})?(?:\s*,\s*\d{4})?)?"  # ", April 24" or ", June 11, 2010"
    rf"\s*(?:\({_AGENCY}\)\s*)?"
    # or a place in plain case with the outlet's credit: "Cairo, Egypt (CNN) --"
    rf"|[A-Z][a-z]+(?:[ -][A-Z][a-z]+){{0,2}}(?:\s*,\s*[A-Z][a-z]+(?:\s+[A-Z][a-z]+){{0,2}})?\s*\({_AGENCY}\)\s*"
    rf"|\({_AGENCY}\)\s*"  # or the credit alone: "(CNN) - President ..."
    r")?[-\u2013\u2014]{1,2}\s+(?=[A-Z\"\u201c\u2018']))?"  # the dash (alone: a live page's bullet)
)
# A live page's or a photo's stamp before the sentence: "(Update 3 p.m. Cairo, 8 a.m. ET)",
# "-- (Update 4 p.m. ...)", "January 31, 2011 | By Ashley Hayes, CNN"
_STAMP_IN = re.compile(
    r"\s*(?:[-\u2013\u2014]{1,2}\s*)?\(\s*Update[^()]{0,40}\)\s*"
    rf"|\s*[A-Z][a-z]{{2,8}}\.? \d{{1,2}}, \d{{4}}\s*\|\s*By\s+{_NAME}\s*,\s*{_AGENCY}\s+(?=[A-Z])"
)


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
    for position, whole in enumerate(doc.sentences):
        inside = [t for t in timexes if whole.start <= t.start < whole.end]
        sentence = lead_in_cut(doc, whole)
        text = doc.sentence_text(sentence)
        dated = [t for t in inside if t.value and t.granularity in granularities]
        own = _line_dates(dated)
        why: dict[str, str] = {}
        where: dict[str, int] = {}
        for t in dated:
            why.setdefault(t.value, t.evidence)
            where.setdefault(t.value, t.start - whole.start)
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


# A headline or caption glued to the sentence after it by a page that lost the line
# break: "Mexico to re-test swine flu cases The widow of ...", "... reports from Mexico A
# 23-month-old child has died ...". Mid-sentence, a capitalised article, preposition,
# subject pronoun or number word followed by a lower-case word or a digit starts a new
# sentence ("... Wednesday 13 January It is feared ...", "... food and water Up to 10,000 ...").
_GLUED = re.compile(
    r"(?<=[\w)])\s+(?=(?:(?:The|With|After|As|In|On|At|For|From|Up|It|He|She|They|We"
    r"|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten)"
    r"\s+[a-z0-9]"
    # "A"/"An" is also a letter ("Plan A in the ministry", "influenza A and B")
    r"|An?\s+(?!(?:in|of|and|or|to|is|was|were|for|on|at|by|with|as|from)\b)[a-z0-9]))"
)
_GLUED_WITHIN = 160  # characters: headlines and captions come first


def lead_in_cut(doc: Document, sentence: Sentence, shortest: int = 30) -> Sentence:
    """``sentence`` without the live-page or photo stamp, credit, byline and dateline it
    opens on, nor a headline or caption glued before it, when what is left is still a sentence (at least
    ``shortest`` characters)."""
    start = sentence.start
    stamp = _STAMP_IN.match(doc.text, start, sentence.end)
    if stamp and sentence.end - stamp.end() >= shortest:
        start = stamp.end()
    match = _LEAD_IN.match(doc.text, start, sentence.end)
    if match and sentence.end - match.end() >= shortest:
        start = match.end()
    head = doc.text[start:min(sentence.end, start + _GLUED_WITHIN)]
    glued = [m.end() for m in _GLUED.finditer(head) if len(head[:m.start()].split()) >= 3]
    if glued and sentence.end - (start + glued[-1]) >= shortest and not _opens_quote(head[:glued[-1]]):
        start += glued[-1]
    return sentence if start == sentence.start else replace(sentence, start=start)


def _opens_quote(text: str) -> bool:
    """True when ``text`` leaves a quotation open: a cut there would split the quote."""
    return text.count('"') % 2 == 1 or text.count("\u201c") > text.count("\u201d")


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
